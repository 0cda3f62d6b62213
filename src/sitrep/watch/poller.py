"""Sources that are polled (feeds, pages, folders) → only their new and changed documents, to a sink.

    watcher = Watcher([UrlSource(url, fetcher, settings), FolderSource(path, settings)], sink)
    watcher.run()            # until watcher.stop() (a signal handler calls it), or once=True

Each source has its own interval. A poll hands every new or changed document to the sink, one
at a time; the sink (a callable taking a `RawDocument`) runs the rest of the pipeline and stores
or prints the result. What counts as new:

* **a URL** (`UrlSource`): it is fetched with the validators of its last answer, so an unchanged
  feed or page costs a ``304 Not Modified``; an answer whose bytes are the same as last time is
  not read again. A feed's entries are new when their key (guid) was not seen, changed when
  their title or text differs from the version handed on before; a page (a live ticker) is one
  document, handed on again when its text changes, under the same id, so that the store can
  keep the entries that are new or changed as new versions;
* **a folder** (`FolderSource`): every file in it, recursively (hidden ones skipped), is read
  when its size or modification time changed and it has not been touched for ``settle``
  seconds (so a file still being written is read on a later poll); of what it holds, only the
  documents whose text changed are handed on.

A document counts as handled only after the sink returned, and a poll's validators are kept only
after all its documents were handled, so a stop in the middle loses nothing the next poll would
not bring back. A failing poll (network, HTTP status, unreadable feed) is logged in one line
and retried after an exponential backoff with jitter: the interval times ``2**failures``, at
most ``max_backoff``, at least what a ``Retry-After`` header asked for, drawn uniformly from
the upper half of that. `Watcher.stop` (safe to call from a signal handler) ends the run once
the document in hand is finished.
"""

from __future__ import annotations

import hashlib
import logging
import random
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from sitrep.config import Settings
from sitrep.errors import FetchError, InputError, SitrepError
from sitrep.ingest.decode import check_size
from sitrep.ingest.feeds import Feed
from sitrep.ingest.http import Fetcher, Validators
from sitrep.ingest.remote import read_answer
from sitrep.ingest.sources import read_bytes, walk_folder
from sitrep.model import RawDocument, Rejection
from sitrep.vocab import Stage

logger = logging.getLogger(__name__)

MAX_REMEMBERED = 20_000
"""Keys of handed-on documents a source keeps in its saved state."""

Sink = Callable[[RawDocument, bytes], None]
"""Takes one new or changed document and the bytes it was read from (a feed's, a page's, a
file's: the raw input to keep); raises a `SitrepError` if it could not take it (a store that is
down), and the poll is then retried later."""


@dataclass(frozen=True, slots=True)
class Found:
    """A new or changed document, with the key and fingerprint that say so."""

    key: str
    fingerprint: str
    document: RawDocument
    data: bytes = field(repr=False, default=b"")
    """The bytes the document was read from."""


@dataclass(frozen=True, slots=True)
class Poll:
    """What one poll found: new or changed documents and rejections, and a note for the log."""

    items: tuple[Found | Rejection, ...]
    note: str


class PolledSource(Protocol):
    """Something polled: a feed or page by URL, or a folder."""

    @property
    def name(self) -> str: ...

    @property
    def interval(self) -> float: ...

    def poll(self) -> Poll:
        """Look for new and changed documents; raises a `SitrepError` when the poll fails."""
        ...

    def handled(self, item: Found) -> None:
        """Remember that ``item`` reached the sink."""
        ...

    def completed(self) -> None:
        """Remember the last poll as wholly handled (its validators, its file stamps)."""
        ...

    def save(self) -> dict[str, Any]:
        """What the source remembers, as JSON-ready data (see `restore`)."""
        ...

    def restore(self, state: dict[str, Any]) -> None:
        """Take back what `save` gave; raises `ValueError` for data it did not write."""
        ...


class UrlSource:
    """A feed or page by URL; what it is is read from each answer."""

    def __init__(self, url: str, fetcher: Fetcher, settings: Settings, *, interval: float = 300.0) -> None:
        self.name = url
        self.interval = interval
        self._fetcher = fetcher
        self._settings = settings
        self._validators: Validators | None = None
        self._digest: str | None = None
        self._pending: tuple[Validators, str | None] | None = None
        self._seen: dict[str, str] = {}
        self._rejected: set[tuple[str, str]] = set()

    def poll(self) -> Poll:
        fetched = self._fetcher.fetch(self.name, self._validators)
        if fetched.not_modified:
            self._pending = (fetched.validators, self._digest)
            return Poll((), "not modified")
        digest = _digest(fetched.content)
        self._pending = (fetched.validators, digest)
        if digest == self._digest:
            return Poll((), "unchanged")
        answer = read_answer(fetched, self.name, self._settings)
        if isinstance(answer, Feed):
            found = [
                Found(e.key, e.fingerprint, e.document, fetched.content)
                for e in answer.entries
                if self._seen.get(e.key) != e.fingerprint
            ]
            note = f"feed of {len(answer.entries)} entries, {len(found)} new or changed"
            rejections = list(answer.rejections)
        else:
            documents = [item for item in answer if isinstance(item, RawDocument)]
            rejections = [item for item in answer if isinstance(item, Rejection)]
            found = [
                Found(d.id, _fingerprint(d), d, fetched.content)
                for d in documents
                if self._seen.get(d.id) != _fingerprint(d)
            ]
            note = f"{len(documents)} document(s), {len(found)} new or changed"
        return Poll((*found, *self._first_time(rejections)), note)

    def handled(self, item: Found) -> None:
        self._seen.pop(item.key, None)
        self._seen[item.key] = item.fingerprint

    def completed(self) -> None:
        if self._pending is not None:
            self._validators, self._digest = self._pending
            self._pending = None

    def save(self) -> dict[str, Any]:
        validators = self._validators or Validators()
        return {
            "etag": validators.etag,
            "last_modified": validators.last_modified,
            "digest": self._digest,
            "seen": _recent(self._seen),
        }

    def restore(self, state: dict[str, Any]) -> None:
        etag, modified, digest = state.get("etag"), state.get("last_modified"), state.get("digest")
        if not all(v is None or isinstance(v, str) for v in (etag, modified, digest)):
            raise ValueError("validators are not strings")
        self._validators = Validators(etag, modified)
        self._digest = digest
        self._seen = _string_map(state.get("seen", {}))

    def _first_time(self, rejections: Sequence[Rejection]) -> list[Rejection]:
        """Rejections not reported before (an unreadable entry is named once, not every poll)."""
        fresh = [r for r in rejections if (r.origin, r.reason) not in self._rejected]
        self._rejected.update((r.origin, r.reason) for r in fresh)
        return fresh


class FolderSource:
    """A folder whose new and changed files are read."""

    def __init__(
        self, folder: str, settings: Settings, *, interval: float = 300.0, settle: float = 1.0
    ) -> None:
        self.name = folder
        self.interval = interval
        self._settings = settings
        self._settle = settle
        self._stamps: dict[str, tuple[int, int]] = {}
        self._pending: dict[str, tuple[int, int]] = {}
        self._listed: set[str] = set()
        self._seen: dict[str, str] = {}

    def poll(self) -> Poll:
        folder = Path(self.name)
        if not folder.is_dir():
            raise SitrepError("no such folder", origin=self.name)
        items: list[Found | Rejection] = []
        self._pending = {}
        files = waiting = 0
        listed: set[str] = set()
        now = time.time()
        for entry in walk_folder(folder):
            if isinstance(entry, Rejection):
                items.append(entry)
                continue
            files += 1
            listed.add(str(entry))
            try:
                info = entry.stat()
            except OSError:
                continue  # gone since it was listed
            stamp = (info.st_mtime_ns, info.st_size)
            if self._stamps.get(str(entry)) == stamp:
                continue
            if now - info.st_mtime < self._settle:
                waiting += 1
                continue
            self._pending[str(entry)] = stamp
            data, results = self._read(entry)
            for result in results:
                if isinstance(result, Rejection):
                    items.append(result)
                    continue
                key = f"{entry}\0{result.id}"
                if self._seen.get(key) != _fingerprint(result):
                    items.append(Found(key, _fingerprint(result), result, data))
        self._listed = listed
        note = f"{files} files, {sum(isinstance(i, Found) for i in items)} new or changed documents"
        return Poll(tuple(items), note + (f", {waiting} still being written" if waiting else ""))

    def handled(self, item: Found) -> None:
        self._seen.pop(item.key, None)
        self._seen[item.key] = item.fingerprint

    def _read(self, path: Path) -> tuple[bytes, list[RawDocument | Rejection]]:
        """A file's bytes (within the size limit) and the documents they hold, or its rejection."""
        origin = str(path)
        try:
            check_size(path.stat().st_size, origin, self._settings)
            with path.open("rb") as handle:
                data = handle.read(self._settings.max_bytes + 1)
            check_size(len(data), origin, self._settings)
            return data, read_bytes(data, origin, self._settings)
        except InputError as exc:
            return b"", [Rejection(origin=exc.origin or origin, stage=exc.stage, reason=exc.reason)]
        except OSError as exc:
            return b"", [
                Rejection(origin=origin, stage=Stage.INGEST, reason=f"cannot read: {exc.strerror or exc}")
            ]

    def completed(self) -> None:
        self._stamps = {path: stamp for path, stamp in self._stamps.items() if path in self._listed}
        self._stamps.update(self._pending)
        self._pending = {}

    def save(self) -> dict[str, Any]:
        return {
            "stamps": {path: list(stamp) for path, stamp in self._stamps.items()},
            "seen": _recent(self._seen),
        }

    def restore(self, state: dict[str, Any]) -> None:
        stamps = state.get("stamps", {})
        if not isinstance(stamps, dict) or not all(
            isinstance(v, list) and len(v) == 2 and all(isinstance(n, int) for n in v)
            for v in stamps.values()
        ):
            raise ValueError("file stamps are not pairs of integers")
        self._stamps = {str(path): (v[0], v[1]) for path, v in stamps.items()}
        self._seen = _string_map(state.get("seen", {}))


@dataclass(slots=True)
class WatchStats:
    """What a run of the watcher did."""

    polls: int = 0
    failures: int = 0
    documents: int = 0
    rejections: int = 0


@dataclass(slots=True)
class _Schedule:
    source: PolledSource
    due: float
    failures: int = 0
    polls: int = 0


@dataclass(slots=True)
class Watcher:
    """Polls its sources, each on its own interval, until stopped."""

    sources: Sequence[PolledSource]
    sink: Sink
    reject: Callable[[Rejection], None] | None = None
    polled: Callable[[PolledSource], None] | None = None
    """Called after every poll, whether it completed, failed or was cut short by a stop."""
    max_backoff: float = 3600.0
    rng: random.Random = field(default_factory=random.Random)
    clock: Callable[[], float] = time.monotonic
    stats: WatchStats = field(default_factory=WatchStats)
    discover: Callable[[], Sequence[PolledSource]] | None = None
    """Asked every ``discover_every`` seconds for more sources to poll (the feeds registered in
    the store while the watcher runs); sources it names again are not added twice."""
    discover_every: float = 10.0
    _stop: threading.Event = field(default_factory=threading.Event)

    def stop(self) -> None:
        """End the run once the document in hand is finished (safe in a signal handler)."""
        self._stop.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def run(self, *, once: bool = False) -> WatchStats:
        """Poll until `stop` is called; with ``once``, poll every source once and return."""
        start = self.clock()
        schedules = [_Schedule(source, start) for source in self.sources]
        look = start
        while not self._stop.is_set():
            if self.discover is not None and self.clock() >= look:
                self._discover(schedules)
                look = self.clock() + self.discover_every
            pending = [s for s in schedules if not (once and s.polls)]
            if not pending and (once or self.discover is None):
                break
            chosen = min(pending, key=lambda s: s.due) if pending else None
            due = chosen.due if chosen is not None else look
            if self.discover is not None:
                due = min(due, look)
            wait = due - self.clock()
            if wait > 0 and self._stop.wait(wait):
                break
            if chosen is None or chosen.due > self.clock():
                continue
            try:
                self._poll(chosen, once=once)
            finally:
                if self.polled is not None:
                    self.polled(chosen.source)
        return self.stats

    def _discover(self, schedules: list[_Schedule]) -> None:
        """Add the sources `discover` names that are not polled yet (due at once)."""
        assert self.discover is not None
        known = {s.source.name for s in schedules}
        try:
            found = self.discover()
        except SitrepError as exc:
            logger.warning("cannot look for registered sources: %s", exc)
            return
        for source in found:
            if source.name not in known:
                known.add(source.name)
                schedules.append(_Schedule(source, self.clock()))
                logger.info("watching %s (every %s)", source.name, _seconds(source.interval))

    def _poll(self, schedule: _Schedule, *, once: bool) -> None:
        source = schedule.source
        schedule.polls += 1
        self.stats.polls += 1
        began = self.clock()
        try:
            poll = source.poll()
            handed = self._hand_on(source, poll)
        except SitrepError as exc:
            self._failed(schedule, exc, once=once)
            return
        if handed is None:
            logger.info("poll %s: stopping; what is left comes on the next run", source.name)
            return
        source.completed()
        schedule.failures = 0
        schedule.due = self.clock() + source.interval
        took = self.clock() - began
        next_poll = "" if once else f"; next in {_seconds(source.interval)}"
        logger.info("poll %s: %s, %d handed on (%.1f s)%s", source.name, poll.note, handed, took, next_poll)

    def _hand_on(self, source: PolledSource, poll: Poll) -> int | None:
        """Give each found document to the sink; ``None`` if a stop came first."""
        handed = 0
        for item in poll.items:
            if isinstance(item, Rejection):
                self.stats.rejections += 1
                if self.reject is not None:
                    self.reject(item)
                else:
                    logger.warning("skipped %s: %s", item.origin, item.reason)
                continue
            if self._stop.is_set():
                return None
            self.sink(item.document, item.data)
            source.handled(item)
            self.stats.documents += 1
            handed += 1
        return handed

    def _failed(self, schedule: _Schedule, exc: SitrepError, *, once: bool) -> None:
        self.stats.failures += 1
        schedule.failures += 1
        source = schedule.source
        retry_after = exc.retry_after if isinstance(exc, FetchError) else None
        delay = backoff_delay(source.interval, schedule.failures, self.max_backoff, self.rng, retry_after)
        schedule.due = self.clock() + delay
        reason = exc.reason if exc.origin in (None, source.name) else str(exc)
        retry = "" if once else f"; retry in {_seconds(delay)} (failure {schedule.failures})"
        logger.warning("poll %s: %s%s", source.name, reason, retry)


def backoff_delay(
    interval: float, failures: int, max_backoff: float, rng: random.Random, retry_after: float | None = None
) -> float:
    """Seconds to wait after ``failures`` failures in a row: exponential, capped, with jitter.

    The ceiling is ``interval * 2**failures`` (at most ``max_backoff``, but never below the
    interval itself); the delay is drawn from its upper half, so sources that failed together
    do not all retry together, and it is never shorter than a server's ``Retry-After``.
    """
    cap = max(max_backoff, interval)
    ceiling = min(cap, interval * 2 ** min(failures, 32))
    delay = rng.uniform(ceiling / 2, ceiling)
    if retry_after is not None:
        delay = max(delay, min(retry_after, cap))
    return delay


def _recent(seen: dict[str, str]) -> dict[str, str]:
    """The last `MAX_REMEMBERED` keys handed on (a feed's old entries fall out in time)."""
    keys = list(seen)[-MAX_REMEMBERED:]
    return {key: seen[key] for key in keys}


def _string_map(value: object) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise ValueError("seen documents are not a map of strings")
    return dict(value)


def _fingerprint(document: RawDocument) -> str:
    return _digest(f"{document.title}\0{document.text}".encode())


def _digest(data: bytes) -> str:
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()


def _seconds(value: float) -> str:
    return f"{value:.0f} s" if value >= 10 else f"{value:.1f} s"
