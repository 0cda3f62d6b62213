"""What the routes answer, built from the catalog's records: report marks, actor pairs,
figure series, event details. Pure functions over `sitrep/1` JSON, tested without a server.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sitrep.api.catalog import Catalog
from sitrep.api.schemas import EventFilters

EXPORT_PAGE = 500
ACTOR_EVENT_LIMIT = 20_000


def all_events(
    catalog: Catalog, filters: EventFilters, cap: int = ACTOR_EVENT_LIMIT
) -> Iterator[dict[str, Any]]:
    """Every event passing the filters, page by page (at most ``cap``)."""
    offset = 0
    while offset < cap:
        page = catalog.events(filters, min(EXPORT_PAGE, cap - offset), offset)
        yield from page.items
        offset += len(page.items)
        if not page.items or offset >= page.total:
            return


def report_marks(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The facts read from a report, as marks on its text: each event's evidence (linked to the
    event), its casualty figures inside that evidence, and the entities mentioned."""
    text = report.get("text") or ""
    marks: list[dict[str, Any]] = []
    for claim in report.get("events", []):
        event_id = claim.get("event_id")
        spans = [
            (span["start"], span["end"])
            for span in claim.get("evidence", [])
            if span.get("report_id") in (None, report["id"])
            and _valid(span.get("start"), span.get("end"), text)
        ]
        for start, end in spans:
            marks.append(
                {
                    "start": start,
                    "end": end,
                    "kind": "evidence",
                    "label": claim.get("summary") or claim.get("type"),
                    "event_id": event_id,
                    "report_id": report["id"],
                }
            )
        for casualty in claim.get("casualties", []):
            found = _casualty_span(casualty, text, report["id"], spans)
            if found:
                marks.append(
                    {
                        "start": found[0],
                        "end": found[1],
                        "kind": "casualty",
                        "label": f"{casualty.get('outcome', '')} {_figure(casualty)}".strip(),
                        "event_id": event_id,
                        "report_id": report["id"],
                    }
                )
    for mention in report.get("mentions", []):
        start, end = mention.get("start"), mention.get("end")
        if _valid(start, end, text):
            marks.append(
                {
                    "start": start,
                    "end": end,
                    "kind": _entity_kind(mention.get("kind")),
                    "label": mention.get("name"),
                    "entity_id": mention.get("entity_id"),
                    "report_id": report["id"],
                }
            )
    marks.sort(key=lambda m: (m["start"], -m["end"]))
    return marks


def present_report(report: dict[str, Any]) -> dict[str, Any]:
    """A report as the API gives it: its fields, with marks instead of the raw claims."""
    out = {k: v for k, v in report.items() if k not in ("events", "mentions")}
    out["marks"] = report_marks(report)
    return out


def event_detail(catalog: Catalog, event: dict[str, Any]) -> dict[str, Any]:
    """An event with the reports its claims came from (for showing the evidence in place)."""
    report_ids: list[str] = []
    for claim in event.get("claims", []):
        for rid in [claim.get("report_id"), *(s.get("report_id") for s in claim.get("evidence", []))]:
            if rid and rid not in report_ids:
                report_ids.append(rid)
    reports = [present_report(r) for r in catalog.reports_by_id(report_ids)]
    return {"event": event, "reports": reports}


def actor_pairs(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Who acted on whom: (actor, type, target) with the number of events, most frequent first."""
    pairs: dict[tuple[str, str, str], dict[str, Any]] = {}
    for event in events:
        actors = [a for a in event.get("actors", []) if a.get("role") == "actor"]
        targets = [a for a in event.get("actors", []) if a.get("role") == "target"] or [None]
        for actor in actors:
            for target in targets:
                key = (actor["name"].casefold(), event["type"], target["name"].casefold() if target else "")
                entry = pairs.setdefault(
                    key,
                    {
                        "actor": {"name": actor["name"], "kind": actor.get("kind")},
                        "target": {"name": target["name"], "kind": target.get("kind")} if target else None,
                        "type": event["type"],
                        "count": 0,
                        "event_ids": [],
                    },
                )
                if event["id"] not in entry["event_ids"]:
                    entry["event_ids"].append(event["id"])
                    entry["count"] += 1
    return sorted(pairs.values(), key=lambda p: (-p["count"], p["actor"]["name"], p["type"]))


def figure_series(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each event's figures, one series an outcome, with every claim."""
    series = []
    for event in events:
        for outcome, figure in (event.get("figures") or {}).items():
            series.append(
                {
                    "event_id": event["id"],
                    "summary": event.get("summary"),
                    "location": event.get("location"),
                    "outcome": outcome,
                    "figure": figure,
                }
            )
    return series


def _valid(start: Any, end: Any, text: str) -> bool:
    return isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)


def _casualty_span(
    casualty: dict[str, Any], text: str, report_id: str, spans: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """Where a figure's words stand: its own offsets, else its words inside the evidence."""
    start, end = casualty.get("start"), casualty.get("end")
    own = casualty.get("report_id") in (None, report_id)
    if own and isinstance(start, int) and isinstance(end, int) and _valid(start, end, text):
        return start, end
    for span_start, span_end in spans:
        found = _find_within(text, casualty.get("text"), span_start, span_end)
        if found:
            return found
    return None


def _find_within(text: str, needle: str | None, start: int, end: int) -> tuple[int, int] | None:
    if not needle:
        return None
    at = text.find(needle, start, end)
    if at < 0:
        at = text.casefold().find(needle.casefold(), start, end)
    return (at, at + len(needle)) if at >= 0 else None


def _figure(casualty: dict[str, Any]) -> str:
    low, high = casualty.get("min"), casualty.get("max")
    return f"{low}–{high}" if high not in (None, low) else str(low)


def _entity_kind(kind: Any) -> str:
    kind = str(kind or "entity").lower()
    return {"org": "organization", "organisation": "organization", "gpe": "place", "loc": "place"}.get(
        kind, kind
    )
