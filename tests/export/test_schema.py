"""docs/sitrep-1.md's JSON Schema: sitrep's output validates against it, and its vocabularies
are those of `sitrep.vocab` (so the document cannot drift from the code)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema

from sitrep import vocab
from sitrep.contract import build_payload
from sitrep.model import Extraction, InputFormat, NoiseKind, TimePrecision
from sitrep.resources import Resources

from .test_contract import results

DOCS = Path(__file__).resolve().parents[2] / "docs"
SCHEMA = json.loads((DOCS / "sitrep-1.schema.json").read_text(encoding="utf-8"))


def validate(payload: dict[str, Any]) -> None:
    jsonschema.validate(payload, SCHEMA, cls=jsonschema.Draft202012Validator)


def enum_at(*path: str) -> set[object]:
    node: Any = SCHEMA
    for key in path:
        node = node["oneOf"][1] if "oneOf" in node else node
        node = node[key]
    return set(node["enum"]) - {None}


def test_the_schema_is_a_valid_schema_and_documented() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert "sitrep-1.schema.json" in (DOCS / "sitrep-1.md").read_text(encoding="utf-8")


def test_the_schema_vocabularies_are_the_code_vocabularies() -> None:
    events = ("properties", "events", "items", "properties")
    assert enum_at(*events, "type") == set(vocab.PloverType)
    assert enum_at(*events, "acled", "properties", "event_type") == set(vocab.AcledEventType)
    assert enum_at(*events, "acled", "properties", "sub_event_type") == set(vocab.AcledSubEventType)
    assert enum_at(*events, "attribution") == set(vocab.AttributionLevel)
    assert enum_at(*events, "date_precision") == set(TimePrecision)
    assert enum_at(*events, "actors", "items", "properties", "role") == set(vocab.ActorRole)
    figure = (*events, "casualties", "items", "properties")
    assert enum_at(*figure, "outcome") == set(vocab.Outcome)
    assert enum_at(*figure, "qualifier") == set(vocab.Qualifier)
    assert enum_at(*figure, "scope") == set(vocab.FigureScope)
    assert enum_at(*events, "location", "properties", "precision") == set(vocab.PlacePrecision)
    assert enum_at("properties", "entities", "items", "properties", "kind") == set(vocab.EntityKind)
    assert enum_at("properties", "rejections", "items", "properties", "stage") == set(vocab.Stage)
    documents = ("properties", "documents", "items", "properties")
    assert enum_at(*documents, "format") == set(InputFormat)
    assert enum_at(*documents, "noise", "items", "properties", "kind") == set(NoiseKind)


def test_segment_only_output_validates() -> None:
    for _origin, found in results(Resources.segment_only()):
        validate(build_payload([r for r in found if isinstance(r, Extraction)]))


def test_an_output_breaking_the_contract_does_not_validate() -> None:
    payload = {"schema": "sitrep/1", "documents": [], "reports": [], "events": [{"id": "e"}], "entities": []}
    try:
        validate(payload)
    except jsonschema.ValidationError as exc:
        assert "required" in exc.message
    else:
        raise AssertionError("an event without its fields validated")
