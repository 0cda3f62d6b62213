"""Hand-made `sitrep/1` outputs and a canned predictor, so evaluation tests need no model.

The outputs are written as a client would write `sitrep/1` JSON; the canned predictor reads
them into records with the contract's reader, as the pipeline would have produced them.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sitrep.contract import read_payload
from sitrep.eval import Predict, Query
from sitrep.eval.records import Results

FIXTURES = Path(__file__).resolve().parent / "fixtures"

SUB_TO_TYPE = {
    "Armed clash": ("Battles", "FIGHT"),
    "Air/drone strike": ("Explosions/Remote violence", "FIGHT"),
    "Peaceful protest": ("Protests", "PROTEST"),
    "Protest with intervention": ("Protests", "PROTEST"),
    "Attack": ("Violence against civilians", "ASSAULT"),
    "Arrests": ("Strategic developments", "COERCE"),
    "Agreement": ("Strategic developments", "AGREE"),
}


def event(
    sub: str,
    *,
    plover: str | None = None,
    mode: str = "",
    actors: tuple[str, ...] = (),
    killed: int | None = None,
    place: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
    confidence: float = 0.7,
    **extra: Any,
) -> dict[str, Any]:
    """One event as `sitrep/1` spells it."""
    event_type, default_type = SUB_TO_TYPE.get(sub, ("Strategic developments", "CONSULT"))
    location = {"name": place, "country": "XL", "lat": lat, "lon": lon} if place else None
    if location:
        location |= {"precision": "city", "aliases": []}
    if "casualties" in extra:
        extra["casualties"] = [FIGURE | {"max": None} | figure for figure in extra["casualties"]]
    return {
        "id": f"e-{sub}-{confidence}",
        "report_id": "d-r1",
        "document_id": "d",
        "type": plover or default_type,
        "mode": mode or None,
        "acled": {"event_type": event_type, "sub_event_type": sub},
        "summary": f"a {sub.lower()}",
        "date": None,
        "date_precision": "unknown",
        "location": location,
        "actors": [{"name": name, "role": "actor", "kind": "other"} for name in actors],
        "casualties": [
            {
                "outcome": "killed",
                "min": killed,
                "max": killed,
                "qualifier": "exact",
                "text": str(killed),
                "report_id": "d-r1",
                "start": 0,
                "end": 1,
            }
        ]
        if killed is not None
        else [],
        "sources": [],
        "attribution": "asserted",
        "evidence": [],
        "confidence": confidence,
        **extra,
    }


def place(name: str, start: int, end: int, lat: float | None, lon: float | None) -> dict[str, Any]:
    """A place entity with one mention at ``start``-``end`` of the document."""
    return {
        "id": f"l-{start}",
        "name": name,
        "kind": "place",
        "lat": lat,
        "lon": lon,
        "mentions": [
            {
                "report_id": "d-r1",
                "start": start,
                "end": end,
                "doc_start": start,
                "doc_end": end,
                "text": name,
            }
        ],
    }


def output(*events: dict[str, Any], entities: tuple[dict[str, Any], ...] = ()) -> dict[str, Any]:
    return {
        "schema": "sitrep/1",
        "documents": [DOCUMENT],
        "reports": [REPORT],
        "events": list(events),
        "entities": list(entities),
    }


FIGURE = {"qualifier": "exact", "text": "", "report_id": "d-r1", "start": 0, "end": 1}
DOCUMENT = {
    "id": "d",
    "title": None,
    "published": None,
    "published_precision": "unknown",
    "language": "en",
    "origin": "d.txt",
    "format": "text",
    "timezone": "UTC",
    "timezone_source": "default",
    "ordering": "single",
}
REPORT = {
    "id": "d-r1",
    "document_id": "d",
    "seq": 1,
    "time": None,
    "time_precision": "unknown",
    "time_source": "none",
    "text": "",
    "doc_start": 0,
    "doc_end": 0,
}


def canned(outputs: Mapping[str, dict[str, Any]], seen: list[Query] | None = None) -> Predict:
    """A predictor answering each query by its id (no events for an id it does not know)."""

    def predict(query: Query) -> Results:
        if seen is not None:
            seen.append(query)
        extractions, rejections = read_payload(outputs.get(query.id, output()))
        return (*extractions, *rejections)

    return predict
