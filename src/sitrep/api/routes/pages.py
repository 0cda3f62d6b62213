"""The dashboard: its page at ``/`` and its built assets under ``/assets``."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse


def page_router(dist: Path) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/")
    def dashboard() -> FileResponse:
        return FileResponse(dist / "index.html", headers={"Cache-Control": "no-cache"})

    return router
