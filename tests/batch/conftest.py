"""Fixtures of the batch tests."""

from __future__ import annotations

from types import ModuleType

import pytest
from batch_helpers import load_corpus_module


@pytest.fixture(scope="session")
def corpus() -> ModuleType:
    """The synthetic corpus generator of ``bench/corpus.py``."""
    return load_corpus_module()
