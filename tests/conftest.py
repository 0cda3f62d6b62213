"""Fixtures shared by every test folder: the loaded models, once a session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sitrep.config import Settings
from sitrep.resources import Resources


@pytest.fixture(scope="session")
def model_resources() -> Iterator[Resources]:
    """The language pipeline, the gazetteer (in the user cache folder) and the event-type
    model, loaded once for the session's model tests and closed after them."""
    with Resources.load(Settings()) as resources:
        yield resources
