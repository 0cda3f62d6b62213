"""Decoded HTML → `RawDocument`: the page's main text plus its metadata.

``RawDocument.text`` for HTML is the extracted main text (see `sitrep.ingest.maintext`):
block elements as paragraphs separated by blank lines, in page order, ticker ``<time>``
headers and figure captions included. All document offsets point into that text.

Metadata comes from trafilatura (title, author, canonical URL, site name, publication day)
and from the page itself:

* ``published``: the first explicit publication time (``article:published_time``,
  ``og:published_time``, ``itemprop=datePublished``, ``pubdate``, ``dc.date``, JSON-LD
  ``datePublished``) with its precision and offset; else trafilatura's date, day precision;
* ``outlet``: the site name, else the URL's host without ``www.``;
* ``language``: ``<html lang>``, ``content-language`` or ``og:locale`` (primary subtag),
  default ``en``.

The page is parsed without network access, without entity expansion and with libxml2's
limits on tree depth and text size; an internal DTD subset (where entity bombs live) is cut
off before parsing. A page with no readable text is a `MalformedInput`.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass

import lxml.etree
import lxml.html
import trafilatura
from lxml.html import HtmlElement

from sitrep.errors import MalformedInput
from sitrep.ingest.fields import Published, normalise_language, outlet_from_url, parse_published
from sitrep.ingest.maintext import extract_main_text
from sitrep.model import InputFormat, RawDocument, TimePrecision

logger = logging.getLogger(__name__)

# Errors trafilatura and htmldate may raise on odd pages; metadata is then read without them.
_METADATA_ERRORS = (ValueError, TypeError, LookupError, AttributeError, RecursionError)

_INTERNAL_SUBSET = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(<!DOCTYPE[^\[>]*)\[.*?\]\s*>",
    re.IGNORECASE | re.DOTALL,
)
_PUBLISHED_KEYS = frozenset(
    {
        "article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
        "publish-date", "dc.date", "dc.date.issued", "dcterms.created", "dcterms.issued",
        "parsely-pub-date", "sailthru.date",
    }
)  # fmt: skip
_LANGUAGE_KEYS = frozenset({"content-language", "og:locale", "language", "dc.language"})
_JSON_LD_NODES = 10_000


@dataclass(frozen=True, slots=True)
class PageMetadata:
    """What a page says about itself."""

    title: str | None
    author: str | None
    url: str | None
    outlet: str | None
    published: Published | None
    language: str


def read_html(text: str, origin: str, doc_id: str) -> RawDocument:
    """Build the document for one decoded HTML page."""
    root = parse_html(text, origin)
    metadata = read_page_metadata(root, origin)
    main_text = extract_main_text(root)
    if not main_text:
        raise MalformedInput("no readable text in HTML", origin=origin)
    published = metadata.published
    return RawDocument(
        id=doc_id,
        text=main_text,
        origin=origin,
        format=InputFormat.HTML,
        title=metadata.title,
        published=published.time if published else None,
        published_precision=published.precision if published else TimePrecision.UNKNOWN,
        outlet=metadata.outlet,
        url=metadata.url,
        author=metadata.author,
        language=metadata.language,
    )


def parse_html(text: str, origin: str) -> HtmlElement:
    """Parse a page safely: no network, no entities from a DTD, libxml2's size limits."""
    text = _INTERNAL_SUBSET.sub(r"\1>", text, count=1)
    parser = lxml.html.HTMLParser(
        encoding="utf-8",
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        default_doctype=False,
    )
    try:
        return lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError) as exc:
        raise MalformedInput(f"not readable as HTML ({exc})", origin=origin) from exc


def read_page_metadata(root: HtmlElement, origin: str) -> PageMetadata:
    """Title, author, URL, outlet, publication time and language of a parsed page."""
    title = author = url = sitename = day = None
    try:
        found = trafilatura.extract_metadata(root)
    except _METADATA_ERRORS as exc:
        logger.warning("%s: page metadata unreadable (%s); using the page's own tags only", origin, exc)
    else:
        title, author, url, sitename, day = found.title, found.author, found.url, found.sitename, found.date
    if title is None:
        title = _clean(root.findtext(".//title"))
    published = find_published(root)
    if published is None and day:
        try:
            published = Published(parse_published(day).time, TimePrecision.DAY)
        except ValueError:
            logger.debug("%s: ignoring unreadable page date %r", origin, day)
    return PageMetadata(
        title=_clean(title),
        author=_clean(author),
        url=_clean(url),
        outlet=_clean(sitename) or (outlet_from_url(url) if url else None),
        published=published,
        language=find_language(root),
    )


def find_published(root: HtmlElement) -> Published | None:
    """The first publication time the page states explicitly, with its precision."""
    for value in _published_values(root):
        try:
            return parse_published(value)
        except ValueError:
            logger.debug("ignoring unreadable publication time %r", value)
    return None


def find_language(root: HtmlElement) -> str:
    """The page's language as a primary subtag, ``en`` when it names none."""
    values = [root.get("lang"), root.get("{http://www.w3.org/XML/1998/namespace}lang")]
    for meta in root.iter("meta"):
        key = (meta.get("http-equiv") or meta.get("property") or meta.get("name") or "").lower()
        if key in _LANGUAGE_KEYS:
            values.append(meta.get("content"))
    for value in values:
        if value:
            try:
                return normalise_language(value)
            except ValueError:
                continue
    return "en"


def _published_values(root: HtmlElement) -> Iterator[str]:
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        content = meta.get("content")
        if key in _PUBLISHED_KEYS and content:
            yield content
    for time in root.iter("time"):
        stamp = time.get("datetime")
        if stamp and (time.get("itemprop") == "datePublished" or time.get("pubdate") is not None):
            yield stamp
    for script in root.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            yield from _json_ld_dates(script.text)


def _json_ld_dates(source: str) -> Iterator[str]:
    try:
        data = json.loads(source)
    except (ValueError, RecursionError):
        return
    stack = [data]
    seen = 0
    while stack and seen < _JSON_LD_NODES:
        node = stack.pop()
        seen += 1
        if isinstance(node, dict):
            value = node.get("datePublished")
            if isinstance(value, str):
                yield value
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, list):
            stack.extend(reversed(node))


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    cleaned = " ".join(value.split())
    return cleaned or None
