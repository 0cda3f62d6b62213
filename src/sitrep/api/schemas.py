"""The API's schemas: what a request may say (strict: unknown fields and parameters are refused)
and what a response holds (the `sitrep/1` contract's fields; extra fields are welcome there, as
the contract says, so responses are open to additions).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, field_validator

from sitrep.code.triggers import PLOVER_TYPES as EVENT_TYPES

# ---------------------------------------------------------------- requests


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


class Paging(Strict):
    limit: Annotated[int, Field(ge=1, le=500, description="Items a page (at most 500).")] = 50
    offset: Annotated[int, Field(ge=0, le=10_000_000, description="Items to skip.")] = 0


class EventFilters(Strict):
    """The filters of `sitrep events`, as query parameters."""

    since: date | datetime | None = Field(None, description="Events on or after this date or time.")
    until: date | datetime | None = Field(None, description="Events on or before this date or time.")
    type: str | None = Field(None, description="PLOVER event types, comma-separated (FIGHT,ASSAULT).")
    place: str | None = Field(
        None, max_length=200, description="Place name (the event's place, admin1 or country)."
    )
    bbox: str | None = Field(None, description="Bounding box west,south,east,north in degrees.")
    actor: str | None = Field(None, max_length=200, description="Words of an actor's name or alias.")
    source: str | None = Field(None, max_length=200, description="Words of a source's name.")
    q: str | None = Field(None, max_length=500, description="Words in the event's summary or evidence.")
    ids: str | None = Field(None, max_length=20_000, description="Only these event ids, comma-separated.")

    @field_validator("type")
    @classmethod
    def _types(cls, value: str | None) -> str | None:
        unknown = [t for t in _split(value) if t.upper() not in EVENT_TYPES]
        if unknown:
            raise ValueError(f"unknown event type {unknown[0]!r}; one of {', '.join(EVENT_TYPES)}")
        return ",".join(t.upper() for t in _split(value)) or None

    @field_validator("bbox")
    @classmethod
    def _bbox(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        parts = _split(value)
        try:
            west, south, east, north = (float(p) for p in parts)
        except ValueError:
            raise ValueError("bbox is west,south,east,north: four numbers") from None
        if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
            raise ValueError("bbox is west,south,east,north within -180..180 and -90..90, south <= north")
        return value

    def types(self) -> list[str]:
        return _split(self.type)

    def id_list(self) -> list[str]:
        return _split(self.ids)

    def box(self) -> tuple[float, float, float, float] | None:
        if self.bbox is None:
            return None
        west, south, east, north = (float(p) for p in _split(self.bbox))
        return west, south, east, north


class EventQuery(EventFilters, Paging):
    """Filters and a page."""


class ReportQuery(EventQuery):
    """Reports: the same filters (a report passes when it passes them or holds an event that does)."""

    document: str | None = Field(None, max_length=500, description="Only this document's reports.")


class EntityQuery(Paging):
    q: str | None = Field(None, max_length=200, description="Words of the name or an alias.")
    kind: str | None = Field(None, max_length=40, description="person, organization, group, place, ...")


class FigureQuery(EventFilters):
    event: str | None = Field(None, max_length=200, description="Only this event's figures.")


class SubmitDocument(Strict):
    """A document to read and store, as `sitrep ingest` would from a JSON Lines line."""

    text: str = Field(min_length=1, description="The document's text (plain text, or HTML with format=html).")
    id: str | None = Field(
        None, min_length=1, max_length=200, description="Its id; by default one from its content."
    )
    format: Literal["text", "html"] = "text"
    title: str | None = Field(None, max_length=1000)
    published: str | None = Field(None, max_length=40, description="Publication date or time, ISO 8601.")
    url: AnyHttpUrl | None = None
    outlet: str | None = Field(None, max_length=200)


class SubmitUrl(Strict):
    url: AnyHttpUrl = Field(description="A page to fetch once, read and store.")


class SubmitFeed(Strict):
    url: AnyHttpUrl = Field(description="An RSS/Atom feed or live-ticker page to watch.")
    interval: Annotated[float, Field(ge=10, le=86_400, description="Seconds between polls.")] = 120.0


# ---------------------------------------------------------------- responses


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ErrorBody(Strict):
    status: int
    code: str
    message: str


class ErrorResponse(Strict):
    error: ErrorBody


class Span(Open):
    report_id: str | None = None
    start: int
    end: int
    text: str | None = None


class SourceOut(Open):
    name: str
    kind: str | None = None
    via: str | None = None


class FigureClaim(Open):
    min: int | None
    max: int | None = None
    qualifier: str
    document_id: str | None = None
    report_id: str | None = None
    time: str | None = None
    sources: list[SourceOut] = []
    text: str | None = None


class Figure(Open):
    latest: dict[str, Any] | None
    low: int | None
    high: int | None
    contradiction: bool
    claims: list[FigureClaim]


class Claim(Open):
    report_id: str
    document_id: str
    attribution: str | None = None
    sources: list[SourceOut] = []
    evidence: list[Span] = []


class FusedEvent(Open):
    id: str
    type: str
    summary: str | None = None
    date: str | None = None
    location: dict[str, Any] | None = None
    actors: list[dict[str, Any]] = []
    documents: list[str] = []
    claims: list[Claim] = []
    figures: dict[str, Figure] = {}


class EventPage(Strict):
    schema_: str = Field("sitrep/1", alias="schema")
    total: int
    limit: int
    offset: int
    events: list[FusedEvent]

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Mark(Strict):
    start: int
    end: int
    kind: str
    label: str | None = None
    event_id: str | None = None
    entity_id: str | None = None
    report_id: str | None = None


class ReportOut(Open):
    id: str
    document_id: str
    time: str | None = None
    headline: str | None = None
    text: str
    marks: list[Mark] = []


class ReportPage(Strict):
    total: int
    limit: int
    offset: int
    reports: list[ReportOut]


class EventDetail(Strict):
    event: FusedEvent
    reports: list[ReportOut]


class EntityOut(Open):
    id: str
    name: str
    kind: str


class EntityPage(Strict):
    total: int
    limit: int
    offset: int
    entities: list[EntityOut]


class FigureSeries(Strict):
    event_id: str
    summary: str | None
    location: dict[str, Any] | None
    outcome: str
    figure: Figure


class FigureList(Strict):
    series: list[FigureSeries]


class ActorRef(Strict):
    name: str
    kind: str | None = None


class ActorPair(Strict):
    actor: ActorRef
    target: ActorRef | None
    type: str
    count: int
    event_ids: list[str]


class ActorPairs(Strict):
    pairs: list[ActorPair]


class RejectionOut(Open):
    origin: str
    reason: str


class RejectionPage(Strict):
    total: int
    limit: int
    offset: int
    rejections: list[RejectionOut]


class Meta(Strict):
    schema_: str = Field("sitrep/1", alias="schema")
    version: str
    event_types: list[str]
    counts: dict[str, int]
    change: int
    read_needs_token: bool
    writable: bool
    credits: list[str]

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Accepted(Strict):
    documents: list[str]
    reports: int
    events: int
    rejections: list[RejectionOut]


class FeedWatched(Strict):
    url: str
    interval: float
