"""Golden cases of the reading stage: one JSON file a case → `GoldenCase` records.

Each file in ``tests/golden/segment/`` states what segmenting one invented document must give::

    {
     "about": "one line: what this case tests",
     "origin": "kenya-floods.txt",                 # the extension drives format detection
     "settings": {"timezone": "Africa/Nairobi"},   # optional; only "timezone" is known
     "input": "... the document text (or HTML) ...",
     "report_count": 5,
     "ordering": "newest_first",                   # or "oldest_first", "single"
     "reports": [                                  # in document order
      {"time_prefix": "2024-04-29T14:05",          # compared with report.time.isoformat()
       "time_precision": "minute",                 # optional
       "utc_offset": "+03:00",                     # optional: the zone the time carries
       "headline_contains": "...",                 # optional
       "must_contain": "..." or ["...", ...],      # required: identifies the report
       "must_not_contain": ["..."]}                # optional: text of the neighbours
     ],
     "without": ["© Jane Doe / AP"],       # in no report text or headline
     "noise_with": ["Jane Doe / AP"],      # in the text of some Document.noise item
     "keep": ["..."]                       # real text next to noise: stays in a report, not in noise
    }

``time_prefix`` is written in the zone the report's time should carry, as ISO prints it: up
to the minute it checks the wall-clock time, with seconds and offset it checks the zone too.
Strings are compared after collapsing runs of whitespace. Unknown keys are errors, so a typo
cannot silently turn a check off.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

GOLDEN_DIR = Path(__file__).parents[1] / "golden" / "segment"

ORDERINGS = ("newest_first", "oldest_first", "single")
PRECISIONS = ("second", "minute", "hour", "part_of_day", "day", "month", "year", "unknown")
CASE_KEYS = {
    "about",
    "origin",
    "settings",
    "input",
    "report_count",
    "ordering",
    "reports",
    "without",
    "noise_with",
    "keep",
}
REPORT_KEYS = {
    "time_prefix",
    "time_precision",
    "utc_offset",
    "headline_contains",
    "must_contain",
    "must_not_contain",
}
SETTINGS_KEYS = {"timezone"}
TIME_PREFIX = re.compile(r"\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2}([+-]\d{2}:\d{2})?)?)?)?)?)?")
UTC_OFFSET = re.compile(r"[+-]\d{2}:\d{2}")


class CaseFormatError(ValueError):
    """A golden case file does not follow the case format."""


@dataclass(frozen=True, slots=True)
class ExpectedReport:
    """What one report of a case must look like."""

    must_contain: tuple[str, ...]
    must_not_contain: tuple[str, ...] = ()
    time_prefix: str | None = None
    time_precision: str | None = None
    utc_offset: str | None = None
    headline_contains: str | None = None


@dataclass(frozen=True, slots=True)
class GoldenCase:
    """One golden document and everything segmenting it must (and must not) give."""

    name: str
    about: str
    origin: str
    input: str
    report_count: int
    ordering: str
    reports: tuple[ExpectedReport, ...]
    timezone: str | None = None
    without: tuple[str, ...] = ()
    noise_with: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()


def normalise(text: str) -> str:
    """Collapse runs of whitespace to one space, as every comparison of the corpus does."""
    return " ".join(text.split())


def case_paths(folder: Path = GOLDEN_DIR) -> list[Path]:
    """Every case file of the corpus, sorted by name."""
    return sorted(folder.glob("*.json"))


def load_case(path: Path) -> GoldenCase:
    """Read and check one case file; raise `CaseFormatError` saying what is wrong."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise CaseFormatError(f"{path.name}: not valid JSON: {exc}") from exc
    if not isinstance(raw, dict):
        raise CaseFormatError(f"{path.name}: a case is a JSON object")
    _check_keys(path.name, raw, CASE_KEYS, required={"about", "origin", "input", "report_count", "ordering"})
    settings = raw.get("settings", {})
    _check_keys(f"{path.name} settings", settings, SETTINGS_KEYS, required=set())
    ordering = raw["ordering"]
    if ordering not in ORDERINGS:
        raise CaseFormatError(f"{path.name}: ordering {ordering!r} is not one of {ORDERINGS}")
    report_count = raw["report_count"]
    if not isinstance(report_count, int) or report_count < 1:
        raise CaseFormatError(f"{path.name}: report_count must be a positive integer")
    reports = tuple(
        _read_report(f"{path.name} report {i + 1}", item) for i, item in enumerate(raw.get("reports", []))
    )
    if len(reports) > report_count:
        raise CaseFormatError(
            f"{path.name}: {len(reports)} reports listed but report_count is {report_count}"
        )
    return GoldenCase(
        name=path.stem,
        about=_text(path.name, "about", raw["about"]),
        origin=_text(path.name, "origin", raw["origin"]),
        input=_text(path.name, "input", raw["input"]),
        report_count=report_count,
        ordering=ordering,
        reports=reports,
        timezone=_optional_text(f"{path.name} settings", "timezone", settings.get("timezone")),
        without=_texts(path.name, "without", raw.get("without", [])),
        noise_with=_texts(path.name, "noise_with", raw.get("noise_with", [])),
        keep=_texts(path.name, "keep", raw.get("keep", [])),
    )


def load_cases(folder: Path = GOLDEN_DIR) -> list[GoldenCase]:
    """Every case of the corpus, sorted by name."""
    return [load_case(path) for path in case_paths(folder)]


def _read_report(where: str, raw: object) -> ExpectedReport:
    if not isinstance(raw, dict):
        raise CaseFormatError(f"{where}: an expected report is a JSON object")
    _check_keys(where, raw, REPORT_KEYS, required={"must_contain"})
    must_contain = raw["must_contain"]
    contained = _texts(
        where, "must_contain", [must_contain] if isinstance(must_contain, str) else must_contain
    )
    if not contained:
        raise CaseFormatError(f"{where}: must_contain names at least one string")
    precision = raw.get("time_precision")
    if precision is not None and precision not in PRECISIONS:
        raise CaseFormatError(f"{where}: time_precision {precision!r} is not one of {PRECISIONS}")
    time_prefix = _optional_text(where, "time_prefix", raw.get("time_prefix"))
    if time_prefix is not None and not TIME_PREFIX.fullmatch(time_prefix):
        raise CaseFormatError(f"{where}: time_prefix {time_prefix!r} is not a prefix of an ISO 8601 time")
    utc_offset = _optional_text(where, "utc_offset", raw.get("utc_offset"))
    if utc_offset is not None and not UTC_OFFSET.fullmatch(utc_offset):
        raise CaseFormatError(f"{where}: utc_offset {utc_offset!r} is not written like +03:00")
    return ExpectedReport(
        must_contain=contained,
        must_not_contain=_texts(where, "must_not_contain", raw.get("must_not_contain", [])),
        time_prefix=time_prefix,
        time_precision=precision,
        utc_offset=utc_offset,
        headline_contains=_optional_text(where, "headline_contains", raw.get("headline_contains")),
    )


def _check_keys(where: str, raw: object, known: set[str], required: set[str]) -> None:
    if not isinstance(raw, dict):
        raise CaseFormatError(f"{where}: expected a JSON object")
    unknown = set(raw) - known
    if unknown:
        raise CaseFormatError(f"{where}: unknown keys {sorted(unknown)}")
    missing = required - set(raw)
    if missing:
        raise CaseFormatError(f"{where}: missing keys {sorted(missing)}")


def _text(where: str, key: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CaseFormatError(f"{where}: {key} must be a non-empty string")
    return value


def _optional_text(where: str, key: str, value: object) -> str | None:
    return None if value is None else normalise(_text(where, key, value))


def _texts(where: str, key: str, values: object) -> tuple[str, ...]:
    if not isinstance(values, list):
        raise CaseFormatError(f"{where}: {key} must be a list of strings")
    return tuple(normalise(_text(where, key, value)) for value in values)
