"""Event typing on real-news phrasing: the failures seen on human-coded news, one test each.

Every text here was written for this test in the register of conflict reporting (wire copy,
ACLED-style notes); places and groups are invented. Each reads the whole pipeline (language
model, lexicon and event-type model) and checks the event sitrep is surest of, as an analyst
comparing sitrep with a coded event would.
"""

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


def events_of(text: str) -> list[dict[str, Any]]:
    """sitrep's events for one text, surest first."""
    payload = extract_json(text.encode("utf-8"), "case.txt", Settings(timezone="UTC"), RESOURCES[0])
    return sorted(payload["events"], key=lambda e: -e["confidence"])


def best(text: str) -> tuple[str, str | None]:
    events = events_of(text)
    assert events, f"no event in {text!r}"
    return events[0]["type"], events[0]["acled"]["sub_event_type"]


def test_the_month_march_is_no_protest_march() -> None:
    text = "On 3 March 2021, militants attacked an army post near Kolda, killing two soldiers."
    events = events_of(text)
    assert events and "PROTEST" not in {e["type"] for e in events}
    assert events[0]["type"] in ("ASSAULT", "FIGHT")
    assert events[0]["date"] == "2021-03-03"


def test_an_insurgent_attack_on_a_police_checkpoint_is_violence_not_coercion() -> None:
    text = "Insurgents attacked a police checkpoint outside Garo on Sunday, killing four policemen."
    events = events_of(text)
    assert "COERCE" not in {e["type"] for e in events}
    # ACLED codes an armed group's attack on state forces as a battle, however one-sided the telling.
    assert best(text) in (("FIGHT", "Armed clash"), ("ASSAULT", "Armed clash"))


def test_gunmen_killing_civilians_stay_an_attack() -> None:
    assert best("Gunmen attacked the village of Sena on Sunday, killing six farmers.") == (
        "ASSAULT",
        "Attack",
    )


@pytest.mark.parametrize(
    ("text", "sub_event"),
    [
        (
            "Kora Liberation Front rebels capture the town of Dambe after heavy fighting.",
            "Non-state actor overtakes territory",
        ),
        ("Government troops recapture the town of Dambe from the rebels.", "Government regains territory"),
    ],
)
def test_a_town_taken_told_in_the_present_tense_is_a_territorial_battle(text: str, sub_event: str) -> None:
    assert best(text) == ("FIGHT", sub_event)


@pytest.mark.parametrize(
    ("text", "sub_event"),
    [
        (
            "Two missiles struck a crowded market in Biro, killing 13 people.",
            "Shelling/artillery/missile attack",
        ),
        ("Two people were killed in a drone attack on the town of Sena.", "Air/drone strike"),
        (
            "Bandits bombed a passenger train near Kolda, killing seven people.",
            "Remote explosive/landmine/IED",
        ),
    ],
)
def test_the_weapon_named_decides_among_remote_violence(text: str, sub_event: str) -> None:
    assert best(text) == ("ASSAULT", sub_event)


def test_protesters_arrested_at_a_rally_is_a_protest_with_intervention() -> None:
    text = "Hundreds of protesters rallying against the market levy are arrested in Lenga."
    assert best(text)[1] == "Protest with intervention"


def test_rioters_burning_tyres_and_blocking_a_highway_is_a_violent_demonstration() -> None:
    text = "Rioters burned tyres and blocked the highway to Lenga on Tuesday."
    assert best(text) == ("PROTEST", "Violent demonstration")


def test_residents_holding_a_demonstration_is_a_protest() -> None:
    text = "On 12 May, residents of Tamba held a demonstration demanding the reopening of the local clinic."
    assert best(text) == ("PROTEST", "Peaceful protest")


@pytest.mark.parametrize(
    ("text", "sub_event"),
    [
        (
            "Unidentified assailants carried out a grenade attack on a bar in Biro, wounding three people.",
            "Grenade",
        ),
        (
            "Government troops and fighters of the Kora Liberation Front were engaged in armed clashes near Dambe.",
            "Armed clash",
        ),
    ],
)
def test_grenade_attacks_and_armed_clashes_keep_their_own_sub_event(text: str, sub_event: str) -> None:
    assert best(text)[1] == sub_event


@pytest.mark.parametrize(
    ("text", "sub_event"),
    [
        (
            "Fighters of the Kora Liberation Front established a new base in the village of Tarko.",
            "Headquarters or base established",
        ),
        (
            "The Kora Liberation Front announced that it had merged with the Southern Defence Brigade.",
            "Change to group/activity",
        ),
        (
            "Police opened fire on peaceful protesters in Mabel, killing three of them.",
            "Excessive force against protesters",
        ),
        (
            "Armed men looted shops and houses in the market town of Kasso overnight.",
            "Looting/property destruction",
        ),
    ],
)
def test_rarer_sub_events_are_recognised(text: str, sub_event: str) -> None:
    assert best(text)[1] == sub_event


SNIPPETS = [
    "Suspected herders raided the village of Upper Garo, leaving five farmers dead.",
    "An explosive device planted on the road to Tamba went off as a military patrol passed.",
    "Militia members torched twenty homes in the hamlet of Sena.",
    "Security forces detained the opposition leader at his home in Mabel.",
    "Hundreds of traders took to the streets of Lenga against the new market levy.",
    "Jets pounded positions of the Kora Liberation Front in the hills west of Dambe.",
    "Two civilians lost their lives when mortar rounds landed in a crowded market in Biro.",
    "Gunmen seized a local chief on the Kolda road and took him to an unknown destination.",
]


def test_real_style_snippets_all_report_an_event() -> None:
    missing = [text for text in SNIPPETS if not events_of(text)]
    assert not missing, missing


@pytest.mark.parametrize(
    "text",
    [
        "The central bank kept its interest rate unchanged on Thursday.",
        "The festival of traditional music will open in Tamba next week with a parade of school bands.",
        "Shares of the mining company rose by four percent after the quarterly results.",
    ],
)
def test_a_text_that_reports_no_event_gets_none(text: str) -> None:
    assert events_of(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # security forces blocking a square deploy; they do not protest
        ("Armoured vehicles blocked the central square of Ostrava on Friday.", "MOBILIZE"),
        # protesters blocking a road do, and so do police officers who block it in protest
        ("Farmers blocked the main highway near Ostrava with tractors on Friday.", "PROTEST"),
        ("Police officers blocked the highway near Ostrava in a protest over unpaid wages.", "PROTEST"),
    ],
)
def test_who_blocks_a_square_decides_whether_it_is_a_protest(text: str, expected: str) -> None:
    assert best(text)[0] == expected
