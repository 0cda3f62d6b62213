"""Every read endpoint on a small fictional world."""

from __future__ import annotations

import csv
import io

from httpx import Client


def test_events_are_paged_with_a_total(client: Client) -> None:
    page = client.get("/api/events", params={"limit": 2}).json()
    assert page["schema"] == "sitrep/1"
    assert page["total"] == 3 and len(page["events"]) == 2
    rest = client.get("/api/events", params={"limit": 2, "offset": 2}).json()
    assert [e["id"] for e in rest["events"]] == ["ev2"]


def test_event_filters(client: Client) -> None:
    def ids(**params: str) -> list[str]:
        return sorted(e["id"] for e in client.get("/api/events", params=params).json()["events"])

    assert ids(type="PROTEST") == ["ev2"]
    assert ids(type="fight,assault") == ["ev1", "ev3"]
    assert ids(place="lenzburg") == ["ev3"]
    assert ids(since="2031-03-04") == ["ev1", "ev2"]
    assert ids(until="2031-03-03") == ["ev3"]
    assert ids(actor="police") == ["ev1"]
    assert ids(source="radio lenz") == ["ev3"]
    assert ids(q="marched") == ["ev2"]
    assert ids(bbox="78,44,79,45") == ["ev3"]
    assert ids(ids="ev2,ev3") == ["ev2", "ev3"]


def test_one_event_comes_with_the_reports_of_its_evidence(client: Client) -> None:
    detail = client.get("/api/events/ev1").json()
    assert detail["event"]["figures"]["killed"]["high"] == 18
    assert {r["id"] for r in detail["reports"]} == {"herald-r1", "courier-r1"}
    claim = detail["event"]["claims"][0]
    report = next(r for r in detail["reports"] if r["id"] == claim["report_id"])
    span = claim["evidence"][0]
    assert report["text"][span["start"] : span["end"]] == span["text"]


def test_reports_carry_marks_linking_facts_to_events(client: Client) -> None:
    report = client.get("/api/reports/herald-r1").json()
    kinds = {(m["kind"], m.get("event_id")) for m in report["marks"]}
    assert ("evidence", "ev1") in kinds and ("casualty", "ev1") in kinds and ("organization", None) in kinds
    casualty = next(m for m in report["marks"] if m["kind"] == "casualty")
    assert report["text"][casualty["start"] : casualty["end"]] == "At least eight"
    assert "events" not in report and "mentions" not in report


def test_reports_are_newest_first_and_follow_event_filters(client: Client) -> None:
    page = client.get("/api/reports").json()
    assert page["total"] == 5 and page["reports"][0]["id"] == "hostile-r1"
    filtered = client.get("/api/reports", params={"type": "PROTEST"}).json()
    assert [r["id"] for r in filtered["reports"]] == ["herald-r2"]
    assert client.get("/api/reports", params={"document": "courier"}).json()["total"] == 2


def test_entities(client: Client) -> None:
    assert client.get("/api/entities", params={"q": "ministry of the"}).json()["entities"][0]["id"] == "o1"
    assert client.get("/api/entities", params={"kind": "place"}).json()["total"] == 1
    assert client.get("/api/entities/l1").json()["name"] == "Varnastadt"


def test_figures_over_time_keep_every_claim(client: Client) -> None:
    series = client.get("/api/figures", params={"event": "ev3"}).json()["series"]
    assert len(series) == 1 and series[0]["figure"]["contradiction"] is True
    assert [c["min"] for c in series[0]["figure"]["claims"]] == [12, 15]
    everything = client.get("/api/figures").json()["series"]
    assert {s["event_id"] for s in everything} == {"ev1", "ev3"}


def test_actor_pairs(client: Client) -> None:
    pairs = client.get("/api/actors").json()["pairs"]
    clash = next(p for p in pairs if p["actor"]["name"] == "armed men")
    assert clash["target"]["name"] == "police" and clash["type"] == "FIGHT" and clash["event_ids"] == ["ev1"]
    march = next(p for p in pairs if p["actor"]["name"] == "protesters")
    assert march["target"] is None


def test_rejections_and_meta(client: Client) -> None:
    assert client.get("/api/rejections").json() == {"total": 0, "limit": 50, "offset": 0, "rejections": []}
    meta = client.get("/api/meta").json()
    assert meta["counts"]["events"] == 3 and "FIGHT" in meta["event_types"] and meta["writable"] is True
    assert any("GeoNames" in c for c in meta["credits"]) and any(
        "Natural Earth" in c for c in meta["credits"]
    )


def test_exports(client: Client) -> None:
    data = client.get("/api/export/events.json", params={"type": "FIGHT"}).json()
    assert data["schema"] == "sitrep/1" and [e["id"] for e in data["events"]] == ["ev1"]
    geo = client.get("/api/export/events.geojson")
    assert geo.headers["content-type"].startswith("application/geo+json")
    assert geo.json()["features"][0]["geometry"]["type"] == "Point"
    response = client.get("/api/export/events.csv")
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    clash = next(r for r in rows if r["event_id_cnty"] == "ev1")
    assert (
        clash["sub_event_type"] == "Armed clash"
        and clash["fatalities"] == "18"
        and clash["actor2"] == "police"
    )


def test_openapi_describes_every_route(client: Client) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/events", "/api/events/{event_id}", "/api/reports", "/api/entities", "/api/figures",
                 "/api/actors", "/api/rejections", "/api/export/events.csv", "/api/documents", "/api/feeds",
                 "/api/urls",
                 "/api/stream", "/api/meta"):  # fmt: skip
        assert path in paths, path
