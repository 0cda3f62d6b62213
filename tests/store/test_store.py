"""The store on SQLite and PostgreSQL: ingest, idempotence, ticker updates, near-duplicates,
fusion across documents, figures over time, filters, integrity, one transaction a document."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from records_factory import OSKEL, Entry, make

from sitrep.errors import StoreError
from sitrep.model import Rejection
from sitrep.store import Change, EventQuery, Store

CLASH = "Security forces clashed with armed men near the central market of Marn"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = Store.open(db_url)
    yield opened
    opened.close()


def clash(figure: tuple[str, int, str, str] | None = None, **extra: object) -> dict[str, object]:
    spec: dict[str, object] = {"type": "FIGHT", "words": CLASH}
    if figure:
        spec["figures"] = [figure]
    spec.update(extra)
    return spec


def ticker(
    doc_id: str,
    killed: int,
    hour: int,
    *,
    qualifier: str = "exact",
    source: str = "Interior Ministry",
    outlet: str = "a.example",
) -> tuple:
    text = f"{CLASH}. {killed} people were killed, the {source} said."
    return make(
        doc_id,
        [
            Entry(
                hour,
                text,
                [clash(("killed", killed, qualifier, f"{killed} people"), words=text, sources=[source])],
            )
        ],
        outlet=outlet,
    )


def test_open_twice_runs_migrations_once(db_url: str) -> None:
    Store.open(db_url).close()
    with Store.open(db_url) as again:
        assert again.counts().documents == 0
        assert again.check() == []


def test_ingest_is_idempotent_and_keeps_raw_bytes(store: Store) -> None:
    data = b"\xef\xbb\xbfraw bytes \r\n kept"
    raw_id = store.keep_raw(data, "x.txt")
    assert store.keep_raw(data, "x.txt") == raw_id
    assert store.raw(raw_id) == data
    raw, extraction = ticker("d1", 8, 10)
    first = store.ingest(raw, extraction, raw_input_id=raw_id)
    assert first.change is Change.ADDED and first.claims_added == 1 and first.events_created == 1
    assert store.seen(raw)
    again = store.ingest(raw, extraction, raw_input_id=raw_id)
    assert again.change is Change.UNCHANGED
    counts = store.counts()
    assert (counts.documents, counts.reports, counts.claims, counts.fused_events) == (1, 1, 1, 1)
    assert store.check() == []


def test_rejections_are_stored_once(store: Store) -> None:
    rejection = Rejection("bad.pdf", "ingest", "binary data (PDF), not text")
    assert store.ingest(None, rejection).change is Change.REJECTED
    store.ingest(None, rejection)
    assert store.counts().rejections == 1


def test_updated_ticker_adds_new_and_changed_entries_only(store: Store) -> None:
    first = [Entry(10, f"{CLASH}. 8 people were killed.", [clash(("killed", 8, "exact", "8 people"))])]
    raw, extraction = make("live", first)
    store.ingest(raw, extraction)
    newer = Entry(
        16,
        f"{CLASH}. At least 20 people were killed.",
        [clash(("killed", 20, "at_least", "At least 20 people"))],
    )
    raw2, extraction2 = make("live", [newer, *first])
    outcome = store.ingest(raw2, extraction2)
    assert outcome.change is Change.UPDATED
    assert (outcome.reports_added, outcome.reports_changed, outcome.claims_added) == (1, 0, 1)
    changed = Entry(10, f"{CLASH}. 9 people were killed.", [clash(("killed", 9, "exact", "9 people"))])
    raw3, extraction3 = make("live", [newer, changed])
    outcome = store.ingest(raw3, extraction3)
    assert (outcome.reports_added, outcome.reports_changed, outcome.claims_added) == (0, 1, 1)
    counts = store.counts()
    assert counts.reports == 3 and counts.claims == 3 and counts.fused_events == 1
    [event] = store.events()
    killed = event.figures["killed"]
    assert [(c.min, c.superseded) for c in killed.claims] == [(8, True), (9, False), (20, False)]
    assert killed.latest.min == 20 and killed.low == 9 and killed.high == 20
    assert not killed.contradiction
    report_ids = {c["report_id"] for c in event.claims}
    assert len(report_ids) == 3, "the changed entry is a new report; the old one is kept"
    assert store.check() == []


def test_an_entry_changed_in_place_is_a_new_version_with_its_own_claims(store: Store) -> None:
    # The same offsets, nothing new above it: the new version's claims must not take the old ids.
    first = [Entry(10, f"{CLASH}. 8 people were killed.", [clash(("killed", 8, "exact", "8 people"))])]
    raw, extraction = make("live", first)
    store.ingest(raw, extraction)
    changed = [Entry(10, f"{CLASH}. 9 people were killed.", [clash(("killed", 9, "exact", "9 people"))])]
    raw2, extraction2 = make("live", changed)
    outcome = store.ingest(raw2, extraction2)
    assert (outcome.reports_added, outcome.reports_changed, outcome.claims_added) == (0, 1, 1)
    [event] = store.events()
    assert [(c.min, c.superseded) for c in event.figures["killed"].claims] == [(8, True), (9, False)]
    assert len({c["id"] for c in event.claims}) == 2
    assert store.check() == []


def test_near_duplicate_copy_is_linked_not_counted(store: Store) -> None:
    text = (
        f"{CLASH} on Tuesday evening. Eight people were killed and dozens were wounded in the fighting, "
        "which lasted for several hours according to residents who spoke by telephone. The provincial "
        "governor ordered shops closed and asked people to stay at home until further notice. Hospitals "
        "in the city said they had received the wounded through the night and were short of blood. The "
        "interior ministry blamed an armed group it did not name and promised a full investigation."
    )
    spec = clash(("killed", 8, "exact", "Eight people"), words=text)
    raw, extraction = make("wire", [Entry(10, text, [spec])], outlet="wire.example")
    store.ingest(raw, extraction)
    copy_text = text.replace("Tuesday evening", "Tuesday night") + " Reporting by our correspondent."
    copy_spec = clash(("killed", 8, "exact", "Eight people"), words=copy_text)
    raw2, extraction2 = make("copy", [Entry(11, copy_text, [copy_spec])], outlet="paper.example")
    outcome = store.ingest(raw2, extraction2)
    assert outcome.change is Change.LINKED and outcome.duplicate_of == "wire"
    assert outcome.similarity is not None and outcome.similarity >= 0.8
    assert store.counts().claims == 1
    [event] = store.events()
    assert event.documents == ("wire", "copy")
    assert len(event.figures["killed"].claims) == 1


def test_reports_of_one_event_fuse_across_outlets_and_contradict(store: Store) -> None:
    for doc, killed, hour, source in (
        ("a", 8, 10, "Interior Ministry"),
        ("b", 12, 10, "State TV"),
        ("c", 18, 16, "Health Ministry"),
    ):
        raw, extraction = ticker(doc, killed, hour, source=source, outlet=f"{doc}.example")
        store.ingest(raw, extraction)
    far = make(
        "d",
        [
            Entry(
                10,
                "Troops fought rebels in the hills above Oskel.",
                [clash(words="Troops fought rebels in the hills above Oskel.", place=OSKEL)],
            )
        ],
    )
    store.ingest(*far)
    events = store.events()
    assert len(events) == 2
    marn = next(e for e in events if e.fields["location"]["name"] == "Marn")
    assert set(marn.documents) == {"a", "b", "c"}
    killed = marn.figures["killed"]
    assert [c.min for c in killed.claims] == [8, 12, 18]
    assert (killed.low, killed.high, killed.latest.min) == (8, 18, 18)
    assert killed.contradiction, "8 and 12 exactly, both at 10:00, cannot both be true"
    assert {s[0] for c in killed.claims for s in c.sources} == {
        "Interior Ministry",
        "State TV",
        "Health Ministry",
    }
    assert marn.fields["casualties"][0]["min"] == 18, "the latest claim, never a sum"


def test_update_is_not_a_contradiction(store: Store) -> None:
    store.ingest(*ticker("a", 8, 10))
    store.ingest(*ticker("b", 20, 16, qualifier="at_least", source="State TV"))
    [event] = store.events()
    assert not event.figures["killed"].contradiction


def test_entities_merge_across_documents(store: Store) -> None:
    text = "President Arvid Kolmanov ordered troops into Marn."
    spec = {
        "type": "MOBILIZE",
        "words": text,
        "actors": ["Arvid Kolmanov"],
        "aliases": ["Kolmanov"],
        "roles": ["President of Veltria"],
    }
    store.ingest(*make("p1", [Entry(9, text, [spec])]))
    variant = "President Arwid Kolmanov sent troops into Marn."
    spec2 = {"type": "MOBILIZE", "words": variant, "actors": ["Arwid Kolmanov"]}
    store.ingest(*make("p2", [Entry(11, variant, [spec2])]))
    role = "The President of Veltria addressed the nation from Marn."
    spec3 = {
        "type": "MOBILIZE",
        "words": role,
        "actors": ["The President of Veltria"],
        "roles": ["President of Veltria"],
    }
    store.ingest(*make("p3", [Entry(12, role, [spec3])]))
    assert store.counts().entities == 1
    assert store.events(EventQuery(actor="Arwid"))[0].documents == ("p1", "p2", "p3")
    # A title joins the one named person the documents give it; another named person who
    # holds it (a successor) is someone else.
    other = "President Mira Santel ordered troops into Marn."
    spec4 = {"type": "MOBILIZE", "words": other, "actors": ["Mira Santel"], "roles": ["President of Veltria"]}
    store.ingest(*make("p4", [Entry(15, other, [spec4])]))
    assert store.counts().entities == 2
    _, people = store.entity_page("Santel", "person", 10, 0)
    assert [p["name"] for p in people] == ["Mira Santel"]


def test_event_filters(store: Store) -> None:
    store.ingest(*ticker("a", 8, 10, source="Interior Ministry"))
    protest = "Thousands marched through Oskel demanding new elections."
    store.ingest(
        *make(
            "b",
            [
                Entry(
                    12,
                    protest,
                    [
                        {
                            "type": "PROTEST",
                            "words": protest,
                            "place": OSKEL,
                            "acled": "Protests",
                            "sub": "Peaceful protest",
                        }
                    ],
                )
            ],
        )
    )
    assert [e.fields["type"] for e in store.events(EventQuery(type="protest"))] == ["PROTEST"]
    assert [e.fields["type"] for e in store.events(EventQuery(type="Armed clash"))] == ["FIGHT"]
    assert [e.fields["type"] for e in store.events(EventQuery(place="oskel"))] == ["PROTEST"]
    assert [e.fields["type"] for e in store.events(EventQuery(bbox=(29.0, 44.0, 31.0, 46.0)))] == ["FIGHT"]
    assert [e.fields["type"] for e in store.events(EventQuery(source="interior"))] == ["FIGHT"]
    assert [e.fields["type"] for e in store.events(EventQuery(text="elections"))] == ["PROTEST"]
    from datetime import date

    assert store.events(EventQuery(since=date(2031, 3, 7))) == []
    assert len(store.events(EventQuery(since=date(2031, 3, 6), until=date(2031, 3, 6)))) == 2


def test_a_failing_document_leaves_nothing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from sitrep.store import writer

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(writer, "_store_entities", broken)
    raw, extraction = ticker("a", 8, 10)
    with pytest.raises(RuntimeError):
        store.ingest(raw, extraction)
    counts = store.counts()
    assert (counts.documents, counts.reports, counts.claims) == (0, 0, 0)
    monkeypatch.undo()
    assert store.ingest(raw, extraction).change is Change.ADDED


def test_bad_urls_are_one_line_errors(tmp_path) -> None:
    with pytest.raises(StoreError, match="no such folder"):
        Store.open(str(tmp_path / "missing" / "x.db"))
    with pytest.raises(StoreError, match="unsupported database"):
        Store.open("mysql://localhost/x")


def test_migrations_build_exactly_the_mapped_schema(db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from sitrep.store.tables import Base

    with Store.open(db_url) as store, store._engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


def test_ingesting_sitrep_json_loads_no_language_model(store: Store, tmp_path: Path) -> None:
    """A `sitrep/1` object is stored as it stands: the resources are never loaded for it, and
    are loaded once raw text needs reading."""
    import json

    from sitrep.config import Settings
    from sitrep.export.sitrep_json import extraction_to_json
    from sitrep.store.intake import LazyResources, ingest_inputs

    raw, extraction = ticker("a", 8, 10)
    payload = extraction_to_json(extraction)
    payload["documents"][0]["text"] = raw.text
    path = tmp_path / "a.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    settings = Settings(timezone="UTC")
    with LazyResources(settings) as resources:
        stored = list(ingest_inputs([str(path)], settings, store, resources))
        assert [s.outcome.change for s in stored] == [Change.ADDED]
        assert not resources.loaded
    assert store.counts().claims == 1
