"""Who a toll is credited to, read by the whole pipeline (language model, lexicon, event-type
model). The texts are written for these tests in the register of wire copy."""

from __future__ import annotations

from typing import Any

import pytest

from sitrep.config import Settings
from sitrep.export.sitrep_json import extract_json
from sitrep.resources import Resources

pytestmark = pytest.mark.model


def tolled(text: str, resources: Resources) -> list[dict[str, Any]]:
    """The events of ``text`` that carry a casualty figure."""
    payload = extract_json(text.encode("utf-8"), "case.txt", Settings(timezone="UTC"), resources)
    return [e for e in payload["events"] if e["casualties"]]


@pytest.mark.parametrize(
    "text",
    [
        "Protesters clashed with police in the capital on Monday, the opposition said. "
        "The Health Ministry said four people were killed.",
        "Protests spread\n\nSecurity forces opened fire on protesters in the capital, the opposition said."
        "\n\nThe Health Ministry said four people were killed.",
    ],
)
def test_a_toll_is_credited_to_the_source_that_tells_it(text: str, model_resources: Resources) -> None:
    [event] = tolled(text, model_resources)
    assert [s["name"] for s in event["sources"]] == ["Health Ministry"]
    assert [(c["outcome"], c["min"]) for c in event["casualties"]] == [("killed", 4)]
    assert event["evidence"][-1]["text"].startswith("The Health Ministry said")


def test_it_said_is_the_outlet_that_spoke_and_its_toll_the_same_deed(model_resources: Resources) -> None:
    text = (
        "Nine border guards were killed in fighting near Dostyk, the state broadcaster Orda TV said. "
        "It said 40 guards had been injured."
    )
    [event] = tolled(text, model_resources)
    assert [s["name"] for s in event["sources"]] == ["Orda TV"]
    assert sorted((c["outcome"], c["min"]) for c in event["casualties"]) == [("injured", 40), ("killed", 9)]


def test_a_source_told_again_by_its_head_noun_is_the_one_named_in_full(model_resources: Resources) -> None:
    text = (
        "Eleven miners were killed in a blast at a pit near Karaganda, the Emergencies Ministry said. "
        "Two of them were found under the rubble, the ministry said."
    )
    events = tolled(text, model_resources)
    names = {s["name"] for e in events for s in e["sources"]}
    assert names == {"Emergencies Ministry"}
    killed = [
        (e["report_id"], c["start"]) for e in events for c in e["casualties"] if c["outcome"] == "killed"
    ]
    assert len(killed) == 1  # "two of them" are two of the eleven, not two more


def test_one_of_those_counted_is_no_further_death_in_an_event_of_its_own(model_resources: Resources) -> None:
    text = (
        "Seven policemen were killed in clashes with gunmen in Taraz, the Interior Ministry said. "
        "One of them was beheaded, the ministry said."
    )
    payload = extract_json(text.encode("utf-8"), "case.txt", Settings(timezone="UTC"), model_resources)
    events = payload["events"]
    assert [(c["outcome"], c["min"]) for e in events for c in e["casualties"]] == [("killed", 7)]
    # "the ministry" is the Interior Ministry named in full before
    assert {s["name"] for e in events for s in e["sources"]} == {"Interior Ministry"}
