"""Shared fixtures of the geo tests: one gazetteer index, built once per test session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sitrep.geo.gazetteer import Gazetteer


@pytest.fixture(scope="session")
def gazetteer_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder holding a freshly built gazetteer index."""
    cache = tmp_path_factory.mktemp("gazetteer-cache")
    Gazetteer.open(cache).close()
    return cache


@pytest.fixture(scope="session")
def gazetteer(gazetteer_cache: Path) -> Iterator[Gazetteer]:
    """The session's gazetteer, opened from the index built in `gazetteer_cache`."""
    with Gazetteer.open(gazetteer_cache) as opened:
        yield opened
