"""Tables for fusion: fused events (one real event, many claims) and the history of every
decision that made, merged or split them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from sitrep.store.base import Base, Id, UtcTime, utc_now


class FusedEventRow(Base):
    """One real-world event. Its place, days and type are its claims' consensus, kept here for
    blocking and filtering; ``status`` is active, or merged (into ``merged_into_id``)."""

    __tablename__ = "fused_events"
    __table_args__ = (
        # Blocking seeks by the last day: a live claim's window reaches only recent events.
        Index("ix_fused_events_block_last_day", "type_group", "date_to", "date_from"),
        Index("ix_fused_events_block_cell_day", "type_group", "cell", "date_to"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    status: Mapped[str] = mapped_column(String(8), default="active", index=True)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("fused_events.id"))
    type: Mapped[str] = mapped_column(String(16), index=True)
    type_group: Mapped[str] = mapped_column(String(16))
    date_from: Mapped[date | None] = mapped_column(Date)
    date_to: Mapped[date | None] = mapped_column(Date)
    cell: Mapped[str] = mapped_column(String(40))
    country: Mapped[str | None] = mapped_column(String(8), index=True)
    admin1: Mapped[str | None] = mapped_column(String(256))
    place_name: Mapped[str | None] = mapped_column(String(256))
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    geonames_id: Mapped[int | None]
    place_precision: Mapped[str | None] = mapped_column(String(16))
    claim_count: Mapped[int] = mapped_column(default=0)
    revision: Mapped[int] = mapped_column(default=0)
    """Bumped on every change, so a cached profile of the event knows when it is stale."""
    created_at: Mapped[datetime] = mapped_column(UtcTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UtcTime, default=utc_now)


class FusionStep(Base):
    """One fusion decision: a claim created or joined an event; events merged; an event split."""

    __tablename__ = "fusion_history"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    action: Mapped[str] = mapped_column(String(8))
    fused_event_id: Mapped[int] = mapped_column(ForeignKey("fused_events.id"), index=True)
    other_event_id: Mapped[int | None] = mapped_column(ForeignKey("fused_events.id"))
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"))
    score: Mapped[float | None]
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(UtcTime, default=utc_now)
