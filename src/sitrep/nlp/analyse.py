"""The nlp stage: a segmented document's reports into analysed sentences and entities.

``Document → AnalysedDocument``. Runs the spaCy pipeline (the trained English pipeline plus
sitrep's entity, figure and time components, built from ``pipeline.cfg``) over every report,
then converts what it found into the project's records: predicate frames, entity mentions,
places resolved against the gazetteer, times resolved against the report's time, figures,
and attribution. Nothing spaCy leaves this module.

Reference is settled here, where the text is: pronouns ("according to him", "He also spoke
out") point to the last person named before them, and descriptions such as "the alliance"
to the one organisation of that sort in the document.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache, partial
from importlib.resources import files

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from sitrep.errors import ResourceError
from sitrep.geo.context import outlet_country
from sitrep.geo.gazetteer import CUED_ALTERNATE_NAME_MIN_POPULATION, LOCAL_PLACE_MIN_POPULATION, Gazetteer
from sitrep.model import (
    AnalysedDocument,
    AnalysedReport,
    AttributionRef,
    Document,
    Entity,
    Figure,
    Frame,
    Mention,
    Phrase,
    PlaceRef,
    Report,
    Sentence,
    Source,
    TimePrecision,
    TimeRef,
    entity_id,
)
from sitrep.nlp import factories  # noqa: F401  (registers the components)
from sitrep.nlp.aliases import EntityCluster, actor_kind, cluster_entities, read_entities
from sitrep.nlp.attribution import AttributionInfo, attribute_sentence, to_sources
from sitrep.nlp.datelines import DATELINE as _DATELINE
from sitrep.nlp.datelines import WIRE_DATELINE as _WIRE_DATELINE
from sitrep.nlp.entities import EntityFinder
from sitrep.nlp.figures import FigureInfo, read_figures
from sitrep.nlp.frames import read_frames
from sitrep.nlp.timex import TimeInfo, read_times
from sitrep.vocab import AttributionLevel, EntityKind, FigureScope, Outcome, Qualifier

logger = logging.getLogger(__name__)

_ANAPHORIC_SOURCE = re.compile(
    r"^(?:this|that|it|the (?:news|information|report))\s+(?:was|has been|had been|is)\s+"
    r"(?:reported|said|announced|stated|confirmed|claimed|written)\b",
    re.I,
)
_PERSON_PRONOUNS = {"he", "she", "him", "her", "his"}
_THING_PRONOUNS = {"it", "its", "they", "their", "them"}
_COLLECTIVE_HEADS = {"alliance", "bloc", "organization", "organisation", "pact", "coalition"}
# Names of organisations that "the alliance" or "the bloc" may stand for.
_ALLIANCE = re.compile(r"\b(?:Alliance|Treaty|Pact|Coalition|NATO|CSTO)\b")
_CAPITAL = re.compile(r"\bthe capital\b", re.I)
_PRECISION_ORDER = {"point": 0, "city": 1, "admin2": 2, "admin1": 3, "country": 4}

LONGEST_RUN = 100
"""The longest run of characters without white space that spaCy's tokenizer gets as it is. Its
prefix and suffix rules take a run of brackets, quotes or dollar signs apart one character a
pass, at a cost growing with the square of the run (3,200 "$" took 5.5 s); a longer run is cut
into tokens of this many characters, a length no word of a report reaches."""
_LONG_RUN = re.compile(rf"(?<!\S)\S{{{LONGEST_RUN + 1},}}")


def build_pipeline(gazetteer: Gazetteer | None = None) -> Language:
    """The trained English pipeline with sitrep's components, as ``pipeline.cfg`` lists them.

    The entity component asks ``gazetteer`` which names are places and which words name a
    country; without one, the model's own place entities are the only places.
    """
    config = spacy.util.load_config_from_str(files("sitrep.nlp").joinpath("pipeline.cfg").read_text("utf-8"))
    try:
        nlp = spacy.load(config["base"]["model"])
    except OSError as exc:
        raise ResourceError(
            f"the language model {config['base']['model']!r} is not installed: {exc}"
        ) from exc
    for name, component in config["components"].items():
        placement = {k: component[k] for k in ("before", "after") if k in component}
        component_config = {k: v for k, v in component.items() if k not in ("factory", "before", "after")}
        pipe = nlp.add_pipe(component["factory"], name=name, config=component_config, **placement)
        if isinstance(pipe, EntityFinder) and gazetteer is not None:
            # The finder asks about every capitalised word; the same words come back in every report.
            cued = partial(
                gazetteer.is_place_name, alternate_min_population=CUED_ALTERNATE_NAME_MIN_POPULATION
            )
            pipe.set_place_checks(
                lru_cache(maxsize=1 << 16)(gazetteer.is_place_name),
                lru_cache(maxsize=1 << 16)(partial(cued, min_population=LOCAL_PLACE_MIN_POPULATION)),
                lru_cache(maxsize=1 << 16)(partial(cued, min_population=0)),
            )
            pipe.demonym = lru_cache(maxsize=1 << 16)(gazetteer.country_code)
    return nlp


HEADING_SKIPS = ("lemmatizer", "sitrep_figures", "sitrep_times")
"""The components whose output no heading needs: a title or headline is read for the places it
names (`TextAnalyser._heading_places`), which the entity component finds without lemmas."""


@dataclass(frozen=True, slots=True)
class _ParsedReport:
    report: Report
    doc: Doc


class TextAnalyser:
    """Analyses documents with one loaded pipeline and gazetteer (see `sitrep.resources`)."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer) -> None:
        self.nlp = nlp
        self.gazetteer = gazetteer

    def analyse(self, document: Document) -> AnalysedDocument:
        return self.analyse_many([document])[0]

    def analyse_many(self, documents: Sequence[Document]) -> list[AnalysedDocument]:
        """`analyse` for each of ``documents``, in order, with the reports of all of them going
        through the pipeline in one call and then their headings in another: its fixed cost a
        call is high against short texts (piping 20 short documents together instead of one
        by one saves about a third). A heading is read for its places only, so, when there are
        several documents, the headings go in a second call without the components that no
        heading needs (`HEADING_SKIPS`); one document's go in the call of its reports."""
        reports = list(dict.fromkeys(r.text for d in documents for r in d.reports))
        headings = list(dict.fromkeys(h for d in documents for h in _headings(d)))
        if len(documents) == 1:  # a second call for one document's headings costs more than it skips
            docs = self._parse(list(dict.fromkeys([*reports, *headings])))
        else:
            docs = self._parse(reports)
            skip = [name for name in HEADING_SKIPS if name in self.nlp.pipe_names]
            docs |= self._parse([h for h in headings if h not in docs], skip=skip)
        return [
            self._analysed(d, [docs[r.text] for r in d.reports], [docs[h] for h in _headings(d)])
            for d in documents
        ]

    def _analysed(self, document: Document, docs: Sequence[Doc], headings: Sequence[Doc]) -> AnalysedDocument:
        """The document, given its reports' parsed texts, in order, and its headings'."""
        parsed = [_ParsedReport(report, doc) for report, doc in zip(document.reports, docs, strict=True)]
        clusters = cluster_entities([(p.report.id, p.doc) for p in parsed])
        heading_places = self._heading_places(headings)
        country = self._main_country(clusters, heading_places, outlet_country(document.outlet, document.url))
        entities = self._entities(clusters, document, country)
        resolver = _References(entities)
        reports = tuple(self._analyse_report(p, entities, resolver, country) for p in parsed)
        with_demonyms = self._with_demonyms(entities, parsed, document)
        main_place = self._main_place(heading_places, country)
        if country is None:
            main_place = self._demonyms_country(parsed)
        return AnalysedDocument(
            document=document, reports=reports, entities=tuple(with_demonyms), main_place=main_place
        )

    def _parse(self, texts: Sequence[str], skip: Sequence[str] = ()) -> dict[str, Doc]:
        """Each of the (distinct) texts' ``Doc``, parsed in one call of the pipeline without the
        components named in ``skip``; a text longer than the pipeline takes (``nlp.max_length``)
        is parsed in pieces cut at paragraph or line ends and joined back into one ``Doc`` over
        the whole text, so an over-long report is read, not rejected."""
        pieces = [_pieces(text, self.nlp.max_length) for text in texts]
        parsed = iter(
            self.nlp.pipe((_tokenised(self.nlp, piece) for these in pieces for piece in these), disable=skip)
        )
        docs: dict[str, Doc] = {}
        for text, these in zip(texts, pieces, strict=True):
            part = [next(parsed) for _ in these]
            docs[text] = part[0] if len(part) == 1 else _joined(part)
        return docs

    def _with_demonyms(
        self, entities: list[Entity], parsed: Sequence[_ParsedReport], document: Document
    ) -> list[Entity]:
        """Country words ("Russian", "Syrians") as mentions of their country, labelled
        ``demonym``: they say where, not who, so actors and event places do not use them."""
        named = {
            (m.report_id, i)
            for e in entities
            if e.kind != "place"
            for m in e.mentions
            for i in range(m.start, m.end)
        }
        found: dict[str, list[Mention]] = {}
        for p in parsed:
            for token in p.doc:
                if not token.is_alpha or not token.text[:1].isupper() or (p.report.id, token.idx) in named:
                    continue
                code = self.gazetteer.demonym_country(token.text)
                if code:
                    end = token.idx + len(token.text)
                    found.setdefault(code, []).extend(p.report.mentions(token.idx, end, "demonym"))
        if not found:
            return entities
        out = list(entities)
        by_country = {
            e.place.geonames_id: i for i, e in enumerate(out) if e.place and e.place.precision == "country"
        }
        for code, mentions in found.items():
            place = self.gazetteer.country(code)
            if place is None:
                continue
            if place.geonames_id in by_country:
                i = by_country[place.geonames_id]
                out[i] = replace(out[i], mentions=out[i].mentions + tuple(mentions))
                continue
            taken = Counter(e.id for e in out)
            out.append(
                Entity(
                    id=_unique_id(entity_id(document.id, EntityKind.PLACE, tuple(mentions)), taken),
                    name=place.name,
                    kind=EntityKind.PLACE,
                    aliases=_unique((*(m.text for m in mentions), *place.aliases), without=place.name),
                    mentions=tuple(mentions),
                    place=place,
                    country=place.country,
                )
            )
        return out

    def _demonyms_country(self, parsed: Sequence[_ParsedReport]) -> PlaceRef | None:
        """Where the events of a text that names no place are: the one country its demonyms
        name ("More than 200 Syrians were killed" happened in Syria); none when they name two
        ("Syrian and Turkish soldiers")."""
        codes = {
            code
            for p in parsed
            for token in p.doc
            if token.is_alpha
            and token.text[:1].isupper()
            and (code := self.gazetteer.demonym_country(token.text))
        }
        place = self.gazetteer.country(codes.pop()) if len(codes) == 1 else None
        return PlaceRef(Phrase(place.name, -1, -1, label="document"), place) if place else None

    def _heading_places(self, headings: Iterable[Doc]) -> list[str]:
        """Places the title and headlines name: "Georgia: protests in Tbilisi" locates a ticker
        whose entries never name the city again."""
        return [f.text for doc in headings for f in read_entities(doc) if f.label == "place"]

    def _main_place(self, heading_places: Sequence[str], country: str | None) -> PlaceRef | None:
        """Where events with no place of their own are: the most precise place of the title in
        the document's country, else the country."""
        if country is None:
            return None
        resolved = [p for name in heading_places if (p := self.gazetteer.resolve(name, country=country))]
        in_country = [p for p in resolved if p.country == country and p.precision != "country"]
        place = min(in_country, key=lambda p: _PRECISION_ORDER.get(p.precision, 9)) if in_country else None
        place = place or self.gazetteer.country(country)
        return PlaceRef(Phrase(place.name, -1, -1, label="document"), place) if place else None

    def _main_country(
        self, clusters: Sequence[EntityCluster], heading_places: Sequence[str] = (), outlet: str | None = None
    ) -> str | None:
        """The country the document is mostly about: the one its places name most often (each
        read in the context of the others and the ``outlet``'s country, so "Perth" among
        Scottish towns counts for Scotland), the title's places counting three times."""
        counts: Counter[str] = Counter()
        for name in heading_places:
            place = self.gazetteer.resolve(name)
            if place is not None and place.country:
                counts[place.country] += 3
        places = [c for c in clusters if c.label == "place"]
        chosen = self.gazetteer.resolve_names([_place_query(c) for c in places], outlet_country=outlet)
        for cluster, candidate in zip(places, chosen, strict=True):
            if candidate is not None and candidate.country:
                counts[candidate.country] += len(cluster.mentions)
        return counts.most_common(1)[0][0] if counts else None

    def _entities(
        self, clusters: Sequence[EntityCluster], document: Document, country: str | None
    ) -> list[Entity]:
        """Entities with stable ids; places resolved and merged by GeoNames id."""
        reports = {r.id: r for r in document.reports}
        entities: list[Entity] = []
        places: dict[int, int] = {}
        taken: Counter[str] = Counter()
        place_clusters = [c for c in clusters if c.label == "place"]
        chosen = self.gazetteer.resolve_names(
            [_place_query(c) for c in place_clusters],
            country=country,
            outlet_country=outlet_country(document.outlet, document.url),
        )
        place_of = {id(c): p.to_place() if p else None for c, p in zip(place_clusters, chosen, strict=True)}
        for cluster in clusters:
            place = place_of.get(id(cluster))
            if cluster.label == "place" and place is None:
                continue
            mentions = tuple(
                part
                for m in cluster.mentions
                for part in reports[m.report_id].mentions(m.start_char, m.end_char, m.label)
            )
            if place is not None and place.geonames_id in places:
                i = places[place.geonames_id]
                merged = entities[i]
                entities[i] = replace(
                    merged,
                    aliases=_unique((*merged.aliases, cluster.name, *cluster.aliases), without=merged.name),
                    mentions=merged.mentions + mentions,
                )
                continue
            found_aliases = (*cluster.aliases, *((place.name, *place.aliases) if place else ()))
            aliases = _unique(found_aliases, without=cluster.name)
            entity = Entity(
                id=_unique_id(entity_id(document.id, EntityKind(cluster.label), mentions), taken),
                name=cluster.name,
                kind=EntityKind(cluster.label),
                aliases=aliases,
                roles=tuple(cluster.roles),
                mentions=mentions,
                place=place,
                actor_kind=cluster.kind,
                country=cluster.country or (place.country if place else None),
            )
            if place is not None and place.geonames_id is not None:
                places[place.geonames_id] = len(entities)
            entities.append(entity)
        return entities

    def _analyse_report(
        self, parsed: _ParsedReport, entities: Sequence[Entity], resolver: _References, country: str | None
    ) -> AnalysedReport:
        report, doc = parsed.report, parsed.doc
        figures = read_figures(doc)
        times = read_times(doc, report.time) if report.time is not None else read_times(doc)
        paragraph_starts = [0] + [m.end() for m in re.finditer(r"\n\n", report.text)]
        mentions = [m for e in entities for m in e.mentions if m.report_id == report.id]
        place_refs = self._place_refs(report, entities, doc, country)
        wire = _WIRE_DATELINE.match(report.text)
        dateline_end = wire.end() if wire else 0
        sentences = []
        spoken: AttributionRef | None = None  # the last sentence of the report that named its source
        for index, sent in enumerate(doc.sents):
            start, end = sent.start_char, sent.end_char
            paragraph = sum(1 for p in paragraph_starts if p <= start) - 1
            frames = tuple(resolver.annotate(f, report.id, report.text) for f in read_frames(sent))
            info = attribute_sentence(sent)
            attribution = self._attribution(info, sent, report, resolver, spoken)
            if attribution is not None and attribution.sources:
                spoken = attribution
            quoted = [Phrase(q.text, q.start, q.end, label="quotation") for q in info.quotations]
            quoted += [
                Phrase(t.text, t.start, t.end, label="scare_quote")
                for t in info.contested
                if t.kind == "scare_quote"
            ]
            sentence = Sentence(
                report_id=report.id,
                index=index,
                paragraph=paragraph,
                start=start,
                end=end,
                text=sent.text,
                frames=frames,
                mentions=tuple(m for m in mentions if start <= m.start < end),
                places=tuple(p for p in place_refs if start <= p.phrase.start < end),
                times=tuple(_time_ref(t, dateline_end) for t in times if start <= t.start_char < end),
                figures=tuple(_figure(f, report.id) for f in figures if start <= f.start_char < end),
                attribution=attribution,
                quoted=tuple(quoted),
            )
            resolver.advance(report.id, end)
            sentences.append(sentence)
        return AnalysedReport(report=report, sentences=tuple(sentences))

    def _place_refs(
        self, report: Report, entities: Sequence[Entity], doc: Doc, country: str | None
    ) -> list[PlaceRef]:
        refs = [
            PlaceRef(Phrase(m.text, m.start, m.end, label="place", entity=e.id), e.place)
            for e in entities
            if e.place is not None
            for m in e.mentions
            if m.report_id == report.id
        ]
        dateline = _DATELINE.match(report.text)
        if dateline and not any(r.phrase.start == dateline.start(1) for r in refs):
            place = self.gazetteer.resolve(dateline.group(1).title(), country=country)
            if place is not None and place.precision != "country":
                refs.append(
                    PlaceRef(
                        Phrase(dateline.group(1), dateline.start(1), dateline.end(1), label="dateline"), place
                    )
                )
        if country:
            capital = self.gazetteer.capital_of(country)
            if capital is not None:
                for match in _CAPITAL.finditer(report.text):
                    refs.append(
                        PlaceRef(Phrase(match.group(), match.start(), match.end(), label="place"), capital)
                    )
        return sorted(refs, key=lambda r: r.phrase.start)

    def _attribution(
        self,
        info: AttributionInfo,
        sent: Span,
        report: Report,
        resolver: _References,
        spoken: AttributionRef | None = None,
    ) -> AttributionRef | None:
        """The sentence's attribution; a speaker pronoun becomes who it stands for.

        "he" or "she" is the last person named before it; "it" or "they" ("It said 748 officers
        had been injured") is the organisation, outlet or group that the report's last
        attributed sentence named (``spoken``), never a person.
        """
        if not info.sources and info.level == "asserted" and not info.contested:
            return None
        pronoun_ref = next((s for s in info.sources if s.is_pronoun), None)
        pronoun_source = None
        if pronoun_ref is not None and pronoun_ref.kind == "person":
            person = resolver.person_before(report.id, pronoun_ref.start)
            if person is not None:
                pronoun_source = Source(person.name, "person")
        elif pronoun_ref is not None and spoken is not None:
            pronoun_source = next((s for s in spoken.sources if s.kind != "person"), None)
        sources = tuple(
            _named_before(_canonical_source(s, resolver), spoken)
            for s in to_sources(info, pronoun=pronoun_source)
        )
        return AttributionRef(
            sources=sources,
            level=AttributionLevel(info.level),
            contested=tuple(_unique(t.text for t in info.contested)),
            speaker_pronoun=pronoun_ref.name if pronoun_ref is not None else None,
            anaphoric=bool(_ANAPHORIC_SOURCE.match(sent.text.strip())),
        )


class _References:
    """Resolves the words of a frame to entities: by mention, pronoun or description."""

    def __init__(self, entities: Sequence[Entity]) -> None:
        self.entities = entities
        self.by_report: dict[str, list[tuple[int, int, Entity]]] = {}
        for entity in entities:
            for m in entity.mentions:
                self.by_report.setdefault(m.report_id, []).append((m.start, m.end, entity))
        for spans in self.by_report.values():
            spans.sort(key=lambda s: s[0])
        collectives = [
            e
            for e in entities
            if e.kind == "organization" and any(_ALLIANCE.search(n) for n in (e.name, *e.aliases))
        ]
        self.collective = max(collectives, key=lambda e: len(e.mentions)) if collectives else None
        self.last_person: dict[str, Entity] = {}

    def advance(self, report_id: str, offset: int) -> None:
        """Remember the last person named before ``offset``."""
        person = self.person_before(report_id, offset)
        if person is not None:
            self.last_person[report_id] = person

    def person_before(self, report_id: str, offset: int) -> Entity | None:
        people = [e for s, _, e in self.by_report.get(report_id, []) if s < offset and e.kind == "person"]
        return people[-1] if people else self.last_person.get(report_id)

    def actor_before(self, report_id: str, offset: int) -> Entity | None:
        """The last organisation or group named before ``offset`` ("it", "its fighters")."""
        actors = [
            e
            for s, _, e in self.by_report.get(report_id, [])
            if s < offset and e.kind in ("organization", "group")
        ]
        return actors[-1] if actors else None

    def by_name(self, name: str) -> Entity | None:
        folded = name.casefold()
        for entity in self.entities:
            if entity.name.casefold() == folded or folded in (a.casefold() for a in entity.aliases):
                return entity
        return None

    def annotate(self, frame: Frame, report_id: str, text: str) -> Frame:
        """The frame with each argument phrase tied to its entity and actor kind."""
        dateline = _DATELINE.match(text)
        cut = dateline.end() if dateline else 0
        return replace(
            frame,
            subject=self._phrase(_after(frame.subject, cut, text), report_id),
            object=self._phrase(_after(frame.object, cut, text), report_id),
            agent=self._phrase(frame.agent, report_id),
            co_subjects=tuple(
                p for p in (self._phrase(c, report_id) for c in frame.co_subjects) if p is not None
            ),
            co_objects=tuple(
                p for p in (self._phrase(c, report_id) for c in frame.co_objects) if p is not None
            ),
            obliques=tuple((p, self._phrase(ph, report_id)) for p, ph in frame.obliques),  # type: ignore[misc]
        )

    def _phrase(self, phrase: Phrase | None, report_id: str) -> Phrase | None:
        if phrase is None:
            return None
        # The entity nearest the phrase's end is its head: "the UN mission MONUSCO" is MONUSCO.
        inside = self._entities_in(phrase, report_id)[::-1]
        entity = next(
            (e for kind in ("person", "organization", "group") for e in inside if e.kind == kind), None
        )
        if entity is None and phrase.text.lower() in _PERSON_PRONOUNS:
            entity = self.person_before(report_id, phrase.start)
        if entity is None and phrase.text.lower() in _THING_PRONOUNS:
            entity = self.actor_before(report_id, phrase.start)
        if (
            entity is None
            and phrase.text.lower().split()[0] in ("its", "their")
            and len(phrase.text.split()) > 1
        ):
            entity = self.actor_before(report_id, phrase.start)  # "its troops": the group's own
        if entity is None and (phrase.head in _COLLECTIVE_HEADS or _COLLECTIVE_HEADS & set(phrase.words)):
            entity = self.collective
        if entity is None:
            # A country named as the doer stands for its government ("Russia sends troops").
            entity = next((e for e in inside if e.place is not None and e.place.precision == "country"), None)
            if entity is not None:
                return replace(phrase, entity=entity.id, label="government")
        if entity is not None:
            return replace(phrase, entity=entity.id, label=entity.actor_kind or entity.kind)
        kind = actor_kind(phrase.text)
        return replace(phrase, label=kind or "")

    def _entities_in(self, phrase: Phrase, report_id: str) -> list[Entity]:
        """The entities named inside the phrase, in order."""
        return [
            e for s, end, e in self.by_report.get(report_id, []) if phrase.start <= s and end <= phrase.end
        ]


def _after(phrase: Phrase | None, cut: int, text: str) -> Phrase | None:
    """The phrase without a dateline the parser glued to it ("KADUNA – Armed men")."""
    if phrase is None or phrase.start >= cut or phrase.end <= cut:
        return phrase
    return replace(phrase, text=text[cut : phrase.end], start=cut)


def _canonical_source(source: Source, resolver: _References) -> Source:
    """A source named by surname or alias takes its entity's full name."""
    entity = resolver.by_name(source.name)
    if entity is not None and entity.kind in ("person", "organization"):
        return Source(entity.name, source.kind, source.via)
    return source


def _named_before(source: Source, spoken: AttributionRef | None) -> Source:
    """A source told again by its head noun alone ("the ministry said" after "the Interior
    Ministry said") is the one the report named in full."""
    if spoken is None or " " in source.name or not source.name.islower():
        return source
    named = next(
        (s for s in spoken.sources if " " in s.name and s.name.lower().rsplit(" ", 1)[1] == source.name),
        None,
    )
    return Source(named.name, named.kind, source.via or named.via) if named is not None else source


def _unique_id(identifier: str, taken: Counter[str]) -> str:
    """``identifier``, or (when an earlier record has it) the identifier ending in -2, -3, ..."""
    taken[identifier] += 1
    return identifier if taken[identifier] == 1 else f"{identifier}-{taken[identifier]}"


def _time_ref(info: TimeInfo, dateline_end: int = 0) -> TimeRef:
    """A time as the coder sees it; a date inside the dateline dates the report, not an event."""
    try:
        precision = TimePrecision(info.precision)
    except ValueError:
        precision = TimePrecision.UNKNOWN if info.precision != "week" else TimePrecision.WEEK
    return TimeRef(
        phrase=Phrase(info.text, info.start_char, info.end_char, label=info.kind),
        kind="dateline" if info.end_char <= dateline_end else info.kind,
        date=info.date.isoformat() if info.date else None,
        precision=precision,
        start=info.start,
        end=info.end,
        start_clock=info.start_clock,
        end_clock=info.end_clock,
    )


def _figure(info: FigureInfo, report_id: str) -> Figure:
    return Figure(
        min=info.min,
        max=info.max,
        qualifier=Qualifier(info.qualifier),
        text=info.text,
        report_id=report_id,
        start=info.start_char,
        end=info.end_char,
        outcome=Outcome(info.outcome) if info.outcome else None,
        group=info.group,
        unit=info.unit,
        category=info.category,
        scope=FigureScope(info.scope) if info.scope else None,
    )


def _unique(items: Iterable[str], *, without: str | None = None) -> tuple[str, ...]:
    """Items in first-seen order, each once, leaving out empty ones and ``without``."""
    seen: list[str] = []
    for item in items:
        if item and item != without and item not in seen:
            seen.append(item)
    return tuple(seen)


def _headings(document: Document) -> list[str]:
    """The document's title and its reports' headlines."""
    return [h for h in (document.title, *(r.headline for r in document.reports)) if h]


def _pieces(text: str, longest: int) -> list[str]:
    """``text`` cut into pieces of at most ``longest // 2`` characters, each ending at a
    paragraph end, else a line end, else a space where one is near (a hard cut otherwise)."""
    if len(text) <= longest:
        return [text]
    size = max(longest // 2, 1)
    pieces, start = [], 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = next(
            (at + len(mark) for mark in ("\n\n", "\n", " ") if (at := window.rfind(mark)) > size // 2),
            size,
        )
        pieces.append(text[start : start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def _tokenised(nlp: Language, text: str) -> str | Doc:
    """``text`` as it is, or, when it holds a run longer than `LONGEST_RUN`, its ``Doc`` with
    each such run cut into tokens of `LONGEST_RUN` characters and the text between the runs
    tokenised as spaCy does; the ``Doc``'s text is ``text``, character for character."""
    if _LONG_RUN.search(text) is None:
        return text
    words: list[str] = []
    spaces: list[bool] = []

    def tokenise(between: str) -> None:
        for token in nlp.tokenizer(between):
            words.append(token.text)
            spaces.append(bool(token.whitespace_))

    position = 0
    for match in _LONG_RUN.finditer(text):
        tokenise(text[position : match.start()])
        run = match.group()
        for at in range(0, len(run), LONGEST_RUN):
            words.append(run[at : at + LONGEST_RUN])
            spaces.append(False)
        position = match.end()
        if text.startswith(" ", position):  # one space after a token is its trailing white space
            spaces[-1] = True
            position += 1
    tokenise(text[position:])
    return Doc(nlp.vocab, words=words, spaces=spaces)


def _joined(parts: Sequence[Doc]) -> Doc:
    """One ``Doc`` of the parsed pieces of a text, with the values that the lexicon components
    store beside their span groups (``attrs``, keyed ``"start_char:end_char"``) moved to the
    joined text's offsets."""
    doc = Doc.from_docs(list(parts), ensure_whitespace=False)
    offset = 0
    for part in parts:
        for key, group in part.spans.items():
            if key not in doc.spans:
                continue
            for name, values in group.attrs.items():
                if not isinstance(values, dict):
                    continue
                moved = doc.spans[key].attrs.setdefault(name, {})
                if moved is values:  # from_docs may hand the first piece's mapping over as it is
                    moved = doc.spans[key].attrs[name] = dict(values)
                for at, value in values.items():
                    start, _, end = str(at).partition(":")
                    moved[f"{int(start) + offset}:{int(end) + offset}"] = value
        offset += len(part.text)
    return doc


_MIN_CAPITALS_NAME = 4
"""A place written in capitals with this many letters is a name ("PATNA"), not an acronym ("UAE")."""


def _place_query(cluster: EntityCluster) -> str:
    """The name a place cluster is looked up by: its name, with the full stop of a written
    abbreviation its mentions keep ("Va." in "RICHMOND, Va. —", which the shown name drops),
    a name in capitals as a name."""
    dotted = next((m.text.strip() for m in cluster.mentions if m.text.strip() == cluster.name + "."), None)
    if dotted:
        return dotted
    letters = [c for c in cluster.name if c.isalpha()]
    if len(letters) >= _MIN_CAPITALS_NAME and cluster.name.isupper():
        return cluster.name.title()  # a dateline's "PATNA:" is Patna, not an acronym
    return cluster.name
