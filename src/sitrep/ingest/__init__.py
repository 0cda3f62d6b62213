"""Ingest: inputs (files, folders, standard input) → `RawDocument` records, or `Rejection` s.

Ingest decodes, detects the format (plain text, HTML, JSON Lines), extracts the main text of
HTML pages and reads what each input says about itself (title, publication time, outlet,
URL, author, language). It does not segment or clean text: captions, credits and boilerplate
are the segmenter's business.

    detect_format(data, origin) -> InputFormat
    read_bytes(data, origin, settings, *, doc_id=None) -> list[RawDocument | Rejection]
    read_inputs(paths, settings) -> Iterator[RawDocument | Rejection]
"""

from sitrep.ingest.detect import detect_format
from sitrep.ingest.sources import read_bytes, read_inputs

__all__ = ["detect_format", "read_bytes", "read_inputs"]
