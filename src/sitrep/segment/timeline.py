"""Ticker timeline: from the stamps of a ticker's entries to absolute, zone-aware times.

``list[Stamp | None] → (ordering, list[ResolvedTime])``. A ticker runs newest-first or
oldest-first; a time-only stamp (``+++ 10.30 p.m .:``) takes its date from the ticker's dated
stamps and the publication date, and rolls over to the next day when the clock goes back
(an entry at 00:40 after one at 23:50 belongs to the next day).
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from functools import cache
from importlib.resources import files

from sitrep.model import TimePrecision
from sitrep.segment.stamps import Stamp

NEWEST_FIRST = "newest_first"
OLDEST_FIRST = "oldest_first"
SINGLE = "single"

# A clock going back by less than this between two entries of the same day is read as an
# entry posted out of order, not as a new day.
_ROLLOVER_GAP = timedelta(hours=3)


@dataclass(frozen=True, slots=True)
class ResolvedTime:
    """An entry's time, how precisely it is known, and where its parts came from."""

    time: datetime | None
    precision: TimePrecision
    source: str


@cache
def _tld_zones() -> dict[str, str]:
    data = json.loads(files("sitrep.segment").joinpath("data/zones.json").read_text("utf-8"))
    return dict(data["tld"])


def zone_for_outlet(outlet: str | None) -> str | None:
    """The zone of an outlet's country when its domain names a one-zone country (fr.de → Berlin)."""
    if not outlet or "." not in outlet:
        return None
    return _tld_zones().get(outlet.rsplit(".", 1)[-1].lower())


def detect_ordering(stamps: list[Stamp | None], *, published: date | None = None) -> str:
    """Whether the entries run newest-first or oldest-first.

    Both readings are resolved and the one that needs fewer corrections wins: a time that runs
    against the reading order counts against it, and so does every midnight it has to assume.
    A tie goes to newest-first, the common order of live tickers.
    """
    if len(stamps) <= 1:
        return SINGLE
    costs = {}
    for ordering in (NEWEST_FIRST, OLDEST_FIRST):
        # Any date serves as an anchor when none is known: only the order of times matters here.
        anchor = published or date(2000, 1, 1)
        resolved = resolve_times(stamps, ordering=ordering, zone=timezone.utc, published=anchor)
        moments = [r.time for r in resolved if r.time is not None]
        if ordering == NEWEST_FIRST:
            moments.reverse()
        against = sum(1 for a, b in itertools.pairwise(moments) if b < a)
        rollovers = sum(1 for r in resolved if r.source.endswith("next day"))
        costs[ordering] = against + rollovers
    return OLDEST_FIRST if costs[OLDEST_FIRST] < costs[NEWEST_FIRST] else NEWEST_FIRST


def resolve_times(
    stamps: list[Stamp | None],
    *,
    ordering: str,
    zone: tzinfo,
    published: date | None,
) -> list[ResolvedTime]:
    """Give every entry an absolute time. Walks the entries in time order, carrying the date."""
    order = list(range(len(stamps)))
    if ordering == NEWEST_FIRST:
        order.reverse()
    first_dated = next((stamps[i].day for i in order if stamps[i] is not None and stamps[i].day), None)  # type: ignore[union-attr]
    current = first_dated or published
    current_source = "ticker date" if first_dated else "publication date"
    previous_clock: time | None = None
    resolved: dict[int, ResolvedTime] = {}
    for i in order:
        stamp = stamps[i]
        if stamp is None or (stamp.day is None and stamp.clock is None):
            resolved[i] = ResolvedTime(None, TimePrecision.UNKNOWN, "none")
            continue
        entry_zone = stamp.zone or zone
        if stamp.day is not None:
            current, current_source = stamp.day, "ticker date"
            previous_clock = stamp.clock
            clock = stamp.clock or time(0, 0)
            resolved[i] = ResolvedTime(_at(stamp.day, clock, entry_zone), stamp.precision, "stamp")
            continue
        assert stamp.clock is not None
        if stamp.weekday is not None and current is not None:
            # "+++ Saturday, 21:00 +++": the last such day on or before the ticker's date.
            day = current - timedelta(days=(current.weekday() - stamp.weekday) % 7)
            current, current_source, previous_clock = day, "weekday", stamp.clock
            resolved[i] = ResolvedTime(_at(day, stamp.clock, entry_zone), stamp.precision, "stamp + weekday")
            continue
        if current is None:
            resolved[i] = ResolvedTime(None, TimePrecision.UNKNOWN, "stamp without a date")
            continue
        if (
            previous_clock is not None
            and _minutes(stamp.clock) < _minutes(previous_clock) - _ROLLOVER_GAP.seconds // 60
        ):
            current = current + timedelta(days=1)
            current_source = "ticker date, next day"
        previous_clock = stamp.clock
        resolved[i] = ResolvedTime(
            _at(current, stamp.clock, entry_zone), stamp.precision, f"stamp + {current_source}"
        )
    return [resolved[i] for i in range(len(stamps))]


def _minutes(clock: time) -> int:
    return clock.hour * 60 + clock.minute


def _at(day: date, clock: time, zone: tzinfo) -> datetime:
    return datetime.combine(day, clock, tzinfo=zone)
