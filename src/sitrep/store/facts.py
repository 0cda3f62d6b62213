"""Tables for what was read: entities (merged across documents) and their mentions, sources,
per-report events (claims) with their actors and figures. Every row traces to a report and a
character span of it (and of the document version it was read from)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sitrep.store.base import Base, Id, UtcTime, utc_now


class EntityRow(Base):
    """One real-world referent across every document that names it."""

    __tablename__ = "entities"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    name: Mapped[str] = mapped_column(Text)
    actor_kind: Mapped[str | None] = mapped_column(String(64))
    country: Mapped[str | None] = mapped_column(String(8))
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    geonames_id: Mapped[int | None]
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"))


class EntityName(Base):
    """A name, alias or role an entity goes by (``kind``: name, alias or role)."""

    __tablename__ = "entity_names"
    __table_args__ = (UniqueConstraint("entity_id", "kind", "text"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(String(512))


class EntityKey(Base):
    """A key an entity is filed under (`sitrep.fuse.entity_keys`); a new entity sharing one merges."""

    __tablename__ = "entity_keys"
    __table_args__ = (UniqueConstraint("key", "entity_id"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    key: Mapped[str] = mapped_column(String(600), index=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"), index=True)


class MentionRow(Base):
    """Words of a report naming an entity."""

    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"), index=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    label: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int]
    end: Mapped[int]
    doc_start: Mapped[int]
    doc_end: Mapped[int]


class SourceRow(Base):
    """Who says so: a ministry, an agency, a broadcaster, a person."""

    __tablename__ = "sources"
    __table_args__ = (UniqueConstraint("name", "kind"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    name: Mapped[str] = mapped_column(String(512))
    kind: Mapped[str] = mapped_column(String(32))


class ClaimRow(Base):
    """One report's telling of an event (a per-report event), filed under one fused event."""

    __tablename__ = "claims"
    __table_args__ = (Index("ix_claims_fused_event_id_superseded", "fused_event_id", "superseded"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    key: Mapped[str] = mapped_column(String(700), unique=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    fused_event_id: Mapped[int | None] = mapped_column(ForeignKey("fused_events.id"))
    """Set in the same transaction the claim is stored in; never left empty."""
    type: Mapped[str] = mapped_column(String(16))
    mode: Mapped[str | None] = mapped_column(String(64))
    acled_event_type: Mapped[str | None] = mapped_column(String(64))
    acled_sub_event_type: Mapped[str | None] = mapped_column(String(64))
    summary: Mapped[str] = mapped_column(Text)
    day: Mapped[date | None] = mapped_column(Date)
    date_precision: Mapped[str] = mapped_column(String(16))
    place_name: Mapped[str | None] = mapped_column(String(256))
    country: Mapped[str | None] = mapped_column(String(8))
    admin1: Mapped[str | None] = mapped_column(String(256))
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    geonames_id: Mapped[int | None]
    place_precision: Mapped[str | None] = mapped_column(String(16))
    attribution: Mapped[str] = mapped_column(String(16))
    confidence: Mapped[float]
    report_time: Mapped[str | None] = mapped_column(String(40))
    report_time_utc: Mapped[datetime | None] = mapped_column(UtcTime)
    start: Mapped[int]
    end: Mapped[int]
    doc_start: Mapped[int]
    doc_end: Mapped[int]
    tokens: Mapped[str] = mapped_column(Text)
    """The content words fusion compares, space-separated."""
    context: Mapped[str] = mapped_column(Text, default="")
    """What its document is about, as fusion compares it: stored entity ids and title words."""
    superseded: Mapped[bool] = mapped_column(default=False)
    """Its report was replaced by a changed version: kept as history, left out of the figures."""
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    """The claim as a `sitrep/1` event, with the store's report key."""
    stored_at: Mapped[datetime] = mapped_column(UtcTime, default=utc_now)


class ClaimActor(Base):
    """A participant of a claim, resolved to a stored entity when the document named it."""

    __tablename__ = "claim_actors"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"), index=True)
    name: Mapped[str] = mapped_column(String(512))
    role: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(64))


class ClaimSource(Base):
    """One link of a claim's attribution chain, in order."""

    __tablename__ = "claim_sources"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    position: Mapped[int]
    via: Mapped[str | None] = mapped_column(String(512))


class FigureRow(Base):
    """A casualty figure as one claim states it."""

    __tablename__ = "figures"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(16))
    min: Mapped[int | None]
    max: Mapped[int | None]
    qualifier: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    group: Mapped[str | None] = mapped_column(String(256))
    start: Mapped[int]
    end: Mapped[int]
    doc_start: Mapped[int]
    doc_end: Mapped[int]
