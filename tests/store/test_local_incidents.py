"""Local incidents in the store: four outlets' articles about two shootings in Marn a day apart
(one article an arrest days later) become two fused events, and the first one's killed
`latest` is the toll after its second victim died. Hand-built records, real databases."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from records_factory import MARN, Entry, make

from sitrep.model import Place
from sitrep.store import Store

SATURDAY, SUNDAY, MONDAY, TUESDAY = 8, 9, 10, 11
"""Days of March 2031."""
QUAY = Place("Quayside", "VT", "Marn Province", 45.16, 30.31, 9000003, "city")
"""A town next to Marn (about 10 km away)."""


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = Store.open(db_url)
    yield opened
    opened.close()


def article(doc_id: str, day: int, hour: int, text: str, **event: object) -> tuple[object, object]:
    spec: dict[str, object] = {"type": "ASSAULT", "acled": "Violence against civilians", "sub": "Attack"}
    spec.update(event)
    return make(doc_id, [Entry(hour, text, [spec], day=day)], outlet=f"{doc_id}.example", title="")


def test_one_incident_s_articles_fuse_and_its_neighbour_stays_apart(store: Store) -> None:
    first = "A 24-year-old man was shot dead on Tannery Street in Marn late on Saturday. A second man, 31, was hurt."
    died = "The 31-year-old man wounded on Tannery Street on Saturday has died, bringing the toll to two."
    arrest = (
        "Police arrested a 19-year-old on Tuesday over the Tannery Street killings of the men, 24 and 31."
    )
    other = "A 45-year-old woman was wounded in a shooting on Mill Lane in Marn on Sunday afternoon."
    stabbing = (
        "A 38-year-old man was stabbed to death outside a bar on Quay Road in Quayside on Saturday night."
    )
    articles = [
        article("ledger", SUNDAY, 8, first, date="2031-03-08", figures=[("killed", 1, "exact", "shot dead")]),
        article(
            "courier", SUNDAY, 19, other, date="2031-03-09", figures=[("injured", 1, "exact", "wounded")]
        ),
        article("wire", MONDAY, 14, died, figures=[("killed", 2, "exact", "toll to two")]),
        article("daily", TUESDAY, 10, arrest, type="COERCE", acled="Strategic developments", sub="Arrests"),
        article(
            "post",
            SUNDAY,
            9,
            stabbing,
            date="2031-03-08",
            place=QUAY,
            figures=[("killed", 1, "exact", "stabbed")],
        ),
    ]
    for raw, extraction in articles:
        store.ingest(raw, extraction)  # type: ignore[arg-type]
    events = {frozenset(e.documents): e for e in store.events()}
    assert set(events) == {
        frozenset({"ledger", "wire", "daily"}),
        frozenset({"courier"}),
        frozenset({"post"}),
    }
    saturday = events[frozenset({"ledger", "wire", "daily"})]
    killed = saturday.figures["killed"]
    assert (killed.latest.min, killed.latest.document_key) == (2, "wire")
    assert [c.min for c in killed.claims] == [1, 2] and not killed.contradiction
    assert saturday.fields["date"] == "2031-03-08" and saturday.fields["type"] == "ASSAULT"
    assert store.check() == []


def test_an_arrest_told_before_its_attack_is_joined_by_it(store: Store) -> None:
    arrest = "Police arrested a 19-year-old on Tuesday over the Tannery Street killing of a man, 24, in Marn."
    first = "A 24-year-old man was shot dead on Tannery Street in Marn late on Saturday."
    for raw, extraction in [
        article("daily", TUESDAY, 10, arrest, type="COERCE", acled="Strategic developments", sub="Arrests"),
        article("ledger", SUNDAY, 8, first, date="2031-03-08", place=MARN),
    ]:
        store.ingest(raw, extraction)  # type: ignore[arg-type]
    [event] = store.events()
    assert set(event.documents) == {"daily", "ledger"}
