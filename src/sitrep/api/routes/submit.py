"""Writes: submit a document to read and store, a URL to fetch once, a feed to watch. Each
needs the bearer token from the server's configuration."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from sitrep.api.catalog import Catalog
from sitrep.api.deps import WRITE, CatalogDep, SettingsDep
from sitrep.api.problems import ApiProblem
from sitrep.api.schemas import Accepted, FeedWatched, SubmitDocument, SubmitFeed, SubmitUrl
from sitrep.api.submissions import fetched_documents, submitted_document
from sitrep.export.sitrep_json import rejection_to_json
from sitrep.model import RawDocument, Rejection

router = APIRouter(prefix="/api", tags=["write"], dependencies=WRITE)


@router.post("/documents", status_code=201, response_model=Accepted, summary="Read a document and store it")
async def submit_document(catalog: CatalogDep, settings: SettingsDep, body: SubmitDocument) -> dict[str, Any]:
    if len(body.text.encode("utf-8")) > settings.max_submit_bytes:
        raise ApiProblem(413, "too_large", f"the text is larger than {settings.max_submit_bytes} bytes")
    document = submitted_document(body)
    return await _ingest(catalog, [document])


@router.post(
    "/urls",
    status_code=201,
    response_model=Accepted,
    summary="Fetch a page or feed once, read and store it",
)
async def submit_url(catalog: CatalogDep, settings: SettingsDep, body: SubmitUrl) -> dict[str, Any]:
    found = await run_in_threadpool(fetched_documents, str(body.url), settings)
    documents = [item for item in found if isinstance(item, RawDocument)]
    unread = [rejection_to_json(item) for item in found if isinstance(item, Rejection)]
    return await _ingest(catalog, documents, unread)


async def _ingest(
    catalog: Catalog, documents: list[RawDocument], unread: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    result = await run_in_threadpool(catalog.ingest, documents)
    return {
        "documents": result.documents,
        "reports": result.reports,
        "events": result.events,
        "rejections": [*(unread or []), *result.rejections],
    }


@router.post(
    "/feeds", status_code=201, response_model=FeedWatched, summary="Watch a feed or live-ticker page"
)
async def watch_feed(catalog: CatalogDep, body: SubmitFeed) -> dict[str, Any]:
    """Register the feed in the store; every `sitrep watch --db` process on the database polls it
    (it looks for newly registered feeds every few seconds)."""
    await run_in_threadpool(catalog.watch, str(body.url), body.interval)
    return {"url": str(body.url), "interval": body.interval}
