"""Shared helpers for the ingest tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.config import Settings

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
