"""A batch run: inputs → shards in an output folder, through an engine, resumable.

``(BatchOptions, Settings) → BatchSummary``. The driver streams the inputs into partitions of
``partition_size`` items (numbered in input order, so the same inputs always give the same
partitions, whatever the engine or the number of workers), skips the partitions the manifest
names as finished, hands the rest to the engine, and writes each shard that comes back: its
files first (each atomically), then the manifest naming it. Killed at any moment, a run leaves
finished shards and a manifest that names exactly those; the same command resumes it.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from sitrep.batch.inputs import partitions, read_batch_inputs
from sitrep.batch.local import LocalEngine, Task
from sitrep.batch.manifest import input_fingerprint, open_manifest
from sitrep.batch.tables import OutputFormat
from sitrep.batch.work import ShardOutput, WorkSpec
from sitrep.config import Settings
from sitrep.errors import ConfigError
from sitrep.files import write_atomically
from sitrep.model import Rejection

logger = logging.getLogger(__name__)


class EngineName(StrEnum):
    """Where partitions are processed."""

    LOCAL = "local"
    DASK = "dask"


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """Everything a batch run is told besides the pipeline's settings."""

    inputs: tuple[str, ...]
    out: Path
    output_format: OutputFormat = OutputFormat.JSONL
    engine: EngineName = EngineName.LOCAL
    workers: int = 2
    scheduler: str | None = None
    partition_size: int = 64
    analyse: bool = True
    restart: bool = False
    memory_limit: str = "auto"
    db: str | None = None
    """A database to load every document into as well (``sitrep.db``, ``postgresql://...``)."""
    worker_log_level: int = logging.ERROR
    """What the workers of a local engine or cluster log (per-document warnings are noise in a batch)."""

    def __post_init__(self) -> None:
        if not self.inputs:
            raise ConfigError("no inputs given")
        if self.partition_size < 1:
            raise ConfigError(f"--partition-size must be at least 1, not {self.partition_size}")
        if self.scheduler is not None and self.engine is not EngineName.DASK:
            raise ConfigError("--scheduler needs --engine dask")


@dataclass(slots=True)
class Progress:
    """How far a run is: shards and documents done in this run and before it, rejections, rate."""

    started: float = field(default_factory=time.perf_counter)
    shards: int = 0
    documents: int = 0
    rejections: int = 0
    events: int = 0
    resumed_shards: int = 0
    first_result_s: float | None = None

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    @property
    def rate(self) -> float:
        """Documents (and rejected items) a second in this run."""
        return (self.documents + self.rejections) / self.elapsed if self.elapsed > 0 else 0.0


@dataclass(frozen=True, slots=True)
class BatchSummary:
    """What a finished run did, and the totals of the whole output folder."""

    progress: Progress
    totals: dict[str, int]
    engine: str


class Engine(Protocol):
    def __enter__(self) -> Engine: ...
    def __exit__(self, *exc: object) -> None: ...
    def describe(self) -> str: ...
    def worker_pids(self) -> list[int]: ...
    def run(self, tasks: Iterator[Task]) -> Iterator[ShardOutput]: ...


ShardListener = Callable[[ShardOutput, Progress], None]


def make_engine(options: BatchOptions, spec: WorkSpec) -> Engine:
    """The engine the options name (Dask is imported only when asked for)."""
    if options.engine is EngineName.DASK:
        from sitrep.batch.cluster import DaskEngine

        return DaskEngine(
            spec,
            scheduler=options.scheduler,
            workers=options.workers,
            memory_limit=options.memory_limit,
            log_level=options.worker_log_level,
        )
    return LocalEngine(spec, options.workers, log_level=options.worker_log_level)


def run_batch(
    options: BatchOptions,
    settings: Settings,
    *,
    on_shard: ShardListener | None = None,
    on_rejection: Callable[[Rejection], None] | None = None,
    engine: Engine | None = None,
) -> BatchSummary:
    """Process every input into shards under ``options.out``; resume if it holds this run's manifest.

    Raises `ConfigError` for an output folder of another run, `EngineError` if the engine fails.
    """
    out = options.out
    manifest = open_manifest(out, run_identity(options, settings), restart=options.restart)
    out.mkdir(parents=True, exist_ok=True)
    spec = WorkSpec(
        settings=settings,
        output_format=options.output_format,
        analyse=options.analyse,
        keep_records=options.db is not None,
    )
    progress = Progress(resumed_shards=len(manifest.done))
    manifest.complete = False
    manifest.save(out)
    issued: deque[int] = deque()

    def todo() -> Iterator[Task]:
        for task in partitions(read_batch_inputs(options.inputs, settings), options.partition_size):
            if task[0] not in manifest.done:
                issued.append(task[0])
                yield task

    with contextlib.ExitStack() as stack:
        loader = _StoreLoader(stack.enter_context(_open_store(options.db))) if options.db else None
        running = stack.enter_context(engine or make_engine(options, spec))
        logger.info("%s; %d shard(s) already done", running.describe(), len(manifest.done))
        for shard in running.run(todo()):
            _write_files(out, shard)
            finished = loader.load(shard, issued) if loader else [shard]
            for done in finished:
                manifest.record(done.index, _counts(done))
            manifest.save(out)
            if progress.first_result_s is None:
                progress.first_result_s = progress.elapsed
            progress.shards += 1
            progress.documents += shard.documents
            progress.rejections += len(shard.rejections)
            progress.events += shard.events
            if on_rejection is not None:
                for rejection in shard.rejections:
                    on_rejection(rejection)
            if on_shard is not None:
                on_shard(shard, progress)
        described = running.describe()
    manifest.complete = True
    manifest.save(out)
    return BatchSummary(progress=progress, totals=dict(manifest.totals), engine=described)


class _StoreLoader:
    """Loads shards into the store in input order, whatever order the engine finishes them in,
    so fusion (which depends on what it has seen) gives the same record with any engine."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.waiting: dict[int, ShardOutput] = {}

    def load(self, shard: ShardOutput, issued: deque[int]) -> list[ShardOutput]:
        """Store every shard that is next in line; return them (now finished) in order."""
        self.waiting[shard.index] = shard
        stored: list[ShardOutput] = []
        while issued and issued[0] in self.waiting:
            ready = self.waiting.pop(issued.popleft())
            for raw, result in ready.results:
                self.store.ingest(raw, result)
            stored.append(ready)
        return stored


@contextlib.contextmanager
def _open_store(db: str | None) -> Iterator[Any]:
    from sitrep.store import Store, database_url

    assert db is not None
    with Store.open(database_url(db)) as store:
        yield store


def run_identity(options: BatchOptions, settings: Settings) -> dict[str, Any]:
    """What must not change between a run and its resumption (engine and workers may)."""
    return {
        "inputs": input_fingerprint(list(options.inputs)),
        "format": options.output_format.value,
        "partition_size": options.partition_size,
        "analyse": options.analyse,
        "db": options.db,
        "settings": {
            "max_bytes": settings.max_bytes,
            "timezone": settings.timezone,
            "input_format": settings.input_format.value if settings.input_format else None,
            "encoding": settings.encoding,
        },
    }


def _write_files(out: Path, shard: ShardOutput) -> None:
    for relative, data in shard.files.items():
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, data)


def _counts(shard: ShardOutput) -> dict[str, int]:
    return {
        "documents": shard.documents,
        "reports": shard.reports,
        "events": shard.events,
        "entities": shard.entities,
        "rejections": len(shard.rejections),
    }
