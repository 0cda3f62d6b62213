"""Regressions found by trying bad input and bad options as a new user would (issue 7 §4).

Each test builds its input itself and runs the command line in a subprocess, as a user does:
a usage error is one line and exit status 2, never a traceback; ``-o`` writes only to a new
path or a regular file, with the umask's mode, and checks the folder before the work starts.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "examples" / "demo-ticker.txt"


def run(*args: str, stdin: bytes | None = None, umask: int | None = None) -> subprocess.CompletedProcess[str]:
    def set_umask() -> None:
        if umask is not None:
            os.umask(umask)

    return subprocess.run(
        [sys.executable, "-m", "sitrep", *args],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        preexec_fn=set_umask,
    )


def one_line_error(result: subprocess.CompletedProcess[str], *wanted: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("sitrep: error: ")
    for word in wanted:
        assert word in lines[0], lines[0]


def test_an_unknown_encoding_is_a_usage_error() -> None:
    one_line_error(run("extract", str(DEMO), "--encoding", "bogus", "--no-analysis"), "bogus")


@pytest.mark.parametrize("value", ["nan", "inf", "1e300", "-1", "0"])
def test_a_size_limit_that_is_no_size_is_a_usage_error(value: str) -> None:
    one_line_error(run("extract", str(DEMO), "--max-mb", value, "--no-analysis"), "--max-mb")


def test_output_into_a_missing_folder_is_refused_before_the_work(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "out.json"
    one_line_error(run("extract", str(DEMO), "-o", str(target)), "no such folder")


def test_output_onto_a_folder_is_refused(tmp_path: Path) -> None:
    one_line_error(run("extract", str(DEMO), "-o", str(tmp_path), "--no-analysis"), "a folder")
    assert tmp_path.is_dir()


def test_output_onto_a_symbolic_link_or_a_device_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("keep me")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    one_line_error(run("extract", str(DEMO), "-o", str(link), "--no-analysis"), "not a regular file")
    assert link.is_symlink() and real.read_text() == "keep me"
    one_line_error(run("extract", str(DEMO), "-o", os.devnull, "--no-analysis"), "not a regular file")
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_output_file_takes_the_umask_mode_and_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    new = tmp_path / "new.json"
    assert run("extract", str(DEMO), "-o", str(new), "--no-analysis", umask=0o022).returncode == 0
    assert stat.S_IMODE(new.stat().st_mode) == 0o644
    old = tmp_path / "old.json"
    old.write_text("{}")
    old.chmod(0o664)
    assert run("extract", str(DEMO), "-o", str(old), "--no-analysis", umask=0o077).returncode == 0
    assert stat.S_IMODE(old.stat().st_mode) == 0o664
    assert json.loads(old.read_text())["schema"] == "sitrep/1"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_standard_output_on_a_full_disk_is_one_line() -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "sitrep", "extract", str(DEMO), "--no-analysis"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=300,
            check=False,
        )
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [
        "sitrep: error: cannot write standard output: No space left on device"
    ]


def test_a_rejection_on_line_100_is_printed_as_written(tmp_path: Path) -> None:
    lines = [json.dumps({"id": f"d{i}", "text": f"Rain over Tarsk, report {i}."}) for i in range(1, 100)]
    lines.append('{"id": "d100", "text": ')
    feed = tmp_path / "file.jsonl"
    feed.write_text("\n".join(lines) + "\n")
    result = run("extract", str(feed), "--no-analysis")
    assert result.returncode == 1
    assert f"sitrep: skipped {feed}:100: " in result.stderr
    assert "💯" not in result.stderr


def test_warnings_keep_to_one_line_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    # A ticker stamp without a zone, and no --tz: sitrep warns that it takes UTC.
    long_name = tmp_path / ("a-rather-long-file-name-for-a-ticker-" * 3 + ".txt")
    long_name.write_text("+++ 9.10 a.m .: Rescue teams reached the valley.\n\n+++ 8.00 a.m .: Rain eased.\n")
    result = run("extract", str(long_name), "--no-analysis")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line]
    assert warnings, "a warning about the time zone was expected"
    for line in warnings:
        assert line.startswith("sitrep: warning: "), line
        assert str(long_name) in line
