"""Browsing the living record page by page, for the API and the dashboard.

In: a read session (`Store` opens it: these are the store's page queries, called through its
public methods) and filters. Out: plain JSON-ready dicts (never rows): pages of fused events
with the number that matched, reports as they arrived with the claims read from them and the
entities they mention, entities, rejections; the store's change cursor, which moves with
everything any process stores (so a server can push what `sitrep ingest` or `sitrep watch`
added); and its version, which moves with everything an event, report or entity page shows.

    page_events(session, query, offset) -> (total, [StoredFusedEvent])
    page_reports(session, query, document, limit, offset, keys) -> (total, [report])
    reports_by_key(session, keys) -> [report]
    page_entities(session, q, kind, limit, offset) -> (total, [entity]); entity_by_key(session, key)
    page_rejections(session, limit, offset) -> (total, [rejection])
    change_cursor(session) -> str; changes_since(session, cursor) -> (str, [StoreChange])
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import Session

from sitrep.store.reader import assemble_events, event_key, like_pattern, matching_events
from sitrep.store.records import EventQuery, StoredFusedEvent
from sitrep.store.tables import (
    ClaimRow,
    DocumentRow,
    EntityName,
    EntityRow,
    FigureRow,
    FusedEventRow,
    FusionStep,
    MentionRow,
    RejectionRow,
    ReportRow,
)

ENTITY_PREFIX = "n"
CHANGE_BATCH = 500


@dataclass(frozen=True, slots=True)
class StoreChange:
    """New reports, new or changed fused events, or events whose figures changed (by key)."""

    kind: Literal["report", "event", "figures"]
    keys: tuple[str, ...]


def entity_key(entity_id: int) -> str:
    return f"{ENTITY_PREFIX}{entity_id}"


def _count(session: Session, statement: Select[*tuple[Any, ...]]) -> int:
    return int(session.scalar(select(func.count()).select_from(statement.order_by(None).subquery())) or 0)


def page_events(session: Session, query: EventQuery, offset: int) -> tuple[int, list[StoredFusedEvent]]:
    """One page of the events matching ``query`` (``query.limit`` of them from ``offset``), and how
    many match in all: the page and its total in one query (a window count), then the page's
    claims, figures, copies and history in four more."""
    statement = matching_events(replace(query, limit=None))
    rows = session.execute(
        statement.add_columns(func.count().over().label("total")).offset(offset).limit(query.limit)
    ).all()
    if not rows:  # past the end: the total still counts
        return (_count(session, statement) if offset else 0), []
    return int(rows[0][1]), assemble_events(session, [row[0] for row in rows])


def _fields(query: EventQuery) -> dict[str, Any]:
    return {name: getattr(query, name) for name in EventQuery.__dataclass_fields__}


def _reports_matching(
    query: EventQuery, document: str | None, keys: tuple[str, ...]
) -> Select[ReportRow, DocumentRow]:
    """Current reports (a changed entry shows its latest text), newest arrival first. With event
    filters, the reports holding a claim on a matching event (or whose words match ``text``)."""
    statement = (
        select(ReportRow, DocumentRow)
        .join(DocumentRow, DocumentRow.id == ReportRow.document_id)
        .where(ReportRow.superseded_by_id.is_(None))
    )
    if document is not None:
        statement = statement.where(DocumentRow.key == document)
    if keys:
        statement = statement.where(ReportRow.key.in_(keys))
    event_filters = {k: v for k, v in _fields(query).items() if k not in ("limit", "event_ids") and v}
    if event_filters:
        matching = (
            matching_events(EventQuery(**event_filters)).with_only_columns(FusedEventRow.id).order_by(None)
        )
        has_claim = exists().where(ClaimRow.report_id == ReportRow.id, ClaimRow.fused_event_id.in_(matching))
        if query.text and len(event_filters) == 1:
            pattern = like_pattern(query.text)
            statement = statement.where(
                or_(
                    has_claim,
                    func.lower(ReportRow.text).like(pattern, escape="\\"),
                    func.lower(ReportRow.headline).like(pattern, escape="\\"),
                )
            )
        else:
            statement = statement.where(has_claim)
    # Newest arrival first; within one arrival (a ticker's text), newest entry first.
    return statement.order_by(
        ReportRow.version_id.desc(), ReportRow.time_utc.is_(None), ReportRow.time_utc.desc(), ReportRow.id
    )


def page_reports(
    session: Session,
    query: EventQuery,
    document: str | None,
    limit: int,
    offset: int,
    keys: tuple[str, ...] = (),
) -> tuple[int, list[dict[str, Any]]]:
    statement = _reports_matching(query, document, keys)
    rows = list(
        session.execute(statement.add_columns(func.count().over().label("total")).offset(offset).limit(limit))
    )
    if not rows:
        return (_count(session, statement) if offset else 0), []
    return int(rows[0][2]), _reports_json(session, [(report, doc) for report, doc, _ in rows])


def reports_by_key(session: Session, keys: list[str]) -> list[dict[str, Any]]:
    """The current versions of these reports (any version when a key was superseded), in order."""
    if not keys:
        return []
    rows = list(
        session.execute(
            select(ReportRow, DocumentRow)
            .join(DocumentRow, DocumentRow.id == ReportRow.document_id)
            .where(ReportRow.key.in_(keys))
            .order_by(ReportRow.superseded_by_id.is_not(None), ReportRow.id.desc())
        )
    )
    found: dict[str, dict[str, Any]] = {}
    for report in _reports_json(session, rows):
        found.setdefault(report["id"], report)
    return [found[k] for k in keys if k in found]


def _reports_json(session: Session, rows: Sequence[tuple[ReportRow, DocumentRow]]) -> list[dict[str, Any]]:
    ids = [report.id for report, _ in rows]
    claims: dict[int, list[dict[str, Any]]] = defaultdict(list)
    mentions: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if ids:
        for claim in session.scalars(
            select(ClaimRow).where(ClaimRow.report_id.in_(ids)).order_by(ClaimRow.id)
        ):
            payload = claim.payload
            claims[claim.report_id].append(
                {
                    "event_id": event_key(claim.fused_event_id) if claim.fused_event_id else None,
                    "claim_id": payload.get("id"),
                    "type": claim.type,
                    "summary": claim.summary,
                    "evidence": payload.get("evidence", []),
                    "casualties": payload.get("casualties", []),
                }
            )
        for mention, kind in session.execute(
            select(MentionRow, EntityRow.kind)
            .join(EntityRow, EntityRow.id == MentionRow.entity_id)
            .where(MentionRow.report_id.in_(ids))
            .order_by(MentionRow.start)
        ):
            mentions[mention.report_id].append(
                {
                    "entity_id": entity_key(mention.entity_id),
                    "name": mention.text,
                    "kind": kind,
                    "start": mention.start,
                    "end": mention.end,
                }
            )
    return [
        {
            "id": report.key,
            "document_id": document.key,
            "time": report.time,
            "time_precision": report.time_precision,
            "headline": report.headline,
            "text": report.text,
            "outlet": document.outlet,
            "title": document.title,
            "url": document.url,
            "arrived": report.id,
            "events": claims[report.id],
            "mentions": mentions[report.id],
        }
        for report, document in rows
    ]


def _entities_json(session: Session, entities: list[EntityRow]) -> list[dict[str, Any]]:
    """Entities with their aliases, roles and mention counts (two queries for the whole page)."""
    ids = [e.id for e in entities]
    names: dict[int, list[tuple[str, str]]] = defaultdict(list)
    mentioned: dict[int, int] = {}
    if ids:
        for entity_id, kind, text in session.execute(
            select(EntityName.entity_id, EntityName.kind, EntityName.text)
            .where(EntityName.entity_id.in_(ids))
            .order_by(EntityName.id)
        ):
            names[entity_id].append((kind, text))
        for entity_id, count in session.execute(
            select(MentionRow.entity_id, func.count(MentionRow.id))
            .where(MentionRow.entity_id.in_(ids))
            .group_by(MentionRow.entity_id)
        ):
            mentioned[entity_id] = int(count)
    return [
        {
            "id": entity_key(entity.id),
            "name": entity.name,
            "kind": entity.kind,
            "actor_kind": entity.actor_kind,
            "aliases": [t for k, t in names[entity.id] if k == "alias" and t != entity.name],
            "roles": [t for k, t in names[entity.id] if k == "role"],
            "country": entity.country,
            "lat": entity.lat,
            "lon": entity.lon,
            "geonames_id": entity.geonames_id,
            "mention_count": int(mentioned.get(entity.id, 0)),
        }
        for entity in entities
    ]


def page_entities(
    session: Session, q: str | None, kind: str | None, limit: int, offset: int
) -> tuple[int, list[dict[str, Any]]]:
    statement = select(EntityRow).where(EntityRow.merged_into_id.is_(None))
    if kind:
        statement = statement.where(EntityRow.kind == kind)
    if q:
        named = exists().where(
            EntityName.entity_id == EntityRow.id,
            func.lower(EntityName.text).like(like_pattern(q), escape="\\"),
        )
        statement = statement.where(or_(func.lower(EntityRow.name).like(like_pattern(q), escape="\\"), named))
    total = _count(session, statement)
    rows = list(session.scalars(statement.order_by(EntityRow.name, EntityRow.id).offset(offset).limit(limit)))
    return total, _entities_json(session, rows)


def entity_by_key(session: Session, key: str) -> dict[str, Any] | None:
    digits = key[len(ENTITY_PREFIX) :] if key.startswith(ENTITY_PREFIX) else ""
    if not digits.isdigit():
        return None
    entity = session.get(EntityRow, int(digits))
    return _entities_json(session, [entity])[0] if entity is not None else None


def page_rejections(session: Session, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
    statement = select(RejectionRow)
    total = _count(session, statement)
    rows = session.scalars(statement.order_by(RejectionRow.id.desc()).offset(offset).limit(limit))
    return total, [
        {
            "origin": r.origin,
            "stage": r.stage,
            "reason": r.reason,
            "document_id": r.document_key,
            "at": r.at.isoformat() + "Z",
        }
        for r in rows
    ]


def _max_ids(session: Session) -> tuple[int, int, int]:
    return (
        int(session.scalar(select(func.max(ReportRow.id))) or 0),
        int(session.scalar(select(func.max(ClaimRow.id))) or 0),
        int(session.scalar(select(func.max(FusionStep.id))) or 0),
    )


def _cursor(ids: tuple[int, int, int]) -> str:
    return ".".join(str(i) for i in ids)


def change_cursor(session: Session) -> str:
    """Where the record stands: the last report, claim and fusion step stored (by anyone)."""
    return _cursor(_max_ids(session))


def changes_since(session: Session, cursor: str) -> tuple[str, list[StoreChange]]:
    """What was stored after ``cursor``: new reports; fused events that got claims, merged or
    split; events whose figures changed. And the cursor after it."""
    try:
        report_id, claim_id, step_id = (int(part) for part in cursor.split("."))
    except ValueError:
        report_id = claim_id = step_id = 0
    now = _max_ids(session)
    if now == (report_id, claim_id, step_id):
        return cursor, []
    changes: list[StoreChange] = []
    reports = list(
        session.execute(
            select(ReportRow.id, ReportRow.key)
            .where(ReportRow.id > report_id)
            .order_by(ReportRow.id)
            .limit(CHANGE_BATCH)
        )
    )
    if reports:
        changes.append(StoreChange("report", tuple(key for _, key in reports)))
        # a long batch is told over several polls, so no report is skipped
        now = (reports[-1][0] if len(reports) == CHANGE_BATCH else now[0], now[1], now[2])
    touched: dict[int, bool] = {}
    for event_id, has_figures in session.execute(
        select(
            ClaimRow.fused_event_id,
            exists().where(FigureRow.claim_id == ClaimRow.id),
        ).where(ClaimRow.id > claim_id, ClaimRow.id <= now[1])
    ):
        if event_id is not None:
            touched[event_id] = touched.get(event_id, False) or bool(has_figures)
    for event_id, other in session.execute(
        select(FusionStep.fused_event_id, FusionStep.other_event_id).where(
            FusionStep.id > step_id, FusionStep.id <= now[2]
        )
    ):
        for changed in (event_id, other):
            if changed is not None:
                touched.setdefault(changed, True)  # a merge or split moves figures too
    if touched:
        changes.append(StoreChange("event", tuple(event_key(i) for i in sorted(touched))))
        with_figures = tuple(event_key(i) for i in sorted(touched) if touched[i])
        if with_figures:
            changes.append(StoreChange("figures", with_figures))
    return _cursor(now), changes
