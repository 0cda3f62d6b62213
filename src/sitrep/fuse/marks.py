"""Incident marks: the small facts that tell one local incident from a similar one nearby.

In: a report's text (and its document's title) with the report's time. Out: a set of marks,
each a short prefixed string without spaces, stored with the claim's words:

* ``place:salem_avenue``, ``place:sherman_park``: streets, parks and neighbourhoods named (the
  gazetteer places towns; two shootings in one town a day apart differ by street);
* ``age:24``: ages of the people named ("a 24-year-old man", "Corey Haskins, 34,");
* ``kind:gun``, ``kind:knife``: the weapon the words tell of (a stabbing is not a shooting);
* ``day:2025-03-08``: the days the report names, resolved against its own time ("Saturday
  night" in a Sunday report, "on March 8"), so that an event coded without a date, or dated
  by the pipeline to its report's day, still meets the reports of the day it happened.

`compare_marks` says how two sets of marks agree: a shared street or age is evidence for one
incident, different streets or weapons evidence against.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

PREFIXES = ("place:", "age:", "kind:", "day:")

_SUFFIX = {
    "street": "street",
    "st.": "street",
    "avenue": "avenue",
    "ave.": "avenue",
    "road": "road",
    "rd.": "road",
    "boulevard": "boulevard",
    "blvd.": "boulevard",
    "drive": "drive",
    "lane": "lane",
    "way": "way",
    "place": "place",
    "parkway": "parkway",
    "court": "court",
    "terrace": "terrace",
    "park": "park",
    "square": "square",
    "highway": "highway",
}
_DIRECTIONS = frozenset(["north", "south", "east", "west", "n.", "s.", "e.", "w."])
_LEADING = frozenset(
    [
        "the",
        "a",
        "an",
        "on",
        "in",
        "at",
        "near",
        "of",
        "from",
        "outside",
        "inside",
        "off",
        "along",
        "by",
        "police",
        "officers",
        "two",
        "one",
        "deadly",
        "fatal",
        "another",
        "second",
        "third",
        "saturday",
        "sunday",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
    ]
)
_WORDS = r"(?:[A-Z][a-z]+|\d{1,3}(?:st|nd|rd|th))"
_STREET = re.compile(
    rf"\b((?:{_WORDS}\s+){{1,3}})(Street|St\.|Avenue|Ave\.|Road|Rd\.|Boulevard|Blvd\.|Drive|Lane|"
    rf"Way|Place|Parkway|Court|Terrace|Park|Square)(?![A-Za-z])"
)
_NUMBERED = re.compile(r"\b(Highway|Route|Interstate|Avenue)\s+(\d{1,3}|[A-Z])\b")
_BROADWAY = re.compile(r"\bBroadway\b")
_HOOD = re.compile(r"\b((?:[A-Z][a-z]+\s+){1,2})(?:neighborhood|neighbourhood|district)\b")

_AGE = re.compile(
    r"\b(\d{1,2})-year-old\b"
    r"|\baged\s+(\d{1,2})(?:\s+and\s+(\d{1,2}))?\b"
    r"|(?<=[A-Za-z]),\s(\d{1,2})(?:\s+and\s+(\d{1,2}))?(?=[,.;:)]|\s+(?:and|were|was|who|is|are)\b)"
)

_GUN = re.compile(
    r"\b(shot|shoots?|shootings?|gunfire|gun|guns|gunman|gunmen|gunshots?|fired|pistol|rifle)\b", re.I
)
_KNIFE = re.compile(r"\b(stabbed|stabbings?|stab|knife|knives|stab wounds?)\b", re.I)

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.I)
_MONTH_DAY = re.compile(r"\b(" + "|".join(MONTHS) + r")\s+(\d{1,2})(?:st|nd|rd|th)?\b(?!\s*,?\s*\d{4})", re.I)
_MONTH_DAY_YEAR = re.compile(r"\b(" + "|".join(MONTHS) + r")\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.I)
_YESTERDAY = re.compile(r"\b(yesterday|last night|overnight)\b", re.I)
_TODAY = re.compile(r"\b(today|tonight|this morning|this afternoon|this evening)\b", re.I)


def incident_marks(texts: Iterable[str], report_time: datetime | None = None) -> frozenset[str]:
    """The marks of a report's text (and title); days only when the report's time is known."""
    marks: set[str] = set()
    for text in texts:
        if not text:
            continue
        marks.update(f"place:{p.replace(' ', '_')}" for p in _places(text))
        marks.update(f"age:{a}" for a in _ages(text))
        if _GUN.search(text):
            marks.add("kind:gun")
        if _KNIFE.search(text):
            marks.add("kind:knife")
        if report_time is not None:
            marks.update(f"day:{d.isoformat()}" for d in _days(text, report_time.date()))
    return frozenset(marks)


def _places(text: str) -> set[str]:
    found: set[str] = set()
    for match in _STREET.finditer(text):
        words = [w for w in match.group(1).split()]
        while words and words[0].lower() in _LEADING | _DIRECTIONS:
            words.pop(0)
        if words:
            found.add(" ".join([*(w.lower() for w in words[-2:]), _SUFFIX[match.group(2).lower()]]))
    for match in _NUMBERED.finditer(text):
        found.add(f"{match.group(1).lower()} {match.group(2).lower()}")
    if _BROADWAY.search(text):
        found.add("broadway")
    for match in _HOOD.finditer(text):
        words = [w for w in match.group(1).split() if w.lower() not in _LEADING]
        if words:
            found.add(" ".join(w.lower().removesuffix("'s") for w in words))
    return found


def _ages(text: str) -> set[int]:
    ages: set[int] = set()
    for match in _AGE.finditer(text):
        ages.update(int(g) for g in match.groups() if g)
    return {a for a in ages if 1 <= a <= 99}


def _days(text: str, today: date) -> set[date]:
    days: set[date] = set()
    for match in _WEEKDAY.finditer(text):
        back = (today.weekday() - WEEKDAYS.index(match.group(1).lower())) % 7
        days.add(today - timedelta(days=back))
    for match in _MONTH_DAY_YEAR.finditer(text):
        found = _day(int(match.group(3)), match.group(1), match.group(2))
        if found is not None:
            days.add(found)
    for match in _MONTH_DAY.finditer(text):
        found = _day(today.year, match.group(1), match.group(2))
        if found is not None and found > today + timedelta(days=1):
            found = _day(today.year - 1, match.group(1), match.group(2))
        if found is not None:
            days.add(found)
    if _YESTERDAY.search(text):
        days.add(today - timedelta(days=1))
    if _TODAY.search(text):
        days.add(today)
    return days


def _day(year: int, month: str, day: str) -> date | None:
    try:
        return date(year, MONTHS.index(month.lower()) + 1, int(day))
    except ValueError:
        return None


def split_marks(words: Iterable[str]) -> tuple[frozenset[str], frozenset[str]]:
    """(content words, marks) of a claim's stored words (marks carry a prefix, words never do)."""
    plain: set[str] = set()
    marks: set[str] = set()
    for word in words:
        (marks if word.startswith(PREFIXES) else plain).add(word)
    return frozenset(plain), frozenset(marks)


def mark_days(marks: Iterable[str]) -> frozenset[date]:
    """The days among some marks."""
    return frozenset(date.fromisoformat(m[4:]) for m in marks if m.startswith("day:"))


@dataclass(frozen=True, slots=True)
class MarkAgreement:
    """How two sets of marks agree: a value in [-1, 1] and whether they make one incident
    near-certain (a shared street or neighbourhood and a shared age)."""

    value: float
    strong: bool


def compare_marks(a: frozenset[str], b: frozenset[str]) -> MarkAgreement:
    """Shared streets and ages count for one incident; different streets (when both name
    some) and different weapons (one only a gun, the other only a knife) count against."""
    places_a, places_b = _of(a, "place:"), _of(b, "place:")
    ages_a, ages_b = _of(a, "age:"), _of(b, "age:")
    value = 0.0
    shared_place = bool(places_a & places_b)
    if shared_place:
        value += 0.7
    elif places_a and places_b:
        value -= 0.7
    shared_age = bool(ages_a & ages_b)
    if shared_age:
        value += 0.4
    kinds_a, kinds_b = _of(a, "kind:"), _of(b, "kind:")
    if kinds_a and kinds_b and not kinds_a & kinds_b:
        value -= 0.8
    return MarkAgreement(max(-1.0, min(1.0, value)), shared_place and shared_age)


def _of(marks: frozenset[str], prefix: str) -> frozenset[str]:
    return frozenset(m for m in marks if m.startswith(prefix))
