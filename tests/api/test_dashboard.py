"""The dashboard in a real browser (Debian's chromium) against a server on 127.0.0.1, on the
fictional world of `world.py`: it loads, filters live in the URL, changes arrive live, and
article text never runs as script."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import browser, watch
from memory_catalog import MemoryCatalog
from playwright.sync_api import expect
from serving import running
from world import event

from sitrep.api.app import create_app
from sitrep.api.settings import ServeSettings
from sitrep.web import dist_dir


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    with browser() as launched:
        yield launched


@pytest.fixture
def site(catalog: MemoryCatalog) -> Iterator[str]:
    with running(create_app(lambda: catalog, ServeSettings(poll_seconds=0.1), dist_dir())) as base:
        yield base


def open_page(chromium, url: str, width: int = 1366, height: int = 900):  # type: ignore[no-untyped-def]
    page = chromium.new_page(viewport={"width": width, "height": height})
    seen = watch(page)
    page.goto(url)
    page.wait_for_selector("body[data-ready=true]")
    return page, seen


def test_pages_load_with_every_view(chromium, site: str) -> None:  # type: ignore[no-untyped-def]
    page, seen = open_page(chromium, site + "/")
    assert page.locator("#ticker .report").count() == 5
    assert page.locator("#timeline .event").count() == 3
    page.wait_for_selector(".event-marker")
    assert page.locator(".event-marker").count() == 3
    assert page.locator("#figures .figure-card").count() == 2
    assert page.locator("#figures tr.disputed").count() == 2  # the two exact tolls for the same moment
    assert page.locator("#actors tbody tr").count() == 3
    assert page.locator("path.leaflet-interactive").count() >= 3
    assert "GeoNames" in page.inner_text("footer") and "Natural Earth" in page.inner_text("footer")
    assert seen.errors == [] and seen.dialogs == [] and seen.foreign == []
    page.close()


def test_filters_change_the_view_and_the_url(chromium, site: str) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_page(chromium, site + "/")
    page.select_option("select[name=type]", "PROTEST")
    page.click("button[type=submit]")
    expect(page.locator("#timeline .event")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"type=PROTEST"))
    expect(page.locator("#ticker .report")).to_have_count(1)  # filled by its own fetch
    expect(page.locator(".event-marker")).to_have_count(1)
    # the link reproduces the view
    shared, _ = open_page(chromium, page.url)
    expect(shared.locator("#timeline .event")).to_have_count(1)
    assert shared.input_value("select[name=type]") == "PROTEST"
    # back goes back
    page.go_back()
    expect(page.locator("#timeline .event")).to_have_count(3)
    page.close()
    shared.close()


def test_a_fact_opens_its_evidence_in_its_report(chromium, site: str) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_page(chromium, site + "/")
    page.click("#report-herald-r1 mark.fact-evidence")
    page.wait_for_selector("#evidence:not([hidden]) .claim")
    expect(page).to_have_url(re.compile(r"event=ev1"))
    marked = page.locator("#evidence .claim mark.fact-evidence").first.inner_text()
    assert marked.startswith("At least eight police officers were killed")
    assert page.locator("#evidence .claim").count() == 2
    page.keyboard.press("Escape")
    expect(page.locator("#evidence")).to_be_hidden()
    page.close()


def test_every_view_links_to_the_evidence(chromium, site: str) -> None:  # type: ignore[no-untyped-def]
    page, seen = open_page(chromium, site + "/")
    views = {
        "timeline": "#timeline .event a",
        "map": ".event-marker",
        "figures": "#figures td a",
        "actors": "#actors td.events a",
    }
    for view, selector in views.items():
        page.locator(selector).first.click()
        page.wait_for_selector("#evidence:not([hidden]) .claim mark.fact-evidence")
        expect(page, view).to_have_url(re.compile(r"event="))
        page.keyboard.press("Escape")
        expect(page.locator("#evidence")).to_be_hidden()
    # a figure's row opens its event at the report that made the claim
    page.locator("#figures td a").first.click()
    page.wait_for_selector("#evidence .claim.focus mark.fact-evidence")
    expect(page).to_have_url(re.compile(r"report="))
    assert seen.errors == []
    page.close()


def test_a_change_appears_without_a_reload(chromium, site: str, catalog: MemoryCatalog) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_page(chromium, site + "/")
    page.wait_for_selector("#live.live")
    page.evaluate("window.__sameDocument = true")
    text = "Police dispersed a crowd in Ostmark with tear gas."
    catalog.add(
        reports=[{"id": "late-r1", "document_id": "late", "time": "2031-03-06T08:00:00+02:00", "headline": "Ostmark", "text": text,
                  "events": [{"event_id": "ev9", "evidence": [{"report_id": "late-r1", "start": 0, "end": len(text)}]}]}],
        events=[event("ev9", type="COERCE", summary="police dispersed a crowd in Ostmark", date="2031-03-06",
                      location={"name": "Ostmark", "country": "XV", "lat": 45.0, "lon": 75.0, "precision": "city"})],
    )  # fmt: skip
    started = time.monotonic()
    page.wait_for_selector("#report-late-r1", timeout=10_000)
    page.wait_for_selector("#event-ev9", timeout=10_000)
    page.wait_for_selector(".event-ev9", timeout=10_000)
    assert time.monotonic() - started < 10
    assert page.evaluate("window.__sameDocument") is True  # no reload happened
    assert page.locator("#ticker .report").first.get_attribute("id") == "report-late-r1"
    page.close()


def test_article_text_never_runs(chromium, site: str) -> None:  # type: ignore[no-untyped-def]
    page, seen = open_page(chromium, site + "/")
    hostile = page.locator("#report-hostile-r1")
    assert "<script>" in hostile.inner_text() and "onerror" in hostile.inner_text()
    assert "&amp;" in hostile.inner_text()  # entities shown as written, not decoded into markup
    assert hostile.locator("script, img, a[href^='javascript'], b").count() == 0
    page.wait_for_timeout(300)
    assert seen.dialogs == [] and seen.errors == []
    assert not any("Content Security Policy" in line for line in seen.console)
    page.close()


def test_csp_header_and_no_inline_script(chromium, site: str) -> None:  # type: ignore[no-untyped-def]
    page = chromium.new_page()
    response = page.goto(site + "/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert page.locator("script:not([src])").count() == 0
    # an inline script injected into the page is blocked by the policy
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text))
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; document.body.append(s); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.__ran") is None
    page.close()


def test_readable_on_a_phone(chromium, site: str, catalog: MemoryCatalog) -> None:  # type: ignore[no-untyped-def]
    far = {"name": "Südhafen", "country": "XW", "lat": 40.0, "lon": -75.0, "precision": "city"}
    catalog.add(events=[event("ev8", type="PROTEST", summary="a march in Südhafen", location=far)])
    page, _ = open_page(chromium, site + "/", width=390, height=844)
    assert page.locator("#ticker-panel").is_visible() and page.locator("#map-panel").is_hidden()
    page.click(".tabs a[data-tab=map]")
    assert page.locator("#map-panel").is_visible() and "tab=map" in page.url
    # the map fitted its events when it was shown, not while its tab was hidden
    page.wait_for_timeout(500)
    frame = page.locator("#map").bounding_box()
    assert page.locator(".event-marker").count() == 4
    for marker in page.locator(".event-marker").all():
        box = marker.bounding_box()
        assert frame["x"] <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"]
        assert frame["y"] <= box["y"] and box["y"] + box["height"] <= frame["y"] + frame["height"]
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 392  # nothing wider than the screen
    page.close()


def test_the_front_end_never_writes_html() -> None:
    """Text reaches the page through `textContent` and text nodes only (`dom.el`), never as markup."""
    sources = sorted((Path(__file__).parents[2] / "web" / "src").glob("*.js"))
    assert sources
    for source in sources:
        found = re.findall(
            r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(", source.read_text()
        )
        assert found == [], f"{source.name}: {found}"
