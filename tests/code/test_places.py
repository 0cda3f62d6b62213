"""The event's place among the places a sentence names (code/places.py), in a small invented world."""

from __future__ import annotations

from sitrep.code.places import NOT_NOTED, NOTE_BRACKET, NOTE_HEAD, best_place, note_part
from sitrep.model import Phrase, Place, PlaceRef

TOLM = Place("Tolm", "ZZ", "Saint Orla", 10.0, 20.0, 1, "city")
KAVEN = Place("Kaven", "ZZ", "Varna", 12.0, 22.0, 2, "city")
MARSH = Place("Marsh", "ZZ", "Saint Orla", 10.1, 20.1, 3, "admin2")
SAINT_ORLA = Place("Saint Orla", "ZZ", "Saint Orla", 10.2, 20.2, 4, "admin1")
ABROAD = Place("Tolm", "YY", None, 40.0, 50.0, 5, "city")


def ref(text: str, name: str, place: Place) -> PlaceRef:
    start = text.index(name)
    return PlaceRef(Phrase(name, start, start + len(name), label="place"), place)


def test_the_head_of_a_location_note_beats_a_town_told_first():
    text = "Students from Kaven protested in Tolm city (Saint Orla) against the killings."
    places = [ref(text, "Kaven", KAVEN), ref(text, "Tolm", TOLM), ref(text, "Saint Orla", SAINT_ORLA)]
    assert best_place(places, text).place is TOLM
    assert best_place(places).place is KAVEN  # without the text there is no note: the first city
    assert [note_part(p, places, text) for p in places] == [NOT_NOTED, NOTE_HEAD, NOTE_BRACKET]


def test_an_unknown_head_leaves_the_finest_region_of_its_bracket():
    text = "Gunmen from Kaven raided Kamuth village (Marsh, Saint Orla)."
    places = [ref(text, "Kaven", KAVEN), ref(text, "Marsh", MARSH), ref(text, "Saint Orla", SAINT_ORLA)]
    assert best_place(places, text).place is MARSH


def test_a_head_resolved_abroad_or_a_bracket_of_other_names_is_no_note():
    text = "Shells fell near Kaven and Tolm (Saint Orla)."
    abroad = [ref(text, "Kaven", KAVEN), ref(text, "Tolm", ABROAD), ref(text, "Saint Orla", SAINT_ORLA)]
    assert note_part(abroad[1], abroad, text) == NOT_NOTED
    other = "Shells fell near Kaven and Tolm (Old Tolm)."
    named = [ref(other, "Kaven", KAVEN), ref(other, "Tolm", TOLM)]
    assert note_part(named[1], named, other) == NOT_NOTED
    assert best_place(named, other).place is KAVEN


def test_any_noun_the_recogniser_reads_a_note_by_may_stand_before_its_bracket():
    # the nouns come from nlp's NOTE_NOUNS: "Tolm governorate (Saint Orla)" is a note as
    # "Tolm district (Saint Orla)" is
    for noun in ("district", "governorate", "sub-county", "district centre"):
        text = f"Students from Kaven protested in Tolm {noun} (Saint Orla)."
        places = [ref(text, "Kaven", KAVEN), ref(text, "Tolm", TOLM), ref(text, "Saint Orla", SAINT_ORLA)]
        assert note_part(places[1], places, text) == NOTE_HEAD, noun
    text = "Students from Kaven protested in Tolm stadium (Saint Orla)."
    places = [ref(text, "Kaven", KAVEN), ref(text, "Tolm", TOLM), ref(text, "Saint Orla", SAINT_ORLA)]
    assert note_part(places[1], places, text) == NOT_NOTED
