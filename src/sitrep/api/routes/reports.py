"""Reports: the ticker as it arrived, each with the facts read from it marked on its text."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from sitrep.api.cache import cached_json
from sitrep.api.deps import READ, CatalogDep
from sitrep.api.problems import not_found
from sitrep.api.schemas import ReportOut, ReportPage, ReportQuery
from sitrep.api.views import present_report

router = APIRouter(prefix="/api/reports", tags=["reports"], dependencies=READ)


@router.get("", response_model=ReportPage, summary="Reports, newest arrival first")
def list_reports(request: Request, catalog: CatalogDep, query: Annotated[ReportQuery, Query()]) -> Response:
    def build() -> dict[str, Any]:
        page = catalog.reports(query, query.document, query.limit, query.offset)
        return {
            "total": page.total,
            "limit": query.limit,
            "offset": query.offset,
            "reports": [present_report(r) for r in page.items],
        }

    return cached_json(request, catalog, build)


@router.get("/{report_id}", response_model=ReportOut, summary="One report with its marked facts")
def get_report(catalog: CatalogDep, report_id: str) -> dict[str, Any]:
    report = catalog.report(report_id)
    if report is None:
        raise not_found(f"report {report_id}")
    return present_report(report)
