from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
from memory_catalog import MemoryCatalog
from serving import running
from world import build_world

from sitrep.api.app import create_app
from sitrep.api.settings import ServeSettings

TOKEN = "test-token-0123456789abcdef"


@pytest.fixture
def catalog() -> MemoryCatalog:
    return MemoryCatalog(**build_world())


@contextmanager
def client_for(catalog: MemoryCatalog, settings: ServeSettings) -> Iterator[httpx.Client]:
    """An httpx client talking to the app served on 127.0.0.1."""
    with (
        running(create_app(lambda: catalog, settings, None)) as base,
        httpx.Client(base_url=base, timeout=10) as client,
    ):
        yield client


@pytest.fixture
def client(catalog: MemoryCatalog) -> Iterator[httpx.Client]:
    with client_for(catalog, ServeSettings(token=TOKEN, poll_seconds=0.05)) as test_client:
        yield test_client
