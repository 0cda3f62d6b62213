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

NUMBER = re.compile(r"\b\d{1,3}(?:,\d{3})+\b|\b\d+\b")
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
        numbers = {int(n.replace(",", "")) for count in counts for n in NUMBER.findall(count)}
        head = {int(n.replace(",", "")) for n in NUMBER.findall(text.split(" in ", 1)[0])}
        allowed = set().union(*(figure_numbers(events[i]) for i in ids))
        assert numbers | head <= allowed, (text, allowed)


def checked_report(db: str) -> tuple[dict[str, dict[str, Any]], str, dict[str, list[tuple[str, list[str]]]]]:
    """The stored events, the report and its sections, its citations and figures checked."""
    events = {e["id"]: e for e in stored_events(db)}
    markdown = run("report", "--db", db)
    check_citations(markdown, events)
    check_headline_figures(markdown, events)
    return events, markdown, sections(markdown)


def test_the_seed_report_states_stored_figures_and_restrictions(seed_db: str) -> None:
    events, _, found = checked_report(seed_db)
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
    events, _, found = checked_report(living_db)
    killed = [(t, i) for t, i in found["Headline figures"] if " killed " in t]
    forces, ids = killed[0]
    claims = [
        c
        for c in events[ids[0]]["figures"]["killed"]["claims"]
        if c["group"] == "security forces" and not c["superseded"]
    ]
    low, high = min(c["min"] for c in claims), max(c["min"] for c in claims)
    assert (
        forces.startswith(f"{low} to {high} security forces killed ")
        and "Interior Ministry via Khabar 24" in forces
    )
    assert {"caspian-wire", "steppe-daily"} <= set(events[ids[0]]["documents"])
    # "One of them was found beheaded" is part of a figure, no end of a range ("1 to 26 killed"
    # was printed before); figures of different groups (police officers, demonstrators,
    # attackers) are lines of their own, and an update is no contradiction.
    assert not any(re.match(r"1 to ", t) for t, _ in killed), killed
    assert any(t.startswith("12 police officers killed") for t, _ in killed)
    assert not any("contradict" in t for t, _ in killed)


def test_max_words_keeps_the_most_important(living_db: str) -> None:
    markdown = run("report", "--db", living_db, "--max-words", "80")
    found = sections(markdown)
    words = sum(len(t.split()) for section in found.values() for t, _ in section)
    assert 0 < words <= 80
    # The key points come first and fill the budget; the first states the deadliest figure.
    assert list(found) == ["Key points"]
    assert " killed " in found["Key points"][0][0]
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


def test_the_demo_reports_wording_fits_the_stored_events(demo_db: str) -> None:
    """What a duty officer reading the demo report found wrong, checked against its events."""
    events, markdown, found = checked_report(demo_db)
    # Framing under the named speaker who used the words, not "an unnamed source".
    assert "an unnamed source" not in markdown
    ruto = next(e for e in events.values() if "treasonous" in (e.get("contested_terms") or []))
    assert any("William Ruto" in a["name"] for a in ruto["actors"])
    framing = [t for t, ids in found["Contested claims and framing"] if ruto["id"] in ids]
    assert framing and all(
        '"treasonous", "organised criminals", as William Ruto put it' in t for t in framing
    )
    # Dismissing the government is a change of leadership, no concession to the government.
    dismissal = next(e for e in events.values() if e["type"] == "CONCEDE" and e.get("mode") == "change")
    assert "dismissed the government" in dismissal["evidence"][0]["text"]
    assert "made a concession" not in markdown
    assert "Kassym-Jomart Tokayev changed the leadership of the government" in markdown
    assert "in United States" not in markdown


def evidence_texts(event: dict[str, Any]) -> set[str]:
    """Every stored sentence of an event: its evidence and its figures' claims, spaces folded."""
    texts = {e["text"] for e in event["evidence"]}
    texts |= {s["text"] for c in event["claims"] for s in c["evidence"]}
    texts |= {c["text"] for f in event["figures"].values() for c in f["claims"]}
    return {" ".join(t.split()) for t in texts}


def is_shortened(point: str, sentence: str) -> bool:
    """The point is the sentence with words left out: its words, in their order."""
    words = iter(re.findall(r"[\w’'-]+", sentence.lower()))
    return all(w in words for w in re.findall(r"[\w’'-]+", point.lower()))


FUNCTION_WORDS = {"said", "been", "have", "were", "that", "with", "from", "they", "their", "this", "also"}


def content(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 3 and w not in FUNCTION_WORDS}


def test_the_demo_report_reads_as_a_competent_brief(demo_db: str) -> None:
    _, markdown, found = checked_report(demo_db)
    assert markdown.startswith("# Situation report: Kazakhstan, ")
    # A place said once: not "parliament building in Nairobi in Nairobi".
    assert not re.search(r"\bin ([A-Z][\w’'-]+(?: [A-Z][\w’'-]+)*) in \1\b", markdown)
    assert "Protesters attacked the parliament building in Nairobi" in markdown
    # Actors and sources by the entity's clean name, not a noun chunk read wrong.
    assert "One of Russia" not in markdown and "Subject of the conversation" not in markdown
    assert "Collective Security Treaty Organization" in markdown
    # International reactions are from abroad: not the country's own government or opposition.
    reactions = [t for t, _ in found["International reactions"]]
    for home in ("William Ruto", "Raila Odinga", "Kassym-Jomart Tokayev"):
        assert not any(t.startswith(home) for t in reactions), home
    for abroad in ("Josep Borrell", "Michelle Bachelet", "Antonio Guterres"):
        assert any(t.startswith(abroad) for t in reactions), abroad


def test_the_key_points_are_stored_sentences_deadliest_first_without_repeats(demo_db: str) -> None:
    events = {e["id"]: e for e in stored_events(demo_db)}
    found = sections(run("report", "--db", demo_db))
    assert next(iter(found)) == "Key points"
    points = found["Key points"]
    assert 3 <= len(points) <= 8
    for text, ids in points:
        [event_id] = ids
        said = re.sub(r" \([^()]+\)([.!?”\"])$", r"\1", text)  # the source added after it
        assert any(is_shortened(said, stored) for stored in evidence_texts(events[event_id])), text
    deadliest = max(
        (e for e in events.values() if "killed" in e["figures"]), key=lambda e: e["figures"]["killed"]["high"]
    )
    first, first_ids = points[0]
    assert first_ids == [deadliest["id"]] and " killed " in first
    words = [content(t) for t, _ in points]
    for i, mine in enumerate(words):
        for other in words[:i]:
            assert len(mine & other) / len(mine) < 0.6, points[i]
    # More than one development: the points cite several events.
    assert len({i for _, ids in points for i in ids}) >= 4
