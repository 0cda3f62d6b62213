"""Helpers of the batch tests: the benchmark's corpus generator, readers of shard output."""

from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pyarrow.parquet as pq

from sitrep.batch.local import Task
from sitrep.batch.work import ShardOutput, WorkSpec, process_partition
from sitrep.resources import Resources

REPO = Path(__file__).resolve().parents[2]


def load_corpus_module() -> ModuleType:
    """``bench/corpus.py``, the generator of synthetic inputs (one generator for tests and benchmarks)."""
    spec = importlib.util.spec_from_file_location("sitrep_bench_corpus", REPO / "bench" / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_records(out: Path) -> list[dict[str, Any]]:
    """Every per-document sitrep/1 object of a JSON Lines output, in shard order."""
    return [
        json.loads(line)
        for path in sorted((out / "records").glob("*.jsonl"))
        for line in path.read_text().splitlines()
    ]


def read_rejections(out: Path) -> list[dict[str, Any]]:
    return [
        json.loads(line)
        for path in sorted((out / "rejections").glob("*.jsonl"))
        for line in path.read_text().splitlines()
    ]


def read_table(out: Path, table: str) -> list[dict[str, Any]]:
    """Every row of one Parquet table of an output, in shard order."""
    rows: list[dict[str, Any]] = []
    for path in sorted((out / table).glob("*.parquet")):
        rows.extend(pq.read_table(path).to_pylist())
    return rows


class SerialEngine:
    """The engine interface run in the test's own process, one partition after another: the run's
    bookkeeping (manifest, resumption, shards) tested without starting workers."""

    def __init__(self, spec: WorkSpec, resources: Resources | None = None) -> None:
        self.spec = spec
        self.resources = resources or Resources.segment_only()

    def __enter__(self) -> SerialEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def describe(self) -> str:
        return "serial test engine"

    def worker_pids(self) -> list[int]:
        return [os.getpid()]

    def run(self, tasks: Iterator[Task]) -> Iterator[ShardOutput]:
        for index, items in tasks:
            yield process_partition(index, items, self.spec, self.resources)


def shard_bytes(out: Path) -> dict[str, bytes]:
    """Relative path → bytes of every shard file (the manifest, which records timings, left out)."""
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != "manifest.json"
    }
