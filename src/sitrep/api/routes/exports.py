"""Exports of the events passing the filters: sitrep/1 JSON, GeoJSON, CSV in ACLED's columns."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, StreamingResponse

from sitrep.api.deps import READ, CatalogDep
from sitrep.api.schemas import EventFilters
from sitrep.api.views import all_events
from sitrep.export.fused import events_acled_csv, events_geojson

router = APIRouter(prefix="/api/export", tags=["exports"], dependencies=READ)

_EXPORT_CAP = 1_000_000


class GeoJSONResponse(JSONResponse):
    media_type = "application/geo+json"


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


@router.get("/events.json", summary="Events as sitrep/1 JSON", response_model=dict[str, Any])
def export_json(catalog: CatalogDep, query: Annotated[EventFilters, Query()]) -> JSONResponse:
    events = list(all_events(catalog, query, _EXPORT_CAP))
    return JSONResponse({"schema": "sitrep/1", "events": events}, headers=_attachment("sitrep-events.json"))


@router.get(
    "/events.geojson",
    summary="Located events as a GeoJSON FeatureCollection",
    response_class=GeoJSONResponse,
    response_model=dict[str, Any],
)
def export_geojson(catalog: CatalogDep, query: Annotated[EventFilters, Query()]) -> GeoJSONResponse:
    collection = events_geojson(all_events(catalog, query, _EXPORT_CAP))
    return GeoJSONResponse(collection, headers=_attachment("sitrep-events.geojson"))


@router.get(
    "/events.csv",
    summary="Events as CSV in ACLED's columns",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}}}},
)
def export_csv(catalog: CatalogDep, query: Annotated[EventFilters, Query()]) -> StreamingResponse:
    rows = events_acled_csv(all_events(catalog, query, _EXPORT_CAP))
    return StreamingResponse(
        rows, media_type="text/csv; charset=utf-8", headers=_attachment("sitrep-events.csv")
    )
