from datetime import date, time, timedelta

import pytest

from sitrep.model import TimePrecision
from sitrep.segment.stamps import read_dateline, read_stamp


@pytest.mark.parametrize(
    ("paragraph", "day", "clock", "precision"),
    [
        ("+++ 10.30 p.m .: Criminal proceedings were opened.", None, time(22, 30), TimePrecision.MINUTE),
        (
            "Update from Thursday, January 6th, 2022, 6:20 p.m .: Against",
            date(2022, 1, 6),
            time(18, 20),
            TimePrecision.MINUTE,
        ),
        (
            "First report from Thursday, January 6th, 2022: Almaty – Dozens",
            date(2022, 1, 6),
            None,
            TimePrecision.DAY,
        ),
        ("14.05 Uhr: Die Feuerwehr meldet", None, time(14, 5), TimePrecision.MINUTE),
        ("+++ 14:05 Uhr +++ Die Polizei", None, time(14, 5), TimePrecision.MINUTE),
        ("10.42am GMT", None, time(10, 42), TimePrecision.MINUTE),
        ("Updated at 11.05", None, time(11, 5), TimePrecision.MINUTE),
        ("Updated 3:15 p.m. ET", None, time(15, 15), TimePrecision.MINUTE),
        ("12.10am: Sirens in the port", None, time(0, 10), TimePrecision.MINUTE),
        ("2023-05-14T09:30:00Z Police say", date(2023, 5, 14), time(9, 30), TimePrecision.SECOND),
        ("2023-05-14 09:30 Police say", date(2023, 5, 14), time(9, 30), TimePrecision.MINUTE),
        ("Monday 6 March 2023 10.42 GMT", date(2023, 3, 6), time(10, 42), TimePrecision.MINUTE),
        ("Saturday, 4 March: Rescue teams", date(2022, 3, 4), None, TimePrecision.DAY),
    ],
)
def test_reads_ticker_stamps(
    paragraph: str, day: date | None, clock: time | None, precision: TimePrecision
) -> None:
    stamp = read_stamp(paragraph, default_year=2022)
    assert stamp is not None
    assert (stamp.day, stamp.clock, stamp.precision) == (day, clock, precision)


@pytest.mark.parametrize(
    "paragraph",
    [
        "10 people died in the floods.",
        "May 5 was calm in the capital.",
        "2022 was a year of drought.",
        "Kazakhstan: Dozens of people killed in riot",
        "300 soldiers advanced on the square.",
        "3 of the injured are children.",
    ],
)
def test_sentences_are_not_stamps(paragraph: str) -> None:
    assert read_stamp(paragraph, default_year=2022) is None


def test_stamp_zones() -> None:
    gmt = read_stamp("10.42am GMT", default_year=2023)
    bst = read_stamp("10.42am BST", default_year=2023)
    et = read_stamp("Updated 3:15 p.m. ET", default_year=2023)
    assert gmt is not None and gmt.zone is not None and gmt.zone.utcoffset(None) == timedelta(0)
    assert bst is not None and bst.zone is not None and bst.zone.utcoffset(None) == timedelta(hours=1)
    assert et is not None and str(et.zone) == "America/New_York"


def test_stamp_end_points_past_the_stamp() -> None:
    paragraph = "+++ 10.30 p.m .: Criminal proceedings were opened."
    stamp = read_stamp(paragraph, default_year=2022)
    assert stamp is not None
    assert paragraph[stamp.end :] == "Criminal proceedings were opened."


def test_wire_dateline() -> None:
    dateline = read_dateline("ALMATY, Jan 6 (Reuters) - Police fired", default_year=2022)
    assert dateline is not None
    assert (dateline.place, dateline.agency, dateline.day) == ("ALMATY", "Reuters", date(2022, 1, 6))
    assert read_dateline("Almaty police said on Thursday", default_year=2022) is None


def test_weekday_ticker_stamp() -> None:
    stamp = read_stamp("+++ Saturday, 21:00 +++ Tens of thousands gather again.", default_year=2024)
    assert stamp is not None
    assert (stamp.weekday, stamp.clock, stamp.day) == (5, time(21, 0), None)
