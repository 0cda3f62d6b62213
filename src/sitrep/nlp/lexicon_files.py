"""Reading the TSV lexicons of the language stage (figures, times): one row a line."""

from __future__ import annotations

from pathlib import Path

from sitrep.errors import ResourceError


def read_rows(path: Path, width: int) -> list[tuple[str, ...]]:
    """Rows of a TSV lexicon, skipping blank and ``#`` lines; each row has ``width`` fields
    (further fields are notes). A missing file or a short row is a `ResourceError`."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ResourceError(f"cannot read lexicon: {exc.strerror}", origin=str(path)) from exc
    rows = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = tuple(part.strip() for part in line.split("\t"))
        if len(fields) < width:
            raise ResourceError(f"line {number}: expected {width} tab-separated fields", origin=str(path))
        rows.append(fields[:width])
    return rows
