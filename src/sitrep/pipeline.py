"""The pipeline end to end: inputs → `Extraction`s, with bad documents as `Rejection`s.

``Iterable[RawDocument | Rejection] → Iterator[Extraction | Rejection]``. Each document goes
through segmentation and, when an analyser is given, analysis and coding. A document that fails
at any stage becomes a `Rejection` naming the stage and the reason, and the run goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from sitrep.config import Settings
from sitrep.errors import InputError, SitrepError
from sitrep.export.sitrep_json import build_payload
from sitrep.ingest import read_bytes
from sitrep.model import AnalysedDocument, Document, Event, Extraction, RawDocument, Rejection
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
    data: bytes, origin: str, settings: Settings, analyser: Analyser | None = None, *, analyse: bool = True
) -> dict[str, Any]:
    """Read one input's bytes and return its `sitrep/1` object (the library's one-call entry).

    Without an ``analyser`` the default one is loaded once a process (`default_reader`);
    ``analyse=False`` reads reports only.
    """
    if analyser is None and analyse:
        analyser = default_reader(settings)
    try:
        inputs: list[RawDocument | Rejection] = read_bytes(data, origin, settings)
    except InputError as exc:
        inputs = [Rejection(origin, "ingest", exc.reason)]
    results = list(extract(inputs, settings, analyser))
    extractions = [r for r in results if isinstance(r, Extraction)]
    rejections = [r for r in results if isinstance(r, Rejection)]
    return build_payload(extractions, rejections)


class EventReader:
    """The analysis and coding stages together: a segmented document into an `Extraction`."""

    def __init__(self, analyser: TextAnalyserLike, coder: CoderLike) -> None:
        self.analyser = analyser
        self.coder = coder

    def analyse(self, document: Document) -> Extraction:
        analysed = self.analyser.analyse(document)
        return Extraction(document=document, events=self.coder.code(analysed), entities=analysed.entities)


class TextAnalyserLike(Protocol):
    def analyse(self, document: Document) -> AnalysedDocument: ...


class CoderLike(Protocol):
    def code(self, analysed: AnalysedDocument) -> tuple[Event, ...]: ...


def default_reader(settings: Settings) -> EventReader:
    """The reader for these settings, loaded on first use and kept for the process (only the
    cache folder matters to it: time zones and formats belong to earlier stages)."""
    return _reader_for(settings.cache_dir)


@cache
def _reader_for(cache_dir: Path | None) -> EventReader:
    return load_reader(Settings(cache_dir=cache_dir))


def load_reader(settings: Settings) -> EventReader:
    """Load the language pipeline, the gazetteer and the event-type model (once a run)."""
    from sitrep.code.coder import Coder
    from sitrep.code.event_model import EventTypeModel
    from sitrep.nlp.analyse import TextAnalyser

    logger.info("loading the language pipeline and the gazetteer")
    return EventReader(TextAnalyser.load(settings), Coder(model=EventTypeModel.load()))
