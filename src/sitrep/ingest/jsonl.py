"""Decoded JSON Lines → one `RawDocument` per line, or a `Rejection` for a line that is bad.

Each non-blank line is one JSON object::

    {"id": "d1", "text": "...", "published": "2024-03-02T10:00+02:00", "title": "...",
     "url": "...", "outlet": "...", "author": "...", "language": "en", "timezone": "Asia/Almaty"}

``id`` and ``text`` are required non-empty strings; the others are optional strings (or
null). ``published`` is an ISO 8601 date (day precision) or date-time (minute or second
precision). Other keys are ignored. Blank lines are skipped.

A line that is not valid JSON (a truncated last line, say), lacks a field, has a field of
the wrong type or repeats an earlier line's ``id`` becomes a `Rejection` whose origin is
``path:LINE``; the other lines still give their documents. The document keeps the id its
line gave it and has ``path:LINE`` as its origin.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sitrep.errors import InputError, MalformedInput
from sitrep.ingest.decode import check_text
from sitrep.ingest.fields import check_timezone, normalise_language, outlet_from_url, parse_published
from sitrep.model import InputFormat, RawDocument, Rejection, TimePrecision

logger = logging.getLogger(__name__)

T = TypeVar("T")

_OPTIONAL = ("published", "title", "url", "outlet", "author", "language", "timezone")


@dataclass(frozen=True, slots=True)
class LineRecord:
    """The checked fields of one JSON line."""

    id: str
    text: str
    optional: dict[str, str]


def read_jsonl(text: str, origin: str) -> list[RawDocument | Rejection]:
    """Read every line of a JSON Lines input; bad lines become rejections, in line order."""
    results: list[RawDocument | Rejection] = []
    first_line_of: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        line_origin = f"{origin}:{number}"
        record: LineRecord | None = None
        try:
            record = parse_line(line, line_origin)
            if record.id in first_line_of:
                raise MalformedInput(
                    f"duplicate id {record.id!r} (first on line {first_line_of[record.id]})",
                    origin=line_origin,
                )
            results.append(build_document(record, line_origin))
            first_line_of[record.id] = number
        except InputError as exc:
            results.append(
                Rejection(
                    origin=line_origin,
                    stage=exc.stage,
                    reason=exc.reason,
                    document_id=record.id if record else None,
                )
            )
    return results


def parse_line(line: str, origin: str) -> LineRecord:
    """Check one line's JSON and its required and optional fields."""
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        raise MalformedInput(f"not valid JSON ({exc.msg}: column {exc.colno})", origin=origin) from exc
    except RecursionError as exc:
        raise MalformedInput("not valid JSON (nested too deeply)", origin=origin) from exc
    if not isinstance(value, dict):
        raise MalformedInput(f"expected a JSON object, not {_json_type(value)}", origin=origin)
    required = {name: _required_string(value, name, origin) for name in ("id", "text")}
    optional = {}
    for name in _OPTIONAL:
        field = value.get(name)
        if field is None:
            continue
        if not isinstance(field, str):
            raise MalformedInput(f"field {name!r} must be a string, not {_json_type(field)}", origin=origin)
        if field.strip():
            optional[name] = field
    for name, field in (*required.items(), *optional.items()):
        _check_unicode(name, field, origin)
    return LineRecord(required["id"], required["text"], optional)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _check_unicode(name: str, field: str, origin: str) -> None:
    """JSON may escape half of a UTF-16 pair (``"\\ud800"``): no text holds one alone, and it
    could not be written out again."""
    lone = _SURROGATE.search(field)
    if lone is not None:
        raise MalformedInput(
            f"field {name!r} is not valid Unicode: a lone surrogate U+{ord(lone[0]):04X} at character {lone.start()}",
            origin=origin,
        )


def build_document(record: LineRecord, origin: str) -> RawDocument:
    """The document for one checked line; `InputError` for a text or value that is unusable."""
    check_text(record.text, origin)
    fields = record.optional
    published = _convert(fields, "published", parse_published, origin)
    language = _convert(fields, "language", normalise_language, origin)
    timezone = _convert(fields, "timezone", check_timezone, origin)
    url = fields.get("url")
    return RawDocument(
        id=record.id,
        text=record.text,
        origin=origin,
        format=InputFormat.JSONL,
        title=fields.get("title"),
        published=published.time if published else None,
        published_precision=published.precision if published else TimePrecision.UNKNOWN,
        outlet=fields.get("outlet") or (outlet_from_url(url) if url else None),
        url=url,
        author=fields.get("author"),
        language=language or "en",
        timezone=timezone,
    )


def _convert(fields: dict[str, str], name: str, convert: Callable[[str], T], origin: str) -> T | None:
    if name not in fields:
        return None
    try:
        return convert(fields[name])
    except ValueError as exc:
        raise MalformedInput(f"field {name!r}: {exc}", origin=origin) from exc


def _required_string(value: dict[str, object], name: str, origin: str) -> str:
    field = value.get(name)
    if field is None:
        raise MalformedInput(f"missing required field {name!r}", origin=origin)
    if not isinstance(field, str):
        raise MalformedInput(f"field {name!r} must be a string, not {_json_type(field)}", origin=origin)
    if not field.strip():
        raise MalformedInput(f"empty required field {name!r}", origin=origin)
    return field


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", int: "a number"}
    return names.get(type(value), "a number")
