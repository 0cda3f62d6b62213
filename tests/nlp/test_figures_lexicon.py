"""The figure lexicons: phrases found where they stand, and a broken lexicon refused in one line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sitrep.errors import ResourceError
from sitrep.nlp.figures_lexicon import DATA_DIR, PhraseTable, load_figure_lexicon


def test_the_longest_phrase_starting_or_ending_at_a_word_is_found() -> None:
    table = PhraseTable([("at least", "at_least"), ("at", "point"), ("no fewer than", "at_least")])
    words = ["at", "least", "five", "and", "no", "fewer", "than", "six"]
    assert table.match_at(words, 0, len(words)) == (2, "at_least")
    assert table.match_at(words, 0, 1) == (1, "point")  # the limit cuts "at least" short
    assert table.match_at(words, 2, len(words)) is None
    assert table.match_ending_at(words, 7, 0) == (3, "at_least")
    assert table.match_ending_at(words, 7, 5) is None  # "no fewer than" starts before the floor


def test_the_bundled_lexicon_knows_victims_and_cues() -> None:
    lexicon = load_figure_lexicon()
    assert lexicon.victim_roles, "victims.tsv read"
    assert lexicon.numbers["three"][0] == 3
    words = ["were", "shot", "dead"]
    assert lexicon.cues_after.match_at(words, 1, len(words)) is not None


def copy_lexicon(tmp_path: Path) -> Path:
    folder = tmp_path / "figures"
    shutil.copytree(DATA_DIR, folder)
    return folder


def test_an_unknown_outcome_is_refused_with_its_file(tmp_path: Path) -> None:
    folder = copy_lexicon(tmp_path)
    with (folder / "outcomes.tsv").open("a", encoding="utf-8") as handle:
        handle.write("were vaporised\tvaporised\tafter\n")
    with pytest.raises(ResourceError, match="unknown value 'vaporised'") as caught:
        load_figure_lexicon(folder)
    assert "outcomes.tsv" in str(caught.value.origin)


def test_a_short_row_and_a_missing_file_are_refused(tmp_path: Path) -> None:
    folder = copy_lexicon(tmp_path)
    with (folder / "units.tsv").open("a", encoding="utf-8") as handle:
        handle.write("tanks\n")
    with pytest.raises(ResourceError, match="expected 2 tab-separated fields"):
        load_figure_lexicon(folder)
    (folder / "units.tsv").unlink()
    with pytest.raises(ResourceError, match="cannot read lexicon"):
        load_figure_lexicon(folder)
