"""The README's "A first hour at the desk", run as a new user runs it: each command of its block
in a fresh folder that holds only the bundled examples and the project's environment (the
long-running `serve` and `watch` are started elsewhere in the suite: tests/api, tests/ingest)."""

from __future__ import annotations

import csv
import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")

pytestmark = pytest.mark.model


def walkthrough() -> list[list[str]]:
    """The commands of the section's shell block, comments dropped, servers left out."""
    section = README.split("## A first hour at the desk", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None, "the README's first-hour section has no shell block"
    commands = [shlex.split(line, comments=True) for line in block.group(1).splitlines()]
    return [c for c in commands if c and c[1] not in ("serve", "watch")]


def test_the_first_hour_runs_as_written(tmp_path: Path) -> None:
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    (tmp_path / ".venv").symlink_to(ROOT / ".venv")
    environment = {**os.environ, "COLUMNS": "200"}  # a wide terminal: one figure a line
    environment.pop("SITREP_DB", None)
    outputs = {}
    for command in walkthrough():
        done = subprocess.run(
            command, cwd=tmp_path, capture_output=True, text=True, timeout=600, env=environment
        )
        assert done.returncode == 0, f"{shlex.join(command)}: {done.stderr[-2000:]}"
        outputs[command[1], "html" in command] = done.stdout + done.stderr
    assert "2 added" in outputs["ingest", False]
    assert "CONTRADICTION" in outputs["figures", False]
    # what the README says the contradiction is
    figures = outputs["figures", False]
    assert "Interior Ministry" in figures and "Khabar 24" in figures
    assert re.search(r"12 \(Interior Ministry[^)]*\) vs 18 \(Khabar 24", figures), figures
    assert outputs["report", False].startswith("# Situation report")
    assert "<html" in (tmp_path / "brief.html").read_text(encoding="utf-8").lower()
    with (tmp_path / "desk.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and all(r["country"] == "Kazakhstan" for r in rows)
