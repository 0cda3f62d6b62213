"""The records that flow through the pipeline.

Every record is a frozen, slotted dataclass and carries the id of the document it came from and
character offsets, so each fact can be traced back to the words it was read from. Two kinds
of offsets exist, as the `sitrep/1` contract defines them:

* ``start``/``end`` point into a report's cleaned ``text``;
* ``doc_start``/``doc_end`` point into the document's ``text`` exactly as it was read
  (after decoding, before any cleaning). `Report.to_doc_offset` maps the former to the latter.

Records that later stages add (events, entities, claims) live here too, so every stage speaks
the same nouns and no stage needs another stage's internals.

Ids are derived from what they name, never from a counter, so the same input gives the same
ids in every run and every process (fusion across documents keys on them):

* a report: ``{document_id}-r{seq}``, its place in the document (1 for a plain article);
* an event: ``{document_id}-e{doc_start}-{doc_end}-{type}[-{mode}]``, the document offsets of
  its first evidence span, its PLOVER type and mode in lower case (`event_id`);
* an entity: ``{document_id}-{p|o|g|l}{doc_start}``, the kind's letter (person, organisation,
  group, place) and the document offset of its first mention (`entity_id`).

When two records of one document would get the same id (two events of one type in one
sentence), the later ones, in reading order, end in ``-2``, ``-3``, ...
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sitrep.vocab import (
    AcledEventType,
    AcledSubEventType,
    ActorRole,
    AttributionLevel,
    EntityKind,
    FigureScope,
    Outcome,
    PloverType,
    Qualifier,
    Stage,
)


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

    def mentions(self, start: int, end: int, label: str = "") -> tuple[Mention, ...]:
        """The span ``text[start:end]`` as mentions whose document slices hold their words and
        nothing else: split wherever the cleaner removed text between them (a caption, a
        credit, a link asterisk), and kept whole where it only replaced white space by the
        same number of characters (a line break by a space). Report offsets and ``text`` are
        the span's own; the document offsets of each part cover its words only."""
        parts: list[list[int]] = []  # [start, end, doc_start, doc_end]
        for rep, doc, length in self.pieces:
            a, b = max(start, rep), min(end, rep + length)
            if a >= b:
                continue
            if parts and a - parts[-1][1] == doc + (a - rep) - parts[-1][3]:
                parts[-1][1], parts[-1][3] = b, doc + (b - rep)
            else:
                parts.append([a, b, doc + (a - rep), doc + (b - rep)])
        if not parts:
            parts = [[start, end, self.to_doc_offset(start), self.to_doc_offset(end)]]
        # White space the cleaner put at either end (a paragraph break) stays in the text,
        # and the document slice ends at the words.
        if not self.text[start : parts[0][0]].strip():
            parts[0][0] = start
        if not self.text[parts[-1][1] : end].strip():
            parts[-1][1] = end
        return tuple(Mention(self.id, a, b, self.text[a:b], da, db, label) for a, b, da, db in parts)


@dataclass(frozen=True, slots=True)
class Document:
    """A document after segmentation: the `RawDocument` it was read from, its reports, and what
    segmentation found (the zone its times are in, the order of its entries, removed noise).

    The input's metadata is ``raw``'s, not declared again: ``document.id``, ``.text``,
    ``.published`` and the rest read through to it. ``title`` and ``outlet`` are the raw
    document's unless the input gave none and segmentation found one in the text.
    """

    raw: RawDocument
    reports: tuple[Report, ...]
    title: str | None = None
    outlet: str | None = None
    timezone: str = "UTC"
    timezone_source: str = "default"
    ordering: str = "single"
    standfirst: str | None = None
    noise: tuple[Noise, ...] = ()

    @property
    def id(self) -> str:
        return self.raw.id

    @property
    def text(self) -> str:
        return self.raw.text

    @property
    def origin(self) -> str:
        return self.raw.origin

    @property
    def format(self) -> InputFormat:
        return self.raw.format

    @property
    def published(self) -> datetime | None:
        return self.raw.published

    @property
    def published_precision(self) -> TimePrecision:
        return self.raw.published_precision

    @property
    def url(self) -> str | None:
        return self.raw.url

    @property
    def author(self) -> str | None:
        return self.raw.author

    @property
    def language(self) -> str:
        return self.raw.language


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
class Mention:
    """A stretch of a report's text: the evidence for a fact, or a name of an entity.

    ``start``/``end`` point into the report's text, ``doc_start``/``doc_end`` into the
    document as read; ``label`` says what an entity mention names ("" for evidence).
    """

    report_id: str
    start: int
    end: int
    text: str
    doc_start: int
    doc_end: int
    label: str = ""


Evidence = Mention
"""An event's evidence is a `Mention` of the words it was read from."""


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
    """One of `PlacePrecision` (point, city, admin2, admin1, country)."""
    aliases: tuple[str, ...] = ()
    country_name: str | None = None


@dataclass(frozen=True, slots=True)
class Figure:
    """A count read from text: a casualty figure or a number of people, vehicles, checkpoints."""

    min: int | None
    max: int | None
    qualifier: Qualifier
    text: str
    report_id: str
    start: int
    end: int
    outcome: Outcome | None = None
    group: str | None = None
    unit: str | None = None
    category: str | None = None
    """What a non-casualty count counts: troops, checkpoints, aircraft, vehicles..."""
    scope: FigureScope | None = None
    """A casualty figure's standing among the report's figures (see `FigureScope`) or None."""


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
    role: ActorRole
    kind: str
    country: str | None = None
    entity_id: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world referent with every name it goes by in the documents."""

    id: str
    name: str
    kind: EntityKind
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
    type: PloverType
    mode: str | None
    acled_event_type: AcledEventType | None
    acled_sub_event_type: AcledSubEventType | None
    summary: str
    date: str | None
    date_precision: TimePrecision
    location: Place | None
    actors: tuple[Actor, ...]
    casualties: tuple[Figure, ...]
    sources: tuple[Source, ...]
    attribution: AttributionLevel
    contested_terms: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    confidence: float
    details: tuple[tuple[str, str | int | float], ...] = ()
    """Further facts as ``(name, value)`` pairs in a fixed order: troops, curfew hours..."""
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
    level: AttributionLevel
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


# ---------------------------------------------------------------------------------------------
# Ids (the rule is in the module docstring)

_ENTITY_LETTER = {
    EntityKind.PERSON: "p",
    EntityKind.ORGANIZATION: "o",
    EntityKind.GROUP: "g",
    EntityKind.PLACE: "l",
}


def event_id(document_id: str, evidence: Mention, event_type: str, mode: str | None = None) -> str:
    """The id of an event of ``document_id`` first evidenced by ``evidence``."""
    kind = "-".join(_slug(part) for part in (event_type, mode) if part)
    return f"{document_id}-e{evidence.doc_start}-{evidence.doc_end}-{kind}"


def entity_id(document_id: str, kind: EntityKind, mentions: tuple[Mention, ...]) -> str:
    """The id of an entity of ``document_id`` from its earliest mention in the document."""
    first = min((m.doc_start for m in mentions), default=0)
    return f"{document_id}-{_ENTITY_LETTER.get(kind, 'x')}{first}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
