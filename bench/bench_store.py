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

from pg_server import new_database, postgres_server, server_bin  # noqa: E402

from sitrep.config import Settings  # noqa: E402
from sitrep.export.sitrep_json import extraction_to_json  # noqa: E402
from sitrep.ingest import read_bytes  # noqa: E402
from sitrep.model import Extraction, RawDocument, Rejection  # noqa: E402
from sitrep.pipeline import run_document  # noqa: E402
from sitrep.resources import Resources  # noqa: E402
from sitrep.store import Store, StoreCounts  # noqa: E402

TARGET = 0.20


@dataclass
class Timing:
    """Seconds spent by one store, by step."""

    keep_raw: float = 0.0
    seen: float = 0.0
    ingest: float = 0.0
    steps: list[float] = field(default_factory=list)

    @property
    def total(self) -> float:
        return self.keep_raw + self.seen + self.ingest


@contextmanager
def stores(folder: Path, postgres: bool) -> Iterator[dict[str, Store]]:
    """The SQLite store, and the PostgreSQL one when wanted and installed."""
    with ExitStack() as stack:
        opened = {"sqlite": stack.enter_context(Store.open(str(folder / "bench.db")))}
        if postgres:
            base = stack.enter_context(postgres_server())
            opened["postgresql"] = stack.enter_context(Store.open(new_database(base)))
        yield opened


def store_one(
    store: Store, data: bytes, origin: str, results: list[tuple[RawDocument, Extraction | Rejection]]
) -> Timing:
    """Store one input's documents as `sitrep ingest` does, timing each step."""
    timing = Timing()
    started = time.perf_counter()
    raw_id = store.keep_raw(data, origin)
    timing.keep_raw = time.perf_counter() - started
    for raw, result in results:
        started = time.perf_counter()
        known = store.seen(raw)
        timing.seen += time.perf_counter() - started
        if known:
            continue
        started = time.perf_counter()
        store.ingest(raw, result, raw_input_id=raw_id)
        timing.ingest += time.perf_counter() - started
    return timing


@dataclass
class Result:
    documents: int
    reports: int
    events: int
    load_s: float
    pipeline_s: float
    output_s: float
    timings: dict[str, Timing]
    counts: dict[str, StoreCounts]
    problems: dict[str, list[str]]


def run(count: int, seed: int, postgres: bool) -> Result:
    docs = documents(count, seed)
    settings = Settings(timezone="UTC")
    started = time.perf_counter()
    resources = Resources.load(settings)
    load_s = time.perf_counter() - started
    pipeline_s = output_s = 0.0
    reports = claims = 0
    timings: dict[str, Timing] = {}
    with tempfile.TemporaryDirectory(prefix="sitrep-bench-") as tmp, resources:
        with stores(Path(tmp), postgres) as opened:
            timings = {name: Timing() for name in opened}
            for origin, data in docs:
                started = time.perf_counter()
                results: list[tuple[RawDocument, Extraction | Rejection]] = []
                for raw in read_bytes(data, origin, settings):
                    if isinstance(raw, RawDocument):
                        results.append((raw, run_document(raw, resources, settings)))
                pipeline_s += time.perf_counter() - started
                started = time.perf_counter()
                lines = "".join(
                    json.dumps(extraction_to_json(r), ensure_ascii=False) + "\n"
                    for _, r in results
                    if isinstance(r, Extraction)
                )
                output_s += time.perf_counter() - started
                assert lines or not results
                for _, result in results:
                    if isinstance(result, Extraction):
                        reports += len(result.document.reports)
                        claims += len(result.events)
                for name, store in opened.items():
                    step = store_one(store, data, origin, results)
                    total = timings[name]
                    total.keep_raw += step.keep_raw
                    total.seen += step.seen
                    total.ingest += step.ingest
                    total.steps.append(step.total)
            counts = {name: store.counts() for name, store in opened.items()}
            problems = {name: store.check() for name, store in opened.items()}
    return Result(len(docs), reports, claims, load_s, pipeline_s, output_s, timings, counts, problems)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def report(result: Result) -> list[str]:
    """The figures, as printed."""
    n, pipeline = result.documents, result.pipeline_s
    extract = pipeline + result.output_s
    lines = [
        f"documents: {n}, reports: {result.reports}, per-report events: {result.events}, "
        f"model load {result.load_s:.1f} s (not counted)",
        f"{'mode':20} {'seconds':>8} {'docs/s':>8} {'vs extract':>11}",
        f"{'extract (jsonl out)':20} {extract:8.2f} {n / extract:8.2f} {'1.00':>11}",
    ]
    worst = 0.0
    for name, timing in result.timings.items():
        seconds = pipeline + timing.total
        cost = seconds / extract - 1
        worst = max(worst, cost)
        lines.append(f"{'ingest ' + name:20} {seconds:8.2f} {n / seconds:8.2f} {extract / seconds:11.2f}")
    for name, timing in result.timings.items():
        counts = result.counts[name]
        lines.append(
            f"store {name}: {timing.total:.2f} s = keep raw {timing.keep_raw:.2f} + seen {timing.seen:.2f} "
            f"+ ingest {timing.ingest:.2f}; {timing.total / pipeline:.1%} of the pipeline's time; "
            f"per document p50 {percentile(timing.steps, 0.5) * 1000:.1f} ms, "
            f"p99 {percentile(timing.steps, 0.99) * 1000:.1f} ms; stored {counts.documents} documents, "
            f"{counts.claims} claims, {counts.fused_events} fused events; "
            f"integrity: {'; '.join(result.problems[name]) or 'ok'}"
        )
    verdict = "within" if worst < TARGET else "OVER"
    lines.append(f"store cost over extract: worst {worst:+.1%} ({verdict} the {TARGET:.0%} target)")
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
