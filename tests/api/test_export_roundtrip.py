"""`GET /api/export/json` carries the stored documents behind its events (`record`), as
`sitrep export --format json` does: the file a desk downloads from the server ingests into an
empty store and gives the same events (a real server on 127.0.0.1, the real commands)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from serving import running
from typer.testing import CliRunner

from sitrep.api.app import create_app
from sitrep.api.settings import ServeSettings
from sitrep.api.store_catalog import StoreCatalog
from sitrep.cli import app as cli
from sitrep.config import Settings
from sitrep.resources import Resources
from sitrep.store import Store

pytestmark = pytest.mark.model

EXAMPLES = Path(__file__).parents[2] / "examples"


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def exported(db: Path) -> dict[str, Any]:
    return dict(json.loads(run("export", "--format", "json", "--db", str(db))))


def test_the_json_export_of_the_api_ingests_into_the_same_events(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    run("ingest", str(EXAMPLES / "demo-ticker.txt"), str(EXAMPLES / "living"), "--db", str(db))
    store = Store.open(str(db))
    server = create_app(
        lambda: StoreCatalog(store, Settings(), Resources.segment_only), ServeSettings(), None
    )
    with running(server) as base:
        response = httpx.get(f"{base}/api/export/json", timeout=30)
    assert response.status_code == 200
    downloaded = response.json()
    first = exported(db)
    assert downloaded["events"] == first["events"] and downloaded["record"] == first["record"]
    (tmp_path / "download.json").write_bytes(response.content)
    run("ingest", str(tmp_path / "download.json"), "--db", str(tmp_path / "again.db"))
    again = exported(tmp_path / "again.db")
    assert [e["id"] for e in again["events"]] == [e["id"] for e in first["events"]]
    for before, after in zip(first["events"], again["events"], strict=True):
        # a merge or split is made again on re-ingest, at another moment: compare the steps
        for event in (before, after):
            event["history"] = [{k: v for k, v in step.items() if k != "at"} for step in event["history"]]
        assert after == before
