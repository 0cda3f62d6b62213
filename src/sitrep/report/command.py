"""What `sitrep report` and `sitrep export` do, for the command line and the API: read the
store's events through its public functions, make the brief or the export, and (``--since-last``)
remember the report in the store.

    make_report(store, query, format, max_words=..., since_last=...) -> str
    export_events(store, query, format) -> Iterator[str]
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sitrep.export.living import fused_event_to_json
from sitrep.report.brief import build_brief, shown_state
from sitrep.report.exports import ExportFormat, export_chunks
from sitrep.report.html import brief_html
from sitrep.report.markdown import brief_markdown
from sitrep.store import EventQuery, Store
from sitrep.store.briefs import last_brief, record_brief
from sitrep.store.exchange import stored_record


class ReportFormat(StrEnum):
    MD = "md"
    HTML = "html"


def event_records(store: Store, query: EventQuery) -> list[dict[str, Any]]:
    """The matching events as the living record's JSON contract shows them."""
    return [fused_event_to_json(e) for e in store.events(query)]


def make_report(
    store: Store,
    query: EventQuery,
    output: ReportFormat,
    *,
    max_words: int | None = None,
    since_last: bool = False,
    now: datetime | None = None,
) -> str:
    """The brief as Markdown or HTML. With ``since_last``, what changed since the last report
    made with ``since_last``, and this one is remembered for the next."""
    events = event_records(store, query)
    made_at = now or datetime.now(UTC)
    previous = last_brief(store) if since_last else None
    brief = build_brief(
        events,
        made_at,
        previous=(previous.shown if previous else {}) if since_last else None,
        since=previous.made_at if previous else None,
        max_words=max_words,
    )
    text = brief_html(brief) if output is ReportFormat.HTML else brief_markdown(brief)
    if since_last:
        record_brief(store, shown_state(events))
    return text


def export_events(store: Store, query: EventQuery, output: ExportFormat) -> Iterator[str]:
    """The export; as JSON with the stored documents behind the events (``record``), so that
    ``sitrep ingest`` of it into an empty store gives the same events."""
    events = event_records(store, query)
    record = None
    if output is ExportFormat.JSON:
        record = stored_record(store, sorted({d for e in events for d in e.get("documents") or []}))
    return export_chunks(events, output, record=record)
