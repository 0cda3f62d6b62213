"""Fusing local incidents: one incident's reports become one event, confusable neighbours (the
same town a day apart, a stabbing and a shooting the same night) stay apart. A small fictional
world: the town of Marn and its streets; no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

from sitrep.fuse import ClaimView, FigureClaim, decide, profile_of, score, sibling_home, summarise_figures
from sitrep.fuse.cluster import Action
from sitrep.fuse.marks import compare_marks, incident_marks
from sitrep.fuse.records import claim_day, content_words
from sitrep.model import TimePrecision

ZONE = timezone(timedelta(hours=-5))
SUNDAY_MORNING = datetime(2031, 3, 9, 8, 15, tzinfo=ZONE)


def told(key: str, text: str, *, day: date | None, when: datetime, **changes: object) -> ClaimView:
    """One outlet's report of a shooting in Marn, read as fusion reads it."""
    marks = incident_marks([text], when)
    found, precision = claim_day(day, TimePrecision.DAY, marks, when)
    base = ClaimView(
        key=key,
        document_key=f"doc-{key}",
        report_key=f"rep-{key}",
        type="ASSAULT",
        date=found,
        precision=precision,
        lat=39.76,
        lon=-84.19,
        country="VT",
        admin1="Marn County",
        geonames_id=11,
        place_precision="city",
        actors=frozenset(),
        tokens=content_words([text]),
        time=when,
        marks=marks,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


SALEM = (
    "A 24-year-old man was shot dead on Tannery Street in Marn late Saturday night, police said. "
    "A second man, 31, was wounded."
)
SALEM_LATER = (
    "The 31-year-old man wounded in Saturday's shooting on Tannery Street has died, the coroner "
    "said on Monday, bringing the number killed in Marn to two."
)
MILL_LANE = "A 45-year-old woman was wounded in a shooting on Mill Lane in Marn on Sunday afternoon."
STABBING = "A 38-year-old man was stabbed to death outside a bar on Quay Road in Marn on Saturday night."


def test_marks_read_streets_ages_weapon_and_the_days_a_report_names() -> None:
    marks = incident_marks([SALEM], SUNDAY_MORNING)
    assert {"place:tannery_street", "age:24", "age:31", "kind:gun", "day:2031-03-08"} <= marks
    assert "kind:knife" in incident_marks([STABBING], SUNDAY_MORNING)
    named = incident_marks(
        ["Victims were Ada Roe, 19, and Bo Lind, 41. It happened on March 2."], SUNDAY_MORNING
    )
    assert {"age:19", "age:41", "day:2031-03-02"} <= named
    assert not {m for m in incident_marks(["Police said 12 people were questioned."], None) if "age" in m}


def test_an_undated_claim_takes_the_day_its_report_names() -> None:
    marks = incident_marks(["A man was shot on Saturday night."], datetime(2031, 3, 10, 9, tzinfo=ZONE))
    assert claim_day(None, TimePrecision.UNKNOWN, marks, datetime(2031, 3, 10, 9, tzinfo=ZONE)) == (
        date(2031, 3, 8),
        TimePrecision.DAY,
    )
    nothing = claim_day(None, TimePrecision.UNKNOWN, frozenset(), datetime(2031, 3, 10, 9, tzinfo=ZONE))
    assert nothing == (date(2031, 3, 10), TimePrecision.DAY)


def test_one_incident_told_by_two_outlets_two_days_apart_is_one_event() -> None:
    first = told("a", SALEM, day=date(2031, 3, 8), when=SUNDAY_MORNING)
    # The second outlet's event is dated to its own report's day by the pipeline; the day it
    # names ("Saturday's shooting") and the street and age it shares bring it to the incident.
    later = told("b", SALEM_LATER, day=date(2031, 3, 10), when=datetime(2031, 3, 10, 14, tzinfo=ZONE))
    assert compare_marks(first.marks, later.marks).strong
    assert decide(later, [profile_of("f1", [first])]).action is Action.ATTACH


def test_the_same_town_the_next_day_on_another_street_stays_apart() -> None:
    saturday = profile_of("f1", [told("a", SALEM, day=date(2031, 3, 8), when=SUNDAY_MORNING)])
    sunday = told("c", MILL_LANE, day=date(2031, 3, 9), when=datetime(2031, 3, 9, 19, tzinfo=ZONE))
    match = score(sunday, saturday)
    assert match.compatible, "a day apart in one town could be one incident: the marks decide"
    assert match.parts["marks"] < 0
    assert decide(sunday, [saturday]).action is Action.NEW


def test_a_stabbing_and_a_shooting_the_same_night_in_neighbouring_towns_stay_apart() -> None:
    shooting = profile_of("f1", [told("a", SALEM, day=date(2031, 3, 8), when=SUNDAY_MORNING)])
    stabbing = told(
        "d", STABBING, day=date(2031, 3, 8), when=SUNDAY_MORNING, geonames_id=12, lat=39.80, lon=-84.10
    )
    assert score(stabbing, shooting).parts["marks"] <= -1.0
    assert decide(stabbing, [shooting]).action is Action.NEW


def test_an_arrest_days_later_joins_the_attack_it_names() -> None:
    attack = profile_of("f1", [told("a", SALEM, day=date(2031, 3, 8), when=SUNDAY_MORNING)])
    text = "Police in Marn arrested a 19-year-old on Tuesday over the Tannery Street killing of the men, 24 and 31."
    tuesday = datetime(2031, 3, 11, 10, tzinfo=ZONE)
    arrest = told("e", text, day=date(2031, 3, 11), when=tuesday, type="COERCE")
    match = score(arrest, attack)
    assert match.compatible and match.parts["type"] == 0.4 and match.parts["time"] == 0.6
    assert decide(arrest, [attack]).action is Action.ATTACH
    unrelated = told(
        "f", "Police in Marn arrested a man on Tuesday.", day=date(2031, 3, 11), when=tuesday, type="COERCE"
    )
    assert not score(unrelated, attack).compatible, "an arrest naming nothing of the attack"


def test_a_report_s_stray_claim_joins_its_sibling_s_event() -> None:
    home = profile_of("f1", [told("a", SALEM, day=date(2031, 3, 8), when=SUNDAY_MORNING)])
    stray = told(
        "g", SALEM, day=date(2031, 3, 9), when=SUNDAY_MORNING, type="INVESTIGATE", tokens=frozenset()
    )
    found = sibling_home(stray, [home])
    assert found is not None and found.event_key == "f1"
    assert sibling_home(told("h", MILL_LANE, day=date(2031, 3, 9), when=SUNDAY_MORNING), [home]) is None


def test_killed_latest_is_the_newest_report_a_victim_who_died_later_updating_it() -> None:
    def killed(value: int, when: datetime, report: str) -> FigureClaim:
        return FigureClaim("killed", value, value, "exact", when, report, report, f"{value} dead")

    summary = summarise_figures(
        [
            killed(2, datetime(2031, 3, 10, 14, tzinfo=ZONE), "wire"),
            killed(1, SUNDAY_MORNING, "ledger"),
        ]
    )["killed"]
    assert (summary.latest.min, summary.latest.report_key) == (2, "wire")
    assert not summary.contradiction, "a second victim dying is an update"
