"""The living record for programs and people: ``StoredFusedEvent → dict`` and rich tables.

`events_payload` is the contract of ``sitrep events --format json`` (docs/living-record.md):
``{"schema": "sitrep/1", "events": [...]}``, each fused event with the `sitrep/1` event fields
plus ``documents``, ``claims`` and ``figures``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.text import Text

from sitrep.export.sitrep_json import SCHEMA
from sitrep.fuse import FigureClaim, FigureSummary
from sitrep.store import StoredFusedEvent

_EXCERPT = 110


def fused_event_to_json(event: StoredFusedEvent) -> dict[str, Any]:
    """One fused event: its `sitrep/1` fields, documents, claims, figures and history."""
    return {
        **event.fields,
        "documents": list(event.documents),
        "claims": list(event.claims),
        "figures": {outcome: figure_summary_to_json(s) for outcome, s in event.figures.items()},
        "history": list(event.history),
    }


def figure_claim_to_json(claim: FigureClaim) -> dict[str, Any]:
    return {
        "min": claim.min,
        "max": claim.max,
        "qualifier": claim.qualifier,
        "document_id": claim.document_key,
        "report_id": claim.report_key,
        "time": claim.time.isoformat() if claim.time else None,
        "sources": [{"name": n, "kind": k, "via": v} for n, k, v in claim.sources],
        "attribution": claim.attribution,
        "group": claim.group,
        "text": claim.text,
        "words": claim.words,
        "superseded": claim.superseded,
        "time_precision": claim.time_precision,
    }


def figure_summary_to_json(summary: FigureSummary) -> dict[str, Any]:
    """One outcome's figures over time: the latest claim, the range, the contradiction flag and
    every claim; a claim in a contradicting pair is flagged ``disputed``."""
    disputed = {id(c) for pair in summary.conflicts for c in pair}
    return {
        "latest": figure_claim_to_json(summary.latest),
        "low": summary.low,
        "high": summary.high,
        "contradiction": summary.contradiction,
        "conflicts": [[_claim_ref(a), _claim_ref(b)] for a, b in summary.conflicts],
        "claims": [{**figure_claim_to_json(c), "disputed": id(c) in disputed} for c in summary.claims],
    }


def _claim_ref(claim: FigureClaim) -> dict[str, Any]:
    return {"report_id": claim.report_key, "min": claim.min, "max": claim.max, "qualifier": claim.qualifier}


def events_payload(events: Iterable[StoredFusedEvent]) -> dict[str, Any]:
    """The ``sitrep events --format json`` object."""
    return {"schema": SCHEMA, "events": [fused_event_to_json(e) for e in events]}


def figures_payload(events: Iterable[StoredFusedEvent]) -> dict[str, Any]:
    """The ``sitrep figures --format json`` object: per event, its place, date and figures."""
    return {
        "schema": SCHEMA,
        "figures": [
            {
                "event_id": e.id,
                "type": e.fields["type"],
                "date": e.fields["date"],
                "location": e.fields["location"],
                "summary": e.fields["summary"],
                "documents": list(e.documents),
                "figures": {outcome: figure_summary_to_json(s) for outcome, s in e.figures.items()},
            }
            for e in events
        ],
    }


def format_figure(claim: FigureClaim) -> str:
    """A claim's value as a person reads it: "at least 8", "8-10", "about 300", "dozens (12+)"."""
    value = f"{claim.min}" if claim.max in (None, claim.min) else f"{claim.min}-{claim.max}"
    match claim.qualifier:
        case "at_least":
            return f"at least {value}"
        case "at_most":
            return f"at most {value}"
        case "approx":
            return f"about {value}"
        case "vague":
            return f"{claim.words.lower() or 'vague'} ({claim.min}+)"
    return value


def source_chain(claim: FigureClaim) -> str:
    if not claim.sources:
        return "the outlet itself"
    return "; ".join(f"{name} via {via}" if via else name for name, _, via in claim.sources)


def render_events(events: list[StoredFusedEvent], console: Console) -> None:
    """One block an event: what, when, where; how many reports and documents; the latest tolls
    with who says so (a contradiction marked); the words of its best claim."""
    console.rule(f"[bold]Fused events ({len(events)})[/bold]")
    for event in events:
        f = event.fields
        block = Text()
        block.append(f"{event.id} ", style="bold cyan")
        block.append(f["type"], style="bold")
        if f["acled"]["sub_event_type"]:
            block.append(f" · {f['acled']['sub_event_type']}")
        date = f["date"] or "undated"
        if f.get("date_to") and f["date_to"] != f["date"]:
            date = f"{date} to {f['date_to']}"
        location = f["location"] or {}
        place = ", ".join(p for p in (location.get("name"), location.get("country")) if p) or "no place"
        block.append(f" · {date} · {place}\n")
        block.append(f"  {len(event.claims)} report(s) from {len(event.documents)} document(s): ")
        block.append(", ".join(event.documents) + "\n", style="dim")
        for outcome, s in event.figures.items():
            block.append(
                f"  {outcome}: {format_figure(s.latest)} ({source_chain(s.latest)}); {s.low} to {s.high}"
            )
            if s.contradiction:
                block.append(" · CONTRADICTION", style="bold red")
            block.append("\n")
        block.append(f"  {_excerpt(f['summary'])}", style="italic")
        console.print(block)


def reported_at(claim: FigureClaim) -> str:
    """When a claim was reported, as exactly as its report's time is known."""
    if claim.time is None:
        return "undated"
    if claim.time_precision in ("day", "part_of_day", "week", "month", "year", "unknown"):
        return claim.time.date().isoformat()
    return claim.time.strftime("%Y-%m-%d %H:%M UTC%z").replace("UTC+0000", "UTC")


def render_figures(events: list[StoredFusedEvent], console: Console) -> None:
    """Per event with figures: every claim in report time order with who says so, then the
    latest, lowest and highest and any contradiction."""
    if not events:
        console.print("no casualty figures match", markup=False)
    for event in events:
        f = event.fields
        place = (f["location"] or {}).get("name") or "no place"
        console.rule(f"[bold]{event.id} · {f['type']} · {f['date'] or 'undated'} · {place}[/bold]")
        for outcome, summary in event.figures.items():
            conflicting = {id(c) for pair in summary.conflicts for c in pair}
            for claim in summary.claims:
                line = Text(f"{reported_at(claim):<21} {outcome:<9} ")
                style = "bold red" if id(claim) in conflicting else ("dim" if claim.superseded else "bold")
                line.append(f"{format_figure(claim):<14}", style=style)
                line.append(f" {source_chain(claim)}")
                if claim.superseded:
                    line.append(" (replaced by a later version)", style="dim")
                line.append(f"\n    {claim.report_key}: ", style="dim")
                line.append(_excerpt(claim.text), style="italic")
                console.print(line)
            total = Text(
                f"{outcome}: latest {format_figure(summary.latest)} ({source_chain(summary.latest)}), "
                f"lowest {summary.low}, highest {summary.high}"
            )
            if summary.contradiction:
                total.append(" · CONTRADICTION: ", style="bold red")
                total.append(
                    "; ".join(
                        f"{format_figure(a)} ({source_chain(a)}, {reported_at(a)}) vs "
                        f"{format_figure(b)} ({source_chain(b)}, {reported_at(b)})"
                        for a, b in summary.conflicts
                    )
                )
            console.print(total)


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _EXCERPT else text[: _EXCERPT - 1] + "…"
