"""What fusion reads of a claim and of a fused event, and the blocking keys that index them.

In: a coded `Event` (a claim: one report's telling of an event) with its report's time and
the store's keys for its resolved actors. Out: a `ClaimView` (the features fusion compares)
and its `BlockKeys` (the only fused events a claim is ever compared with are those sharing a
type group, lying in its time window and in its place cell or one next to it).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sitrep.fuse.marks import MONTHS, WEEKDAYS, incident_marks, mark_days
from sitrep.model import Event, TimePrecision

CELL_DEGREES = 1.0
"""Side of a place cell: one degree (about 111 km north-south); neighbours cover 2-3 cells."""

NOWHERE = "-"
"""The place cell of a claim with no place at all."""

_TYPE_GROUPS = {
    "FIGHT": "violence",
    "ASSAULT": "violence",
    "CRIME": "violence",
    "COERCE": "coercion",
    "PROTEST": "protest",
    "MOBILIZE": "force",
    "THREATEN": "force",
    "RETREAT": "force",
}
"""Types that can tell one real event in different words share a group (a shooting reported as a
clash by one outlet and as an attack by another); every other type is its own group."""

FOLLOW_UPS = ("coercion", "INVESTIGATE")
"""Groups of what follows an attack (an arrest, a charge, an investigation): a claim of one may
join a violent event up to `FOLLOW_UP_DAYS` before it, when the incident marks agree."""
FOLLOW_UP_DAYS = 14

MISREAD_PLACES = frozenset(["street", "avenue", "road", "broadway", "boulevard", "drive", "lane", "way"])
"""Place names that are a street misread as a town ("Street" for "Market Street"): such a claim
is treated as unplaced; its street is among its marks."""

_PRECISION_DAYS = {
    TimePrecision.WEEK: 7,
    TimePrecision.MONTH: 31,
    TimePrecision.YEAR: 366,
    TimePrecision.UNKNOWN: 2,
}
"""How far either side of its date a claim may lie, by the precision of that date (a day or
finer: one day, so "Thursday night" and a Friday report of it still meet)."""

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
_STOP = frozenset(
    [
        "the",
        "and",
        "for",
        "that",
        "with",
        "from",
        "this",
        "were",
        "was",
        "are",
        "has",
        "have",
        "had",
        "been",
        "their",
        "they",
        "them",
        "its",
        "his",
        "her",
        "said",
        "says",
        "say",
        "also",
        "after",
        "before",
        "into",
        "over",
        "about",
        "than",
        "which",
        "while",
        "where",
        "when",
        "who",
        "whom",
        "what",
        "there",
        "here",
        "other",
        "others",
        "more",
        "most",
        "some",
        "such",
        "only",
        "very",
        "will",
        "would",
        "could",
        "should",
        "can",
        "may",
        "might",
        "not",
        "but",
        "all",
        "any",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "dozens",
        "hundreds",
        "thousands",
        "people",
        "according",
        "reported",
        "reports",
        "report",
        "told",
        "news",
        "agency",
        "media",
        "ministry",
        "minister",
        "government",
        "official",
        "officials",
        *WEEKDAYS,
        *(month for month in MONTHS if month != "may"),  # "may" is left to the words
        "today",
        "yesterday",
        "tomorrow",
        "week",
        "day",
        "days",
    ]
)


@dataclass(frozen=True, slots=True)
class ClaimView:
    """One claim as fusion sees it: type, when (with precision), where, who, and its words."""

    key: str
    document_key: str
    report_key: str
    type: str
    date: date | None
    precision: TimePrecision
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None
    geonames_id: int | None
    place_precision: str | None
    actors: frozenset[str]
    tokens: frozenset[str]
    time: datetime | None = None
    place_name: str | None = None
    acled_event_type: str | None = None
    context: frozenset[str] = frozenset()
    """What its document is about: the stored entities it names (people, organisations,
    places) and its title's words; reports of one incident name the same ones."""
    marks: frozenset[str] = frozenset()
    """Its report's incident marks (`sitrep.fuse.marks`): streets, ages, weapon, days named."""

    @property
    def group(self) -> str:
        return type_group(self.type, self.acled_event_type)


@dataclass(frozen=True, slots=True)
class EventProfile:
    """A fused event as fusion sees it: its claims folded into one set of features."""

    key: str
    types: tuple[tuple[str, int], ...]
    """Types of its claims with their counts, most frequent first."""
    date_from: date | None
    date_to: date | None
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None
    geonames_id: int | None
    place_precision: str | None
    actors: frozenset[str]
    tokens: frozenset[str]
    documents: frozenset[str]
    size: int
    place_name: str | None = None
    groups: frozenset[str] = frozenset()
    """The type groups of its claims."""
    context: frozenset[str] = frozenset()
    marks: frozenset[str] = frozenset()
    """The incident marks of its claims (streets, ages, weapon, days)."""


@dataclass(frozen=True, slots=True)
class BlockKeys:
    """Where a claim is filed and where its candidates are looked for."""

    group: str
    day: date | None
    window: int
    cell: str
    country: str | None

    named: date | None = None
    """The earliest day its report names in the week before its own ("Saturday's shooting" in
    a Monday report whose event was dated Monday): events of that day are candidates too."""

    def days(self) -> tuple[date, date] | None:
        """The first and last day a matching event may lie on (None: an undated claim)."""
        if self.day is None:
            return None
        first = min(self.day, self.named or self.day) - timedelta(days=self.window)
        return first, self.day + timedelta(days=self.window)

    def reach(self) -> tuple[tuple[str, date, date], ...]:
        """(type group, first day, last day) of every block a candidate may lie in: the claim's
        own group in its window, and for a follow-up (an arrest) violent events up to
        `FOLLOW_UP_DAYS` before it, for a violent claim follow-ups up to as many days after."""
        days = self.days()
        if days is None:
            return ()
        blocks = [(self.group, *days)]
        back = timedelta(days=FOLLOW_UP_DAYS)
        if self.group in FOLLOW_UPS:
            blocks.append(("violence", days[0] - back, days[1]))
        elif self.group == "violence":
            blocks.extend((group, days[0], days[1] + back) for group in FOLLOW_UPS)
        return tuple(blocks)

    def cells(self) -> tuple[str, ...]:
        """This cell and its eight neighbours (a coarse or unplaced claim has only its own)."""
        if ":" not in self.cell:
            return (self.cell,)
        y, x = (int(part) for part in self.cell.split(":"))
        return tuple(f"{y + dy}:{x + dx}" for dy in (-1, 0, 1) for dx in (-1, 0, 1))


def follows(claim_group: str, event_groups: frozenset[str]) -> bool:
    """Whether a claim of ``claim_group`` and an event of ``event_groups`` may be an attack and
    what followed it (either way round)."""
    if claim_group in FOLLOW_UPS:
        return "violence" in event_groups
    return claim_group == "violence" and bool(event_groups & set(FOLLOW_UPS))


def type_group(plover_type: str, acled_event_type: str | None = None) -> str:
    """The blocking group of a PLOVER type; a riot (ACLED's Riots) is violence, not a protest."""
    if acled_event_type == "Riots":
        return "violence"
    return _TYPE_GROUPS.get(plover_type, plover_type)


def place_cell(lat: float | None, lon: float | None, precision: str | None, country: str | None) -> str:
    """A point's grid cell, or the country for a place known only to country or region level."""
    if lat is None or lon is None or precision in ("country", "admin1"):
        return f"country:{country}" if country else NOWHERE
    return f"{math.floor(lat / CELL_DEGREES)}:{math.floor(lon / CELL_DEGREES)}"


def date_window(precision: TimePrecision) -> int:
    """Days either side of a claim's date within which the same event may be dated."""
    return _PRECISION_DAYS.get(precision, 1)


def blocking_keys(claim: ClaimView) -> BlockKeys:
    """The keys that file a claim and find its candidate fused events."""
    return BlockKeys(
        group=claim.group,
        day=claim.date,
        window=date_window(claim.precision),
        cell=place_cell(claim.lat, claim.lon, claim.place_precision, claim.country),
        country=claim.country,
        named=_earliest_named(claim),
    )


def _earliest_named(claim: ClaimView) -> date | None:
    if claim.date is None:
        return None
    week = claim.date - timedelta(days=7)
    return min((d for d in mark_days(claim.marks) if week <= d < claim.date), default=None)


def content_words(texts: Iterable[str]) -> frozenset[str]:
    """The lower-cased content words of some texts (stop words and numbers dropped)."""
    words: set[str] = set()
    for text in texts:
        words.update(w for w in (m.group().lower() for m in _WORD.finditer(text)) if w not in _STOP)
    return frozenset(words)


def claim_words(event: Event, report_text: str, title: str, report_time: datetime | None) -> frozenset[str]:
    """What the store keeps of a claim's words: the content words of its summary and evidence,
    and the incident marks of its report and title (prefixed, so the two never mix)."""
    texts = [event.summary, *(e.text for e in event.evidence)]
    return content_words(texts) | incident_marks([title, report_text], report_time)


def is_placed(name: str | None) -> bool:
    """Whether a claim's place name may be trusted as a place (not a misread street)."""
    return name is None or name.lower() not in MISREAD_PLACES


def claim_view(
    event: Event,
    *,
    key: str,
    report_time: datetime | None,
    actor_keys: Iterable[str] = (),
    context: Iterable[str] = (),
    report_text: str = "",
    title: str = "",
) -> ClaimView:
    """What fusion compares of one coded event; ``actor_keys`` are its actors' stored entity
    keys, ``report_text`` and ``title`` the text its incident marks are read from."""
    place = event.location if event.location and is_placed(event.location.name) else None
    marks = incident_marks([title, report_text], report_time)
    day, precision = claim_day(
        date.fromisoformat(event.date) if event.date else None, event.date_precision, marks, report_time
    )
    texts = [event.summary, *(e.text for e in event.evidence)]
    return ClaimView(
        key=key,
        document_key=event.document_id,
        report_key=event.report_id,
        type=event.type,
        date=day,
        precision=precision,
        lat=place.lat if place else None,
        lon=place.lon if place else None,
        country=place.country if place else None,
        admin1=place.admin1 if place else None,
        geonames_id=place.geonames_id if place else None,
        place_precision=place.precision if place else None,
        actors=frozenset(actor_keys),
        tokens=content_words(texts),
        time=report_time,
        place_name=place.name if place else None,
        acled_event_type=event.acled_event_type,
        context=frozenset(context),
        marks=marks,
    )


def claim_day(
    day: date | None, precision: TimePrecision, marks: Iterable[str], report_time: datetime | None
) -> tuple[date | None, TimePrecision]:
    """A claim's day: its own; else the earliest day its report names in the week before it
    ("Saturday night" in a Monday report); else its report's day."""
    if day is not None or report_time is None:
        return day, precision
    today = report_time.date()
    named = sorted(d for d in mark_days(marks) if today - timedelta(days=7) <= d <= today)
    if named:
        return named[0], TimePrecision.DAY
    return today, TimePrecision.DAY
