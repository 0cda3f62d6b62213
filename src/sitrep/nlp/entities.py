"""Entity analysis: people, organisations, groups and place candidates of one report.

In: a spaCy `Doc` of a report's text, parsed by the English pipeline (tagger, parser, NER), or
any Doc whose ``doc.ents`` were set by hand. Out: ``doc.spans["sitrep_entities"]``, one span
a mention, labelled ``person``, ``organization``, ``group``, ``place`` or ``platform``, with
its actor kind; `sitrep.nlp.aliases.read_entities` reads them back as `FoundEntity` records
with roles, country and aliases, and `sitrep.nlp.aliases.cluster_entities` joins them into
one entity per referent.

The model's NER is repaired with rules and the lexicons in ``data/entities/``:

* organisation acronyms defined in parentheses ("Collective Security Treaty Organization
  (CSTO)") become one organisation carrying the acronym as an alias;
* known organisations, agencies and platforms are matched from the lexicon, whatever the
  model said; a platform (Telegram, Twitter) is where something was said, never an actor,
  so it is labelled ``platform`` and left out of the actor labels;
* a name after a title or descriptor ("head of state Kassym-Shomart Tokayev", "the medium
  Vlast") is a person or an organisation even where the model said otherwise;
* a model ORG that is a demonym ("Kazakh") is dropped, one that is a place ("Armenia")
  becomes a place candidate; places are only classified here, the caller resolves them;
* a word that is part of a person's name elsewhere in the report ("Bachelet") is that person;
* names right after a photo credit's ``©`` are never entities;
* group nouns ("demonstrators", "armed people", "Russian troops") get their actor kind.

Titles and roles come from the words before a name ("US Secretary of State", "Armenia's
Prime Minister" → "Prime Minister of Armenia"), from appositions after it ("Tokayev, the
president,") and before it ("The current chairman of X, Y,"). A "colleague" or
"counterpart" of a holder of a known office is also given that office ("his Kazakh colleague"
of a Secretary of State → "Kazakh Foreign Minister").

Kinds are those of the coder: government, military, police, security_forces, protesters,
rioters, civilians, igo, foreign_government, media, unidentified_armed_group, rebels,
political_party, ngo, judiciary. Whether a government is foreign depends on the crisis, so
this stage says ``government`` with a country and leaves ``foreign_government`` to the coder.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, SpanGroup, Token
from spacy.util import filter_spans

from sitrep.nlp.aliases import (
    COUNTERPART,
    GROUP,
    LEXICON_FILES,
    ORGANIZATION,
    PERSON,
    PLACE,
    PLATFORM,
    SPANS_KEY,
    EntityLexicon,
    FoundEntity,
    RoleEntry,
    default_lexicon,
    initials_match,
    is_acronym,
    load_lexicon,
    phonetic_key,
    same_surname,
    span_attrs,
)
from sitrep.nlp.place_names import (
    HYPHENS,
    NOT_NAME_ENTS,
    POSSESSIVES,
    PlaceNames,
    is_name_token,
    name_run,
    starts_sentence,
)

logger = logging.getLogger(__name__)


_DETERMINERS = frozenset({"the", "a", "an"})
_HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr."})
_APPOSITION_OPENERS = frozenset({"the", "a", "an", "his", "her", "its", "their"})
_COMPLEMENT_WORDS = frozenset({"of", "for"})
_JOINERS = frozenset({"of", "for", "and", "the", "on", "in", "&"})
_TRAILING_FUNCTION_WORDS = frozenset({"of", "and", "the", "for", "in", "on"})
_RoleMatch = tuple[int, int, RoleEntry]
_RoleIndex = Mapping[int, tuple[int, RoleEntry]]
_COUNTERPART_REACH = 40


# ---------------------------------------------------------------------------------------------
# Token tests


def _in_credit(doc: Doc, start: int) -> bool:
    """Whether a name stands in a photo credit ("© Valery Sharifulin / dpa")."""
    for j in range(start - 1, max(start - 7, -1), -1):
        if doc[j].text == "©":
            return True
        if doc[j].text in {".", "!", "?", "\n"} or (doc[j].is_space and "\n" in doc[j].text):
            return False
    return False


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    label: str
    priority: int
    kind: str | None = None
    country: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Title:
    start: int
    role: str
    entry: RoleEntry
    country: str | None
    country_word: str | None
    possessive: bool
    words: tuple[str, ...] = ()
    complement: str = ""


def _lone_names(doc: Doc) -> list[int]:
    """Capitalised words standing alone ("Kovene said"): no name word after them, and none
    before them but a sentence's first word."""
    lone = []
    for token in doc:
        i = token.i
        if not is_name_token(token) or (i + 1 < len(doc) and is_name_token(doc[i + 1])):
            continue
        if i == 0 or not is_name_token(doc[i - 1]) or starts_sentence(doc, i - 1):
            lone.append(i)
    return lone


def _inside_other_name(ent_of: Mapping[int, Span], s: int, e: int) -> bool:
    """Whether a title match sits inside a longer model name ("UN General Assembly")."""
    for i in range(s, e):
        ent = ent_of.get(i)
        if (
            ent is not None
            and ent.label_ not in ("PERSON", *NOT_NAME_ENTS)
            and (ent.start < s or ent.end > e)
        ):
            return True
    return False


def _opens_group(cand: _Candidate, groups: Sequence[_Candidate]) -> bool:
    """A one-word name the model saw in the first word of a group phrase ("Riot police fired",
    "Border guards said"): the capital is the sentence's, the phrase is the group."""
    return (
        cand.priority == 2
        and cand.label in (PERSON, ORGANIZATION)
        and cand.end - cand.start == 1
        and any(g.start == cand.start and g.end > cand.end for g in groups)
    )


def _select(candidates: Iterable[_Candidate], taken: set[int]) -> list[_Candidate]:
    """Non-overlapping candidates, higher priority then longer first; ``taken`` is updated."""
    chosen = []
    for cand in sorted(candidates, key=lambda c: (-c.priority, c.start - c.end, c.start)):
        cover = range(cand.start, cand.end)
        if not taken.intersection(cover):
            taken.update(cover)
            chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)


# ---------------------------------------------------------------------------------------------
# The component


class EntityFinder:
    """Find entity mentions in a Doc and set ``doc.spans[spans_key]``.

    ``is_place(text)`` says whether a name is a known place (`Gazetteer.is_place_name`);
    ``is_local_place(text)`` the same with a lower bar, for a name the words around it call a
    place ("in", "the village of"; default: ``is_place``); ``is_any_place(text)`` with no bar
    of size, for a name a place noun follows ("Achham district"); ``demonym(text)`` gives the country code of a demonym or country name ("Kazakh",
    "Armenia" → "KZ", "AM") or None (`Gazetteer.country_code`). Both are optional: without
    them the model's GPE/LOC entities are the only places and no country is read.
    """

    def __init__(
        self,
        nlp: Language,
        name: str = "sitrep_entities",
        *,
        is_place: Callable[[str], bool] | None = None,
        demonym: Callable[[str], str | None] | None = None,
        lexicon: EntityLexicon | None = None,
        spans_key: str = SPANS_KEY,
        is_local_place: Callable[[str], bool] | None = None,
        is_any_place: Callable[[str], bool] | None = None,
    ) -> None:
        # The tokenizer, not the whole pipeline, so the component pickles small.
        self.vocab = nlp.vocab
        self.tokenizer = nlp.tokenizer
        self.name = name
        self.spans_key = spans_key
        self.demonym = demonym
        self.set_place_checks(is_place, is_local_place, is_any_place)
        self._set_lexicon(lexicon or default_lexicon())

    def set_place_checks(
        self,
        is_place: Callable[[str], bool] | None,
        is_local_place: Callable[[str], bool] | None = None,
        is_any_place: Callable[[str], bool] | None = None,
    ) -> None:
        """Use these gazetteer checks (see the class docstring) from now on."""
        self.is_place = is_place
        self.places = PlaceNames(is_place, is_local_place, is_any_place)

    def _set_lexicon(self, lexicon: EntityLexicon) -> None:
        self.lexicon = lexicon
        vocab, make = self.vocab, self.tokenizer
        self._orgs = PhraseMatcher(vocab, attr="ORTH")
        for org in lexicon.organizations:
            self._orgs.add(org.name, [make(n) for n in (org.name, *org.aliases)])
        self._platforms = PhraseMatcher(vocab, attr="ORTH")
        self._platforms.add(PLATFORM, [make(p) for p in sorted(lexicon.platforms)])
        self._groups = PhraseMatcher(vocab, attr="LOWER")
        for phrase, kind in lexicon.groups.items():
            self._groups.add(kind, [make(phrase)])
        self._roles = PhraseMatcher(vocab, attr="LOWER")
        for phrase in lexicon.roles:
            self._roles.add(phrase, [make(phrase)])

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find(doc))
        return doc

    def set_annotations(self, doc: Doc, found: Sequence[FoundEntity]) -> None:
        """Store ``found`` as ``doc.spans[self.spans_key]`` (read back with `read_entities`)."""
        spans = [Span(doc, f.start, f.end, label=f.label, kb_id=f.kind or "") for f in found]
        doc.spans[self.spans_key] = SpanGroup(doc, name=self.spans_key, attrs=span_attrs(found), spans=spans)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Save the lexicon files (the component's only state) into ``path``."""
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        for name in LEXICON_FILES:
            shutil.copyfile(self.lexicon.source / name, folder / name)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> EntityFinder:
        """Load the lexicon files saved by `to_disk`."""
        self._set_lexicon(load_lexicon(Path(path)))
        return self

    # -- finding -------------------------------------------------------------------------------

    def find(self, doc: Doc) -> list[FoundEntity]:
        """Every entity mention of ``doc``, in text order, with kinds, roles and countries."""
        roles = self._match_roles(doc)
        lone = _lone_names(doc)
        blocked: set[int] = set()
        candidates = [
            *self._acronym_candidates(doc, blocked),
            *self._dateline_candidates(doc),
            *(_Candidate(s, e, PLACE, 3) for s, e in self.places.noted(doc)),
            *self._lexicon_candidates(doc),
            *self._titled_candidates(doc, roles, lone),
            *self._model_candidates(doc, roles),
        ]
        groups_found = self._group_candidates(doc)
        candidates = [c for c in candidates if not _opens_group(c, groups_found)]
        names = _select(candidates, set(blocked))
        names = self._repair_with_names(doc, names, lone)
        by_start = {s: (e, entry) for s, e, entry in roles}
        by_end = {e: (s, entry) for s, e, entry in roles}
        found: list[FoundEntity] = []
        history: list[tuple[_Candidate, list[_Title]]] = []
        taken = set(blocked) | {i for c in names for i in range(c.start, c.end)}
        titled: set[int] = set()
        local = {
            n: c.kind
            for c in names
            if c.label == ORGANIZATION
            for n in (doc[c.start : c.end].text, *c.aliases)
        }
        for cand in names:
            titles = self._titles(doc, cand, by_start, by_end, history)
            titled.update(i for t in titles for i in range(t.start, cand.start))
            history.append((cand, titles))
            found.append(self._to_found(doc, cand, titles, local))
        # A place may stand inside a title ("Armenia's Prime Minister"), a group word may not.
        proposed = [_Candidate(s, e, PLACE, 1) for s, e in self.places.proposals(doc)]
        places = _select(proposed, taken)
        groups = _select(groups_found, taken | titled)
        found.extend(self._to_found(doc, cand, [], local) for cand in [*places, *groups])
        logger.debug("found %d entity mentions in %d tokens", len(found), len(doc))
        return sorted(found, key=lambda f: f.start)

    def _to_found(
        self, doc: Doc, cand: _Candidate, titles: Sequence[_Title], local: Mapping[str, str | None]
    ) -> FoundEntity:
        span = doc[cand.start : cand.end]
        kind = cand.kind or next(filter(None, (self._title_kind(t, local) for t in titles)), None)
        country = cand.country or next((t.country for t in titles if t.country), None)
        # A bare descriptor ("the agency UNHCR") says nothing an organisation's kind does not.
        wordy = [t.role for t in titles if t.role and (cand.label == PERSON or " " in t.role)]
        roles = tuple(dict.fromkeys(wordy))
        return FoundEntity(
            start=cand.start,
            end=cand.end,
            start_char=span.start_char,
            end_char=span.end_char,
            text=span.text,
            label=cand.label,
            kind=kind,
            roles=roles,
            country=country,
            aliases=cand.aliases,
        )

    def _country(self, text: str) -> str | None:
        """The country a demonym or country name names ("Kazakh", "Armenia"), if known."""
        return self.demonym(text) if self.demonym is not None else None

    def _demonym_before(self, doc: Doc, i: int) -> str | None:
        """The country of a demonym right before token ``i`` ("[Velorian] Ministry of ...")."""
        if i == 0 or self.demonym is None or not is_name_token(doc[i - 1]):
            return None
        return self.demonym(doc[i - 1].text)

    def _match_roles(self, doc: Doc) -> list[_RoleMatch]:
        """Title and descriptor matches, longest first where they overlap."""
        spans = filter_spans(self._roles(doc, as_spans=True))
        return [(span.start, span.end, self.lexicon.roles[span.label_]) for span in spans]

    def _acronym_candidates(self, doc: Doc, blocked: set[int]) -> list[_Candidate]:
        """``Name Of Thing (NOT)`` and ``NOT (Name Of Thing)``: one entity with an alias."""
        out = []
        defined: dict[str, str] = {}
        for i, token in enumerate(doc):
            if token.text != "(":
                continue
            if i + 2 < len(doc) and doc[i + 2].text == ")" and is_acronym(doc[i + 1].text):
                acronym = doc[i + 1].text
                start = self._expansion_start(doc, i, acronym)
                if start is not None:
                    defined[acronym] = doc[start:i].text
                    cand = self._acronym_entity(defined[acronym], start, i, acronym)
                    country = self._demonym_before(doc, start)
                    out.append(replace(cand, start=start - 1, country=country) if country else cand)
                    blocked.update(range(i, i + 3))
                    continue
            if i > 0 and is_acronym(doc[i - 1].text):
                acronym = doc[i - 1].text
                close = next((j for j in range(i + 2, min(i + 12, len(doc))) if doc[j].text == ")"), 0)
                if close and initials_match([t.text for t in doc[i + 1 : close]], acronym):
                    defined[acronym] = doc[i + 1 : close].text
                    out.append(self._acronym_entity(defined[acronym], i - 1, i, defined[acronym]))
                    blocked.update(range(i, close + 1))
        out.extend(
            self._acronym_entity(defined[t.text], t.i, t.i + 1, defined[t.text])
            for t in doc
            if t.text in defined and t.i not in blocked
        )
        return out

    def _expansion_start(self, doc: Doc, paren: int, acronym: str) -> int | None:
        j = paren - 1
        while j >= 0 and paren - j <= 12:
            token = doc[j]
            if is_name_token(token) or token.text.isupper():
                if initials_match([t.text for t in doc[j:paren]], acronym):
                    return j
            elif token.lower_ not in _JOINERS and token.text not in HYPHENS:
                return None
            j -= 1
        return None

    def _acronym_entity(self, expansion: str, start: int, end: int, alias: str) -> _Candidate:
        if self.is_place is not None and self.is_place(expansion):
            return _Candidate(start, end, PLACE, 5, aliases=(alias,))
        known = self.lexicon.organization(expansion)
        kind = known.kind if known else self.lexicon.org_kind(expansion)
        country = known.country if known else None
        return _Candidate(start, end, ORGANIZATION, 5, kind=kind, country=country, aliases=(alias,))

    def _lexicon_candidates(self, doc: Doc) -> list[_Candidate]:
        out = [_Candidate(s, e, PLATFORM, 4) for _, s, e in self._platforms(doc)]
        for span in self._orgs(doc, as_spans=True):
            org = self.lexicon.names[span.label_]
            if not _in_credit(doc, span.start):
                aliases = (org.name,) if span.text != org.name else ()
                out.append(_Candidate(span.start, span.end, ORGANIZATION, 4, org.kind, org.country, aliases))
        return out

    def _titled_candidates(
        self, doc: Doc, roles: Sequence[_RoleMatch], lone: Sequence[int]
    ) -> list[_Candidate]:
        """The name right after a title or descriptor, labelled as the title says."""
        ents = doc.ents
        ent_at = {ent.start: ent for ent in ents}
        ent_of = {i: ent for ent in ents for i in range(ent.start, ent.end)}
        lone_words = {doc[i].text for i in lone}
        out = []
        for s, e, entry in roles:
            if e >= len(doc) or _inside_other_name(ent_of, s, e):
                continue
            ent = ent_at.get(e)
            end = self._trim_end(doc, e, ent.end) if ent is not None else name_run(doc, e)
            if ent is None and entry.label == PERSON and doc[e].lower_ in _COMPLEMENT_WORDS:
                e, end = self._name_after_complement(doc, e, lone_words)
            if end <= e or not any(is_name_token(t) for t in doc[e:end]) or _in_credit(doc, e):
                continue
            text = doc[e:end].text
            if self._is_not_a_name(text) or (
                end - e == 1 and doc[e].text.isupper() and entry.label == PERSON
            ):
                continue
            kind = entry.kind if entry.label == ORGANIZATION else None
            out.append(_Candidate(e, end, entry.label, 3, kind=kind))
        return out

    def _name_after_complement(self, doc: Doc, e: int, lone_words: set[str]) -> tuple[int, int]:
        """The name closing "Commissioner for Refugee Affairs Dana Ilves", or an empty span.

        Where the complement ends and the name begins is not written; the last two words are
        taken as the name when the report also names someone by that last word alone.
        """
        start = e + 2 if e + 1 < len(doc) and doc[e + 1].lower_ == "the" else e + 1
        end = name_run(doc, start, limit=8)
        if end - start >= 3 and doc[end - 1].text in lone_words:
            return end - 2, end
        return e, e

    def _is_not_a_name(self, text: str) -> bool:
        """Whether a would-be person or outlet name is a platform, known body, place or demonym."""
        if text in self.lexicon.platforms or self.lexicon.organization(text) is not None:
            return True
        if self.is_place is not None and self.is_place(text):
            return True
        return self.demonym is not None and self.demonym(text) is not None

    def _trim_end(self, doc: Doc, start: int, end: int) -> int:
        while end > start and (
            doc[end - 1].text in POSSESSIVES
            or doc[end - 1].is_punct
            or doc[end - 1].is_space
            or doc[end - 1].lower_ in _TRAILING_FUNCTION_WORDS
        ):
            end -= 1
        return end

    def _model_candidates(self, doc: Doc, roles: Sequence[_RoleMatch]) -> list[_Candidate]:
        """The model's entities, trimmed and relabelled where the rules know better."""
        person_titles = {s: e for s, e, entry in roles if entry.label == PERSON}
        role_of = {i: (s, e) for s, e, _ in roles for i in range(s, e)}
        out: list[_Candidate] = []
        for ent in doc.ents:
            start, end = ent.start, self._trim_end(doc, ent.start, ent.end)
            while start < end and (doc[start].lower_ in _DETERMINERS | _HONORIFICS or doc[start].is_punct):
                start += 1
            if ent.label_ == "PERSON" and person_titles.get(start, end) < end:
                start = person_titles[start]
            if start >= end or _in_credit(doc, start):
                continue
            text = doc[start:end].text
            if not any(c.isupper() for c in text) or "/" in text:
                continue
            inside = role_of.get(start, (end, start))
            if inside[0] <= start and end <= inside[1] and ent.label_ not in ("GPE", "LOC"):
                continue
            listed = self.places.listed(doc, start, end, ent.label_)
            if listed:
                out.extend(_Candidate(s, e, PLACE, 2) for s, e in listed)
                continue
            wide = self.places.widened(doc, start, end) if ent.label_ not in NOT_NAME_ENTS else None
            if wide is not None and not (self.is_place is not None and self.is_place(text)):
                # "Spanish Town" read as the nationality "Spanish"
                out.append(_Candidate(start, wide, PLACE, 2))
                continue
            cand = self._classify(ent.label_, text, start, end)
            if cand is None and ent.label_ not in NOT_NAME_ENTS:
                # "Kramatorsk airport" tagged as a product: the words around it may still say place
                cand = self._cued_place(doc, _Candidate(start, end, ORGANIZATION, 2), text)
            elif cand is not None and cand.label in (ORGANIZATION, PERSON) and cand.kind is None:
                cand = self._cued_place(doc, cand, text) or cand
            if cand is not None:
                out.append(cand)
        return out

    def _cued_place(self, doc: Doc, cand: _Candidate, text: str) -> _Candidate | None:
        """The place a name the model took for an organisation or person is, when the words
        around it say place (`PlaceNames.cued`); a known organisation stays one."""
        if self.lexicon.organization(text) is not None:
            return None
        end = self.places.cued(doc, cand.start, cand.end, person=cand.label == PERSON)
        return _Candidate(cand.start, end, PLACE, cand.priority) if end is not None else None

    def _dateline_candidates(self, doc: Doc) -> list[_Candidate]:
        """The dateline's place in capitals ("ST. LOUIS —", "PUNE:"), above the model's reading."""
        span = self.places.dateline(doc)
        return [_Candidate(span[0], span[1], PLACE, 3)] if span else []

    def _classify(self, label: str, text: str, start: int, end: int) -> _Candidate | None:
        if text in self.lexicon.platforms:
            return _Candidate(start, end, PLATFORM, 2)
        org = self.lexicon.organization(text)
        if org is not None:
            aliases = (org.name,) if text != org.name else ()
            return _Candidate(start, end, ORGANIZATION, 2, org.kind, org.country, aliases)
        place = self.is_place is not None and self.is_place(text)
        if label == "PERSON":
            return _Candidate(start, end, PLACE if place and " " not in text else PERSON, 2)
        if label in ("NORP", "LANGUAGE"):
            # "the city of Aleppo" is often tagged as a nationality; a demonym is not a place name
            return _Candidate(start, end, PLACE, 2) if place else None
        if label in ("GPE", "LOC", "FAC"):
            adjective = not place and self.demonym is not None and self.demonym(text) is not None
            return None if adjective else _Candidate(start, end, PLACE, 2)
        if label != "ORG":
            return None
        kind = self.lexicon.org_kind(text)
        if place and kind is None:
            return _Candidate(start, end, PLACE, 2)
        if self.demonym is not None and self.demonym(text) is not None:
            return None
        first = text.split()[0]
        country = self._country(first) if end - start > 1 and first != text else None
        return _Candidate(start, end, ORGANIZATION, 2, kind=kind, country=country)

    def _repair_with_names(self, doc: Doc, names: list[_Candidate], lone: Sequence[int]) -> list[_Candidate]:
        """Make each word of a person's name name that person elsewhere in the report.

        The model often tags a lone surname as ORG ("Bachelet") or misses it; a later mention
        of a word of a full name found in the same report is that person.
        """
        name_words = {
            t.text for c in names if c.label == PERSON and c.end - c.start > 1 for t in doc[c.start : c.end]
        }
        surnames = {doc[c.end - 1].text for c in names if c.label == PERSON and c.end - c.start > 1}
        spelled = {phonetic_key(name) for name in surnames}
        repaired = []
        for cand in names:
            words = [t.text for t in doc[cand.start : cand.end] if t.is_alpha]
            if cand.label == ORGANIZATION and cand.priority == 2 and words and set(words) <= name_words:
                cand = replace(cand, label=PERSON, kind=None, country=None)
            repaired.append(cand)
        taken = {i for c in repaired for i in range(c.start, c.end)}
        for i in lone:
            word = doc[i].text
            if i in taken or _in_credit(doc, i):
                continue
            if word in surnames or (
                phonetic_key(word) in spelled and any(same_surname(word, n) for n in surnames)
            ):
                repaired.append(_Candidate(i, i + 1, PERSON, 2))
        return sorted(repaired, key=lambda c: c.start)

    def _group_candidates(self, doc: Doc) -> list[_Candidate]:
        parsed = doc.has_annotation("DEP")
        out = []
        for match_id, s, e in self._groups(doc):
            last = doc[e - 1]
            if parsed and (last.dep_ in ("compound", "amod") or last.pos_ not in ("NOUN", "PROPN")):
                continue
            kind = self.vocab.strings[match_id]
            # "Ostrian troops": the demonym joins the group; the bare noun is the fallback.
            country = self._demonym_before(doc, s)
            if country:
                out.append(_Candidate(s - 1, e, GROUP, 1, kind=kind, country=country))
            out.append(_Candidate(s, e, GROUP, 1, kind=kind))
        return out

    # -- titles and roles ----------------------------------------------------------------------

    def _titles(
        self,
        doc: Doc,
        cand: _Candidate,
        by_start: _RoleIndex,
        by_end: _RoleIndex,
        earlier: Sequence[tuple[_Candidate, list[_Title]]],
    ) -> list[_Title]:
        """The titles of a person or organisation: before it, in apposition, as a counterpart."""
        if cand.label not in (PERSON, ORGANIZATION):
            return []
        titles = []
        before = self._title_before(doc, cand.start, by_end, allow_parens=False)
        if before is not None and before.entry.label == cand.label:
            titles.append(before)
        after = self._title_after(doc, cand.end, by_start)
        if after is not None and after.entry.label == cand.label:
            titles.append(after)
        opening = before.start if before is not None else cand.start
        closed = cand.end >= len(doc) or doc[cand.end].text in {",", "."}
        if opening > 0 and doc[opening - 1].text == "," and closed:
            lead = self._title_before(doc, opening - 1, by_end, allow_parens=True)
            if lead is not None and lead.entry.label == cand.label and self._opens_phrase(doc, lead.start):
                titles.append(lead)
        if cand.label == PERSON:
            titles.extend(self._counterpart_titles(cand, titles, earlier))
        return titles

    def _opens_phrase(self, doc: Doc, i: int) -> bool:
        if i == 0 or starts_sentence(doc, i):
            return True
        prev = doc[i - 1]
        return prev.lower_ in _DETERMINERS or prev.is_punct or prev.is_space

    def _is_complement(self, token: Token, allow_parens: bool) -> bool:
        if token.is_space:
            return False
        if is_name_token(token) or (token.is_alpha and token.text.isupper()):
            return True
        return token.lower_ in _JOINERS or token.text in HYPHENS or (allow_parens and token.text in "()")

    def _title_before(self, doc: Doc, p: int, by_end: _RoleIndex, *, allow_parens: bool) -> _Title | None:
        """The title ending right before token ``p``: modifiers, head, and an of/for complement."""
        k = p
        while True:
            if k in by_end and (k == p or doc[k].lower_ in _COMPLEMENT_WORDS):
                head_start, entry = by_end[k]
                return self._assemble(doc, self._modifiers_start(doc, head_start), head_start, k, p, entry)
            if k == 0 or p - k >= 10 or not self._is_complement(doc[k - 1], allow_parens):
                return None
            k -= 1

    def _modifiers_start(self, doc: Doc, head_start: int) -> int:
        """First token of the modifiers before a title head ("his [Kazakh] colleague")."""
        i = head_start
        while i > 0:
            token = doc[i - 1]
            if token.text in POSSESSIVES:
                j = i - 1
                while j > 0 and i - 1 - j < 4 and is_name_token(doc[j - 1]):
                    j -= 1
                return j if j < i - 1 else i
            if not self._is_modifier(token) or token.ent_type_ == "PERSON":
                break
            i -= 1
            if starts_sentence(doc, i):
                break
        return i

    def _is_modifier(self, token: Token) -> bool:
        """A word that may stand before a title head: "police", "former", "Kazakh", "UN"."""
        lower = token.lower_
        if lower in self.lexicon.kept_modifiers or lower in self.lexicon.dropped_modifiers:
            return True
        return is_name_token(token) or (token.is_alpha and token.text.isupper() and len(token) <= 5)

    def _title_after(self, doc: Doc, e: int, by_start: _RoleIndex) -> _Title | None:
        """An apposition after a name: ``Tokayev, the president of Kazakhstan, said``."""
        if e + 1 >= len(doc) or doc[e].text != ",":
            return None
        i = e + 1
        if doc[i].lower_ in _APPOSITION_OPENERS:
            i += 1
        mods = i
        while i < len(doc) and i not in by_start and self._is_modifier(doc[i]):
            i += 1
        if i not in by_start:
            return None
        head_end, entry = by_start[i]
        end = head_end
        if end < len(doc) and doc[end].lower_ in _COMPLEMENT_WORDS:
            # Closed by the comma, the complement may hold common nouns ("of the Velorian army").
            j = end + 1
            while (
                j < len(doc)
                and j - end <= 8
                and (
                    self._is_complement(doc[j], allow_parens=True)
                    or (doc[j].is_lower and doc[j].is_alpha and doc[j].pos_ not in ("VERB", "AUX"))
                )
            ):
                j += 1
            end = j if j > end + 1 else end
        if end < len(doc) and not (doc[end].is_punct or doc[end].pos_ in ("VERB", "AUX")):
            return None
        return self._assemble(doc, mods, i, head_end, end, entry)

    def _assemble(
        self, doc: Doc, mods: int, head_start: int, head_end: int, end: int, entry: RoleEntry
    ) -> _Title:
        """A title from its modifiers ``[mods, head_start)``, head and complement ``[head_end, end)``."""
        possessor = None
        body_start = mods
        if mods < head_start and any(t.text in POSSESSIVES for t in doc[mods:head_start]):
            cut = next(t.i for t in doc[mods:head_start] if t.text in POSSESSIVES)
            possessor, body_start = doc[mods:cut].text, cut + 1
        words: list[str] = []
        depth = 0
        for token in doc[body_start:end]:
            depth += (token.text == "(") - (token.text == ")")
            if depth or token.text == ")" or token.lower_ in self.lexicon.dropped_modifiers:
                continue
            if not words and token.lower_ in _DETERMINERS:
                continue
            words.append(token.text + token.whitespace_)
        role = "".join(words).strip()
        if possessor:
            role = f"{role} of {possessor}"
        country_word = possessor or next(
            (t.text for t in doc[body_start:head_start] if not t.is_lower and self._country(t.text)), None
        )
        complement = (
            doc[head_end + 1 : end].text.removeprefix("the ").split(" (")[0] if end > head_end else ""
        )
        country = self._country(country_word) if country_word else None
        if country is None and complement:
            country = self._country(complement)
        return _Title(
            start=mods,
            role=role,
            entry=entry,
            country=country,
            country_word=country_word,
            possessive=possessor is not None,
            words=tuple(t.text for t in doc[body_start:head_start]),
            complement=complement,
        )

    def _title_kind(self, title: _Title, local: Mapping[str, str | None]) -> str | None:
        """The actor kind a title's words tell ("police spokesman", "UN Commissioner").

        Organisations of the same report come first: an acronym defined there ("RSF
        commander") may mean something other than the lexicon's.
        """
        for word in (*title.words, title.complement):
            if word in local:
                kind = local[word]
            else:
                org = self.lexicon.organization(word)
                kind = org.kind if org else self.lexicon.groups.get(word) if word.islower() else None
            if kind:
                return kind
        return (title.complement and self.lexicon.org_kind(title.complement)) or title.entry.kind

    def _counterpart_titles(
        self, cand: _Candidate, titles: Sequence[_Title], earlier: Sequence[tuple[_Candidate, list[_Title]]]
    ) -> list[_Title]:
        """A colleague or counterpart holds the office of the person before ("Kazakh Foreign Minister")."""
        out = []
        for title in titles:
            if title.entry.office != COUNTERPART:
                continue
            office = _office_nearby(cand, earlier)
            if office is None:
                continue
            where = title.country_word
            role = f"{office} of {where}" if title.possessive else f"{where} {office}" if where else office
            entry = RoleEntry(phrase=office.lower(), label=PERSON, kind="government", office=office)
            out.append(replace(title, role=role, entry=entry))
        return out


def _office_nearby(cand: _Candidate, earlier: Sequence[tuple[_Candidate, list[_Title]]]) -> str | None:
    """The office of the nearest person before ``cand`` (within a sentence's length)."""
    for other, titles in reversed(earlier):
        if cand.start - other.end > _COUNTERPART_REACH:
            return None
        if other.label == PERSON:
            return next((t.entry.office for t in titles if t.entry.office not in (None, COUNTERPART)), None)
    return None
