"""What the API reads and writes, as one interface: the living record's queries.

`Catalog` is what the routes depend on; `sitrep.api.store_catalog.StoreCatalog` implements it
on the store's public query functions. Everything it returns is the `sitrep/1` JSON the
contract defines (fused events with ``documents``, ``claims`` and ``figures``; reports;
entities; rejections), so the API adds no second vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from sitrep.api.schemas import EventFilters
from sitrep.model import RawDocument

ChangeKind = Literal["report", "event", "figures"]


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a list, with the count of everything that matched."""

    total: int
    items: list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Change:
    """Something stored since the last look: new reports, new or changed events, changed figures."""

    kind: ChangeKind
    ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Ingested:
    """What a write stored."""

    documents: list[str]
    reports: int
    events: int
    rejections: list[dict[str, Any]] = field(default_factory=list)


class Catalog(Protocol):
    def events(self, filters: EventFilters, limit: int, offset: int) -> Page: ...

    def event(self, event_id: str) -> dict[str, Any] | None: ...

    def reports(self, filters: EventFilters, document: str | None, limit: int, offset: int) -> Page: ...

    def report(self, report_id: str) -> dict[str, Any] | None: ...

    def reports_by_id(self, report_ids: list[str]) -> list[dict[str, Any]]: ...

    def entities(self, q: str | None, kind: str | None, limit: int, offset: int) -> Page: ...

    def entity(self, entity_id: str) -> dict[str, Any] | None: ...

    def rejections(self, limit: int, offset: int) -> Page: ...

    def counts(self) -> dict[str, int]: ...

    def record(self, document_ids: list[str]) -> list[dict[str, Any]]:
        """Every stored version of these documents as `sitrep/1` objects, oldest first (the
        ``record`` of a JSON export, which ``sitrep ingest`` reads back)."""
        ...

    def version(self) -> str:
        """An opaque version of everything the read routes show: it moves with every write, by
        any process (answers are cached by it)."""
        ...

    def cursor(self) -> str:
        """Where the store's changes stand now (opaque): it moves with every change, by any process."""
        ...

    def changes_since(self, cursor: str) -> tuple[str, list[Change]]:
        """What changed after ``cursor``, and the cursor after those changes."""
        ...

    def ingest(self, documents: list[RawDocument]) -> Ingested: ...

    def watch(self, url: str, interval: float) -> None: ...

    def close(self) -> None: ...
