"""Place names the model missed or misread, found by the words around them (invented places)."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from test_entities import make_doc  # the test modules' folder is on the path (no package)

from sitrep.nlp.aliases import read_entities
from sitrep.nlp.entities import EntityFinder
from sitrep.nlp.place_names import PlaceNames

# Port Avenir and Spanish Cove are well known; Brackwater and Tolm are small towns.
KNOWN = {"Port Avenir", "Dunmark", "Spanish Cove", "Saint Orla"}
SMALL = {"Brackwater", "Tolm"}


def known(text: str) -> bool:
    return text in KNOWN


def local(text: str) -> bool:
    return text in KNOWN or text in SMALL


@pytest.fixture(scope="module")
def blank() -> Language:
    return spacy.blank("en")


@pytest.fixture(scope="module")
def finder(blank: Language) -> EntityFinder:
    return EntityFinder(blank, is_place=known, is_local_place=local, is_any_place=local)


def places(finder: EntityFinder, doc: Doc) -> list[str]:
    return [f.text for f in read_entities(finder(doc)) if f.label == "place"]


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        # a list of places the model read as one work of art, after a locative
        ("Roads closed between Dunmark and Brackwater.", {"Dunmark and Brackwater": "WORK_OF_ART"},
         ["Dunmark", "Brackwater"]),
        # a small town listed after a known place, read as a product
        ("Officers went to Dunmark and Brackwater after the clash.", {"Brackwater": "PRODUCT"},
         ["Dunmark", "Brackwater"]),
        # a region read as a person, after "in neighbouring"
        ("In neighbouring Saint Orla, rivers rose.", {"Saint Orla": "PERSON"}, ["Saint Orla"]),
        # a place whose first word is a demonym, read as the nationality
        ("Residents of Spanish Cove mourned.", {"Spanish": "NORP"}, ["Spanish Cove"]),
        # the place a station is named after
        ("Two were hurt near Dunmark Green station.", {"Dunmark Green": "ORG"}, ["Dunmark Green"]),
        # small towns after "through" and "between"
        ("Traffic went through Tolm.", {}, ["Tolm"]),
    ],
)  # fmt: skip
def test_the_words_around_a_name_make_it_a_place(finder, blank, text, ents, expected):
    assert places(finder, make_doc(blank, text, ents)) == expected


@pytest.mark.parametrize(
    "text",
    ["PORT AVENIR — Crowds gathered on Monday.", "DUNMARK: Rain fell.", "PORT AVENIR, Ostria — Rain fell."],
)
def test_a_dateline_in_capitals_is_its_place(finder, blank, text):
    assert places(finder, make_doc(blank, text, {}))[0] == text.split(",")[0].split(" —")[0].split(":")[0]


@pytest.mark.parametrize(
    ("text", "ents"),
    [
        ("Officers met Brackwater and Tolm.", {"Brackwater and Tolm": "WORK_OF_ART"}),  # no locative
        ("Spanish voters went to the polls.", {"Spanish": "NORP"}),  # no known longer place
        ("UNITED WE STAND — a slogan.", {}),  # capitals that are no place
        ("Crowds cheered Saint Orla Jones.", {"Saint Orla Jones": "PERSON"}),  # a person after no locative
    ],
)
def test_names_without_such_words_stay_what_they_were(finder, blank, text, ents):
    assert places(finder, make_doc(blank, text, ents)) == []


def test_without_a_gazetteer_no_place_is_proposed(blank):
    names = PlaceNames(None)
    doc = make_doc(blank, "PORT AVENIR — Rain fell in Tolm.", {})
    assert names.dateline(doc) is None
    assert names.proposals(doc) == []


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        # a coder's note read by the model as one organisation across the bracket
        ("Police dispersed a rally in Tolm (Saint Orla).", {"Tolm (Saint Orla": "ORG"}, ["Tolm", "Saint Orla"]),
        # a hyphenated name with a particle, an administrative noun, a district and a province
        ("An IED struck a car near Mar-e Brackwater district (Tolm, Saint Orla).", {"Brackwater": "PERSON"},
         ["Mar-e Brackwater", "Tolm", "Saint Orla"]),
        # a district the gazetteer does not know is left out; the note still stands
        ("Gunmen shot two men near Tolm (Kech, Saint Orla).", {}, ["Tolm", "Saint Orla"]),
    ],
)  # fmt: skip
def test_a_location_note_in_brackets_is_its_places(blank, text, ents, expected):
    def noted_local(name: str) -> bool:
        return local(name) or name == "Mar-e Brackwater"

    finder = EntityFinder(blank, is_place=known, is_local_place=noted_local, is_any_place=noted_local)
    assert places(finder, make_doc(blank, text, ents)) == expected


@pytest.mark.parametrize(
    "text",
    ["A statement (issued on Monday) was read.", "The mayor (Brackwater's own) spoke."],
)
def test_a_bracket_that_ends_in_no_known_place_is_no_location_note(blank, text):
    assert PlaceNames(known, local, local).noted(make_doc(blank, text, {})) == []
