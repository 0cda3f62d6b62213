"""An RSS or Atom feed's bytes → one `RawDocument` per entry (`FeedEntry`), read safely.

feedparser reads every RSS and Atom dialect, but it is handed only bytes that passed
`check_feed`: a feed that declares its own XML entities is refused (entity declarations are
how "billion laughs" and quadratic-blowup bombs work, and real feeds do not need them; the
predefined ``&amp;`` and character references are of course fine), as is one whose elements
nest deeper than `MAX_DEPTH` or that holds more than `MAX_ELEMENTS` elements. The check parses
with defusedxml (expat, no DTD fetched, no external entities); a feed that is not well-formed
XML (feedparser reads many of those) is checked by a scan of its tags instead. feedparser is
always given a byte stream, never a string, which it might take for a URL or a path.

Each entry becomes a document: its text is the entry's content (or summary; HTML is written as
paragraphs the way the page reader writes them, scripts and styles dropped), else its title; ``title``, ``url`` (the entry's link),
``author``, ``published`` (the entry's own stamp with its offset and precision; ``updated`` when
there is none), ``outlet`` (the link's host) and ``language`` (the feed's) come along. An
entry's `key` (its guid, else its link, else a hash of its title and text) names it across
polls, and its `fingerprint` changes when its title or text does. Document ids are stable:
``<slug of the link>-<hash of the key>``, so the same entry read again gets the same id.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import time
import xml.sax
import xml.sax.handler
import xml.sax.xmlreader
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import defusedxml
import defusedxml.expatreader
import feedparser
import lxml.etree

from sitrep.errors import InputError, MalformedInput
from sitrep.ingest.fields import Published, normalise_language, outlet_from_url, parse_published
from sitrep.ingest.html import parse_html
from sitrep.ingest.maintext import write_paragraphs
from sitrep.model import InputFormat, RawDocument, Rejection, TimePrecision
from sitrep.vocab import Stage

logger = logging.getLogger(__name__)

MAX_DEPTH = 64
MAX_ELEMENTS = 500_000

# The prologue before the root element: XML declaration, comments, processing instructions, and
# a doctype with its internal subset (where entity bombs sit, so it may be long).
_PROLOGUE = re.compile(
    rb"(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]{0,200}\?>\s*)?"
    rb"(?:(?:<!--.*?-->|<\?[^>]{0,200}\?>|<!DOCTYPE[^\[>]{0,500}(?:\[.*?\]\s*)?>)\s*)*",
    re.DOTALL,
)
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]")
_SNIFF_BYTES = 1024 * 1024
_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
_CDATA_OR_COMMENT = re.compile(rb"<!\[CDATA\[.*?\]\]>|<!--.*?-->", re.DOTALL)
_TAG = re.compile(rb"<(/?)[A-Za-z_][^\s/>]*(?:\s[^>]*?)?(/?)>")
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_SLUG = re.compile(r"[^A-Za-z0-9]+")
_ENTITIES_REFUSED = "feed refused: it declares XML entities (the stuff of entity bombs)"


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One entry of a feed as a document, with what names it across polls."""

    key: str
    fingerprint: str
    document: RawDocument


@dataclass(frozen=True, slots=True)
class Feed:
    """What a feed holds: its title and link, its readable entries, and the entries it could not read."""

    title: str | None
    link: str | None
    entries: tuple[FeedEntry, ...]
    rejections: tuple[Rejection, ...]


def looks_like_feed(data: bytes, content_type: str | None = None) -> bool:
    """Whether an answer is an RSS or Atom feed (by its media type, else its root element)."""
    if content_type in _FEED_TYPES:
        return True
    head = data[:_SNIFF_BYTES]
    prologue = _PROLOGUE.match(head)
    return _FEED_ROOT.match(head, prologue.end() if prologue else 0) is not None


def read_feed(data: bytes, origin: str, *, content_type: str | None = None) -> Feed:
    """Check and parse a feed; every entry becomes a `FeedEntry` or, if unreadable, a `Rejection`.

    Raises `MalformedInput` for a feed refused by `check_feed` or that holds no feed at all.
    """
    check_feed(data, origin)
    headers = {"content-location": origin} if "://" in origin else {}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers, sanitize_html=True)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        detail = f" ({_first_line(problem)})" if problem else ""
        raise MalformedInput(f"not a readable RSS or Atom feed{detail}", origin=origin)
    if parsed.get("bozo"):
        logger.debug("%s: feed read leniently (%s)", origin, parsed.get("bozo_exception"))
    meta = parsed.feed
    language = _language(meta.get("language"))
    link = _clean(meta.get("link"))
    entries: list[FeedEntry] = []
    rejections: list[Rejection] = []
    for position, raw in enumerate(parsed.entries, 1):
        try:
            entries.append(read_entry(raw, origin, link, language))
        except InputError as exc:
            rejections.append(Rejection(f"{origin} entry {position}", Stage.INGEST, exc.reason))
    return Feed(_clean(meta.get("title")), link, tuple(entries), tuple(rejections))


def check_feed(data: bytes, origin: str) -> None:
    """Refuse a feed that declares XML entities, nests too deeply or holds too many elements."""
    parser = defusedxml.expatreader.create_parser(
        forbid_dtd=False, forbid_entities=True, forbid_external=False
    )
    # An external DTD (RSS 0.91 names Netscape's) is allowed but never fetched; external
    # entities are entity declarations, and those are refused.
    parser.setFeature(xml.sax.handler.feature_external_ges, False)
    parser.setFeature(xml.sax.handler.feature_external_pes, False)
    parser.setContentHandler(_Counter(origin))
    source = xml.sax.xmlreader.InputSource()
    source.setByteStream(io.BytesIO(data))
    try:
        parser.parse(source)
    except defusedxml.EntitiesForbidden as exc:
        raise MalformedInput(_ENTITIES_REFUSED, origin=origin) from exc
    except xml.sax.SAXParseException:
        _scan_loosely(data, origin)


def read_entry(raw: Any, origin: str, feed_link: str | None, language: str) -> FeedEntry:
    """One feedparser entry as a `FeedEntry`; `MalformedInput` when it holds no text at all."""
    title = _clean(raw.get("title"))
    body, is_html = _entry_body(raw)
    text = _html_text(body, origin) if is_html else body.strip()
    if not text:
        text = title or ""
    if not text:
        raise MalformedInput("feed entry has neither text nor title", origin=origin)
    link = _clean(raw.get("link"))
    key = _clean(raw.get("id")) or link or _digest(f"{title}\0{text}")
    published = _entry_time(raw)
    document = RawDocument(
        id=entry_id(link or feed_link or origin, key),
        text=text,
        origin=origin,
        format=InputFormat.HTML if is_html else InputFormat.TEXT,
        title=title,
        published=published.time if published else None,
        published_precision=published.precision if published else TimePrecision.UNKNOWN,
        outlet=outlet_from_url(link or feed_link or origin),
        url=link,
        author=_clean(raw.get("author")),
        language=language,
    )
    return FeedEntry(key=key, fingerprint=_digest(f"{title}\0{text}"), document=document)


def entry_id(url: str, key: str) -> str:
    """A stable, readable document id: the URL's host and path as a slug, and a hash of ``key``."""
    slug = _SLUG.sub("-", url.split("://", 1)[-1].removeprefix("www.")).strip("-")[:60].rstrip("-")
    return f"{slug or 'entry'}-{_digest(key)[:10]}"


class _Counter(xml.sax.handler.ContentHandler):
    def __init__(self, origin: str) -> None:
        super().__init__()
        self.origin = origin
        self.depth = 0
        self.elements = 0

    def startElement(self, name: str, attrs: Any) -> None:
        self.depth += 1
        self.elements += 1
        _check_limits(self.depth, self.elements, self.origin)

    def endElement(self, name: str) -> None:
        self.depth -= 1


def _check_limits(depth: int, elements: int, origin: str) -> None:
    if depth > MAX_DEPTH:
        raise MalformedInput(f"feed refused: elements nest deeper than {MAX_DEPTH} levels", origin=origin)
    if elements > MAX_ELEMENTS:
        raise MalformedInput(f"feed refused: more than {MAX_ELEMENTS:,} elements", origin=origin)


def _scan_loosely(data: bytes, origin: str) -> None:
    """The same limits for a feed that is not well-formed XML, judged from its tags."""
    if _ENTITY_DECLARATION.search(data):
        raise MalformedInput(_ENTITIES_REFUSED, origin=origin)
    depth = elements = 0
    for tag in _TAG.finditer(_CDATA_OR_COMMENT.sub(b"", data)):
        if tag[1]:
            depth = max(depth - 1, 0)
        elif not tag[2]:
            depth += 1
            elements += 1
            _check_limits(depth, elements, origin)


def _entry_body(raw: Any) -> tuple[str, bool]:
    """The entry's fullest text (content before summary) and whether it is HTML."""
    candidates = [(c.get("value") or "", c.get("type") or "") for c in raw.get("content") or []]
    detail = raw.get("summary_detail") or {}
    candidates.append((raw.get("summary") or "", detail.get("type") or "text/html"))
    value, kind = max(candidates, key=lambda candidate: len(candidate[0].strip()))
    return value, kind in _HTML_TYPES


def _html_text(value: str, origin: str) -> str:
    if not value.strip():
        return ""
    root = parse_html(f"<html><body>{value}</body></html>", origin)
    lxml.etree.strip_elements(root, "script", "style", "noscript", "template", with_tail=False)
    body = root.find("body")
    return "\n\n".join(write_paragraphs(body if body is not None else root))


def _entry_time(raw: Any) -> Published | None:
    """The entry's own stamp as written (keeping its offset), else feedparser's UTC reading."""
    for name in ("published", "updated"):
        value = raw.get(name)
        if isinstance(value, str) and value.strip():
            try:
                return parse_published(value)
            except ValueError:
                parsed = raw.get(f"{name}_parsed")
                if isinstance(parsed, time.struct_time):
                    return Published(datetime(*parsed[:6], tzinfo=UTC), TimePrecision.SECOND)
    return None


def _language(value: object) -> str:
    if isinstance(value, str):
        try:
            return normalise_language(value)
        except ValueError:
            pass
    return "en"


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    cleaned = " ".join(value.split())
    return cleaned or None


def _first_line(exc: object) -> str:
    return str(exc).strip().split("\n", 1)[0]
