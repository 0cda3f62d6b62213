"""The situation report of the seed, and of the seed with the tickers of examples/living/: its
figures, restrictions and citations checked against the stored events."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from stores import LIVING, SEED, ingest, run, stored_events

pytestmark = pytest.mark.model

BULLET = re.compile(r"^- (?P<text>.+) \[(?P<ids>[^\]]+)\]$")


def sections(markdown: str) -> dict[str, list[tuple[str, list[str]]]]:
    """Section title → its bullets as (sentence, cited event ids)."""
    found: dict[str, list[tuple[str, list[str]]]] = {}
    current = ""
    for line in markdown.splitlines():
        if line.startswith("## "):
            current = line[3:]
            found[current] = []
        elif line.startswith("- "):
            match = BULLET.match(line)
            assert match, f"a sentence without citations: {line!r}"
            found[current].append((match["text"], match["ids"].split(", ")))
    return found


def figure_numbers(event: dict[str, Any]) -> set[int]:
    numbers = set()
    for summary in event["figures"].values():
        numbers |= {summary["low"], summary["high"]}
        for claim in summary["claims"]:
            numbers |= {n for n in (claim["min"], claim["max"]) if n is not None}
    return numbers


def check_citations(markdown: str, events: dict[str, dict[str, Any]]) -> None:
    bullets = [b for section in sections(markdown).values() for b in section]
    assert bullets
    for text, ids in bullets:
        assert set(ids) <= set(events), f"{text!r} cites events not stored: {ids}"


def check_headline_figures(markdown: str, events: dict[str, dict[str, Any]]) -> None:
    """Every number of a headline figure (outside its dates) is a figure of the events it cites."""
    for text, ids in sections(markdown)["Headline figures"]:
        figures = text.split("):", 1)[1]
        counts = [part.split(" — ", 1)[0] for part in figures.split("; ")]
        numbers = {int(n) for count in counts for n in re.findall(r"\b\d+\b", count)}
        head = {int(n) for n in re.findall(r"\b\d+\b", text.split(" in ", 1)[0])}
        allowed = set().union(*(figure_numbers(events[i]) for i in ids))
        assert numbers | head <= allowed, (text, allowed)


def test_the_seed_report_states_stored_figures_and_restrictions(seed_db: str) -> None:
    events = {e["id"]: e for e in stored_events(seed_db)}
    markdown = run("report", "--db", seed_db)
    check_citations(markdown, events)
    check_headline_figures(markdown, events)
    found = sections(markdown)
    killed = [(t, ids) for t, ids in found["Headline figures"] if " killed " in t]
    assert killed and "at least 8" in killed[0][0]
    assert any(8 in figure_numbers(events[i]) for i in killed[0][1])
    assert any("317" in t for t, _ in found["Headline figures"])
    restrictions = dict(found["Restrictions in force"])
    curfew = next(t for t in restrictions if t.startswith("A curfew"))
    assert "from 23:00 to 07:00" in curfew and "since 6 January 2022" in curfew
    [event_id] = restrictions[curfew]
    assert events[event_id]["details"]["curfew_from"] == "23:00"
    assert any(t.startswith("6 checkpoints") for t in restrictions)
    emergency = next(t for t in restrictions if t.startswith("A state of emergency"))
    assert any("state of emergency" in e["text"] for e in events[restrictions[emergency][0]]["evidence"])
    assert any(t.startswith("Flight suspensions") for t in restrictions)
    assert found["Timeline"] and found["Actors and what they did"]
    assert any("Borrell" in t for t, _ in found["International reactions"])
    assert any('"terrorists"' in t for t, _ in found["Contested claims and framing"])


def test_with_the_living_tickers_the_figures_are_ranges_with_their_sources(living_db: str) -> None:
    events = {e["id"]: e for e in stored_events(living_db)}
    markdown = run("report", "--db", living_db)
    check_citations(markdown, events)
    check_headline_figures(markdown, events)
    found = sections(markdown)
    [(killed, ids)] = [(t, i) for t, i in found["Headline figures"] if " killed " in t]
    figures = events[ids[0]]["figures"]["killed"]
    assert (
        killed.startswith(f"{figures['low']} to {figures['high']} ")
        and "Interior Ministry via Khabar 24" in killed
    )
    assert "contradict" in killed
    assert {"caspian-wire", "steppe-daily"} <= set(events[ids[0]]["documents"])
    assert any("contradict" in t for t, _ in found["Contested claims and framing"])


def test_max_words_keeps_the_most_important(living_db: str) -> None:
    markdown = run("report", "--db", living_db, "--max-words", "80")
    found = sections(markdown)
    words = sum(len(t.split()) for section in found.values() for t, _ in section)
    assert 0 < words <= 80
    assert any(" killed " in t for t, _ in found.get("Headline figures", []))
    everything = sections(run("report", "--db", living_db))
    assert sum(len(v) for v in found.values()) < sum(len(v) for v in everything.values())


def test_since_last_says_what_changed(tmp_path: Path, seed_db: str) -> None:
    db = tmp_path / "since.db"
    shutil.copy(seed_db, db)
    first = sections(run("report", "--db", str(db), "--since-last"))
    assert all(t.startswith("New: ") for t, _ in first["What changed since the last report"])
    again = sections(run("report", "--db", str(db), "--since-last"))
    assert "What changed since the last report" not in again
    ingest(db, SEED, LIVING)
    changed = sections(run("report", "--db", str(db), "--since-last"))["What changed since the last report"]
    events = {e["id"]: e for e in stored_events(str(db))}
    figures = [ids for t, ids in changed if t.startswith("Figures changed")]
    assert any("caspian-wire" in events[i]["documents"] for ids in figures for i in ids), changed
