"""A catalog held in memory, for testing the HTTP layer (routes, error shape, tokens, stream)
without a database. It filters the way the contract says and records changes as a store does."""

from __future__ import annotations

import threading
from typing import Any

from sitrep.api.catalog import Change, Ingested, Page
from sitrep.api.schemas import EventFilters
from sitrep.model import RawDocument


class MemoryCatalog:
    def __init__(
        self, events: list[dict[str, Any]], reports: list[dict[str, Any]], entities: list[dict[str, Any]]
    ):
        self._events = {e["id"]: e for e in events}
        self._reports = {r["id"]: r for r in reports}
        self._entities = {e["id"]: e for e in entities}
        self._rejections: list[dict[str, Any]] = []
        self._log: list[Change] = []
        self._lock = threading.Lock()
        self.watched: list[tuple[str, float]] = []
        self.closed = False

    # writes a test makes, as another process would
    def add(self, *, reports: list[dict[str, Any]] = (), events: list[dict[str, Any]] = ()) -> None:  # type: ignore[assignment]
        with self._lock:
            for report in reports:
                self._reports[report["id"]] = report
            for event in events:
                self._events[event["id"]] = event
            if reports:
                self._log.append(Change("report", tuple(r["id"] for r in reports)))
            if events:
                self._log.append(Change("event", tuple(e["id"] for e in events)))
                self._log.append(Change("figures", tuple(e["id"] for e in events if e.get("figures"))))

    def _match(self, event: dict[str, Any], f: EventFilters) -> bool:
        date = event.get("date") or ""
        loc = event.get("location") or {}
        if f.since and date < str(f.since)[:10]:
            return False
        if f.until and date > str(f.until)[:10]:
            return False
        if f.types() and event["type"] not in f.types():
            return False
        if (
            f.place
            and f.place.lower()
            not in " ".join(str(loc.get(k, "")) for k in ("name", "admin1", "country")).lower()
        ):
            return False
        box = f.box()
        if box and not (
            isinstance(loc.get("lat"), float)
            and box[0] <= loc["lon"] <= box[2]
            and box[1] <= loc["lat"] <= box[3]
        ):
            return False
        if f.actor and not any(f.actor.lower() in a["name"].lower() for a in event.get("actors", [])):
            return False
        if f.source and not any(f.source.lower() in s["name"].lower() for s in event.get("sources", [])):
            return False
        if f.q and f.q.lower() not in (event.get("summary") or "").lower():
            return False
        return not (f.id_list() and event["id"] not in f.id_list())

    def events(self, filters: EventFilters, limit: int, offset: int) -> Page:
        found = [e for e in self._events.values() if self._match(e, filters)]
        found.sort(key=lambda e: (e.get("date") or "", e["id"]))
        return Page(len(found), found[offset : offset + limit])

    def event(self, event_id: str) -> dict[str, Any] | None:
        return self._events.get(event_id)

    def reports(self, filters: EventFilters, document: str | None, limit: int, offset: int) -> Page:
        wanted = set(filters.id_list())
        plain = filters.model_copy(update={"ids": None})
        event_ids = {e["id"] for e in self._events.values() if self._match(e, plain)}
        unfiltered = not any(getattr(plain, k) for k in EventFilters.model_fields)
        found = [
            r
            for r in reversed(list(self._reports.values()))
            if (not wanted or r["id"] in wanted)
            and (document is None or r["document_id"] == document)
            and (unfiltered or any(c["event_id"] in event_ids for c in r.get("events", [])))
        ]
        return Page(len(found), found[offset : offset + limit])

    def report(self, report_id: str) -> dict[str, Any] | None:
        return self._reports.get(report_id)

    def reports_by_id(self, report_ids: list[str]) -> list[dict[str, Any]]:
        return [self._reports[r] for r in report_ids if r in self._reports]

    def entities(self, q: str | None, kind: str | None, limit: int, offset: int) -> Page:
        found = [
            e
            for e in self._entities.values()
            if (not q or q.lower() in " ".join([e["name"], *e.get("aliases", [])]).lower())
            and (not kind or e["kind"] == kind)
        ]
        return Page(len(found), found[offset : offset + limit])

    def entity(self, entity_id: str) -> dict[str, Any] | None:
        return self._entities.get(entity_id)

    def rejections(self, limit: int, offset: int) -> Page:
        return Page(len(self._rejections), self._rejections[offset : offset + limit])

    def record(self, document_ids: list[str]) -> list[dict[str, Any]]:
        return [{"schema": "sitrep/1", "documents": [{"id": d}]} for d in document_ids]

    def counts(self) -> dict[str, int]:
        return {"events": len(self._events), "reports": len(self._reports), "entities": len(self._entities)}

    def version(self) -> str:
        return str(len(self._log))

    def cursor(self) -> str:
        return str(len(self._log))

    def changes_since(self, cursor: str) -> tuple[str, list[Change]]:
        with self._lock:
            return str(len(self._log)), self._log[int(cursor or 0) :]

    def ingest(self, documents: list[RawDocument]) -> Ingested:
        reports = [
            {"id": f"{d.id}-r1", "document_id": d.id, "time": None, "headline": d.title, "text": d.text}
            for d in documents
        ]
        self.add(reports=reports)
        return Ingested(documents=[d.id for d in documents], reports=len(reports), events=0)

    def watch(self, url: str, interval: float) -> None:
        self.watched.append((url, interval))

    def close(self) -> None:
        self.closed = True
