"""Feeds: RSS and Atom entries become documents; entity bombs and absurd nesting are refused."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from feed_texts import ITEMS, atom, rss

from sitrep.config import Settings
from sitrep.errors import MalformedInput
from sitrep.ingest import read_inputs
from sitrep.ingest.feeds import MAX_DEPTH, entry_id, looks_like_feed, read_feed
from sitrep.model import InputFormat, RawDocument, Rejection, TimePrecision

FEED_URL = "https://desk.example/feed.xml"
ALMATY = timezone(timedelta(hours=6))

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
<!ENTITY a "lollollollollollollollollollol">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
<!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
]>
<rss version="2.0"><channel><title>x</title><item><title>&g;</title><description>&g;</description></item></channel></rss>
"""


def test_rss_entries_become_documents() -> None:
    feed = read_feed(rss(ITEMS).encode(), FEED_URL, content_type="application/rss+xml")
    assert feed.title == "Desk wire: Kazakhstan"
    assert feed.rejections == ()
    assert [e.key for e in feed.entries] == ["urn:desk:1001", "urn:desk:1002", "urn:desk:1003"]
    second = feed.entries[1].document
    assert second.title == "Police detain dozens after night of clashes"
    assert second.text == (
        "Police detained at least 40 people after a night of clashes in Almaty, the Interior Ministry said."
        "\n\nShops in the city centre stayed closed."
    )
    assert second.format is InputFormat.HTML
    assert second.url == "https://desk.example/news/1002"
    assert second.outlet == "desk.example"
    assert second.language == "en"
    assert second.published == datetime(2022, 1, 5, 13, 40, tzinfo=ALMATY)
    assert second.published_precision is TimePrecision.MINUTE
    assert second.origin == FEED_URL


def test_ids_are_stable_and_distinct() -> None:
    first = read_feed(rss(ITEMS).encode(), FEED_URL)
    again = read_feed(rss(list(reversed(ITEMS))).encode(), FEED_URL)
    ids = {e.key: e.document.id for e in first.entries}
    assert ids == {e.key: e.document.id for e in again.entries}
    assert len(set(ids.values())) == 3
    assert ids["urn:desk:1001"].startswith("desk-example-news-1001-")
    assert entry_id("https://www.desk.example/a/b", "k") == entry_id("https://www.desk.example/a/b", "k")


def test_a_changed_entry_keeps_its_key_and_changes_its_fingerprint() -> None:
    edited = [ITEMS[0], (ITEMS[1][0], ITEMS[1][1], ITEMS[1][2], "<p>Police detained at least 60 people.</p>")]
    before = read_feed(rss(ITEMS[:2]).encode(), FEED_URL).entries
    after = read_feed(rss(edited).encode(), FEED_URL).entries
    assert before[0].fingerprint == after[0].fingerprint
    assert before[1].key == after[1].key
    assert before[1].fingerprint != after[1].fingerprint
    assert before[1].document.id == after[1].document.id


def test_atom_entries() -> None:
    feed = read_feed(atom(ITEMS).encode(), FEED_URL)
    assert [e.document.title for e in feed.entries] == [item[1] for item in ITEMS]
    first = feed.entries[0].document
    assert first.author == "Desk staff"
    assert first.published == datetime(2022, 1, 5, 10, 0, tzinfo=ALMATY)
    assert first.text.startswith("Several thousand protesters gathered")


def test_scripts_in_entries_never_reach_the_text() -> None:
    item = ("urn:x", "Title", "Wed, 05 Jan 2022 09:15:00 +0600", "<p>Calm.</p><script>steal()</script>")
    (entry,) = read_feed(rss([item]).encode(), FEED_URL).entries
    assert entry.document.text == "Calm."


def test_a_title_only_entry_reads_as_its_title_and_an_empty_one_is_rejected() -> None:
    text = rss([("urn:t", "Blast reported near the airport", "Wed, 05 Jan 2022 09:15:00 +0600", "")])
    text = text.replace("</channel>", "<item><guid>urn:empty</guid></item></channel>")
    feed = read_feed(text.encode(), FEED_URL)
    assert [e.document.text for e in feed.entries] == ["Blast reported near the airport"]
    assert [(r.origin, r.reason) for r in feed.rejections] == [
        (f"{FEED_URL} entry 2", "feed entry has neither text nor title")
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (rss(ITEMS).encode(), True),
        (atom(ITEMS).encode(), True),
        (b'<?xml version="1.0"?>\n<!-- hi -->\n<rdf:RDF xmlns:rdf="x">', True),
        (b"<!DOCTYPE html><html><body>no</body></html>", False),
        (b"plain text", False),
    ],
)
def test_feed_sniffing(data: bytes, expected: bool) -> None:
    assert looks_like_feed(data) is expected


def test_the_media_type_alone_makes_a_feed() -> None:
    assert looks_like_feed(b"   <weird/>", "application/atom+xml")


def test_billion_laughs_is_refused() -> None:
    with pytest.raises(MalformedInput) as caught:
        read_feed(LAUGHS.encode(), FEED_URL)
    assert (
        str(caught.value) == f"{FEED_URL}: feed refused: it declares XML entities (the stuff of entity bombs)"
    )


def test_quadratic_blowup_is_refused_quickly() -> None:
    # feedparser alone expands this one: a 100 KB entity referenced 2,000 times is a 200 MB title.
    data = (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY a "' + "x" * 100_000 + '">\n]>\n'
        '<rss version="2.0"><channel><title>x</title><item><title>' + "&a;" * 2000 + "</title></item>"
        "</channel></rss>"
    ).encode()
    began = time.monotonic()
    with pytest.raises(MalformedInput, match="declares XML entities"):
        read_feed(data, FEED_URL)
    assert time.monotonic() - began < 1.0


def test_external_entities_are_refused() -> None:
    data = (
        b'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
        b'<rss version="2.0"><channel><title>&secret;</title></channel></rss>'
    )
    with pytest.raises(MalformedInput, match="declares XML entities"):
        read_feed(data, FEED_URL)


def test_entities_in_a_feed_that_is_not_well_formed_are_refused_too() -> None:
    broken = LAUGHS.replace("</channel></rss>", "<br></channel>")
    with pytest.raises(MalformedInput, match="declares XML entities"):
        read_feed(broken.encode(), FEED_URL)


def test_an_external_dtd_alone_is_fine() -> None:
    text = rss(ITEMS[:1]).replace(
        "<rss ",
        '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
        '"http://my.netscape.com/publish/formats/rss-0.91.dtd">\n<rss ',
    )
    assert len(read_feed(text.encode(), FEED_URL).entries) == 1


@pytest.mark.parametrize("well_formed", [True, False])
def test_deep_nesting_is_refused(well_formed: bool) -> None:
    depth = MAX_DEPTH + 10
    nested = "<x>" * depth + "deep" + ("</x>" * depth if well_formed else "")
    data = f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{nested}</channel></rss>'
    with pytest.raises(MalformedInput, match=f"nest deeper than {MAX_DEPTH} levels"):
        read_feed(data.encode(), FEED_URL)


def test_a_feed_with_html_entities_is_read_leniently() -> None:
    text = rss(ITEMS[:1]).replace("Protesters gather", "Protesters&nbsp;gather")
    (entry,) = read_feed(text.encode(), FEED_URL).entries
    assert entry.document.title == "Protesters gather in the main square of Almaty"


def test_not_a_feed() -> None:
    with pytest.raises(MalformedInput, match="not a readable RSS or Atom feed"):
        read_feed(b"just some words", FEED_URL)


def test_a_feed_file_reads_as_its_entries(tmp_path: Path) -> None:
    path = tmp_path / "wire.xml"
    path.write_text(rss(ITEMS))
    results = list(read_inputs([str(path)], Settings()))
    assert [r.title for r in results if isinstance(r, RawDocument)] == [item[1] for item in ITEMS]
    assert {r.origin for r in results} == {str(path)}


def test_a_bomb_in_a_feed_file_is_one_rejection(tmp_path: Path) -> None:
    path = tmp_path / "bomb.rss"
    path.write_text(LAUGHS)
    (rejection,) = read_inputs([str(path)], Settings())
    assert isinstance(rejection, Rejection)
    assert rejection.reason == "feed refused: it declares XML entities (the stuff of entity bombs)"
