"""A readable view for a person: ``Extraction → rich renderables`` for the command line to print."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from sitrep.model import Event, Extraction, Figure, Report, TimePrecision

_EXCERPT = 160


def render_extractions(extractions: Iterable[Extraction]) -> Iterator[RenderableType]:
    """Each document's reports, events and removed noise, as rules, lines and tables."""
    for extraction in extractions:
        document = extraction.document
        published = document.published.date().isoformat() if document.published else "unknown date"
        yield Rule(Text(document.title or document.id, style="bold"))
        yield Text(
            f"{document.id} · {document.outlet or 'unknown outlet'} · published {published} · "
            f"times in {document.timezone} ({document.timezone_source}) · {document.ordering.replace('_', ' ')}"
        )
        yield _reports_table(document.reports)
        if extraction.events:
            yield _events_view(extraction.events)
        if document.noise:
            kinds: dict[str, int] = {}
            for item in document.noise:
                kinds[item.kind.value] = kinds.get(item.kind.value, 0) + 1
            removed = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in sorted(kinds.items()))
            yield Text(f"removed and kept as metadata: {removed}")


def _reports_table(reports: Iterable[Report]) -> Table:
    table = Table(title="Reports", show_lines=True, expand=True)
    table.add_column("id", no_wrap=True)
    table.add_column("time", no_wrap=True)
    table.add_column("headline", ratio=1)
    table.add_column("text", ratio=2)
    for report in reports:
        table.add_row(report.id, _time(report), report.headline or "", _excerpt(report.text))
    return table


def _events_view(events: Iterable[Event]) -> Group:
    """One short block an event: what, where, when; who; how many; who says so; the words."""
    blocks: list[Text] = []
    for event in events:
        block = Text()
        block.append(event.type, style="bold")
        if event.mode:
            block.append(f" ({event.mode})")
        if event.acled_sub_event_type:
            block.append(f" · {event.acled_sub_event_type}")
        block.append(
            f" · {event.date or 'undated'} · {event.location.name if event.location else 'no place'}"
        )
        block.append(f" · confidence {event.confidence:.2f}\n", style="dim")
        if event.actors:
            block.append("  who: " + "; ".join(f"{a.name} [{a.role}, {a.kind}]" for a in event.actors) + "\n")
        if event.casualties:
            block.append("  figures: " + "; ".join(_figure(f) for f in event.casualties) + "\n")
        if event.details:
            block.append("  details: " + ", ".join(f"{k} {v}" for k, v in event.details) + "\n")
        says = "; ".join(s.name + (f" via {s.via}" if s.via else "") for s in event.sources)
        block.append(f"  {event.attribution}" + (f" by {says}" if says else "") + "\n")
        if event.contested_terms:
            block.append("  contested: " + ", ".join(f"“{t}”" for t in event.contested_terms) + "\n")
        block.append(
            f"  “{_excerpt(event.evidence[0].text if event.evidence else event.summary)}”\n", style="italic"
        )
        blocks.append(block)
    return Group(Text("Events", style="bold underline"), *blocks)


def _figure(figure: Figure) -> str:
    bound = {"at_least": "≥", "at_most": "≤", "approx": "~", "vague": "≥"}.get(figure.qualifier, "")
    group = f" {figure.group}" if figure.group else ""
    return f"{figure.outcome} {bound}{figure.min}{group}"


def _time(report: Report) -> str:
    if report.time is None:
        return "unknown"
    if report.time_precision in (TimePrecision.DAY, TimePrecision.UNKNOWN):
        return report.time.date().isoformat()
    return report.time.strftime("%Y-%m-%d %H:%M %z")


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _EXCERPT else flat[: _EXCERPT - 1].rstrip() + "…"
