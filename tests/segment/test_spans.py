"""Spans map back to the document exactly: a span across removed text is split there."""

from __future__ import annotations

from sitrep.config import Settings
from sitrep.ingest import read_bytes
from sitrep.model import RawDocument
from sitrep.segment import segment_document

TICKER = (
    "date 2024-05-02\n"
    "+++ 10.30 p.m .: Police closed the bridge, said the Interior Ministry Tarsk* "
    "Officials expect the water to fall.\n\n"
    "Rescue teams at the river © Jane Roe / AP\n\n"
    "Boats brought 40 people to the school.\n\n"
    "Floods: the night in pictures\n\n"
    "+++ 9.00 p.m .: Rain began in the\n"
    "afternoon and did not stop.\n"
)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_every_part_of_a_span_is_its_own_words_in_the_document() -> None:
    settings = Settings(timezone="UTC")
    [raw] = read_bytes(TICKER.encode(), "floods.txt", settings)
    assert isinstance(raw, RawDocument)
    document = segment_document(raw, settings)
    first, second = document.reports
    assert "© Jane Roe" not in first.text and "*" not in first.text
    parts = first.mentions(0, len(first.text))
    assert len(parts) > 1
    for part in parts:
        assert flat(document.text[part.doc_start : part.doc_end]) == flat(part.text), part
        assert first.text[part.start : part.end] == part.text
    assert flat(" ".join(p.text for p in parts)) == flat(first.text)
    # A line break the cleaner read as a space does not split a span.
    [whole] = second.mentions(0, len(second.text))
    assert flat(document.text[whole.doc_start : whole.doc_end]) == flat(second.text)
