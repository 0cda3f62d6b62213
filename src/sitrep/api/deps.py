"""Resources the lifespan owns, handed to routes with `Depends`."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from sitrep.api.catalog import Catalog
from sitrep.api.changes import ChangeFeed
from sitrep.api.security import check_read, check_write
from sitrep.api.settings import ServeSettings


def get_catalog(request: Request) -> Catalog:
    catalog: Catalog = request.app.state.catalog
    return catalog


def get_settings(request: Request) -> ServeSettings:
    settings: ServeSettings = request.app.state.settings
    return settings


def get_feed(request: Request) -> ChangeFeed:
    feed: ChangeFeed = request.app.state.feed
    return feed


def may_read(request: Request, settings: Annotated[ServeSettings, Depends(get_settings)]) -> None:
    check_read(request, settings)


def may_stream(request: Request, settings: Annotated[ServeSettings, Depends(get_settings)]) -> None:
    check_read(request, settings, allow_query=True)


def may_write(request: Request, settings: Annotated[ServeSettings, Depends(get_settings)]) -> None:
    check_write(request, settings)


CatalogDep = Annotated[Catalog, Depends(get_catalog)]
SettingsDep = Annotated[ServeSettings, Depends(get_settings)]
FeedDep = Annotated[ChangeFeed, Depends(get_feed)]
READ = [Depends(may_read)]
WRITE = [Depends(may_write)]
