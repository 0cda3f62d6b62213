"""The event's place on real-news phrasing (code/places.py, end to end): the failures seen on
UCDP GED headlines and WCEP items, one test each. The texts were written for this test in the
register of conflict reporting; the places are real, as the gazetteer knows them."""

from __future__ import annotations

from typing import Any

import pytest

from sitrep.config import Settings
from sitrep.export.sitrep_json import extract_json
from sitrep.resources import Resources

pytestmark = pytest.mark.model
RESOURCES: list[Resources] = []


@pytest.fixture(autouse=True)
def _resources(model_resources: Resources) -> None:
    RESOURCES[:] = [model_resources]


def place_of(text: str) -> dict[str, Any] | None:
    """The location of the event sitrep is surest of."""
    payload = extract_json(text.encode("utf-8"), "case.txt", Settings(timezone="UTC"), RESOURCES[0])
    events = sorted(payload["events"], key=lambda e: -e["confidence"])
    assert events, f"no event in {text!r}"
    location = events[0]["location"]
    return location if isinstance(location, dict) else None


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        # the demonym in the actor's phrase is no place when the town is named
        ("Israeli airstrikes on Khan Younis killed 12 people.", "Khān Yūnis", "PS"),
        ("Russian forces shelled the town of Kupiansk, killing two.", "Kupyansk", "UA"),
        # GeoNames writes Al Qāmishlī; the report leaves the article out
        ("Turkish drones struck a car near Qamishli, killing three.", "Al Qāmishlī", "SY"),
    ],
)
def test_the_town_named_beats_the_actors_country(text: str, name: str, country: str) -> None:
    place = place_of(text)
    assert place is not None and (place["name"], place["country"]) == (name, country)


def test_a_demonym_is_the_events_country_when_no_place_is_named() -> None:
    place = place_of("Israeli strikes killed 10 people on Tuesday, medics said.")
    assert place is not None and (place["country"], place["precision"]) == ("IL", "country")


def test_an_area_of_several_regions_is_the_events_place() -> None:
    place = place_of("Shelling killed four civilians in the Donbas on Monday.")
    assert place is not None and (place["name"], place["country"], place["precision"]) == (
        "Donbas",
        "UA",
        "admin1",
    )
