"""The local engine: partitions → shards on N worker processes of this machine.

``Iterator[(index, items)] → Iterator[ShardOutput]`` in completion order. Each worker process
loads the reader once, then takes one partition at a time over its own pipe, so the driver
always knows which partition a worker holds: a worker that dies (killed, out of memory) is
replaced and its partition handed out again, once; a partition that kills a second worker
stops the run with an `EngineError` (finished shards stay finished: rerun to resume).
Workers are started with ``spawn``: no thread or open handle of the driver is inherited.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import multiprocessing.connection
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from sitrep.batch.inputs import BatchItem
from sitrep.batch.work import ShardOutput, WorkSpec, process_partition
from sitrep.errors import SitrepError

logger = logging.getLogger(__name__)

Task = tuple[int, tuple[BatchItem, ...]]


class EngineError(SitrepError):
    """A worker or the cluster failed in a way the run cannot recover from."""


def worker_main(spec: WorkSpec, conn: Connection, log_level: int) -> None:
    """A worker process: load the reader once, then turn partitions into shards until told to stop."""
    from sitrep.resources import Resources

    # A spawned process starts without logging: per-document warnings stay quiet unless asked for.
    logging.basicConfig(level=log_level, format="%(processName)s %(name)s: %(message)s")

    try:
        resources = Resources.load(spec.settings) if spec.analyse else Resources.segment_only()
    except SitrepError as exc:
        conn.send(("error", str(exc)))
        return
    conn.send(("ready", None))
    while (task := conn.recv()) is not None:
        index, items = task
        conn.send(("done", process_partition(index, items, spec, resources)))
    resources.close()


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    conn: Connection
    task: Task | None = None
    ready: bool = False


class LocalEngine:
    """N worker processes on this machine, each with its own loaded reader."""

    def __init__(self, spec: WorkSpec, workers: int, *, log_level: int = logging.ERROR) -> None:
        if workers < 1:
            raise EngineError(f"--workers must be at least 1, not {workers}")
        self.spec = spec
        self.size = workers
        self.log_level = log_level
        self._context = multiprocessing.get_context("spawn")
        self._workers: list[_Worker] = []
        self._attempts: dict[int, int] = {}

    def __enter__(self) -> LocalEngine:
        self._workers = [self._start() for _ in range(self.size)]
        return self

    def __exit__(self, *exc: object) -> None:
        for worker in self._workers:
            if worker.process.is_alive():
                with contextlib.suppress(OSError):
                    worker.conn.send(None)
        for worker in self._workers:
            worker.process.join(timeout=10)
            if worker.process.is_alive():
                worker.process.terminate()
                worker.process.join()
            worker.conn.close()
        self._workers = []

    def describe(self) -> str:
        return f"local engine, {self.size} worker process(es)"

    def worker_pids(self) -> list[int]:
        """Process ids of the workers (the benchmarks measure their memory)."""
        return [w.process.pid for w in self._workers if w.process.pid is not None]

    def run(self, tasks: Iterator[Task]) -> Iterator[ShardOutput]:
        """Hand out partitions as workers become free; yield each shard as it is finished."""
        retry: list[Task] = []
        exhausted = False
        while True:
            for worker in self._workers:
                if worker.task is None and worker.ready and not exhausted:
                    task = retry.pop() if retry else next(tasks, None)
                    if task is None:
                        exhausted = True
                    else:
                        self._send(worker, task)
            busy = [w for w in self._workers if w.task is not None]
            if exhausted and not busy and not retry:
                return
            watched = [w for w in self._workers if w.task is not None or not w.ready]
            ready = multiprocessing.connection.wait(
                [w.conn for w in watched] + [w.process.sentinel for w in watched]
            )
            for worker in watched:
                message = self._receive(worker, ready)
                if message is None:
                    continue
                kind, value = message
                if kind == "error":
                    raise EngineError(f"a worker could not load the pipeline: {value}")
                if kind == "ready":
                    worker.ready = True
                elif kind == "done":
                    worker.task = None
                    yield value
            for i, worker in enumerate(self._workers):
                if not worker.process.is_alive() and not worker.conn.poll():
                    retry.extend(self._replace(i))
                    exhausted = exhausted and not retry

    def _send(self, worker: _Worker, task: Task) -> None:
        worker.task = task
        # A dead worker's sentinel says so, and its task is handed out again.
        with contextlib.suppress(OSError):
            worker.conn.send(task)

    def _receive(self, worker: _Worker, ready: list[Any]) -> tuple[str, Any] | None:
        if worker.conn not in ready or not worker.conn.poll():
            return None
        try:
            message: tuple[str, Any] = worker.conn.recv()
        except (EOFError, OSError):
            return None
        return message

    def _replace(self, i: int) -> list[Task]:
        """Start a new worker in place of dead worker ``i``; its partition, if any, goes back."""
        dead = self._workers[i]
        code = dead.process.exitcode
        dead.conn.close()
        if not dead.ready:
            raise EngineError(f"a worker died while loading the pipeline (exit code {code})")
        task = dead.task
        if task is not None:
            index = task[0]
            self._attempts[index] = self._attempts.get(index, 0) + 1
            if self._attempts[index] > 1:
                raise EngineError(
                    f"partition {index} killed two workers (exit code {code}); finished shards are kept: "
                    "rerun to resume, or look for the document that breaks it"
                )
            logger.warning("a worker died (exit code %s) on partition %d; retrying it", code, index)
        else:
            logger.warning("a worker died (exit code %s); starting another", code)
        self._workers[i] = self._start()
        return [task] if task is not None else []

    def _start(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=worker_main, args=(self.spec, child, self.log_level), daemon=True
        )
        process.start()
        child.close()
        return _Worker(process, parent)
