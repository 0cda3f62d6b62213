"""Fused events: the list with the filters of `sitrep events`, and one event with its evidence."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from sitrep.api.cache import cached_json
from sitrep.api.deps import READ, CatalogDep
from sitrep.api.problems import not_found
from sitrep.api.schemas import EventDetail, EventPage, EventQuery
from sitrep.api.views import event_detail

router = APIRouter(prefix="/api/events", tags=["events"], dependencies=READ)


@router.get("", response_model=EventPage, summary="Fused events, filtered and paged")
def list_events(request: Request, catalog: CatalogDep, query: Annotated[EventQuery, Query()]) -> Response:
    def build() -> dict[str, Any]:
        page = catalog.events(query, query.limit, query.offset)
        return {
            "schema": "sitrep/1",
            "total": page.total,
            "limit": query.limit,
            "offset": query.offset,
            "events": page.items,
        }

    return cached_json(request, catalog, build)


@router.get(
    "/{event_id}", response_model=EventDetail, summary="One event with its claims, sources and evidence"
)
def get_event(catalog: CatalogDep, event_id: str) -> dict[str, Any]:
    event = catalog.event(event_id)
    if event is None:
        raise not_found(f"event {event_id}")
    return event_detail(catalog, event)
