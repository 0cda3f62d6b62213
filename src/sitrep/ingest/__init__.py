"""Ingest: sources (files, folders, standard input) → `RawDocument` records, or `Rejection` s.

Ingest decodes, detects the format (plain text, HTML, JSON Lines), extracts the main text of
HTML pages and reads what each input says about itself (title, publication time, outlet,
URL, author, language). It does not segment or clean text: captions, credits and boilerplate
are the segmenter's business.

    detect_format(data, origin) -> InputFormat
    read_bytes(data, origin, settings, *, doc_id=None) -> list[RawDocument | Rejection]
    read_sources(sources, settings) -> Iterator[RawDocument | Rejection]
    read_inputs(names, settings) -> Iterator[RawDocument | Rejection]   (paths, folders, -)

A `Source` is anything with ``read(settings) -> Iterator[RawDocument | Rejection]``:
`PathSource`, `StdinSource`, and `MemorySource` (bytes in memory, for tests).
"""

from sitrep.ingest.detect import detect_format
from sitrep.ingest.sources import (
    MemorySource,
    PathSource,
    Source,
    StdinSource,
    read_bytes,
    read_inputs,
    read_sources,
    source_for,
)

__all__ = [
    "MemorySource",
    "PathSource",
    "Source",
    "StdinSource",
    "detect_format",
    "read_bytes",
    "read_inputs",
    "read_sources",
    "source_for",
]
