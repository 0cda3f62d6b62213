"""Gold files of labelled texts: ACLED CSV exports, PLOVER JSON records, and label TSV files.

In:  a file path.
Out: one record a usable row (`AcledRow`, `PloverRecord`, `LabelledText`), or a `Skipped`
     naming the row and why it cannot be used, in file order. A file that cannot be read at
     all raises `sitrep.errors.InputError` naming the file and the reason.

ACLED: columns ``notes`` (the text) and ``sub_event_type`` are needed; ``event_type``,
``actor1``, ``actor2``, ``fatalities``, ``location``, ``latitude``, ``longitude``,
``event_date`` and ``event_id_cnty`` are read when present (any case; comma, semicolon or
tab separated). PLOVER: a JSON list, JSON Lines, or the comma-separated objects of the PLOVER
gold-standard file, with the field spellings in `PLOVER_FIELDS`. TSV: ``text<TAB>CODE`` or
``id<TAB>text<TAB>CODE`` a line, an optional header, ``#`` comments; CODE is one of
``data/acled_codes.tsv`` (or the sub-event type spelled out, or NONE for "no event").
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sitrep.errors import BinaryInput, EmptyInput, EncodingError, MalformedInput
from sitrep.eval.metrics import NONE
from sitrep.eval.records import Query, Skipped
from sitrep.eval.vocab import event_type_of, event_type_of_sub, plover_type_of, sub_event_type_of

logger = logging.getLogger(__name__)

# The spellings of each field a PLOVER record may use, in order of preference: the PLOVER
# gold-standard records (``event``, ``source``/``target`` lists of ``actorText``), later
# drafts of the manual (``recipient``) and flat exports (``event_type``, ``source_actor``).
PLOVER_FIELDS: Mapping[str, tuple[str, ...]] = {
    "text": ("text", "sentence", "story", "document"),
    "type": ("event", "event_type", "eventType", "type", "plover_type", "category"),
    "mode": ("mode", "event_mode", "eventMode"),
    "source": ("source", "source_actor", "sourceActor", "source_text", "actor", "actor_text"),
    "target": (
        "target",
        "target_actor",
        "targetActor",
        "target_text",
        "recipient",
        "recipient_actor",
        "recipient_text",
    ),
    "date": ("date", "publication_date", "pub_date"),
    "id": ("id", "event_id", "record_id"),
}
ACTOR_NAME_KEYS = ("actorText", "actor_text", "text", "name")
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y", "%B %d, %Y")
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")


@dataclass(frozen=True, slots=True)
class AcledRow:
    """One row of an ACLED export: its ``notes`` and what ACLED coded from them."""

    id: str
    where: str
    text: str
    sub_event_type: str
    event_type: str
    actor1: str = ""
    actor2: str = ""
    fatalities: int | None = None
    location: str = ""
    lat: float | None = None
    lon: float | None = None
    date: str | None = None

    def query(self) -> Query:
        return Query(self.id, dated(self.text, self.date), "UTC")


@dataclass(frozen=True, slots=True)
class PloverRecord:
    """One PLOVER event record: a sentence, its event type, mode and actors."""

    id: str
    where: str
    text: str
    type: str
    mode: str = ""
    sources: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    date: str | None = None

    def query(self) -> Query:
        return Query(self.id, dated(self.text, self.date), "UTC")


@dataclass(frozen=True, slots=True)
class LabelledText:
    """A text and the ACLED sub-event type it reports (``none``: no event)."""

    id: str
    where: str
    text: str
    sub_event_type: str

    @property
    def event_type(self) -> str:
        return event_type_of_sub(self.sub_event_type)

    def query(self) -> Query:
        return Query(self.id, self.text, "UTC")


def dated(text: str, date: str | None) -> str:
    """The text as sitrep reads it: a ``date`` line first when the publication date is known."""
    return f"date {date}\n{text}" if date else text


def read_gold_bytes(path: Path) -> bytes:
    """A gold file's bytes; unreadable, binary or empty files raise `InputError`."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise MalformedInput(f"cannot be read: {exc.strerror or exc}", origin=str(path)) from exc
    if b"\x00" in data[:8192]:
        raise BinaryInput("binary data, not a text gold file", origin=str(path))
    if not data.strip():
        raise EmptyInput("empty gold file", origin=str(path))
    return data


def read_text_file(path: Path) -> str:
    """A gold file's text (UTF-8, an optional byte-order mark); bad files raise `InputError`."""
    data = read_gold_bytes(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EncodingError(f"not UTF-8 text (bad byte at offset {exc.start})", origin=str(path)) from exc
    if not text.strip():
        raise EmptyInput("empty gold file", origin=str(path))
    return text


def parse_date(value: str) -> str | None:
    """An ISO ``YYYY-MM-DD`` date from the spellings ACLED exports use; None if none fits."""
    value = value.strip()
    candidates = (value[:10], value) if re.match(r"\d{4}-\d{2}-\d{2}", value) else (value,)
    for candidate in candidates:
        for pattern in DATE_FORMATS:
            try:
                return datetime.strptime(candidate, pattern).date().isoformat()
            except ValueError:
                continue
    return None


# ---------------------------------------------------------------------------------------------
# ACLED


def read_acled(path: Path) -> Iterator[AcledRow | Skipped]:
    """Rows of an ACLED CSV export, each an `AcledRow` or a `Skipped`."""
    text = read_text_file(path)
    header_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=header_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except (StopIteration, csv.Error) as exc:
        raise MalformedInput(f"no CSV header: {exc}", origin=str(path)) from exc
    missing = [c for c in ("notes", "sub_event_type") if c not in header]
    if missing:
        raise MalformedInput(
            f"not an ACLED export: no {' or '.join(missing)} column (columns: {', '.join(header[:12])})",
            origin=str(path),
        )
    number = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Skipped(f"{path.name}:{reader.line_num}", f"broken CSV: {exc}")
            return
        number += 1
        if not any(v.strip() for v in values):
            continue
        where = f"{path.name}:{reader.line_num}"
        if len(values) != len(header):
            yield Skipped(where, f"{len(values)} fields where the header has {len(header)}")
            continue
        yield acled_row(dict(zip(header, values, strict=True)), where, number)


def acled_row(row: dict[str, str], where: str, number: int) -> AcledRow | Skipped:
    """One export row read, or why it cannot be used."""
    field = {k: v.strip() for k, v in row.items()}
    text = row.get("notes", "").strip()
    if not text:
        return Skipped(where, "empty notes")
    sub = sub_event_type_of(field.get("sub_event_type", ""))
    if sub is None or sub == NONE:
        return Skipped(where, f"sub_event_type {field.get('sub_event_type')!r} is none of ACLED's 25")
    event_type = event_type_of_sub(sub)
    if field.get("event_type") and event_type_of(field["event_type"]) != event_type:
        return Skipped(where, f"event_type {field['event_type']!r} does not hold sub_event_type {sub!r}")
    try:
        fatalities = int(float(field["fatalities"])) if field.get("fatalities") else None
        lat = float(field["latitude"]) if field.get("latitude") else None
        lon = float(field["longitude"]) if field.get("longitude") else None
    except ValueError as exc:
        return Skipped(where, f"not a number: {exc}")
    if (lat is None) != (lon is None) or (
        lat is not None and not (-90 <= lat <= 90 and -180 <= (lon or 0) <= 180)
    ):
        return Skipped(where, f"bad coordinates {field.get('latitude')!r}, {field.get('longitude')!r}")
    date = None
    if field.get("event_date"):
        date = parse_date(field["event_date"])
        if date is None:
            return Skipped(where, f"event_date {field['event_date']!r} is no date")
    return AcledRow(
        id=field.get("event_id_cnty") or f"row {number}",
        where=where,
        text=text,
        sub_event_type=sub,
        event_type=event_type,
        actor1=field.get("actor1", ""),
        actor2=field.get("actor2", ""),
        fatalities=fatalities,
        location=field.get("location", ""),
        lat=lat,
        lon=lon,
        date=date,
    )


# ---------------------------------------------------------------------------------------------
# Label TSV


def read_tsv(path: Path) -> Iterator[LabelledText | Skipped]:
    """Lines of a label TSV file, each a `LabelledText` or a `Skipped`."""
    first = True
    for number, line in enumerate(read_text_file(path).splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        where = f"{path.name}:{number}"
        is_first, first = first, False
        if len(fields) not in (2, 3):
            yield Skipped(
                where, f"{len(fields)} tab-separated fields; expected text and code (or id, text, code)"
            )
            continue
        sub = sub_event_type_of(fields[-1])
        if sub is None and is_first and fields[-2].lower() in {"text", "notes", "sentence"}:
            continue  # a header line
        if sub is None:
            yield Skipped(where, f"unknown code {fields[-1]!r} (see the code table)")
        elif not fields[-2]:
            yield Skipped(where, "empty text")
        else:
            sample_id = fields[0] if len(fields) == 3 and fields[0] else f"line {number}"
            yield LabelledText(sample_id, where, fields[-2], sub)


# ---------------------------------------------------------------------------------------------
# PLOVER


def read_plover(path: Path) -> Iterator[PloverRecord | Skipped]:
    """Records of a PLOVER JSON file, each a `PloverRecord` or a `Skipped`."""
    for where, raw in plover_objects(read_text_file(path), path):
        yield plover_record(raw, where)


def plover_objects(text: str, path: Path) -> list[tuple[str, Any]]:
    """``(where, object)`` of every record: a JSON list (or an object holding one), JSON
    Lines, or objects separated by commas with trailing commas (the PLOVER gold-standard file)."""
    try:
        whole = json.loads(text)
    except ValueError as first_error:
        lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
        try:
            return [(f"{path.name}:{n}", json.loads(line)) for n, line in lines]
        except ValueError:
            pass
        try:
            relaxed = json.loads("[" + _TRAILING_COMMA.sub(r"\1", text.strip().rstrip(",")) + "]")
        except ValueError:
            raise MalformedInput(
                f"neither JSON, JSON Lines nor comma-separated JSON objects ({first_error})", origin=str(path)
            ) from first_error
        whole = relaxed
    if isinstance(whole, dict):
        inner = next(
            (whole[k] for k in ("records", "events", "data") if isinstance(whole.get(k), list)), None
        )
        whole = inner if inner is not None else [whole]
    if not isinstance(whole, list):
        raise MalformedInput("PLOVER gold is a list of record objects", origin=str(path))
    return [(f"{path.name}: record {n}", raw) for n, raw in enumerate(whole, 1)]


def first_field(raw: dict[str, Any], field: str) -> Any:
    """The value of the first spelling of ``field`` the record has (empty values skipped)."""
    return next((raw[k] for k in PLOVER_FIELDS[field] if raw.get(k) not in (None, "", [])), None)


def actor_names(value: Any) -> tuple[str, ...]:
    """Actor names from a string, an object with an ``actorText``/``text``/``name``, or a list of those."""
    values = value if isinstance(value, list) else [value]
    names = []
    for item in values:
        if isinstance(item, dict):
            item = next(
                (item[k] for k in ACTOR_NAME_KEYS if isinstance(item.get(k), str) and item[k].strip()), ""
            )
        if isinstance(item, str) and item.strip():
            names.append(item.strip())
    return tuple(names)


def plover_record(raw: Any, where: str) -> PloverRecord | Skipped:
    """One record read, or why it cannot be used."""
    if not isinstance(raw, dict):
        return Skipped(where, "a record is a JSON object")
    text = first_field(raw, "text")
    if not isinstance(text, str) or not text.strip():
        return Skipped(where, f"no text (one of {', '.join(PLOVER_FIELDS['text'])})")
    label = first_field(raw, "type")
    if isinstance(label, dict):
        label = label.get("type") or label.get("event_type")
    plover_type = plover_type_of(label) if isinstance(label, str) else None
    if plover_type is None:
        return Skipped(where, f"event type {label!r} is none of PLOVER's 19")
    date = first_field(raw, "date")
    mode = first_field(raw, "mode")
    record_id = first_field(raw, "id")
    return PloverRecord(
        id=str(record_id) if record_id is not None else where,
        where=where,
        text=text.strip(),
        type=plover_type,
        mode=mode.strip() if isinstance(mode, str) else "",
        sources=actor_names(first_field(raw, "source")),
        targets=actor_names(first_field(raw, "target")),
        date=parse_date(date) if isinstance(date, str) else None,
    )
