"""Opening a database: URLs, engines, SQLite's WAL mode, and the migrations run on open."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from sitrep.errors import StoreError

MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_BUSY_MS = 30_000


def database_url(text: str) -> str:
    """A SQLAlchemy URL from what a user wrote: a URL, or a path to an SQLite file.

    ``postgresql://`` means psycopg 3 (``postgresql+psycopg://``).
    """
    if "://" not in text:
        return f"sqlite:///{Path(text).expanduser()}"
    if text.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + text.split("://", 1)[1]
    return text


def create(url: str, *, writer: bool = True, must_exist: bool = False) -> Engine:
    """An engine for ``url``; SQLite files get WAL mode, foreign keys and a busy timeout, and a
    writer's transactions take the write lock when they begin."""
    try:
        parsed = make_url(database_url(url))
    except ArgumentError as exc:
        raise StoreError(f"not a database URL: {url}", origin=url) from exc
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:":
            folder = Path(database).expanduser().parent
            if not folder.is_dir():
                raise StoreError(f"no such folder: {folder}", origin=url)
            if must_exist and not Path(database).expanduser().is_file():
                raise StoreError("no such database (run sitrep ingest first)", origin=url)
        engine = create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin if writer else _sqlite_read)
        return engine
    if parsed.get_backend_name() != "postgresql":
        raise StoreError(
            f"unsupported database {parsed.get_backend_name()!r} (use sqlite or postgresql)", origin=url
        )
    engine = create_engine(parsed, pool_pre_ping=True)
    # A batch of rows goes in as one INSERT of many VALUES rows, not one statement a row
    # (psycopg's executemany), with or without RETURNING: far fewer messages to the server.
    engine.dialect.use_insertmanyvalues_wo_returning = True
    return engine


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    # Let SQLAlchemy issue BEGIN itself (pysqlite's own transaction handling defers it).
    connection.isolation_level = None
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    # One writer at a time: take the write lock at the start, so two writers never deadlock
    # upgrading a read lock half way through a document.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _sqlite_read(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def migrate(engine: Engine) -> None:
    """Bring the schema up to the newest migration (a new database gets every table)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except OperationalError as exc:
        raise StoreError(f"cannot open the database: {_reason(exc)}", origin=_shown(engine)) from exc
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot migrate the database: {_reason(exc)}", origin=_shown(engine)) from exc


def _shown(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def _reason(exc: SQLAlchemyError) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__
