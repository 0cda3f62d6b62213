"""The one fixed rule that splits real development data into train, dev and test.

``(data set name, item key) → Split``. Every item of every data set under ``shared/devdata`` is
assigned once, by a hash of its data set's name and its own stable key, so that the split is the
same on every machine, in every run and for every script, without a list of ids to keep in step.
Data sets that publish an official split (GENEVA, ECB+) keep it; see ``docs/devdata-splits.md``.

The test part is for the final figure only: nothing is tuned on it.
"""

from __future__ import annotations

import hashlib
from enum import StrEnum


class Split(StrEnum):
    """Which part of a data set an item belongs to."""

    TRAIN = "train"
    DEV = "dev"
    TEST = "test"


TRAIN_BUCKETS = 7
"""Of ten hash buckets, 0–6 are train (70%), 7–8 dev (20%) and 9 test (10%)."""
DEV_BUCKETS = 2


def split_of(dataset: str, key: str) -> Split:
    """The part of ``dataset`` that the item with this stable ``key`` belongs to.

    ``dataset`` is the folder name under ``shared/devdata`` (``rams_devtest``, ``ucdp_ged``, ...);
    ``key`` is the item's own id as the data set gives it (see ``docs/devdata-splits.md``).
    """
    digest = hashlib.sha256(f"{dataset}\x1f{key}".encode()).digest()
    bucket = int.from_bytes(digest[:8], "big") % 10
    if bucket < TRAIN_BUCKETS:
        return Split.TRAIN
    if bucket < TRAIN_BUCKETS + DEV_BUCKETS:
        return Split.DEV
    return Split.TEST
