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
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sitrep.contract import event_to_json
from sitrep.fuse import content_words, entity_keys
from sitrep.model import Entity, Event, Extraction, RawDocument, Rejection, Report
from sitrep.store import dedup
from sitrep.store.base import to_utc, utc_now
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
    added: int = 0
    changed: int = 0
    claims: int = 0
    created: int = 0


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
        )
        session.add(row)
        session.flush()
        change = Change.LINKED if copy_of else Change.ADDED
    else:
        row.title = document.title or row.title
        row.last_seen = utc_now()
        change = Change.UPDATED
    row.signature = dedup.to_bytes(sig)
    _replace_bands(session, row.id, sig)
    number = len(row.versions) + 1 if change is Change.UPDATED else 1
    version = DocumentVersionRow(
        document_id=row.id, version=number, sha256=text_hash, text=raw.text, raw_input_id=raw_input_id
    )
    session.add(version)
    session.flush()
    written = _Written()
    _store_reports(session, row, version, document.reports, written)
    if copy_of is None:
        _store_entities(session, extraction.entities, written)
        written.context = " ".join(sorted(document_context(extraction, written.entities)))
        for event in extraction.events:
            stored = written.reports.get(event.report_id)
            if stored is not None:
                claim = _store_claim(session, row, stored, event, written)
                written.created += fuser.fuse(session, claim)
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
    candidates: set[int] = set()
    for band, digest in keys:
        candidates.update(
            session.scalars(
                select(DocumentBand.document_id).where(DocumentBand.band == band, DocumentBand.hash == digest)
            )
        )
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


def _replace_bands(session: Session, document_id: int, sig: Any) -> None:
    for band in session.scalars(select(DocumentBand).where(DocumentBand.document_id == document_id)):
        session.delete(band)
    session.add_all(DocumentBand(document_id=document_id, band=b, hash=h) for b, h in dedup.bands(sig))


def _store_reports(
    session: Session,
    document: DocumentRow,
    version: DocumentVersionRow,
    reports: tuple[Report, ...],
    written: _Written,
) -> None:
    """Store the new entries and new versions of changed ones; map every report id."""
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
        session.flush()
        if old is not None:
            old.superseded_by_id = row.id
            for claim in session.scalars(select(ClaimRow).where(ClaimRow.report_id == old.id)):
                claim.superseded = True
            written.changed += 1
        else:
            written.added += 1
        written.reports[report.id] = row
        written.read[report.id] = report


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
    """Merge each entity with a stored one sharing a key, or add it; store its new mentions."""
    for entity in entities:
        keys = entity_keys(entity.kind, entity.name, entity.aliases, entity.roles)
        found = session.scalars(
            select(EntityRow)
            .join(EntityKey, EntityKey.entity_id == EntityRow.id)
            .where(EntityKey.key.in_(sorted(keys)), EntityRow.kind == entity.kind)
            .order_by(EntityRow.id)
            .limit(1)
        ).first()
        place = entity.place
        if found is None:
            found = EntityRow(
                kind=entity.kind,
                name=entity.name,
                actor_kind=entity.actor_kind,
                country=entity.country or (place.country if place else None),
                lat=place.lat if place else None,
                lon=place.lon if place else None,
                geonames_id=place.geonames_id if place else None,
            )
            session.add(found)
            session.flush()
        elif len(entity.name) > len(found.name) and entity.kind == "person":
            found.name = entity.name
        written.entities[entity.id] = found.id
        _add_names(session, found.id, entity, keys)
        for mention in entity.mentions:
            report = written.reports.get(mention.report_id)
            if report is not None:
                session.add(
                    MentionRow(
                        entity_id=found.id,
                        report_id=report.id,
                        label=mention.label,
                        text=mention.text,
                        start=mention.start,
                        end=mention.end,
                        doc_start=mention.doc_start,
                        doc_end=mention.doc_end,
                    )
                )


def _add_names(session: Session, entity_id: int, entity: Entity, keys: frozenset[str]) -> None:
    names = {
        ("name", entity.name),
        *(("alias", a) for a in entity.aliases),
        *(("role", r) for r in entity.roles),
    }
    known_names = set(
        session.execute(select(EntityName.kind, EntityName.text).where(EntityName.entity_id == entity_id))
    )
    session.add_all(
        EntityName(entity_id=entity_id, kind=kind, text=text[:512])
        for kind, text in sorted(names - known_names)
        if text
    )
    known_keys = set(session.scalars(select(EntityKey.key).where(EntityKey.entity_id == entity_id)))
    session.add_all(EntityKey(key=key[:600], entity_id=entity_id) for key in sorted(keys - known_keys))


def _source_id(session: Session, name: str, kind: str) -> int:
    found = session.scalar(select(SourceRow.id).where(SourceRow.name == name, SourceRow.kind == kind))
    if found is not None:
        return found
    row = SourceRow(name=name[:512], kind=kind)
    session.add(row)
    session.flush()
    return row.id


def _store_claim(
    session: Session, document: DocumentRow, report: ReportRow, event: Event, written: _Written
) -> ClaimRow:
    """One event of a stored report as a claim, with its actors, sources and figures."""
    payload = _rekey(event_to_json(event), event.report_id, report.key)
    evidence = event.evidence[0] if event.evidence else None
    place = event.location
    read = written.read[event.report_id]
    claim = ClaimRow(
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
        tokens=" ".join(sorted(content_words([event.summary, *(e.text for e in event.evidence)]))),
        context=written.context,
        payload=payload,
    )
    session.add(claim)
    session.flush()
    for actor in event.actors:
        session.add(
            ClaimActor(
                claim_id=claim.id,
                entity_id=written.entities.get(actor.entity_id) if actor.entity_id else None,
                name=actor.name[:512],
                role=actor.role,
                kind=actor.kind,
            )
        )
    for position, source in enumerate(event.sources):
        session.add(
            ClaimSource(
                claim_id=claim.id,
                source_id=_source_id(session, source.name, source.kind),
                position=position,
                via=source.via,
            )
        )
    for figure in event.casualties:
        if figure.outcome is None:
            continue
        session.add(
            FigureRow(
                claim_id=claim.id,
                outcome=figure.outcome,
                min=figure.min,
                max=figure.max,
                qualifier=figure.qualifier,
                text=figure.text,
                group=figure.group,
                start=figure.start,
                end=figure.end,
                doc_start=read.to_doc_offset(figure.start),
                doc_end=read.to_doc_offset(figure.end),
            )
        )
    written.claims += 1
    return claim


def _rekey(payload: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    """The event's JSON with its report id replaced by the stored report key."""
    if old == new:
        return payload
    payload["id"] = new + payload["id"][len(old) :] if payload["id"].startswith(old) else payload["id"]
    payload["report_id"] = new
    for item in (*payload["evidence"], *payload["casualties"]):
        if item.get("report_id") == old:
            item["report_id"] = new
    return payload
