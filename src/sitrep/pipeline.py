"""The pipeline end to end: inputs → `Extraction`s, with bad documents as `Rejection`s.

``Iterable[RawDocument | Rejection] → Iterator[Extraction | Rejection]``. Each document goes
through segmentation and, when an analyser is given, analysis and coding. A document that fails
at any stage becomes a `Rejection` naming the stage and the reason, and the run goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any, Protocol

from sitrep.config import Settings
from sitrep.errors import InputError, SitrepError
from sitrep.export.sitrep_json import build_payload
from sitrep.ingest import read_bytes
from sitrep.model import Document, Extraction, RawDocument, Rejection
from sitrep.segment import segment_document

logger = logging.getLogger(__name__)


class Analyser(Protocol):
    """Reads a segmented document's reports into events and entities."""

    def analyse(self, document: Document) -> Extraction: ...


def extract(
    inputs: Iterable[RawDocument | Rejection], settings: Settings, analyser: Analyser | None = None
) -> Iterator[Extraction | Rejection]:
    """Segment (and analyse) every document; yield a Rejection for each one that fails."""
    for item in inputs:
        if isinstance(item, Rejection):
            yield item
            continue
        try:
            document = segment_document(item, settings)
        except SitrepError as exc:
            yield Rejection(item.origin, "segment", exc.reason, item.id)
            continue
        if analyser is None:
            yield Extraction(document)
            continue
        try:
            yield analyser.analyse(document)
        except SitrepError as exc:
            yield Rejection(item.origin, "analyse", exc.reason, item.id)


def extract_json(
    data: bytes, origin: str, settings: Settings, analyser: Analyser | None = None
) -> dict[str, Any]:
    """Read one input's bytes and return its `sitrep/1` object (the library's one-call entry)."""
    try:
        inputs: list[RawDocument | Rejection] = read_bytes(data, origin, settings)
    except InputError as exc:
        inputs = [Rejection(origin, "ingest", exc.reason)]
    results = list(extract(inputs, settings, analyser))
    extractions = [r for r in results if isinstance(r, Extraction)]
    rejections = [r for r in results if isinstance(r, Rejection)]
    return build_payload(extractions, rejections)
