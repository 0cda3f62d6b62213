"""Shared helpers for the ingest tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from served import Site, serve

from sitrep.config import Settings

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def site() -> Iterator[Site]:
    """An HTTP server on 127.0.0.1 whose routes the test sets and changes."""
    with serve() as served:
        yield served
