"""Hand-built pipeline records for store tests: a small fictional world (the republic of
Veltria, its cities Marn and Oskel), so the tests exercise the store and not the language model."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from sitrep.model import (
    Actor,
    Document,
    Entity,
    Event,
    Evidence,
    Extraction,
    Figure,
    InputFormat,
    Mention,
    Place,
    RawDocument,
    Report,
    Source,
    TimePrecision,
)

ZONE = timezone(timedelta(hours=3))
MARN = Place("Marn", "VT", "Marn Province", 45.10, 30.20, 9000001, "city")
OSKEL = Place("Oskel", "VT", "Oskel Province", 47.90, 35.60, 9000002, "city")


@dataclass
class Entry:
    """One ticker entry and the events the test says were coded from it."""

    hour: int
    text: str
    events: list[dict[str, object]] = field(default_factory=list)
    minute: int = 0
    day: int = 6


def make(
    doc_id: str, entries: list[Entry], *, outlet: str = "veltria-news.example", title: str = "Live"
) -> tuple[RawDocument, Extraction]:
    """A raw document and its extraction: one report per entry, events as described."""
    pieces: list[str] = []
    reports: list[Report] = []
    offset = 0
    for seq, entry in enumerate(entries, 1):
        stamp = f"+++ {entry.hour:02d}.{entry.minute:02d}:"
        block = f"{stamp} {entry.text}\n\n"
        time = datetime(2031, 3, entry.day, entry.hour, entry.minute, tzinfo=ZONE)
        start = offset + len(stamp) + 1
        reports.append(
            Report(
                id=f"{doc_id}-r{seq}",
                document_id=doc_id,
                seq=seq,
                text=entry.text,
                time=time,
                time_precision=TimePrecision.MINUTE,
                time_source="stamp",
                stamp=stamp,
                doc_start=start,
                doc_end=start + len(entry.text),
            )
        )
        pieces.append(block)
        offset += len(block)
    text = "".join(pieces)
    raw = RawDocument(
        id=doc_id, text=text, origin=f"{doc_id}.txt", format=InputFormat.TEXT, title=title, outlet=outlet
    )
    document = Document(raw=raw, reports=tuple(reports), title=title, outlet=outlet)
    events: list[Event] = []
    entities: dict[str, Entity] = {}
    for report, entry in zip(reports, entries, strict=True):
        for n, spec in enumerate(entry.events):
            events.append(_event(report, n, spec, entities))
    return raw, Extraction(document=document, events=tuple(events), entities=tuple(entities.values()))


def _event(report: Report, n: int, spec: dict[str, object], entities: dict[str, Entity]) -> Event:
    words = str(spec.get("words", report.text))
    start = report.text.find(words)
    start = max(start, 0)
    end = start + len(words)
    evidence = Evidence(report.id, start, end, words, report.doc_start + start, report.doc_start + end)
    figures = []
    for outcome, value, qualifier, phrase in spec.get("figures", []):  # type: ignore[attr-defined]
        at = report.text.find(phrase)
        figures.append(
            Figure(value, None, qualifier, phrase, report.id, at, at + len(phrase), outcome=outcome)
        )
    actors = []
    for name in spec.get("actors", []):  # type: ignore[attr-defined]
        entity_id = f"{report.document_id}-{name}"
        at = max(report.text.find(name), 0)
        mention = Mention(
            report.id,
            at,
            at + len(name),
            name,
            report.doc_start + at,
            report.doc_start + at + len(name),
            "person",
        )
        known = entities.get(entity_id)
        entities[entity_id] = Entity(
            id=entity_id,
            name=name,
            kind="person",
            aliases=tuple(spec.get("aliases", ())),  # type: ignore[arg-type]
            roles=tuple(spec.get("roles", ())),  # type: ignore[arg-type]
            mentions=(*(known.mentions if known else ()), mention),
        )
        actors.append(Actor(name=name, role="actor", kind="government", entity_id=entity_id))
    sources = tuple(Source(name, "government") for name in spec.get("sources", []))  # type: ignore[attr-defined]
    return Event(
        # As the contract derives it: the document offsets of the first evidence span (docs/sitrep-1.md).
        id=f"{report.document_id}-e{evidence.doc_start}-{evidence.doc_end}-{n}-{str(spec.get('type', 'FIGHT')).lower()}",
        report_id=report.id,
        document_id=report.document_id,
        type=str(spec.get("type", "FIGHT")),
        mode=None,
        acled_event_type=str(spec.get("acled", "Battles")),
        acled_sub_event_type=str(spec.get("sub", "Armed clash")),
        summary=words,
        date=str(spec.get("date", report.time.date().isoformat() if report.time else "")) or None,
        date_precision=TimePrecision.DAY,
        location=spec.get("place", MARN),  # type: ignore[arg-type]
        actors=tuple(actors),
        casualties=tuple(figures),
        sources=sources,
        attribution="reported" if sources else "asserted",
        contested_terms=(),
        evidence=(evidence,),
        confidence=0.8,
    )
