"""spaCy factories of sitrep's own components, registered in one place with versioned names
(spaCy allows no dots in factory names: ``sitrep_entities_v1``).

Each factory takes only serialisable settings; resources such as the gazetteer are opened
from those settings (once a process, `open_gazetteer`).
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from sitrep.config import Settings
from sitrep.geo.gazetteer import LOCAL_PLACE_MIN_POPULATION, Gazetteer
from sitrep.nlp.datelines import DATELINE
from sitrep.nlp.entities import EntityFinder
from sitrep.nlp.figures import FiguresFinder
from sitrep.nlp.timex import TimexFinder


@cache
def open_gazetteer(cache_dir: str | None) -> Gazetteer:
    """The gazetteer of a cache folder (None: the default, `Settings.index_dir`), opened once a process."""
    return Gazetteer.from_settings(Settings(cache_dir=Path(cache_dir) if cache_dir else None))


@Language.component("sitrep_paragraphs_v1", assigns=["token.is_sent_start"])
def mark_paragraphs(doc: Doc) -> Doc:
    """A paragraph break always ends a sentence (the parser may not see it: "... on X.\n\nGovernment")."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    # "KADUNA – Armed men abducted...": the dateline is not the subject of the sentence.
    dateline = DATELINE.match(doc.text)
    if dateline is not None:
        following = next((t for t in doc if t.idx >= dateline.end()), None)
        if following is not None and following.i > 0:
            following.is_sent_start = True
    return doc


@Language.factory(
    "sitrep_entities_v1",
    assigns=["doc.spans"],
    requires=["doc.ents", "token.pos"],
    default_config={"spans_key": "sitrep_entities", "cache_dir": None},
)
def make_entities(nlp: Language, name: str, spans_key: str, cache_dir: str | None) -> EntityFinder:
    gazetteer = open_gazetteer(cache_dir)

    # The finder asks about every capitalised word; the same words come back in every report.
    @lru_cache(maxsize=1 << 16)
    def is_place(text: str) -> bool:
        return gazetteer.is_place_name(text)

    @lru_cache(maxsize=1 << 16)
    def is_local_place(text: str) -> bool:
        return gazetteer.is_place_name(text, min_population=LOCAL_PLACE_MIN_POPULATION)

    return EntityFinder(
        nlp,
        name,
        is_place=is_place,
        demonym=gazetteer.country_code,
        spans_key=spans_key,
        is_local_place=is_local_place,
    )


@Language.factory("sitrep_figures_v1", assigns=["doc.spans"], default_config={"spans_key": "sitrep_figures"})
def make_figures(nlp: Language, name: str, spans_key: str) -> FiguresFinder:
    return FiguresFinder(nlp, name, spans_key=spans_key)


@Language.factory("sitrep_times_v1", assigns=["doc.spans"], default_config={"spans_key": "sitrep_times"})
def make_times(nlp: Language, name: str, spans_key: str) -> TimexFinder:
    return TimexFinder(nlp, name, spans_key=spans_key)
