"""The situation report and the exports of `sitrep export` through the API."""

from __future__ import annotations

import csv
import io
import json

from httpx import Client

from sitrep.report.exports import ACLED_COLUMNS


def test_report_in_markdown_and_html(client: Client) -> None:
    markdown = client.get("/api/report")
    assert markdown.status_code == 200 and markdown.headers["content-type"].startswith("text/markdown")
    assert markdown.text.startswith("# Situation report") and "## Timeline" in markdown.text
    assert "[ev1" in markdown.text or "ev1]" in markdown.text or ", ev1" in markdown.text
    html = client.get("/api/report", params={"format": "html", "type": "FIGHT"})
    assert html.status_code == 200, html.text
    assert html.headers["content-type"].startswith("text/html") and "<svg" in html.text
    short = client.get("/api/report", params={"max_words": 5}).text
    assert sum(len(line.split()) - 2 for line in short.splitlines() if line.startswith("- ")) <= 5
    assert client.get("/api/report", params={"format": "pdf"}).status_code == 422


def test_exports_in_every_format(client: Client) -> None:
    rows = list(csv.DictReader(io.StringIO(client.get("/api/export/acled-csv").text)))
    assert rows and tuple(rows[0]) == ACLED_COLUMNS
    clash = next(r for r in rows if r["event_id_cnty"] == "ev1")
    assert clash["fatalities"] and clash["inter2"] and clash["interaction"]
    lines = client.get("/api/export/jsonl", params={"type": "FIGHT"}).text.splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["ev1"]
    plover = [json.loads(line) for line in client.get("/api/export/plover").text.splitlines()]
    assert plover and all(record["event"] and "citation" in record for record in plover)
    geo = client.get("/api/export/geojson")
    assert geo.headers["content-type"].startswith("application/geo+json")
    assert geo.json()["type"] == "FeatureCollection"
    exported = client.get("/api/export/json").json()
    assert exported["schema"] == "sitrep/1"
    documents = sorted({d for e in exported["events"] for d in e["documents"]})
    assert documents and [r["documents"][0]["id"] for r in exported["record"]] == documents
    assert client.get("/api/export/xml").status_code == 422
