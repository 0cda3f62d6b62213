"""Plain text: the document is the input as decoded; an optional header gives metadata."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from sitrep.config import Settings
from sitrep.errors import EmptyInput, MalformedInput
from sitrep.ingest import read_bytes
from sitrep.model import InputFormat, RawDocument, TimePrecision

TICKER = (
    " date 2023-11-19 Home page world\n"
    "\n"
    "Storm surge floods the harbour of Port Tamsin. The coast guard closes the bay.\n"
    "\n"
    "+++ 8.15 p.m .: The coast guard said two ferries were stuck at the pier.\n"
)


def read_document(data: bytes, origin: str = "000_ab12.txt", **kwargs: str) -> RawDocument:
    [document] = read_bytes(data, origin, Settings(), **kwargs)
    assert isinstance(document, RawDocument)
    return document


def test_seed_style_date_line() -> None:
    document = read_document(TICKER.encode())
    assert document.id == "000_ab12"
    assert document.format is InputFormat.TEXT
    assert document.text == TICKER
    assert document.published == datetime(2023, 11, 19)
    assert document.published.tzinfo is None
    assert document.published_precision is TimePrecision.DAY
    assert document.body_start == len(" date 2023-11-19 Home page world\n")
    assert document.text[document.body_start :].lstrip().startswith("Storm surge")
    assert document.origin == "000_ab12.txt"
    assert document.language == "en"


def test_the_real_seed_file_reads_with_its_date() -> None:
    from pathlib import Path

    seed = Path("/work/shared/seed/000_6a952856eb75bdcb.txt")
    if not seed.exists():
        pytest.skip("seed file not present")
    document = read_document(seed.read_bytes(), str(seed))
    assert document.id == "000_6a952856eb75bdcb"
    assert document.published == datetime(2022, 1, 6)
    assert document.text[: document.body_start] == " date 2022-01-06 Home page politics\n"


def test_without_header_everything_is_body() -> None:
    text = "Storm surge floods Port Tamsin.\nThe bay is closed."
    document = read_document(text.encode())
    assert document.body_start == 0
    assert document.published is None
    assert document.published_precision is TimePrecision.UNKNOWN
    assert document.title is None


def test_date_line_without_a_real_date_is_body_text() -> None:
    text = "date 2023-13-45 is not a day\nStorm surge floods Port Tamsin."
    document = read_document(text.encode())
    assert document.body_start == 0
    assert document.published is None


def test_crlf_line_ends_keep_offsets_exact() -> None:
    text = "date 2023-11-19\r\n\r\nStorm surge floods Port Tamsin.\r\n"
    document = read_document(text.encode())
    assert document.text == text
    assert document.body_start == len("date 2023-11-19\r\n")


def test_key_value_header() -> None:
    text = (
        "Title: Storm surge in Port Tamsin\n"
        "url: https://www.tamsin-tribune.example/storm\n"
        "published: 2023-11-19T20:15+01:00\n"
        "author: Ola Brekke\n"
        "language: nb-NO\n"
        "timezone: Europe/Oslo\n"
        "\n"
        "Storm surge floods the harbour."
    )
    document = read_document(text.encode(), "storm.txt")
    assert document.title == "Storm surge in Port Tamsin"
    assert document.url == "https://www.tamsin-tribune.example/storm"
    assert document.outlet == "tamsin-tribune.example"
    assert document.published == datetime(2023, 11, 19, 20, 15, tzinfo=timezone(timedelta(hours=1)))
    assert document.published_precision is TimePrecision.MINUTE
    assert document.author == "Ola Brekke"
    assert document.language == "nb"
    assert document.timezone == "Europe/Oslo"
    assert document.text == text
    assert document.body_start == text.index("\nStorm")


def test_date_line_then_key_value_header() -> None:
    text = "date 2023-11-19 Home\noutlet: Tamsin Tribune\ntitle: Storm\n\nStorm surge floods the harbour."
    document = read_document(text.encode())
    assert document.published == datetime(2023, 11, 19)
    assert document.outlet == "Tamsin Tribune"
    assert document.title == "Storm"
    assert document.text[document.body_start :] == "\nStorm surge floods the harbour."


def test_block_with_an_unknown_key_is_not_a_header() -> None:
    text = "Title: Storm\nUpdate: the bay is closed\n\nMore text."
    document = read_document(text.encode())
    assert document.body_start == 0
    assert document.title is None


def test_key_lines_not_ended_by_a_blank_line_are_not_a_header() -> None:
    text = "Title: Storm\nThe bay is closed."
    document = read_document(text.encode())
    assert document.body_start == 0
    assert document.title is None


def test_bad_value_in_a_header_is_rejected() -> None:
    text = "title: Storm\npublished: last Tuesday\n\nThe bay is closed."
    with pytest.raises(MalformedInput) as caught:
        read_bytes(text.encode(), "storm.txt", Settings())
    assert caught.value.reason == "header line 'published': not an ISO 8601 date or time: 'last Tuesday'"
    assert caught.value.origin == "storm.txt"


def test_header_without_body_is_empty() -> None:
    with pytest.raises(EmptyInput) as caught:
        read_bytes(b"date 2023-11-19 Home\n\n  \n", "storm.txt", Settings())
    assert str(caught.value) == "storm.txt: no text after the header"


def test_doc_id_overrides_the_file_stem() -> None:
    assert read_document(b"The bay is closed.", "storm.txt", doc_id="d7").id == "d7"
    assert read_document(b"The bay is closed.", "-").id == "stdin"
    assert read_document(b"The bay is closed.", "dir/report.2023.txt").id == "report.2023"


def test_byte_order_mark_is_not_part_of_the_text() -> None:
    document = read_document(b"\xef\xbb\xbfdate 2023-11-19\nThe bay is closed.")
    assert document.text == "date 2023-11-19\nThe bay is closed."
    assert document.published == datetime(2023, 11, 19)
