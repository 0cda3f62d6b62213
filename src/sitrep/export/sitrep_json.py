"""The `sitrep/1` JSON contract: ``Extraction → dict`` ready for ``json.dumps``.

Required fields follow DESIGN.md exactly; extra fields (noise, standfirst, time sources,
rejections) are additions clients may ignore. Times are ISO 8601 with their offset.
`extract_json` is the library's one-call entry: one input's bytes to their `sitrep/1` object.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sitrep.config import Settings
from sitrep.errors import InputError
from sitrep.ingest import read_bytes
from sitrep.model import (
    Document,
    Entity,
    Event,
    Evidence,
    Extraction,
    Figure,
    Mention,
    Place,
    RawDocument,
    Rejection,
    Report,
    TimePrecision,
)
from sitrep.pipeline import run
from sitrep.resources import Resources
from sitrep.vocab import Stage

SCHEMA = "sitrep/1"


def extract_json(data: bytes, origin: str, settings: Settings, resources: Resources) -> dict[str, Any]:
    """Read one input's bytes with the run's ``resources`` and return its `sitrep/1` object;
    an input that cannot be read, or a document that fails, is listed under ``rejections``."""
    try:
        inputs: list[RawDocument | Rejection] = read_bytes(data, origin, settings)
    except InputError as exc:
        inputs = [Rejection(origin, Stage.INGEST, exc.reason)]
    results = list(run(inputs, resources, settings))
    return build_payload(
        [r for r in results if isinstance(r, Extraction)], [r for r in results if isinstance(r, Rejection)]
    )


def build_payload(extractions: Iterable[Extraction], rejections: Iterable[Rejection] = ()) -> dict[str, Any]:
    """One `sitrep/1` object holding every extraction (and the inputs that were rejected)."""
    payload: dict[str, Any] = {"schema": SCHEMA, "documents": [], "reports": [], "events": [], "entities": []}
    for extraction in extractions:
        part = extraction_to_json(extraction)
        for key in ("documents", "reports", "events", "entities"):
            payload[key].extend(part[key])
    rejected = [rejection_to_json(r) for r in rejections]
    if rejected:
        payload["rejections"] = rejected
    return payload


def extraction_to_json(extraction: Extraction) -> dict[str, Any]:
    """One `sitrep/1` object for one document."""
    document = extraction.document
    return {
        "schema": SCHEMA,
        "documents": [document_to_json(document)],
        "reports": [report_to_json(r) for r in document.reports],
        "events": [event_to_json(e) for e in extraction.events],
        "entities": [entity_to_json(e) for e in extraction.entities],
    }


def document_to_json(document: Document) -> dict[str, Any]:
    return {
        "id": document.id,
        "title": document.title,
        "published": _published(document),
        "published_precision": document.published_precision.value,
        "outlet": document.outlet,
        "url": document.url,
        "author": document.author,
        "language": document.language,
        "origin": document.origin,
        "format": document.format.value,
        "timezone": document.timezone,
        "timezone_source": document.timezone_source,
        "ordering": document.ordering,
        "standfirst": document.standfirst,
        "noise": [
            {"kind": n.kind.value, "text": n.text, "doc_start": n.doc_start, "doc_end": n.doc_end}
            for n in document.noise
        ],
    }


def report_to_json(report: Report) -> dict[str, Any]:
    return {
        "id": report.id,
        "document_id": report.document_id,
        "seq": report.seq,
        "time": _iso(report.time),
        "time_precision": report.time_precision.value,
        "time_source": report.time_source,
        "headline": report.headline,
        "stamp": report.stamp,
        "text": report.text,
        "doc_start": report.doc_start,
        "doc_end": report.doc_end,
    }


def event_to_json(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "report_id": event.report_id,
        "document_id": event.document_id,
        "type": event.type,
        "mode": event.mode,
        "context": list(event.context),
        "acled": {"event_type": event.acled_event_type, "sub_event_type": event.acled_sub_event_type},
        "summary": event.summary,
        "date": event.date,
        "date_precision": event.date_precision.value,
        "location": place_to_json(event.location) if event.location else None,
        "actors": [
            {
                "name": a.name,
                "role": a.role,
                "kind": a.kind,
                "country": a.country,
                "entity_id": a.entity_id,
                "aliases": list(a.aliases),
            }
            for a in event.actors
        ],
        "casualties": [figure_to_json(f) for f in event.casualties],
        "sources": [{"name": s.name, "kind": s.kind, "via": s.via} for s in event.sources],
        "attribution": event.attribution,
        "contested_terms": list(event.contested_terms),
        "details": dict(event.details),
        "evidence": [span_to_json(e) for e in event.evidence],
        "confidence": round(event.confidence, 3),
    }


def figure_to_json(figure: Figure) -> dict[str, Any]:
    return {
        "outcome": figure.outcome,
        "min": figure.min,
        "max": figure.max,
        "qualifier": figure.qualifier,
        "text": figure.text,
        "group": figure.group,
        "scope": figure.scope,
        "report_id": figure.report_id,
        "start": figure.start,
        "end": figure.end,
    }


def place_to_json(place: Place) -> dict[str, Any]:
    return {
        "name": place.name,
        "country": place.country,
        "country_name": place.country_name,
        "admin1": place.admin1,
        "lat": place.lat,
        "lon": place.lon,
        "geonames_id": place.geonames_id,
        "precision": place.precision,
        "aliases": list(place.aliases),
    }


def entity_to_json(entity: Entity) -> dict[str, Any]:
    place = entity.place
    return {
        "id": entity.id,
        "name": entity.name,
        "kind": entity.kind,
        "aliases": list(entity.aliases),
        "roles": list(entity.roles),
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "geonames_id": place.geonames_id if place else None,
        "country": place.country if place else None,
        "mentions": [span_to_json(m) for m in entity.mentions],
    }


def span_to_json(span: Evidence | Mention) -> dict[str, Any]:
    """Where words stand: in the report's text and in the document as read."""
    return {
        "report_id": span.report_id,
        "start": span.start,
        "end": span.end,
        "doc_start": span.doc_start,
        "doc_end": span.doc_end,
        "text": span.text,
    }


def rejection_to_json(rejection: Rejection) -> dict[str, Any]:
    return {
        "origin": rejection.origin,
        "stage": rejection.stage,
        "reason": rejection.reason,
        "document_id": rejection.document_id,
    }


def _published(document: Document) -> str | None:
    if document.published is None:
        return None
    if document.published_precision in (TimePrecision.DAY, TimePrecision.UNKNOWN):
        return document.published.date().isoformat()
    return document.published.isoformat()


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None
