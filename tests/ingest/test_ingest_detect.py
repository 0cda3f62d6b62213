"""Format detection: by extension first, then by content; the settings can force a format."""

from __future__ import annotations

import pytest

from sitrep.config import Settings
from sitrep.ingest import detect_format, read_bytes
from sitrep.model import InputFormat, RawDocument


@pytest.mark.parametrize(
    ("origin", "expected"),
    [
        ("page.html", InputFormat.HTML),
        ("PAGE.HTM", InputFormat.HTML),
        ("page.xhtml", InputFormat.HTML),
        ("feed/lines.jsonl", InputFormat.JSONL),
        ("lines.ndjson", InputFormat.JSONL),
        ("lines.json-lines", InputFormat.JSONL),
        ("notes.txt", InputFormat.TEXT),
        ("notes.text", InputFormat.TEXT),
        ("notes.md", InputFormat.TEXT),
    ],
)
def test_extension_decides(origin: str, expected: InputFormat) -> None:
    # Content that looks like another format does not override a known extension.
    content = b'{"id": "x", "text": "y"}' if expected is not InputFormat.JSONL else b"<html><p>x</p></html>"
    assert detect_format(content, origin) is expected


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"<!DOCTYPE html><html><body><p>Rain.</p></body></html>", InputFormat.HTML),
        (b"\n\n  <html lang='en'><p>Rain.</p></html>", InputFormat.HTML),
        (b"<div class='story'><p>Rain over Tarsk.</p></div>", InputFormat.HTML),
        (b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"></html>', InputFormat.HTML),
        (b'\n{"id": "a1", "text": "Rain."}\n{"id": "a2", "text": "Sun."}\n', InputFormat.JSONL),
        (b'{ "id": "a1", "te', InputFormat.JSONL),
        (b"date 2022-01-06 World\n\nRain over Tarsk.", InputFormat.TEXT),
        (b"Rain over Tarsk; see <b>below</b>.", InputFormat.TEXT),
        (b"{curly} braces open this note.", InputFormat.TEXT),
    ],
)
def test_content_decides_without_a_known_extension(content: bytes, expected: InputFormat) -> None:
    assert detect_format(content, "-") is expected
    assert detect_format(content, "download.dat") is expected
    assert detect_format(content.decode(), "-") is expected


def test_sniffing_sees_through_byte_order_marks() -> None:
    page = "<!doctype html><p>Rain.</p>"
    assert detect_format(page.encode("utf-16"), "-") is InputFormat.HTML
    assert detect_format(b"\xef\xbb\xbf" + page.encode(), "-") is InputFormat.HTML
    assert detect_format("\ufeff" + page, "-") is InputFormat.HTML


def test_settings_force_the_format() -> None:
    page = b"<html><body><p>Rain over Tarsk.</p></body></html>"
    [as_text] = read_bytes(page, "page.html", Settings(input_format=InputFormat.TEXT))
    assert isinstance(as_text, RawDocument)
    assert as_text.format is InputFormat.TEXT
    assert as_text.text == page.decode()

    [as_html] = read_bytes(b"<p>Rain over Tarsk.</p>", "note.txt", Settings(input_format=InputFormat.HTML))
    assert isinstance(as_html, RawDocument)
    assert as_html.format is InputFormat.HTML
    assert as_html.text == "Rain over Tarsk."
