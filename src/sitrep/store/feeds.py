"""Feeds registered to be watched (``POST /api/feeds``): polled by every ``sitrep watch --db``
process on the same database, which looks for new ones as it runs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Float, String
from sqlalchemy.orm import Mapped, mapped_column

from sitrep.store.base import Base, Id, UtcTime, utc_now


class WatchedFeed(Base):
    """A feed or live-ticker page to poll, with its interval; registering it again updates it."""

    __tablename__ = "watched_feeds"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    interval: Mapped[float] = mapped_column(Float)
    registered_at: Mapped[datetime] = mapped_column(UtcTime, default=utc_now)


class StoreVersion(Base):
    """One row: a counter bumped by every transaction that stores a document, the key of the
    answer cache. Its row lock orders PostgreSQL writers, so the counter moves in commit order
    (a maximum id does not: ids are handed out before the commits, in another order)."""

    __tablename__ = "store_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    counter: Mapped[int] = mapped_column(BigInteger)
