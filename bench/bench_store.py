"""What storing costs: documents per second of `extract` alone and of `ingest` into SQLite and into
a real PostgreSQL server, on the same documents in the same run.

    .venv/bin/python bench/bench_store.py [--documents N] [--seed S] [--no-postgres]

The documents are the project's fixtures and live tickers composed from its event corpus
(`bench/documents.py`). The language model is loaded once (timed apart). Each document is read
and run through the pipeline once; that result is then serialised as `sitrep extract --format
jsonl` writes it, and stored in each store the way `sitrep ingest` stores it (raw bytes kept,
"seen?" asked, one transaction a document with fusion). Every step is timed per document, so
machine noise falls on all modes alike:

    extract = read + pipeline + JSON output;   ingest into X = read + pipeline + store X

PostgreSQL is a throwaway cluster on 127.0.0.1 (`initdb`, as the store's tests start it; Debian's
`postgresql`, which `scripts/test.sh` installs). The target: the store costs under 20% of
`extract`. Compare ratios, not absolute figures: the machines are busy.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from documents import REPO, documents

sys.path.insert(0, str(REPO / "tests" / "store"))

from pg_server import new_database, postgres_server, server_bin

from sitrep.config import Settings
from sitrep.export.sitrep_json import extraction_to_json
from sitrep.ingest import read_bytes
from sitrep.model import Extraction, RawDocument, Rejection
from sitrep.pipeline import run_document
from sitrep.resources import Resources
from sitrep.store import Store, StoreCounts

TARGET = 0.20


@dataclass
class Spent:
    """Wall-clock and this process's CPU seconds."""

    wall: float = 0.0
    cpu: float = 0.0

    def add(self, other: Spent) -> None:
        self.wall += other.wall
        self.cpu += other.cpu


@contextmanager
def timed(into: Spent) -> Iterator[None]:
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        yield
    finally:
        into.wall += time.perf_counter() - wall
        into.cpu += time.process_time() - cpu


@dataclass
class Timing:
    """Time spent by one store, by step, and each document's wall-clock seconds."""

    keep_raw: Spent = field(default_factory=Spent)
    seen: Spent = field(default_factory=Spent)
    ingest: Spent = field(default_factory=Spent)
    steps: list[float] = field(default_factory=list)

    @property
    def total(self) -> Spent:
        return Spent(
            self.keep_raw.wall + self.seen.wall + self.ingest.wall,
            self.keep_raw.cpu + self.seen.cpu + self.ingest.cpu,
        )

    def add(self, other: Timing) -> None:
        self.keep_raw.add(other.keep_raw)
        self.seen.add(other.seen)
        self.ingest.add(other.ingest)
        self.steps.append(other.total.wall)


@contextmanager
def stores(folder: Path, postgres: bool) -> Iterator[dict[str, Store]]:
    """The SQLite store, and the PostgreSQL one when wanted and installed."""
    with ExitStack() as stack:
        opened = {"sqlite": stack.enter_context(Store.open(str(folder / "bench.db")))}
        if postgres:
            base = stack.enter_context(postgres_server())
            opened["postgresql"] = stack.enter_context(Store.open(new_database(base)))
        yield opened


Results = list[tuple[RawDocument, Extraction | Rejection]]


def store_one(store: Store, data: bytes, origin: str, results: Results) -> Timing:
    """Store one input's documents as `sitrep ingest` does, timing each step."""
    timing = Timing()
    with timed(timing.keep_raw):
        raw_id = store.keep_raw(data, origin)
    for raw, result in results:
        with timed(timing.seen):
            known = store.seen(raw)
        if not known:
            with timed(timing.ingest):
                store.ingest(raw, result, raw_input_id=raw_id)
    return timing


def extract_one(data: bytes, origin: str, settings: Settings, resources: Resources) -> Results:
    """Read one input and run the pipeline on each of its documents."""
    return [
        (raw, run_document(raw, resources, settings))
        for raw in read_bytes(data, origin, settings)
        if isinstance(raw, RawDocument)
    ]


def output_of(results: Results) -> str:
    """What `sitrep extract --format jsonl` writes for these documents."""
    return "".join(
        json.dumps(extraction_to_json(r), ensure_ascii=False) + "\n"
        for _, r in results
        if isinstance(r, Extraction)
    )


@dataclass
class Result:
    documents: int
    reports: int
    events: int
    load_s: float
    pipeline: Spent
    output: Spent
    timings: dict[str, Timing]
    counts: dict[str, StoreCounts]
    problems: dict[str, list[str]]


def run(count: int, seed: int, postgres: bool) -> Result:
    docs = documents(count, seed)
    settings = Settings(timezone="UTC")
    started = time.perf_counter()
    resources = Resources.load(settings)
    load_s = time.perf_counter() - started
    pipeline, output = Spent(), Spent()
    reports = claims = 0
    with ExitStack() as stack:
        stack.enter_context(resources)
        opened = stack.enter_context(
            stores(Path(stack.enter_context(tempfile.TemporaryDirectory())), postgres)
        )
        timings = {name: Timing() for name in opened}
        for origin, data in docs:
            with timed(pipeline):
                results = extract_one(data, origin, settings, resources)
            with timed(output):
                output_of(results)
            for _, result in results:
                if isinstance(result, Extraction):
                    reports += len(result.document.reports)
                    claims += len(result.events)
            for name, store in opened.items():
                timings[name].add(store_one(store, data, origin, results))
        counts = {name: store.counts() for name, store in opened.items()}
        problems = {name: store.check() for name, store in opened.items()}
    return Result(len(docs), reports, claims, load_s, pipeline, output, timings, counts, problems)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def report(result: Result) -> list[str]:
    """The figures, as printed."""
    n, pipeline = result.documents, result.pipeline
    extract = Spent(pipeline.wall + result.output.wall, pipeline.cpu + result.output.cpu)
    lines = [
        f"documents: {n}, reports: {result.reports}, per-report events: {result.events}; "
        f"model load {result.load_s:.1f} s (not counted)",
        f"{'mode':20} {'wall s':>8} {'docs/s':>7} {'cpu s':>8} {'store cost (wall)':>18} {'(cpu)':>7}",
        f"{'extract (jsonl out)':20} {extract.wall:8.2f} {n / extract.wall:7.2f} {extract.cpu:8.2f} "
        f"{'-':>18} {'-':>7}",
    ]
    worst = 0.0
    for name, timing in result.timings.items():
        store = timing.total
        wall, cpu = pipeline.wall + store.wall, pipeline.cpu + store.cpu
        cost = wall / extract.wall - 1
        worst = max(worst, cost)
        lines.append(
            f"{'ingest ' + name:20} {wall:8.2f} {n / wall:7.2f} {cpu:8.2f} {cost:+18.1%} {cpu / extract.cpu - 1:+7.1%}"
        )
    for name, timing in result.timings.items():
        counts, store = result.counts[name], timing.total
        lines.append(
            f"store {name}: {store.wall:.2f} s wall ({store.cpu:.2f} s cpu) = keep raw {timing.keep_raw.wall:.2f}"
            f" + seen {timing.seen.wall:.2f} + ingest {timing.ingest.wall:.2f}; per document p50 "
            f"{percentile(timing.steps, 0.5) * 1000:.1f} ms, p99 {percentile(timing.steps, 0.99) * 1000:.1f} ms; "
            f"stored {counts.documents} documents, {counts.claims} claims, {counts.fused_events} fused events; "
            f"integrity: {'; '.join(result.problems[name]) or 'ok'}"
        )
    verdict = "within" if worst < TARGET else "OVER"
    lines.append(f"store cost over extract (wall): worst {worst:+.1%} ({verdict} the {TARGET:.0%} target)")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=300, help="how many documents (default 300)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the composed tickers")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    args = parser.parse_args(argv)
    postgres = not args.no_postgres
    if postgres and server_bin() is None:
        print("bench_store: no PostgreSQL server binaries (apt-get install postgresql); SQLite only")
        postgres = False
    result = run(args.documents, args.seed, postgres)
    for line in report(result):
        print(line)
    return 0 if not any(result.problems.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
