"""Evaluation: sitrep measured against gold data a user holds.

``gold file (ACLED CSV, PLOVER JSON, label TSV, LGL-style XML, sitrep golden cases) → Evaluation``:
every gold text is read by sitrep (or by any `Predict` function), and its output is scored:
precision, recall and F1 (micro, macro, support-weighted), confusion matrices, field measures
(actors, fatalities, location, mode, geocoding error) and the worst errors with their text.
`sitrep.cli` holds the ``sitrep eval`` command; `sitrep.eval.html` writes the report.
"""

from sitrep.eval.evaluate import detect_format, evaluate, sitrep_predictor
from sitrep.eval.records import Evaluation, GoldFormat, Predict, Query, evaluation_to_json

__all__ = [
    "Evaluation",
    "GoldFormat",
    "Predict",
    "Query",
    "detect_format",
    "evaluate",
    "evaluation_to_json",
    "sitrep_predictor",
]
