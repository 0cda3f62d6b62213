"""Geoparsing gold in the XML of the LGL and TR-News corpora.

In:  a file ``<articles><article docid="..."><text>...</text><toponyms><toponym>...`` where a
     toponym has ``<start>``/``<end>`` (character offsets into the article text, end
     exclusive) and/or ``<phrase>``, and a ``<gaztag geonameid="...">`` holding ``<name>``,
     ``<lat>`` and ``<lon>`` (``<latitude>``/``<longitude>`` are read too, also directly
     under ``<toponym>``). A toponym with only a phrase is placed at the phrase's next
     occurrence after the previous toponym. A toponym without coordinates still counts for
     recognition, not for resolution.
Out: one `GeoArticle` an article, or a `Skipped` for an article or toponym that cannot be used.

The XML is parsed without fetching or expanding anything it declares (no DTD, no entities,
no network).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from sitrep.errors import MalformedInput
from sitrep.eval.gold_tables import read_gold_bytes
from sitrep.eval.records import Query, Skipped

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class GoldToponym:
    """A place name in an article: its span, its words and where it is (None: not resolved)."""

    start: int
    end: int
    phrase: str
    name: str
    lat: float | None
    lon: float | None


@dataclass(frozen=True, slots=True)
class GeoArticle:
    """An article and its gold toponyms."""

    id: str
    where: str
    text: str
    toponyms: tuple[GoldToponym, ...]

    def query(self) -> Query:
        return Query(self.id, self.text, "UTC")


def read_geo(path: Path) -> Iterator[GeoArticle | Skipped]:
    """Articles of an LGL-style XML file, each a `GeoArticle`, with `Skipped` notes for
    articles and toponyms that cannot be used."""
    root = parse_xml(read_gold_bytes(path), path)
    articles = [root] if root.tag == "article" else list(root.iter("article"))
    if not articles:
        raise MalformedInput("no <article> elements (LGL-style geoparsing XML expected)", origin=str(path))
    for number, article in enumerate(articles, 1):
        article_id = article.get("docid") or (article.findtext("docid") or "").strip() or f"article {number}"
        where = f"{path.name}: {article_id}"
        text = article.findtext("text")
        if not text or not text.strip():
            yield Skipped(where, "no <text>")
            continue
        toponyms: list[GoldToponym] = []
        cursor = 0
        for index, element in enumerate(article.iterfind("toponyms/toponym"), 1):
            toponym = read_toponym(element, text, cursor)
            if isinstance(toponym, str):
                yield Skipped(f"{where} toponym {index}", toponym)
                continue
            toponyms.append(toponym)
            cursor = toponym.end
        yield GeoArticle(article_id, where, text, tuple(toponyms))


def parse_xml(data: bytes, path: Path) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise MalformedInput(f"not well-formed XML: {exc.msg or exc}", origin=str(path)) from exc


def child_number(element: etree._Element, *paths: str) -> float | None:
    """The first of ``paths`` under ``element`` holding a number."""
    for child_path in paths:
        value = (element.findtext(child_path) or "").strip()
        if value:
            try:
                return float(value)
            except ValueError:
                continue
    return None


def read_toponym(element: etree._Element, text: str, cursor: int) -> GoldToponym | str:
    """One toponym, or the reason it cannot be used."""
    phrase = (element.findtext("phrase") or "").strip()
    start, end = child_number(element, "start"), child_number(element, "end")
    if start is not None and end is not None:
        begin, stop = int(start), int(end)
        if not 0 <= begin < stop <= len(text):
            return f"offsets {begin}-{stop} fall outside the text"
        if phrase and text[begin:stop] != phrase:
            return f"offsets {begin}-{stop} hold {text[begin:stop]!r}, not {phrase!r}"
    elif phrase:
        found = text.find(phrase, cursor)
        begin = found if found >= 0 else text.find(phrase)
        if begin < 0:
            return f"phrase {phrase!r} is not in the text"
        stop = begin + len(phrase)
    else:
        return "neither <start>/<end> nor <phrase>"
    lat = child_number(element, "gaztag/lat", "gaztag/latitude", "lat", "latitude")
    lon = child_number(element, "gaztag/lon", "gaztag/longitude", "lon", "longitude")
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        lat = lon = None
    name = (element.findtext("gaztag/name") or "").strip() or text[begin:stop]
    return GoldToponym(begin, stop, text[begin:stop], name, lat, lon)
