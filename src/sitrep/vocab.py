"""The project's closed vocabularies as Enums: one place for every code a record may carry.

Each Enum is a `StrEnum`, so a member compares and serialises as the string the `sitrep/1`
contract spells (``Stage.SEGMENT == "segment"``, ``json.dumps`` writes ``"segment"``).
"""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    """The pipeline stage a document was at when it was rejected."""

    INGEST = "ingest"
    SEGMENT = "segment"
    ANALYSE = "analyse"
    CODE = "code"
    EXPORT = "export"
