"""Tolls as local crime reports write them, one phrasing class a case: care and hurt verbs,
conditions, suicides, ordinal deaths, "both", "none of", deaths among the wounded.

All texts are invented for these tests (a small fictional world of towns and names). Blank
cases pin the lexicon rules; ``model`` cases read the dependency parse.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import spacy
from spacy.tokens import Doc

from sitrep.nlp.figures import FiguresFinder, read_figures

Toll = tuple[str, int | None, str | None, str | None]
Read = Callable[[str], Doc]


def reader(nlp: spacy.language.Language) -> Read:
    finder = FiguresFinder(nlp, name="sitrep_figures")
    return lambda text: finder(nlp(text))


def tolls(read: Read, text: str) -> list[Toll]:
    return [(f.text, f.min, f.outcome, f.scope) for f in read_figures(read(text)) if f.outcome]


@pytest.fixture(scope="module")
def blank() -> Read:
    return reader(spacy.blank("en"))


@pytest.fixture(scope="module")
def parsed(model_resources: object) -> Read:
    nlp = model_resources.nlp  # type: ignore[attr-defined]
    return lambda text: nlp(text)


BLANK_CASES: list[tuple[str, list[Toll]]] = [
    # being taken to or treated at a hospital is how a local report says someone was hurt
    ("Two people were taken to the hospital after the crash.", [("Two", 2, "injured", None)]),
    ("Seven guests were taken to hospitals from the motel.", [("Seven", 7, "injured", None)]),
    ("Three workers were treated for heat exhaustion.", [("Three", 3, "injured", None)]),
    # "who died" names the dead after a count
    ("Police named the two people who died in the crash.", [("two", 2, "killed", "known")]),
    # a definite count is a group told before; "both" counts two when it names them
    ("The four were taken to the hospital.", [("four", 4, "injured", "known")]),
    ("Both drivers died at the scene.", [("Both", 2, "killed", "known")]),
    # a lead's count of victims "in separate crashes" is the sum the report details after it
    (
        "Two people were killed in separate crashes over the weekend.",
        [("Two", 2, "killed", "total")],
    ),
    # "none of the 20" is nobody
    ("None of the 20 students on the bus was hurt.", []),
    # a death among those told in the same sentence
    (
        "Two people were shot, one of them fatally, outside the bar.",
        [("Two", 2, "injured", None), ("one", 1, "killed", "one_of")],
    ),
    (
        "Five people were shot, two of them fatally, at the party.",
        [("Five", 5, "injured", None), ("two", 2, "killed", "one_of")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), BLANK_CASES, ids=[c[0][:40] for c in BLANK_CASES])
def test_local_toll_rules_on_a_blank_pipeline(blank: Read, text: str, expected: list[Toll]) -> None:
    assert tolls(blank, text) == expected


def test_both_after_a_verb_counts_nobody_again(blank: Read) -> None:
    # "were both wounded": the two are named before "both", which only floats after the verb
    assert tolls(blank, "The guard and the driver were both wounded.") == []


PARSED_CASES: list[tuple[str, list[Toll]]] = [
    # verbs of care: the person cared for was hurt
    ("A neighbour was treated for smoke inhalation.", [("A neighbour", 1, "injured", None)]),
    ("Her husband was taken to a hospital with burns.", [("Her husband", 1, "injured", "known")]),
    ("A cyclist was airlifted to hospital.", [("A cyclist", 1, "injured", None)]),
    ("The clerk was treated and released.", [("The clerk", 1, "injured", "known")]),
    ("A driver was hospitalized after the rollover.", [("A driver", 1, "injured", None)]),
    # passive verbs of hitting hurt a person; active ones are deeds
    ("One deputy was struck in the arm.", [("One", 1, "injured", None)]),
    ("A barber was hit in the leg.", [("A barber", 1, "injured", None)]),
    ("A man was in critical condition after being shot.", [("A man", 1, "injured", None)]),
    ("A 15-year-old girl was critically injured.", [("A 15-year-old girl", 1, "injured", None)]),
    # a suicide as crime reports write it: the one who did it is a further death
    (
        "A man shot his wife before turning the gun on himself.",
        [("A man", 1, "killed", "new"), ("his wife", 1, "injured", "known")],
    ),
    (
        "A man killed his neighbour before killing himself.",
        [("A man", 1, "killed", "new"), ("his neighbour", 1, "killed", "known")],
    ),
    (
        "A former employee opened fire at the depot, killing two co-workers before taking his own life.",
        [("A former employee", 1, "killed", "new"), ("two", 2, "killed", None)],
    ),
    # "fatally" read along the parse for a count the verb governs
    (
        "He fatally shot his wife and their two young children.",
        [("his wife", 1, "killed", None), ("two", 2, "killed", None)],
    ),
    # a number inside the phrase of the count before it counts nothing of its own
    ("Three members of one family died in the fire.", [("Three", 3, "killed", None)]),
    # a death told by its rank is a running total
    ("A third person has died after the crash.", [("A third person", 3, "killed", "total")]),
    # the pronoun in the clause of the cause is the one who died
    ("A boy died after he shot himself with the gun.", [("A boy", 1, "killed", None)]),
    # the subject of the first verb, across a clause: "shot while sitting ... and died"
    ("Moss was shot while sitting in his car and died at the scene.", [("Moss", 1, "killed", None)]),
    # a bare noun joined to a counted one
    ("A brother and sister were killed.", [("A brother and sister", 2, "killed", None)]),
    # a list with a perpetrator in it is a count, not a further death
    ("An officer and a suspect were wounded.", [("An officer and a suspect", 2, "injured", None)]),
    # someone picked out by what he is of is someone new, not one told before
    ("The driver of the pickup was treated for minor injuries.", [("The driver", 1, "injured", None)]),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), PARSED_CASES, ids=[c[0][:40] for c in PARSED_CASES])
def test_local_victims_on_the_parse(parsed: Read, text: str, expected: list[Toll]) -> None:
    assert tolls(parsed, text) == expected


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "The suspect was taken to the police station.",  # no hospital, no scene: no care
        "Officers struck a deal with the owner.",  # active: a deed, not a wound
        "The family's dog died in the fire.",
        "A family of four escaped unharmed.",
        "No one was struck by the bullets.",
    ],
)
def test_no_local_victim_where_none_is_hurt(parsed: Read, text: str) -> None:
    assert [t for t in tolls(parsed, text) if t[2] in ("killed", "injured")] == []
