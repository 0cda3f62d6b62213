"""A readable view for a person: ``Extraction → rich tables`` on a console."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.table import Table

from sitrep.model import Event, Extraction, Report, TimePrecision

_EXCERPT = 160


def render_extractions(extractions: Iterable[Extraction], console: Console) -> None:
    """Print each document's reports, events and removed noise as tables."""
    for extraction in extractions:
        document = extraction.document
        published = document.published.date().isoformat() if document.published else "unknown date"
        console.rule(f"[bold]{document.title or document.id}[/bold]")
        console.print(
            f"{document.id} · {document.outlet or 'unknown outlet'} · published {published} · "
            f"times in {document.timezone} ({document.timezone_source}) · {document.ordering.replace('_', ' ')}",
            markup=False,
        )
        console.print(_reports_table(document.reports))
        if extraction.events:
            console.print(_events_table(extraction.events))
        if document.noise:
            kinds: dict[str, int] = {}
            for item in document.noise:
                kinds[item.kind.value] = kinds.get(item.kind.value, 0) + 1
            removed = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in sorted(kinds.items()))
            console.print(f"removed and kept as metadata: {removed}", markup=False)


def _reports_table(reports: Iterable[Report]) -> Table:
    table = Table(title="Reports", show_lines=True, expand=True)
    table.add_column("id", no_wrap=True)
    table.add_column("time", no_wrap=True)
    table.add_column("headline", ratio=1)
    table.add_column("text", ratio=2)
    for report in reports:
        table.add_row(report.id, _time(report), report.headline or "", _excerpt(report.text))
    return table


def _events_table(events: Iterable[Event]) -> Table:
    table = Table(title="Events", show_lines=True, expand=True)
    for column in ("id", "type", "ACLED", "date", "place", "actors", "figures", "sources"):
        table.add_column(column)
    for event in events:
        table.add_row(
            event.id,
            f"{event.type}" + (f" ({event.mode})" if event.mode else ""),
            event.acled_sub_event_type or "",
            event.date or "",
            event.location.name if event.location else "",
            "; ".join(f"{a.name} [{a.role}]" for a in event.actors),
            "; ".join(f"{f.outcome}: {f.text}" for f in event.casualties),
            "; ".join(s.name + (f" via {s.via}" if s.via else "") for s in event.sources),
        )
    return table


def _time(report: Report) -> str:
    if report.time is None:
        return "unknown"
    if report.time_precision in (TimePrecision.DAY, TimePrecision.UNKNOWN):
        return report.time.date().isoformat()
    return report.time.strftime("%Y-%m-%d %H:%M %z")


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _EXCERPT else flat[: _EXCERPT - 1].rstrip() + "…"
