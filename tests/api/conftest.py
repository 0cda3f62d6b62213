from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from api_client import TOKEN, client_for
from memory_catalog import MemoryCatalog
from world import build_world

from sitrep.api.settings import ServeSettings


@pytest.fixture
def catalog() -> MemoryCatalog:
    return MemoryCatalog(**build_world())


@pytest.fixture
def client(catalog: MemoryCatalog) -> Iterator[httpx.Client]:
    with client_for(catalog, ServeSettings(token=TOKEN, poll_seconds=0.05)) as test_client:
        yield test_client
