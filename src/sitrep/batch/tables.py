"""One shard's `sitrep/1` objects → the bytes of its output files (JSON Lines or Parquet).

``list[dict] (one sitrep/1 object per document) → {relative path: bytes}``. JSON Lines shards
hold one `sitrep/1` object per document, as ``sitrep extract --format jsonl`` prints them.
Parquet shards split them into tables with one row per document, report, event and entity,
each row carrying its ``document_id``; the columns and nesting follow the `sitrep/1` fields
(``location`` and ``acled`` are structs, ``actors``, ``casualties``, ``sources``, ``evidence``
and ``mentions`` lists of structs); ``details``, whose keys vary, is a JSON string; reports
gain ``time_utc``, a timestamp to sort and filter on. Every shard of a table has the same
schema, so ``read_parquet('out/events/*.parquet')`` reads them as one table.

Rejections are always JSON Lines (``rejections/part-NNNNN.jsonl``), written only when a shard
has some.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq


class OutputFormat(StrEnum):
    """How shards are written."""

    JSONL = "jsonl"
    PARQUET = "parquet"


TABLES = ("documents", "reports", "events", "entities")
RECORDS = "records"
REJECTIONS = "rejections"

_STR = pa.string()
_INT = pa.int64()
_FLOAT = pa.float64()
_STRINGS = pa.list_(_STR)
_SPAN = pa.struct(
    [
        ("report_id", _STR),
        ("start", _INT),
        ("end", _INT),
        ("doc_start", _INT),
        ("doc_end", _INT),
        ("text", _STR),
    ]
)
_PLACE = pa.struct(
    [
        ("name", _STR),
        ("country", _STR),
        ("country_name", _STR),
        ("admin1", _STR),
        ("lat", _FLOAT),
        ("lon", _FLOAT),
        ("geonames_id", _INT),
        ("precision", _STR),
        ("aliases", _STRINGS),
    ]
)

SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema(
        [
            ("id", _STR),
            ("title", _STR),
            ("published", _STR),
            ("published_precision", _STR),
            ("outlet", _STR),
            ("url", _STR),
            ("author", _STR),
            ("language", _STR),
            ("origin", _STR),
            ("format", _STR),
            ("timezone", _STR),
            ("timezone_source", _STR),
            ("ordering", _STR),
            ("standfirst", _STR),
            (
                "noise",
                pa.list_(pa.struct([("kind", _STR), ("text", _STR), ("doc_start", _INT), ("doc_end", _INT)])),
            ),
        ]
    ),
    "reports": pa.schema(
        [
            ("id", _STR),
            ("document_id", _STR),
            ("seq", _INT),
            ("time", _STR),
            ("time_utc", pa.timestamp("ms", tz="UTC")),
            ("time_precision", _STR),
            ("time_source", _STR),
            ("headline", _STR),
            ("stamp", _STR),
            ("text", _STR),
            ("doc_start", _INT),
            ("doc_end", _INT),
        ]
    ),
    "events": pa.schema(
        [
            ("id", _STR),
            ("report_id", _STR),
            ("document_id", _STR),
            ("type", _STR),
            ("mode", _STR),
            ("context", _STRINGS),
            ("acled", pa.struct([("event_type", _STR), ("sub_event_type", _STR)])),
            ("summary", _STR),
            ("date", _STR),
            ("date_precision", _STR),
            ("location", _PLACE),
            (
                "actors",
                pa.list_(
                    pa.struct(
                        [
                            ("name", _STR),
                            ("role", _STR),
                            ("kind", _STR),
                            ("country", _STR),
                            ("entity_id", _STR),
                            ("aliases", _STRINGS),
                        ]
                    )
                ),
            ),
            (
                "casualties",
                pa.list_(
                    pa.struct(
                        [
                            ("outcome", _STR),
                            ("min", _INT),
                            ("max", _INT),
                            ("qualifier", _STR),
                            ("text", _STR),
                            ("group", _STR),
                            ("report_id", _STR),
                            ("start", _INT),
                            ("end", _INT),
                        ]
                    )
                ),
            ),
            ("sources", pa.list_(pa.struct([("name", _STR), ("kind", _STR), ("via", _STR)]))),
            ("attribution", _STR),
            ("contested_terms", _STRINGS),
            ("details", _STR),
            ("evidence", pa.list_(_SPAN)),
            ("confidence", _FLOAT),
        ]
    ),
    "entities": pa.schema(
        [
            ("id", _STR),
            ("document_id", _STR),
            ("name", _STR),
            ("kind", _STR),
            ("aliases", _STRINGS),
            ("roles", _STRINGS),
            ("lat", _FLOAT),
            ("lon", _FLOAT),
            ("geonames_id", _INT),
            ("country", _STR),
            ("mentions", pa.list_(_SPAN)),
        ]
    ),
}


def shard_name(index: int) -> str:
    """The file stem of shard ``index``: ``part-00042``."""
    return f"part-{index:05d}"


def shard_files(
    index: int, records: list[dict[str, Any]], rejections: list[dict[str, Any]], output_format: OutputFormat
) -> dict[str, bytes]:
    """Relative path → bytes of every file of one shard."""
    stem = shard_name(index)
    files: dict[str, bytes] = {}
    if output_format is OutputFormat.JSONL:
        files[f"{RECORDS}/{stem}.jsonl"] = _json_lines(records)
    else:
        for table, rows in table_rows(records).items():
            files[f"{table}/{stem}.parquet"] = parquet_bytes(
                pa.Table.from_pylist(rows, schema=SCHEMAS[table])
            )
    if rejections:
        files[f"{REJECTIONS}/{stem}.jsonl"] = _json_lines(rejections)
    return files


def table_rows(records: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Rows of each table from per-document `sitrep/1` objects, in document order."""
    rows: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES}
    for record in records:
        rows["documents"].extend(record["documents"])
        rows["reports"].extend({**r, "time_utc": _utc(r["time"])} for r in record["reports"])
        rows["events"].extend(
            {**e, "details": json.dumps(e["details"], sort_keys=True)} for e in record["events"]
        )
        document_id = record["documents"][0]["id"]
        rows["entities"].extend({**e, "document_id": document_id} for e in record["entities"])
    return rows


def parquet_bytes(table: pa.Table) -> bytes:
    """A table as the bytes of one Parquet file (zstd-compressed)."""
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue()


def _json_lines(rows: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode("utf-8")


def _utc(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value).astimezone(UTC) if value else None
