"""The FastAPI application behind `sitrep serve`: the API under ``/api``, the dashboard at ``/``.

The lifespan owns the resources (the catalog over the store, the change feed) and routes get
them through `Depends`; routes hold no business logic.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from sitrep import __version__
from sitrep.api.cache import AnswerCache
from sitrep.api.catalog import Catalog
from sitrep.api.changes import ChangeFeed
from sitrep.api.problems import ApiProblem, error_response, install_error_handlers
from sitrep.api.routes import (
    actors,
    briefs,
    entities,
    events,
    exports,
    figures,
    meta,
    rejections,
    reports,
    stream,
    submit,
)
from sitrep.api.routes.pages import page_router
from sitrep.api.schemas import ErrorResponse
from sitrep.api.security import SecurityHeaders
from sitrep.api.settings import ServeSettings
from sitrep.errors import InputError

_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "content": {"application/json": {}}}
    for status in (400, 401, 403, 404, 413, 422, 500)
}


def create_app(open_catalog: Callable[[], Catalog], settings: ServeSettings, dist: Path | None) -> FastAPI:
    """The app; ``open_catalog`` is called once at start-up, and the catalog closed at shutdown.
    Without ``dist`` (the built dashboard) only the API is served."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        catalog = await run_in_threadpool(open_catalog)
        feed = ChangeFeed(catalog, settings.poll_seconds)
        app.state.catalog = catalog
        app.state.settings = settings
        app.state.feed = feed
        app.state.answers = AnswerCache()
        await feed.start()
        try:
            yield
        finally:
            await feed.stop()
            await run_in_threadpool(catalog.close)

    app = FastAPI(
        title="sitrep",
        version=__version__,
        summary="The living event record: fused events, figures over time, reports, entities, live changes.",
        lifespan=lifespan,
        docs_url=None,  # Swagger UI and ReDoc come from a CDN: the description is at /openapi.json
        redoc_url=None,
        responses=_ERRORS,
    )
    install_error_handlers(app)

    @app.exception_handler(InputError)
    async def _bad_input(_: Request, exc: InputError) -> JSONResponse:
        return error_response(422, "bad_input", str(exc))

    for module in (
        meta,
        events,
        reports,
        entities,
        figures,
        actors,
        rejections,
        exports,
        briefs,
        submit,
        stream,
    ):
        app.include_router(module.router)
    if dist is not None:
        app.include_router(page_router(dist))
        app.mount("/assets", StaticFiles(directory=dist), name="assets")
    app.add_middleware(SecurityHeaders)
    return app


__all__ = ["ApiProblem", "create_app"]
