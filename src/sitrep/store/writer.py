"""Storing one document: `Extraction | Rejection` → rows, in one transaction.

In: the `RawDocument` as read and what the pipeline made of it. Out: an `IngestOutcome`.

* the same text of a known document again adds nothing;
* a new document that is a near-duplicate of a stored one (`dedup`) is stored with its reports
  and linked to the original; its events are not stored again as claims;
* a new text of a known document (an updated live ticker) stores only its new entries and the
  changed ones: a changed entry is a new report, the old one points at it and its claims are
  kept, marked superseded;
* entities are merged with stored ones sharing a key (`sitrep.fuse.entity_keys`); every new
  claim is fused (`sitrep.store.fusion`).

Rows are written with Core statements, a table's rows in one executemany; new rows take ids
drawn ahead (`sitrep.store.base.new_ids`), the ones the database would have given them, so
that nothing waits for an INSERT ... RETURNING a row.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import Select, Table, and_, bindparam, delete, insert, or_, select, update
from sqlalchemy.orm import Session

from sitrep.contract import event_to_json
from sitrep.fuse import claim_words, content_words, entity_keys
from sitrep.fuse.entities import is_title_key, named_by_title
from sitrep.model import Entity, Event, Extraction, RawDocument, Rejection, Report, Source
from sitrep.store import dedup
from sitrep.store.base import Base, new_ids, to_utc, utc_now
from sitrep.store.fusion import Fuser
from sitrep.store.records import Change, IngestOutcome
from sitrep.store.tables import (
    ClaimActor,
    ClaimRow,
    ClaimSource,
    DocumentBand,
    DocumentRow,
    DocumentVersionRow,
    EntityKey,
    EntityName,
    EntityRow,
    FigureRow,
    MentionRow,
    RejectionRow,
    ReportRow,
    SourceRow,
)

logger = logging.getLogger(__name__)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def entry_of(report: Report) -> str:
    """What identifies a ticker entry across updates of its page: its time and its stamp."""
    if report.time is None and report.stamp is None:
        return f"|{report.headline or ''}"
    moment = report.time.isoformat() if report.time else ""
    return f"{moment}|{report.stamp or ''}"


@dataclass
class _Written:
    """What one document's transaction has stored so far."""

    reports: dict[str, ReportRow] = field(default_factory=dict)
    """Pipeline report id → the stored report (new or changed entries only)."""
    read: dict[str, Report] = field(default_factory=dict)
    """Pipeline report id → the report as the pipeline read it."""
    entities: dict[str, int] = field(default_factory=dict)
    """The document's entity id → the stored entity id."""
    context: str = ""
    """The document's context keys for fusion (`document_context`)."""
    title: str = ""
    """The document's title (its incident marks count for every claim)."""
    added: int = 0
    changed: int = 0
    claims: int = 0
    created: int = 0
    rows: dict[type[Base], list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    """Rows nothing refers to (mentions, names, keys, a claim's parts), inserted in one batch a table."""


def _insert_rows(session: Session, written: _Written) -> None:
    """Insert the rows ``written`` holds, one executemany a table (no ids are read back)."""
    connection = session.connection()
    for table, rows in written.rows.items():
        if rows:
            connection.execute(insert(cast(Table, table.__table__)), rows)
    written.rows.clear()


def store_rejection(session: Session, rejection: Rejection, raw_input_id: int | None) -> IngestOutcome:
    """Record a rejection once (the same input failing the same way again adds nothing)."""
    known = session.scalar(
        select(RejectionRow.id).where(
            RejectionRow.origin == rejection.origin,
            RejectionRow.stage == rejection.stage,
            RejectionRow.reason == rejection.reason,
        )
    )
    if known is None:
        session.add(
            RejectionRow(
                origin=rejection.origin,
                document_key=rejection.document_id,
                stage=rejection.stage,
                reason=rejection.reason,
                raw_input_id=raw_input_id,
            )
        )
    return IngestOutcome(rejection.document_id, Change.REJECTED)


def is_known(session: Session, raw: RawDocument) -> bool:
    """Whether this exact text of this document is stored already."""
    found = session.scalar(
        select(DocumentVersionRow.id)
        .join(DocumentRow, DocumentRow.id == DocumentVersionRow.document_id)
        .where(DocumentRow.key == raw.id, DocumentVersionRow.sha256 == sha256(raw.text))
        .limit(1)
    )
    return found is not None


def store_extraction(
    session: Session, raw: RawDocument, extraction: Extraction, raw_input_id: int | None, fuser: Fuser
) -> IngestOutcome:
    """Store one document's extraction (the caller owns the transaction)."""
    document = extraction.document
    text_hash = sha256(raw.text)
    row = session.scalar(select(DocumentRow).where(DocumentRow.key == raw.id))
    if row is not None and session.scalar(
        select(DocumentVersionRow.id).where(
            DocumentVersionRow.document_id == row.id, DocumentVersionRow.sha256 == text_hash
        )
    ):
        return IngestOutcome(raw.id, Change.UNCHANGED)
    sig = dedup.signature(raw.text)
    copy_of: tuple[DocumentRow, float] | None = None
    if row is None:
        copy_of = _near_duplicate(session, sig)
        row = DocumentRow(
            key=raw.id,
            title=document.title,
            published=document.published.isoformat() if document.published else None,
            outlet=document.outlet,
            url=document.url,
            author=document.author,
            language=document.language,
            origin=raw.origin,
            duplicate_of_id=copy_of[0].id if copy_of else None,
            similarity=copy_of[1] if copy_of else None,
            signature=dedup.to_bytes(sig),
        )
        session.add(row)
        change = Change.LINKED if copy_of else Change.ADDED
    else:
        row.title = document.title or row.title
        row.last_seen = utc_now()
        row.signature = dedup.to_bytes(sig)
        change = Change.UPDATED
    number = len(row.versions) + 1 if change is Change.UPDATED else 1
    version = DocumentVersionRow(
        document=row, version=number, sha256=text_hash, text=raw.text, raw_input_id=raw_input_id
    )
    session.add(version)
    session.flush()  # a new document and its text together
    _replace_bands(session, row.id, sig, known=change is Change.UPDATED)
    written = _Written()
    _store_reports(session, row, version, document.reports, written, known=change is Change.UPDATED)
    claims: list[SimpleNamespace] = []
    events: list[Event] = []
    if copy_of is None:
        _store_entities(session, extraction.entities, written)
        written.context = " ".join(sorted(document_context(extraction, written.entities)))
        written.title = document.title or ""
        events = [e for e in extraction.events if e.report_id in written.reports]
        # Every claim of the document in one batch, then their parts, then fusion claim by claim.
        rows = [_claim_row(row, written.reports[e.report_id], e, written) for e in events]
        for claim_row, claim_id in zip(rows, new_ids(session, ClaimRow, len(rows)), strict=True):
            claim_row["id"] = claim_id
        if rows:
            session.connection().execute(insert(cast(Table, ClaimRow.__table__)), rows)
        claims = [SimpleNamespace(**r) for r in rows]
        sources = _source_ids(session, [s for e in events for s in e.sources])
        for claim, event in zip(claims, events, strict=True):
            _store_claim_parts(claim, event, written, sources)
    _insert_rows(session, written)
    written.created += fuser.fuse_document(session, claims, [_actor_entities(e, written) for e in events])
    return IngestOutcome(
        raw.id,
        change,
        reports_added=written.added,
        reports_changed=written.changed,
        claims_added=written.claims,
        events_created=written.created,
        duplicate_of=copy_of[0].key if copy_of else None,
        similarity=round(copy_of[1], 3) if copy_of else None,
    )


def _near_duplicate(session: Session, sig: Any) -> tuple[DocumentRow, float] | None:
    """The stored document this text copies, found through its LSH bands."""
    keys = dedup.bands(sig)
    params: dict[str, Any] = {f"b{i}": band for i, (band, _) in enumerate(keys)}
    params.update((f"h{i}", digest) for i, (_, digest) in enumerate(keys))
    candidates = set(session.connection().execute(_bands_query(len(keys)), params).scalars())
    best: tuple[DocumentRow, float] | None = None
    for doc_id in sorted(candidates):
        other = session.get(DocumentRow, doc_id)
        if other is None or other.signature is None:
            continue
        value = dedup.similarity(sig, dedup.from_bytes(other.signature))
        if value >= dedup.NEAR_DUPLICATE and (best is None or value > best[1]):
            original = session.get(DocumentRow, other.duplicate_of_id) if other.duplicate_of_id else other
            best = (original or other, value)
    return best


@functools.cache
def _bands_query(count: int) -> Select[int]:
    """The documents filed under any of ``count`` (band, hash) keys, built once with bound
    parameters ``b0``, ``h0``, ...: each document then only binds its values."""
    return select(DocumentBand.document_id).where(
        or_(
            *(
                and_(DocumentBand.band == bindparam(f"b{i}"), DocumentBand.hash == bindparam(f"h{i}"))
                for i in range(count)
            )
        )
    )


def _replace_bands(session: Session, document_id: int, sig: Any, *, known: bool) -> None:
    """File the document under its signature's bands (a known document's old bands go)."""
    if known:
        session.execute(delete(DocumentBand).where(DocumentBand.document_id == document_id))
    session.execute(
        insert(DocumentBand),
        [{"document_id": document_id, "band": b, "hash": h} for b, h in dedup.bands(sig)],
    )


def _store_reports(
    session: Session,
    document: DocumentRow,
    version: DocumentVersionRow,
    reports: tuple[Report, ...],
    written: _Written,
    *,
    known: bool,
) -> None:
    """Store the new entries and new versions of changed ones; map every report id."""
    current: dict[str, ReportRow] = {}
    taken: set[str] = set()
    if known:
        current = {
            r.entry: r
            for r in session.scalars(
                select(ReportRow).where(
                    ReportRow.document_id == document.id, ReportRow.superseded_by_id.is_(None)
                )
            )
        }
        taken = set(session.scalars(select(ReportRow.key).where(ReportRow.document_id == document.id)))
    seen: dict[str, int] = {}
    replaced: list[tuple[ReportRow, ReportRow]] = []
    new: list[ReportRow] = []
    for report in reports:
        entry = entry_of(report)
        seen[entry] = seen.get(entry, 0) + 1
        if seen[entry] > 1:
            entry = f"{entry}#{seen[entry]}"
        digest = sha256(report.text)
        old = current.get(entry)
        if old is not None and old.sha256 == digest:
            continue
        key = report.id if report.id not in taken else _fresh_key(document.key, taken)
        taken.add(key)
        row = ReportRow(
            key=key,
            document_id=document.id,
            version_id=version.id,
            entry=entry,
            sha256=digest,
            seq=report.seq,
            text=report.text,
            time=report.time.isoformat() if report.time else None,
            time_utc=to_utc(report.time),
            time_precision=report.time_precision.value,
            headline=report.headline,
            stamp=report.stamp,
            doc_start=report.doc_start,
            doc_end=report.doc_end,
        )
        session.add(row)
        new.append(row)
        if old is not None:
            replaced.append((old, row))
            written.changed += 1
        else:
            written.added += 1
        written.reports[report.id] = row
        written.read[report.id] = report
    for row, report_id in zip(new, new_ids(session, ReportRow, len(new)), strict=True):
        row.id = report_id
    session.flush()  # every new report in one batch
    for old, row in replaced:
        old.superseded_by_id = row.id
    if replaced:
        session.execute(
            update(ClaimRow)
            .where(ClaimRow.report_id.in_([old.id for old, _ in replaced]))
            .values(superseded=True)
        )


def _fresh_key(document_key: str, taken: set[str]) -> str:
    n = len(taken) + 1
    while f"{document_key}-r{n}" in taken:
        n += 1
    return f"{document_key}-r{n}"


CONTEXT_KINDS = ("person", "organization", "place")
"""Entities that say what a document is about (a group noun such as "police" says little)."""


def document_context(extraction: Extraction, stored: dict[str, int]) -> set[str]:
    """The stored entities a document names and its title's content words."""
    keys = {f"e{stored[e.id]}" for e in extraction.entities if e.kind in CONTEXT_KINDS and e.id in stored}
    keys.update(f"w:{w}" for w in content_words([extraction.document.title or ""]))
    return keys


def _store_entities(session: Session, entities: tuple[Entity, ...], written: _Written) -> None:
    """Merge each entity with a stored one sharing a key (the oldest, when several do), or add
    it; store its new names, keys and mentions. A few queries for the whole document."""
    planned = [(e, entity_keys(e.kind, e.name, e.aliases, e.roles)) for e in entities]
    known = _KnownEntities.load(session, {k for _, keys in planned for k in keys})
    rows: list[SimpleNamespace] = []
    for entity, keys in planned:
        found = known.oldest(entity.kind, keys, by_title=named_by_title(entity.name, entity.roles))
        place = entity.place
        if found is None:
            found = SimpleNamespace(
                id=None,
                kind=entity.kind,
                name=entity.name,
                actor_kind=entity.actor_kind,
                country=entity.country or (place.country if place else None),
                lat=place.lat if place else None,
                lon=place.lon if place else None,
                geonames_id=place.geonames_id if place else None,
            )
            known.order[id(found)] = len(known.order)
            known.made.append(found)
        elif len(entity.name) > len(found.name) and entity.kind == "person":
            found.name = entity.name
        known.file(found, keys)
        rows.append(found)
    known.write(session)
    names, stored_keys = known.names_and_keys(session)
    for (entity, keys), found in zip(planned, rows, strict=True):
        written.entities[entity.id] = found.id
        _add_names(written, found.id, entity, keys, names[found.id], stored_keys[found.id])
        written.rows[MentionRow].extend(
            {
                "entity_id": found.id,
                "report_id": written.reports[mention.report_id].id,
                "label": mention.label,
                "text": mention.text,
                "start": mention.start,
                "end": mention.end,
                "doc_start": mention.doc_start,
                "doc_end": mention.doc_end,
            }
            for mention in entity.mentions
            if mention.report_id in written.reports
        )


@dataclass
class _KnownEntities:
    """The stored entities sharing a key with one document's entities, and the new ones it adds."""

    by_key: dict[tuple[str, str], SimpleNamespace]
    """(kind, key) → the oldest entity filed under it (its ``id``, ``kind`` and ``name``)."""
    loaded: dict[int, tuple[SimpleNamespace, str]] = field(default_factory=dict)
    """Stored entity id → the entity and its name as stored."""
    order: dict[int, int] = field(default_factory=dict)
    """New entities (not yet inserted, so without an id) in the order they were made."""
    made: list[SimpleNamespace] = field(default_factory=list)
    """The new entities, in that order."""

    @classmethod
    def load(cls, session: Session, keys: set[str]) -> _KnownEntities:
        by_key: dict[tuple[str, str], SimpleNamespace] = {}
        loaded: dict[int, tuple[SimpleNamespace, str]] = {}
        if keys:
            for key, entity_id, kind, name in session.connection().execute(
                _ENTITIES_BY_KEY, {"keys": sorted(keys)}
            ):
                row, _ = loaded.setdefault(
                    entity_id, (SimpleNamespace(id=entity_id, kind=kind, name=name), name)
                )
                by_key.setdefault((kind, key), row)
        return cls(by_key, loaded)

    def write(self, session: Session) -> None:
        """Insert the new entities (one executemany, their ids drawn ahead) and the new names
        of known ones."""
        connection = session.connection()
        for row, entity_id in zip(self.made, new_ids(session, EntityRow, len(self.made)), strict=True):
            row.id = entity_id
        if self.made:
            connection.execute(insert(_ENTITIES), [vars(row) for row in self.made])
        renamed = [
            {"entity": k, "name": row.name} for k, (row, name) in self.loaded.items() if row.name != name
        ]
        if renamed:
            connection.execute(_RENAME_ENTITY, renamed)

    def _age(self, row: SimpleNamespace) -> tuple[int, int]:
        return (0, row.id) if row.id is not None else (1, self.order[id(row)])

    def oldest(self, kind: str, keys: frozenset[str], *, by_title: bool = False) -> SimpleNamespace | None:
        """The oldest entity sharing a name key; failing that, for a person named by a title
        alone (``by_title``), the oldest filed under one of its titles."""
        names = [self.by_key[(kind, k)] for k in keys if (kind, k) in self.by_key and not is_title_key(k)]
        titles = [self.by_key[(kind, k)] for k in keys if (kind, k) in self.by_key and is_title_key(k)]
        found = names or (titles if by_title else [])
        return min(found, key=self._age) if found else None

    def file(self, row: SimpleNamespace, keys: frozenset[str]) -> None:
        for key in keys:
            other = self.by_key.get((row.kind, key))
            if other is None or self._age(row) < self._age(other):
                self.by_key[(row.kind, key)] = row

    def names_and_keys(self, session: Session) -> tuple[dict[int, set[tuple[str, str]]], dict[int, set[str]]]:
        """The names and keys stored for the known entities (after the flush: all have ids)."""
        ids = sorted({row.id for row in self.by_key.values()})
        names: dict[int, set[tuple[str, str]]] = defaultdict(set)
        keys: dict[int, set[str]] = defaultdict(set)
        if ids:
            connection = session.connection()
            for entity_id, kind, text in connection.execute(_NAMES_OF, {"ids": ids}):
                names[entity_id].add((kind, text))
            for entity_id, key in connection.execute(_KEYS_OF, {"ids": ids}):
                keys[entity_id].add(key)
        return names, keys


_ENTITIES = cast(Table, EntityRow.__table__)
_ENTITIES_BY_KEY = (
    select(EntityKey.key, EntityRow.id, EntityRow.kind, EntityRow.name)
    .join(EntityRow, EntityRow.id == EntityKey.entity_id)
    .where(EntityKey.key.in_(bindparam("keys", expanding=True)))
    .order_by(EntityRow.id)
)
_RENAME_ENTITY = update(_ENTITIES).where(_ENTITIES.c.id == bindparam("entity")).values(name=bindparam("name"))
_NAMES_OF = select(EntityName.entity_id, EntityName.kind, EntityName.text).where(
    EntityName.entity_id.in_(bindparam("ids", expanding=True))
)
_KEYS_OF = select(EntityKey.entity_id, EntityKey.key).where(
    EntityKey.entity_id.in_(bindparam("ids", expanding=True))
)


def _add_names(
    written: _Written,
    entity_id: int,
    entity: Entity,
    keys: frozenset[str],
    known_names: set[tuple[str, str]],
    known_keys: set[str],
) -> None:
    """Store the names and keys of ``entity`` its stored entity lacks (the sets are updated)."""
    names = {
        ("name", entity.name[:512]),
        *(("alias", a[:512]) for a in entity.aliases),
        *(("role", r[:512]) for r in entity.roles),
    }
    new_names = sorted(n for n in names - known_names if n[1])
    written.rows[EntityName].extend({"entity_id": entity_id, "kind": k, "text": t} for k, t in new_names)
    known_names.update(new_names)
    new_keys = sorted({key[:600] for key in keys} - known_keys)
    written.rows[EntityKey].extend({"key": key, "entity_id": entity_id} for key in new_keys)
    known_keys.update(new_keys)


def _source_ids(session: Session, sources: list[Source]) -> dict[tuple[str, str], int]:
    """(name, kind) → the stored source's id, for every source named (new ones added)."""
    wanted = dict.fromkeys((s.name[:512], s.kind) for s in sources)  # in the order they are named
    if not wanted:
        return {}
    connection = session.connection()
    found = {
        (name, kind): source_id
        for source_id, name, kind in connection.execute(
            _SOURCES_NAMED, {"names": sorted({n for n, _ in wanted})}
        )
    }
    new = [key for key in wanted if key not in found]
    drawn = dict(zip(new, new_ids(session, SourceRow, len(new)), strict=True))
    if drawn:
        rows = [{"id": source_id, "name": name, "kind": kind} for (name, kind), source_id in drawn.items()]
        connection.execute(insert(cast(Table, SourceRow.__table__)), rows)
        found.update(drawn)
    return found


_SOURCES_NAMED = select(SourceRow.id, SourceRow.name, SourceRow.kind).where(
    SourceRow.name.in_(bindparam("names", expanding=True))
)


def _claim_row(document: DocumentRow, report: ReportRow, event: Event, written: _Written) -> dict[str, Any]:
    """One event of a stored report as a claim row's values (its parts follow once it has an id)."""
    payload = _rekey(event_to_json(event), event.report_id, report.key)
    read = written.read[event.report_id]
    evidence = event.evidence[0] if event.evidence else None
    place = event.location
    written.claims += 1
    return dict(
        key=payload["id"][:700],
        document_id=document.id,
        report_id=report.id,
        fused_event_id=None,
        type=event.type,
        mode=event.mode,
        acled_event_type=event.acled_event_type,
        acled_sub_event_type=event.acled_sub_event_type,
        summary=event.summary,
        day=date.fromisoformat(event.date) if event.date else None,
        date_precision=event.date_precision.value,
        place_name=place.name if place else None,
        country=place.country if place else None,
        admin1=place.admin1 if place else None,
        lat=place.lat if place else None,
        lon=place.lon if place else None,
        geonames_id=place.geonames_id if place else None,
        place_precision=place.precision if place else None,
        attribution=event.attribution,
        confidence=event.confidence,
        report_time=report.time,
        report_time_utc=report.time_utc,
        start=evidence.start if evidence else 0,
        end=evidence.end if evidence else 0,
        doc_start=evidence.doc_start if evidence else report.doc_start,
        doc_end=evidence.doc_end if evidence else report.doc_start,
        tokens=" ".join(sorted(claim_words(event, read.text, written.title, read.time))),
        context=written.context,
        payload=payload,
    )


def _actor_entities(event: Event, written: _Written) -> frozenset[str]:
    """The stored entities of a claim's actors, as fusion compares them (``e12``)."""
    return frozenset(
        f"e{written.entities[a.entity_id]}" for a in event.actors if a.entity_id in written.entities
    )


def _store_claim_parts(
    claim: SimpleNamespace,
    event: Event,
    written: _Written,
    sources: dict[tuple[str, str], int],
) -> None:
    """A stored claim's actors, sources and figures."""
    read = written.read[event.report_id]
    written.rows[ClaimActor].extend(
        {
            "claim_id": claim.id,
            "entity_id": written.entities.get(actor.entity_id) if actor.entity_id else None,
            "name": actor.name[:512],
            "role": actor.role,
            "kind": actor.kind,
        }
        for actor in event.actors
    )
    written.rows[ClaimSource].extend(
        {
            "claim_id": claim.id,
            "source_id": sources[(source.name[:512], source.kind)],
            "position": position,
            "via": source.via,
        }
        for position, source in enumerate(event.sources)
    )
    written.rows[FigureRow].extend(
        {
            "claim_id": claim.id,
            "outcome": figure.outcome,
            "min": figure.min,
            "max": figure.max,
            "qualifier": figure.qualifier,
            "text": figure.text,
            "group": figure.group,
            "start": figure.start,
            "end": figure.end,
            "doc_start": read.to_doc_offset(figure.start),
            "doc_end": read.to_doc_offset(figure.end),
        }
        for figure in event.casualties
        if figure.outcome is not None
    )


def _rekey(payload: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    """The event's JSON with its report id replaced by the stored report key.

    A changed entry is stored as a new report under a fresh key while its old version stays; an
    event id derived from document offsets (docs/sitrep-1.md) would be the old version's again, so
    it takes the new report's key after an `@`."""
    if old == new:
        return payload
    event_id = payload["id"]
    payload["id"] = new + event_id[len(old) :] if event_id.startswith(old) else f"{event_id}@{new}"
    payload["report_id"] = new
    for item in (*payload["evidence"], *payload["casualties"]):
        if item.get("report_id") == old:
            item["report_id"] = new
    return payload
