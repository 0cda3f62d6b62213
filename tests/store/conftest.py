"""Every store test runs on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_server import new_database, postgres_server, server_bin


@pytest.fixture(scope="session")
def pg_base() -> Iterator[str]:
    if server_bin() is None:
        pytest.skip("PostgreSQL server binaries are not installed (scripts/test.sh installs them)")
    with postgres_server() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'sitrep.db'}"
    base = request.getfixturevalue("pg_base")
    return new_database(base)
