"""The command line as a user runs it: inputs in, sitrep/1 out, bad input named on stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "examples" / "demo-ticker.txt"


def run(
    *args: str, stdin: bytes | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "sitrep", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        timeout=300,
        check=False,
    )


def test_demo_ticker_to_json() -> None:
    result = run("extract", str(DEMO), "--format", "json", "--no-analysis")
    assert result.returncode == 0, result.stderr.decode()
    payload = json.loads(result.stdout)
    assert payload["schema"] == "sitrep/1"
    assert [d["id"] for d in payload["documents"]] == ["demo-ticker"]
    times = [r["time"] for r in payload["reports"]]
    assert times == ["2024-06-25T23:40:00+03:00", "2024-06-25T16:15:00+03:00", "2024-06-25T00:00:00+03:00"]
    assert payload["reports"][1]["headline"] == "Kenya: Army deployed after parliament stormed"
    text = " ".join(r["text"] for r in payload["reports"])
    assert "© Jane Mwangi / AP" not in text and "(abc / def / afp)" not in text
    noise = payload["documents"][0]["noise"]
    assert any(n["kind"] == "credit" and "Jane Mwangi" in n["text"] for n in noise)


def test_offsets_point_into_the_document_as_read() -> None:
    result = run("extract", str(DEMO), "--no-analysis")
    payload = json.loads(result.stdout)
    original = DEMO.read_text(encoding="utf-8")
    for report in payload["reports"]:
        first_word = report["text"].split()[0]
        assert original[report["doc_start"] : report["doc_start"] + len(first_word)] == first_word


def test_jsonl_gives_one_object_per_document(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "date 2024-03-01\n\nFloods cut the main road north of the town on Friday.\n"
    )
    (tmp_path / "b.txt").write_text(
        "+++ 9.10 a.m .: Rescue teams reached the valley.\n\n+++ 8.00 a.m .: Rain eased.\n"
    )
    result = run("extract", str(tmp_path), "--format", "jsonl", "--tz", "Asia/Kathmandu", "--no-analysis")
    assert result.returncode == 0, result.stderr.decode()
    lines = result.stdout.decode().splitlines()
    assert len(lines) == 2
    objects = [json.loads(line) for line in lines]
    assert [o["documents"][0]["id"] for o in objects] == ["a", "b"]
    assert all(o["schema"] == "sitrep/1" for o in objects)


def test_bad_document_in_a_batch_is_named_and_skipped(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Police dispersed a march in the capital on Monday.\n")
    (tmp_path / "empty.txt").write_text("   \n")
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = run("extract", str(tmp_path), "--no-analysis")
    assert result.returncode == 1
    payload = json.loads(result.stdout)
    assert [d["id"] for d in payload["documents"]] == ["good"]
    stderr = result.stderr.decode()
    assert "empty.txt" in stderr and "photo.txt" in stderr
    assert "Traceback" not in stderr
    assert {r["origin"].rsplit("/", 1)[-1] for r in payload["rejections"]} == {"empty.txt", "photo.txt"}


def test_missing_file_and_bad_option_are_one_line_errors(tmp_path: Path) -> None:
    missing = run("extract", str(tmp_path / "nope.txt"), "--no-analysis")
    assert missing.returncode == 1
    assert "nope.txt" in missing.stderr.decode() and "Traceback" not in missing.stderr.decode()
    bad_zone = run("extract", str(DEMO), "--tz", "Mars/Olympus", "--no-analysis")
    assert bad_zone.returncode == 2
    assert "Mars/Olympus" in bad_zone.stderr.decode()


def test_stdin_and_table_view() -> None:
    result = run("extract", "-", "--format", "table", "--no-analysis", stdin=DEMO.read_bytes())
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    assert "Reports" in out and "stdin" in out


def test_output_file_is_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    result = run("extract", str(DEMO), "-o", str(target), "--no-analysis")
    assert result.returncode == 0
    assert json.loads(target.read_text())["schema"] == "sitrep/1"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


@pytest.mark.parametrize("flag", ["--version", "--help"])
def test_version_and_help(flag: str) -> None:
    result = run(flag)
    assert result.returncode == 0
    assert result.stdout
