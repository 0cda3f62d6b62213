"""The ACLED-notes-style snippets of ``corpus/acled_notes``: their shape, and what sitrep reads in them.

The corpus is written for the project (see its README). Its test part is for the record
(``scripts/score_acled_notes.py --split test``, once); these tests read the dev part only,
besides checking that both parts are well formed and apart.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from sitrep.code.drafts import protests_met_with_force
from sitrep.code.sub_events import recode, tells_violence
from sitrep.config import Settings
from sitrep.eval.gold_tables import LabelledText, read_tsv
from sitrep.eval.vocab import sub_event_type_of
from sitrep.export.sitrep_json import extract_json
from sitrep.resources import Resources
from sitrep.vocab import AcledSubEventType, PloverType

ROOT = Path(__file__).resolve().parents[2]
NOTES = ROOT / "corpus" / "acled_notes"
# What the dev part reaches (scripts/score_acled_notes.py --split dev), a little below.
DEV_FLOORS = {"acled_weighted_f1": 0.94, "plover_accuracy": 0.91}


def rows(split: str) -> list[LabelledText]:
    read = list(read_tsv(NOTES / f"{split}.tsv"))
    assert all(isinstance(r, LabelledText) for r in read), [
        r for r in read if not isinstance(r, LabelledText)
    ]
    return [r for r in read if isinstance(r, LabelledText)]


@pytest.mark.parametrize("split", ["dev", "test"])
def test_each_part_covers_every_sub_event_and_no_event(split: str) -> None:
    labelled = rows(split)
    counts = Counter(r.sub_event_type for r in labelled)
    wanted = {s.value for s in AcledSubEventType} - {"Other"}
    assert {s for s in wanted if counts[s] < 8} == set()
    assert counts["none"] >= 8
    assert len({r.id for r in labelled}) == len(labelled)
    plover = {t.value for t in PloverType} | {"none"}
    assert {r.id.split("/", 1)[1] for r in labelled} <= plover


def test_the_parts_share_no_snippet() -> None:
    dev = {r.text.lower() for r in rows("dev")}
    assert not dev & {r.text.lower() for r in rows("test")}


def test_the_short_codes_of_the_files_are_read() -> None:
    assert sub_event_type_of("PROPERTY_DISTRUCT") == "Looting/property destruction"
    assert sub_event_type_of("NON_STATE_ACTOR_OVERTAKES_TER") == "Non-state actor overtakes territory"


@pytest.mark.parametrize(
    ("plover", "sub", "text", "doer", "expected"),
    [
        # The weapon that carried a charge does not decide: the agent or the attacker does.
        (
            "ASSAULT",
            "Shelling/artillery/missile attack",
            "Rockets loaded with chlorine hit Dara.",
            (),
            ("ASSAULT", "Chemical weapon"),
        ),
        (
            "ASSAULT",
            "Remote explosive/landmine/IED",
            "A man blew himself up at the gate.",
            (),
            ("ASSAULT", "Suicide bomb"),
        ),
        ("ASSAULT", "Attack", "Police fired stun grenades at the crowd.", ("police",), ("ASSAULT", "Attack")),
        # What a protest is about tells no force against it ...
        (
            "PROTEST",
            "Peaceful protest",
            "Women marched to condemn the killing of a boy by soldiers.",
            ("woman",),
            ("PROTEST", "Peaceful protest"),
        ),
        (
            "PROTEST",
            "Peaceful protest",
            "Traders protested against the arrest of their leader.",
            ("trader",),
            ("PROTEST", "Peaceful protest"),
        ),
        # ... the force used on it does.
        (
            "COERCE",
            "Arrests",
            "Police detained 40 demonstrators at the rally.",
            ("police",),
            ("COERCE", "Protest with intervention"),
        ),
        (
            "ASSAULT",
            "Attack",
            "Troops opened fire on the marchers, killing two.",
            ("troop",),
            ("ASSAULT", "Excessive force against protesters"),
        ),
        (
            "PROTEST",
            "Peaceful protest",
            "Youths burnt tyres in protest of the killing of a trader.",
            ("youth",),
            ("PROTEST", "Violent demonstration"),
        ),
        (
            "ASSAULT",
            "Attack",
            "Villagers beat a suspected thief to death.",
            ("villager",),
            ("ASSAULT", "Mob violence"),
        ),
        ("ASSAULT", "Attack", "Gunmen beat a farmer to death.", ("gunman",), ("ASSAULT", "Attack")),
        # A town taken: who took it decides; a town only fought for stays a clash.
        (
            "FIGHT",
            "Armed clash",
            "Rebels captured the town after clashes.",
            ("rebel",),
            ("FIGHT", "Non-state actor overtakes territory"),
        ),
        (
            "FIGHT",
            "Armed clash",
            "The army recaptured the town after clashes.",
            ("army",),
            ("FIGHT", "Government regains territory"),
        ),
        (
            "FIGHT",
            "Armed clash",
            "The army vowed to retake the town as clashes went on.",
            ("army",),
            ("FIGHT", "Armed clash"),
        ),
    ],
)
def test_acled_rules_follow_phrasing_classes(
    plover: str, sub: str, text: str, doer: tuple[str, ...], expected: tuple[str, str]
) -> None:
    assert recode(plover, sub, text, frozenset(doer)) == expected


def test_violence_told_is_not_what_a_protest_is_about() -> None:
    assert not tells_violence("Residents marched to denounce the killings of civilians by rebels.")
    assert tells_violence("Police shot two residents who marched in the town.")


RESOURCES: list[Resources] = []


@pytest.fixture()
def _resources(model_resources: Resources) -> None:
    RESOURCES[:] = [model_resources]


def reading(text: str) -> tuple[str, str]:
    payload: dict[str, Any] = extract_json(
        text.encode("utf-8"), "note.txt", Settings(timezone="UTC"), RESOURCES[0]
    )
    if not payload["events"]:
        return "none", "none"
    best = max(payload["events"], key=lambda e: e["confidence"])
    return str(best["type"]), str(best["acled"]["sub_event_type"] or "none")


@pytest.mark.model
@pytest.mark.usefixtures("_resources")
@pytest.mark.parametrize(
    "text",
    [
        "In March 2021, gunmen killed three farmers near Bokkos.",
        "On March 3, militants attacked an army post in Kolda.",
        "In mid-March, troops clashed with rebels near Dambe.",
        "From 3 to 5 May 2020, fighting between two militias went on in Tonga.",
    ],
)
def test_date_words_never_make_a_protest(text: str) -> None:
    assert reading(text)[0] != "PROTEST"


@pytest.mark.model
@pytest.mark.usefixtures("_resources")
def test_a_protest_dispersed_in_the_next_sentence_is_a_protest_with_intervention() -> None:
    text = "On 10 May 2021, nurses protested in Tamale over unpaid wages. Police fired tear gas to disperse them."
    assert reading(text)[1] == "Protest with intervention"


def test_a_report_with_no_sentence_has_no_protest_to_recode() -> None:
    protests_met_with_force([])  # once a strict zip of unequal lengths: "internal error: ValueError"


@pytest.mark.model
@pytest.mark.usefixtures("_resources")
def test_a_text_of_symbols_alone_reads_as_no_event() -> None:
    assert reading("date 2024-06-25\nSymbols\n\n" + "\u20ac\u00a9\u263a" * 400 + " 3\n") == ("none", "none")


@pytest.mark.model
@pytest.mark.usefixtures("_resources")
def test_the_dev_part_reaches_its_floors() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from score_devdata_events import scores

    labelled = rows("dev")
    readings = [reading(r.text) for r in labelled]
    plover = scores([r.id.split("/", 1)[1] for r in labelled], [p for p, _ in readings])
    acled = scores([r.sub_event_type for r in labelled], [a for _, a in readings])
    assert acled["weighted_f1"] >= DEV_FLOORS["acled_weighted_f1"], acled["confusions"]
    assert plover["accuracy"] >= DEV_FLOORS["plover_accuracy"], plover["confusions"]
