"""Hostile input found by trying bad documents as a new user would (issue 7 §4): each input is
built here, and each test failed before its fix."""

from __future__ import annotations

import json

import pytest

from sitrep.config import Settings
from sitrep.errors import MalformedInput
from sitrep.ingest import read_bytes
from sitrep.model import RawDocument, Rejection

BODY = "Police said two people were killed in clashes in the town on Tuesday."


def read(data: bytes, origin: str) -> list[RawDocument | Rejection]:
    return read_bytes(data, origin, Settings())


@pytest.mark.parametrize("published", ["0001-01-01", "9999-12-31", "0001-01-01T00:00+00:00"])
def test_a_placeholder_publication_date_in_json_lines_rejects_that_line(published: str) -> None:
    lines = [
        json.dumps({"id": "bad", "text": BODY, "published": published}),
        json.dumps({"id": "good", "text": BODY, "published": "2024-06-25"}),
    ]
    bad, good = read("\n".join(lines).encode(), "feed.jsonl")
    assert isinstance(bad, Rejection) and bad.origin == "feed.jsonl:1"
    assert "outside the years 1800 to 2200" in bad.reason and published in bad.reason
    assert isinstance(good, RawDocument) and good.id == "good"


@pytest.mark.parametrize("header", ["date 0001-01-01\n", "date 9999-12-31\n"])
def test_a_placeholder_date_line_is_read_as_body_text(header: str) -> None:
    [document] = read(f"{header}Clashes\n\n{BODY}\n".encode(), "report.txt")
    assert isinstance(document, RawDocument)
    assert document.published is None
    assert document.text.startswith(header.strip())


def test_a_placeholder_published_header_is_rejected() -> None:
    with pytest.raises(MalformedInput) as caught:
        read(f"published: 9999-12-31\n\n{BODY}\n".encode(), "report.txt")
    assert "outside the years 1800 to 2200" in caught.value.reason


@pytest.mark.parametrize("escaped", ["\\ud800", "\\udfff", "\\udc00 and more"])
def test_a_lone_surrogate_in_json_lines_rejects_that_line(escaped: str) -> None:
    data = (
        f'{{"id": "half", "text": "Shelling {escaped} in the town."}}\n{{"id": "whole", "text": "{BODY}"}}\n'
    )
    bad, good = read(data.encode(), "feed.jsonl")
    assert isinstance(bad, Rejection) and bad.origin == "feed.jsonl:1"
    assert "lone surrogate" in bad.reason
    assert isinstance(good, RawDocument) and good.id == "whole"


def test_a_surrogate_pair_is_one_character_and_reads() -> None:
    [document] = read(
        b'{"id": "pair", "text": "Flags \\ud83c\\uddfa\\ud83c\\udde6 over the town."}\n', "f.jsonl"
    )
    assert isinstance(document, RawDocument)
    assert "\U0001f1fa\U0001f1e6" in document.text


@pytest.mark.parametrize("end", ["\r", "\u2028", "\u2029", "\x85"])
def test_a_file_whose_lines_end_otherwise_keeps_its_body(end: str) -> None:
    data = f"date 2024-06-25{end}Floods in the valley{end}{end}{BODY}{end}".encode()
    [document] = read(data, "report.txt")
    assert isinstance(document, RawDocument)
    assert document.published is not None and document.published.year == 2024
    assert BODY in document.text[document.body_start :]
