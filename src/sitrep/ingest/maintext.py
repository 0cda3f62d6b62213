"""A parsed HTML page → its main text as paragraphs, in page order.

This is sitrep's own extraction, not trafilatura's, because live tickers need their
structure kept: each entry's ``<time>`` header must survive, in its place, in the order the
page gives. The steps:

1. Drop what is never article text: scripts, styles, forms, frames, ``nav``, ``aside``,
   hidden elements, page-level ``header``/``footer`` (those inside an ``article``, ``main``
   or ``section`` stay: ticker entries put their time there), and elements whose class or
   id marks page furniture (navigation, menus, cookie notices, share bars, related links,
   comments, adverts; the words are in ``boilerplate.json``). An element is kept, whatever
   its class, when it holds the page's ``main``, ``article`` or ``h1``, or half its text.
2. Pick the main container: the one ``<main>`` (or ``[role=main]``), else the one
   ``<article>``, else the nearest common ancestor of several ``<article>`` s (a ticker
   often makes each entry one); a candidate must hold at least half of the page's text.
   Failing that, walk down from ``<body>`` while one child holds most of the text and is
   not itself a paragraph (``<p>A…<p>short`` keeps both).
3. Write each block element (``p``, ``h1``-``h6``, ``li``, ``blockquote``, ``figcaption``,
   ``tr``, a ``div`` with its own text, custom elements such as ``<live-entry>``, ...) as
   one paragraph, paragraphs separated by a
   blank line. Inline elements run on inside their paragraph; white space is collapsed;
   ``<br>`` becomes a line break inside the paragraph; table cells are joined by spaces.
   A ``<time>`` directly inside a container (not inside a paragraph) is a paragraph of its
   own, written as its text (its ``datetime`` attribute only when it has no text).
   Figure captions stay, as paragraphs of their own: the segmenter removes them later.

Every walk is iterative, so deeply nested pages cannot exhaust the stack.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from lxml.html import HtmlElement

logger = logging.getLogger(__name__)

_NEVER_TEXT = frozenset(
    {
        "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object",
        "embed", "svg", "math", "canvas", "form", "input", "button", "select", "textarea",
        "nav", "aside", "dialog", "head", "link", "meta",
    }
)  # fmt: skip
_PAGE_FURNITURE = frozenset({"header", "footer"})
_SECTIONING = frozenset({"article", "main", "section"})
_NEVER_DROPPED = frozenset({"html", "body", "main", "article"})
_FURNITURE_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "dialog"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)

_BLOCKS = frozenset(
    {
        "address", "article", "blockquote", "body", "caption", "center", "dd", "details", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5",
        "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "ol", "p", "pre",
        "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
    }
)  # fmt: skip
# Blocks that hold a paragraph's text, never the article: the walk down stops above them.
_PARAGRAPHS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "figcaption", "dd", "dt", "tr"}
)
_CELLS = frozenset({"td", "th"})
# A <time> in one of these stands on its own as an entry header; elsewhere it is running text.
_CONTAINERS = frozenset(
    {"article", "aside", "body", "details", "div", "figure", "footer", "header", "hgroup", "main", "ol",
     "section", "ul"}
)  # fmt: skip

_MAIN_SHARE = 0.5
_DESCENT_SHARE = 0.7
_WORD_BOUNDARY = re.compile(r"[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z])")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class FurnitureWords:
    """Class/id words that mark page furniture (see ``boilerplate.json``)."""

    tokens: frozenset[str]
    substrings: tuple[str, ...]

    def mark(self, element: HtmlElement) -> bool:
        """Whether the element's class or id names it page furniture."""
        for value in (element.get("class"), element.get("id")):
            if not value:
                continue
            lowered = value.lower()
            if any(part in lowered for part in self.substrings):
                return True
            if any(word.lower() in self.tokens for word in _WORD_BOUNDARY.split(value) if word):
                return True
        return False


class _LineBreak:
    """Marks a ``<br>`` in a paragraph being collected."""


_BR = _LineBreak()


def extract_main_text(root: HtmlElement) -> str:
    """The page's main text: paragraphs separated by blank lines (``""`` if there is none).

    ``root`` is modified: furniture is removed from it.
    """
    body = root.find("body")
    if body is None:
        body = root
    strip_furniture(body)
    container = choose_main_container(body)
    return "\n\n".join(write_paragraphs(container))


def strip_furniture(body: HtmlElement) -> None:
    """Remove elements that are never article text (step 1 of the module docstring)."""
    words = load_furniture_words()
    lengths = measure_text(body)
    total = lengths.get(body, 0)
    doomed = []
    for element in body.iter():
        if not isinstance(element.tag, str):
            doomed.append(element)  # comments and processing instructions
            continue
        if _is_furniture(element, words, lengths, total):
            doomed.append(element)
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()  # keeps the element's tail text in place


def _is_furniture(
    element: HtmlElement, words: FurnitureWords, lengths: dict[HtmlElement, int], total: int
) -> bool:
    tag = element.tag.lower()
    if tag in _NEVER_DROPPED:
        return False
    if tag in _NEVER_TEXT or _is_hidden(element) or element.get("role") in _FURNITURE_ROLES:
        return True
    if tag in _PAGE_FURNITURE:
        return not _has_sectioning_ancestor(element)
    return words.mark(element) and not _holds_content(element, lengths, total)


def choose_main_container(body: HtmlElement) -> HtmlElement:
    """The element that holds the article (step 2 of the module docstring)."""
    lengths = measure_text(body)
    total = lengths.get(body, 0)
    if total == 0:
        return body
    mains = [e for e in body.iter("main") if lengths.get(e, 0)] or [
        e for e in body.iter() if e.get("role") == "main" and lengths.get(e, 0)
    ]
    articles = [e for e in body.iter("article") if not _has_ancestor(e, "article")]
    candidates: list[HtmlElement] = []
    if len(mains) == 1:
        candidates.append(mains[0])
    if len(articles) == 1:
        candidates.append(articles[0])
    elif len(articles) > 1:
        candidates.append(_common_ancestor(articles))
    for candidate in candidates:
        if lengths.get(candidate, 0) >= _MAIN_SHARE * total:
            return candidate
    node = body
    while True:
        children = [child for child in node if isinstance(child.tag, str)]
        if not children:
            return node
        best = max(children, key=lambda child: lengths.get(child, 0))
        if lengths.get(best, 0) < _DESCENT_SHARE * total or best.tag in _PARAGRAPHS:
            return node  # a paragraph is text, not a container: its siblings are text too
        node = best


def write_paragraphs(container: HtmlElement) -> list[str]:
    """Serialise ``container`` as paragraphs (step 3 of the module docstring)."""
    paragraphs: list[str] = []
    pieces: list[str | _LineBreak] = []

    def flush() -> None:
        if not pieces:
            return
        paragraph = _join_pieces(pieces)
        if paragraph:
            paragraphs.append(paragraph)
        pieces.clear()

    # Each stack item is (element, leaving); a depth-first walk without recursion.
    stack: list[tuple[HtmlElement, bool]] = [(container, False)]
    while stack:
        element, leaving = stack.pop()
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        block = tag in _BLOCKS or "-" in tag or _is_entry_time(element, tag)
        if leaving:
            if block:
                flush()
            elif tag in _CELLS:
                pieces.append(" ")
            if element is not container and element.tail:
                pieces.append(element.tail)
            continue
        if block:
            flush()
        elif tag in _CELLS:
            pieces.append(" ")
        elif tag == "br":
            pieces.append(_BR)
        if tag == "time" and not element.text_content().strip():
            pieces.append(element.get("datetime") or "")
        elif tag and element.text:
            pieces.append(element.text)
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(element))
    flush()
    return paragraphs


def measure_text(root: HtmlElement) -> dict[HtmlElement, int]:
    """Characters of non-blank text under each element (its own text and its children's tails)."""
    lengths: dict[HtmlElement, int] = {}
    for element in reversed(list(root.iter())):
        size = len((element.text or "").strip()) if isinstance(element.tag, str) else 0
        for child in element:
            size += lengths.get(child, 0) + len((child.tail or "").strip())
        lengths[element] = size
    return lengths


@cache
def load_furniture_words() -> FurnitureWords:
    """The class/id words of ``boilerplate.json``."""
    raw = resources.files("sitrep.ingest").joinpath("boilerplate.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    return FurnitureWords(frozenset(data["tokens"]), tuple(data["substrings"]))


def _join_pieces(pieces: Iterable[str | _LineBreak]) -> str:
    lines: list[str] = []
    current: list[str] = []
    for piece in pieces:
        if isinstance(piece, _LineBreak):
            lines.append("".join(current))
            current = []
        else:
            current.append(piece)
    lines.append("".join(current))
    collapsed = (_SPACES.sub(" ", line).strip() for line in lines)
    return "\n".join(line for line in collapsed if line)


def _is_entry_time(element: HtmlElement, tag: str) -> bool:
    if tag != "time":
        return False
    parent = element.getparent()
    return parent is not None and isinstance(parent.tag, str) and parent.tag.lower() in _CONTAINERS


def _is_hidden(element: HtmlElement) -> bool:
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    return bool(_HIDDEN_STYLE.search(element.get("style") or ""))


def _holds_content(element: HtmlElement, lengths: dict[HtmlElement, int], total: int) -> bool:
    """Whether removing this element would remove the article itself."""
    if total and lengths.get(element, 0) >= _MAIN_SHARE * total:
        return True
    return any(
        isinstance(e.tag, str) and (e.tag in ("main", "article", "h1") or e.get("role") == "main")
        for e in element.iterdescendants()
    )


def _has_sectioning_ancestor(element: HtmlElement) -> bool:
    return any(isinstance(a.tag, str) and a.tag.lower() in _SECTIONING for a in element.iterancestors())


def _has_ancestor(element: HtmlElement, tag: str) -> bool:
    return any(a.tag == tag for a in element.iterancestors())


def _common_ancestor(elements: list[HtmlElement]) -> HtmlElement:
    chains = [[element, *element.iterancestors()] for element in elements]
    shared = set(chains[0])
    for chain in chains[1:]:
        shared &= set(chain)
    return next(node for node in chains[0] if node in shared)
