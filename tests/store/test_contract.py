"""The living record's contract (docs/living-record.md), pinned: the JSON of `sitrep events` and
`sitrep figures`, the filters documented, and one-line errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import typer
from records_factory import Entry, make
from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.store import Store

DOC = Path(__file__).parents[2] / "docs" / "living-record.md"
EVENT_FIELDS = {
    "id", "report_id", "type", "mode", "context", "acled", "summary", "date", "date_to", "date_precision",
    "location", "actors", "casualties", "sources", "attribution", "contested_terms", "details", "evidence",
    "confidence", "documents", "claims", "figures", "history",
}  # fmt: skip
CLAIM_FIELDS = {
    "id", "report_id", "document_id", "time", "type", "summary", "date", "location", "attribution", "sources",
    "casualties", "evidence", "superseded",
}  # fmt: skip
FIGURE_CLAIM_FIELDS = {
    "min", "max", "qualifier", "document_id", "report_id", "time", "sources", "text", "attribution", "group",
    "words", "superseded", "time_precision",
}  # fmt: skip
CLASH = "Security forces clashed with armed men near the central market of Marn."


def _fill(url: str) -> None:
    with Store.open(url) as store:
        for doc, killed, minute, source in (("a", 8, 0, "Interior Ministry"), ("b", 12, 20, "State TV")):
            text = f"{CLASH} {killed} people were killed, the {source} said."
            spec = {
                "type": "FIGHT",
                "words": text,
                "sources": [source],
                "figures": [("killed", killed, "exact", f"{killed} people")],
            }
            store.ingest(*make(doc, [Entry(10, text, [spec], minute=minute)]))


def test_events_json_is_the_contract(db_url: str) -> None:
    _fill(db_url)
    result = CliRunner().invoke(app, ["events", "--db", db_url, "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert set(payload) == {"schema", "events"} and payload["schema"] == "sitrep/1"
    [event] = payload["events"]
    assert set(event) == EVENT_FIELDS
    assert event["documents"] == ["a", "b"]
    assert all(set(c) == CLAIM_FIELDS for c in event["claims"])
    killed = event["figures"]["killed"]
    assert set(killed) == {"latest", "low", "high", "contradiction", "conflicts", "claims"}
    assert (killed["low"], killed["high"], killed["contradiction"]) == (8, 12, True)
    assert set(killed["latest"]) == FIGURE_CLAIM_FIELDS
    assert all(set(c) == FIGURE_CLAIM_FIELDS | {"disputed"} for c in killed["claims"])
    # 8 and 12, both exact for the same moment: each is one of the contradicting pair
    assert [c["disputed"] for c in killed["claims"]] == [True, True]
    assert [c["sources"][0]["name"] for c in killed["claims"]] == ["Interior Ministry", "State TV"]
    assert killed["claims"][0]["time"] == "2031-03-06T10:00:00+03:00"
    assert killed["claims"][0]["text"].startswith("Security forces clashed")


def test_figures_json_and_table(db_url: str) -> None:
    _fill(db_url)
    result = CliRunner().invoke(app, ["figures", "--db", db_url, "--format", "json", "--place", "Marn"])
    assert result.exit_code == 0, result.output
    [entry] = json.loads(result.stdout)["figures"]
    assert set(entry) == {"event_id", "type", "date", "location", "summary", "documents", "figures"}
    table = CliRunner().invoke(app, ["figures", "--db", db_url, entry["event_id"]])
    assert "CONTRADICTION" in table.stdout and "State TV" in table.stdout
    events = CliRunner().invoke(app, ["events", "--db", db_url, "--type", "protest"])
    assert "Fused events (0)" in events.stdout


def test_sitrep_db_from_the_environment(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'env.db'}"
    _fill(url)
    result = CliRunner().invoke(app, ["events", "--format", "json"], env={"SITREP_DB": url})
    assert len(json.loads(result.stdout)["events"]) == 1


def test_missing_store_and_bad_filters_are_one_line_errors(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["events", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "no such database" in result.stderr
    bad = CliRunner().invoke(app, ["events", "--db", str(tmp_path / "none.db"), "--bbox", "1,2,3"])
    assert bad.exit_code == 2 and "WEST,SOUTH,EAST,NORTH" in bad.stderr


@pytest.mark.parametrize("command", ["events", "figures"])
def test_every_option_is_documented(command: str) -> None:
    text = DOC.read_text(encoding="utf-8")
    click_command = typer.main.get_command(app).commands[command]  # type: ignore[attr-defined]
    options = {
        opt for param in click_command.params for opt in getattr(param, "opts", []) if opt.startswith("--")
    }
    missing = sorted(o for o in options if not re.search(re.escape(o) + r"\b", text))
    assert not missing, f"undocumented in {DOC.name}: {missing}"
