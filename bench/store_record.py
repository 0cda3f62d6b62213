"""The stored record of the store bench's documents, to check that a change to the store leaves
it the same, and a store-only replay to profile it.

    .venv/bin/python bench/store_record.py --results R.pickle [--documents 80] [--db URL | --postgres] [--dump OUT]
    .venv/bin/python bench/store_record.py --results R.pickle --profile cprofile

The pipeline runs once on `bench/documents.py`'s documents (the same as `bench_store.py`'s) and
its results are pickled to ``--results`` (reused when the file exists, so that before and after
store the very same results; `scripts/measure_fusion.py`'s cached extractions, which fuse with
merges and splits, can be given instead); they are then stored as `sitrep ingest` stores them (raw bytes
kept, "seen?" asked, one transaction a document) into a fresh SQLite file, or ``--db`` (an empty
database). ``--dump`` writes every table (rows ordered by key, timestamp columns left out) and
`sitrep events --format json` to a file; two dumps diff as text. Prints the store's wall and CPU
seconds and its statements.
"""

from __future__ import annotations

import argparse
import json
import pickle
import re
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from documents import REPO, documents

sys.path.insert(0, str(REPO / "tests" / "store"))

from pg_server import new_database, postgres_server
from sqlalchemy import DateTime, create_engine, event, select
from sqlalchemy.engine import Engine

from sitrep.config import Settings
from sitrep.ingest import read_bytes
from sitrep.model import RawDocument
from sitrep.pipeline import run_document
from sitrep.resources import Resources
from sitrep.store import Store
from sitrep.store.base import Base

Inputs = list[tuple[str, bytes, list[tuple[RawDocument, Any]]]]


def pipeline_results(path: Path, count: int) -> Inputs:
    """The documents with their pipeline results, run once and kept in ``path``."""
    if path.exists():
        loaded = pickle.loads(path.read_bytes())
        if loaded and len(loaded[0]) == 2:  # (document, extraction) pairs: scripts/measure_fusion.py's cache
            return [(raw.origin, raw.text.encode("utf-8"), [(raw, result)]) for raw, result in loaded]
        return list(loaded)
    settings = Settings(timezone="UTC")
    found: Inputs = []
    with Resources.load(settings) as resources:
        for origin, data in documents(count):
            raws = [r for r in read_bytes(data, origin, settings) if isinstance(r, RawDocument)]
            found.append((origin, data, [(raw, run_document(raw, resources, settings)) for raw in raws]))
    path.write_bytes(pickle.dumps(found))
    return found


def store_all(store: Store, inputs: Inputs) -> None:
    """Store every input as `sitrep ingest` does."""
    for origin, data, results in inputs:
        raw_id = store.keep_raw(data, origin)
        for raw, result in results:
            if not store.seen(raw):
                store.ingest(raw, result, raw_input_id=raw_id)


def count_statements(engine: Engine) -> list[int]:
    counter = [0]

    @event.listens_for(engine, "before_cursor_execute")
    def _count(*_: object) -> None:
        counter[0] += 1

    return counter


def dump(url: str) -> str:
    """Every table's rows (timestamps left out) and `sitrep events --format json`, as text."""
    engine = create_engine(url)
    lines: list[str] = []
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if not isinstance(c.type, DateTime)]
            keys = list(table.primary_key.columns) or columns
            lines.append(f"## {table.name}")
            for row in connection.execute(select(*columns).order_by(*keys)):
                lines.append(json.dumps([_plain(v) for v in row], ensure_ascii=False, default=str))
    engine.dispose()
    events = subprocess.run(
        [str(REPO / ".venv/bin/sitrep"), "events", "--db", url, "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return "\n".join([*lines, "## sitrep events --format json", _STEP_TIME.sub('"at": "-"', events)])


_STEP_TIME = re.compile(r'"at": "[^"]*"')
"""When a history step was taken (a timestamp, left out as the tables' are)."""


def _plain(value: Any) -> Any:
    return value.hex() if isinstance(value, bytes | memoryview) else value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--results", type=Path, required=True, help="pickled pipeline results (made if missing)"
    )
    parser.add_argument("--documents", type=int, default=80, help="how many documents (default 80)")
    parser.add_argument("--db", help="an empty database to store into (default: a fresh SQLite file)")
    parser.add_argument(
        "--postgres", action="store_true", help="store into a throwaway PostgreSQL server (as bench_store.py)"
    )
    parser.add_argument("--dump", type=Path, help="write the stored record here")
    parser.add_argument("--profile", choices=["cprofile"], help="profile the store")
    args = parser.parse_args(argv)
    inputs = pipeline_results(args.results, args.documents)
    with tempfile.TemporaryDirectory() as folder, ExitStack() as stack:
        url = args.db or f"sqlite:///{folder}/record.db"
        if args.postgres:
            url = new_database(stack.enter_context(postgres_server()))
        with Store.open(url) as store:
            statements = count_statements(store._engine)
            wall, cpu = time.perf_counter(), time.process_time()
            if args.profile == "cprofile":
                import cProfile
                import pstats

                profiler = cProfile.Profile()
                profiler.runcall(store_all, store, inputs)
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
            else:
                store_all(store, inputs)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            counts = store.counts()
            problems = store.check()
        print(
            f"stored {counts.documents} documents, {counts.claims} claims, {counts.fused_events} fused events"
            f" in {wall:.2f} s wall, {cpu:.2f} s CPU, {statements[0]} statements;"
            f" integrity: {'; '.join(problems) or 'ok'}"
        )
        if args.dump:
            args.dump.write_text(dump(url), encoding="utf-8")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
