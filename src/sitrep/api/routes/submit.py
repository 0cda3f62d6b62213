"""Writes: submit a document to read and store, a URL to fetch once, a feed to watch. Each
needs the bearer token from the server's configuration."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from sitrep.api.deps import WRITE, CatalogDep, SettingsDep
from sitrep.api.problems import ApiProblem
from sitrep.api.schemas import Accepted, FeedWatched, SubmitDocument, SubmitFeed
from sitrep.api.submissions import submitted_document

router = APIRouter(prefix="/api", tags=["write"], dependencies=WRITE)


@router.post("/documents", status_code=201, response_model=Accepted, summary="Read a document and store it")
async def submit_document(catalog: CatalogDep, settings: SettingsDep, body: SubmitDocument) -> dict[str, Any]:
    if len(body.text.encode("utf-8")) > settings.max_submit_bytes:
        raise ApiProblem(413, "too_large", f"the text is larger than {settings.max_submit_bytes} bytes")
    document = submitted_document(body)
    result = await run_in_threadpool(catalog.ingest, [document])
    return {
        "documents": result.documents,
        "reports": result.reports,
        "events": result.events,
        "rejections": result.rejections,
    }


@router.post(
    "/feeds", status_code=201, response_model=FeedWatched, summary="Watch a feed or live-ticker page"
)
async def watch_feed(catalog: CatalogDep, body: SubmitFeed) -> dict[str, Any]:
    await run_in_threadpool(catalog.watch, str(body.url), body.interval)
    return {"url": str(body.url), "interval": body.interval}
