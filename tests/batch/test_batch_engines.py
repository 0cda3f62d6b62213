"""The engines with the trained pipeline: Dask and local give the same shards, also after a worker
is killed mid-way and after the whole run is killed and resumed; and batch output is what
`sitrep extract` gives for the same documents."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest
import zstandard
from batch_helpers import read_records, shard_bytes

from sitrep.batch import BatchOptions, EngineName, run_batch
from sitrep.batch.cluster import DaskEngine
from sitrep.batch.manifest import MANIFEST
from sitrep.batch.run import Progress
from sitrep.batch.work import ShardOutput, WorkSpec
from sitrep.config import Settings
from sitrep.export.sitrep_json import extraction_to_json
from sitrep.ingest import read_inputs
from sitrep.model import Extraction
from sitrep.pipeline import run
from sitrep.resources import Resources

pytestmark = pytest.mark.model

SETTINGS = Settings(timezone="UTC")
PARTITION = 20
DOCUMENTS = 200


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory, corpus: ModuleType) -> Path:
    """200 short generated stories and tickers (zstandard JSON Lines), 8 WARC pages, 2 bad lines."""
    folder = tmp_path_factory.mktemp("corpus")
    corpus.write_corpus(folder / "a-news.jsonl.zst", DOCUMENTS, paragraphs=1, seed=7)
    corpus.write_corpus(folder / "b-crawl.warc.gz", 8, paragraphs=2, seed=8)
    (folder / "c-bad.jsonl").write_text('{"id": "no-text"}\n{"id": "cut", "text": "Police in\n')
    return folder


def _options(inputs: Path, out: Path, **changes: object) -> BatchOptions:
    values: dict[str, object] = {
        "inputs": (str(inputs),),
        "out": out,
        "partition_size": PARTITION,
        "workers": 2,
    }
    values.update(changes)
    return BatchOptions(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def reference(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The local engine's output, to which every other run is compared."""
    out = tmp_path_factory.mktemp("reference") / "out"
    summary = run_batch(_options(inputs, out), SETTINGS)
    assert summary.totals["documents"] == DOCUMENTS + 8
    assert summary.totals["rejections"] == 2
    assert summary.totals["events"] > DOCUMENTS
    return out


def test_dask_on_a_local_cluster_gives_the_local_engines_shards(
    reference: Path, inputs: Path, tmp_path: Path
) -> None:
    summary = run_batch(_options(inputs, tmp_path / "dask", engine=EngineName.DASK), SETTINGS)
    assert "Dask engine on a local cluster" in summary.engine
    assert shard_bytes(tmp_path / "dask") == shard_bytes(reference)


def test_killing_a_dask_worker_mid_way_changes_nothing(reference: Path, inputs: Path, tmp_path: Path) -> None:
    options = _options(inputs, tmp_path / "dask", engine=EngineName.DASK)
    engine = DaskEngine(WorkSpec(SETTINGS), workers=2)
    killed: list[int] = []

    def kill_one_worker(shard: ShardOutput, progress: Progress) -> None:
        if progress.shards == 2:
            pid = engine.worker_pids()[0]
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    summary = run_batch(options, SETTINGS, engine=engine, on_shard=kill_one_worker)
    assert killed
    assert summary.progress.shards == len(list((reference / "records").iterdir()))
    assert shard_bytes(tmp_path / "dask") == shard_bytes(reference)


def test_a_run_killed_mid_way_resumes_to_the_same_output(
    reference: Path, inputs: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    command = [sys.executable, "-m", "sitrep", "batch", str(inputs), "--out", str(out), "--tz", "UTC"]
    command += ["--workers", "2", "--partition-size", str(PARTITION)]
    run = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and run.poll() is None:
            if (out / MANIFEST).exists() and json.loads((out / MANIFEST).read_text())["shards_done"] >= 3:
                break
            time.sleep(0.2)
    finally:
        os.killpg(run.pid, signal.SIGKILL)
        run.wait()
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["complete"] is False
    finished = manifest["shards_done"]
    assert 3 <= finished < len(list((reference / "records").iterdir()))
    kept = {p.name: p.stat().st_mtime_ns for p in (out / "records").iterdir()}
    # Resumed on the other engine: a run's shards do not depend on which engine made them.
    summary = run_batch(_options(inputs, out, engine=EngineName.DASK, workers=1), SETTINGS)
    assert summary.progress.resumed_shards == finished
    assert shard_bytes(out) == shard_bytes(reference)
    unchanged = [name for name, mtime in kept.items() if (out / "records" / name).stat().st_mtime_ns == mtime]
    assert len(unchanged) >= finished


def test_batch_output_is_what_extract_gives_document_by_document(
    reference: Path, inputs: Path, tmp_path: Path
) -> None:
    # The first three shards' documents, as the plain JSON Lines `sitrep extract` reads.
    wanted = 3 * PARTITION
    lines = (
        zstandard.ZstdDecompressor().decompressobj().decompress((inputs / "a-news.jsonl.zst").read_bytes())
    )
    plain = tmp_path / "a-news.jsonl"
    plain.write_bytes(b"".join(line + b"\n" for line in lines.splitlines()[:wanted]))
    resources = Resources.load(SETTINGS)
    extracted = [
        extraction_to_json(r)
        for r in run(read_inputs([str(plain)], SETTINGS), resources, SETTINGS)
        if isinstance(r, Extraction)
    ]
    batched = read_records(reference)[:wanted]
    assert len(extracted) == len(batched) == wanted
    for mine, theirs in zip(batched, extracted, strict=True):
        assert (
            mine["documents"][0]
            .pop("origin")
            .endswith(".zst:" + theirs["documents"][0].pop("origin").rsplit(":")[-1])
        )
        assert mine == theirs
