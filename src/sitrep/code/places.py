"""The event's place: which of the places a report names an event happened at.

``Sequence[PlaceRef] (+ the text they were read from) → PlaceRef | None``. Analysts code the most
precise place the text supports for the event itself:

* a coder's location note names the event's place with its districts and provinces in brackets
  ("near Gereshk (Nahr-e Saraj, Helmand)", "in Nad Ali district (Helmand)"): the place before the
  bracket is the event's, whatever other towns the sentence names ("protesters in Mazar-e Sharif
  city (Balkh) ... the killing of students at a Kabul education centre"); where that place is
  unknown ("Kamuthe (Fafi, Garissa)"), the finest place in the bracket;
* otherwise the finest place of the trigger's own arguments, then of the sentence (a city beats
  its country), then the report's last or finest place;
* a bare country gives way to a town of that country told before it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sitrep.model import Frame, PlaceRef, Sentence
from sitrep.nlp.place_names import NOTE_NOUNS

_PRECISION_RANK = {"point": 0, "city": 1, "admin2": 2, "admin1": 3, "country": 4}
# What may stand between a place and the bracket of its regions: "Gulistan district centre (Farah)",
# the nouns the recogniser reads a location note's names by.
_NOTE_AFTER = re.compile(
    r"\s*(?:(?:" + "|".join(sorted(map(re.escape, NOTE_NOUNS), key=len, reverse=True)) + r")\s+){0,2}\(",
    re.IGNORECASE,
)
_REGIONS = frozenset({"admin1", "admin2"})
NOTE_HEAD, NOTE_BRACKET, NOT_NOTED = 0, 1, 2


def note_part(place: PlaceRef, places: Sequence[PlaceRef], text: str, offset: int = 0) -> int:
    """Whether a place heads a location note (`NOTE_HEAD`: "Gereshk" in "Gereshk (Nahr-e Saraj,
    Helmand)"), is a region in its bracket (`NOTE_BRACKET`) or neither (`NOT_NOTED`); ``text``
    holds the place's offsets less ``offset``. A head's bracket must name a place of the head's
    country among ``places`` (the sentence's): "Ras al-Ayn (Sri Kaneh)" gives another name, and
    a head resolved abroad is no coder's note."""
    start, end = place.phrase.start - offset, place.phrase.end - offset
    if not 0 <= start <= end <= len(text):
        return NOT_NOTED
    after = _NOTE_AFTER.match(text, end)
    if after and ")" in text[after.end() :]:
        close = text.index(")", after.end()) + offset
        if any(
            after.end() + offset <= p.phrase.start < close and p.place.country == place.place.country
            for p in places
        ):
            return NOTE_HEAD
    before = text[:start]
    opened = before.rfind("(")
    if (
        opened > before.rfind(")")
        and ")" in text[end:]
        and "(" not in text[end : text.index(")", end)]
        and place.place.precision in _REGIONS
    ):
        return NOTE_BRACKET  # a town in brackets is another name ("Ras al-Ayn (Sri Kaneh)"), no region

    return NOT_NOTED


def best_place(places: Sequence[PlaceRef], text: str | None = None, offset: int = 0) -> PlaceRef | None:
    """The place a sentence (or report) names for its event: the head of a location note, else a
    place in a note's bracket, else the most specific (a city beats its country), the first of
    equals. Without ``text`` (the words the places' offsets less ``offset`` point into) there
    are no notes."""
    if not places:
        return None

    def key(place: PlaceRef) -> tuple[int, float, int]:
        noted = note_part(place, places, text, offset) if text is not None else NOT_NOTED
        return (noted, place_rank(place), place.phrase.start)

    return min(places, key=key)


def place_rank(place: PlaceRef) -> float:
    """Finer places first; a dateline (where the report was filed) only beats a country."""
    if place.phrase.label == "dateline":
        return 3.5
    return _PRECISION_RANK.get(place.place.precision, 5)


def finer_in_report(place: PlaceRef | None, finest: PlaceRef | None) -> PlaceRef | None:
    """The report's finest place where the context has only its country, or nothing: a report
    that names the town somewhere is about that town, not the whole country."""
    if finest is None or finest.place.precision == "country":
        return place
    if place is None or (place.place.precision == "country" and place.place.country == finest.place.country):
        return finest
    return place


def place_for(frame: Frame, sentence: Sentence, fallback: PlaceRef | None) -> PlaceRef | None:
    """The sentence's location note, else the finest place in the trigger's own arguments, else
    the sentence's, else the report's last (see the module docstring)."""
    noted = [
        p
        for p in sentence.places
        if note_part(p, sentence.places, sentence.text, sentence.start) != NOT_NOTED
    ]
    if noted:
        return more_precise(best_place(noted, sentence.text, sentence.start), fallback, sentence)
    argument_spans = [phrase for _, phrase in frame.obliques]
    arguments = [
        place
        for place in sentence.places
        if any(span.start <= place.phrase.start and place.phrase.end <= span.end for span in argument_spans)
    ]
    return more_precise(best_place(arguments or sentence.places), fallback, sentence)


def more_precise(place: PlaceRef | None, earlier: PlaceRef | None, sentence: Sentence) -> PlaceRef | None:
    """A bare country gives way to a town of that country named before it; a dateline counts
    only for the opening paragraph, which it heads ("Almaty – Dozens were killed in Kazakhstan")."""
    if place is None:
        return earlier
    if (
        earlier is not None
        and place.place.precision == "country"
        and earlier.place.precision != "country"
        and earlier.place.country == place.place.country
        and (earlier.phrase.label != "dateline" or sentence.paragraph == 0)
    ):
        return earlier
    return place
