"""Killed and injured of short local crime reports, read by the whole pipeline (language model,
lexicons, event-type model), as `scripts/devdata_tolls.py` scores them: the sum of every
distinct casualty figure of an outcome over the report's events. Texts written for these tests."""

from __future__ import annotations

import pytest

from sitrep.config import Settings
from sitrep.export.sitrep_json import extract_json
from sitrep.resources import Resources

pytestmark = pytest.mark.model


def toll(text: str, resources: Resources) -> tuple[int, int]:
    payload = extract_json(text.encode("utf-8"), "case.txt", Settings(timezone="UTC"), resources)
    seen: set[tuple[str, int, str]] = set()
    sums = {"killed": 0, "injured": 0}
    for event in payload["events"]:
        for figure in event["casualties"]:
            key = (event["report_id"], figure["start"], figure["outcome"])
            if figure["outcome"] in sums and key not in seen:
                seen.add(key)
                sums[figure["outcome"]] += figure["min"] if figure["min"] is not None else figure["max"]
    return sums["killed"], sums["injured"]


CASES = [
    # a single victim and "two others", then the dead man and the wounded told again
    (
        "Man killed in Corvel shooting\n\nA 24-year-old man was shot and killed late Saturday on Dray "
        "Street, police said. Two other people were wounded.\n\nHe was pronounced dead at the scene. "
        "The two wounded were taken to Corvel General with injuries that are not life-threatening.",
        (1, 2),
    ),
    # a toll sentence with no event of its own belongs to the deed that hurt before it
    (
        "A woman and her two children died in a house fire in Ostwick early Thursday, fire officials "
        "said. Firefighters found the home engulfed.\n\nA neighbour who tried to get inside was treated "
        "for smoke inhalation. The woman's husband escaped and was taken to a hospital with burns.",
        (3, 2),
    ),
    # a murder-suicide: the gunman's own death is a further one
    (
        "A man fatally shot his wife and their two children before turning the gun on himself at "
        "their home in Lindle on Friday, police said.",
        (4, 0),
    ),
    # a running total by rank, the earlier deaths told after it
    (
        "A third person has died after Saturday's bus crash near Harrow Cross, police said. Two "
        "passengers were killed at the scene. Nine other passengers remain in hospital.",
        (3, 9),
    ),
    # "no one was hurt" adds nobody
    ("Shots were fired into a house in Pellam overnight. No one was injured, police said.", (0, 0)),
    # a toll told before the deed that names it belongs to that deed
    (
        "A couple was found dead inside their home in Ferrin on Monday, police said. Officers said the "
        "deaths appear to be a murder-suicide.",
        (2, 0),
    ),
    # "one ... the other": members of the two told before
    (
        "Two men were wounded in a shooting in Halden early Sunday, police said. Both men were taken to "
        "Halden Memorial Hospital, where one was in critical condition and the other was in stable condition.",
        (0, 2),
    ),
    # one of the wounded died, told in the next sentence
    (
        "Two men were shot on Fenn Street in Marsh Hill on Saturday night. One died at the hospital, police said.",
        (1, 1),
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_a_local_crime_report_gets_the_coders_toll(
    text: str, expected: tuple[int, int], model_resources: Resources
) -> None:
    assert toll(text, model_resources) == expected
