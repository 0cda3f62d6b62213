"""Fusion decisions: which fused event a new claim belongs to, which events it joins, which
claims an event should let go.

In: a `ClaimView` and the `EventProfile`s of its candidates (those its blocking keys find).
Out: a `Decision`. The store carries it out and writes it into the event history.

* a claim joins the best-scoring compatible event at or above the threshold;
* when it scores at or above the threshold with several events that are compatible with each
  other, those events are one event told in parts, and merge into the oldest;
* otherwise it starts a new fused event.

`sibling_home` is the document-level step: a claim that would start an event of its own joins
the event another claim of its report went to when it can be the same incident (the attack,
its toll, the arrest that followed), so one report's claims do not scatter. `find_splits` looks at an event's claims again when it
changes: a document whose claims score against the profile of the other documents' claims
below the (lower) split threshold leaves with the documents that agree with it, so an early,
vague report can no longer chain two incidents together.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
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
    marks: Counter[str] = Counter()
    for c in claims:
        words.update(c.tokens)
        context.update(c.context)
        marks.update(c.marks)
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
        marks=frozenset(w for w, _ in marks.most_common(_TOKEN_CAP)),
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
    claim: ClaimView,
    candidates: Sequence[EventProfile],
    settings: FusionSettings = DEFAULT_SETTINGS,
    readings: Sequence[ClaimView] = (),
) -> Decision:
    """Attach the claim to its best candidate, merge candidates it bridges, or start an event.
    ``readings`` are other ways to read the claim (the members of a document's group): a
    candidate scores as its best reading does."""
    matches = [_best(claim, readings, profile, settings) for profile in candidates]
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


def _best(
    claim: ClaimView, readings: Sequence[ClaimView], profile: EventProfile, settings: FusionSettings
) -> Match:
    found = [score(c, profile, settings) for c in (claim, *readings)]
    return max(found, key=lambda m: (m.compatible, m.total))


def as_claim(profile: EventProfile, *, document_key: str = "", report_key: str = "") -> ClaimView:
    """A profile read as one claim (its main type, first day, place, actors, words, marks)."""
    return ClaimView(
        key=profile.key,
        document_key=document_key,
        report_key=report_key,
        type=profile.types[0][0] if profile.types else "",
        date=profile.date_from,
        precision=_profile_precision(profile),
        lat=profile.lat,
        lon=profile.lon,
        country=profile.country,
        admin1=profile.admin1,
        geonames_id=profile.geonames_id,
        place_precision=profile.place_precision,
        actors=profile.actors,
        tokens=profile.tokens,
        context=profile.context,
        marks=profile.marks,
        place_name=profile.place_name,
    )


def sibling_home(
    claim: ClaimView, homes: Sequence[EventProfile], settings: FusionSettings = DEFAULT_SETTINGS
) -> Match | None:
    """The document-level step: of the events other claims of the claim's report went to, the
    one it can be the same incident as (no veto of type, time or place; an arrest may join the
    attack it follows) and scores best with, at least the split threshold; None: none can."""
    matches = [score(claim, home, settings) for home in homes]
    fitting = [
        m for m in matches if m.compatible and m.total >= settings.split_threshold and m.parts["marks"] > 0
    ]
    return max(fitting, key=lambda m: m.total, default=None)


def group_view(group: Sequence[ClaimView]) -> ClaimView:
    """A group of one document's claims read as one claim: its leader's type, the group's
    consensus of place and days, and everything any member names."""
    if len(group) == 1:
        return group[0]
    profile = profile_of(group[0].key, group)
    lead = group[0]
    view = as_claim(profile, document_key=lead.document_key, report_key=lead.report_key)
    return replace(
        view,
        type=lead.type,
        acled_event_type=lead.acled_event_type,
        date=lead.date or view.date,
        precision=lead.precision if lead.date else view.precision,
        time=lead.time,
    )


def _events_agree(a: EventProfile, b: EventProfile, settings: FusionSettings) -> bool:
    """Whether two fused events can be one: ``b``'s profile read as a claim scores with ``a``."""
    if not (a.groups & b.groups):
        return False
    match = score(as_claim(b), a, settings)
    return match.compatible and match.total >= settings.threshold


def _profile_precision(profile: EventProfile) -> TimePrecision:
    return TimePrecision.DAY if profile.date_from is not None else TimePrecision.UNKNOWN


def find_splits(
    claims: Sequence[ClaimView], settings: FusionSettings = DEFAULT_SETTINGS
) -> list[list[ClaimView]]:
    """Groups of claims that should leave their event (empty when every claim still fits).

    A document's claims are checked together (read as one claim, `group_view`) against the
    profile of the other documents' claims; the documents below the split threshold are
    regrouped among themselves (they may be one other event, or several). An event told by
    fewer than three documents is left alone (two reports have no third to side with).
    """
    by_document: dict[str, list[ClaimView]] = {}
    for claim in claims:
        by_document.setdefault(claim.document_key, []).append(claim)
    if len(by_document) < 3:
        return []
    leaving: list[list[ClaimView]] = []
    for key, own in by_document.items():
        rest = [c for c in claims if c.document_key != key]
        match = score(group_view(_led(own)), profile_of("rest", rest), settings)
        if not match.compatible or match.total < settings.split_threshold:
            leaving.append(own)
    if not leaving or len(leaving) == len(by_document):
        return []
    groups: list[list[ClaimView]] = []
    for own in leaving:
        view = group_view(_led(own))
        for group in groups:
            if score(view, profile_of("group", group), settings).total >= settings.threshold:
                group.extend(own)
                break
        else:
            groups.append(list(own))
    return groups


def _led(claims: Sequence[ClaimView]) -> list[ClaimView]:
    """Claims with a violent one first (it leads the group's reading)."""
    return sorted(claims, key=lambda c: c.group != "violence")
