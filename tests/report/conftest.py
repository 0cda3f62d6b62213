"""Stores of the seed, of the seed with the tickers of examples/living/, and of the demo (those and
the demo ticker), built once a session."""

from __future__ import annotations

import pytest
from stores import DEMO, LIVING, SEED, ingest


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return ingest(tmp_path_factory.mktemp("seed") / "seed.db", SEED)


@pytest.fixture(scope="session")
def living_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return ingest(tmp_path_factory.mktemp("living") / "living.db", SEED, LIVING)


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo's store (scripts/demo.sh): the demo ticker, the living tickers and the seed."""
    return ingest(tmp_path_factory.mktemp("demo") / "demo.db", DEMO, LIVING, SEED)
