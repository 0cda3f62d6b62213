"""``sitrep watch FEED|URL|FOLDER ...``: the command line of the watcher (registered by `sitrep.cli`).

Polls each source on its interval and runs every new or changed document through the pipeline;
with ``--db`` each result is stored (its raw bytes first, then the document in one transaction;
a document the database holds in the same text already is not processed again), and each result
is written as one `sitrep/1` JSON line the moment it is ready (appended to ``-o FILE``, else to
standard output when no database takes it). Each poll and each stored document is logged on
standard error with the time. The first
Ctrl-C or SIGTERM stops the watcher once the document in hand is finished; a second one stops it
at once. Exit status: 0 after a stop (or, with ``--once``, when every poll and document went
through), 1 with ``--once`` when a poll failed or a document was rejected, 2 for a usage error.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated, TextIO

import typer
from rich.console import Console
from rich.logging import RichHandler

from sitrep.config import Settings, megabytes, user_cache_dir
from sitrep.errors import SitrepError
from sitrep.export.sitrep_json import extraction_to_json
from sitrep.files import write_atomically
from sitrep.ingest.http import Fetcher, FetchSettings, is_url
from sitrep.model import RawDocument, Rejection
from sitrep.options import AllowPrivate, NoAnalysisOption, Timeout, TzOption
from sitrep.pipeline import run_document
from sitrep.resources import Resources
from sitrep.watch.poller import FolderSource, PolledSource, UrlSource, Watcher

if TYPE_CHECKING:
    from sitrep.store import Store

err = Console(stderr=True, highlight=False, soft_wrap=True)
logger = logging.getLogger(__name__)


def watch_command(
    targets: Annotated[
        list[str] | None, typer.Argument(help="Feed or page URLs, and folders, to watch.", show_default=False)
    ] = None,
    sources: Annotated[
        Path | None,
        typer.Option(
            "--sources", help="A file of sources, one a line: TARGET [INTERVAL-SECONDS]; # comments."
        ),
    ] = None,
    interval: Annotated[
        float, typer.Option("--interval", min=0.1, help="Seconds between polls of a source.")
    ] = 300.0,
    allow_private: AllowPrivate = False,
    once: Annotated[bool, typer.Option("--once", help="Poll every source once, then exit.")] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Append the JSON lines to this file.")
    ] = None,
    tz: TzOption = None,
    max_mb: Annotated[float, typer.Option("--max-mb", help="Largest answer or file accepted, in MB.")] = 50.0,
    timeout: Timeout = 20.0,
    max_backoff: Annotated[
        float, typer.Option("--max-backoff", min=1.0, help="Longest wait after failed polls, in seconds.")
    ] = 3600.0,
    no_analysis: NoAnalysisOption = False,
    state: Annotated[
        Path | None,
        typer.Option(
            "--state", help="Keep what was handed on in this file, so a restart takes up where it stopped."
        ),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="SITREP_DB",
            help="Store every document in this database (an SQLite file or postgresql://...) "
            "instead of printing it.",
        ),
    ] = None,
) -> None:
    """Poll feeds, live-ticker pages and folders; process only what is new or changed."""
    try:
        settings = Settings(max_bytes=megabytes(max_mb), timezone=tz, cache_dir=user_cache_dir(os.environ))
        fetching = FetchSettings(timeout=timeout, max_bytes=settings.max_bytes, allow_private=allow_private)
        planned = plan_sources(targets or [], sources, interval, registered=db is not None)
        resources = Resources.segment_only() if no_analysis else Resources.load(settings)
    except SitrepError as exc:
        err.print(f"sitrep: error: {exc}", markup=False)
        raise typer.Exit(2) from exc
    with (
        resources,
        _opened_store(db) as store,
        Fetcher(fetching) as fetcher,
        _lines(output, db) as out,
        _poll_log(),
    ):
        watched = [
            UrlSource(target, fetcher, settings, interval=every)
            if is_url(target)
            else FolderSource(target, settings, interval=every)
            for target, every in planned
        ]
        keeper = StateFile(state, watched) if state is not None else None
        try:
            if keeper is not None:
                keeper.load()
        except SitrepError as exc:
            err.print(f"sitrep: error: {exc}", markup=False)
            raise typer.Exit(2) from exc
        delivery = Delivery(settings, resources, out, store)

        def registered() -> list[PolledSource]:
            assert store is not None
            return [UrlSource(url, fetcher, settings, interval=every) for url, every in store.watched_feeds()]

        code = run_watch(
            watched,
            delivery,
            once=once,
            max_backoff=max_backoff,
            keeper=keeper,
            discover=registered if store is not None else None,
        )
    raise typer.Exit(code)


def plan_sources(
    targets: list[str], sources: Path | None, interval: float, *, registered: bool = False
) -> list[tuple[str, float]]:
    """Every ``(target, interval)`` to watch, from the arguments and the sources file, once each;
    none is fine when the feeds registered in a database (``registered``) are watched too."""
    planned = [(target, interval) for target in targets]
    if sources is not None:
        planned.extend(read_sources_file(sources, interval))
    if not planned and not registered:
        raise SitrepError(
            "nothing to watch: name feeds, pages or folders, pass --sources FILE, "
            "or --db a database with registered feeds"
        )
    unique: dict[str, float] = {}
    for target, every in planned:
        if not is_url(target) and not Path(target).is_dir():
            raise SitrepError("not a URL (http:// or https://) or a folder", origin=target)
        unique.setdefault(target, every)
    return list(unique.items())


def read_sources_file(path: Path, interval: float) -> list[tuple[str, float]]:
    """``TARGET [INTERVAL]`` lines; blank lines and ``#`` comments are skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise SitrepError(f"cannot read sources file ({exc})", origin=str(path)) from exc
    found = []
    for number, line in enumerate(lines, 1):
        words = line.split("#", 1)[0].split() if not line.lstrip().startswith("#") else []
        if not words:
            continue
        if len(words) > 2:
            raise SitrepError("expected TARGET [INTERVAL-SECONDS]", origin=f"{path}:{number}")
        every = interval
        if len(words) == 2:
            try:
                every = float(words[1])
            except ValueError:
                every = -1.0
            if every < 0.1:
                raise SitrepError(f"not an interval in seconds: {words[1]!r}", origin=f"{path}:{number}")
        found.append((words[0], every))
    return found


class Delivery:
    """The watcher's sink: each document through the pipeline, then into the store and/or out as
    one `sitrep/1` JSON line. A document the store already holds in this very text is skipped
    before the pipeline runs; its raw bytes are kept before it is processed."""

    def __init__(
        self, settings: Settings, resources: Resources, out: TextIO | None, store: Store | None
    ) -> None:
        self.settings = settings
        self.resources = resources
        self.out = out
        self.store = store
        self.rejected = 0
        self.stored = 0

    def __call__(self, document: RawDocument, data: bytes) -> None:
        store = self.store
        if store is not None and store.seen(document):
            logger.info("%s: stored already", document.id)
            return
        raw_id = store.keep_raw(data, document.origin) if store is not None else None
        result = run_document(document, self.resources, self.settings)
        if store is not None:
            outcome = store.ingest(document, result, raw_input_id=raw_id)
            self.stored += 1
            logger.info(
                "%s: %s, %d report(s) added, %d changed, %d claim(s), %d new event(s)",
                document.id,
                outcome.change.value,
                outcome.reports_added,
                outcome.reports_changed,
                outcome.claims_added,
                outcome.events_created,
            )
        if isinstance(result, Rejection):
            self.reject(result)
        elif self.out is not None:
            self.out.write(json.dumps(extraction_to_json(result), ensure_ascii=False) + "\n")
            self.out.flush()

    def reject(self, rejection: Rejection) -> None:
        self.rejected += 1
        err.print(f"sitrep: skipped {rejection.origin}: {rejection.reason}", markup=False)


def run_watch(
    sources: Sequence[PolledSource],
    delivery: Delivery,
    *,
    once: bool,
    max_backoff: float,
    keeper: StateFile | None = None,
    discover: Callable[[], Sequence[PolledSource]] | None = None,
) -> int:
    """Run the watcher until a signal (or, ``once``, one poll each); return the exit status."""
    polled = keeper.save if keeper is not None else None
    watcher = Watcher(
        sources, delivery, delivery.reject, polled=polled, max_backoff=max_backoff, discover=discover
    )
    with _stop_on_signals(watcher):
        try:
            stats = watcher.run(once=once)
        except KeyboardInterrupt:
            err.print("sitrep: stopped at once", markup=False)
            return 130
    stored = f", {delivery.stored} stored" if delivery.store is not None else ""
    err.print(
        f"sitrep: watched {len(sources)} source(s): {stats.polls} poll(s), {stats.failures} failed, "
        f"{stats.documents} document(s) handed on{stored}, {delivery.rejected} rejected",
        markup=False,
    )
    return 1 if once and (stats.failures or delivery.rejected) else 0


class StateFile:
    """The watcher's memory in a JSON file: per source, validators and what was handed on."""

    VERSION = 1

    def __init__(self, path: Path, sources: Sequence[PolledSource]) -> None:
        self.path = path
        self.sources = sources

    def load(self) -> None:
        """Restore every source the file knows; a missing file is a fresh start."""
        if not self.path.exists():
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("version") != self.VERSION:
                raise ValueError(f"not version {self.VERSION} of sitrep's watch state")
            known = data.get("sources", {})
            for source in self.sources:
                if source.name in known:
                    source.restore(known[source.name])
        except (OSError, UnicodeDecodeError, ValueError, TypeError, AttributeError) as exc:
            raise SitrepError(f"not a readable watch state file ({exc})", origin=str(self.path)) from exc

    def save(self, _polled: PolledSource | None = None) -> None:
        """Write every source's state (atomically, so a crash leaves the last whole file).

        Sources the file knows but this run does not watch are kept.
        """
        known: dict[str, object] = {}
        if self.path.exists():
            with contextlib.suppress(OSError, ValueError, AttributeError):
                known = dict(json.loads(self.path.read_text(encoding="utf-8")).get("sources", {}))
        known.update({source.name: source.save() for source in self.sources})
        write_atomically(
            self.path, json.dumps({"version": self.VERSION, "sources": known}, ensure_ascii=False)
        )


@contextmanager
def _stop_on_signals(watcher: Watcher) -> Iterator[None]:
    """SIGINT and SIGTERM stop the watcher after the document in hand; a second one at once."""

    def handle(number: int, frame: FrameType | None) -> None:
        if watcher.stopping:
            raise KeyboardInterrupt
        watcher.stop()

    previous = {sig: signal.signal(sig, handle) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextmanager
def _opened_store(db: str | None) -> Iterator[Store | None]:
    if db is None:
        yield None
        return
    from sitrep.store import Store  # SQLAlchemy and Alembic load only when a database is used

    try:
        store = Store.open(db, create=True)
    except SitrepError as exc:
        err.print(f"sitrep: error: {exc}", markup=False)
        raise typer.Exit(2) from exc
    with store:
        yield store


@contextmanager
def _lines(output: Path | None, db: str | None) -> Iterator[TextIO | None]:
    """Where JSON lines go: ``-o FILE``, else standard output unless a database takes them."""
    if output is None:
        yield sys.stdout if db is None else None
        return
    try:
        handle = output.open("a", encoding="utf-8")
    except OSError as exc:
        err.print(f"sitrep: error: {output}: cannot write ({exc.strerror or exc})", markup=False)
        raise typer.Exit(2) from exc
    with handle:
        yield handle


@contextmanager
def _poll_log() -> Iterator[None]:
    """Polls are news of their own in a long run: log them with the time, one line each, even
    without -v (a rich, time-stamped view on a terminal; plain lines in a log file)."""
    handler: logging.Handler
    if err.is_terminal:
        handler = RichHandler(console=err, show_time=True, show_path=False, omit_repeated_times=False)
    else:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    loggers = [logging.getLogger("sitrep.watch.poller"), logger]
    saved = [(log.level, log.propagate) for log in loggers]
    for log in loggers:
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
    try:
        yield
    finally:
        for log, (level, propagate) in zip(loggers, saved, strict=True):
            log.removeHandler(handler)
            log.setLevel(level)
            log.propagate = propagate
