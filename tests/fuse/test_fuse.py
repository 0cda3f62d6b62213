"""Fusion as pure functions over records: no database, a small fictional world."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

from sitrep.fuse import (
    ClaimView,
    FigureClaim,
    blocking_keys,
    decide,
    entity_keys,
    find_splits,
    profile_of,
    same_entity,
    score,
    summarise_figures,
)
from sitrep.fuse.cluster import Action
from sitrep.model import TimePrecision

ZONE = timezone(timedelta(hours=3))


def claim(key: str, **changes: object) -> ClaimView:
    base = ClaimView(
        key=key,
        document_key=f"doc-{key}",
        report_key=f"rep-{key}",
        type="FIGHT",
        date=date(2031, 3, 6),
        precision=TimePrecision.DAY,
        lat=45.10,
        lon=30.20,
        country="VT",
        admin1="Marn Province",
        geonames_id=1,
        place_precision="city",
        actors=frozenset({"e1"}),
        tokens=frozenset({"security", "forces", "clashed", "armed", "market", "marn"}),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_same_story_from_two_outlets_scores_above_the_threshold() -> None:
    match = score(claim("b"), profile_of("f1", [claim("a")]))
    assert match.compatible and match.total >= 0.8


def test_incompatible_type_time_or_place_is_a_veto() -> None:
    event = profile_of("f1", [claim("a")])
    assert score(claim("b", type="AGREE"), event).reason == "type"
    assert score(claim("b", date=date(2031, 3, 9)), event).reason == "time"
    assert score(claim("b", country="XX"), event).reason == "place"
    assert score(claim("b", lat=49.0, lon=36.0, geonames_id=2), event).reason == "place", "about 580 km away"


def test_riots_fuse_with_clashes_but_peaceful_protest_does_not() -> None:
    event = profile_of("f1", [claim("a")])
    assert score(claim("b", type="PROTEST", acled_event_type="Riots"), event).compatible
    assert not score(claim("b", type="PROTEST", acled_event_type="Protests"), event).compatible


def test_coarse_dates_have_wider_windows() -> None:
    event = profile_of("f1", [claim("a")])
    week_off = claim("b", date=date(2031, 3, 10), precision=TimePrecision.WEEK)
    assert score(week_off, event).compatible
    assert not score(replace(week_off, precision=TimePrecision.DAY), event).compatible


def test_admin_hierarchy_a_country_level_claim_is_weakly_compatible() -> None:
    event = profile_of("f1", [claim("a")])
    country = claim("b", lat=46.0, lon=31.0, admin1=None, geonames_id=99, place_precision="country")
    same_region = claim("c", lat=45.3, lon=30.9, geonames_id=3)
    assert score(country, event).parts["place"] == 0.4
    assert 0.4 < score(same_region, event).parts["place"] < 0.8


def test_decide_attaches_starts_and_merges() -> None:
    first = profile_of("f1", [claim("a")])
    assert decide(claim("b"), [first]).action is Action.ATTACH
    assert decide(claim("b", type="AGREE"), [first]).action is Action.NEW
    second = profile_of("f2", [claim("c", tokens=frozenset({"security", "forces", "market", "gunfire"}))])
    decision = decide(
        claim("d", tokens=frozenset({"security", "forces", "clashed", "market", "gunfire"})), [first, second]
    )
    assert decision.action is Action.MERGE and decision.target in ("f1", "f2") and len(decision.merged) == 1


def test_a_claim_that_no_longer_fits_is_split_off() -> None:
    oskel = {"lat": 45.9, "lon": 32.9, "geonames_id": 7, "admin1": "Oskel Province"}
    members = [
        claim("a"),
        claim("b"),
        claim("c"),
        claim("d", tokens=frozenset({"ceasefire"}), actors=frozenset(), **oskel),
    ]
    [group] = find_splits(members)
    assert [c.key for c in group] == ["d"]
    assert find_splits(members[:3]) == []


def test_blocking_keys_cover_the_window_and_neighbouring_cells() -> None:
    keys = blocking_keys(claim("a"))
    assert keys.group == "violence" and keys.days() == (date(2031, 3, 5), date(2031, 3, 7))
    assert len(keys.cells()) == 9 and "45:30" in keys.cells()
    assert blocking_keys(claim("a", place_precision="country")).cell == "country:VT"


def figure(
    value: int, hour: int, qualifier: str = "exact", *, report: str | None = None, **extra: object
) -> FigureClaim:
    return FigureClaim(
        outcome="killed",
        min=value,
        max=value if qualifier == "exact" else None,
        qualifier=qualifier,
        time=datetime(2031, 3, 6, hour, tzinfo=ZONE),
        document_key="d",
        report_key=report or f"r{value}-{hour}",
        text=f"{value} killed",
        **extra,  # type: ignore[arg-type]
    )


def test_figures_latest_low_high_never_summed() -> None:
    summary = summarise_figures([figure(18, 16), figure(8, 10), figure(12, 12, "at_least")])["killed"]
    assert [c.min for c in summary.claims] == [8, 12, 18]
    assert (summary.latest.min, summary.low, summary.high) == (18, 8, 18)
    assert not summary.contradiction


def test_an_update_is_not_a_contradiction_but_rival_exact_figures_are() -> None:
    assert not summarise_figures([figure(8, 10), figure(20, 16, "at_least")])["killed"].contradiction
    rivals = summarise_figures([figure(8, 10), figure(12, 10)])["killed"]
    assert rivals.contradiction and len(rivals.conflicts) == 1
    assert summarise_figures([figure(8, 10), figure(20, 10, "at_least")])["killed"].contradiction
    assert not summarise_figures([figure(280, 10, "approx"), figure(300, 10)])["killed"].contradiction
    same_report = [figure(8, 10, report="r", group="police"), figure(12, 10, report="r", group="protesters")]
    assert not summarise_figures(same_report)["killed"].contradiction, "two victim groups of one report"


def test_one_report_states_a_figure_once() -> None:
    shared = [figure(8, 10, report="r", span=(40, 45)), figure(8, 10, report="r", span=(40, 45))]
    assert len(summarise_figures(shared)["killed"].claims) == 1, "two events of one report, one figure"
    repeated = [figure(8, 10, report="r", span=(3, 8)), figure(8, 10, report="r", span=(90, 95))]
    assert len(summarise_figures(repeated)["killed"].claims) == 1, "a headline and its paragraph"
    others = [figure(8, 10, report="r"), figure(8, 10, report="s"), figure(9, 10, report="r")]
    assert len(summarise_figures(others)["killed"].claims) == 3


def test_superseded_figures_are_listed_not_counted() -> None:
    summary = summarise_figures([figure(8, 10, superseded=True), figure(9, 10)])["killed"]
    assert len(summary.claims) == 2 and summary.low == 9 and not summary.contradiction


def test_entities_merge_on_aliases_transliterations_and_titles() -> None:
    full = entity_keys("person", "Kassym-Jomart Tokayev", ["Tokayev"], ["President of Kazakhstan"])
    assert same_entity(full, entity_keys("person", "Kassym-Shomart Tokayev"))
    assert same_entity(full, entity_keys("person", "Tokayev"))
    assert same_entity(full, entity_keys("person", "the Kazakh president", roles=["President of Kazakhstan"]))
    assert not same_entity(full, entity_keys("person", "Antony Blinken", roles=["US Secretary of State"]))
    assert not same_entity(
        entity_keys("person", "Ann Lee", roles=["spokesman"]),
        entity_keys("person", "Bo Chan", roles=["spokesman"]),
    )
    assert not same_entity(full, entity_keys("organization", "Tokayev"))
