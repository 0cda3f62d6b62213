"""Browsing the store page by page, and its change cursor (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from records_factory import OSKEL, Entry, make

from sitrep.export.living import fused_event_to_json
from sitrep.model import Rejection
from sitrep.store import EventQuery, Store

CLASH = "Security forces clashed with armed men near the central market of Marn"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = Store.open(db_url)
    yield opened
    opened.close()


def clash_doc(doc_id: str, killed: int, hour: int, source: str) -> tuple:
    text = f"{CLASH}. {killed} people were killed, the {source} said."
    figure = ("killed", killed, "exact", f"{killed} people")
    spec = {"type": "FIGHT", "words": text, "figures": [figure], "sources": [source], "actors": ["Dunmore"]}
    return make(doc_id, [Entry(hour, text, [spec])], outlet=f"{doc_id}.example")


def oskel_doc(doc_id: str) -> tuple:
    text = "Thousands of people marched through Oskel."
    spec = {"type": "PROTEST", "words": text, "place": OSKEL, "acled": "Protests", "sub": "Peaceful protest"}
    return make(doc_id, [Entry(9, text, [spec]), Entry(11, "The march ended without incident.")])


def fill(store: Store) -> None:
    store.ingest(*clash_doc("a", 8, 10, "Interior Ministry"))
    store.ingest(*clash_doc("b", 12, 10, "State TV"))
    store.ingest(*oskel_doc("c"))


def test_events_page_with_totals(store: Store) -> None:
    fill(store)
    total, first = store.event_page(EventQuery(limit=1), 0)
    total_again, second = store.event_page(EventQuery(limit=1), 1)
    assert total == total_again == 2
    assert len(first) == len(second) == 1 and first[0].id != second[0].id
    assert store.event_page(EventQuery(limit=5), 2) == (2, [])
    protests, found = store.event_page(EventQuery(type="PROTEST", limit=5), 0)
    assert protests == 1 and found[0].fields["location"]["name"] == "Oskel"


def test_fused_event_json_keeps_every_claim_and_marks_disputes(store: Store) -> None:
    fill(store)
    marn = next(e for e in store.events() if e.fields["location"]["name"] == "Marn")
    data = fused_event_to_json(marn)
    killed = data["figures"]["killed"]
    assert [c["min"] for c in killed["claims"]] == [8, 12]
    assert killed["contradiction"] is True and all(c["disputed"] for c in killed["claims"])
    assert {s["name"] for c in killed["claims"] for s in c["sources"]} == {"Interior Ministry", "State TV"}
    assert set(data["documents"]) == {"a", "b"} and len(data["claims"]) == 2


def test_reports_come_with_their_claims_and_mentions(store: Store) -> None:
    fill(store)
    total, reports = store.report_page(EventQuery(), None, 10, 0)
    assert total == 4
    assert [r["id"] for r in reports[:2]] == ["c-r2", "c-r1"]  # newest arrival, newest entry first
    first = next(r for r in reports if r["id"] == "a-r1")
    claim = first["events"][0]
    assert claim["event_id"].startswith("f") and claim["evidence"][0]["start"] == 0
    assert first["text"][claim["casualties"][0]["start"] : claim["casualties"][0]["end"]] == "8 people"
    assert [m["name"] for m in first["mentions"]] == ["Dunmore"]
    # reports follow the event filters, and the text filter also finds words of reports with no event
    assert [r["id"] for r in store.report_page(EventQuery(type="PROTEST"), None, 10, 0)[1]] == ["c-r1"]
    assert [r["id"] for r in store.report_page(EventQuery(text="without incident"), None, 10, 0)[1]] == [
        "c-r2"
    ]
    assert store.report_page(EventQuery(), "b", 10, 0)[0] == 1
    assert [r["id"] for r in store.reports(["b-r1", "a-r1", "nope"])] == ["b-r1", "a-r1"]


def test_entities_and_rejections(store: Store) -> None:
    fill(store)
    store.ingest(None, Rejection("bad.pdf", "ingest", "binary data (PDF), not text"))
    total, entities = store.entity_page("dunm", None, 10, 0)
    assert total == 1 and entities[0]["name"] == "Dunmore" and entities[0]["mention_count"] == 2
    assert store.entity(entities[0]["id"])["name"] == "Dunmore"
    assert store.entity("n999999") is None and store.entity("x") is None
    assert store.entity_page(None, "place", 10, 0)[0] == 0
    total, rejections = store.rejection_page(10, 0)
    assert total == 1 and rejections[0]["origin"] == "bad.pdf"


def test_the_change_cursor_follows_every_write(store: Store, db_url: str) -> None:
    start = store.change_cursor()
    assert store.changes_since(start) == (start, [])
    store.ingest(*clash_doc("a", 8, 10, "Interior Ministry"))
    # a second connection, as another process would have, sees the same changes
    with Store.open(db_url) as other:
        after, changes = other.changes_since(start)
    kinds = {c.kind: c.keys for c in changes}
    assert kinds["report"] == ("a-r1",)
    assert kinds["event"] == kinds["figures"] and len(kinds["event"]) == 1
    store.ingest(*oskel_doc("c"))
    later, more = store.changes_since(after)
    assert {c.kind for c in more} == {"report", "event"}  # no figures in the march
    assert store.changes_since(later) == (later, [])
    assert store.changes_since("garbage")[1]  # an unreadable cursor starts from the beginning


def test_the_version_moves_with_every_write_and_only_then(store: Store, db_url: str) -> None:
    empty = store.version()
    assert store.version() == empty
    store.ingest(*clash_doc("a", 8, 10, "Interior Ministry"))
    with Store.open(db_url) as other:  # as another process sees it
        after = other.version()
        assert after != empty
        other.ingest(*clash_doc("b", 12, 10, "State TV"))  # fused into the same event
    assert store.version() not in (empty, after)
    moved = store.version()
    store.ingest(*clash_doc("b", 12, 10, "State TV"))  # the same text again: nothing stored
    assert store.version() == moved
    store.ingest(None, Rejection("bad.pdf", "ingest", "binary data (PDF), not text"))
    assert store.version() == moved  # a rejection changes no page of events, reports or entities


def test_a_page_past_the_end_still_counts(store: Store) -> None:
    fill(store)
    assert store.event_page(EventQuery(limit=1), 0)[0] == 2
    assert store.event_page(EventQuery(limit=1), 5) == (2, [])
    assert store.report_page(EventQuery(), None, 2, 10) == (4, [])
    assert store.report_page(EventQuery(), None, 2, 3)[0] == 4
