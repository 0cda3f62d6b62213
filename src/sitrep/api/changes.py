"""The change feed: one poller a server follows the store's changes and wakes every open
stream, so what any process stores (this server, `sitrep ingest`, `sitrep watch`) reaches every
dashboard within one poll interval.

The feed numbers the changes it sees (1, 2, 3, ...): these are the stream's message ids, and a
dashboard that reconnects with ``Last-Event-ID`` gets what it missed from the recent ones kept.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool

from sitrep.api.catalog import Catalog, Change

logger = logging.getLogger(__name__)

KEEP = 5_000


@dataclass(frozen=True, slots=True)
class Numbered:
    seq: int
    change: Change


class ChangeFeed:
    """Polls the catalog; keeps the latest changes for streams that fall behind or reconnect."""

    def __init__(self, catalog: Catalog, interval: float) -> None:
        self.catalog = catalog
        self.interval = interval
        self.seq = 0
        self.recent: deque[Numbered] = deque(maxlen=KEEP)
        self._cursor = ""
        self._wake = asyncio.Condition()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._cursor = await run_in_threadpool(self.catalog.cursor)
        self._task = asyncio.create_task(self._run(), name="sitrep-change-feed")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        async with self._wake:
            self._wake.notify_all()

    async def poll(self) -> None:
        """Look once for new changes and wake the streams when there are some."""
        cursor, changes = await run_in_threadpool(self.catalog.changes_since, self._cursor)
        self._cursor = cursor
        if not changes:
            return
        for change in changes:
            self.seq += 1
            self.recent.append(Numbered(self.seq, change))
        async with self._wake:
            self._wake.notify_all()

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                await self.poll()
            except Exception:  # a failed poll (database busy or gone for a moment) is tried again
                logger.warning("could not read the store's changes; trying again", exc_info=True)

    def since(self, seq: int) -> list[Numbered]:
        """The kept changes after ``seq`` (all kept ones when ``seq`` is older than them)."""
        return [n for n in self.recent if n.seq > seq]

    async def wait(self, seq: int, timeout: float) -> None:
        """Sleep until a change after ``seq`` is known, or ``timeout`` seconds pass."""
        async with self._wake:
            if self.seq > seq:
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout)
