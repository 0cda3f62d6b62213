"""`sitrep export --format json` → `sitrep ingest` into an empty store → `sitrep export --format
json` gives the same events, event for event: the real commands on the seed with the living
tickers, and on a ticker stored in two versions (a changed entry, its old figures superseded)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from stores import ROOT, run
from typer.testing import CliRunner

from sitrep.cli import app

pytestmark = pytest.mark.model


def exported(db: Path | str, out: Path) -> dict[str, Any]:
    run("export", "--format", "json", "--db", str(db), "-o", str(out))
    return dict(json.loads(out.read_text(encoding="utf-8")))


def same_events(first: list[dict[str, Any]], second: list[dict[str, Any]]) -> None:
    assert [e["id"] for e in first] == [e["id"] for e in second]
    for before, after in zip(first, second, strict=True):
        # A merge or split happened again on re-ingest, at another moment: the step, not its time.
        for event in (before, after):
            event["history"] = [{k: v for k, v in step.items() if k != "at"} for step in event["history"]]
        for field in before:
            assert after[field] == before[field], (before["id"], field)
        assert set(after) == set(before)


def test_export_ingest_export_gives_the_same_events(living_db: str, tmp_path: Path) -> None:
    first = exported(living_db, tmp_path / "first.json")
    assert first["events"] and first["record"]
    run("ingest", str(tmp_path / "first.json"), "--db", str(tmp_path / "again.db"))
    second = exported(tmp_path / "again.db", tmp_path / "second.json")
    same_events(first["events"], second["events"])
    assert second["record"] == first["record"]
    # What was stored is what was exported: figures with their sources, evidence spans.
    killed = next(e for e in second["events"] if "killed" in e["figures"])["figures"]["killed"]
    assert any(c["sources"] for c in killed["claims"]) and all(c["text"] for c in killed["claims"])
    assert all(s["text"] for e in second["events"] for s in e["evidence"])


def test_a_ticker_stored_in_two_versions_comes_back_with_its_superseded_figures(tmp_path: Path) -> None:
    text = (ROOT / "examples" / "demo-ticker.txt").read_text(encoding="utf-8")
    # A new entry on top and a changed figure below it, as a live ticker is updated (an entry
    # changed in place is tests/store/test_store.py's).
    newest = "+++ 11.55 p.m .: Police fired tear gas at protesters in Kisumu, Citizen TV reported.\n\n"
    changed = text.replace("at least 23 people were killed", "at least 39 people were killed")
    changed = changed.replace("+++ 11.40", newest + "+++ 11.40", 1)
    assert changed != text
    ticker = tmp_path / "v" / "demo-ticker.txt"
    ticker.parent.mkdir()
    db = tmp_path / "two.db"
    for version in (text, changed):
        ticker.write_text(version, encoding="utf-8")
        run("ingest", str(ticker), "--db", str(db))
    first = exported(db, tmp_path / "first.json")
    assert len(first["record"]) == 2
    superseded = [c for e in first["events"] for c in e["claims"] if c["superseded"]]
    assert superseded, "the changed entry's old claims are superseded"
    run("ingest", str(tmp_path / "first.json"), "--db", str(tmp_path / "again.db"))
    same_events(first["events"], exported(tmp_path / "again.db", tmp_path / "second.json")["events"])


def test_the_output_of_extract_is_stored_as_it_stands(tmp_path: Path) -> None:
    run(
        "extract",
        str(ROOT / "examples" / "demo-ticker.txt"),
        "--format",
        "json",
        "-o",
        str(tmp_path / "x.json"),
    )
    extracted = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    run("ingest", str(tmp_path / "x.json"), "--db", str(tmp_path / "x.db"))
    stored = exported(tmp_path / "x.db", tmp_path / "out.json")
    claims = {c["id"] for e in stored["events"] for c in e["claims"]}
    assert claims == {e["id"] for e in extracted["events"]}
    assert [r["text"] for r in stored["record"][0]["reports"]] == [r["text"] for r in extracted["reports"]]


def test_a_broken_sitrep_object_is_one_rejection_and_stores_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": "sitrep/1", "record": [{"schema": "sitrep/1", "documents": [{"id": 3}]}]}')
    result = CliRunner().invoke(app, ["ingest", str(bad), "--db", str(tmp_path / "bad.db")])
    assert result.exit_code == 1
    assert "bad.json" in result.output and "sitrep/1 object that does not read" in result.output
    assert json.loads(run("events", "--db", str(tmp_path / "bad.db"), "--format", "json"))["events"] == []
