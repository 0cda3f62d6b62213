"""The situation report (Markdown or self-contained HTML) and the exports of `sitrep export`
(sitrep/1 JSON and JSON Lines, CSV in ACLED's columns, PLOVER records, GeoJSON) of the events
passing the filters."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response, StreamingResponse
from pydantic import Field

from sitrep.api.deps import READ, CatalogDep
from sitrep.api.schemas import EventFilters
from sitrep.api.views import all_events
from sitrep.report.brief import build_brief
from sitrep.report.command import ReportFormat
from sitrep.report.exports import MEDIA_TYPES, ExportFormat, export_chunks
from sitrep.report.html import brief_html
from sitrep.report.markdown import brief_markdown

router = APIRouter(prefix="/api", tags=["report"], dependencies=READ)

_CAP = 1_000_000


class ReportParams(EventFilters):
    """The event filters, and how the report is to be made."""

    format: ReportFormat = Field(ReportFormat.MD, description="md: Markdown; html: one self-contained page.")
    max_words: int | None = Field(None, ge=1, description="Keep the most important sentences within N words.")


@router.get(
    "/report",
    summary="The situation report of the events passing the filters",
    response_class=Response,
    responses={200: {"content": {"text/markdown": {}, "text/html": {}}}},
)
def report(catalog: CatalogDep, params: Annotated[ReportParams, Query()]) -> Response:
    query = EventFilters(**params.model_dump(exclude={"format", "max_words"}))
    max_words, format = params.max_words, params.format
    brief = build_brief(list(all_events(catalog, query, _CAP)), datetime.now(UTC), max_words=max_words)
    if format is ReportFormat.HTML:
        return Response(brief_html(brief), media_type="text/html; charset=utf-8")
    return Response(brief_markdown(brief), media_type="text/markdown; charset=utf-8")


@router.get(
    "/export/{export_format}",
    summary="The events passing the filters in an export format",
    response_class=StreamingResponse,
    responses={
        200: {
            "content": {
                "application/json": {},
                "application/jsonl": {},
                "text/csv": {},
                "application/geo+json": {},
            }
        }
    },
)
def export(
    catalog: CatalogDep, export_format: ExportFormat, query: Annotated[EventFilters, Query()]
) -> StreamingResponse:
    media_type, extension = MEDIA_TYPES[export_format]
    events = list(all_events(catalog, query, _CAP))
    record = None
    if export_format is ExportFormat.JSON:  # with the documents behind the events, as `sitrep export`
        record = catalog.record(sorted({d for e in events for d in e.get("documents") or []}))
    return StreamingResponse(
        export_chunks(events, export_format, record=record),
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="sitrep-events.{extension}"'},
    )
