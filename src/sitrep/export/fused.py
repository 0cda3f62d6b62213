"""The living record's `sitrep/1` JSON (`sitrep.export.living`) → GeoJSON and CSV in ACLED's columns."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
    "actor1", "actor2", "country", "admin1", "location", "latitude", "longitude", "geo_precision",
    "source", "notes", "fatalities",
)  # fmt: skip

# ACLED's precision codes: 1 is the most precise.
_TIME_PRECISION = {"day": 1, "week": 2, "month": 3}
_GEO_PRECISION = {"city": 1, "admin2": 2, "admin1": 2, "country": 3}


def events_geojson(events: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """A FeatureCollection: one point a located event, the event's fields as properties."""
    features = []
    for event in events:
        loc = event.get("location") or {}
        if not isinstance(loc.get("lat"), int | float) or not isinstance(loc.get("lon"), int | float):
            continue
        properties = {k: v for k, v in event.items() if k not in ("claims",)}
        features.append(
            {
                "type": "Feature",
                "id": event["id"],
                "geometry": {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]},
                "properties": properties,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def acled_row(event: dict[str, Any]) -> dict[str, Any]:
    """One event in ACLED's columns. Fatalities are the latest killed claim, never a sum of claims."""
    loc = event.get("location") or {}
    acled = event.get("acled") or {}
    actors = [a["name"] for a in event.get("actors", []) if a.get("role") == "actor"]
    targets = [a["name"] for a in event.get("actors", []) if a.get("role") == "target"]
    killed = ((event.get("figures") or {}).get("killed") or {}).get("latest") or {}
    date = event.get("date") or ""
    return {
        "event_id_cnty": event["id"],
        "event_date": date,
        "year": date[:4],
        "time_precision": _TIME_PRECISION.get(event.get("date_precision") or "", 3),
        "event_type": acled.get("event_type", ""),
        "sub_event_type": acled.get("sub_event_type", ""),
        "actor1": actors[0] if actors else "",
        "actor2": targets[0] if targets else "",
        "country": loc.get("country", ""),
        "admin1": loc.get("admin1", ""),
        "location": loc.get("name", ""),
        "latitude": loc.get("lat", ""),
        "longitude": loc.get("lon", ""),
        "geo_precision": _GEO_PRECISION.get(loc.get("precision") or "", 3) if loc else "",
        "source": "; ".join(dict.fromkeys(s["name"] for s in event.get("sources", []) if s.get("name"))),
        "notes": event.get("summary") or "",
        "fatalities": killed.get("min") or 0,
    }


def events_acled_csv(events: Iterable[dict[str, Any]]) -> Iterator[str]:
    """CSV text in chunks: a header line, then one line an event."""
    return csv_chunks(ACLED_COLUMNS, (acled_row(event) for event in events))


def csv_chunks(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """CSV text of ``rows`` under a header of ``columns``, in chunks of about 64 KiB."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
