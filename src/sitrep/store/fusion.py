"""Fusion inside the store: a new claim row → a fused event, with the decision in the history.

The decisions are `sitrep.fuse`'s pure functions; this module only finds the candidates (by
the blocking keys, through the indexes on type group, days and place, never by scanning every
event), folds their claims into profiles and writes the outcome. Profiles are cached by the
event's revision, so an event unchanged since it was last read is not read again.

Within one document (one transaction) the events it changes are held as `EventState`s and
written once at its end, with the claims' events and the history, a few executemany statements
(earlier when the database must see them: before a candidate query that has not run yet in the
document, or before claims are moved by a merge or a split). A candidate query that ran already
in the document is not run again: its rows are matched against the events changed since
(`_in_block`, the query's own conditions). A claim decided again after its siblings is decided
anew only when its candidates changed. `bench/store_record.py` checks that the stored record
stays the same when this changes.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any, NamedTuple, cast

from sqlalchemy import Select, Table, bindparam, insert, or_, select, update
from sqlalchemy.orm import Session

from sitrep.fuse import (
    BlockKeys,
    ClaimView,
    Decision,
    FusionSettings,
    blocking_keys,
    decide,
    find_splits,
    profile_of,
    sibling_home,
)
from sitrep.fuse.cluster import Action
from sitrep.fuse.marks import split_marks
from sitrep.fuse.records import claim_day, is_placed, place_cell
from sitrep.model import TimePrecision
from sitrep.store.base import new_ids, utc_now
from sitrep.store.tables import ClaimActor, ClaimRow, FusedEventRow, FusionStep

logger = logging.getLogger(__name__)

CANDIDATE_LIMIT = 200
"""At most this many candidate events (the most recently changed) are scored per claim."""
SPLIT_CHECK_LIMIT = 40
"""Events up to this many claims are checked for claims to split off after each change."""


class Candidate(NamedTuple):
    """A fused event a claim may join, as its blocking query finds it."""

    id: int
    revision: int
    updated_at: datetime


@dataclass(slots=True)
class EventState:
    """A fused event's row as fusion reads and changes it (``id`` 0 until it is inserted)."""

    type: str
    type_group: str
    id: int = 0
    status: str = "active"
    merged_into_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    cell: str = "-"
    country: str | None = None
    admin1: str | None = None
    place_name: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    place_precision: str | None = None
    claim_count: int = 0
    revision: int = 0
    updated_at: datetime = datetime.min

    def values(self, id_key: str = "id") -> dict[str, Any]:
        """The row's columns, the id under ``id_key``."""
        values = {name: getattr(self, name) for name in _EVENT_COLUMNS}
        values[id_key] = values.pop("id")
        return values


_NO_STEP: dict[str, Any] = {"other_event_id": None, "claim_id": None, "score": None, "detail": {}}
"""A history row's columns a step may leave out (one executemany needs every row's keys)."""
_EVENT_COLUMNS = tuple(f.name for f in fields(EventState))
_EVENT = select(*(getattr(FusedEventRow, name) for name in _EVENT_COLUMNS)).where(
    FusedEventRow.id == bindparam("id")
)
_EVENTS = cast(Table, FusedEventRow.__table__)
_CLAIMS = cast(Table, ClaimRow.__table__)
_UPDATE_EVENT = (
    update(_EVENTS)
    .where(_EVENTS.c.id == bindparam("event_id"))
    .values({name: bindparam(name) for name in _EVENT_COLUMNS if name != "id"})
)
_FILE_CLAIM = (
    update(_CLAIMS).where(_CLAIMS.c.id == bindparam("claim")).values(fused_event_id=bindparam("event"))
)


class Fuser:
    """Fuses claims as they are stored; holds the settings and the profile cache."""

    def __init__(self, settings: FusionSettings | None = None) -> None:
        self.settings = settings or FusionSettings()
        self._cache: dict[int, tuple[int, list[ClaimView]]] = {}
        self._blocks: dict[tuple[Any, ...], list[Candidate]] = {}
        """One document's candidate queries already run → their rows when first run."""
        self._touched: dict[int, EventState] = {}
        """The events the document has changed so far (their rows in the database may lag)."""
        self._dirty: set[int] = set()
        """Known events changed since their row was last written."""
        self._assigned: dict[int, int] = {}
        """Claim id → the event it was filed under, not yet written."""
        self._steps: list[dict[str, Any]] = []
        """The document's fusion history, not yet written."""
        self._unsaved: dict[int, EventState] = {}
        """The document's new events, not yet inserted (their ids drawn)."""
        self._next_id: int | None = None
        """On SQLite, the id the document's next new event takes."""

    def forget(self) -> None:
        """Drop the cache (after a rolled-back transaction)."""
        self._cache.clear()

    def fuse(self, session: Session, claim: Any, actors: frozenset[str] | None = None) -> int:
        """File ``claim`` under a fused event; 1 if that made a new event, else 0. ``actors`` are
        its actors' stored entities (``e12``) when the caller knows them (else they are read)."""
        return self.fuse_document(session, [claim], None if actors is None else [actors])

    def fuse_document(
        self,
        session: Session,
        claims: Sequence[Any],
        actors: Sequence[frozenset[str]] | None = None,
    ) -> int:
        """File one document's new claims; the number of new events.

        The document-level step: its claims are decided one by one (violent ones first); those
        that join no stored event are decided again after the others, so that they meet the
        events their siblings joined or started, and one that would still start an event of
        its own joins instead the event a claim of its report went to when the incident marks
        say it is the same incident (`sitrep.fuse.sibling_home`: the arrest the report tells of
        joins the attack), so one report's claims about one incident do not scatter."""
        if not claims:
            return 0
        self._blocks.clear()
        self._touched.clear()
        try:
            created = self._fuse_document(session, claims, actors)
            self._write(session)
            return created
        finally:
            self._blocks.clear()
            self._touched.clear()
            self._dirty.clear()
            self._assigned.clear()
            self._steps.clear()
            self._unsaved.clear()
            self._next_id = None

    def _fuse_document(
        self,
        session: Session,
        claims: Sequence[Any],
        actors: Sequence[frozenset[str]] | None,
    ) -> int:
        if actors is None:
            known = _actor_keys(session, [c.id for c in claims])
            actors = [known.get(c.id, frozenset()) for c in claims]
        views = [claim_view_of(c, a) for c, a in zip(claims, actors, strict=True)]
        order = sorted(range(len(views)), key=lambda i: views[i].group != "violence")
        homes: dict[str, list[int]] = {}
        pending: list[tuple[int, tuple[Candidate, ...], Decision]] = []
        for i in order:
            found, decision = self._decide(session, views[i])
            if decision.action is Action.NEW:
                pending.append((i, found, decision))
                continue
            homes.setdefault(views[i].report_key, []).append(
                self._file(session, claims[i], views[i], decision)
            )
        created = 0
        for i, first_found, first in pending:
            events = [
                e
                for e in (self._event(session, k) for k in homes.get(views[i].report_key, []))
                if e is not None and e.status == "active"
            ]
            decision = Decision(Action.NEW)
            if len(views) > 1:  # the events its siblings joined or made count now
                # Decided again only when its candidates changed since (the decision is a pure
                # function of the claim and its candidates' profiles, cached by revision).
                _, decision = self._decide(session, views[i], first_found, first)
            if decision.action is Action.NEW:
                profiles = [profile_of(str(e.id), self._claims(session, e)) for e in events]
                home = sibling_home(views[i], profiles, self.settings)
                if home is not None:
                    decision = Decision(Action.ATTACH, target=home.event_key, match=home)
            created += decision.action is Action.NEW
            homes.setdefault(views[i].report_key, []).append(
                self._file(session, claims[i], views[i], decision)
            )
        return created

    def _decide(
        self,
        session: Session,
        view: ClaimView,
        before: tuple[Candidate, ...] | None = None,
        decided: Decision | None = None,
    ) -> tuple[tuple[Candidate, ...], Decision]:
        """Where a claim goes among the fused events its blocking keys find, with those events;
        ``decided`` is given back when the events are ``before`` still."""
        events = tuple(self._candidates(session, blocking_keys(view)))
        if decided is not None and events == before:
            return events, decided
        claims = {event.id: self._claims(session, event) for event in events}
        profiles = [profile_of(str(event.id), claims[event.id]) for event in events if claims[event.id]]
        return events, decide(view, profiles, self.settings)

    def _file(self, session: Session, claim: Any, view: ClaimView, decision: Decision) -> int:
        """Carry out a decision for one claim; the id of the event it is filed under."""
        if decision.action is Action.NEW:
            event = EventState(type=view.type, type_group=view.group)
            self._refresh(session, event, [view])
            self._assign(claim, event.id)
            self._steps.append({"action": "new", "fused_event_id": event.id, "claim_id": claim.id})
            return event.id
        target = self._event(session, int(decision.target or 0))
        if target is None:
            raise LookupError(f"fused event {decision.target} vanished")
        members = list(self._claims(session, target))
        for key in decision.merged:
            other = self._event(session, int(key))
            if other is not None:
                members.extend(self._merge(session, target, other, self._claims(session, other), decision))
        self._assign(claim, target.id)
        members.append(view)
        self._steps.append(
            {
                "action": "attach",
                "fused_event_id": target.id,
                "claim_id": claim.id,
                "score": decision.match.total if decision.match else None,
                "detail": {"parts": decision.match.parts} if decision.match else {},
            }
        )
        self._refresh(session, target, members)
        if len(members) <= SPLIT_CHECK_LIMIT:
            self._split(session, target, members)
        return target.id

    def _assign(self, claim: Any, event_id: int) -> None:
        """File ``claim`` under an event: written with the document's other claims (`_write`)."""
        self._assigned[claim.id] = event_id

    def _merge(
        self,
        session: Session,
        target: EventState,
        other: EventState,
        claims: list[ClaimView],
        decision: Decision,
    ) -> list[ClaimView]:
        """Move every claim of ``other`` to ``target`` and mark it merged."""
        self._write_claims(session)
        session.execute(
            update(ClaimRow).where(ClaimRow.fused_event_id == other.id).values(fused_event_id=target.id)
        )
        other.status = "merged"
        other.merged_into_id = target.id
        other.revision += 1
        other.claim_count = 0
        self._touched[other.id] = other
        self._dirty.add(other.id)
        self._steps.append(
            {
                "action": "merge",
                "fused_event_id": target.id,
                "other_event_id": other.id,
                "score": decision.match.total if decision.match else None,
                "detail": {"claims": len(claims)},
            }
        )
        logger.info("fused event %s merged into %s", other.id, target.id)
        return claims

    def _split(self, session: Session, event: EventState, members: list[ClaimView]) -> None:
        """Let go of claims that no longer fit ``event``: each group becomes its own event."""
        groups = find_splits(members, self.settings)
        if not groups:
            return
        leaving = {c.key for group in groups for c in group}
        for group in groups:
            new = EventState(type=group[0].type, type_group=group[0].group)
            self._refresh(session, new, group)
            ids = [int(c.key) for c in group]
            self._write_claims(session)
            session.execute(update(ClaimRow).where(ClaimRow.id.in_(ids)).values(fused_event_id=new.id))
            self._steps.append(
                {
                    "action": "split",
                    "fused_event_id": event.id,
                    "other_event_id": new.id,
                    "detail": {"claims": ids},
                }
            )
            logger.info("fused event %s split: %d claim(s) to %s", event.id, len(ids), new.id)
        self._refresh(session, event, [m for m in members if m.key not in leaving])

    def _refresh(self, session: Session, event: EventState, members: Sequence[ClaimView]) -> None:
        """Write the consensus of ``members`` into the event and cache it."""
        profile = profile_of(str(event.id), members)
        event.type = profile.types[0][0] if profile.types else event.type
        main = next((m for m in members if m.type == event.type), members[0])
        event.type_group = main.group
        event.date_from = profile.date_from
        event.date_to = profile.date_to
        event.country = profile.country
        event.admin1 = profile.admin1
        event.place_name = profile.place_name
        event.lat = profile.lat
        event.lon = profile.lon
        event.geonames_id = profile.geonames_id
        event.place_precision = profile.place_precision
        event.cell = place_cell(profile.lat, profile.lon, profile.place_precision, profile.country)
        event.claim_count = len(members)
        event.revision += 1
        event.updated_at = utc_now()
        if event.id == 0:  # a new event: its id drawn now, its row inserted once, as it ends up
            event.id = self._new_id(session)
            self._unsaved[event.id] = event
        elif event.id not in self._unsaved:  # written with the document's other changes (`_write`)
            self._dirty.add(event.id)
        self._cache[event.id] = (event.revision, list(members))
        self._touched[event.id] = event

    def _event(self, session: Session, event_id: int) -> EventState | None:
        """A fused event as this document left it so far."""
        known = self._touched.get(event_id)
        if known is not None:
            return known
        row = session.connection().execute(_EVENT, {"id": event_id}).one_or_none()
        return None if row is None else EventState(**row._asdict())

    def _new_id(self, session: Session) -> int:
        """The id the database gives the next fused event (`new_ids`; on SQLite, where it is the
        largest id plus one, the document's events not yet inserted count too)."""
        if session.get_bind().dialect.name == "postgresql" or self._next_id is None:
            [self._next_id] = new_ids(session, FusedEventRow, 1)
        event_id = self._next_id
        self._next_id += 1
        return event_id

    def _insert_events(self, session: Session) -> None:
        """Insert the document's new events (one executemany, with the ids drawn for them)."""
        if self._unsaved:
            session.connection().execute(insert(_EVENTS), [e.values() for e in self._unsaved.values()])
            self._dirty.difference_update(self._unsaved)
            self._unsaved.clear()

    def _write_claims(self, session: Session) -> None:
        """Write the claims filed since last written (before the database is asked about them)."""
        self._insert_events(session)
        if self._assigned:
            session.connection().execute(
                _FILE_CLAIM, [{"claim": k, "event": v} for k, v in self._assigned.items()]
            )
            self._assigned.clear()

    def _write(self, session: Session) -> None:
        """Write what the document changed that is not written yet: events, claims, history."""
        self._insert_events(session)
        if self._dirty:
            session.connection().execute(
                _UPDATE_EVENT, [self._touched[k].values("event_id") for k in sorted(self._dirty)]
            )
            self._dirty.clear()
        self._write_claims(session)
        if self._steps:
            session.connection().execute(insert(FusionStep), [{**_NO_STEP, **step} for step in self._steps])
            self._steps.clear()

    def _candidates(self, session: Session, keys: BlockKeys) -> list[Candidate]:
        """Active events of the claim's type group in its time window, and violent events an
        arrest may follow or follow-ups of a violent claim (`BlockKeys.reach`), in its place
        block: one indexed query a block, the most recently changed first."""
        reach = keys.reach()
        if not reach:
            return self._block(session, keys, keys.group, None, None)
        found: dict[int, Candidate] = {}
        for group, first, last in reach:
            found.update((e.id, e) for e in self._block(session, keys, group, first, last))
        ranked = sorted(found.values(), key=lambda e: (e.updated_at, e.id), reverse=True)
        return ranked[:CANDIDATE_LIMIT]

    def _block(
        self, session: Session, keys: BlockKeys, group: str, first: date | None, last: date | None
    ) -> list[Candidate]:
        params: dict[str, Any] = {"group": group, "first": first, "last": last}
        if ":" in keys.cell and not keys.cell.startswith("country:"):
            # One IN list, so the (type group, cell, last day) index seeks each cell's recent events.
            place = "cell"
            params["cells"] = [*keys.cells(), f"country:{keys.country}", "-"]
        elif keys.country is not None:
            place = "country"
            params["country"] = keys.country
        else:
            place = "any"
        key = (place, *(tuple(v) if isinstance(v, list) else v for v in params.values()))
        known = self._blocks.get(key)
        if known is None:
            self._write(session)  # the events this document changed, as the query must see them
            rows = session.connection().execute(_block_query(first is not None, place), params)
            found = [Candidate(id_, revision, updated) for id_, revision, updated in rows]
            if len(found) < CANDIDATE_LIMIT:  # else an event leaving could let an unseen one in
                self._blocks[key] = found
            return found
        # The same query again in this document: the events it changed since are matched here.
        kept = [c for c in known if c.id not in self._touched]
        kept += [
            Candidate(e.id, e.revision, e.updated_at)
            for e in self._touched.values()
            if _in_block(e, place, params)
        ]
        return sorted(kept, key=lambda e: (e.updated_at, e.id), reverse=True)[:CANDIDATE_LIMIT]

    def _claims(self, session: Session, event: Candidate | EventState) -> list[ClaimView]:
        """The claims of an event as fusion sees them (cached by the event's revision)."""
        cached = self._cache.get(event.id)
        if cached is not None and cached[0] == event.revision:
            return cached[1]
        self._write_claims(session)
        rows = session.connection().execute(_CLAIMS_OF, {"event": event.id}).all()
        actors = _actor_keys(session, [r.id for r in rows])
        views = [claim_view_of(r, actors.get(r.id, frozenset())) for r in rows]
        self._cache[event.id] = (event.revision, views)
        return views


@functools.cache
def _block_query(dated: bool, place: str) -> Select[int, int, datetime]:
    """The candidate query of one block, built once with bound parameters (``group``, ``first``,
    ``last``, ``cells`` or ``country``), so each claim's queries only bind values."""
    where: list[Any] = [FusedEventRow.status == "active", FusedEventRow.type_group == bindparam("group")]
    if dated:
        where += [FusedEventRow.date_to >= bindparam("first"), FusedEventRow.date_from <= bindparam("last")]
    else:
        where += [FusedEventRow.date_to.is_(None), FusedEventRow.date_from.is_(None)]
    if place == "cell":
        where.append(FusedEventRow.cell.in_(bindparam("cells", expanding=True)))
    elif place == "country":
        where.append(or_(FusedEventRow.country == bindparam("country"), FusedEventRow.country.is_(None)))
    return (
        select(FusedEventRow.id, FusedEventRow.revision, FusedEventRow.updated_at)
        .where(*where)
        .order_by(FusedEventRow.updated_at.desc(), FusedEventRow.id.desc())
        .limit(CANDIDATE_LIMIT)
    )


def _in_block(event: EventState, place: str, params: dict[str, Any]) -> bool:
    """Whether `_block_query` would find ``event`` (as it stands now) with these parameters."""
    if event.status != "active" or event.type_group != params["group"]:
        return False
    if params["first"] is not None:
        if event.date_to is None or event.date_from is None:
            return False
        if not (event.date_to >= params["first"] and event.date_from <= params["last"]):
            return False
    elif event.date_to is not None or event.date_from is not None:
        return False
    if place == "cell":
        return event.cell in params["cells"]
    if place == "country":
        return event.country is None or event.country == params["country"]
    return True


_VIEW_COLUMNS = (
    ClaimRow.id,
    ClaimRow.document_id,
    ClaimRow.report_id,
    ClaimRow.type,
    ClaimRow.day,
    ClaimRow.date_precision,
    ClaimRow.report_time,
    ClaimRow.tokens,
    ClaimRow.context,
    ClaimRow.place_name,
    ClaimRow.country,
    ClaimRow.admin1,
    ClaimRow.lat,
    ClaimRow.lon,
    ClaimRow.geonames_id,
    ClaimRow.place_precision,
    ClaimRow.acled_event_type,
)
"""What `claim_view_of` reads of a stored claim."""
_CLAIMS_OF = select(*_VIEW_COLUMNS).where(ClaimRow.fused_event_id == bindparam("event")).order_by(ClaimRow.id)
_ACTORS_OF = select(ClaimActor.claim_id, ClaimActor.entity_id).where(
    ClaimActor.claim_id.in_(bindparam("claims", expanding=True)), ClaimActor.entity_id.is_not(None)
)


def _actor_keys(session: Session, claim_ids: list[int]) -> dict[int, frozenset[str]]:
    """Claim id → the stored entities of its actors."""
    found: dict[int, set[str]] = {}
    if not claim_ids:
        return {}
    for claim_id, entity_id in session.connection().execute(_ACTORS_OF, {"claims": claim_ids}):
        found.setdefault(claim_id, set()).add(f"e{entity_id}")
    return {k: frozenset(v) for k, v in found.items()}


def claim_view_of(row: Any, actors: frozenset[str]) -> ClaimView:
    """What fusion compares of a stored claim (as `sitrep.fuse.claim_view` of its event): a
    `ClaimRow`, or a row of its `_VIEW_COLUMNS`."""
    time = datetime.fromisoformat(row.report_time) if row.report_time else None
    tokens, marks = split_marks(row.tokens.split())
    day, precision = claim_day(row.day, TimePrecision(row.date_precision), marks, time)
    placed = is_placed(row.place_name)
    return ClaimView(
        key=str(row.id),
        document_key=str(row.document_id),
        report_key=str(row.report_id),
        type=row.type,
        date=day,
        precision=precision,
        lat=row.lat if placed else None,
        lon=row.lon if placed else None,
        country=row.country if placed else None,
        admin1=row.admin1 if placed else None,
        geonames_id=row.geonames_id if placed else None,
        place_precision=row.place_precision if placed else None,
        actors=actors,
        tokens=tokens,
        context=frozenset(row.context.split()),
        time=time,
        place_name=row.place_name if placed else None,
        acled_event_type=row.acled_event_type,
        marks=marks,
    )
