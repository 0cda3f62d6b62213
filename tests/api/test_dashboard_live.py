"""The dashboard on a real store, served by `sitrep serve` in its own process: fixture tickers
(and the seed, when ../shared is there) load, and a report that a separate `sitrep ingest`
process stores during the test reaches the ticker, the timeline and the map without a reload."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from browser import browser, watch
from serving import free_port

pytestmark = pytest.mark.model

DATA = Path(__file__).parent / "data"
SEED = Path(__file__).parents[2].parent / "shared" / "seed" / "000_6a952856eb75bdcb.txt"
SITREP = Path(sys.executable).with_name("sitrep")


def ingest(db: Path, *files: Path) -> None:
    """`sitrep ingest` in its own process, as a desk would run it beside the server."""
    command = [str(SITREP), "ingest", *map(str, files), "--db", str(db)]
    subprocess.run(command, check=True, timeout=600, capture_output=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    db = tmp_path_factory.mktemp("live") / "sitrep.db"
    files = [DATA / "ticker-tbilisi.txt", DATA / "wire-tbilisi.txt", DATA / "hostile.txt"]
    ingest(db, *([SEED] if SEED.exists() else []), *files)
    port = free_port()
    server = subprocess.Popen([str(SITREP), "serve", "--db", str(db), "--port", str(port), "--poll", "0.5"])
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            assert server.poll() is None, f"sitrep serve exited with {server.returncode} before answering"
            try:
                httpx.get(f"{base}/api/meta", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail(f"sitrep serve did not answer on {base} within 30 s")
        yield base, db
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    with browser() as launched:
        yield launched


def test_fixture_tickers_load_and_hostile_text_is_inert(chromium, site) -> None:  # type: ignore[no-untyped-def]
    base, _ = site
    page = chromium.new_page(viewport={"width": 1366, "height": 900})
    seen = watch(page)
    page.goto(base + "/")
    page.wait_for_selector("body[data-ready=true]")
    page.wait_for_selector(".event-marker")
    assert page.locator("#ticker .report").count() >= 5
    assert page.locator("#timeline .event").count() >= 3
    assert "Tbilisi" in page.inner_text("#ticker")
    hostile = page.locator("#ticker .report", has_text="onerror")
    assert "<script>" in hostile.inner_text() and hostile.locator("script, img").count() == 0
    assert page.locator("#figures tr.disputed").count() >= 2  # seven (United Front) against four (ministry)
    page.wait_for_timeout(300)
    assert seen.dialogs == [] and seen.errors == []
    page.close()


def test_seed_loads(chromium, site) -> None:  # type: ignore[no-untyped-def]
    if not SEED.exists():
        pytest.skip("../shared/seed is absent: the seed ticker is not available here")
    base, _ = site
    page = chromium.new_page(viewport={"width": 1366, "height": 900})
    page.goto(base + "/?place=Almaty")
    page.wait_for_selector("body[data-ready=true]")
    assert page.locator("#timeline .event").count() >= 1
    assert "Almaty" in page.inner_text("#timeline")
    page.close()


def test_a_report_ingested_by_another_process_appears_live(chromium, site) -> None:  # type: ignore[no-untyped-def]
    base, db = site
    page = chromium.new_page(viewport={"width": 1366, "height": 900})
    page.goto(base + "/")
    page.wait_for_selector("body[data-ready=true]")
    page.wait_for_selector("#live.live")
    page.evaluate("window.__sameDocument = true")
    markers = page.locator(".event-marker").count()
    ingest(db, DATA / "late-entry.txt")
    page.wait_for_selector("#ticker .report.new:has-text('Kutaisi')", timeout=15_000)
    page.wait_for_selector("#timeline .event.new", timeout=15_000)
    more_markers = "n => document.querySelectorAll('.event-marker').length > n"
    page.wait_for_function(more_markers, arg=markers, timeout=15_000)
    assert page.evaluate("window.__sameDocument") is True
    page.close()
