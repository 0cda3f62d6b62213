"""Who a toll is credited to, read by the whole pipeline (language model, lexicon, event-type
model). The texts are written for these tests in the register of wire copy."""

from __future__ import annotations

from typing import Any

import pytest

from sitrep.config import Settings
from sitrep.export.sitrep_json import extract_json
from sitrep.resources import Resources

pytestmark = pytest.mark.model


def tolled(text: str, resources: Resources) -> list[dict[str, Any]]:
    """The events of ``text`` that carry a casualty figure."""
    payload = extract_json(text.encode("utf-8"), "case.txt", Settings(timezone="UTC"), resources)
    return [e for e in payload["events"] if e["casualties"]]


@pytest.mark.parametrize(
    "text",
    [
        "Protesters clashed with police in the capital on Monday, the opposition said. "
        "The Health Ministry said four people were killed.",
        "Protests spread\n\nSecurity forces opened fire on protesters in the capital, the opposition said."
        "\n\nThe Health Ministry said four people were killed.",
    ],
)
def test_a_toll_is_credited_to_the_source_that_tells_it(text: str, model_resources: Resources) -> None:
    [event] = tolled(text, model_resources)
    assert [s["name"] for s in event["sources"]] == ["Health Ministry"]
    assert [(c["outcome"], c["min"]) for c in event["casualties"]] == [("killed", 4)]
    assert event["evidence"][-1]["text"].startswith("The Health Ministry said")
