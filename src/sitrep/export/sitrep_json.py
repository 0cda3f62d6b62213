"""The `sitrep/1` JSON export: the contract's writer (`sitrep.contract`) and the library's
one-call entry, `extract_json`: one input's bytes to their `sitrep/1` object.
"""

from __future__ import annotations

from typing import Any

from sitrep.config import Settings
from sitrep.contract import (
    SCHEMA,
    build_payload,
    document_to_json,
    entity_to_json,
    event_to_json,
    extraction_to_json,
    figure_to_json,
    place_to_json,
    read_payload,
    rejection_to_json,
    report_to_json,
    span_to_json,
)
from sitrep.errors import InputError
from sitrep.ingest import read_bytes
from sitrep.model import Extraction, RawDocument, Rejection
from sitrep.pipeline import run
from sitrep.resources import Resources
from sitrep.vocab import Stage

__all__ = [
    "SCHEMA",
    "build_payload",
    "document_to_json",
    "entity_to_json",
    "event_to_json",
    "extract_json",
    "extraction_to_json",
    "figure_to_json",
    "place_to_json",
    "read_payload",
    "rejection_to_json",
    "report_to_json",
    "span_to_json",
]


def extract_json(data: bytes, origin: str, settings: Settings, resources: Resources) -> dict[str, Any]:
    """Read one input's bytes with the run's ``resources`` and return its `sitrep/1` object;
    an input that cannot be read, or a document that fails, is listed under ``rejections``."""
    try:
        inputs: list[RawDocument | Rejection] = read_bytes(data, origin, settings)
    except InputError as exc:
        inputs = [Rejection(origin, Stage.INGEST, exc.reason)]
    results = list(run(inputs, resources, settings))
    return build_payload(
        [r for r in results if isinstance(r, Extraction)], [r for r in results if isinstance(r, Rejection)]
    )
