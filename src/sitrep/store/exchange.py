"""The stored record as `sitrep/1` and back: what ``sitrep export --format json`` carries so that
``sitrep ingest`` of the export into an empty store gives the same events.

    stored_record(store, document_keys) -> list[dict]   one `sitrep/1` object a stored document
                                                        version, in the order they were stored
    store_record(store, payload) -> Iterator[IngestOutcome]   a `sitrep/1` object (one made by
                                                        `sitrep extract`, or an export) stored

Each document version is written as the extraction that stored it: the document (with its text
as read, an extra field the contract allows), the reports current in that version, the claims of
its new reports exactly as stored (their `sitrep/1` JSON), and its entities with their stored
names and mentions. Storing the versions again in the same order stores the same reports, claims,
figures, sources and evidence spans, and fusion makes the same events with the same ids. What
the store does not keep is not in the object: a document's format, time zone, ordering,
standfirst and removed noise, an entity's roles.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sitrep.contract import SCHEMA, read_payload
from sitrep.errors import MalformedInput
from sitrep.model import Extraction, InputFormat, RawDocument
from sitrep.store.records import IngestOutcome
from sitrep.store.tables import (
    ClaimActor,
    ClaimRow,
    DocumentRow,
    DocumentVersionRow,
    EntityName,
    EntityRow,
    MentionRow,
    ReportRow,
)

if TYPE_CHECKING:
    from sitrep.store.store import Store

RECORD = "record"
"""The export's member holding the stored documents as `sitrep/1` objects."""
KIND_LETTER = {"person": "p", "organization": "o", "group": "g", "place": "l"}


def stored_record(store: Store, document_keys: Sequence[str]) -> list[dict[str, Any]]:
    """Every stored version of the named documents as one `sitrep/1` object, oldest first."""
    with store.reading() as session:
        documents = {
            row.id: row
            for row in session.scalars(select(DocumentRow).where(DocumentRow.key.in_(document_keys)))
        }
        versions = session.scalars(
            select(DocumentVersionRow)
            .where(DocumentVersionRow.document_id.in_(documents))
            .order_by(DocumentVersionRow.id)
        ).all()
        reports = session.scalars(
            select(ReportRow).where(ReportRow.document_id.in_(documents)).order_by(ReportRow.id)
        ).all()
        return [_version_payload(session, documents[v.document_id], v, reports) for v in versions]


def _version_payload(
    session: Session, document: DocumentRow, version: DocumentVersionRow, reports: Sequence[ReportRow]
) -> dict[str, Any]:
    mine = [r for r in reports if r.document_id == document.id and r.version_id <= version.id]
    known = {r.id for r in mine}
    current = [r for r in mine if r.superseded_by_id not in known]
    current.sort(key=lambda r: (r.seq, r.id))
    new = {r.id for r in current if r.version_id == version.id}
    claims = session.scalars(select(ClaimRow).where(ClaimRow.report_id.in_(new)).order_by(ClaimRow.id)).all()
    return {
        "schema": SCHEMA,
        "documents": [_document_json(document, version)],
        "reports": [_report_json(document, r) for r in current],
        "events": [dict(c.payload) for c in claims],
        "entities": _entities_json(
            session, document, version.text, claims, new, {r.id: r.key for r in current}
        ),
    }


def _document_json(document: DocumentRow, version: DocumentVersionRow) -> dict[str, Any]:
    published = document.published
    return {
        "id": document.key,
        "title": document.title,
        "published": published,
        "published_precision": "day"
        if published and len(published) == 10
        else "minute"
        if published
        else "unknown",
        "outlet": document.outlet,
        "url": document.url,
        "author": document.author,
        "language": document.language,
        "origin": document.origin,
        "format": InputFormat.TEXT.value,
        "timezone": "",
        "timezone_source": "not stored",
        "ordering": "",
        "standfirst": None,
        "noise": [],
        "text": version.text,
    }


def _report_json(document: DocumentRow, report: ReportRow) -> dict[str, Any]:
    return {
        "id": report.key,
        "document_id": document.key,
        "seq": report.seq,
        "time": report.time,
        "time_precision": report.time_precision,
        "time_source": "stored",
        "headline": report.headline,
        "stamp": report.stamp,
        "text": report.text,
        "doc_start": report.doc_start,
        "doc_end": report.doc_end,
    }


def _entities_json(
    session: Session,
    document: DocumentRow,
    text: str,
    claims: Sequence[ClaimRow],
    reports: set[int],
    report_keys: Mapping[int, str],
) -> list[dict[str, Any]]:
    """The entities of a version's new reports under the ids its claims' actors name them by."""
    local: dict[int, str] = {}
    actors = session.scalars(
        select(ClaimActor).where(ClaimActor.claim_id.in_([c.id for c in claims])).order_by(ClaimActor.id)
    ).all()
    by_claim: dict[int, list[ClaimActor]] = defaultdict(list)
    for actor in actors:
        by_claim[actor.claim_id].append(actor)
    for claim in claims:
        for said, stored in zip(claim.payload.get("actors", []), by_claim[claim.id], strict=False):
            if stored.entity_id is not None and said.get("entity_id"):
                local.setdefault(stored.entity_id, said["entity_id"])
    mentions = session.scalars(
        select(MentionRow).where(MentionRow.report_id.in_(reports)).order_by(MentionRow.id)
    ).all()
    of_entity: dict[int, list[MentionRow]] = defaultdict(list)
    for mention in mentions:
        of_entity[mention.entity_id].append(mention)
    rows = {e.id: e for e in session.scalars(select(EntityRow).where(EntityRow.id.in_(of_entity)))}
    roles: dict[int, list[str]] = defaultdict(list)
    for role in session.scalars(
        select(EntityName)
        .where(EntityName.entity_id.in_(of_entity), EntityName.kind == "role")
        .order_by(EntityName.id)
    ):
        if role.text in text:
            roles[role.entity_id].append(role.text)
    out = []
    for entity_id, its in of_entity.items():
        # The names this version calls the entity by (its mentions), not every name the stored
        # entity has gathered since: those would merge entities sooner than they were merged.
        row = rows[entity_id]
        said = list(dict.fromkeys(m.text for m in its))
        name = row.name if row.name in said else said[0]
        first = min(m.doc_start for m in its)
        out.append(
            {
                "id": local.get(entity_id, f"{document.key}-{KIND_LETTER.get(row.kind, 'o')}{first}"),
                "name": name,
                "kind": row.kind,
                "aliases": [n for n in said if n != name],
                "roles": roles[entity_id],
                "lat": row.lat,
                "lon": row.lon,
                "geonames_id": row.geonames_id,
                "country": row.country if row.kind == "place" else None,
                "mentions": [
                    {
                        "report_id": report_keys[m.report_id],
                        "start": m.start,
                        "end": m.end,
                        "doc_start": m.doc_start,
                        "doc_end": m.doc_end,
                        "text": m.text,
                    }
                    for m in its
                ],
            }
        )
    return out


def record_payloads(payload: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The `sitrep/1` objects to store from a `sitrep/1` input: an export's stored versions, or
    the object itself (the output of ``sitrep extract``)."""
    if payload.get("schema") != SCHEMA:
        raise MalformedInput(f"not a {SCHEMA} object (schema {payload.get('schema')!r})")
    if RECORD in payload:
        record = payload[RECORD]
        if not isinstance(record, list) or not all(isinstance(p, dict) for p in record):
            raise MalformedInput(f"{RECORD!r} is not a list of {SCHEMA} objects")
        return record
    if "documents" not in payload:
        raise MalformedInput(
            f"a {SCHEMA} object with no documents (an export made before exports carried {RECORD!r}?)"
        )
    return [payload]


def read_record(payload: Mapping[str, Any]) -> list[tuple[RawDocument, Extraction]]:
    """Every document of a `sitrep/1` input with the text it was read from, all checked before
    anything is stored (a malformed object stores nothing)."""
    out = []
    for part in record_payloads(payload):
        extractions, _ = read_payload(part)
        texts = {d.get("id"): d.get("text") for d in part.get("documents") or []}
        for extraction in extractions:
            out.append((_raw(extraction, texts.get(extraction.document.id)), extraction))
    return out


def _raw(extraction: Extraction, text: object) -> RawDocument:
    """The document as it was read: its stored text, else (an extract's output, which does not
    carry it) its reports' texts at their document offsets."""
    document = extraction.document
    if not isinstance(text, str):
        size = max((r.doc_end for r in document.reports), default=0)
        chars = [" "] * size
        for report in document.reports:
            piece = report.text[: report.doc_end - report.doc_start]
            chars[report.doc_start : report.doc_start + len(piece)] = piece
        text = "".join(chars)
    return replace(document.raw, text=text)


def store_record(
    store: Store, payload: Mapping[str, Any], *, raw_input_id: int | None = None
) -> Iterator[IngestOutcome]:
    """Store every document of a `sitrep/1` input as it stands in it, without reading it again."""
    for raw, extraction in read_record(payload):
        yield store.ingest(raw, extraction, raw_input_id=raw_input_id)
