"""Metadata values as inputs state them → typed values: publication time, language, time zone.

In: strings from a text header, a JSON line or an HTML page's metadata. Out: a `datetime`
with its `TimePrecision`, a primary language subtag, a checked IANA zone name. A value that
cannot be read raises `ValueError` with a message naming the value; each reader decides
whether that rejects the document or only drops the value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sitrep.model import TimePrecision

_YEAR = re.compile(r"\d{4}")
_YEAR_MONTH = re.compile(r"(\d{4})-(\d{2})")
# The time part of an ISO 8601 value: hours, then optional minutes and seconds.
_TIME_PART = re.compile(r"[T ](\d{2})(:?\d{2})?(:?\d{2})?")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}")


FIRST_YEAR, LAST_YEAR = 1800, 2200
"""Publication years read as real: a date of 0001-01-01 or 9999-12-31 is a placeholder or an
error, and times reckoned from it would run off the calendar."""


@dataclass(frozen=True, slots=True)
class Published:
    """When a document was published, and how exactly that is known."""

    time: datetime
    precision: TimePrecision


def parse_published(value: str) -> Published:
    """Read an ISO 8601 date or date-time (or an RFC 2822 date, as feeds and meta tags use).

    ``2022-01-06`` is day precision at midnight with no zone; ``2024-03-02T10:00+02:00`` is
    minute precision and keeps its offset; ``2024-03`` and ``2024`` are month and year.
    """
    published = _parse_published(value)
    check_year(published.time, value)
    return published


def check_year(moment: datetime, value: str) -> None:
    """`ValueError` unless ``moment`` falls in the years `FIRST_YEAR` to `LAST_YEAR`."""
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise ValueError(
            f"publication date {value.strip()!r} is outside the years {FIRST_YEAR} to {LAST_YEAR}"
        )


def _parse_published(value: str) -> Published:
    text = value.strip()
    if _YEAR.fullmatch(text):
        return Published(datetime(int(text), 1, 1), TimePrecision.YEAR)
    month = _YEAR_MONTH.fullmatch(text)
    if month:
        try:
            return Published(datetime(int(month[1]), int(month[2]), 1), TimePrecision.MONTH)
        except ValueError as exc:
            raise ValueError(f"not a date: {value!r}") from exc
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return _parse_rfc2822(value)
    clock = _TIME_PART.search(text, 8)
    if clock is None:
        return Published(moment, TimePrecision.DAY)
    if clock[3]:
        return Published(moment, TimePrecision.SECOND)
    if clock[2]:
        return Published(moment, TimePrecision.MINUTE)
    return Published(moment, TimePrecision.HOUR)


def _parse_rfc2822(value: str) -> Published:
    try:
        moment = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError) as exc:
        raise ValueError(f"not an ISO 8601 date or time: {value!r}") from exc
    precision = TimePrecision.SECOND if moment.second else TimePrecision.MINUTE
    return Published(moment, precision)


def normalise_language(value: str) -> str:
    """The primary subtag of a language tag, lower-cased: ``en-GB`` and ``en_US`` → ``en``."""
    primary = re.split(r"[-_]", value.strip(), maxsplit=1)[0]
    if not _LANGUAGE.fullmatch(primary):
        raise ValueError(f"not a language code: {value!r}")
    return primary.lower()


def check_timezone(value: str) -> str:
    """``value`` itself if it names an IANA time zone (``Asia/Almaty``)."""
    name = value.strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone: {value!r}") from exc
    return name


def outlet_from_url(url: str) -> str | None:
    """The host of ``url`` without a leading ``www.``: ``https://www.example.org/a`` → ``example.org``."""
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.removeprefix("www.")
