"""Segmentation: a document into dated reports.

``RawDocument → Document`` (with its `Report`s and removed `Noise`). A live ticker becomes one
report per entry, each with its headline and an absolute, zone-aware time; a plain article
becomes one report. Paragraph roles are decided in one pass:

* noise (captions, credits, boilerplate) is cut out and kept as metadata;
* a paragraph opening with a stamp starts an entry;
* a short headline-like paragraph right before a stamp (or right after a stamp that stands
  alone on its line) is that entry's headline; elsewhere it is a subheading (metadata);
* paragraphs before the first stamp are the document's title and standfirst.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, tzinfo
from zoneinfo import ZoneInfo

from sitrep.config import Settings
from sitrep.model import Document, Noise, NoiseKind, RawDocument, Report, TimePrecision
from sitrep.segment.cleaning import (
    Paragraph,
    TextBuilder,
    clean_paragraph,
    is_headline_like,
    load_noise_patterns,
    separator,
    split_paragraphs,
)
from sitrep.segment.stamps import Stamp, read_dateline, read_stamp
from sitrep.segment.timeline import SINGLE, ResolvedTime, detect_ordering, resolve_times, zone_for_outlet

logger = logging.getLogger(__name__)

_OUTLET_IN_BOILERPLATE = re.compile(
    r"([\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}) is (?:an offer|a service|part) (?:from|of)", re.I
)


@dataclass(slots=True)
class _Entry:
    """An entry being assembled: its stamp, headline and body paragraphs."""

    stamp: Stamp | None
    stamp_paragraph: Paragraph | None = None
    headline: str | None = None
    body: list[Paragraph] = field(default_factory=list)
    pending: list[tuple[Paragraph, str]] = field(default_factory=list)
    before: tuple[Paragraph, str] | None = None
    before_from_preamble: bool = False
    awaiting_headline: bool = False


def segment_document(raw: RawDocument, settings: Settings) -> Document:
    """Split ``raw`` into reports and strip noise, keeping every offset traceable."""
    text = raw.text
    patterns = load_noise_patterns()
    noise: list[Noise] = list(_header_noise(raw))
    default_year = raw.published.year if raw.published else None

    preamble: list[tuple[Paragraph, str]] = []
    entries: list[_Entry] = []
    for paragraph in split_paragraphs(text, raw.body_start):
        noise.extend(clean_paragraph(paragraph, text, patterns))
        if not paragraph.kept:
            continue
        cleaned = paragraph.kept_text(text)
        stamp = read_stamp(cleaned, default_year=default_year)
        if stamp is not None and entries and _is_revision_line(stamp, cleaned, entries[-1]):
            noise.append(Noise(NoiseKind.BOILERPLATE, cleaned, paragraph.start, paragraph.end))
            continue
        if stamp is not None:
            if entries:
                _settle_headline(entries[-1])
            entries.append(_open_entry(stamp, paragraph, text, entries, preamble, noise))
            continue
        target = entries[-1] if entries else None
        headline_like = is_headline_like(cleaned)
        if target is None:
            preamble.append((paragraph, cleaned))
        elif target.awaiting_headline and headline_like:
            if target.before is not None:
                _give_back(target, preamble, noise)
            target.headline = cleaned
            target.awaiting_headline = False
        elif headline_like:
            _settle_headline(target)
            target.pending.append((paragraph, cleaned))
        else:
            _settle_headline(target)
            _flush_pending(target, noise)
            target.body.append(paragraph)
    for entry in entries:
        _settle_headline(entry)
        _flush_pending(entry, noise)

    outlet = raw.outlet or _outlet_from_noise(noise)
    zone, zone_source = _choose_zone(raw, settings, outlet)
    if zone_source == "default" and any(e.stamp and e.stamp.clock and e.stamp.zone is None for e in entries):
        logger.warning("%s: no time zone given or found; ticker times are read as UTC (use --tz)", raw.origin)
    title = raw.title
    standfirst_parts: list[Paragraph] = []
    if not entries:
        entries, title = _as_article(preamble, raw, title)
    else:
        for paragraph, cleaned in preamble:
            if title is None and is_headline_like(cleaned):
                title = cleaned
            elif is_headline_like(cleaned):
                noise.append(Noise(NoiseKind.SUBHEADING, cleaned, paragraph.start, paragraph.end))
            else:
                standfirst_parts.append(paragraph)
    standfirst = "\n\n".join(p.kept_text(text) for p in standfirst_parts) or None

    published_day = raw.published.date() if raw.published else None
    stamps = [entry.stamp for entry in entries]
    ordering = detect_ordering(stamps, published=published_day) if len(entries) > 1 else SINGLE
    times = resolve_times(stamps, ordering=ordering, zone=zone, published=published_day)
    reports = tuple(
        _build_report(raw, entry, seq, resolved, zone, text)
        for seq, (entry, resolved) in enumerate(zip(entries, times, strict=True), start=1)
    )
    return Document(
        raw=raw,
        reports=reports,
        title=title,
        outlet=outlet,
        timezone=_zone_name(zone),
        timezone_source=zone_source,
        ordering=ordering,
        standfirst=standfirst,
        noise=tuple(sorted(noise, key=lambda n: n.doc_start)),
    )


def _is_revision_line(stamp: Stamp, cleaned: str, entry: _Entry) -> bool:
    """``Updated at 18.12 BST`` alone on its line at the end of an entry opened by another kind
    of stamp (``16.35 BST``) says when that entry was last edited: it opens no entry of its own.
    Where every entry opens with ``Updated at`` (a blog of that style), it is the stamp."""
    return (
        stamp.style == "update"
        and stamp.clock is not None
        and re.match(r"updated\s+at\b", cleaned, re.I) is not None
        and len(cleaned) <= len(stamp.text) + 1
        and entry.stamp is not None
        and entry.stamp.style != "update"
        and bool(entry.body)
    )


def _open_entry(
    stamp: Stamp,
    paragraph: Paragraph,
    text: str,
    entries: list[_Entry],
    preamble: list[tuple[Paragraph, str]],
    noise: list[Noise],
) -> _Entry:
    """Start an entry at a stamped paragraph. The headline-like paragraph just before it is its
    headline, unless the stamp stands alone and a headline follows it (British live blogs)."""
    entry = _Entry(stamp=stamp, stamp_paragraph=paragraph)
    pending = entries[-1].pending if entries else preamble
    if pending and is_headline_like(pending[-1][1]):
        entry.before = pending.pop()
        entry.before_from_preamble = not entries
    if entries:
        _flush_pending(entries[-1], noise)
    body_start = _offset_after(text, paragraph, stamp.end)
    if body_start is not None:
        paragraph.kept = [(max(s, body_start), e) for s, e in paragraph.kept if e > body_start]
        if paragraph.kept:
            entry.body.append(paragraph)
    entry.awaiting_headline = not entry.body
    if not entry.awaiting_headline and entry.before is not None:
        entry.headline = entry.before[1]
        entry.before = None
    return entry


def _settle_headline(entry: _Entry) -> None:
    """A stamp standing alone got no headline after it: the one before it is its headline."""
    if entry.awaiting_headline and entry.before is not None:
        entry.headline = entry.before[1]
        entry.before = None
    entry.awaiting_headline = False


def _give_back(entry: _Entry, preamble: list[tuple[Paragraph, str]], noise: list[Noise]) -> None:
    """Return the headline-like paragraph before a stamp to where it came from."""
    assert entry.before is not None
    paragraph, cleaned = entry.before
    if entry.before_from_preamble:
        preamble.append(entry.before)
    else:
        noise.append(Noise(NoiseKind.SUBHEADING, cleaned, paragraph.start, paragraph.end))
    entry.before = None


def _offset_after(text: str, paragraph: Paragraph, cleaned_offset: int) -> int | None:
    """Document offset where the paragraph's text resumes after ``cleaned_offset`` cleaned
    characters, skipping white space; None when nothing follows."""
    consumed = 0
    for i, (start, end) in enumerate(paragraph.kept):
        consumed += len(separator(text, paragraph.kept, i))
        if consumed + (end - start) > cleaned_offset:
            offset = start + max(cleaned_offset - consumed, 0)
            while offset < end and text[offset].isspace():
                offset += 1
            return offset if offset < end else None
        consumed += end - start
    return None


def _flush_pending(entry: _Entry, noise: list[Noise]) -> None:
    """Headline-like paragraphs inside an entry that no stamp claimed are subheadings."""
    for paragraph, cleaned in entry.pending:
        noise.append(Noise(NoiseKind.SUBHEADING, cleaned, paragraph.start, paragraph.end))
    entry.pending.clear()


def _as_article(
    preamble: list[tuple[Paragraph, str]], raw: RawDocument, title: str | None
) -> tuple[list[_Entry], str | None]:
    """No stamps: the whole body is one report, headed by its title line, dated by its dateline."""
    entry = _Entry(stamp=None)
    headline_paragraph: Paragraph | None = None
    for paragraph, cleaned in preamble:
        if not entry.body and entry.headline is None and is_headline_like(cleaned):
            entry.headline, headline_paragraph = cleaned, paragraph
            continue
        if not entry.body:
            default_year = raw.published.year if raw.published else None
            dateline = read_dateline(cleaned, default_year=default_year)
            if dateline is not None and dateline.day is not None:
                entry.stamp = Stamp(
                    cleaned[: dateline.end].strip(),
                    0,
                    "dateline",
                    dateline.day,
                    None,
                    None,
                    TimePrecision.DAY,
                )
        entry.body.append(paragraph)
    if not entry.body and headline_paragraph is not None:
        # A document that is one headline-like line ("Renewed clashes around the airport") is
        # a snippet: its line is what it reports, so it is the report's text.
        entry.body.append(headline_paragraph)
        title, entry.headline = title or entry.headline, None
    if entry.stamp is None and raw.published is not None:
        entry.stamp = _publication_stamp(raw)
    return [entry], title or entry.headline


def _publication_stamp(raw: RawDocument) -> Stamp:
    assert raw.published is not None
    precision = raw.published_precision
    clock = raw.published.timetz() if precision not in (TimePrecision.DAY, TimePrecision.UNKNOWN) else None
    zone = raw.published.tzinfo if clock is not None else None
    if precision == TimePrecision.UNKNOWN:
        precision = TimePrecision.DAY
    return Stamp(
        "",
        0,
        "publication",
        raw.published.date(),
        clock.replace(tzinfo=None) if clock else None,
        zone,
        precision,
    )


def _build_report(
    raw: RawDocument, entry: _Entry, seq: int, resolved: ResolvedTime, zone: tzinfo, text: str
) -> Report:
    builder = TextBuilder()
    for paragraph in entry.body:
        builder.add_paragraph(text, paragraph.kept)
    pieces = tuple(builder.pieces)
    starts = [p[1] for p in pieces] or [
        entry.stamp_paragraph.start if entry.stamp_paragraph else raw.body_start
    ]
    ends = [p[1] + p[2] for p in pieces] or [starts[0]]
    source = (
        resolved.source if entry.stamp is None or entry.stamp.style != "publication" else "publication date"
    )
    if entry.stamp is not None and entry.stamp.style == "dateline":
        source = "dateline"
    return Report(
        id=f"{raw.id}-r{seq}",
        document_id=raw.id,
        seq=seq,
        text=builder.text(),
        time=resolved.time,
        time_precision=resolved.precision,
        time_source=source,
        headline=entry.headline,
        stamp=entry.stamp.text if entry.stamp and entry.stamp.text else None,
        doc_start=min(starts),
        doc_end=max(ends),
        pieces=pieces,
    )


def _header_noise(raw: RawDocument) -> list[Noise]:
    """The header line (``date 2022-01-06 Home page politics``): the words after the date are
    a breadcrumb, kept as metadata."""
    if raw.body_start <= 0:
        return []
    header = raw.text[: raw.body_start]
    match = re.match(r"\s*date\s+\d{4}-\d{2}-\d{2}[ \t]*(?P<rest>[^\n]*)", header)
    if match is None or not match["rest"].strip():
        return []
    return [
        Noise(
            NoiseKind.HEADER,
            match["rest"].strip(),
            match.start("rest"),
            match.start("rest") + len(match["rest"].strip()),
        )
    ]


def _outlet_from_noise(noise: list[Noise]) -> str | None:
    for item in noise:
        if item.kind == NoiseKind.BOILERPLATE:
            match = _OUTLET_IN_BOILERPLATE.search(item.text)
            if match:
                return match.group(1).lower()
    return None


def _choose_zone(raw: RawDocument, settings: Settings, outlet: str | None) -> tuple[tzinfo, str]:
    """The zone for stamps that name none: option, then document, then outlet, then UTC."""
    if settings.timezone:
        return ZoneInfo(settings.timezone), "option"
    if raw.timezone:
        return ZoneInfo(raw.timezone), "document"
    if (
        raw.published is not None
        and raw.published.tzinfo is not None
        and raw.published_precision
        not in (
            TimePrecision.DAY,
            TimePrecision.UNKNOWN,
        )
    ):
        return raw.published.tzinfo, "publication time"
    outlet_zone = zone_for_outlet(outlet)
    if outlet_zone:
        return ZoneInfo(outlet_zone), f"outlet {outlet}"
    return UTC, "default"


def _zone_name(zone: tzinfo) -> str:
    if isinstance(zone, ZoneInfo):
        return zone.key
    name = zone.tzname(None)
    return name or "UTC"
