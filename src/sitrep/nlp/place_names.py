"""Place names in a parsed report: which capitalised spans name places, model or no model.

In: a spaCy `Doc` (tokens, sentences, the model's entities) and three checks against the
gazetteer (`sitrep.geo.gazetteer.Gazetteer.is_place_name` with different bars of size). Out:
token spans (start, end) that are place names; `sitrep.nlp.entities.EntityFinder` labels them
``place`` beside the people and organisations it finds, and the caller resolves them.

The words around a name decide how well known a place must be:

* none: a country, region or town of 15,000 (``is_place``), inside a sentence, before a
  dateline mark or a possessive, or standing alone;
* a locative before it ("in", "near", "between", "through", past "northern"/"rural"/
  "neighbouring"), a place noun ("the village of"), or a list of places ("Idlib and Hama",
  even one the model read as a single work of art): a town of 1,000 (``is_local_place``);
* a place or administrative noun after it ("Achham district", "Khan Shaykhun town"): any
  known place (``is_any_place``); an administrative noun belongs to the name.

A coder's location note names a place with its districts and provinces in brackets ("Gereshk
(Nahr-e Saraj, Helmand)", "Gulistan district centre (Farah)"): each known name of it is a place,
above the model's reading, which often runs across the bracket ("Herat (Herat" as one organisation).

Besides: the dateline's place ("ST. LOUIS —", "PUNE:", capitals read as a name), a written region
abbreviation after a town ("Lexington, Ky."), and a model entity that is the first word of a
longer known place ("Spanish Town", tagged as the nationality "Spanish").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from spacy.tokens import Doc, Token

LOCATIVES = frozenset(
    {"in", "at", "near", "from", "to", "into", "outside", "around", "across", "throughout", "of",
     "between", "through", "towards", "toward", "via", "beyond", "past"}
)  # fmt: skip
ATTACK_NOUNS_BEFORE_ON = frozenset(
    {"attack", "assault", "strike", "airstrike", "raid", "offensive", "shelling", "bombardment",
     "bombing", "advance", "march", "push", "drive", "rocket", "missile", "drone"}
)  # fmt: skip
"""Nouns whose "on" is a place's locative ("strikes on Khan Younis", "the offensive on Kyiv"),
not a time's or a topic's ("on Monday", "a report on Syria" still counts only a known place)."""
PLACE_NOUNS = frozenset({"capital", "city", "town", "village", "province", "region", "district"})
# After a name, these say it is a place; the administrative ones belong to the name ("Idlib
# governorate" is the region, resolved through its stem), the others do not ("Duma town").
ADMIN_NOUNS_AFTER = frozenset(
    {"province", "district", "governorate", "region", "county", "state", "oblast", "municipality",
     "prefecture", "department", "subdistrict", "territory", "parish", "taluka", "tehsil"}
)  # fmt: skip
PLACE_NOUNS_AFTER = frozenset(
    {"city", "town", "village", "countryside", "area", "suburbs", "outskirts", "airport", "camp",
     "neighborhood", "neighbourhood", "station"}
)  # fmt: skip
LIST_WORDS = frozenset({"and", ",", "or", "&"})
_LIST_LABELS = frozenset({"WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "ORG", "PERSON", "FAC"})
DATELINE_MARKS = frozenset({"–", "—", "-", ":"})
POSSESSIVES = frozenset({"'s", "’s", "'", "’"})
HYPHENS = frozenset({"-", "‐", "‑"})
NOT_NAME_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})
DIRECTIONS = frozenset(
    {"northern", "southern", "eastern", "western", "central", "northeastern", "northwestern",
     "southeastern", "southwestern", "north", "south", "east", "west", "rural", "the",
     "neighbouring", "neighboring", "nearby", "downtown"}
)  # fmt: skip
NAME_RUN_MAX = 5
# Joining particles of Dari, Pashto and Arabic place names written with hyphens ("Mazar-e
# Sharif", "Nahr-e Saraj", "Pul-e Khumri"): lower-case, yet part of the name.
NAME_PARTICLES = frozenset({"e", "i", "ye", "y", "al", "el", "ul", "ud", "ad", "as", "an", "o"})
# Nouns between a place and its bracketed regions: "Gulistan district centre (Farah)".
NOTE_NOUNS = ADMIN_NOUNS_AFTER | PLACE_NOUNS_AFTER | {"centre", "center", "sub-county", "subcounty"}
_NOTE_PART_MAX = 6  # tokens of one name in a location note
# "LOUISVILLE, Ky. —", "ST. LOUIS —", "PUNE:": a dateline's place, in capitals
_CAPITALS_DATELINE = re.compile(r"^([A-Z][A-Z'’.]*(?:[ -][A-Z][A-Z'’.]*){0,3})(?=,| +[–—-] |: )")

PlaceCheck = Callable[[str], bool]


# ---------------------------------------------------------------------------------------------
# Token tests


def is_name_token(token: Token) -> bool:
    """A capitalised word that can be part of a name (not "The", "On", a date or a number)."""
    text = token.text
    if not token.is_alpha or not text[0].isupper() or token.ent_type_ in NOT_NAME_ENTS:
        return False
    return not (token.is_stop and not text.isupper())


def starts_sentence(doc: Doc, i: int) -> bool:
    if i == 0 or doc[i].is_sent_start:
        return True
    prev = doc[i - 1]
    return (prev.is_space and "\n" in prev.text) or prev.text in {".", "!", "?"}


def word_before(doc: Doc, i: int) -> str:
    """The lower-cased word before token ``i``, past directions ("in southern Aleppo")."""
    j = i - 1
    while j > 0 and doc[j].lower_ in DIRECTIONS and j > i - 3:
        j -= 1
    return doc[j].lower_ if j >= 0 else ""


def after_locative(doc: Doc, i: int) -> bool:
    """Whether a locative stands before token ``i`` ("in", "near", past directions), or "on"
    after an attack ("airstrikes on Khan Younis")."""
    prev = word_before(doc, i)
    if prev in LOCATIVES:
        return True
    j = i - 1
    while j > 0 and doc[j].lower_ != "on" and doc[j].lower_ in DIRECTIONS:
        j -= 1
    noun = doc[j - 1].lower_ if prev == "on" and j > 0 else ""
    return noun in ATTACK_NOUNS_BEFORE_ON or noun.removesuffix("s") in ATTACK_NOUNS_BEFORE_ON


def name_run(doc: Doc, i: int, limit: int = NAME_RUN_MAX) -> int:
    """End of the run of capitalised name words from ``i`` ("Kassym-Jomart Tokayev")."""
    j = i
    while j < len(doc) and j - i < limit:
        token = doc[j]
        if j > i and starts_sentence(doc, j):
            break
        if is_name_token(token) or (
            token.text in HYPHENS
            and j > i
            and not doc[j - 1].whitespace_
            and not token.whitespace_
            and j + 1 < len(doc)
            and is_name_token(doc[j + 1])
        ):
            j += 1
        elif token.like_num and j > i and token.is_digit:
            return j + 1
        else:
            break
    return j


# ---------------------------------------------------------------------------------------------
# Finding places


class PlaceNames:
    """The place-name rules of one gazetteer (see the module docstring)."""

    def __init__(
        self,
        is_place: PlaceCheck | None,
        is_local_place: PlaceCheck | None = None,
        is_any_place: PlaceCheck | None = None,
    ) -> None:
        self.is_place = is_place
        self.is_local_place = is_local_place or is_place
        self.is_any_place = is_any_place or self.is_local_place

    def cued(self, doc: Doc, start: int, end: int, *, person: bool) -> int | None:
        """The end of the place a span the model took for an organisation or person is, when
        the words around it call it one the gazetteer knows (a ``person`` of several words
        only after a locative, "from St Catherine", "in Khan Younis"; after "of" only a
        well-known place), else None.

        The place keeps its administrative noun ("Idlib governorate")."""
        if self.is_any_place is None or self.is_place is None:
            return None
        text = doc[start:end].text
        following = doc[end].lower_ if end < len(doc) else ""
        prev = word_before(doc, start)
        if end - start > 1 and doc[end - 1].lower_ in ADMIN_NOUNS_AFTER:
            # "Khakrez District" tagged as a person: the district, named by its stem
            return end if self.is_any_place(doc[start : end - 1].text) else None
        if following in PLACE_NOUNS_AFTER and end - start > 1 and not self.is_any_place(text):
            # "Edmonton Green station": the known place the name begins with resolves it
            return end if self.is_local_place and self.is_local_place(doc[start].text) else None
        if following in PLACE_NOUNS_AFTER or following in ADMIN_NOUNS_AFTER:
            known = self.is_any_place
        elif prev in LIST_WORDS and self._place_ends_at(doc, start - 2):
            known = self.is_local_place or self.is_any_place  # "Mtwapa and Malindi"
        elif person and end - start > 1:
            # "in Khan Younis", "in Lakki Marwat" read as persons: after a locative other than
            # "of" ("the wife of ..."), a town the cued check knows will do
            if not after_locative(doc, start):
                return None
            known = self.is_place if prev == "of" else (self.is_local_place or self.is_place)
        elif (
            after_locative(doc, start)
            or prev in PLACE_NOUNS
            or (start == 0 and (end == len(doc) or doc[end].is_punct))
        ):
            known = self.is_local_place or self.is_any_place
        else:
            return None
        if not known(text):
            return None
        return end + 1 if following in ADMIN_NOUNS_AFTER else end

    def _place_ends_at(self, doc: Doc, j: int) -> bool:
        """Whether a place name ends at token ``j``: one the model tagged, or a known one."""
        if j < 0:
            return False
        if doc[j].ent_type_ in ("GPE", "LOC"):
            return True
        k = j
        while k > 0 and is_name_token(doc[k - 1]) and j - k < NAME_RUN_MAX:
            k -= 1
        return (
            is_name_token(doc[j])
            and self.is_local_place is not None
            and self.is_local_place(doc[k : j + 1].text)
        )

    def listed(self, doc: Doc, start: int, end: int, label: str) -> list[tuple[int, int]]:
        """The places of a model entity that is a list of places after a locative ("between
        Versailles and Frankfort", read as a work of art), else none."""
        if (
            label not in _LIST_LABELS
            or self.is_local_place is None
            or word_before(doc, start) not in LOCATIVES
        ):
            return []
        parts, begin = [], start
        for i in range(start, end):
            if doc[i].lower_ in LIST_WORDS:
                parts.append((begin, i))
                begin = i + 1
        parts.append((begin, end))
        if len(parts) < 2 or not all(e > s and self.is_local_place(doc[s:e].text) for s, e in parts):
            return []
        return parts

    def widened(self, doc: Doc, start: int, end: int) -> int | None:
        """The end of a known place the model's entity is the first word of ("Spanish Town"
        tagged as the nationality "Spanish"), or None."""
        if (
            self.is_place is None
            or end >= len(doc)
            or not is_name_token(doc[end])
            or starts_sentence(doc, end)
        ):
            return None
        run = name_run(doc, end, limit=2)
        for stop in range(run, end, -1):
            if self.is_place(doc[start:stop].text):
                return stop
        return None

    def dateline(self, doc: Doc) -> tuple[int, int] | None:
        """The tokens of a dateline's place written in capitals ("ST. LOUIS —", "PUNE:",
        "LOUISVILLE, Ky. —"), if it is a known place."""
        match = _CAPITALS_DATELINE.match(doc.text)
        if match is None or self.is_place is None or len(match.group(1).replace(".", "")) < 3:
            return None
        if not self.is_place(match.group(1).title()):
            return None
        span = doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
        return (span.start, span.end) if span is not None else None

    def proposals(self, doc: Doc) -> list[tuple[int, int]]:
        """Known places the model did not tag: the gazetteer proposes them.

        A capitalised name the model left untagged is a place when the gazetteer knows it as a
        country, region or town of 15,000 (`Gazetteer.is_place_name`), inside a sentence (not
        its first word, which is capitalised anyway) or before a dateline mark or a possessive;
        after a locative ("in", "near"), a place noun ("the village of") or in a list of places
        ("Idlib and Hama") a town of 1,000 will do. A written region abbreviation after a town
        ("Lexington, Ky.") is a place.
        """
        is_place = self.is_place
        if is_place is None:
            return []
        is_local_place = self.is_local_place or is_place
        out: list[tuple[int, int]] = []
        i = 0
        while i < len(doc):
            token = doc[i]
            if token.ent_type_ and token.ent_type_ not in ("GPE", "LOC"):
                i += 1
                continue
            if token.ent_type_ or self.is_region_abbreviation(doc, i):
                if not token.ent_type_:
                    out.append((i, i + 1))
                i += 1
                continue
            if not is_name_token(token) or (i > 0 and is_name_token(doc[i - 1])):
                i += 1
                continue
            end = name_run(doc, i, limit=3)
            stem = doc[i:end].text
            following = doc[end].lower_ if end < len(doc) else ""
            if following in ADMIN_NOUNS_AFTER:
                end += 1
            text = doc[i:end].text
            prev = word_before(doc, i)
            initial = starts_sentence(doc, i)
            dateline = initial and following in DATELINE_MARKS
            possessive = following in POSSESSIVES
            alone = initial and (end == len(doc) or doc[end].is_punct or doc[end].is_space)
            listed = prev in ("and", ",", "&") and i > 1 and _is_place_at(doc, i - 2, out)
            named = following in PLACE_NOUNS_AFTER or following in ADMIN_NOUNS_AFTER
            cued = after_locative(doc, i) or prev in PLACE_NOUNS or listed or named
            if (
                (named and self.is_any_place is not None and self.is_any_place(stem))
                or (cued and is_local_place(text))
                or ((not initial or dateline or possessive or alone) and is_place(text))
            ):
                out.append((i, end))
            i = max(end, i + 1)
        return out

    def noted(self, doc: Doc) -> list[tuple[int, int]]:
        """The known places of coders' location notes: a name, perhaps an administrative noun,
        then its regions in brackets, "Town (District, Province)" (see the module docstring).
        Only a bracket that ends in a known place (of any size) is such a note; a district the
        gazetteer does not know is left out ("Turbat (Kech, Balochistan)")."""
        if self.is_any_place is None:
            return []
        out: list[tuple[int, int]] = []
        for p, token in enumerate(doc):
            if token.text != "(":
                continue
            parts, i = [], p + 1
            while i < len(doc) and i - p <= 3 * _NOTE_PART_MAX:
                end = _note_name_end(doc, i)
                if end == i:
                    break
                parts.append((i, end))
                if end < len(doc) and doc[end].text == ",":
                    i = end + 1
                    continue
                break
            else:
                continue
            close = parts[-1][1] if parts else p
            if not parts or close >= len(doc) or doc[close].text != ")":
                continue
            known = [(s, e) for s, e in parts if self.is_any_place(doc[s:e].text)]
            if not known or known[-1] != parts[-1]:
                continue
            j = p
            while j > 0 and p - j < 2 and doc[j - 1].lower_ in NOTE_NOUNS:
                j -= 1
            start = _note_name_start(doc, j)
            if start < j and self.is_any_place(doc[start:j].text):
                out.append((start, j))
            out.extend(known)
        return out

    def is_region_abbreviation(self, doc: Doc, i: int) -> bool:
        """ "Ky." in "Lexington, Ky.": an abbreviation with a dot, after a name and a comma."""
        text = doc[i].text
        return (
            "." in text
            and text[:1].isupper()
            and i > 1
            and doc[i - 1].text == ","
            and doc[i - 2].text[:1].isupper()
            and self.is_place is not None
            and self.is_place(text)
        )


def _is_note_word(doc: Doc, i: int) -> bool:
    """A word of a name in a location note: a capitalised word, or a hyphen or particle
    joining two ("Mazar-e Sharif", "Elgeyo-Marakwet")."""
    token = doc[i]
    if token.text in HYPHENS or token.lower_ in NAME_PARTICLES:
        return 0 < i < len(doc) - 1 and not doc[i - 1].whitespace_ and doc[i + 1].text[:1].isalpha()
    return token.is_alpha and token.text[:1].isupper()


def _note_name_end(doc: Doc, i: int) -> int:
    j = i
    while j < len(doc) and j - i < _NOTE_PART_MAX and _is_note_word(doc, j):
        j += 1
    while j > i and not doc[j - 1].text[:1].isupper():
        j -= 1  # a name ends on a capitalised word
    return j


def _note_name_start(doc: Doc, end: int) -> int:
    i = end
    while (
        i > 0 and end - i < _NOTE_PART_MAX and _is_note_word(doc, i - 1) and not starts_sentence(doc, i - 1)
    ):
        i -= 1
    while i < end and not doc[i].text[:1].isupper():
        i += 1  # ... and begins on one
    return i


def _is_place_at(doc: Doc, i: int, found: Sequence[tuple[int, int]]) -> bool:
    """Whether token ``i`` ends a place: one the model tagged or one already proposed."""
    return doc[i].ent_type_ in ("GPE", "LOC") or any(s <= i < e for s, e in found)
