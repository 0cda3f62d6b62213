"""How fusion's cost grows with the store: 1k, 10k and 100k fused events, ratios in one run.

    .venv/bin/python bench/bench_fusion.py [--sizes 1000 10000 100000] [--probe 500] [--db URL]

For each size a fresh store (SQLite in a temporary folder unless ``--db`` names an empty
PostgreSQL database) is filled with that many generated fused events, each holding one claim,
written in bulk; then the same number (``--probe``) of new generated claims is fused one by one
through the store's `Fuser` (candidate search by type group, days and place cell, profiles,
the decision, the write and the split check), timed. A news store grows in time: events are
generated at a fixed rate per day (``--per-day``) over a fixed set of places, so 100k events
cover 100 times the days of 1k, and the probe claims are dated in the store's latest weeks, as
live news is (within the store's days, when it covers fewer). Fusion close to linear in the store's size means a constant cost per fused claim:
the ratios printed are per-claim costs against the smallest store's, measured in this run.
Also printed: how many candidate events were scored per claim. Generated data, no model needed.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from sitrep.fuse import blocking_keys, type_group  # noqa: E402
from sitrep.fuse.records import place_cell  # noqa: E402
from sitrep.store import Store  # noqa: E402
from sitrep.store.facts import ClaimRow  # noqa: E402
from sitrep.store.fused import FusedEventRow  # noqa: E402
from sitrep.store.fusion import Fuser, claim_view_of  # noqa: E402
from sitrep.store.inputs import DocumentRow, DocumentVersionRow, ReportRow  # noqa: E402

TYPES = ("ASSAULT", "FIGHT", "PROTEST", "COERCE", "MOBILIZE", "DISAPPROVE", "ACCUSE", "AID")
WORDS = [
    "attack",
    "militants",
    "village",
    "police",
    "army",
    "market",
    "bomb",
    "blast",
    "rally",
    "protesters",
    "march",
    "capital",
    "clash",
    "rebels",
    "convoy",
    "ambush",
    "border",
    "checkpoint",
    "strike",
    "airstrike",
    "curfew",
    "arrests",
    "detained",
    "rioters",
    "fire",
    "shelling",
    "district",
    "province",
    "camp",
    "refugees",
    "aid",
    "convoy",
    "negotiation",
    "ceasefire",
    "mosque",
    "church",
    "school",
]
START = date(2020, 1, 1)


def places(rng: random.Random, count: int) -> list[tuple[float, float, str, int]]:
    """(lat, lon, country, geonames id) of ``count`` generated towns in 4 countries."""
    found = []
    for i in range(count):
        lat, lon = rng.uniform(0, 10), rng.uniform(30, 50)
        found.append((round(lat, 3), round(lon, 3), f"C{int(lon // 5):02d}", 9_000_000 + i))
    return found


def generated(rng: random.Random, towns: list[tuple[float, float, str, int]], day: date) -> dict[str, object]:
    """The fusion columns of one generated claim on ``day``."""
    lat, lon, country, gid = rng.choice(towns)
    kind = rng.choice(TYPES)
    return {
        "type": kind,
        "acled_event_type": None,
        "day": day,
        "date_precision": "day",
        "lat": lat,
        "lon": lon,
        "country": country,
        "admin1": f"{country}-{int(lat // 2)}",
        "geonames_id": gid,
        "place_precision": "city",
        "place_name": f"town {gid}",
        "tokens": " ".join(sorted(set(rng.sample(WORDS, 8)))),
        "context": "",
    }


def fill(session: Session, size: int, per_day: int, rng: random.Random, towns: list) -> tuple[int, int]:
    """Write ``size`` one-claim fused events in bulk; the (document, report) ids claims point at."""
    document = DocumentRow(key="bench", language="en", origin="bench")
    session.add(document)
    session.flush()
    version = DocumentVersionRow(document_id=document.id, version=1, sha256="0" * 64, text="")
    session.add(version)
    session.flush()
    report = ReportRow(
        key="bench-r1",
        document_id=document.id,
        version_id=version.id,
        entry="",
        sha256="0" * 64,
        seq=0,
        text="",
        time_precision="unknown",
        doc_start=0,
        doc_end=0,
    )
    session.add(report)
    session.flush()
    for start in range(0, size, 5000):
        batch = [
            generated(rng, towns, START + timedelta(days=i // per_day))
            for i in range(start, min(size, start + 5000))
        ]
        first = (session.scalar(select(FusedEventRow.id).order_by(FusedEventRow.id.desc()).limit(1)) or 0) + 1
        session.execute(
            insert(FusedEventRow),
            [
                {
                    "id": first + n,
                    "type": c["type"],
                    "type_group": type_group(str(c["type"])),
                    "date_from": c["day"],
                    "date_to": c["day"],
                    "cell": place_cell(c["lat"], c["lon"], "city", str(c["country"])),  # type: ignore[arg-type]
                    "country": c["country"],
                    "admin1": c["admin1"],
                    "place_name": c["place_name"],
                    "lat": c["lat"],
                    "lon": c["lon"],
                    "geonames_id": c["geonames_id"],
                    "place_precision": "city",
                    "claim_count": 1,
                    "revision": 1,
                }
                for n, c in enumerate(batch)
            ],
        )
        session.execute(
            insert(ClaimRow),
            [
                claim_row(c, f"seed-{start + n}", document.id, report.id, first + n)
                for n, c in enumerate(batch)
            ],
        )
    return document.id, report.id


def claim_row(columns: dict[str, object], key: str, document: int, report: int, event: int | None) -> dict:
    return {
        **columns,
        "key": key,
        "document_id": document,
        "report_id": report,
        "fused_event_id": event,
        "summary": "",
        "attribution": "asserted",
        "confidence": 0.5,
        "start": 0,
        "end": 0,
        "doc_start": 0,
        "doc_end": 0,
        "payload": {},
    }


def measure(url: str | None, size: int, probe: int, per_day: int) -> dict[str, float]:
    rng = random.Random(size)
    towns = places(random.Random(7), 100)
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(url or str(Path(folder) / "bench.db"))
        with store.writing() as session:  # the bench drives the store's session and Fuser directly
            document, report = fill(session, size, per_day, rng, towns)
        days = (size - 1) // per_day + 1
        last = START + timedelta(days=days - 1)
        fuser = Fuser()
        scored = 0
        started, cpu = time.perf_counter(), time.process_time()
        with store.writing() as session:
            for n in range(probe):
                columns = generated(rng, towns, last - timedelta(days=rng.randrange(min(21, days))))
                row = ClaimRow(**claim_row(columns, f"probe-{n}", document, report, None))
                session.add(row)
                session.flush()
                scored += len(fuser._candidates(session, blocking_keys(claim_view_of(row, frozenset()))))
                fuser.fuse(session, row)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        store.close()
    return {
        "seconds": elapsed,
        "per_claim_ms": 1000 * elapsed / probe,
        "cpu_ms": 1000 * cpu / probe,
        "candidates": scored / probe,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--probe", type=int, default=500, help="claims fused at each size")
    parser.add_argument("--per-day", type=int, default=200, help="generated events a day")
    parser.add_argument("--db", help="an empty PostgreSQL database (default: SQLite in a temp folder)")
    args = parser.parse_args()
    results = {}
    for size in args.sizes:
        results[size] = measure(args.db, size, args.probe, args.per_day)
        r = results[size]
        print(
            f"{size:>7} events: {args.probe} claims fused in {r['seconds']:.2f} s, "
            f"{r['per_claim_ms']:.2f} ms a claim ({r['cpu_ms']:.2f} ms CPU), "
            f"{r['candidates']:.1f} candidates a claim",
            flush=True,
        )
    base = results[args.sizes[0]]
    for size in args.sizes[1:]:
        growth = size / args.sizes[0]
        wall = results[size]["per_claim_ms"] / base["per_claim_ms"]
        cpu = results[size]["cpu_ms"] / base["cpu_ms"]
        print(
            f"store x{growth:g}: cost a claim x{wall:.2f} wall, x{cpu:.2f} CPU "
            f"(x1 = total cost linear in the store; x{growth:g} = comparing against everything)"
        )


if __name__ == "__main__":
    main()
