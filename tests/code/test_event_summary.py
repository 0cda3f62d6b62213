"""An event's one-line summary as the whole pipeline writes it: a clause a desk can read in a
list of events. Texts written for these tests."""

from __future__ import annotations

import pytest

from sitrep.config import Settings
from sitrep.export.sitrep_json import extract_json
from sitrep.resources import Resources

pytestmark = pytest.mark.model


def summaries(text: str, resources: Resources) -> dict[str, str]:
    """PLOVER type → summary of the first event of that type."""
    payload = extract_json(text.encode("utf-8"), "case.txt", Settings(timezone="UTC"), resources)
    found: dict[str, str] = {}
    for event in payload["events"]:
        found.setdefault(event["type"], event["summary"])
    return found


def test_a_place_inside_the_object_is_told_once(model_resources: Resources) -> None:
    text = "Thousands of protesters stormed the parliament building in Shymkent after lawmakers passed the tax bill."
    summary = summaries(text, model_resources)["PROTEST"]
    assert summary.count("Shymkent") == 1, summary


def test_who_in_a_relative_clause_is_the_noun_it_stands_for(model_resources: Resources) -> None:
    text = "Police fired rubber bullets at farmers who tried to block the highway near Taraz on Monday."
    found = summaries(text, model_resources)
    assert "PROTEST" in found, found
    assert found["PROTEST"].startswith("farmers tried to block the highway"), found


def test_a_promised_deed_keeps_its_modal(model_resources: Resources) -> None:
    text = "The bloc said it would send 300 troops to Aktau."
    found = summaries(text, model_resources)
    assert any(" would send " in s for s in found.values()), found


def test_naming_something_is_no_demand(model_resources: Resources) -> None:
    text = 'The governor condemned what he called "acts of sabotage" at the depot.'
    assert "DEMAND" not in summaries(text, model_resources)
    assert "DEMAND" in summaries("The governor called for calm in Aktau.", model_resources)
