"""Store: the living record in SQLite (default) or PostgreSQL.

In: raw input bytes, `RawDocument`s and what the pipeline made of them (`Extraction` or
`Rejection`). Out: `IngestOutcome`s, and on query `StoredFusedEvent`s with their claims,
documents and figures over time. Tables: raw inputs (byte for byte), documents and their text
versions, reports, mentions, entities, claims (per-report events) with actors, sources and
figures, fused events and their history, near-duplicate bands, rejections.

    Store.open(url) -> Store                      migrations run on open; SQLite in WAL mode
    store.keep_raw(data, origin) -> int           before processing
    store.seen(raw_document) -> bool              this exact text is stored already
    store.ingest(raw_document, result, raw_input_id=...) -> IngestOutcome   one transaction
    store.events(EventQuery(...)) -> list[StoredFusedEvent]
    store.figures(EventQuery(...))                events with figures
    store.counts() -> StoreCounts; store.check() -> list[str]   integrity problems
"""

from sitrep.store.database import database_url
from sitrep.store.records import Change, EventQuery, IngestOutcome, StoreCounts, StoredFusedEvent
from sitrep.store.store import Store

__all__ = [
    "Change",
    "EventQuery",
    "IngestOutcome",
    "Store",
    "StoreCounts",
    "StoredFusedEvent",
    "database_url",
]
