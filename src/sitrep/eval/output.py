"""What sitrep said about one gold text, read from its records.

In:  the results `sitrep.pipeline.run` gives for one gold text (`Extraction` and `Rejection`
     records; a test's fake gives the same records).
Out: a `Reading`: its events (the `Event` records themselves), its place mentions with
     document offsets and coordinates, and the reasons of any rejection; the judgements gold
     data can make of an event (`actor_names`, `killed`, `location_names`, `describe`), and
     `best_event`, the event a one-label gold row is compared with.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sitrep.eval.metrics import NONE
from sitrep.model import Event, Extraction, Rejection
from sitrep.vocab import EntityKind, Outcome


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
    """One gold text's results, read."""

    events: tuple[Event, ...]
    places: tuple[PlaceMention, ...]
    rejections: tuple[str, ...] = ()


def read_output(results: Iterable[Extraction | Rejection]) -> Reading:
    """The events, place mentions and rejection reasons of one text's results."""
    events: list[Event] = []
    places: list[PlaceMention] = []
    rejections: list[str] = []
    for result in results:
        if isinstance(result, Rejection):
            rejections.append(result.reason or "rejected")
            continue
        events.extend(result.events)
        for entity in result.entities:
            if entity.kind != EntityKind.PLACE:
                continue
            lat, lon = (entity.place.lat, entity.place.lon) if entity.place else (None, None)
            places.extend(
                PlaceMention(m.doc_start, m.doc_end, entity.name, lat, lon) for m in entity.mentions
            )
    return Reading(tuple(events), tuple(sorted(places, key=lambda p: (p.start, p.end))), tuple(rejections))


def actor_names(event: Event) -> tuple[str, ...]:
    """Every actor's name, then the aliases of the entity it refers to."""
    return tuple(name for actor in event.actors for name in (actor.name, *actor.aliases) if name)


def killed(event: Event) -> int:
    """The sum of the event's ``killed`` figures (their minimums)."""
    return sum(f.min or 0 for f in event.casualties if f.outcome == Outcome.KILLED)


def location_names(event: Event) -> tuple[str, ...]:
    """Every name the event's place goes by: its own, its region's and country's, its aliases."""
    place = event.location
    if place is None:
        return ()
    names = (place.name, place.admin1, place.country_name, *place.aliases)
    return tuple(n for n in names if n)


def describe(event: Event) -> str:
    """A short line for error tables: sub-event type, PLOVER type, actors, place."""
    actors = ", ".join(a.name for a in event.actors if a.name) or "no actors"
    place = event.location.name if event.location else "no place"
    return f"{event.acled_sub_event_type or '?'} ({event.type or '?'}); {actors}; {place}"


def best_event(reading: Reading) -> Event | None:
    """The event sitrep is surest of (highest confidence; the first of equals), or None."""
    best: Event | None = None
    for event in reading.events:
        if best is None or event.confidence > best.confidence:
            best = event
    return best


_LABELS = {
    "sub_event_type": lambda e: e.acled_sub_event_type,
    "event_type": lambda e: e.acled_event_type,
    "type": lambda e: e.type,
}


def label_of(event: Event | None, field: str) -> str:
    """An event's label in ``field`` (``sub_event_type``, ``event_type``, ``type``), ``none``
    for no event or an empty label."""
    return str((_LABELS[field](event) if event is not None else "") or NONE)
