"""The `sitrep/1` JSON contract, both ways: records → JSON-ready dicts, and back.

Writing (`build_payload`, `extraction_to_json`): required fields follow ``docs/sitrep-1.md``
exactly; extra fields (noise, standfirst, time sources, rejections) are additions clients may
ignore. Times are ISO 8601 with their offset.

Reading (`read_payload`, `extraction_from_json`): a `sitrep/1` object back into `Extraction`
and `Rejection` records, for the store and for ``export json → ingest`` round trips. Writing
what was read gives the same JSON, byte for byte. What the contract does not carry is left at
its default in the records read: the document's own text and its ``body_start`` (a read
document's ``text`` is empty), a report's ``pieces``, a figure's ``unit`` and ``category``, an
entity's ``actor_kind`` and (for non-places) ``country``, a place entity's name parts other
than its coordinates. A value outside a vocabulary (an unknown PLOVER type, say) is a
`MalformedInput` naming the field.

This module sits at the bottom, beside `sitrep.model`: every stage may read and write the
contract.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

from sitrep.errors import MalformedInput
from sitrep.model import (
    Actor,
    Document,
    Entity,
    Event,
    Extraction,
    Figure,
    InputFormat,
    Mention,
    Noise,
    NoiseKind,
    Place,
    RawDocument,
    Rejection,
    Report,
    Source,
    TimePrecision,
)
from sitrep.vocab import (
    AcledEventType,
    AcledSubEventType,
    ActorRole,
    AttributionLevel,
    EntityKind,
    FigureScope,
    Outcome,
    PloverType,
    Qualifier,
    Stage,
)

SCHEMA = "sitrep/1"
Json = dict[str, Any]
E = TypeVar("E", bound=StrEnum)


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


def span_to_json(span: Mention) -> dict[str, Any]:
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


# ---------------------------------------------------------------------------------------------
# Reading


def read_payload(payload: Mapping[str, Any]) -> tuple[list[Extraction], list[Rejection]]:
    """A `sitrep/1` object (one document or many) back into its extractions and rejections."""
    if payload.get("schema") != SCHEMA:
        raise MalformedInput(f"not a {SCHEMA} object (schema {payload.get('schema')!r})")
    documents = _json_list(payload, "documents")
    extractions = []
    reports_of = _grouped(_json_list(payload, "reports"), lambda r: _str(r, "document_id"))
    events_of = _grouped(_json_list(payload, "events"), lambda e: _str(e, "document_id"))
    report_document = {_str(r, "id"): _str(r, "document_id") for r in _json_list(payload, "reports")}

    def entity_document(entity: Json) -> str:
        mentions = _json_list(entity, "mentions")
        return report_document.get(_str(mentions[0], "report_id"), "") if mentions else ""

    entities_of = _grouped(_json_list(payload, "entities"), entity_document)
    known = {_str(d, "id") for d in documents}
    for kind, groups in (("report", reports_of), ("event", events_of), ("entity", entities_of)):
        orphans = set(groups) - known
        if orphans:
            raise MalformedInput(f"{kind} of a document that is not in the object: {sorted(orphans)[0]!r}")
    for document in documents:
        doc_id = _str(document, "id")
        extractions.append(
            extraction_from_json(
                document, reports_of.get(doc_id, []), events_of.get(doc_id, []), entities_of.get(doc_id, [])
            )
        )
    rejections = [rejection_from_json(r) for r in _json_list(payload, "rejections")]
    return extractions, rejections


def extraction_from_json(
    document: Json, reports: Iterable[Json], events: Iterable[Json], entities: Iterable[Json]
) -> Extraction:
    """One document's parts, as `build_payload` writes them, back into an `Extraction`."""
    return Extraction(
        document=document_from_json(document, tuple(report_from_json(r) for r in reports)),
        events=tuple(event_from_json(e) for e in events),
        entities=tuple(entity_from_json(e) for e in entities),
    )


def document_from_json(value: Json, reports: tuple[Report, ...]) -> Document:
    precision = _enum(TimePrecision, value, "published_precision")
    raw = RawDocument(
        id=_str(value, "id"),
        text="",
        origin=_str(value, "origin"),
        format=_enum(InputFormat, value, "format"),
        title=value.get("title"),
        published=_time(value.get("published")),
        published_precision=precision,
        outlet=value.get("outlet"),
        url=value.get("url"),
        author=value.get("author"),
        language=_str(value, "language"),
    )
    return Document(
        raw=raw,
        reports=reports,
        title=value.get("title"),
        outlet=value.get("outlet"),
        timezone=_str(value, "timezone"),
        timezone_source=_str(value, "timezone_source"),
        ordering=_str(value, "ordering"),
        standfirst=value.get("standfirst"),
        noise=tuple(
            Noise(_enum(NoiseKind, n, "kind"), _str(n, "text"), n["doc_start"], n["doc_end"])
            for n in _json_list(value, "noise")
        ),
    )


def report_from_json(value: Json) -> Report:
    return Report(
        id=_str(value, "id"),
        document_id=_str(value, "document_id"),
        seq=value["seq"],
        text=_str(value, "text"),
        time=_time(value.get("time")),
        time_precision=_enum(TimePrecision, value, "time_precision"),
        time_source=_str(value, "time_source"),
        headline=value.get("headline"),
        stamp=value.get("stamp"),
        doc_start=value["doc_start"],
        doc_end=value["doc_end"],
    )


def event_from_json(value: Json) -> Event:
    acled = value.get("acled") or {}
    location = value.get("location")
    return Event(
        id=_str(value, "id"),
        report_id=_str(value, "report_id"),
        document_id=_str(value, "document_id"),
        type=_enum(PloverType, value, "type"),
        mode=value.get("mode"),
        context=tuple(value.get("context") or ()),
        acled_event_type=_enum(AcledEventType, acled, "event_type", optional=True),
        acled_sub_event_type=_enum(AcledSubEventType, acled, "sub_event_type", optional=True),
        summary=_str(value, "summary"),
        date=value.get("date"),
        date_precision=_enum(TimePrecision, value, "date_precision"),
        location=place_from_json(location) if location else None,
        actors=tuple(
            Actor(
                name=_str(a, "name"),
                role=_enum(ActorRole, a, "role"),
                kind=_str(a, "kind"),
                country=a.get("country"),
                entity_id=a.get("entity_id"),
                aliases=tuple(a.get("aliases") or ()),
            )
            for a in _json_list(value, "actors")
        ),
        casualties=tuple(figure_from_json(f) for f in _json_list(value, "casualties")),
        sources=tuple(
            Source(_str(s, "name"), _str(s, "kind"), s.get("via")) for s in _json_list(value, "sources")
        ),
        attribution=_enum(AttributionLevel, value, "attribution"),
        contested_terms=tuple(value.get("contested_terms") or ()),
        details=tuple((value.get("details") or {}).items()),
        evidence=tuple(span_from_json(s) for s in _json_list(value, "evidence")),
        confidence=value["confidence"],
    )


def figure_from_json(value: Json) -> Figure:
    return Figure(
        min=value.get("min"),
        max=value.get("max"),
        qualifier=_enum(Qualifier, value, "qualifier"),
        text=_str(value, "text"),
        report_id=_str(value, "report_id"),
        start=value["start"],
        end=value["end"],
        outcome=_enum(Outcome, value, "outcome", optional=True),
        group=value.get("group"),
        scope=_enum(FigureScope, value, "scope", optional=True),
    )


def place_from_json(value: Json) -> Place:
    return Place(
        name=_str(value, "name"),
        country=value.get("country"),
        admin1=value.get("admin1"),
        lat=value.get("lat"),
        lon=value.get("lon"),
        geonames_id=value.get("geonames_id"),
        precision=_str(value, "precision"),
        aliases=tuple(value.get("aliases") or ()),
        country_name=value.get("country_name"),
    )


def entity_from_json(value: Json) -> Entity:
    kind = _enum(EntityKind, value, "kind")
    located = any(value.get(k) is not None for k in ("lat", "lon", "geonames_id", "country"))
    place = (
        Place(
            name=_str(value, "name"),
            country=value.get("country"),
            admin1=None,
            lat=value.get("lat"),
            lon=value.get("lon"),
            geonames_id=value.get("geonames_id"),
            precision="",
        )
        if located
        else None
    )
    return Entity(
        id=_str(value, "id"),
        name=_str(value, "name"),
        kind=kind,
        aliases=tuple(value.get("aliases") or ()),
        roles=tuple(value.get("roles") or ()),
        mentions=tuple(span_from_json(m) for m in _json_list(value, "mentions")),
        place=place,
    )


def span_from_json(value: Json) -> Mention:
    return Mention(
        report_id=_str(value, "report_id"),
        start=value["start"],
        end=value["end"],
        text=_str(value, "text"),
        doc_start=value["doc_start"],
        doc_end=value["doc_end"],
    )


def rejection_from_json(value: Json) -> Rejection:
    return Rejection(
        origin=_str(value, "origin"),
        stage=_enum(Stage, value, "stage"),
        reason=_str(value, "reason"),
        document_id=value.get("document_id"),
    )


def _json_list(value: Mapping[str, Any], key: str) -> list[Json]:
    items = value.get(key) or []
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise MalformedInput(f"{key!r} is not a list of objects")
    return items


def _grouped(items: Iterable[Json], key: Callable[[Json], str]) -> dict[str, list[Json]]:
    groups: dict[str, list[Json]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return groups


def _str(value: Mapping[str, Any], key: str) -> str:
    found = value.get(key)
    if not isinstance(found, str):
        raise MalformedInput(f"{key!r} is not a string: {found!r}")
    return found


def _enum(kind: type[E], value: Mapping[str, Any], key: str, *, optional: bool = False) -> Any:
    found = value.get(key)
    if found is None and optional:
        return None
    try:
        if not isinstance(found, str):
            raise ValueError(found)
        return kind(found)
    except ValueError as exc:
        raise MalformedInput(f"{key!r}: {found!r} is not a {kind.__name__}") from exc


def _time(value: object) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise MalformedInput(f"not a time: {value!r}")
    try:
        return datetime.fromisoformat(value)
    except ValueError as exc:
        raise MalformedInput(f"not an ISO 8601 time: {value!r}") from exc
