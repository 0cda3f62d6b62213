"""What sitrep said about one gold text: a ``sitrep/1`` object read into small records.

In:  the ``sitrep/1`` dict `sitrep.pipeline.extract_json` returns (or a test's fake of it).
Out: a `Reading`: its events (type, mode, ACLED types, actor names with their aliases, deaths,
     location, confidence), its place mentions with document offsets and coordinates, and
     the reasons of any rejection. `best_event` picks the event a one-label gold row is
     compared with.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sitrep.eval.metrics import NONE

Json = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Location:
    """Where an event happened: its name with every other name it goes by, and coordinates."""

    name: str
    names: tuple[str, ...]
    lat: float | None
    lon: float | None


@dataclass(frozen=True, slots=True)
class EventView:
    """One coded event, as far as gold data can judge it."""

    id: str
    type: str
    mode: str
    event_type: str
    sub_event_type: str
    actors: tuple[tuple[str, ...], ...]
    """Per actor: its name, then the aliases of the entity it refers to."""
    killed: int
    location: Location | None
    confidence: float
    summary: str

    @property
    def actor_names(self) -> tuple[str, ...]:
        return tuple(name for names in self.actors for name in names)

    def describe(self) -> str:
        """A short line for error tables: sub-event type, PLOVER type, actors, place."""
        actors = ", ".join(names[0] for names in self.actors if names) or "no actors"
        place = self.location.name if self.location else "no place"
        return f"{self.sub_event_type or '?'} ({self.type or '?'}); {actors}; {place}"


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place sitrep recognised: its span in the document as read, and the coordinates of
    the place it resolved it to (None when unresolved)."""

    start: int
    end: int
    name: str
    lat: float | None
    lon: float | None


@dataclass(frozen=True, slots=True)
class Reading:
    """One ``sitrep/1`` output, read."""

    events: tuple[EventView, ...]
    places: tuple[PlaceMention, ...]
    rejections: tuple[str, ...] = ()


def number(value: object) -> float | None:
    """A JSON number as a float (booleans and everything else: None)."""
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def text(value: object) -> str:
    return value if isinstance(value, str) else ""


def items(value: object) -> list[Json]:
    """The objects of a JSON list (anything else: none)."""
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def read_output(payload: Json) -> Reading:
    """Read a ``sitrep/1`` object; missing or odd fields read as empty."""
    entities = items(payload.get("entities"))
    aliases = {text(e.get("id")): tuple(text(a) for a in e.get("aliases") or [] if text(a)) for e in entities}
    events = tuple(read_event(e, aliases) for e in items(payload.get("events")))
    places = []
    for entity in entities:
        if entity.get("kind") != "place":
            continue
        for mention in items(entity.get("mentions")):
            start, end = number(mention.get("doc_start")), number(mention.get("doc_end"))
            if start is not None and end is not None:
                places.append(
                    PlaceMention(
                        int(start),
                        int(end),
                        text(entity.get("name")),
                        number(entity.get("lat")),
                        number(entity.get("lon")),
                    )
                )
    rejections = tuple(text(r.get("reason")) or "rejected" for r in items(payload.get("rejections")))
    return Reading(events, tuple(sorted(places, key=lambda p: (p.start, p.end))), rejections)


def read_event(event: Json, aliases: dict[str, tuple[str, ...]]) -> EventView:
    raw_acled = event.get("acled")
    acled: Json = raw_acled if isinstance(raw_acled, dict) else {}
    actors = []
    for actor in items(event.get("actors")):
        name = text(actor.get("name"))
        if name:
            actors.append((name, *aliases.get(text(actor.get("entity_id")), ())))
    killed = sum(
        int(number(c.get("min")) or 0) for c in items(event.get("casualties")) if c.get("outcome") == "killed"
    )
    return EventView(
        id=text(event.get("id")),
        type=text(event.get("type")),
        mode=text(event.get("mode")),
        event_type=text(acled.get("event_type")),
        sub_event_type=text(acled.get("sub_event_type")),
        actors=tuple(actors),
        killed=killed,
        location=read_location(event.get("location")),
        confidence=number(event.get("confidence")) or 0.0,
        summary=text(event.get("summary")),
    )


def read_location(value: object) -> Location | None:
    if not isinstance(value, dict) or not text(value.get("name")):
        return None
    names = [text(value.get(k)) for k in ("name", "admin1", "admin2", "country_name")]
    names += [text(a) for a in value.get("aliases") or []]
    return Location(
        name=text(value.get("name")),
        names=tuple(n for n in names if n),
        lat=number(value.get("lat")),
        lon=number(value.get("lon")),
    )


def best_event(reading: Reading) -> EventView | None:
    """The event sitrep is surest of (highest confidence; the first of equals), or None."""
    best: EventView | None = None
    for event in reading.events:
        if best is None or event.confidence > best.confidence:
            best = event
    return best


def label_of(event: EventView | None, field: str) -> str:
    """An event's label in ``field`` (``sub_event_type``, ``event_type``, ``type``), ``none``
    for no event or an empty label."""
    return (getattr(event, field) if event is not None else "") or NONE
