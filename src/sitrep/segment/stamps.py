"""Ticker stamps: the time headers that open live-ticker entries.

``str → Stamp | None``. A stamp is read at the start of a paragraph and says what it could of
the entry's time: a calendar date, a clock time, a zone, and where the stamp text ends. Dates
and times are left unresolved here (a time-only stamp gets its date from the ticker later, in
`sitrep.segment.timeline`).

Styles recognised (machine-translation artefacts such as ``p.m .`` and ``10.30`` included)::

    +++ 10.30 p.m .:                          German-style ticker
    Update from Thursday, January 6th, 2022, 6:20 p.m .:
    First report from Thursday, January 6th, 2022:
    14.05 Uhr:  /  +++ 14:05 Uhr +++
    10.42am GMT  /  Updated at 11.05          British live blogs
    Updated 3:15 p.m. ET  /  3:15 p.m. ET     US live blogs
    2023-05-14T09:30:00Z  /  2023-05-14 09:30 ISO stamps
    ALMATY, Jan 6 (Reuters) -                 wire dateline (dates a plain article)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from sitrep.model import TimePrecision

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

# Zone abbreviations a stamp may carry. Fixed offsets where the abbreviation names one;
# a region's zone (with its daylight-saving rules) where it does not (ET, PT, ...).
FIXED_ZONES: dict[str, tzinfo] = {
    "gmt": UTC,
    "utc": UTC,
    "z": UTC,
    "bst": timezone(timedelta(hours=1), "BST"),
    "cet": timezone(timedelta(hours=1), "CET"),
    "cest": timezone(timedelta(hours=2), "CEST"),
    "eet": timezone(timedelta(hours=2), "EET"),
    "eest": timezone(timedelta(hours=3), "EEST"),
    "msk": timezone(timedelta(hours=3), "MSK"),
    "eat": timezone(timedelta(hours=3), "EAT"),
    "cat": timezone(timedelta(hours=2), "CAT"),
    "wat": timezone(timedelta(hours=1), "WAT"),
    "sast": timezone(timedelta(hours=2), "SAST"),
    "ist": timezone(timedelta(hours=5, minutes=30), "IST"),
    "pkt": timezone(timedelta(hours=5), "PKT"),
    "jst": timezone(timedelta(hours=9), "JST"),
    "kst": timezone(timedelta(hours=9), "KST"),
    "aest": timezone(timedelta(hours=10), "AEST"),
    "aedt": timezone(timedelta(hours=11), "AEDT"),
    "est": timezone(timedelta(hours=-5), "EST"),
    "edt": timezone(timedelta(hours=-4), "EDT"),
    "cst": timezone(timedelta(hours=-6), "CST"),
    "cdt": timezone(timedelta(hours=-5), "CDT"),
    "mst": timezone(timedelta(hours=-7), "MST"),
    "mdt": timezone(timedelta(hours=-6), "MDT"),
    "pst": timezone(timedelta(hours=-8), "PST"),
    "pdt": timezone(timedelta(hours=-7), "PDT"),
    "et": ZoneInfo("America/New_York"),
    "ct": ZoneInfo("America/Chicago"),
    "mt": ZoneInfo("America/Denver"),
    "pt": ZoneInfo("America/Los_Angeles"),
}

_ZONE = r"(?P<zone>GMT|UTC|BST|CEST|CET|EEST|EET|MSK|EAT|CAT|WAT|SAST|IST|PKT|JST|KST|AEST|AEDT|EST|EDT|CST|CDT|MST|MDT|PST|PDT|ET|CT|MT|PT)"
# 10.30 p.m . / 6:20 p.m. / 10.42am / 14:05 / 14.05 Uhr
_CLOCK = (
    r"(?P<hour>[012]?\d)(?:[.:h](?P<minute>[0-5]\d))?"
    r"\s*(?:(?P<ampm>[ap])\.?\s?m\b\s?\.?|(?P<uhr>Uhr\b))?"
)
_WEEKDAY_NAME = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?"
_MONTH_NAME = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_MONTH = rf"(?P<month>{_MONTH_NAME})\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
# "January 6th, 2022" or "6 January 2022" (year optional)
_DATE = (
    rf"(?:{_WEEKDAY},?\s+)?(?:{_MONTH}\s+{_DAY}|(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?\.?\s+(?P<month2>{_MONTH_NAME})\.?)"
    rf"(?:,?\s+{_YEAR})?"
)
_END = r"\s*(?:[:\-–—|]+|\+\+\+)?\s*"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "iso",
        re.compile(
            r"^(?:\+\+\+\s*)?(?P<iso_date>\d{4}-\d{2}-\d{2})(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
            r"(?P<offset>Z|[+-]\d{2}:?\d{2})?)?" + _END,
            re.I,
        ),
    ),
    (
        "update",
        re.compile(
            r"^(?:\+\+\+\s*)?(?P<lead>(?:last\s+)?update[d]?|first\s+report|latest|new|breaking)\s*(?:from|on|at)?\s*"
            rf"(?:{_DATE})?(?:,?\s*(?:at\s+)?{_CLOCK}(?:\s*{_ZONE})?)?" + _END,
            re.I,
        ),
    ),
    (
        "ticker",
        re.compile(
            rf"^\+\+\+\s*(?:{_DATE},?\s*|(?P<weekday>{_WEEKDAY_NAME}),?\s*)?{_CLOCK}(?:\s*{_ZONE})?\s*(?:\+\+\+|[:\-–—])\s*",
            re.I,
        ),
    ),
    (
        "clock",
        re.compile(rf"^{_CLOCK}\s*{_ZONE}?" + r"\s*(?::|\||–|—|-(?=\s)|$|\n)\s*", re.I),
    ),
    (
        "dated_clock",
        re.compile(
            rf"^{_DATE}(?:,?\s*(?:at\s+)?{_CLOCK}(?:\s*{_ZONE})?)?" + r"\s*(?::|\||–|—|$|\n)\s*", re.I
        ),
    ),
)

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'\-]{1,40}(?:,\s*[A-Z][A-Za-z .'\-]{1,30})?),\s+"
    rf"(?i:{_MONTH})\s+{_DAY}(?:,?\s+{_YEAR})?\s*\((?P<agency>[A-Za-z .]{{2,30}})\)\s*[-–—]\s*"
)


@dataclass(frozen=True, slots=True)
class Stamp:
    """What a ticker stamp says of its entry's time."""

    text: str
    end: int
    style: str
    day: date | None
    clock: time | None
    zone: tzinfo | None
    precision: TimePrecision
    year_known: bool = True
    weekday: int | None = None
    """Monday = 0 ... Sunday = 6, when the stamp names a weekday but no date (``+++ Saturday, 21:00 +++``)."""


@dataclass(frozen=True, slots=True)
class Dateline:
    """A wire dateline: ``ALMATY, Jan 6 (Reuters) -``."""

    place: str
    agency: str
    day: date | None
    end: int


def read_stamp(paragraph: str, *, default_year: int | None) -> Stamp | None:
    """Read a stamp at the start of ``paragraph``; None when the paragraph opens with none."""
    for style, pattern in _PATTERNS:
        match = pattern.match(paragraph)
        if match is None:
            continue
        stamp = _to_stamp(style, match, default_year)
        if stamp is not None and _is_stamp_context(style, paragraph, match):
            return stamp
    return None


def read_dateline(paragraph: str, *, default_year: int | None) -> Dateline | None:
    """Read a wire dateline at the start of ``paragraph``."""
    match = _DATELINE.match(paragraph)
    if match is None:
        return None
    day = _read_date(match, default_year)
    return Dateline(place=match["place"].strip(), agency=match["agency"].strip(), day=day, end=match.end())


def _is_stamp_context(style: str, paragraph: str, match: re.Match[str]) -> bool:
    """Reject sentence openings that only look like stamps ("10 people died", "May 5 was ...")."""
    rest = paragraph[match.end() :]
    consumed = match.group(0)
    if style == "clock":
        has_marker = bool(match["minute"] or match["ampm"] or match["uhr"] or match["zone"])
        ends_clean = not rest.strip() or bool(re.search(r"[:|–—-]\s*$", consumed))
        return has_marker and (ends_clean or bool(match["zone"]) or bool(match["uhr"]))
    if style == "dated_clock":
        return not rest.strip() or bool(re.search(r"[:|–—]\s*$", consumed))
    if style == "update":
        has_time = bool(match["hour"] or match["month"] or match["month2"])
        return has_time or bool(re.match(r"^\s*(?:update[d]?)\s*[:\-–—]", paragraph, re.I))
    return True


def _to_stamp(style: str, match: re.Match[str], default_year: int | None) -> Stamp | None:
    groups = match.groupdict()
    if style == "iso":
        return _iso_stamp(match)
    day = _read_date(match, default_year) if (groups.get("month") or groups.get("month2")) else None
    clock = _read_clock(match) if groups.get("hour") is not None else None
    if groups.get("hour") is not None and clock is None:
        return None
    if day is None and clock is None and style != "update":
        return None
    zone = FIXED_ZONES.get(groups["zone"].lower()) if groups.get("zone") else None
    precision = TimePrecision.MINUTE if clock is not None else TimePrecision.DAY
    if day is None and clock is None:
        precision = TimePrecision.UNKNOWN
    weekday = _WEEKDAYS.index(groups["weekday"].lower()[:3]) if groups.get("weekday") else None
    return Stamp(
        match.group(0).strip(),
        match.end(),
        style,
        day,
        clock,
        zone,
        precision,
        year_known=bool(groups.get("year")),
        weekday=weekday,
    )


def _iso_stamp(match: re.Match[str]) -> Stamp | None:
    groups = match.groupdict()
    try:
        day = date.fromisoformat(groups["iso_date"])
        clock = None
        precision = TimePrecision.DAY
        if groups["hour"] is not None:
            clock = time(int(groups["hour"]), int(groups["minute"]), int(groups["second"] or 0))
            precision = TimePrecision.SECOND if groups["second"] else TimePrecision.MINUTE
        zone = _read_offset(groups["offset"]) if groups.get("offset") else None
    except ValueError:  # 2023-13-45, 25:61, +99:99: not a stamp
        return None
    return Stamp(match.group(0).strip(), match.end(), "iso", day, clock, zone, precision)


def _read_clock(match: re.Match[str]) -> time | None:
    hour = int(match["hour"])
    minute = int(match["minute"] or 0)
    ampm = (match["ampm"] or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "p" else 0)
    if hour > 23:
        return None
    return time(hour, minute)


def _read_date(match: re.Match[str], default_year: int | None) -> date | None:
    groups = match.groupdict()
    month_name = (groups.get("month") or groups.get("month2") or "").lower().rstrip(".")
    day_text = groups.get("day") or groups.get("day2")
    year = int(groups["year"]) if groups.get("year") else default_year
    month = MONTHS.get(month_name)
    if month is None or day_text is None or year is None:
        return None
    try:
        return date(year, month, int(day_text))
    except ValueError:
        return None


def _read_offset(text: str) -> tzinfo:
    """A UTC offset (``Z``, ``+05:30``); `ValueError` for one no clock has (``+99:99``)."""
    if text.upper() == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 18 or minutes > 59:
        raise ValueError(f"no UTC offset: {text}")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))
