"""Casualty figures over time: every claim of every outcome, with its source and time."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from sitrep.api.cache import cached_json
from sitrep.api.deps import READ, CatalogDep
from sitrep.api.problems import not_found
from sitrep.api.schemas import FigureList, FigureQuery
from sitrep.api.views import all_events, figure_series

router = APIRouter(prefix="/api/figures", tags=["figures"], dependencies=READ)


@router.get(
    "", response_model=FigureList, summary="Figures of one event, or of the events passing the filters"
)
def list_figures(request: Request, catalog: CatalogDep, query: Annotated[FigureQuery, Query()]) -> Response:
    def build() -> dict[str, Any]:
        if query.event:
            event = catalog.event(query.event)
            if event is None:
                raise not_found(f"event {query.event}")
            return {"series": figure_series([event])}
        return {"series": figure_series(all_events(catalog, query))}

    return cached_json(request, catalog, build)
