"""The records an evaluation reads and writes, and the JSON form of its result.

In:  a `Query` is one gold text as sitrep is to read it; a `Predict` function turns it into
     its `Extraction` and `Rejection` records (the real pipeline, or a fake in tests).
Out: an `Evaluation`: classification tables, detection scores, single measures, the worst
     errors and the gold rows that were skipped; `evaluation_to_json` gives its JSON form.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sitrep.eval.metrics import Averages, ConfusionMatrix, Detection, LabelScore, Rates
from sitrep.model import Extraction, Rejection

Json = dict[str, Any]


class GoldFormat(StrEnum):
    """The gold data formats ``sitrep eval`` reads."""

    ACLED = "acled"
    PLOVER = "plover"
    TSV = "tsv"
    GEO = "geo"
    GOLDEN = "golden"


@dataclass(frozen=True, slots=True)
class Query:
    """One gold text as sitrep reads it: ``text`` is the whole input (with any ``date`` line),
    ``timezone`` the zone for times that name none."""

    id: str
    text: str
    timezone: str | None = None


Results = Sequence[Extraction | Rejection]
"""What the pipeline gives for one text: its extractions, or its rejection."""

Predict = Callable[[Query], Results]
"""Reads a query into its results (`sitrep.pipeline.run`); may raise `sitrep.errors.InputError`."""


@dataclass(frozen=True, slots=True)
class Skipped:
    """A gold row that could not be used (``where``: ``file.csv:12``), or a text sitrep
    rejected; ``reason`` is one line."""

    where: str
    reason: str


@dataclass(frozen=True, slots=True)
class Classification:
    """One labelling task scored over all samples: ``name`` says what was labelled."""

    name: str
    matrix: ConfusionMatrix
    scores: tuple[LabelScore, ...]
    averages: Averages
    accuracy: float


@dataclass(frozen=True, slots=True)
class DetectionScore:
    """Things found in text (toponyms, events), scored per unit; ``unit`` names the unit."""

    name: str
    unit: str
    detection: Detection


@dataclass(frozen=True, slots=True)
class Measure:
    """One figure: a rate in [0, 1] (``unit`` "rate") or a quantity in ``unit``; ``count`` is
    how many items it was computed over, and ``value`` is None when there were none."""

    name: str
    value: float | None
    count: int
    unit: str = "rate"
    about: str = ""


@dataclass(frozen=True, slots=True)
class Miss:
    """One sample sitrep got wrong, with what gold says, what sitrep said and why it is wrong;
    ``severity`` orders the worst first."""

    sample: str
    text: str
    gold: str
    predicted: str
    problems: tuple[str, ...]
    severity: float


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Everything one run of ``sitrep eval`` measured."""

    source: str
    format: GoldFormat
    samples: int
    classifications: tuple[Classification, ...] = ()
    detections: tuple[DetectionScore, ...] = ()
    measures: tuple[Measure, ...] = ()
    misses: tuple[Miss, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    seconds: float = 0.0


def rates_to_json(rates: Rates) -> Json:
    return {"precision": rates.precision, "recall": rates.recall, "f1": rates.f1}


def averages_to_json(averages: Averages) -> Json:
    return {name: rates_to_json(getattr(averages, name)) for name in ("micro", "macro", "weighted")}


def evaluation_to_json(evaluation: Evaluation, *, misses: int | None = None) -> Json:
    """The evaluation as one JSON-ready object (``misses``: how many of the worst to keep)."""
    return {
        "source": evaluation.source,
        "format": evaluation.format.value,
        "samples": evaluation.samples,
        "seconds": round(evaluation.seconds, 3),
        "classifications": [
            {
                "name": c.name,
                "accuracy": c.accuracy,
                "averages": averages_to_json(c.averages),
                "labels": [
                    {
                        "label": s.label,
                        "support": s.support,
                        "tp": s.tp,
                        "fp": s.fp,
                        "fn": s.fn,
                        **rates_to_json(s.rates),
                    }
                    for s in c.scores
                ],
                "confusion": {
                    "labels": list(c.matrix.labels),
                    "counts": [list(row) for row in c.matrix.counts],
                },
            }
            for c in evaluation.classifications
        ],
        "detections": [
            {
                "name": d.name,
                "unit": d.unit,
                "units": d.detection.units,
                "predicted": d.detection.totals.predicted,
                "correct": d.detection.totals.correct,
                "gold": d.detection.totals.gold,
                "found": d.detection.totals.found,
                "averages": averages_to_json(d.detection.averages),
            }
            for d in evaluation.detections
        ],
        "measures": [
            {"name": m.name, "value": m.value, "count": m.count, "unit": m.unit, "about": m.about}
            for m in evaluation.measures
        ],
        "worst_errors": [
            {
                "sample": m.sample,
                "text": m.text,
                "gold": m.gold,
                "predicted": m.predicted,
                "problems": list(m.problems),
                "severity": m.severity,
            }
            for m in evaluation.misses[:misses]
        ],
        "skipped": [{"where": s.where, "reason": s.reason} for s in evaluation.skipped],
    }
