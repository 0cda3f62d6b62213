"""The records that flow through the pipeline.

Every record is a frozen, slotted dataclass and carries the id of the document it came from and
character offsets, so each fact can be traced back to the words it was read from. Two kinds
of offsets exist, as the `sitrep/1` contract defines them:

* ``start``/``end`` point into a report's cleaned ``text``;
* ``doc_start``/``doc_end`` point into the document's ``text`` exactly as it was read
  (after decoding, before any cleaning). `Report.to_doc_offset` maps the former to the latter.

Records that later stages add (events, entities, claims) live here too, so every stage speaks
the same nouns and no stage needs another stage's internals.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from sitrep.vocab import Stage


class InputFormat(StrEnum):
    """How an input's bytes are to be read."""

    TEXT = "text"
    HTML = "html"
    JSONL = "jsonl"


class TimePrecision(StrEnum):
    """How exactly a time is known; ordered from finest to coarsest."""

    SECOND = "second"
    MINUTE = "minute"
    HOUR = "hour"
    PART_OF_DAY = "part_of_day"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    UNKNOWN = "unknown"


class NoiseKind(StrEnum):
    """What a piece of removed text was."""

    CAPTION = "caption"
    CREDIT = "credit"
    AUTHOR_TAG = "author_tag"
    BOILERPLATE = "boilerplate"
    LINK_MARKER = "link_marker"
    SUBHEADING = "subheading"
    HEADER = "header"


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One input document as read: decoded text and what the input said about it.

    ``text`` is the document's text exactly as read (for HTML: the extracted main text);
    every ``doc_start``/``doc_end`` offset points into it.
    """

    id: str
    text: str
    origin: str
    format: InputFormat
    title: str | None = None
    published: datetime | None = None
    published_precision: TimePrecision = TimePrecision.UNKNOWN
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    language: str = "en"
    timezone: str | None = None
    body_start: int = 0
    """Offset where the body begins: a leading ``date YYYY-MM-DD`` header line is not body."""


@dataclass(frozen=True, slots=True)
class Noise:
    """Text removed from a document but kept as metadata (a credit names a photographer)."""

    kind: NoiseKind
    text: str
    doc_start: int
    doc_end: int


@dataclass(frozen=True, slots=True)
class Report:
    """One dated entry of a document: a ticker update, or a whole plain article.

    ``text`` is the cleaned body. ``pieces`` maps it back to the document: each triple
    ``(report_offset, doc_offset, length)`` says that ``text[report_offset:report_offset+length]``
    equals ``document.text[doc_offset:doc_offset+length]``; text between pieces is a single
    space or newline the cleaner inserted.
    """

    id: str
    document_id: str
    seq: int
    text: str
    time: datetime | None
    time_precision: TimePrecision
    time_source: str
    headline: str | None = None
    stamp: str | None = None
    doc_start: int = 0
    doc_end: int = 0
    pieces: tuple[tuple[int, int, int], ...] = ()

    def to_doc_offset(self, offset: int) -> int:
        """Map an offset in ``text`` to the matching offset in the document's text."""
        if not self.pieces:
            return self.doc_start + offset
        starts = [p[0] for p in self.pieces]
        i = max(bisect_right(starts, offset) - 1, 0)
        rep, doc, length = self.pieces[i]
        return doc + min(offset - rep, length)


@dataclass(frozen=True, slots=True)
class Document:
    """A document after segmentation: its metadata, its reports and what was removed."""

    id: str
    text: str
    origin: str
    format: InputFormat
    reports: tuple[Report, ...]
    title: str | None = None
    published: datetime | None = None
    published_precision: TimePrecision = TimePrecision.UNKNOWN
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    language: str = "en"
    timezone: str = "UTC"
    timezone_source: str = "default"
    ordering: str = "single"
    standfirst: str | None = None
    noise: tuple[Noise, ...] = ()


@dataclass(frozen=True, slots=True)
class Rejection:
    """A document that could not be processed: where it came from, at which stage, and why."""

    origin: str
    stage: Stage
    reason: str
    document_id: str | None = None


# ---------------------------------------------------------------------------------------------
# Analysis and coding records (filled by the nlp and code stages)


@dataclass(frozen=True, slots=True)
class Evidence:
    """A span of a report's text that supports a fact."""

    report_id: str
    start: int
    end: int
    text: str
    doc_start: int
    doc_end: int


@dataclass(frozen=True, slots=True)
class Place:
    """A place resolved against the gazetteer."""

    name: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None
    precision: str
    aliases: tuple[str, ...] = ()
    country_name: str | None = None


@dataclass(frozen=True, slots=True)
class Figure:
    """A count read from text: a casualty figure or a number of people, vehicles, checkpoints."""

    min: int | None
    max: int | None
    qualifier: str
    text: str
    report_id: str
    start: int
    end: int
    outcome: str | None = None
    group: str | None = None
    unit: str | None = None
    category: str | None = None
    """What a non-casualty count counts: troops, checkpoints, aircraft, vehicles..."""
    scope: str | None = None
    """A casualty figure's standing: ``total`` (a running total), ``new`` (further victims),
    ``subset`` (members of a group counted elsewhere), ``known`` (one person already introduced,
    "the victim"), ``one_of`` (one of those told before: "one of them died") or None."""


@dataclass(frozen=True, slots=True)
class Source:
    """One link of an attribution chain: who says so, and through whom."""

    name: str
    kind: str
    via: str | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    """A participant of an event."""

    name: str
    role: str
    kind: str
    country: str | None = None
    entity_id: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Mention:
    """A stretch of report text naming an entity."""

    report_id: str
    start: int
    end: int
    text: str
    label: str
    doc_start: int
    doc_end: int


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world referent with every name it goes by in the documents."""

    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    place: Place | None = None
    actor_kind: str | None = None
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """A coded event: PLOVER type and mode, ACLED type, actors, place, time, figures, sources."""

    id: str
    report_id: str
    document_id: str
    type: str
    mode: str | None
    acled_event_type: str | None
    acled_sub_event_type: str | None
    summary: str
    date: str | None
    date_precision: TimePrecision
    location: Place | None
    actors: tuple[Actor, ...]
    casualties: tuple[Figure, ...]
    sources: tuple[Source, ...]
    attribution: str
    contested_terms: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    confidence: float
    details: dict[str, str | int | float] = field(default_factory=dict)
    context: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything read from one document: its reports, and the events and entities coded."""

    document: Document
    events: tuple[Event, ...] = ()
    entities: tuple[Entity, ...] = ()


# ---------------------------------------------------------------------------------------------
# What the nlp stage hands to the code stage (no spaCy objects cross this line)


@dataclass(frozen=True, slots=True)
class Phrase:
    """A stretch of a report's text: a noun phrase, a trigger, a quoted term."""

    text: str
    start: int
    end: int
    head: str = ""
    label: str = ""
    entity: str | None = None
    words: tuple[str, ...] = ()
    """Lemmas of the phrase's content words (for trigger arguments: ``tear gas`` → tear, gas)."""


@dataclass(frozen=True, slots=True)
class Frame:
    """A predicate and its arguments, read from a sentence's parse.

    ``trigger`` is the verb (or event noun) with its ``lemma`` and particle (``set up``);
    ``subject``/``object``/``agent`` are noun phrases; ``obliques`` are prepositional
    arguments (``in Almaty``, ``with terrorists``) keyed by their preposition.
    """

    lemma: str
    trigger: Phrase
    kind: str
    subject: Phrase | None = None
    object: Phrase | None = None
    agent: Phrase | None = None
    obliques: tuple[tuple[str, Phrase], ...] = ()
    passive: bool = False
    negated: bool = False
    modality: str | None = None
    particle: str | None = None
    directive: bool = False
    """The predicate is ordered or asked for, not done ("ordered the forces to neutralise")."""
    co_subjects: tuple[Phrase, ...] = ()
    """Further subjects joined by "and": "The government and the MUF signed"."""
    co_objects: tuple[Phrase, ...] = ()
    background: bool = False
    """A noun in a background phrase ("in response to the protests"): not an event itself."""
    modifiers: tuple[str, ...] = ()
    """Lemmas of the trigger's own modifiers (``air`` in ``air strike``, ``violent`` protests)."""


@dataclass(frozen=True, slots=True)
class PlaceRef:
    """A place named in a report, resolved against the gazetteer."""

    phrase: Phrase
    place: Place


@dataclass(frozen=True, slots=True)
class TimeRef:
    """A time expression, resolved relative to its report's time."""

    phrase: Phrase
    kind: str
    date: str | None
    precision: TimePrecision
    start: datetime | None = None
    end: datetime | None = None
    start_clock: str | None = None
    end_clock: str | None = None


@dataclass(frozen=True, slots=True)
class AttributionRef:
    """Who says what a sentence says, how firmly, and which words are the speaker's framing."""

    sources: tuple[Source, ...]
    level: str
    contested: tuple[str, ...] = ()
    speaker_pronoun: str | None = None
    anaphoric: bool = False


@dataclass(frozen=True, slots=True)
class Sentence:
    """One analysed sentence of a report."""

    report_id: str
    index: int
    paragraph: int
    start: int
    end: int
    text: str
    frames: tuple[Frame, ...] = ()
    mentions: tuple[Mention, ...] = ()
    places: tuple[PlaceRef, ...] = ()
    times: tuple[TimeRef, ...] = ()
    figures: tuple[Figure, ...] = ()
    attribution: AttributionRef | None = None
    quoted: tuple[Phrase, ...] = ()
    """Stretches inside quotation marks: someone's words, not the reporter's."""


@dataclass(frozen=True, slots=True)
class AnalysedReport:
    """A report with its analysed sentences."""

    report: Report
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True, slots=True)
class AnalysedDocument:
    """A document after the nlp stage: sentences per report, and its entities."""

    document: Document
    reports: tuple[AnalysedReport, ...]
    entities: tuple[Entity, ...]
    main_place: PlaceRef | None = None
    """The country the document is mostly about: where events with no place of their own are."""
