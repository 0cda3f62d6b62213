"""The sitrep/1 contract both ways: write → read → write is byte-identical.

On the golden corpora and the demo ticker: segment-only (fast) and with the trained
pipeline (events and entities; marked ``model``). Also: the reader refuses values outside
the vocabularies, naming the field.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitrep.config import Settings
from sitrep.contract import build_payload, extraction_to_json, read_payload
from sitrep.errors import MalformedInput
from sitrep.ingest import MemorySource, read_sources
from sitrep.model import Extraction, Rejection
from sitrep.pipeline import run
from sitrep.resources import Resources

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "examples" / "demo-ticker.txt"
GOLDEN = sorted((REPO / "tests" / "golden").glob("*/*.json"))


def inputs() -> Iterator[tuple[str, bytes, Settings]]:
    yield DEMO.name, DEMO.read_bytes(), Settings()
    for path in GOLDEN:
        case = json.loads(path.read_text(encoding="utf-8"))
        yield case["origin"], case["input"].encode("utf-8"), Settings(**case.get("settings", {}))


def results(resources: Resources) -> Iterator[tuple[str, list[Extraction | Rejection]]]:
    for origin, data, settings in inputs():
        yield origin, list(run(read_sources([MemorySource({origin: data})], settings), resources, settings))


def dumps(payload: dict[str, object]) -> str:
    return json.dumps(payload, ensure_ascii=False, indent=1)


def assert_round_trip(found: list[Extraction | Rejection], origin: str) -> None:
    extractions = [r for r in found if isinstance(r, Extraction)]
    rejections = [r for r in found if isinstance(r, Rejection)]
    written = dumps(build_payload(extractions, rejections))
    read_extractions, read_rejections = read_payload(json.loads(written))
    assert dumps(build_payload(read_extractions, read_rejections)) == written, origin
    for extraction, again in zip(extractions, read_extractions, strict=True):
        assert dumps(extraction_to_json(again)) == dumps(extraction_to_json(extraction)), origin
        assert [e.id for e in again.events] == [e.id for e in extraction.events], origin


def test_reports_round_trip_byte_for_byte() -> None:
    for origin, found in results(Resources.segment_only()):
        assert_round_trip(found, origin)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.model
def test_events_and_entities_round_trip_validate_and_point_at_their_words(model_resources: Resources) -> None:
    """Write → read → write is byte-identical; the output validates against the JSON Schema;
    every evidence and mention span's document slice holds its words and nothing else."""
    from .test_schema import validate

    events = spans = 0
    wrong = []
    for origin, found in results(model_resources):
        assert_round_trip(found, origin)
        for extraction in (r for r in found if isinstance(r, Extraction)):
            validate(build_payload([extraction]))
            events += len(extraction.events)
            text = extraction.document.text
            for span in [s for e in extraction.events for s in e.evidence] + [
                m for e in extraction.entities for m in e.mentions
            ]:
                spans += 1
                if flat(text[span.doc_start : span.doc_end]) != flat(span.text):
                    wrong.append(f"{origin}: {text[span.doc_start : span.doc_end]!r} != {span.text!r}")
    assert events > 100 and spans > 500
    assert not wrong, f"{len(wrong)} of {spans} spans:\n" + "\n".join(wrong[:10])


def test_rejections_round_trip() -> None:
    payload = {
        "schema": "sitrep/1",
        "documents": [],
        "reports": [],
        "events": [],
        "entities": [],
        "rejections": [{"origin": "a.txt", "stage": "segment", "reason": "x", "document_id": "a"}],
    }
    assert build_payload(*read_payload(payload)) == payload


@pytest.mark.parametrize(
    ("change", "field"),
    [({"type": "BATTLE"}, "'type'"), ({"attribution": "rumoured"}, "'attribution'"), ({"id": 7}, "'id'")],
)
def test_values_outside_the_contract_are_refused_naming_the_field(
    change: dict[str, object], field: str
) -> None:
    event = {
        "id": "d-e0-10-fight",
        "report_id": "d-r1",
        "document_id": "d",
        "type": "FIGHT",
        "summary": "",
        "date_precision": "day",
        "attribution": "reported",
        "confidence": 0.5,
        **change,
    }
    document = {
        "id": "d",
        "origin": "d.txt",
        "format": "text",
        "published_precision": "unknown",
        "language": "en",
        "timezone": "UTC",
        "timezone_source": "default",
        "ordering": "single",
    }
    payload = {
        "schema": "sitrep/1",
        "documents": [document],
        "reports": [],
        "events": [event],
        "entities": [],
    }
    with pytest.raises(MalformedInput, match=field):
        read_payload(payload)


def test_an_object_of_another_schema_or_with_orphans_is_refused() -> None:
    with pytest.raises(MalformedInput, match="not a sitrep/1 object"):
        read_payload({"schema": "sitrep/0"})
    orphan = {"id": "x-r1", "document_id": "x"}
    with pytest.raises(MalformedInput, match="report of a document that is not in the object: 'x'"):
        read_payload({"schema": "sitrep/1", "documents": [], "reports": [orphan]})
