"""The fixed development-data split: stable, complete and in the stated proportions."""

from collections import Counter

from sitrep.eval.splits import Split, split_of


def test_split_is_a_pure_function_of_dataset_and_key() -> None:
    assert split_of("rams_devtest", "nw_RC00e9") == split_of("rams_devtest", "nw_RC00e9")
    # the data set's name is part of the hash: the same key may land elsewhere in another set
    keys = [f"k{i}" for i in range(200)]
    assert [split_of("a", k) for k in keys] != [split_of("b", k) for k in keys]


def test_split_proportions_are_close_to_70_20_10() -> None:
    counts = Counter(split_of("ucdp_ged", f"row{i}") for i in range(20_000))
    assert abs(counts[Split.TRAIN] / 20_000 - 0.7) < 0.02
    assert abs(counts[Split.DEV] / 20_000 - 0.2) < 0.02
    assert abs(counts[Split.TEST] / 20_000 - 0.1) < 0.02
