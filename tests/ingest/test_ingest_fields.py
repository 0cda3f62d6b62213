"""Metadata values: publication times with their precision, languages, time zones, outlets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from sitrep.ingest.fields import check_timezone, normalise_language, outlet_from_url, parse_published
from sitrep.model import TimePrecision

PLUS_TWO = timezone(timedelta(hours=2))


@pytest.mark.parametrize(
    ("value", "moment", "precision"),
    [
        ("2022-01-06", datetime(2022, 1, 6), TimePrecision.DAY),
        (" 2022-01-06 ", datetime(2022, 1, 6), TimePrecision.DAY),
        ("20220106", datetime(2022, 1, 6), TimePrecision.DAY),
        ("2024-03", datetime(2024, 3, 1), TimePrecision.MONTH),
        ("2024", datetime(2024, 1, 1), TimePrecision.YEAR),
        ("2024-03-02T10", datetime(2024, 3, 2, 10), TimePrecision.HOUR),
        ("2024-03-02T10:00+02:00", datetime(2024, 3, 2, 10, 0, tzinfo=PLUS_TWO), TimePrecision.MINUTE),
        ("2024-03-02 10:00", datetime(2024, 3, 2, 10, 0), TimePrecision.MINUTE),
        ("2024-03-02T10:15:30Z", datetime(2024, 3, 2, 10, 15, 30, tzinfo=UTC), TimePrecision.SECOND),
        ("2024-03-02T10:15:00+0200", datetime(2024, 3, 2, 10, 15, tzinfo=PLUS_TWO), TimePrecision.SECOND),
        ("Sat, 02 Mar 2024 08:15:00 GMT", datetime(2024, 3, 2, 8, 15, tzinfo=UTC), TimePrecision.MINUTE),
    ],
)
def test_published_with_precision(value: str, moment: datetime, precision: TimePrecision) -> None:
    published = parse_published(value)
    assert published.time == moment
    assert published.time.tzinfo == moment.tzinfo
    assert published.precision is precision


@pytest.mark.parametrize("value", ["yesterday", "2024-13", "2024-02-30", "", "06.01.2022"])
def test_unreadable_published(value: str) -> None:
    with pytest.raises(ValueError, match="not"):
        parse_published(value)


def test_language_and_time_zone() -> None:
    assert normalise_language("de-AT") == "de"
    assert normalise_language("EN_us") == "en"
    assert check_timezone(" Asia/Almaty ") == "Asia/Almaty"
    with pytest.raises(ValueError, match="not a language code"):
        normalise_language("deutsch")
    with pytest.raises(ValueError, match="unknown time zone"):
        check_timezone("Europe/Atlantis")


def test_outlet_from_url() -> None:
    assert outlet_from_url("https://www.river-post.example/live/1") == "river-post.example"
    assert outlet_from_url("https://news.river-post.example") == "news.river-post.example"
    assert outlet_from_url("not a url") is None
    assert outlet_from_url("http://[broken") is None
