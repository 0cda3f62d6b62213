"""The model input (the machine-translated Kazakhstan ticker) read and segmented end to end.

Checks the reports an analyst expects from ``shared/seed/expected.json`` — the 22:30 and 18:20
entries and the first report of 6 January 2022 with its "Dozen killed" headline — and that the
photo credits, the publisher line and the author tag are in no report.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sitrep.config import Settings
from sitrep.model import Document, RawDocument

SEED_DIR = Path(__file__).parents[3] / "shared" / "seed"
SEED = SEED_DIR / "000_6a952856eb75bdcb.txt"
EXPECTED = SEED_DIR / "expected.json"

pytestmark = pytest.mark.skipif(
    not (SEED.is_file() and EXPECTED.is_file()), reason=f"the seed document is not present in {SEED_DIR}"
)


def normalise(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXPECTED.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def seed() -> Document:
    from sitrep.ingest import read_bytes
    from sitrep.segment import segment_document

    settings = Settings()
    items = read_bytes(SEED.read_bytes(), SEED.name, settings)
    raws = [item for item in items if isinstance(item, RawDocument)]
    assert len(raws) == 1, f"expected one document from the seed, got {items!r}"
    return segment_document(raws[0], settings)


@pytest.mark.parametrize(
    ("report_id", "time_prefix"),
    [("r-2230", "2022-01-06T22:30"), ("r-1820", "2022-01-06T18:20"), ("r-first", "2022-01-06")],
)
def test_expected_report_is_found(
    seed: Document, expected: dict[str, Any], report_id: str, time_prefix: str
) -> None:
    spec = next(r for r in expected["reports"] if r["id"] == report_id)
    assert spec["time_prefix"] == time_prefix
    wanted = normalise(spec["must_contain"])
    holders = [r for r in seed.reports if wanted in normalise(r.text)]
    assert len(holders) == 1, f"{len(holders)} reports hold {wanted!r}"
    report = holders[0]
    assert report.time is not None and report.time.utcoffset() is not None, "no zone-aware time"
    assert report.time.isoformat().startswith(time_prefix), report.time.isoformat()
    if "headline_contains" in spec:
        assert spec["headline_contains"] in (report.headline or ""), report.headline


def test_seed_reports_are_newest_first(seed: Document) -> None:
    assert seed.ordering == "newest_first"
    times = [r.time for r in seed.reports if r.time is not None]
    assert times == sorted(times, reverse=True)


def test_first_report_is_dated_to_the_day(seed: Document) -> None:
    first = [r for r in seed.reports if "Dozens of demonstrators were killed" in normalise(r.text)]
    assert first and first[0].time_precision.value == "day"


def test_noise_is_in_no_report(seed: Document, expected: dict[str, Any]) -> None:
    noise = expected["noise_must_be_dropped"]
    assert len(noise) == 4
    for report in seed.reports:
        for part in (normalise(report.text), normalise(report.headline or "")):
            for s in noise:
                assert s not in part, f"{s!r} left in report {report.id}"
