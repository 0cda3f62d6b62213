"""The situation reports made from the store: when each was made and what it showed, so the next
report can say what changed since (``sitrep report --since-last``).

    record_brief(store, shown) -> None     remember a report made now and the events it showed
    last_brief(store) -> MadeBrief | None  the latest one
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, select
from sqlalchemy.orm import Mapped, mapped_column

from sitrep.store.base import Base, Id, UtcTime, utc_now

if TYPE_CHECKING:
    from sitrep.store.store import Store


class BriefRow(Base):
    """One situation report made: when, and per event shown its claim count and figure ranges."""

    __tablename__ = "briefs"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    made_at: Mapped[datetime] = mapped_column(UtcTime, default=utc_now)
    shown: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


@dataclass(frozen=True, slots=True)
class MadeBrief:
    made_at: datetime
    """Zone-aware UTC."""
    shown: dict[str, Any]


def record_brief(store: Store, shown: dict[str, Any]) -> None:
    with store.writing() as session:
        session.add(BriefRow(shown=shown))


def last_brief(store: Store) -> MadeBrief | None:
    with store.reading() as session:
        row = session.scalars(select(BriefRow).order_by(BriefRow.id.desc()).limit(1)).first()
        if row is None:
            return None
        return MadeBrief(row.made_at.replace(tzinfo=UTC), dict(row.shown))
