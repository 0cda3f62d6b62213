"""The seed and the two tickers of examples/living/ about the same days: fused events whose
claims show every figure with its source, and `sitrep figures` shows the contradiction."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitrep.cli import app

ROOT = Path(__file__).parents[2]
SEED = ROOT.parent / "shared" / "seed" / "000_6a952856eb75bdcb.txt"

pytestmark = pytest.mark.model


def test_three_outlets_fuse_and_the_contradiction_shows(db_url: str) -> None:
    if not SEED.is_file():
        pytest.skip(f"the seed is not at {SEED}")
    db = db_url
    runner = CliRunner()
    ingest = runner.invoke(app, ["ingest", str(SEED), str(ROOT / "examples" / "living"), "--db", db])
    assert ingest.exit_code == 0, ingest.output
    again = runner.invoke(app, ["ingest", str(SEED), str(ROOT / "examples" / "living"), "--db", db])
    assert "3 unchanged" in again.stderr
    events = json.loads(runner.invoke(app, ["events", "--db", db, "--format", "json"]).stdout)["events"]
    killed = [e for e in events if "killed" in e["figures"]]
    [almaty] = [
        e for e in killed if set(e["documents"]) >= {"000_6a952856eb75bdcb", "caspian-wire", "steppe-daily"}
    ]
    figures = almaty["figures"]["killed"]
    told = {(c["document_id"], c["min"], c["qualifier"]) for c in figures["claims"]}
    assert {
        ("000_6a952856eb75bdcb", 8, "at_least"),
        ("caspian-wire", 18, "exact"),
        ("caspian-wire", 26, "at_least"),
        ("steppe-daily", 12, "exact"),
    } <= told
    assert all(c["sources"] or c["qualifier"] == "vague" for c in figures["claims"])
    assert figures["contradiction"] and figures["latest"]["min"] == 26
    table = runner.invoke(app, ["figures", "--db", db, almaty["id"]]).stdout
    assert "CONTRADICTION" in table and "Khabar 24" in table and "Interior Ministry" in table


def test_one_person_across_the_documents_whatever_they_call_him(db_url: str) -> None:
    """ "Kassym-Jomart Tokayev" (seed, caspian-wire), "Kassym-Shomart Tokayev" (seed),
    "Tokayev" and "Kazakh President Kassym-Jomart Tokayev" (kazakh-desk, written for this test)
    are one stored entity holding every name and title the documents give him."""
    if not SEED.is_file():
        pytest.skip(f"the seed is not at {SEED}")
    desk = Path(__file__).parent / "data" / "kazakh-desk.txt"
    runner = CliRunner()
    inputs = [str(SEED), str(ROOT / "examples" / "living"), str(desk)]
    result = runner.invoke(app, ["ingest", *inputs, "--db", db_url])
    assert result.exit_code == 0, result.output
    from sitrep.store import Store

    with Store.open(db_url) as store:
        total, people = store.entity_page("Tokayev", "person", 50, 0)
    assert total == 1, people
    [tokayev] = people
    assert tokayev["name"] == "Kassym-Jomart Tokayev"
    assert {"Kassym-Shomart Tokayev", "Tokayev"} <= set(tokayev["aliases"])
    assert "Kazakh President" in tokayev["roles"] and tokayev["mention_count"] >= 5
