"""The declarative base every table of the store is mapped on, and the column types they share."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import BigInteger, DateTime, Integer, MetaData, func, select, text
from sqlalchemy.orm import DeclarativeBase, Session

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


def new_ids(session: Session, table: type[Base], count: int) -> list[int]:
    """The ids the database would give the next ``count`` rows of ``table``, drawn now, so that
    the rows go in as one executemany (rows waiting for their ids go in one statement each).

    SQLite gives a new row the largest id plus one (the writer holds the write lock from the
    transaction's start); PostgreSQL draws from the id column's sequence, as the insert would."""
    if count <= 0:
        return []
    connection = session.connection()  # not the session: its pending rows must wait for these ids
    if connection.dialect.name == "postgresql":
        drawn = connection.execute(_DRAW_IDS, {"table": table.__tablename__, "count": count}).scalars()
        return sorted(drawn)
    last = connection.execute(select(func.max(table.__table__.c.id))).scalar() or 0
    return list(range(last + 1, last + 1 + count))


_DRAW_IDS = text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :count)")
