"""Reading the living record: fused events with their claims, documents and figures.

In: an `EventQuery`. Out: `StoredFusedEvent` records (the `sitrep/1` event fields folded from
the claims, the claims themselves, the ids of every document behind them, near-duplicate copies
included, and the figures over time per outcome), and the store's integrity problems.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, and_, exists, func, or_, select, text
from sqlalchemy.orm import Session

from sitrep.fuse import FigureClaim, summarise_figures
from sitrep.store.records import EventQuery, StoredFusedEvent
from sitrep.store.tables import (
    ClaimActor,
    ClaimRow,
    ClaimSource,
    DocumentRow,
    EntityName,
    FigureRow,
    FusedEventRow,
    FusionStep,
    ReportRow,
    SourceRow,
)

EVENT_PREFIX = "f"


def event_key(event_id: int) -> str:
    """A fused event's id as shown (``f12``)."""
    return f"{EVENT_PREFIX}{event_id}"


def parse_event_key(key: str) -> int | None:
    digits = key[1:] if key.startswith(EVENT_PREFIX) else key
    return int(digits) if digits.isdigit() else None


def like_pattern(value: str) -> str:
    """A case-insensitive LIKE pattern for ``value`` anywhere (``%`` and ``_`` in it taken literally)."""
    escaped = value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def matching_events(query: EventQuery) -> Select[FusedEventRow]:
    """The active fused events matching ``query``, oldest first (``query.limit`` of them)."""
    statement = select(FusedEventRow).where(FusedEventRow.status == "active")
    on_claim = ClaimRow.fused_event_id == FusedEventRow.id
    if query.since is not None:
        statement = statement.where(FusedEventRow.date_to >= query.since)
    if query.until is not None:
        statement = statement.where(FusedEventRow.date_from <= query.until)
    if query.type:
        wanted = query.type.lower()
        statement = statement.where(
            or_(
                func.lower(FusedEventRow.type) == wanted,
                exists().where(
                    on_claim,
                    or_(
                        func.lower(ClaimRow.acled_event_type) == wanted,
                        func.lower(ClaimRow.acled_sub_event_type) == wanted,
                    ),
                ),
            )
        )
    if query.place:
        pattern = like_pattern(query.place)
        statement = statement.where(
            or_(
                func.lower(FusedEventRow.place_name).like(pattern, escape="\\"),
                func.lower(FusedEventRow.admin1).like(pattern, escape="\\"),
                func.lower(FusedEventRow.country) == query.place.lower(),
                exists().where(
                    on_claim,
                    or_(
                        func.lower(ClaimRow.place_name).like(pattern, escape="\\"),
                        func.lower(ClaimRow.admin1).like(pattern, escape="\\"),
                    ),
                ),
            )
        )
    if query.bbox:
        west, south, east, north = query.bbox
        statement = statement.where(
            FusedEventRow.lat.between(south, north), FusedEventRow.lon.between(west, east)
        )
    if query.actor:
        pattern = like_pattern(query.actor)
        statement = statement.where(
            select(ClaimActor.id)
            .join(ClaimRow, ClaimRow.id == ClaimActor.claim_id)
            .where(
                on_claim,
                or_(
                    func.lower(ClaimActor.name).like(pattern, escape="\\"),
                    exists().where(
                        EntityName.entity_id == ClaimActor.entity_id,
                        func.lower(EntityName.text).like(pattern, escape="\\"),
                    ),
                ),
            )
            .exists()
        )
    if query.source:
        pattern = like_pattern(query.source)
        statement = statement.where(
            or_(
                select(ClaimSource.id)
                .join(ClaimRow, ClaimRow.id == ClaimSource.claim_id)
                .join(SourceRow, SourceRow.id == ClaimSource.source_id)
                .where(on_claim, func.lower(SourceRow.name).like(pattern, escape="\\"))
                .exists(),
                select(ClaimRow.id)
                .join(DocumentRow, DocumentRow.id == ClaimRow.document_id)
                .where(on_claim, func.lower(DocumentRow.outlet).like(pattern, escape="\\"))
                .exists(),
            )
        )
    if query.text:
        pattern = like_pattern(query.text)
        statement = statement.where(
            exists().where(on_claim, func.lower(ClaimRow.summary).like(pattern, escape="\\"))
        )
    if query.event_ids:
        ids = [i for i in (parse_event_key(k) for k in query.event_ids) if i is not None]
        statement = statement.where(FusedEventRow.id.in_(ids))
    statement = statement.order_by(
        FusedEventRow.date_from.is_(None), FusedEventRow.date_from, FusedEventRow.id
    )
    if query.limit:
        statement = statement.limit(query.limit)
    return statement


def fused_events(session: Session, query: EventQuery) -> list[StoredFusedEvent]:
    """The matching fused events, oldest first."""
    return assemble_events(session, list(session.scalars(matching_events(query))))


def assemble_events(session: Session, events: list[FusedEventRow]) -> list[StoredFusedEvent]:
    """These fused events as records, in their order, with their claims, documents and figures
    (read in four queries whatever the number of events)."""
    if not events:
        return []
    ids = [e.id for e in events]
    # Plain rows of the columns read here (no ORM objects, none of fusion's token columns).
    rows = session.execute(
        select(
            *_CLAIM_COLUMNS,
            ReportRow.key.label("report_key"),
            DocumentRow.key.label("document_key"),
            ReportRow.time_precision.label("time_precision"),
        )
        .join(ReportRow, ReportRow.id == ClaimRow.report_id)
        .join(DocumentRow, DocumentRow.id == ClaimRow.document_id)
        .where(ClaimRow.fused_event_id.in_(ids))
        .order_by(ClaimRow.report_time_utc.is_(None), ClaimRow.report_time_utc, ClaimRow.id)
    )
    claims: dict[int, list[tuple[Row[Any], str, str]]] = defaultdict(list)
    precision: dict[int, str] = {}
    for claim in rows:
        claims[claim.fused_event_id or 0].append((claim, claim.report_key, claim.document_key))
        precision[claim.id] = claim.time_precision
    claim_ids = [c.id for group in claims.values() for c, _, _ in group]
    figures = _figures(session, claim_ids)
    copies = _copies(session, {c.document_id for group in claims.values() for c, _, _ in group})
    history = _history(session, ids)
    return [
        _fused(event, claims[event.id], figures, copies, history.get(event.id, []), precision)
        for event in events
    ]


_CLAIM_COLUMNS = (
    ClaimRow.id,
    ClaimRow.document_id,
    ClaimRow.fused_event_id,
    ClaimRow.type,
    ClaimRow.summary,
    ClaimRow.attribution,
    ClaimRow.report_time,
    ClaimRow.superseded,
    ClaimRow.payload,
)


def _figures(session: Session, claim_ids: list[int]) -> dict[int, list[Row[Any]]]:
    """Claim id → its figures, as plain rows (read-only values: no ORM objects to build)."""
    found: dict[int, list[Row[Any]]] = defaultdict(list)
    figures = FigureRow.__table__
    for start in range(0, len(claim_ids), 500):
        for row in session.execute(
            select(figures)
            .where(figures.c.claim_id.in_(claim_ids[start : start + 500]))
            .order_by(figures.c.id)
        ):
            found[row.claim_id].append(row)
    return found


def _copies(session: Session, document_ids: set[int]) -> dict[int, list[str]]:
    """Original document id → the keys of its near-duplicate copies."""
    found: dict[int, list[str]] = defaultdict(list)
    if not document_ids:
        return found
    for original, key in session.execute(
        select(DocumentRow.duplicate_of_id, DocumentRow.key)
        .where(DocumentRow.duplicate_of_id.in_(sorted(document_ids)))
        .order_by(DocumentRow.id)
    ):
        found[original or 0].append(key)
    return found


def _history(session: Session, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for step in session.execute(
        select(FusionStep.fused_event_id, FusionStep.action, FusionStep.other_event_id, FusionStep.at)
        .where(FusionStep.fused_event_id.in_(ids), FusionStep.action.in_(("merge", "split")))
        .order_by(FusionStep.id)
    ):
        found[step.fused_event_id].append(
            {
                "action": step.action,
                "other": event_key(step.other_event_id) if step.other_event_id else None,
                "at": step.at.isoformat() + "Z",
            }
        )
    return found


def _fused(
    event: FusedEventRow,
    claims: list[tuple[Row[Any], str, str]],
    figures: dict[int, list[Row[Any]]],
    copies: dict[int, list[str]],
    history: list[dict[str, Any]],
    precision: dict[int, str],
) -> StoredFusedEvent:
    payloads = [c.payload for c, _, _ in claims]
    main = [p for p in payloads if p["type"] == event.type] or payloads
    best = max(main, key=lambda p: p.get("confidence", 0.0)) if main else {}
    documents: list[str] = []
    for claim, _, document_key in claims:
        for key in (document_key, *copies.get(claim.document_id, [])):
            if key not in documents:
                documents.append(key)
    figure_claims = [
        FigureClaim(
            outcome=f.outcome,
            min=f.min,
            max=f.max,
            qualifier=f.qualifier,
            time=datetime.fromisoformat(claim.report_time) if claim.report_time else None,
            document_key=document_key,
            report_key=report_key,
            text=_sentence_of(claim.payload, f),
            words=f.text,
            sources=tuple((s["name"], s["kind"], s.get("via")) for s in claim.payload.get("sources", [])),
            attribution=claim.attribution,
            group=f.group,
            superseded=claim.superseded,
            time_precision=precision.get(claim.id, "minute"),
            span=(f.doc_start, f.doc_end),
        )
        for claim, report_key, document_key in claims
        for f in figures.get(claim.id, [])
    ]
    summaries = summarise_figures(figure_claims)
    fields: dict[str, Any] = {
        "id": event_key(event.id),
        "report_id": claims[0][1] if claims else None,
        "type": event.type,
        "mode": _most_common(p.get("mode") for p in main),
        "context": _union(c for p in main for c in p.get("context", [])),
        "acled": {
            "event_type": _most_common(p["acled"]["event_type"] for p in main),
            "sub_event_type": _most_common(p["acled"]["sub_event_type"] for p in main),
        },
        "summary": best.get("summary", ""),
        "date": event.date_from.isoformat() if event.date_from else None,
        "date_to": event.date_to.isoformat() if event.date_to else None,
        "date_precision": "day" if event.date_from else "unknown",
        "location": _location(event),
        "actors": _actors(payloads),
        "casualties": [
            {
                "outcome": outcome,
                "min": s.latest.min,
                "max": s.latest.max,
                "qualifier": s.latest.qualifier,
                "text": s.latest.text,
                "group": s.latest.group,
                "report_id": s.latest.report_key,
            }
            for outcome, s in summaries.items()
        ],
        "sources": _sources(payloads),
        "attribution": _most_common(p["attribution"] for p in payloads) or "asserted",
        "contested_terms": _union(t for p in payloads for t in p.get("contested_terms", [])),
        "details": {k: v for p in reversed(payloads) for k, v in p.get("details", {}).items()},
        "evidence": [e for p in payloads for e in p.get("evidence", [])],
        "confidence": round(max((p.get("confidence", 0.0) for p in payloads), default=0.0), 3),
    }
    claim_json = tuple(
        {
            "id": claim.payload["id"],
            "report_id": report_key,
            "document_id": document_key,
            "time": claim.report_time,
            "type": claim.type,
            "summary": claim.summary,
            "date": claim.payload.get("date"),
            "location": (claim.payload.get("location") or {}).get("name"),
            "attribution": claim.attribution,
            "sources": claim.payload.get("sources", []),
            "casualties": claim.payload.get("casualties", []),
            "evidence": claim.payload.get("evidence", []),
            "superseded": claim.superseded,
        }
        for claim, report_key, document_key in claims
    )
    return StoredFusedEvent(
        id=event_key(event.id),
        fields=fields,
        documents=tuple(documents),
        claims=claim_json,
        figures=summaries,
        history=tuple(history),
    )


def _sentence_of(payload: dict[str, Any], figure: Row[Any]) -> str:
    """The evidence sentence that holds a figure (the figure's own words if none does)."""
    for span in payload.get("evidence", []):
        if span["start"] <= figure.start and figure.end <= span["end"]:
            return str(span["text"])
    return figure.text


def _location(event: FusedEventRow) -> dict[str, Any] | None:
    if event.country is None and event.place_name is None:
        return None
    return {
        "name": event.place_name,
        "country": event.country,
        "admin1": event.admin1,
        "lat": event.lat,
        "lon": event.lon,
        "geonames_id": event.geonames_id,
        "precision": event.place_precision,
    }


def _most_common(values: Any) -> Any:
    counted = Counter(v for v in values if v is not None)
    return counted.most_common(1)[0][0] if counted else None


def _union(values: Any) -> list[Any]:
    return list(dict.fromkeys(values))


def _actors(payloads: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for payload in payloads:
        for actor in payload.get("actors", []):
            seen.setdefault((actor["name"].lower(), actor["role"]), actor)
    return list(seen.values())


def _sources(payloads: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[tuple[str, str | None], dict[str, Any]] = {}
    for payload in payloads:
        for source in payload.get("sources", []):
            seen.setdefault((source["name"], source.get("via")), source)
    return list(seen.values())


def integrity_problems(session: Session) -> list[str]:
    """What is wrong with the stored record (nothing, for a healthy store)."""
    problems: list[str] = []
    if session.get_bind().dialect.name == "sqlite":
        result = [row[0] for row in session.execute(text("PRAGMA integrity_check"))]
        if result != ["ok"]:
            problems.extend(f"sqlite: {line}" for line in result)
        problems.extend(
            f"foreign key: {tuple(row)}" for row in session.execute(text("PRAGMA foreign_key_check"))
        )
    orphans = session.scalar(select(func.count(ClaimRow.id)).where(ClaimRow.fused_event_id.is_(None)))
    if orphans:
        problems.append(f"{orphans} claim(s) in no fused event")
    inactive = session.scalar(
        select(func.count(ClaimRow.id))
        .join(FusedEventRow, FusedEventRow.id == ClaimRow.fused_event_id)
        .where(FusedEventRow.status != "active")
    )
    if inactive:
        problems.append(f"{inactive} claim(s) filed under a merged event")
    counted = (
        select(ClaimRow.fused_event_id, func.count(ClaimRow.id).label("n"))
        .group_by(ClaimRow.fused_event_id)
        .subquery()
    )
    wrong = session.scalar(
        select(func.count(FusedEventRow.id))
        .outerjoin(counted, counted.c.fused_event_id == FusedEventRow.id)
        .where(
            FusedEventRow.status == "active",
            or_(counted.c.n.is_(None), and_(counted.c.n != FusedEventRow.claim_count)),
        )
    )
    if wrong:
        problems.append(f"{wrong} fused event(s) whose claims are missing or miscounted")
    unversioned = session.scalar(select(func.count(DocumentRow.id)).where(~DocumentRow.versions.any()))
    if unversioned:
        problems.append(f"{unversioned} document(s) without a stored text")
    return problems
