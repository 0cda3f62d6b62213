"""Helpers of the report tests: stores made with `sitrep ingest` (the trained pipeline), their
events as `sitrep events` shows them, and running a command."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sitrep.cli import app

ROOT = Path(__file__).parents[2]
SEED = ROOT.parent / "shared" / "seed" / "000_6a952856eb75bdcb.txt"
LIVING = ROOT / "examples" / "living"
DEMO = ROOT / "examples" / "demo-ticker.txt"


def ingest(db: Path, *inputs: Path) -> str:
    if not SEED.is_file():
        pytest.skip(f"the seed is not at {SEED}")
    result = CliRunner().invoke(app, ["ingest", *map(str, inputs), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return str(db)


def stored_events(db: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(app, ["events", "--db", db, "--format", "json"])
    assert result.exit_code == 0, result.output
    return list(json.loads(result.stdout)["events"])


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout
