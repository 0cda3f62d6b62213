"""The API tests' client: the app served on 127.0.0.1 over a catalog, and the token it wants.

A module of its own, not the conftest, so that test files import it by a name no other
test folder's conftest shares (``pytest tests/api tests/store`` in one run).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import httpx
from memory_catalog import MemoryCatalog
from serving import running

from sitrep.api.app import create_app
from sitrep.api.settings import ServeSettings

TOKEN = "test-token-0123456789abcdef"


@contextmanager
def client_for(catalog: MemoryCatalog, settings: ServeSettings) -> Iterator[httpx.Client]:
    """An httpx client talking to the app served on 127.0.0.1."""
    with (
        running(create_app(lambda: catalog, settings, None)) as base,
        httpx.Client(base_url=base, timeout=10) as client,
    ):
        yield client
