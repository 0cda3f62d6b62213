"""The catalog over the store: the API's reads on the store's public queries (`Store.events`,
`Store.event_page`, `Store.report_page`, ...), its writes through the same pipeline as
`sitrep ingest`."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sitrep.api.catalog import Change, Ingested, Page
from sitrep.api.schemas import EventFilters
from sitrep.config import Settings
from sitrep.export.living import fused_event_to_json
from sitrep.export.sitrep_json import rejection_to_json
from sitrep.model import Extraction, RawDocument, Rejection
from sitrep.pipeline import run_document
from sitrep.resources import Resources
from sitrep.store import EventQuery, Store
from sitrep.store.exchange import stored_record

logger = logging.getLogger(__name__)


def _day(value: date | datetime | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def event_query(filters: EventFilters, limit: int | None = None) -> EventQuery:
    """The API's filters as the store's query (dates are days there)."""
    return EventQuery(
        since=_day(filters.since),
        until=_day(filters.until),
        type=filters.type,
        place=filters.place,
        bbox=filters.box(),
        actor=filters.actor,
        source=filters.source,
        text=filters.q,
        event_ids=tuple(filters.id_list()),
        limit=limit,
    )


class StoreCatalog:
    """Reads and writes one store. The resources (the language model) load on the first write
    and are closed with the catalog."""

    def __init__(self, store: Store, settings: Settings, load_resources: Callable[[], Resources]) -> None:
        self.store = store
        self.settings = settings
        self._load_resources = load_resources
        self._resources: Resources | None = None
        self._write_lock = threading.Lock()

    def events(self, filters: EventFilters, limit: int, offset: int) -> Page:
        total, found = self.store.event_page(event_query(filters, limit), offset)
        return Page(total, [fused_event_to_json(e) for e in found])

    def event(self, event_id: str) -> dict[str, Any] | None:
        found = self.store.events(EventQuery(event_ids=(event_id,), limit=1))
        return fused_event_to_json(found[0]) if found else None

    def reports(self, filters: EventFilters, document: str | None, limit: int, offset: int) -> Page:
        plain = event_query(filters.model_copy(update={"ids": None}))
        total, found = self.store.report_page(plain, document, limit, offset, tuple(filters.id_list()))
        return Page(total, found)

    def report(self, report_id: str) -> dict[str, Any] | None:
        found = self.store.reports([report_id])
        return found[0] if found else None

    def reports_by_id(self, report_ids: list[str]) -> list[dict[str, Any]]:
        return self.store.reports(report_ids)

    def entities(self, q: str | None, kind: str | None, limit: int, offset: int) -> Page:
        return Page(*self.store.entity_page(q, kind, limit, offset))

    def entity(self, entity_id: str) -> dict[str, Any] | None:
        return self.store.entity(entity_id)

    def rejections(self, limit: int, offset: int) -> Page:
        return Page(*self.store.rejection_page(limit, offset))

    def record(self, document_ids: list[str]) -> list[dict[str, Any]]:
        return stored_record(self.store, document_ids)

    def counts(self) -> dict[str, int]:
        counts = self.store.counts()
        return {
            "documents": counts.documents,
            "reports": counts.reports,
            "claims": counts.claims,
            "events": counts.fused_events,
            "entities": counts.entities,
            "rejections": counts.rejections,
        }

    def version(self) -> str:
        return self.store.version()

    def cursor(self) -> str:
        return self.store.change_cursor()

    def changes_since(self, cursor: str) -> tuple[str, list[Change]]:
        after, changes = self.store.changes_since(cursor)
        return after, [Change(c.kind, c.keys) for c in changes]

    def ingest(self, documents: list[RawDocument]) -> Ingested:
        """Read and store documents as `sitrep ingest` does: raw bytes kept first, one
        transaction a document, an unchanged document adding nothing."""
        with self._write_lock:
            if self._resources is None:
                self._resources = self._load_resources()
            stored: list[str] = []
            rejections: list[dict[str, Any]] = []
            reports = events = 0
            for document in documents:
                raw_id = self.store.keep_raw(document.text.encode("utf-8"), document.origin)
                if self.store.seen(document):
                    stored.append(document.id)
                    continue
                result = run_document(document, self._resources, self.settings)
                outcome = self.store.ingest(document, result, raw_input_id=raw_id)
                if isinstance(result, Rejection):
                    rejections.append(rejection_to_json(result))
                elif isinstance(result, Extraction):
                    stored.append(document.id)
                    reports += outcome.reports_added + outcome.reports_changed
                    events += outcome.claims_added
            return Ingested(documents=stored, reports=reports, events=events, rejections=rejections)

    def watch(self, url: str, interval: float) -> None:
        """Register a feed in the store: every `sitrep watch --db` on this database polls it."""
        self.store.register_feed(url, interval)

    def close(self) -> None:
        if self._resources is not None:
            self._resources.close()
        self.store.close()
