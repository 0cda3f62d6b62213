"""The Dask engine: partitions → shards on a Dask distributed cluster.

``Iterator[(index, items)] → Iterator[ShardOutput]`` in completion order. With a scheduler
address it joins that cluster (Kubernetes, SLURM through dask-jobqueue, a cloud cluster: any
``tcp://host:8786``); without one it starts a `LocalCluster` of N single-threaded worker
processes. A `ReaderPlugin` loads the reader once on every worker, including workers that join
or are restarted later, and owns it for the worker's life. The driver keeps a bounded number
of partitions in flight, so memory does not grow with the input; the shards' files come back
to the driver, which writes them: workers need sitrep installed, not the output folder.

A worker that dies mid-partition is Dask's to handle: the scheduler hands its partition to
another worker (up to ``distributed.scheduler.allowed-failures`` times, then the run stops
with an `EngineError`; finished shards stay finished).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from distributed import Client, LocalCluster, WorkerPlugin, as_completed, get_worker
from distributed.scheduler import KilledWorker

from sitrep.batch.local import EngineError, Task
from sitrep.batch.work import ShardOutput, WorkSpec, process_partition
from sitrep.errors import SitrepError
from sitrep.resources import Resources

logger = logging.getLogger(__name__)

PLUGIN = "sitrep-reader"


class ReaderPlugin(WorkerPlugin):
    """Loads sitrep's reader once on a worker and keeps it for the tasks that run there."""

    idempotent = False

    def __init__(self, spec: WorkSpec) -> None:
        self.spec = spec
        self.resources = Resources.segment_only()

    def setup(self, worker: Any) -> None:
        if self.spec.analyse:
            self.resources = Resources.load(self.spec.settings)

    def teardown(self, worker: Any) -> None:
        self.resources.close()


def run_partition_on_worker(index: int, items: tuple[Any, ...]) -> ShardOutput:
    """The Dask task: one partition, with the reader this worker's plugin loaded."""
    plugin = get_worker().plugins[PLUGIN]
    assert isinstance(plugin, ReaderPlugin)
    return process_partition(index, items, plugin.spec, plugin.resources)


class DaskEngine:
    """Partitions as Dask tasks on an existing cluster, or on a `LocalCluster` of our own."""

    def __init__(
        self,
        spec: WorkSpec,
        *,
        scheduler: str | None = None,
        workers: int = 2,
        memory_limit: str = "auto",
        log_level: int = logging.ERROR,
    ) -> None:
        if scheduler is None and workers < 1:
            raise EngineError(f"--workers must be at least 1, not {workers}")
        self.spec = spec
        self.scheduler = scheduler
        self.size = workers
        self.memory_limit = memory_limit
        self.log_level = log_level
        self.cluster: LocalCluster | None = None
        self.client: Client | None = None

    def __enter__(self) -> DaskEngine:
        try:
            if self.scheduler is None:
                self.cluster = LocalCluster(
                    n_workers=self.size,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=":0",  # any free port: a shared machine may have 8787 taken
                    memory_limit=self.memory_limit,
                    silence_logs=self.log_level,
                )
                self.client = Client(self.cluster)
            else:
                self.client = Client(self.scheduler, timeout="30s")
        except (OSError, TimeoutError) as exc:
            self.__exit__()
            raise EngineError(
                f"cannot reach the Dask scheduler {self.scheduler or '(local)'}: {exc}"
            ) from exc
        try:
            self.client.register_plugin(ReaderPlugin(self.spec), name=PLUGIN)
        except SitrepError as exc:
            self.__exit__()
            raise EngineError(f"a worker could not load the pipeline: {exc}") from exc
        return self

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None

    def describe(self) -> str:
        where = self.scheduler or "a local cluster"
        return f"Dask engine on {where}, {self.threads()} worker thread(s)"

    def threads(self) -> int:
        assert self.client is not None
        return max(sum(self.client.nthreads().values()), 1)

    def worker_pids(self) -> list[int]:
        """Process ids of the workers (the benchmarks measure their memory)."""
        assert self.client is not None
        import os

        return list(self.client.run(os.getpid).values())

    def run(self, tasks: Iterator[Task]) -> Iterator[ShardOutput]:
        """Keep two partitions per worker thread in flight; yield each shard as it finishes."""
        assert self.client is not None
        limit = 2 * self.threads()
        futures = as_completed()
        in_flight = 0
        for task in tasks:
            futures.add(self._submit(task))
            in_flight += 1
            if in_flight >= limit:
                break
        for future in futures:
            in_flight -= 1
            try:
                output: ShardOutput = future.result()
            except KilledWorker as exc:
                raise EngineError(
                    f"a partition killed {exc.last_worker.name if exc.last_worker else 'its'} workers "
                    "too often; finished shards are kept: rerun to resume"
                ) from exc
            future.release()
            following = next(tasks, None)
            if following is not None:
                futures.add(self._submit(following))
                in_flight += 1
            yield output

    def _submit(self, task: Task) -> Any:
        assert self.client is not None
        index, items = task
        return self.client.submit(
            run_partition_on_worker, index, items, key=f"sitrep-shard-{index:05d}-{id(self):x}", pure=False
        )
