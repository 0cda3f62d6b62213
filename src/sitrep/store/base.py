"""The declarative base every table of the store is mapped on, and the column types they share."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import BigInteger, DateTime, Integer, MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
"""Constraint names fixed by rule, so migrations name the same constraint the same way on every
database."""

Id = BigInteger().with_variant(Integer, "sqlite")
"""Primary keys: 64-bit on PostgreSQL, SQLite's rowid alias on SQLite."""

UtcTime = DateTime(timezone=False)
"""An instant, stored as naive UTC (both databases sort and compare it the same way)."""


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def utc_now() -> datetime:
    """Now, as the naive UTC the store keeps."""
    return datetime.now(UTC).replace(tzinfo=None)


def to_utc(moment: datetime | None) -> datetime | None:
    """A zone-aware time as naive UTC (a naive one is taken to be UTC already)."""
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)
