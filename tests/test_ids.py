"""Stable ids (issue 7 §1): an id is the document id and the evidence span, never a counter,
so the same input gets the same ids in every run and every process."""

from __future__ import annotations

import subprocess
import sys

from sitrep.model import EntityKind, Mention, entity_id, event_id


def mention(doc_start: int, doc_end: int) -> Mention:
    return Mention("doc-r1", doc_start - 5, doc_end - 5, "x" * (doc_end - doc_start), doc_start, doc_end)


def test_an_event_id_is_its_document_and_its_evidence_span() -> None:
    assert (
        event_id("doc", mention(40, 52), "ASSAULT", "Shelling/artillery")
        == "doc-e40-52-assault-shelling-artillery"
    )
    assert event_id("doc", mention(40, 52), "PROTEST") == "doc-e40-52-protest"


def test_an_entity_id_is_its_earliest_mention_whatever_the_order() -> None:
    mentions = (mention(90, 95), mention(12, 17), mention(300, 305))
    assert entity_id("doc", EntityKind.PERSON, mentions) == "doc-p12"
    assert entity_id("doc", EntityKind.PERSON, mentions[::-1]) == "doc-p12"
    assert entity_id("doc", EntityKind.PLACE, mentions) == "doc-l12"


def test_ids_are_the_same_in_another_process_with_another_hash_seed() -> None:
    code = (
        "from sitrep.model import EntityKind, Mention, entity_id, event_id;"
        "m = Mention('d-r1', 0, 4, 'Goma', 7, 11, 'place');"
        "print(event_id('d', m, 'FIGHT'), entity_id('d', EntityKind.GROUP, (m,)))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={"PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert outputs == {"d-e7-11-fight d-g7\n"}
