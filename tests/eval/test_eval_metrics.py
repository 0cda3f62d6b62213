"""The scoring arithmetic on cases small enough to work out by hand."""

from __future__ import annotations

import pytest

from sitrep.eval.metrics import (
    NONE,
    Counts,
    accuracy,
    average,
    confusion_matrix,
    detect,
    haversine_km,
    match_spans,
    median,
    score_labels,
)

# Six items, three labels; sitrep abstains once (none).
#   gold:      A  A  A  B  B     C
#   predicted: A  A  B  B  none  A
GOLD = ["A", "A", "A", "B", "B", "C"]
PREDICTED = ["A", "A", "B", "B", NONE, "A"]


def test_confusion_matrix_counts_every_pair_in_reading_order() -> None:
    matrix = confusion_matrix(GOLD, PREDICTED)
    # Labels by gold frequency (A 3, B 2, C 1), "none" last.
    assert matrix.labels == ("A", "B", "C", NONE)
    assert matrix.counts == (
        (2, 1, 0, 0),  # A: twice right, once called B
        (0, 1, 0, 1),  # B: once right, once nothing coded
        (1, 0, 0, 0),  # C: called A
        (0, 0, 0, 0),  # no gold item is "none"
    )
    assert matrix.count("C", "A") == 1 and matrix.total == 6


def test_per_label_scores_by_hand() -> None:
    scores = {s.label: s for s in score_labels(confusion_matrix(GOLD, PREDICTED))}
    assert set(scores) == {"A", "B", "C"}  # none is not scored as a class
    # A: tp 2; fp 1 (the C called A); fn 1 (the A called B) -> P = R = F1 = 2/3
    a = scores["A"]
    assert (a.tp, a.fp, a.fn, a.support) == (2, 1, 1, 3)
    assert a.rates.precision == pytest.approx(2 / 3)
    assert a.rates.recall == pytest.approx(2 / 3)
    assert a.rates.f1 == pytest.approx(2 / 3)
    # B: tp 1; fp 1 (the A called B); fn 1 (the B with no event) -> 1/2 each
    b = scores["B"]
    assert (b.tp, b.fp, b.fn) == (1, 1, 1)
    assert (b.rates.precision, b.rates.recall, b.rates.f1) == pytest.approx((0.5, 0.5, 0.5))
    # C: never right, never predicted -> 0 everywhere (no division by zero)
    c = scores["C"]
    assert (c.tp, c.fp, c.fn) == (0, 0, 1)
    assert (c.rates.precision, c.rates.recall, c.rates.f1) == (0.0, 0.0, 0.0)


def test_averages_by_hand() -> None:
    matrix = confusion_matrix(GOLD, PREDICTED)
    averages = average(score_labels(matrix))
    # micro: tp 3, fp 2, fn 3 -> P 3/5, R 3/6; F1 = 2 * 0.6 * 0.5 / 1.1 = 6/11.
    # The abstention costs recall, not precision.
    assert averages.micro.precision == pytest.approx(3 / 5)
    assert averages.micro.recall == pytest.approx(1 / 2)
    assert averages.micro.f1 == pytest.approx(6 / 11)
    # macro: (2/3 + 1/2 + 0) / 3 = 7/18 for P, R and F1 alike
    assert (averages.macro.precision, averages.macro.recall, averages.macro.f1) == pytest.approx(
        (7 / 18,) * 3
    )
    # weighted by support 3, 2, 1: (3 * 2/3 + 2 * 1/2 + 0) / 6 = 3/6
    assert (averages.weighted.precision, averages.weighted.recall, averages.weighted.f1) == pytest.approx(
        (0.5,) * 3
    )
    # accuracy: 3 of 6 right
    assert accuracy(matrix) == pytest.approx(0.5)


def test_a_wrong_prediction_lowers_every_average() -> None:
    gold = ["A", "A", "B", "B", "C", "C"]
    perfect = average(score_labels(confusion_matrix(gold, gold)))
    assert perfect.micro.f1 == perfect.macro.f1 == perfect.weighted.f1 == 1.0
    one_wrong = list(gold)
    one_wrong[4] = "A"  # a C called A
    worse = average(score_labels(confusion_matrix(gold, one_wrong)))
    for name in ("micro", "macro", "weighted"):
        assert getattr(worse, name).f1 < 1.0, name
    one_missed = list(gold)
    one_missed[4] = NONE  # a C with no event: recall drops, precision stays perfect
    missed = average(score_labels(confusion_matrix(gold, one_missed)))
    assert missed.micro.precision == 1.0 and missed.micro.recall == pytest.approx(5 / 6)


def test_gold_none_predicted_as_a_label_is_a_false_positive() -> None:
    matrix = confusion_matrix(["A", NONE], ["A", "A"])
    (a,) = score_labels(matrix)
    assert (a.tp, a.fp, a.fn) == (1, 1, 0)
    assert a.rates.precision == 0.5 and a.rates.recall == 1.0


def test_vocabulary_fixes_the_label_order() -> None:
    matrix = confusion_matrix(["B", "A"], ["B", "Z"], vocabulary=["A", "B", "C"])
    assert matrix.labels == ("A", "B", "Z")


def test_confusion_matrix_refuses_unaligned_sequences() -> None:
    with pytest.raises(ValueError):
        confusion_matrix(["A"], ["A", "B"])


def test_detection_pools_and_averages_units() -> None:
    # Unit 1: 4 predicted, 3 right; 5 gold, 3 found -> P 3/4, R 3/5
    # Unit 2: 1 predicted, 0 right; 1 gold, 0 found -> P 0, R 0
    result = detect([Counts(4, 3, 5, 3), Counts(1, 0, 1, 0)])
    assert result.totals == Counts(5, 3, 6, 3)
    assert result.averages.micro.precision == pytest.approx(3 / 5)
    assert result.averages.micro.recall == pytest.approx(3 / 6)
    assert result.averages.macro.precision == pytest.approx((3 / 4 + 0) / 2)
    assert result.averages.macro.recall == pytest.approx((3 / 5 + 0) / 2)
    # weighted by gold items 5 and 1: recall (5 * 3/5 + 0) / 6 = 1/2
    assert result.averages.weighted.recall == pytest.approx(0.5)


def test_haversine_on_known_distances() -> None:
    assert haversine_km(10.0, 20.0, 10.0, 20.0) == 0.0
    # One degree of longitude on the equator: 2 * pi * 6371.0088 / 360 = 111.195 km
    assert haversine_km(0.0, 0.0, 0.0, 1.0) == pytest.approx(111.195, abs=0.001)
    # Antipodes: half the circumference, pi * 6371.0088 = 20015.114 km
    assert haversine_km(0.0, 0.0, 0.0, 180.0) == pytest.approx(20015.114, abs=0.001)
    # Paris to Lyon, about 392 km as the crow flies
    assert haversine_km(48.8534, 2.3488, 45.7485, 4.8467) == pytest.approx(392, abs=3)


def test_spans_pair_once_by_largest_overlap() -> None:
    gold = [(0, 7), (10, 20), (30, 35)]
    predicted = [(2, 7), (12, 15), (14, 22), (40, 45)]
    # (10, 20) overlaps (12, 15) by 3 and (14, 22) by 6: the larger wins; (30, 35) is missed.
    assert match_spans(gold, predicted) == [(0, 0), (1, 2)]
    assert match_spans([(0, 5)], [(5, 9)]) == []  # touching is not overlapping


def test_median_of_odd_and_even_counts() -> None:
    assert median([3.0, 1.0, 2.0]) == 2.0
    assert median([4.0, 1.0, 3.0, 2.0]) == 2.5
    assert median([]) is None
