"""Decoded plain text → `RawDocument`, reading an optional header at the very top.

The document's ``text`` is the input exactly as decoded, header included; ``body_start`` is
the offset just after the header's last line (its newline included). Two header forms are
read, and both are optional:

1. A first line ``date YYYY-MM-DD`` (leading blanks and words after the date, such as a
   breadcrumb, are allowed: `` date 2022-01-06 Home page politics``). It gives ``published``
   at midnight, day precision, no time zone.
2. Then, or instead, lines ``key: value`` ending at a blank line, with keys (any case)
   ``title``, ``url``, ``outlet``, ``author``, ``published`` (or ``date``; ISO 8601 such as
   ``2024-03-02`` or ``2024-03-02T10:00+02:00``), ``language`` (``en``, ``de-AT``) and
   ``timezone`` (an IANA name such as ``Asia/Almaty``). Every line up to the blank line
   must be such a line, or none is read as a header; a bad value in a header that was
   read is a `MalformedInput`.

Without an ``outlet`` the host of ``url`` (without ``www.``) names the outlet.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from datetime import datetime

from sitrep.errors import EmptyInput, MalformedInput
from sitrep.ingest.fields import (
    check_timezone,
    check_year,
    normalise_language,
    outlet_from_url,
    parse_published,
)
from sitrep.model import InputFormat, RawDocument, TimePrecision

logger = logging.getLogger(__name__)

# A line ends as Python's str.splitlines() ends one: LF, CR LF, CR alone (old Mac files),
# U+2028/U+2029 and the other Unicode separators, so a file with CR-only line ends keeps its body.
_EOL = r"(?:\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]|\Z)"
_NOT_EOL = r"[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]"
_DATE_LINE = re.compile(
    rf"[ \t]*date[ \t]+(\d{{4}})-(\d{{2}})-(\d{{2}})(?![\d-]){_NOT_EOL}*{_EOL}", re.IGNORECASE
)
_FIELD_LINE = re.compile(
    rf"(title|url|outlet|author|published|date|language|timezone)[ \t]*:[ \t]*(\S{_NOT_EOL}*?)[ \t]*{_EOL}",
    re.IGNORECASE,
)
_BLANK_LINE = re.compile(rf"[ \t]*{_EOL}")


@dataclass(frozen=True, slots=True)
class Header:
    """What the top of a text file says about the document, and where its body begins."""

    body_start: int = 0
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: datetime | None = None
    published_precision: TimePrecision = TimePrecision.UNKNOWN
    language: str = "en"
    timezone: str | None = None


def read_text(text: str, origin: str, doc_id: str) -> RawDocument:
    """Build the document for one decoded text input; `MalformedInput` for a bad header."""
    header = read_header(text, origin)
    if not text[header.body_start :].strip():
        raise EmptyInput("no text after the header", origin=origin)
    return RawDocument(
        id=doc_id,
        text=text,
        origin=origin,
        format=InputFormat.TEXT,
        title=header.title,
        published=header.published,
        published_precision=header.published_precision,
        outlet=header.outlet or (outlet_from_url(header.url) if header.url else None),
        url=header.url,
        author=header.author,
        language=header.language,
        timezone=header.timezone,
        body_start=header.body_start,
    )


def read_header(text: str, origin: str) -> Header:
    """Read the optional ``date`` line and ``key: value`` block at the top of ``text``."""
    header = Header()
    start = 0
    date_line = _DATE_LINE.match(text)
    if date_line:
        try:
            day = datetime(int(date_line[1]), int(date_line[2]), int(date_line[3]))
            check_year(day, date_line[0])
        except ValueError:
            logger.warning("%s: first line names no real date; read as body text", origin)
        else:
            header = Header(body_start=date_line.end(), published=day, published_precision=TimePrecision.DAY)
            start = date_line.end()
    return read_fields(text, start, header, origin)


def read_fields(text: str, start: int, header: Header, origin: str) -> Header:
    """Read a block of ``key: value`` lines ending at a blank line, if one begins at ``start``."""
    lines: list[tuple[str, str]] = []
    position = start
    while match := _FIELD_LINE.match(text, position):
        lines.append((match[1].lower(), match[2]))
        position = match.end()
    if not lines or not _BLANK_LINE.match(text, position):
        return header
    for key, value in lines:
        header = _apply_field(header, key, value, origin)
    return replace(header, body_start=position)


def _apply_field(header: Header, key: str, value: str, origin: str) -> Header:
    try:
        if key in ("published", "date"):
            published = parse_published(value)
            return replace(header, published=published.time, published_precision=published.precision)
        if key == "language":
            return replace(header, language=normalise_language(value))
        if key == "timezone":
            return replace(header, timezone=check_timezone(value))
    except ValueError as exc:
        raise MalformedInput(f"header line {key!r}: {exc}", origin=origin) from exc
    if key == "title":
        return replace(header, title=value)
    if key == "url":
        return replace(header, url=value)
    if key == "outlet":
        return replace(header, outlet=value)
    return replace(header, author=value)
