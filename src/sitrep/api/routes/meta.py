"""What the server holds and how it may be used: counts, vocabularies, rules, credits."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from sitrep import __version__
from sitrep.api.deps import READ, CatalogDep, FeedDep, SettingsDep
from sitrep.api.schemas import Meta
from sitrep.code.triggers import PLOVER_TYPES

router = APIRouter(prefix="/api", tags=["meta"], dependencies=READ)

CREDITS = [
    "Place names and coordinates: GeoNames (CC BY 4.0), https://www.geonames.org/",
    "Country and province shapes: Natural Earth (public domain), https://www.naturalearthdata.com/",
]


@router.get("/meta", response_model=Meta, summary="Counts, event types, access rules and data credits")
async def meta(catalog: CatalogDep, settings: SettingsDep, feed: FeedDep) -> dict[str, Any]:
    return {
        "schema": "sitrep/1",
        "version": __version__,
        "event_types": list(PLOVER_TYPES),
        "counts": await run_in_threadpool(catalog.counts),
        "change": feed.seq,
        "read_needs_token": settings.read_needs_token,
        "writable": settings.token is not None,
        "credits": CREDITS,
    }
