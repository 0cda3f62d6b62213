"""What the store hands out: plain records, never ORM rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from sitrep.fuse import FigureSummary


class Change(StrEnum):
    """What ingesting one document did."""

    ADDED = "added"
    """A document not seen before: its reports, entities and claims were stored."""
    UPDATED = "updated"
    """A new text of a known document (a live ticker): only new and changed entries were stored."""
    LINKED = "linked"
    """A near-duplicate of a stored document: kept and linked to it, its claims not counted again."""
    UNCHANGED = "unchanged"
    """The same text again: nothing was stored."""
    REJECTED = "rejected"
    """The document failed a stage: the rejection was stored."""


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    """The result of storing one document."""

    document_key: str | None
    change: Change
    reports_added: int = 0
    reports_changed: int = 0
    claims_added: int = 0
    events_created: int = 0
    duplicate_of: str | None = None
    similarity: float | None = None


@dataclass(frozen=True, slots=True)
class EventQuery:
    """Filters of `Store.events`; every one given must hold."""

    since: date | None = None
    until: date | None = None
    type: str | None = None
    """A PLOVER type (FIGHT) or an ACLED event or sub-event type (Battles, Armed clash)."""
    place: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    """(west, south, east, north) in degrees."""
    actor: str | None = None
    source: str | None = None
    text: str | None = None
    event_ids: tuple[str, ...] = ()
    limit: int | None = None


@dataclass(frozen=True, slots=True)
class StoredFusedEvent:
    """A fused event as the `sitrep/1` living-record contract shows it."""

    id: str
    fields: dict[str, Any]
    """The `sitrep/1` event fields (type, acled, date, location, actors, casualties, ...)."""
    documents: tuple[str, ...]
    claims: tuple[dict[str, Any], ...]
    figures: dict[str, FigureSummary] = field(default_factory=dict)
    history: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class StoreCounts:
    """How much the store holds."""

    raw_inputs: int
    documents: int
    reports: int
    claims: int
    fused_events: int
    entities: int
    rejections: int
