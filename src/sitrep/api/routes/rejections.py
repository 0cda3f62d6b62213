"""Rejections: inputs that could not be read, with the stage and the reason."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from sitrep.api.deps import READ, CatalogDep
from sitrep.api.schemas import Paging, RejectionPage

router = APIRouter(prefix="/api/rejections", tags=["rejections"], dependencies=READ)


@router.get("", response_model=RejectionPage, summary="Rejected inputs, newest first")
def list_rejections(catalog: CatalogDep, query: Annotated[Paging, Query()]) -> dict[str, Any]:
    page = catalog.rejections(query.limit, query.offset)
    return {"total": page.total, "limit": query.limit, "offset": query.offset, "rejections": page.items}
