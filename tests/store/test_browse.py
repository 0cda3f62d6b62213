"""Browsing the store page by page, and its change cursor (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from records_factory import OSKEL, Entry, make

from sitrep.export.fused import fused_event_json
from sitrep.model import Rejection
from sitrep.store import EventQuery, Store, browse

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
    total, first = browse.page_events(store, EventQuery(limit=1), 0)
    total_again, second = browse.page_events(store, EventQuery(limit=1), 1)
    assert total == total_again == 2
    assert len(first) == len(second) == 1 and first[0].id != second[0].id
    assert browse.page_events(store, EventQuery(limit=5), 2) == (2, [])
    protests, found = browse.page_events(store, EventQuery(type="PROTEST", limit=5), 0)
    assert protests == 1 and found[0].fields["location"]["name"] == "Oskel"


def test_fused_event_json_keeps_every_claim_and_marks_disputes(store: Store) -> None:
    fill(store)
    marn = next(e for e in store.events() if e.fields["location"]["name"] == "Marn")
    data = fused_event_json(marn)
    killed = data["figures"]["killed"]
    assert [c["min"] for c in killed["claims"]] == [8, 12]
    assert killed["contradiction"] is True and all(c["disputed"] for c in killed["claims"])
    assert {s["name"] for c in killed["claims"] for s in c["sources"]} == {"Interior Ministry", "State TV"}
    assert set(data["documents"]) == {"a", "b"} and len(data["claims"]) == 2


def test_reports_come_with_their_claims_and_mentions(store: Store) -> None:
    fill(store)
    total, reports = browse.page_reports(store, EventQuery(), None, 10, 0)
    assert total == 4
    assert [r["id"] for r in reports[:2]] == ["c-r2", "c-r1"]  # newest arrival, newest entry first
    first = next(r for r in reports if r["id"] == "a-r1")
    claim = first["events"][0]
    assert claim["event_id"].startswith("f") and claim["evidence"][0]["start"] == 0
    assert first["text"][claim["casualties"][0]["start"] : claim["casualties"][0]["end"]] == "8 people"
    assert [m["name"] for m in first["mentions"]] == ["Dunmore"]
    # reports follow the event filters, and the text filter also finds words of reports with no event
    assert [r["id"] for r in browse.page_reports(store, EventQuery(type="PROTEST"), None, 10, 0)[1]] == [
        "c-r1"
    ]
    assert [
        r["id"] for r in browse.page_reports(store, EventQuery(text="without incident"), None, 10, 0)[1]
    ] == ["c-r2"]
    assert browse.page_reports(store, EventQuery(), "b", 10, 0)[0] == 1
    assert [r["id"] for r in browse.reports_by_key(store, ["b-r1", "a-r1", "nope"])] == ["b-r1", "a-r1"]


def test_entities_and_rejections(store: Store) -> None:
    fill(store)
    store.ingest(None, Rejection("bad.pdf", "ingest", "binary data (PDF), not text"))
    total, entities = browse.page_entities(store, "dunm", None, 10, 0)
    assert total == 1 and entities[0]["name"] == "Dunmore" and entities[0]["mention_count"] == 2
    assert browse.entity_by_key(store, entities[0]["id"])["name"] == "Dunmore"
    assert browse.entity_by_key(store, "n999999") is None and browse.entity_by_key(store, "x") is None
    assert browse.page_entities(store, None, "place", 10, 0)[0] == 0
    total, rejections = browse.page_rejections(store, 10, 0)
    assert total == 1 and rejections[0]["origin"] == "bad.pdf"


def test_the_change_cursor_follows_every_write(store: Store, db_url: str) -> None:
    start = browse.change_cursor(store)
    assert browse.changes_since(store, start) == (start, [])
    store.ingest(*clash_doc("a", 8, 10, "Interior Ministry"))
    # a second connection, as another process would have, sees the same changes
    with Store.open(db_url) as other:
        after, changes = browse.changes_since(other, start)
    kinds = {c.kind: c.keys for c in changes}
    assert kinds["report"] == ("a-r1",)
    assert kinds["event"] == kinds["figures"] and len(kinds["event"]) == 1
    store.ingest(*oskel_doc("c"))
    later, more = browse.changes_since(store, after)
    assert {c.kind for c in more} == {"report", "event"}  # no figures in the march
    assert browse.changes_since(store, later) == (later, [])
    assert browse.changes_since(store, "garbage")[1]  # an unreadable cursor starts from the beginning
