"""Fusion decisions: which fused event a new claim belongs to, which events it joins, which
claims an event should let go.

In: a `ClaimView` and the `EventProfile`s of its candidates (those its blocking keys find).
Out: a `Decision`. The store carries it out and writes it into the event history.

* a claim joins the best-scoring compatible event at or above the threshold;
* when it scores at or above the threshold with several events that are compatible with each
  other, those events are one event told in parts, and merge into the oldest;
* otherwise it starts a new fused event.

`find_splits` looks at an event's claims again when it changes: a claim whose score against the
profile of the other claims falls below the (lower) split threshold leaves with the claims
that agree with it, so an early, vague claim can no longer chain two incidents together.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sitrep.fuse.records import ClaimView, EventProfile
from sitrep.fuse.similarity import DEFAULT_SETTINGS, FusionSettings, Match, score
from sitrep.model import TimePrecision

_PRECISION_RANK = {"city": 0, "point": 0, "place": 0, "admin2": 1, "admin1": 2, "country": 3}
_TOKEN_CAP = 400
"""Words kept in a profile: the most frequent, so a long-lived event's profile stays small."""


class Action(StrEnum):
    NEW = "new"
    ATTACH = "attach"
    MERGE = "merge"


@dataclass(frozen=True, slots=True)
class Decision:
    """What to do with a claim: start an event, join ``target``, or join it and merge ``merged``."""

    action: Action
    target: str | None = None
    merged: tuple[str, ...] = ()
    match: Match | None = None


def profile_of(key: str, claims: Sequence[ClaimView]) -> EventProfile:
    """Fold an event's claims into its profile: the most precise place most claims name, the
    span of their days, every actor and the most frequent words."""
    types = Counter(c.type for c in claims).most_common()
    days = [c.date for c in claims if c.date is not None]
    placed = [c for c in claims if c.country is not None]
    place = _consensus_place(placed)
    words: Counter[str] = Counter()
    context: Counter[str] = Counter()
    for c in claims:
        words.update(c.tokens)
        context.update(c.context)
    return EventProfile(
        key=key,
        types=tuple(types),
        date_from=_date_bound(claims, days, low=True),
        date_to=_date_bound(claims, days, low=False),
        lat=place.lat if place else None,
        lon=place.lon if place else None,
        country=place.country if place else None,
        admin1=place.admin1 if place else None,
        geonames_id=place.geonames_id if place else None,
        place_precision=place.place_precision if place else None,
        actors=frozenset(a for c in claims for a in c.actors),
        tokens=frozenset(w for w, _ in words.most_common(_TOKEN_CAP)),
        documents=frozenset(c.document_key for c in claims),
        size=len(claims),
        place_name=place.place_name if place else None,
        groups=frozenset(c.group for c in claims),
        context=frozenset(w for w, _ in context.most_common(_TOKEN_CAP)),
    )


def _date_bound(claims: Sequence[ClaimView], days: list[date], *, low: bool) -> date | None:
    """The event's first (or last) day, counting only claims dated to the day when there are any."""
    exact = [c.date for c in claims if c.date is not None and c.precision.value in _DAY_OR_FINER]
    pool = exact or days
    if not pool:
        return None
    return min(pool) if low else max(pool)


_DAY_OR_FINER = ("second", "minute", "hour", "part_of_day", "day")


def _consensus_place(claims: Sequence[ClaimView]) -> ClaimView | None:
    """The place of the claims: the most precise level any claim reaches, then the place most
    claims at that level name (ties: the first told)."""
    if not claims:
        return None
    countries = Counter(c.country for c in claims).most_common()
    country = countries[0][0]
    local = [c for c in claims if c.country == country]
    best = min(_PRECISION_RANK.get(c.place_precision or "country", 3) for c in local)
    at_level = [c for c in local if _PRECISION_RANK.get(c.place_precision or "country", 3) == best]
    counts = Counter(c.geonames_id for c in at_level)
    top = max(counts.values())
    return next(c for c in at_level if counts[c.geonames_id] == top)


def decide(
    claim: ClaimView, candidates: Sequence[EventProfile], settings: FusionSettings = DEFAULT_SETTINGS
) -> Decision:
    """Attach the claim to its best candidate, merge candidates it bridges, or start an event."""
    matches = [score(claim, profile, settings) for profile in candidates]
    good = sorted(
        (m for m in matches if m.compatible and m.total >= settings.threshold),
        key=lambda m: (-m.total, m.event_key),
    )
    if not good:
        return Decision(Action.NEW)
    best = good[0]
    profiles = {p.key: p for p in candidates}
    merged = tuple(
        m.event_key
        for m in good[1:]
        if _events_agree(profiles[best.event_key], profiles[m.event_key], settings)
    )
    if merged:
        return Decision(Action.MERGE, target=best.event_key, merged=merged, match=best)
    return Decision(Action.ATTACH, target=best.event_key, match=best)


def _events_agree(a: EventProfile, b: EventProfile, settings: FusionSettings) -> bool:
    """Whether two fused events can be one: ``b``'s profile read as a claim scores with ``a``."""
    as_claim = ClaimView(
        key=b.key,
        document_key="",
        report_key="",
        type=b.types[0][0] if b.types else "",
        date=b.date_from,
        precision=_profile_precision(b),
        lat=b.lat,
        lon=b.lon,
        country=b.country,
        admin1=b.admin1,
        geonames_id=b.geonames_id,
        place_precision=b.place_precision,
        actors=b.actors,
        tokens=b.tokens,
        context=b.context,
    )
    if not (a.groups & b.groups):
        return False
    match = score(as_claim, a, settings)
    return match.compatible and match.total >= settings.threshold


def _profile_precision(profile: EventProfile) -> TimePrecision:
    return TimePrecision.DAY if profile.date_from is not None else TimePrecision.UNKNOWN


def find_splits(
    claims: Sequence[ClaimView], settings: FusionSettings = DEFAULT_SETTINGS
) -> list[list[ClaimView]]:
    """Groups of claims that should leave their event (empty when every claim still fits).

    A claim is checked against the profile of all the others; those below the split threshold
    are regrouped among themselves (they may be one other event, or several).
    """
    if len(claims) < 3:
        return []
    leaving: list[ClaimView] = []
    for i, claim in enumerate(claims):
        rest = [c for j, c in enumerate(claims) if j != i]
        match = score(claim, profile_of("rest", rest), settings)
        if not match.compatible or match.total < settings.split_threshold:
            leaving.append(claim)
    if not leaving or len(leaving) == len(claims):
        return []
    groups: list[list[ClaimView]] = []
    for claim in leaving:
        for group in groups:
            if score(claim, profile_of("group", group), settings).total >= settings.threshold:
                group.append(claim)
                break
        else:
            groups.append([claim])
    return groups
