"""Hand-made `sitrep/1` outputs and a canned predictor, so evaluation tests need no model."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sitrep.eval import Predict, Query

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
    return {
        "id": f"e-{sub}-{confidence}",
        "type": plover or default_type,
        "mode": mode,
        "acled": {"event_type": event_type, "sub_event_type": sub},
        "summary": f"a {sub.lower()}",
        "date": None,
        "location": location,
        "actors": [{"name": name, "role": "actor", "kind": "other"} for name in actors],
        "casualties": [{"outcome": "killed", "min": killed, "max": killed, "qualifier": "exact"}]
        if killed is not None
        else [],
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
        "mentions": [{"report_id": "d-r1", "start": start, "end": end, "doc_start": start, "doc_end": end}],
    }


def output(*events: dict[str, Any], entities: tuple[dict[str, Any], ...] = ()) -> dict[str, Any]:
    return {
        "schema": "sitrep/1",
        "documents": [],
        "reports": [],
        "events": list(events),
        "entities": list(entities),
    }


def canned(outputs: Mapping[str, dict[str, Any]], seen: list[Query] | None = None) -> Predict:
    """A predictor answering each query by its id (no events for an id it does not know)."""

    def predict(query: Query) -> dict[str, Any]:
        if seen is not None:
            seen.append(query)
        return outputs.get(query.id, output())

    return predict
