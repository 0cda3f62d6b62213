"""Stores of the seed, and of the seed with the tickers of examples/living/, built once a session."""

from __future__ import annotations

import pytest
from stores import LIVING, SEED, ingest


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return ingest(tmp_path_factory.mktemp("seed") / "seed.db", SEED)


@pytest.fixture(scope="session")
def living_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return ingest(tmp_path_factory.mktemp("living") / "living.db", SEED, LIVING)
