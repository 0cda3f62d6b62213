"""Batch runs without the language model: engines, shards, manifest, resumption, bad documents."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from batch_helpers import SerialEngine, read_records, read_rejections, read_table, shard_bytes
from typer.testing import CliRunner

from sitrep.batch import BatchOptions, BatchSummary, OutputFormat, run_batch
from sitrep.batch.inputs import RawInput
from sitrep.batch.local import Task
from sitrep.batch.manifest import MANIFEST
from sitrep.batch.tables import SCHEMAS, shard_files
from sitrep.batch.work import ShardOutput, WorkSpec, process_partition
from sitrep.cli import app
from sitrep.config import Settings
from sitrep.errors import ConfigError
from sitrep.model import AnalysedDocument, Document, InputFormat, RawDocument, Rejection
from sitrep.resources import Resources

SETTINGS = Settings(timezone="UTC")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory, corpus: ModuleType) -> Path:
    """120 generated documents as zstandard JSON Lines, two bad lines, and a folder with a text file."""
    folder = tmp_path_factory.mktemp("inputs")
    corpus.write_corpus(folder / "news.jsonl.zst", 120, paragraphs=2)
    (folder / "extra").mkdir()
    (folder / "extra" / "bad.jsonl").write_text(
        '{"id": "x1", "text": "Riot police in Lima."}\n{"id": \n{"id": "x2"}\n'
    )
    (folder / "extra" / "note.txt").write_text("date 2024-05-01\nProtesters marched in Dhaka on Monday.\n")
    return folder


def _options(inputs: Path, out: Path, **changes: object) -> BatchOptions:
    values: dict[str, object] = {"inputs": (str(inputs),), "out": out, "partition_size": 16, "analyse": False}
    values.update(changes)
    return BatchOptions(**values)  # type: ignore[arg-type]


def _serial(options: BatchOptions) -> BatchSummary:
    """A run in this process (the bookkeeping under test, not the workers)."""
    spec = WorkSpec(SETTINGS, options.output_format, analyse=False)
    return run_batch(options, SETTINGS, engine=SerialEngine(spec))


def test_output_is_the_same_with_one_or_two_workers(inputs: Path, tmp_path: Path) -> None:
    one = run_batch(_options(inputs, tmp_path / "one", workers=1), SETTINGS)
    two = run_batch(_options(inputs, tmp_path / "two", workers=2), SETTINGS)
    assert shard_bytes(tmp_path / "one") == shard_bytes(tmp_path / "two")
    assert one.totals == two.totals
    assert one.totals["documents"] == 122 and one.totals["rejections"] == 2
    records = read_records(tmp_path / "one")
    assert [r["documents"][0]["id"] for r in records][:2] == ["x1", "note"]
    assert all(r["schema"] == "sitrep/1" for r in records)
    assert {r["stage"] for r in read_rejections(tmp_path / "one")} == {"ingest"}
    manifest = json.loads((tmp_path / "one" / MANIFEST).read_text())
    assert manifest["complete"] is True and manifest["done"] == [[0, 7]]


def test_parquet_tables_hold_a_row_per_document_and_report(inputs: Path, tmp_path: Path) -> None:
    _serial(_options(inputs, tmp_path / "pq", output_format=OutputFormat.PARQUET))
    _serial(_options(inputs, tmp_path / "js"))
    records = read_records(tmp_path / "js")
    documents = read_table(tmp_path / "pq", "documents")
    reports = read_table(tmp_path / "pq", "reports")
    assert [d["id"] for d in documents] == [r["documents"][0]["id"] for r in records]
    assert [(r["id"], r["document_id"], r["text"]) for r in reports] == [
        (r["id"], r["document_id"], r["text"]) for rec in records for r in rec["reports"]
    ]
    assert all(r["time_utc"] is not None for r in reports if r["time"])
    assert read_table(tmp_path / "pq", "events") == []


def test_every_table_of_an_empty_shard_has_its_schema() -> None:
    import io

    import pyarrow.parquet as pq

    files = shard_files(3, [], [], OutputFormat.PARQUET)
    assert sorted(files) == [
        f"{t}/part-00003.parquet" for t in ("documents", "entities", "events", "reports")
    ]
    for path, data in files.items():
        assert pq.read_table(io.BytesIO(data)).schema.equals(SCHEMAS[path.split("/")[0]])


def test_a_crashed_run_resumes_without_redoing_finished_shards(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _serial(_options(inputs, out))
    expected = shard_bytes(out)
    # A crash after shards 0-2 and 4 were written: the manifest names only those.
    manifest = json.loads((out / MANIFEST).read_text())
    manifest.update(complete=False, done=[[0, 2], [4, 4]])
    (out / MANIFEST).write_text(json.dumps(manifest))
    for path in out.glob("records/part-0000[35-7].jsonl"):
        path.write_text("half-written garbage")
    before = {p.name: p.stat().st_mtime_ns for p in (out / "records").iterdir()}
    summary = _serial(_options(inputs, out, workers=1))
    assert summary.progress.resumed_shards == 4
    assert summary.progress.shards == 4
    assert shard_bytes(out) == expected
    after = {p.name: p.stat().st_mtime_ns for p in (out / "records").iterdir()}
    assert sorted(n for n in before if before[n] == after[n]) == [f"part-0000{i}.jsonl" for i in (0, 1, 2, 4)]


def test_an_output_folder_of_another_run_is_refused_unless_restarted(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _serial(_options(inputs, out))
    with pytest.raises(ConfigError, match="another run \\(different partition_size\\)"):
        _serial(_options(inputs, out, partition_size=10))
    summary = _serial(_options(inputs, out, partition_size=10, restart=True))
    assert summary.progress.shards == 13


def test_a_folder_with_other_files_is_not_taken_as_output(inputs: Path, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "thesis.txt").write_text("mine")
    with pytest.raises(ConfigError, match="not empty and holds no batch manifest"):
        _serial(_options(inputs, tmp_path / "out"))


def test_an_unreadable_manifest_is_named(inputs: Path, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / MANIFEST).write_text("{not json")
    with pytest.raises(ConfigError, match="unreadable batch manifest"):
        _serial(_options(inputs, tmp_path / "out"))


class _BrittleAnalyser:
    """Analyses every document but one, on which it fails the way a bug would."""

    def analyse(self, document: Document) -> AnalysedDocument:
        if document.id == "boom":
            raise IndexError("list index out of range")
        return AnalysedDocument(document, (), ())


class _NoCoder:
    def code(self, analysed: object) -> tuple[()]:
        return ()


def test_a_document_that_breaks_the_pipeline_costs_only_itself() -> None:
    items = (
        RawDocument(
            id="ok", text="Police arrested 12 people in Lima.", origin="a.jsonl:1", format=InputFormat.JSONL
        ),
        RawDocument(id="boom", text="Something odd.", origin="a.jsonl:2", format=InputFormat.JSONL),
        RawInput(
            origin="page.html",
            data=b"<html><body></body></html>",
            doc_id="page",
            input_format=InputFormat.HTML,
        ),
        Rejection("a.jsonl:4", "ingest", "not valid JSON"),
    )
    resources = Resources()
    resources.analyser, resources.coder = _BrittleAnalyser(), _NoCoder()  # type: ignore[assignment]
    shard = process_partition(0, items, WorkSpec(SETTINGS), resources)
    assert shard.documents == 1
    assert [(r.document_id, r.stage) for r in shard.rejections] == [
        ("boom", "analyse"),
        ("page", "ingest"),
        (None, "ingest"),
    ]
    assert shard.rejections[0].reason == "internal error: IndexError: list index out of range"
    rejected = [json.loads(line) for line in shard.files["rejections/part-00000.jsonl"].splitlines()]
    assert [r["origin"] for r in rejected] == ["a.jsonl:2", "page.html", "a.jsonl:4"]


def test_command_line_names_bad_documents_and_exits_1(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "sitrep",
        "batch",
        str(inputs),
        "--out",
        str(out),
        "--no-analysis",
        "-w",
        "1",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 1, result.stderr
    assert f"sitrep: skipped {inputs / 'extra' / 'bad.jsonl'}:2: not valid JSON" in result.stderr
    assert "missing required field 'text'" in result.stderr
    assert "122 document(s) in 2 shard(s), 2 rejected" in result.stderr
    again = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert again.returncode == 0, again.stderr
    assert "0 document(s) in 0 shard(s), 2 shard(s) done before" in again.stderr


def test_command_line_usage_errors_exit_2(inputs: Path, tmp_path: Path) -> None:
    base = ["batch", str(inputs), "--out", str(tmp_path / "o"), "--no-analysis"]
    for extra, message in (
        (["--partition-size", "0"], "--partition-size must be at least 1"),
        (["--scheduler", "tcp://127.0.0.1:1"], "--scheduler needs --engine dask"),
        (["--tz", "Mars/Olympus"], "unknown time zone"),
    ):
        result = CliRunner().invoke(app, base + extra)
        assert result.exit_code == 2, result.output
        assert message in result.output


class _ShuffledEngine(SerialEngine):
    """Finishes partitions out of order, as parallel workers do."""

    def run(self, tasks: Iterator[Task]) -> Iterator[ShardOutput]:
        done = list(super().run(tasks))
        yield from done[1::2] + done[0::2]


def test_documents_are_loaded_into_the_store_in_input_order(inputs: Path, tmp_path: Path) -> None:
    from sitrep.store import Store

    db = tmp_path / "record.db"
    options = _options(inputs, tmp_path / "out", db=str(db))
    spec = WorkSpec(SETTINGS, analyse=False, keep_records=True)
    summary = run_batch(options, SETTINGS, engine=_ShuffledEngine(spec))
    assert summary.totals["documents"] == 122
    with Store.open(str(db)) as store:
        counts = store.counts()
    assert (counts.documents, counts.rejections) == (122, 2)
    manifest = json.loads((tmp_path / "out" / MANIFEST).read_text())
    assert manifest["done"] == [[0, 7]]
    # Resumed with nothing left to do, the store is unchanged; a run without --db is another run.
    run_batch(options, SETTINGS, engine=_ShuffledEngine(spec))
    with Store.open(str(db)) as store:
        assert store.counts() == counts
    with pytest.raises(ConfigError, match="different db"):
        _serial(_options(inputs, tmp_path / "out"))
