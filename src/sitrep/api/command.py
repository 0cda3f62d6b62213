"""``sitrep serve``: the API and the live dashboard over one database (registered by `sitrep.cli`).

Runs uvicorn on the given address. The write token comes from ``--token-file`` or the
``SITREP_TOKEN`` environment variable; without one the server is read-only. Exit status 2 when
the options or the database cannot be used (one line on standard error saying why).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Annotated

import typer
import uvicorn
from rich.console import Console

from sitrep.api.app import create_app
from sitrep.api.settings import MAX_REQUEST_HEAD, ServeSettings
from sitrep.api.store_catalog import StoreCatalog
from sitrep.config import Settings, user_cache_dir
from sitrep.errors import ConfigError, SitrepError
from sitrep.resources import Resources
from sitrep.store import Store
from sitrep.web import dist_dir

err = Console(stderr=True, highlight=False, soft_wrap=True)
logger = logging.getLogger(__name__)


def _token(token_file: Path | None, environ: dict[str, str]) -> str | None:
    if token_file is not None:
        try:
            token = token_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(f"cannot read the token file: {exc.strerror}", origin=str(token_file)) from exc
        if not token:
            raise ConfigError("the token file is empty", origin=str(token_file))
        return token
    return environ.get("SITREP_TOKEN") or None


def serve_command(
    db: Annotated[
        str,
        typer.Option("--db", envvar="SITREP_DB", help="Database: an SQLite file or postgresql://... URL."),
    ] = "sitrep.db",
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    token_file: Annotated[
        Path | None,
        typer.Option("--token-file", help="File holding the bearer token for writes (else $SITREP_TOKEN)."),
    ] = None,
    read_needs_token: Annotated[
        bool, typer.Option("--read-needs-token", help="Reading the API needs the token too.")
    ] = False,
    poll: Annotated[
        float, typer.Option("--poll", help="Seconds between looks for changes stored by other processes.")
    ] = 1.0,
    no_dashboard: Annotated[bool, typer.Option("--no-dashboard", help="Serve the API only.")] = False,
    allow_private: Annotated[
        bool,
        typer.Option(
            "--allow-private", help="Let submitted URLs reach private, loopback and link-local addresses."
        ),
    ] = False,
) -> None:
    """Serve the living record: the REST API under /api and the live dashboard at /."""
    try:
        settings = ServeSettings(
            token=_token(token_file, dict(os.environ)),
            read_needs_token=read_needs_token,
            poll_seconds=poll,
            allow_private=allow_private,
        )
        dist = None if no_dashboard else dist_dir()
        store = Store.open(db)
    except SitrepError as exc:
        err.print(f"sitrep: error: {exc}", markup=False)
        raise typer.Exit(2) from exc
    pipeline_settings = Settings(cache_dir=user_cache_dir(os.environ))
    catalog = StoreCatalog(store, pipeline_settings, lambda: Resources.load(pipeline_settings))
    app = create_app(lambda: catalog, settings, dist)
    writes = "writes need the token" if settings.token else "read-only (no token configured)"
    err.print(f"sitrep: serving {db} on http://{host}:{port}/ ({writes})", markup=False)
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning",
        timeout_graceful_shutdown=5,
        h11_max_incomplete_event_size=MAX_REQUEST_HEAD,
    )
