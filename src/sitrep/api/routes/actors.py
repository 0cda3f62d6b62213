"""Actors and who acted on whom, over the events passing the filters."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from sitrep.api.cache import cached_json
from sitrep.api.deps import READ, CatalogDep
from sitrep.api.schemas import ActorPairs, EventFilters
from sitrep.api.views import actor_pairs, all_events

router = APIRouter(prefix="/api/actors", tags=["actors"], dependencies=READ)


@router.get("", response_model=ActorPairs, summary="Actor, event type and target, with how many events")
def list_actor_pairs(
    request: Request, catalog: CatalogDep, query: Annotated[EventFilters, Query()]
) -> Response:
    return cached_json(request, catalog, lambda: {"pairs": actor_pairs(all_events(catalog, query))})
