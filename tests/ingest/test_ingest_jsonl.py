"""JSON Lines: one document a line; a bad line is a rejection naming ``path:LINE``."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from sitrep.config import Settings
from sitrep.ingest import read_bytes
from sitrep.model import InputFormat, RawDocument, Rejection, TimePrecision


def read_lines(*lines: str, origin: str = "feed.jsonl") -> list[RawDocument | Rejection]:
    return read_bytes("\n".join(lines).encode(), origin, Settings())


def line(**fields: object) -> str:
    return json.dumps(fields, ensure_ascii=False)


def test_each_line_is_a_document_with_its_own_id_and_metadata() -> None:
    results = read_lines(
        line(id="k-101", text="Landslide blocks the Amur pass.", published="2024-04-03",
             title="Landslide", url="https://www.ridge-news.example/k101", language="ru-RU"),
        "",
        "   ",
        line(id="k-102", text="Road reopened.", published="2024-04-04T09:30:15+07:00",
             outlet="Ridge News", timezone="Asia/Novosibirsk", author="Dana Ito", extra={"ignored": True}),
    )  # fmt: skip
    first, second = results
    assert isinstance(first, RawDocument)
    assert isinstance(second, RawDocument)
    assert (first.id, first.text, first.origin) == (
        "k-101",
        "Landslide blocks the Amur pass.",
        "feed.jsonl:1",
    )
    assert first.format is InputFormat.JSONL
    assert first.published == datetime(2024, 4, 3)
    assert first.published_precision is TimePrecision.DAY
    assert first.outlet == "ridge-news.example"
    assert first.language == "ru"
    assert first.title == "Landslide"
    assert second.origin == "feed.jsonl:4"
    assert second.published == datetime(2024, 4, 4, 9, 30, 15, tzinfo=timezone(timedelta(hours=7)))
    assert second.published_precision is TimePrecision.SECOND
    assert second.outlet == "Ridge News"
    assert second.timezone == "Asia/Novosibirsk"
    assert second.author == "Dana Ito"
    assert second.language == "en"


def test_minute_precision_and_null_fields() -> None:
    [document] = read_lines(
        line(id="a", text="Ash cloud over Vell.", published="2024-04-04T09:30Z", title=None)
    )
    assert isinstance(document, RawDocument)
    assert document.published == datetime(2024, 4, 4, 9, 30, tzinfo=UTC)
    assert document.published_precision is TimePrecision.MINUTE
    assert document.title is None


def test_duplicate_id_rejects_the_later_line() -> None:
    results = read_lines(
        line(id="a", text="First."),
        line(id="b", text="Second."),
        line(id="a", text="Third."),
    )
    assert [r.id for r in results if isinstance(r, RawDocument)] == ["a", "b"]
    rejection = results[2]
    assert rejection == Rejection(
        origin="feed.jsonl:3", stage="ingest", reason="duplicate id 'a' (first on line 1)", document_id="a"
    )


@pytest.mark.parametrize(
    ("bad_line", "reason"),
    [
        (line(text="No id here."), "missing required field 'id'"),
        (line(id="a"), "missing required field 'text'"),
        (line(id="  ", text="Blank id."), "empty required field 'id'"),
        (line(id="a", text=""), "empty required field 'text'"),
        (line(id=7, text="Numeric id."), "field 'id' must be a string, not a number"),
        (line(id="a", text=["list"]), "field 'text' must be a string, not an array"),
        (line(id="a", text="x", title=3), "field 'title' must be a string, not a number"),
        (line(id="a", text="x", published="soon"), "field 'published': not an ISO 8601 date or time: 'soon'"),
        (
            line(id="a", text="x", timezone="Mars/Olympus"),
            "field 'timezone': unknown time zone: 'Mars/Olympus'",
        ),
        (line(id="a", text="x", language="english!"), "field 'language': not a language code: 'english!'"),
        (line(id="a", text="bad\u0000text"), "binary data (NUL characters), not text"),
        ('["an", "array"]', "expected a JSON object, not an array"),
        ('{"id": "a", "text": "cut sho', "not valid JSON (Unterminated string starting at: column 21)"),
        ("{'id': 'a'}", "not valid JSON (Expecting property name enclosed in double quotes: column 2)"),
    ],
)
def test_bad_line_is_rejected_and_the_others_still_read(bad_line: str, reason: str) -> None:
    results = read_lines(line(id="ok-1", text="Fine."), bad_line, line(id="ok-2", text="Also fine."))
    assert [r.id for r in results if isinstance(r, RawDocument)] == ["ok-1", "ok-2"]
    [rejection] = [r for r in results if isinstance(r, Rejection)]
    assert rejection.origin == "feed.jsonl:2"
    assert rejection.stage == "ingest"
    assert rejection.reason == reason
    assert "\n" not in rejection.reason


def test_truncated_last_line() -> None:
    data = (
        line(id="a", text="Fine.") + "\n" + line(id="b", text="Whole.") + "\n" + '{"id": "c", "te'
    ).encode()
    results = read_bytes(data, "cut.jsonl", Settings())
    assert [type(r) for r in results] == [RawDocument, RawDocument, Rejection]
    assert isinstance(results[2], Rejection)
    assert results[2].origin == "cut.jsonl:3"
    assert results[2].reason.startswith("not valid JSON (")


def test_every_line_bad_still_returns_the_rejections() -> None:
    results = read_lines("{", line(id="x"), "[]", origin="all-bad.ndjson")
    assert all(isinstance(r, Rejection) for r in results)
    assert [r.origin for r in results] == ["all-bad.ndjson:1", "all-bad.ndjson:2", "all-bad.ndjson:3"]


def test_crlf_lines_and_byte_order_mark() -> None:
    data = (
        b"\xef\xbb\xbf" + (line(id="a", text="One.") + "\r\n" + line(id="b", text="Two.") + "\r\n").encode()
    )
    results = read_bytes(data, "win.jsonl", Settings())
    assert [r.id for r in results if isinstance(r, RawDocument)] == ["a", "b"]


def test_doc_id_does_not_rename_lines() -> None:
    [document] = read_bytes(line(id="own", text="Text.").encode(), "x.jsonl", Settings(), doc_id="other")
    assert isinstance(document, RawDocument)
    assert document.id == "own"
