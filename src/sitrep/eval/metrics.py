"""Scoring arithmetic, with no I/O: labels and spans in, counts and rates out.

``(gold labels, predicted labels) → ConfusionMatrix → LabelScore per label → Averages`` for
classification; ``Counts`` per unit (document, case) ``→ Detection`` for things found in text;
``haversine_km`` and span matching for places.

Conventions, chosen so that a system that abstains is told apart from one that guesses wrong:

* The abstention label (``none``: nothing was coded) is never scored as a class. A gold item
  predicted ``none`` is a false negative of its gold label and a false positive of nothing, so
  abstaining lowers recall but not precision; a gold ``none`` predicted as a label is a false
  positive of that label.
* Micro averages pool the counts of every scored label; macro averages are the unweighted mean
  over every scored label that occurs in the gold data or in the predictions; weighted averages
  weight each label by its gold support. A rate with nothing to count is 0.0.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

NONE = "none"
EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True, slots=True)
class ConfusionMatrix:
    """Counts of (gold, predicted) label pairs: ``counts[i][j]`` items of gold ``labels[i]``
    were predicted ``labels[j]``."""

    labels: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]

    def count(self, gold: str, predicted: str) -> int:
        """Items of gold label ``gold`` predicted as ``predicted``."""
        if gold not in self.labels or predicted not in self.labels:
            return 0
        return self.counts[self.labels.index(gold)][self.labels.index(predicted)]

    @property
    def total(self) -> int:
        return sum(map(sum, self.counts))


@dataclass(frozen=True, slots=True)
class Rates:
    """Precision, recall and their harmonic mean F1."""

    precision: float
    recall: float
    f1: float


@dataclass(frozen=True, slots=True)
class LabelScore:
    """One label's counts and rates; ``support`` is its number of gold items."""

    label: str
    tp: int
    fp: int
    fn: int
    rates: Rates

    @property
    def support(self) -> int:
        return self.tp + self.fn


@dataclass(frozen=True, slots=True)
class Averages:
    """The three usual summaries of per-label rates."""

    micro: Rates
    macro: Rates
    weighted: Rates


@dataclass(frozen=True, slots=True)
class Counts:
    """What one unit (a document, a case) holds: predictions and how many of them are right,
    gold items and how many of them were found. The two hit counts differ when one prediction
    may satisfy several gold items, or the reverse."""

    predicted: int
    correct: int
    gold: int
    found: int


@dataclass(frozen=True, slots=True)
class Detection:
    """Precision and recall of finding things in text, pooled (micro), averaged over units
    (macro), and averaged over units weighted by their gold items (weighted)."""

    totals: Counts
    averages: Averages
    units: int


def ratio(part: float, whole: float) -> float:
    """``part / whole``, or 0.0 when there is nothing to divide by."""
    return part / whole if whole else 0.0


def f1_of(precision: float, recall: float) -> float:
    """The harmonic mean of precision and recall (0.0 when both are 0)."""
    return ratio(2 * precision * recall, precision + recall)


def rates_of(correct: int, predicted: int, found: int, gold: int) -> Rates:
    """Rates from counts: precision ``correct / predicted``, recall ``found / gold``."""
    precision, recall = ratio(correct, predicted), ratio(found, gold)
    return Rates(precision, recall, f1_of(precision, recall))


def order_labels(
    gold: Iterable[str], predicted: Iterable[str], vocabulary: Sequence[str] = ()
) -> tuple[str, ...]:
    """Labels in reading order: the vocabulary's order for labels it has, then the others by
    gold frequency (ties by name), then labels only ever predicted, and ``none`` last."""
    gold_counts = Counter(gold)
    seen = set(gold_counts) | set(predicted)
    known = [label for label in vocabulary if label in seen and label != NONE]
    rest = sorted(seen - set(known) - {NONE}, key=lambda label: (-gold_counts[label], label))
    return (*known, *rest, *([NONE] if NONE in seen else []))


def confusion_matrix(
    gold: Sequence[str], predicted: Sequence[str], vocabulary: Sequence[str] = ()
) -> ConfusionMatrix:
    """Count every (gold, predicted) pair; the two sequences are aligned item by item."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    labels = order_labels(gold, predicted, vocabulary)
    index = {label: n for n, label in enumerate(labels)}
    rows = [[0] * len(labels) for _ in labels]
    for g, p in zip(gold, predicted, strict=True):
        rows[index[g]][index[p]] += 1
    return ConfusionMatrix(labels, tuple(tuple(row) for row in rows))


def score_labels(matrix: ConfusionMatrix) -> tuple[LabelScore, ...]:
    """Counts and rates of every label but ``none``."""
    scores = []
    size = len(matrix.labels)
    for i, label in enumerate(matrix.labels):
        if label == NONE:
            continue
        tp = matrix.counts[i][i]
        fp = sum(matrix.counts[j][i] for j in range(size)) - tp
        fn = sum(matrix.counts[i]) - tp
        scores.append(LabelScore(label, tp, fp, fn, rates_of(tp, tp + fp, tp, tp + fn)))
    return tuple(scores)


def average(scores: Sequence[LabelScore]) -> Averages:
    """Micro, macro and support-weighted averages of per-label scores."""
    tp, fp, fn = (sum(getattr(s, name) for s in scores) for name in ("tp", "fp", "fn"))
    micro = rates_of(tp, tp + fp, tp, tp + fn)
    macro = mean_rates([s.rates for s in scores], [1.0] * len(scores))
    weighted = mean_rates([s.rates for s in scores], [float(s.support) for s in scores])
    return Averages(micro, macro, weighted)


def mean_rates(rates: Sequence[Rates], weights: Sequence[float]) -> Rates:
    """The weighted mean of each rate separately (F1 included, as is usual for macro F1)."""
    total = sum(weights)
    return Rates(
        ratio(sum(r.precision * w for r, w in zip(rates, weights, strict=True)), total),
        ratio(sum(r.recall * w for r, w in zip(rates, weights, strict=True)), total),
        ratio(sum(r.f1 * w for r, w in zip(rates, weights, strict=True)), total),
    )


def accuracy(matrix: ConfusionMatrix) -> float:
    """Share of items whose prediction equals their gold label (``none`` for ``none`` included)."""
    return ratio(sum(matrix.counts[i][i] for i in range(len(matrix.labels))), matrix.total)


def detect(units: Sequence[Counts]) -> Detection:
    """Pool and average the counts of several units."""
    totals = Counts(
        *(sum(getattr(u, name) for u in units) for name in ("predicted", "correct", "gold", "found"))
    )
    micro = rates_of(totals.correct, totals.predicted, totals.found, totals.gold)
    per_unit = [rates_of(u.correct, u.predicted, u.found, u.gold) for u in units]
    macro = mean_rates(per_unit, [1.0] * len(units))
    weighted = mean_rates(per_unit, [float(u.gold) for u in units])
    return Detection(totals, Averages(micro, macro, weighted), len(units))


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two points given in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters two ``(start, end)`` spans share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match_spans(
    gold: Sequence[tuple[int, int]], predicted: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Pair gold and predicted spans that overlap, each at most once, largest overlaps first.

    Returns ``(gold index, predicted index)`` pairs in gold order.
    """
    candidates = sorted(
        ((overlap(g, p), i, j) for i, g in enumerate(gold) for j, p in enumerate(predicted) if overlap(g, p)),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_gold and j not in used_predicted:
            used_gold.add(i)
            used_predicted.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def mean(values: Sequence[float]) -> float | None:
    """The arithmetic mean, or None for no values."""
    return sum(values) / len(values) if values else None


def median(values: Sequence[float]) -> float | None:
    """The middle value (mean of the two middle ones for an even count), or None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
