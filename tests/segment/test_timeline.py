from datetime import UTC, date, time

from sitrep.model import TimePrecision
from sitrep.segment.stamps import Stamp
from sitrep.segment.timeline import (
    NEWEST_FIRST,
    OLDEST_FIRST,
    detect_ordering,
    resolve_times,
    zone_for_outlet,
)


def clock(hour: int, minute: int = 0) -> Stamp:
    return Stamp(f"{hour}:{minute:02d}", 0, "clock", None, time(hour, minute), None, TimePrecision.MINUTE)


def dated(day: date, at: time | None = None) -> Stamp:
    precision = TimePrecision.MINUTE if at else TimePrecision.DAY
    return Stamp(str(day), 0, "update", day, at, None, precision)


def test_ordering_from_clock_times() -> None:
    assert detect_ordering([clock(22, 30), clock(18, 20), clock(9)]) == NEWEST_FIRST
    assert detect_ordering([clock(9), clock(11), clock(14)]) == OLDEST_FIRST


def test_time_only_entries_take_the_ticker_date() -> None:
    stamps = [clock(22, 30), dated(date(2022, 1, 6), time(18, 20)), dated(date(2022, 1, 6))]
    times = resolve_times(stamps, ordering=NEWEST_FIRST, zone=UTC, published=date(2022, 1, 1))
    assert [t.time.isoformat() if t.time else None for t in times] == [
        "2022-01-06T22:30:00+00:00",
        "2022-01-06T18:20:00+00:00",
        "2022-01-06T00:00:00+00:00",
    ]
    assert times[2].precision == TimePrecision.DAY


def test_newest_first_ticker_across_midnight_rolls_to_next_day() -> None:
    stamps = [clock(0, 40), clock(23, 50), clock(22, 10)]
    times = resolve_times(stamps, ordering=NEWEST_FIRST, zone=UTC, published=date(2023, 8, 1))
    assert [t.time.date().isoformat() for t in times if t.time] == ["2023-08-02", "2023-08-01", "2023-08-01"]


def test_small_clock_reversal_is_not_a_new_day() -> None:
    stamps = [clock(10, 5), clock(10, 20), clock(10, 15)]
    times = resolve_times(stamps, ordering=OLDEST_FIRST, zone=UTC, published=date(2023, 8, 1))
    assert {t.time.date().isoformat() for t in times if t.time} == {"2023-08-01"}


def test_time_without_any_date_stays_unknown() -> None:
    times = resolve_times([clock(9)], ordering=NEWEST_FIRST, zone=UTC, published=None)
    assert times[0].time is None and times[0].precision == TimePrecision.UNKNOWN


def test_outlet_zone() -> None:
    assert zone_for_outlet("fr.de") == "Europe/Berlin"
    assert zone_for_outlet("example.com") is None
    assert zone_for_outlet(None) is None


def test_weekday_stamp_takes_the_last_such_day_and_later_entries_roll_over() -> None:
    saturday = Stamp(
        "+++ Saturday, 21:00 +++", 0, "ticker", None, time(21, 0), None, TimePrecision.MINUTE, weekday=5
    )
    stamps = [clock(8, 45), clock(0, 30), saturday]
    times = resolve_times(stamps, ordering=NEWEST_FIRST, zone=UTC, published=date(2024, 12, 1))
    assert [t.time.isoformat() if t.time else None for t in times] == [
        "2024-12-01T08:45:00+00:00",
        "2024-12-01T00:30:00+00:00",
        "2024-11-30T21:00:00+00:00",
    ]
