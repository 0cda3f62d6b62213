"""HTML: main text in page order with ticker times and captions kept; metadata; hostile pages."""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from sitrep.config import Settings
from sitrep.errors import MalformedInput
from sitrep.ingest import read_bytes
from sitrep.model import InputFormat, RawDocument, TimePrecision


def read_page(data: bytes | str, origin: str = "page.html") -> RawDocument:
    raw = data.encode() if isinstance(data, str) else data
    [document] = read_bytes(raw, origin, Settings())
    assert isinstance(document, RawDocument)
    return document


def paragraphs(document: RawDocument) -> list[str]:
    return document.text.split("\n\n")


def test_ticker_keeps_entry_times_in_page_order(fixtures: Path) -> None:
    document = read_page((fixtures / "ticker.html").read_bytes(), "velsk.html")
    parts = paragraphs(document)
    stamps = [
        "+++ 9.40 p.m.:",
        "Update from Saturday, October 14th, 2023, 6.05 p.m.:",
        "First report from Saturday, October 14th, 2023:",
    ]
    positions = [parts.index(stamp) for stamp in stamps]
    assert positions == sorted(positions)
    # Each stamp is followed by its own entry's headline or text, not another entry's.
    assert parts[positions[0] + 1] == "Second evacuation wave under way"
    assert parts[positions[1] + 1] == "Water level falls at the lower reservoir"
    assert parts[positions[2] + 1].startswith("The dam gave way shortly before dawn")
    assert "Volunteers fill sandbags in Orsk. © Pavel Dunai / Northpress" in parts
    assert parts.index("Volunteers fill sandbags in Orsk. © Pavel Dunai / Northpress") < positions[2]
    # Inline links and emphasis run on inside their paragraph, white space collapsed.
    assert (
        "The regional emergency office said on Saturday evening that buses had left Orsk with about "
        "600 residents. Two people are still missing."
    ) in parts
    assert parts[0] == "Dam breach in the Velsk valley: villages evacuated"


def test_ticker_drops_page_furniture(fixtures: Path) -> None:
    text = read_page((fixtures / "ticker.html").read_bytes()).text
    for furniture in [
        "cookies",
        "World",
        "Home",
        "Share on Mastodon",
        "tracking text",
        "margin",
        "injected advert",
        "Advertisement",
        "Earlier: storms",
        "Most read",
        "All rights reserved",
    ]:
        assert furniture not in text


def test_ticker_metadata(fixtures: Path) -> None:
    document = read_page((fixtures / "ticker.html").read_bytes(), "pages/velsk-dam.html")
    assert document.id == "velsk-dam"
    assert document.format is InputFormat.HTML
    assert document.title == "Live: Dam breach in the Velsk valley"
    assert document.outlet == "Northern Courier"
    assert document.url == "https://www.northern-courier.example/live/velsk-dam"
    assert document.author == "Irina Solberg"
    assert document.language == "en"
    assert document.published == datetime(2023, 10, 14, 6, 5, tzinfo=timezone(timedelta(hours=3)))
    assert document.published_precision is TimePrecision.SECOND
    assert document.body_start == 0


def test_ticker_made_of_articles_in_a_declared_charset(fixtures: Path) -> None:
    document = read_page((fixtures / "ticker_articles.html").read_bytes())
    assert paragraphs(document) == [
        "15h10",
        "Le vent tourne",
        "Les pompiers signalent un changement de vent vers l'est.",
        "11h45",
        "Trois hameaux ont été évacués, selon la préfecture.",
        # A <time> with no text is written as its datetime attribute.
        "2023-08-02T07:30",
        "Un premier foyer a été signalé près du col.",
    ]
    assert document.language == "fr"
    assert document.outlet == "valley-daily.example"
    assert document.author == "Lucie Marchetti"
    assert document.published == datetime(2023, 8, 2, 7, 30, tzinfo=timezone(timedelta(hours=2)))


def test_page_without_main_or_article_uses_the_densest_block() -> None:
    page = """<html><head><title>Hail in Dornvik</title></head><body>
      <div class="top"><a href="/">Dornvik Post</a> <a href="/a">Archive</a></div>
      <div class="layout">
        <div class="story">
          <p>Hail the size of walnuts fell on Dornvik on Tuesday afternoon, the weather office said.</p>
          <p>Roofs of two schools collapsed; nobody was hurt, according to the fire brigade.</p>
          <p>The mayor asked residents to stay indoors until the evening.</p>
        </div>
        <div class="links"><a href="/b">Also read: spring fairs</a></div>
      </div>
    </body></html>"""
    document = read_page(page)
    assert paragraphs(document) == [
        "Hail the size of walnuts fell on Dornvik on Tuesday afternoon, the weather office said.",
        "Roofs of two schools collapsed; nobody was hurt, according to the fire brigade.",
        "The mayor asked residents to stay indoors until the evening.",
    ]
    assert document.title == "Hail in Dornvik"


def test_blocks_inline_elements_breaks_and_tables() -> None:
    page = """<html><body><main>
      <div>Intro line in a div<p>On <time datetime="2024-02-05">Monday</time> crews <em>arrived</em>.</p>tail</div>
      <p>Line one<br>Line   two</p>
      <table><tr><th>District</th><th>Injured</th></tr><tr><td>North</td><td>14</td></tr></table>
      <ul><li>First item</li><li>Second <b>item</b></li></ul>
      <p hidden>hidden note</p><p style="display: none">invisible note</p>
      <live-entry>Custom entry text</live-entry><live-entry>Next custom entry</live-entry>
    </main></body></html>"""
    assert paragraphs(read_page(page)) == [
        "Intro line in a div",
        "On Monday crews arrived.",
        "tail",
        "Line one\nLine two",
        "District Injured",
        "North 14",
        "First item",
        "Second item",
        "Custom entry text",
        "Next custom entry",
    ]


def test_furniture_class_on_a_wrapper_does_not_remove_the_article() -> None:
    page = """<html><body><div class="page sidebar-left">
      <div class="menu"><a href="/">Home</a></div>
      <article><h1>Quake near Lusso</h1><p>A magnitude 5.1 quake shook Lusso at night.</p></article>
    </div></body></html>"""
    assert paragraphs(read_page(page)) == ["Quake near Lusso", "A magnitude 5.1 quake shook Lusso at night."]


def test_publication_day_from_the_url_when_no_tag_states_it() -> None:
    page = """<html><head><title>Quake near Lusso</title>
      <link rel="canonical" href="https://lusso-news.example/2021/06/30/quake.html"></head>
      <body><article><p>A magnitude 5.1 quake shook Lusso at night.</p></article></body></html>"""
    document = read_page(page)
    assert document.published == datetime(2021, 6, 30)
    assert document.published_precision is TimePrecision.DAY
    assert document.outlet == "lusso-news.example"


def test_metadata_failure_keeps_the_text(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import trafilatura

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("odd page")

    monkeypatch.setattr(trafilatura, "extract_metadata", broken)
    page = (
        "<html><head><title>Quake near Lusso</title></head><body><p>The quake shook Lusso.</p></body></html>"
    )
    with caplog.at_level(logging.WARNING):
        document = read_page(page)
    assert document.text == "The quake shook Lusso."
    assert document.title == "Quake near Lusso"
    assert "page metadata unreadable (odd page)" in caplog.text


def test_entity_bomb_in_a_doctype_is_not_expanded() -> None:
    levels = ['<!ENTITY lol0 "lol">']
    for level in range(1, 10):
        levels.append(f'<!ENTITY lol{level} "{f"&lol{level - 1};" * 10}">')
    page = (
        f'<?xml version="1.0"?><!DOCTYPE html [{"".join(levels)}]>'
        "<html><body><p>Flood warning for Kesh: &lol9;</p></body></html>"
    )
    started = time.perf_counter()
    document = read_page(page)
    assert time.perf_counter() - started < 2
    assert document.text.startswith("Flood warning for Kesh:")
    assert len(document.text) < 100
    assert "lollol" not in document.text
    assert "]>" not in document.text


def test_page_full_of_scripts_gives_only_its_text() -> None:
    scripts = "".join(
        f"<script>var s{i} = '<p>script text {i}</p>'; while(false){{}}</script>" for i in range(3000)
    )
    page = f"<html><head>{scripts}</head><body>{scripts}<p>Bridge closed at Veyla.</p>{scripts}</body></html>"
    assert read_page(page).text == "Bridge closed at Veyla."


def test_page_of_nothing_but_scripts_has_no_readable_text() -> None:
    page = "<html><body><script>alert('x')</script><style>p{}</style><nav>Menu</nav></body></html>"
    with pytest.raises(MalformedInput) as caught:
        read_page(page, "scripts.html")
    assert str(caught.value) == "scripts.html: no readable text in HTML"


def test_deep_nesting_neither_hangs_nor_overflows() -> None:
    page = (
        "<html><body><p>Intro survives.</p>"
        + "<div>" * 50_000
        + "deep"
        + "</div>" * 50_000
        + "</body></html>"
    )
    started = time.perf_counter()
    document = read_page(page)
    assert time.perf_counter() - started < 3
    assert document.text.startswith("Intro survives.")


def test_truncated_page_keeps_what_is_there() -> None:
    page = "<html><body><article><p>Levees breached near Orsk at dawn.</p><p>Evacuations be"
    assert paragraphs(read_page(page)) == ["Levees breached near Orsk at dawn.", "Evacuations be"]
    cut_in_a_tag = '<html><body><article><p>Levees breached near Orsk.</p><p class="le'
    assert read_page(cut_in_a_tag).text == "Levees breached near Orsk."


def test_truncated_page_without_text_is_malformed() -> None:
    with pytest.raises(MalformedInput) as caught:
        read_page("<!DOCTYPE html><html><head><title>Flood</title></head><bo", "cut.html")
    assert caught.value.reason == "no readable text in HTML"
    assert caught.value.origin == "cut.html"


@pytest.mark.parametrize(
    "page",
    [
        "<p>A\u2026<p>short",
        "<p>A long first paragraph about the fighting in the north of the country.<p>short",
        "<html><body><p>Police said two people were killed in clashes in the town.<p>More died</body></html>",
        "<div><p>Police said two people were killed in clashes in the town on Tuesday.</p><p>More died</p></div>",
    ],
)
def test_unclosed_or_uneven_paragraphs_keep_every_paragraph(page: str) -> None:
    # The walk down to the main container once went into the longest paragraph, dropping
    # the short ones beside it.
    document = read_page(page)
    assert len(paragraphs(document)) == 2
    assert paragraphs(document)[-1] in ("short", "More died")
