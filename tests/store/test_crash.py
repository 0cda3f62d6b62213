"""Crash safety: `sitrep ingest` killed with SIGKILL at random points of a batch, several times,
then restarted, loses nothing, stores nothing twice and leaves a consistent database."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from sitrep.store import Store, database_url

pytestmark = pytest.mark.model

CITIES = ["Almaty", "Shymkent", "Taraz", "Aktobe", "Karaganda", "Pavlodar"]
KILLS = 4


def _batch(path: Path, n: int = 24) -> None:
    """A JSON Lines batch of short made-up tickers about clashes in several cities."""
    rows = []
    for i in range(n):
        city = CITIES[i % len(CITIES)]
        day = 3 + i % 5
        killed = 2 + i
        body = (
            f"+++ 9.{10 + i} p.m .: Police clashed with armed men in {city} on Tuesday evening. "
            f"{killed} people were killed and {killed * 3} injured, the regional police said.\n\n"
            f"+++ 6.{10 + i} p.m .: Residents of {city} reported gunfire near the railway station. "
            f"The mayor of {city} called on people to stay at home."
        )
        rows.append(
            {
                "id": f"batch-{i:02d}",
                "text": body,
                "published": f"2031-03-{day:02d}",
                "outlet": "test.example",
            }
        )
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def _ingest(batch: Path, url: str, *, capture: bool = True) -> subprocess.Popen[bytes]:
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "sitrep", "ingest", str(batch), "--db", url, "--tz", "Asia/Almaty"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE if capture else subprocess.DEVNULL,
        env=env,
    )


def _documents(url: str) -> int:
    engine = create_engine(database_url(url))
    try:
        with engine.connect() as connection:
            return int(connection.execute(text("SELECT count(*) FROM documents")).scalar() or 0)
    except Exception:  # the first run may not have created the tables yet
        return 0
    finally:
        engine.dispose()


def _snapshot(url: str) -> tuple[object, list[tuple[object, ...]]]:
    with Store.open(url) as store:
        assert store.check() == []
        events = store.events()
        counts = store.counts()
    rows = sorted(
        (
            tuple(sorted(e.documents)),
            e.fields["type"],
            len(e.claims),
            json.dumps(e.fields["casualties"], sort_keys=True),
        )
        for e in events
    )
    return counts, rows


def test_sigkill_mid_batch_loses_and_duplicates_nothing(db_url: str, tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    _batch(batch)
    rng = random.Random(20310306)
    seen = -1
    for _ in range(KILLS):
        process = _ingest(batch, db_url, capture=False)
        target = _documents(db_url) + rng.randint(1, 4)
        deadline = time.monotonic() + 120
        while process.poll() is None and _documents(db_url) < target and time.monotonic() < deadline:
            time.sleep(rng.uniform(0.0, 0.05))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait()
        now = _documents(db_url)
        assert now >= seen, "a killed run never loses what an earlier run stored"
        seen = now
    final = _ingest(batch, db_url)
    _, stderr = final.communicate(timeout=300)
    assert final.returncode == 0, stderr.decode()
    assert seen < 24, "the kills must have happened before the batch was done"

    reference = f"sqlite:///{tmp_path / 'reference.db'}"
    clean = _ingest(batch, reference)
    _, stderr = clean.communicate(timeout=300)
    assert clean.returncode == 0, stderr.decode()

    counts, events = _snapshot(db_url)
    expected_counts, expected_events = _snapshot(reference)
    assert counts.documents == 24 and counts.raw_inputs == 1
    assert (counts.documents, counts.reports, counts.claims, counts.fused_events, counts.entities) == (
        expected_counts.documents,  # type: ignore[attr-defined]
        expected_counts.reports,  # type: ignore[attr-defined]
        expected_counts.claims,  # type: ignore[attr-defined]
        expected_counts.fused_events,  # type: ignore[attr-defined]
        expected_counts.entities,  # type: ignore[attr-defined]
    )
    assert events == expected_events, "every fused event and all its claims are there, once"
