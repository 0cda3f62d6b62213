"""Attribution: who says so, how firmly, and in whose words.

``spacy.tokens.Span`` (a sentence or clause) → `AttributionInfo`: the sources behind its claim
(`SourceRef`), its level, its contested terms (`TermRef`) and its quotations (`QuoteRef`), with
offsets into the text of the sentence's ``Doc`` (a report's text). `find_contested_terms` and
`find_quotations` read plain text without spaCy; `to_sources` gives the model's `Source` links.
Cue words, outlets, channels and framing terms are data files under ``data/attribution/``.

A `SourceRef` is one link of a chain: ``name`` is the original source, ``via`` the outlet or
channel that relayed it ("according to local media, citing the Health Ministry": ``name="Health
Ministry", via="local media"``). "A, citing B, citing C" gives one link a hop, ``B via A`` and
``C via B``. Exceptions and special cases:

* an outlet citing its own correspondent stays the ``name``, the correspondent is the ``via``
  ("Tass, citing its local correspondent"): a desk cites the outlet, not its staff;
* a speaker who told several outlets gives one link an outlet, each with the speaker's name;
* a channel ("on Telegram", "on state television") fills the ``via`` of its link; a channel
  with no speaker gives ``name="unnamed post"``; "reportedly", "is said to", "reports said"
  with no named source give ``name="unnamed reports", kind="unattributed"``;
* a pronoun ("according to him") stays the ``name`` with ``is_pronoun=True`` for the caller to
  resolve; a bare surname ("Borrell") is completed, with its kind, from a titled mention
  earlier in the ``Doc`` ("EU Foreign Affairs Representative Josep Borrell").

Levels rank asserted < reported < claimed < alleged and a sentence takes the highest its cues
give: a source, "according to" or "reportedly" is reported; "claimed", "said it had",
"according to him" (a party speaking for itself) are claimed; "accused of", "allegedly",
"suspected of" are alleged; no cue at all is asserted.

Contested terms are short scare quotes (“terrorists”, „peacekeepers“) and the words after
"so-called", "what it called", "described as"; a framing word of ``framing.txt`` ("bandits")
counts only when the sentence names who says so. A quoted sentence, a long quoted fragment or
one after an expression verb ("expressed “deep concern”") is a quotation, not a term.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from sitrep.model import Source

if TYPE_CHECKING:
    from spacy.tokens import Span

logger = logging.getLogger(__name__)

_DATA = "data/attribution"
_CONTEXT_CHARS = 3000
_TOKEN = re.compile(r"[^\W_]+(?:[-’'.&][^\W_]+)*|\S")
_WORD = re.compile(r"[^\W_]+(?:[-’'][^\W_]+)*")
_WORD_AT = re.compile(r"\s*([^\W_]+(?:[-’'][^\W_]+)*)")
_POSSESSIVE = re.compile(r"[’']s?$")
_QUOTE_CHARS = "\"'“”„‘’‚«»"
_CLOSERS = {'"': '"', "'": "'", "“": "”", "„": "“”", "‚": "‘’", "‘": "’", "«": "»", "»": "«", "”": "”"}
_OPEN_AFTER = "([{—–-/"
_END_PUNCT = ".,!?;:…"
_BOUNDARY = {",", ":", "”", "“", '"', "’", "»", "«"}
_BE = {"is", "are", "was", "were", "been", "being", "be"}
_MEDIA = {"agency", "broadcaster", "newspaper", "media"}
_TELL = {"told", "tells", "informed"}
_SPEECH_FOLLOWERS = {"that", "on", "via", "of", *_BOUNDARY, *_END_PUNCT}


@dataclass(frozen=True, slots=True)
class SourceRef:
    """One link of an attribution chain as the text names it (see the module docstring)."""

    name: str
    kind: str
    start: int
    end: int
    via: str | None = None
    via_kind: str | None = None
    is_pronoun: bool = False
    cue: str = ""


@dataclass(frozen=True, slots=True)
class TermRef:
    """A contested term: the speaker's framing, never to be adopted as fact.

    ``kind`` is scare_quote, so_called, labelled (what X called / described as / dubbed) or
    framing (a lexicon word in an attributed sentence). ``text`` is ``doc.text[start:end]``,
    without quote marks.
    """

    text: str
    start: int
    end: int
    kind: str
    speaker: str | None = None


@dataclass(frozen=True, slots=True)
class QuoteRef:
    """A quotation: a quoted sentence or fragment someone said, without its quote marks."""

    text: str
    start: int
    end: int
    partial: bool
    speaker: str | None = None


@dataclass(frozen=True, slots=True)
class AttributionInfo:
    """What one sentence says about who says so."""

    sources: tuple[SourceRef, ...]
    level: str
    contested: tuple[TermRef, ...]
    quotations: tuple[QuoteRef, ...]


@dataclass(frozen=True, slots=True)
class NamedSource:
    """A lexicon entry: an outlet, organisation or channel known by name.

    ``name`` is the canonical spelling; text is matched against ``words``, one alias.
    """

    name: str
    words: tuple[str, ...]
    kind: str
    exact: bool


@dataclass(frozen=True, slots=True)
class AttributionLexicon:
    """The compiled contents of ``data/attribution/``; most fields are keys of ``cues.json``."""

    sources: dict[str, tuple[NamedSource, ...]]
    channels: dict[str, tuple[NamedSource, ...]]
    descriptors: dict[str, tuple[str | None, str]]
    framing: re.Pattern[str]
    verbs: dict[str, str]
    weak_verbs: frozenset[str]
    expression: re.Pattern[str]
    citing: frozenset[str]
    parenthetical: frozenset[str]
    own_correspondent: re.Pattern[str]
    channel_before: frozenset[str]
    channel_after: frozenset[str]
    document_nouns: frozenset[str]
    document_links: frozenset[str]
    determiners: frozenset[str]
    pronouns: dict[str, str]
    connectors: frozenset[str]
    prepositions: frozenset[str]
    between: frozenset[str]
    not_names: frozenset[str]
    unattributed: tuple[re.Pattern[str], ...]
    claimed: tuple[re.Pattern[str], ...]
    alleged: tuple[re.Pattern[str], ...]
    labels: tuple[tuple[str, re.Pattern[str]], ...]
    label_stop: frozenset[str]
    label_stop_after_first: re.Pattern[str]
    articles: frozenset[str]
    levels: tuple[str, ...]
    kind_priority: tuple[str, ...]
    person_priority: tuple[str, ...]
    max_label_words: int
    max_scare_words: int
    min_quotation_words: int


def _pattern(value: str) -> re.Pattern[str]:
    return re.compile(value, re.IGNORECASE)


# How a ``cues.json`` value becomes the field of its name, by the field's declared type.
_CONVERT: dict[str, Any] = {
    "frozenset[str]": frozenset,
    "tuple[str, ...]": tuple,
    "re.Pattern[str]": _pattern,
    "tuple[re.Pattern[str], ...]": lambda v: tuple(map(_pattern, v)),
    "tuple[tuple[str, re.Pattern[str]], ...]": lambda v: tuple((k, _pattern(p)) for k, p in v.items()),
    "dict[str, str]": dict,
    "int": int,
}


def _read(name: str) -> str:
    return files("sitrep.nlp").joinpath(f"{_DATA}/{name}").read_text("utf-8")


def _rows(name: str) -> Iterator[list[str]]:
    lines = [line for line in _read(name).splitlines() if line.strip() and not line.startswith("#")]
    for line in lines[1:]:
        yield line.split("\t")


def _index_names(name: str) -> dict[str, tuple[NamedSource, ...]]:
    index: dict[str, list[NamedSource]] = {}
    for canonical, kind, *rest in _rows(name):
        for alias in [canonical, *(a for a in (rest[0].split("|") if rest else []) if a)]:
            words = tuple(m.group() for m in _TOKEN.finditer(alias))
            exact = alias == alias.upper()
            entry = NamedSource(canonical, words if exact else tuple(w.lower() for w in words), kind, exact)
            index.setdefault(words[0].lower(), []).append(entry)
    return {k: tuple(sorted(v, key=lambda e: -len(e.words))) for k, v in index.items()}


@cache
def load_lexicon() -> AttributionLexicon:
    """Load and compile the packaged attribution data (once a process)."""
    cues = json.loads(_read("cues.json"))
    logger.debug("loading attribution lexicon from %s", _DATA)
    cues["verbs"] = {form: level for level, forms in cues["verbs"].items() for form in forms}
    terms = sorted(
        (w.strip() for w in _read("framing.txt").splitlines() if w.strip() and w[0] != "#"), key=len
    )
    alternatives = "|".join(r"\s+".join(map(re.escape, t.split())) for t in reversed(terms))
    return AttributionLexicon(
        sources=_index_names("sources.tsv"),
        channels=_index_names("platforms.tsv"),
        descriptors={w: (None if kind == "-" else kind, role) for w, kind, role in _rows("descriptors.tsv")},
        framing=_pattern(rf"(?<![\w-])(?:{alternatives})(?![\w-])"),
        **{f.name: _CONVERT[str(f.type)](cues[f.name]) for f in fields(AttributionLexicon) if f.name in cues},
    )


# ---------------------------------------------------------------------------------------------
# Quotations and contested terms (plain text)


def _pair_quotes(text: str) -> list[tuple[int, int]]:
    """Pair quote marks: (opening, closing) positions, nested pairs included.

    An apostrophe inside a word is no quote mark; a closing mark closes the nearest compatible
    opener, dropping openers left unclosed inside it.
    """
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for pos, ch in enumerate(text):
        if ch not in _QUOTE_CHARS:
            continue
        prev = text[pos - 1] if pos else " "
        nxt = text[pos + 1] if pos + 1 < len(text) else " "
        if ch in "’'" and prev.isalnum() and nxt.isalnum():
            continue
        opener = next((k for k in range(len(stack) - 1, -1, -1) if ch in _CLOSERS[stack[k][0]]), None)
        if opener is not None and not prev.isspace():
            pairs.append((stack[opener][1], pos))
            del stack[opener:]
        elif ch in _CLOSERS and not nxt.isspace() and (prev.isspace() or prev in _OPEN_AFTER + _QUOTE_CHARS):
            stack.append((ch, pos))
    return sorted(pairs)


def _read_quotes(text: str, lex: AttributionLexicon) -> tuple[list[TermRef], list[QuoteRef]]:
    terms: list[TermRef] = []
    quotes: list[QuoteRef] = []
    for opening, closing in _pair_quotes(text):
        inner = text[opening + 1 : closing]
        start = opening + 1 + len(inner) - len(inner.lstrip())
        end = closing - (len(inner) - len(inner.rstrip()))
        inner = text[start:end]
        words = len(_WORD.findall(inner))
        if not words:
            continue
        whole = not _WORD.search(text[:opening]) and not _WORD.search(text[closing + 1 :])
        if (
            whole
            or words > lex.max_scare_words
            or (inner[-1] in _END_PUNCT and words >= lex.min_quotation_words)
            or lex.expression.search(text[:opening])
        ):
            quotes.append(QuoteRef(inner, start, end, partial=not inner[0].isupper()))
        else:
            end -= len(inner) - len(inner.rstrip(_END_PUNCT))
            terms.append(TermRef(text[start:end], start, end, "scare_quote"))
    return terms, quotes


def _read_labels(text: str, lex: AttributionLexicon, quoted: list[TermRef]) -> list[TermRef]:
    """Terms after "so-called", "what it called", "described as": quoted or up to a few words."""
    found: list[TermRef] = []
    for kind, pattern in lex.labels:
        for cue in pattern.finditer(text):
            pos = cue.end()
            while (m := _WORD_AT.match(text, pos)) and m.group(1).lower() in lex.articles:
                pos = m.end()
            pos += len(text[pos:]) - len(text[pos:].lstrip())
            if pos < len(text) and text[pos] in _QUOTE_CHARS:
                found.extend(replace(t, kind=kind) for t in quoted if pos < t.start <= pos + 2)
                continue
            words: list[tuple[int, int]] = []
            while len(words) < lex.max_label_words and (m := _WORD_AT.match(text, pos)):
                word = m.group(1)
                if word.lower() in lex.label_stop or (words and lex.label_stop_after_first.match(word)):
                    break
                words.append(m.span(1))
                pos = m.end()
            while words and text[words[-1][0] : words[-1][1]].lower() in lex.connectors:
                words.pop()
            if words:
                found.append(TermRef(text[words[0][0] : words[-1][1]], words[0][0], words[-1][1], kind))
    return found


def _merge_terms(*groups: list[TermRef]) -> list[TermRef]:
    """One term a span; a later group's kind (a label cue) wins over a bare scare quote."""
    by_span: dict[tuple[int, int], TermRef] = {}
    for group in groups:
        for term in group:
            by_span[term.start, term.end] = term
    return sorted(by_span.values(), key=lambda t: (t.start, t.end))


def find_contested_terms(text: str, *, lexicon: AttributionLexicon | None = None) -> list[TermRef]:
    """Scare-quoted and labelled terms of a plain text, offsets into ``text``, no speakers.

    Framing words without quotes are left out: they are contested only in an attributed
    sentence, which `attribute_sentence` knows and plain text does not.
    """
    lex = lexicon or load_lexicon()
    scare, _ = _read_quotes(text, lex)
    return _merge_terms(scare, _read_labels(text, lex, scare))


def find_quotations(text: str, *, lexicon: AttributionLexicon | None = None) -> list[QuoteRef]:
    """Quotations of a plain text (whole quoted sentences and long fragments), no speakers."""
    return _read_quotes(text, lexicon or load_lexicon())[1]


# ---------------------------------------------------------------------------------------------
# Sources


@dataclass(frozen=True, slots=True)
class _Tok:
    text: str
    lower: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Link:
    """A source while the sentence is read: the level its cue gives and the cue's token."""

    ref: SourceRef
    level: str
    at: int


def _tokenize(text: str) -> list[_Tok]:
    return [_Tok(m.group(), m.group().lower(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _bare(word: str) -> str:
    return _POSSESSIVE.sub("", word)


class _Reader:
    """Reads the source links of one sentence from its tokens (quotations blanked out)."""

    def __init__(
        self,
        text: str,
        lex: AttributionLexicon,
        context: str = "",
        subjects: dict[int, tuple[int, int]] | None = None,
    ) -> None:
        self.text = text
        self.lex = lex
        self.context = context
        self.subjects = subjects or {}
        self.toks = _tokenize(text)

    # -- words and phrases ---------------------------------------------------------------

    def _descriptor(self, k: int) -> tuple[str | None, str] | None:
        return self.lex.descriptors.get(_bare(self.toks[k].lower))

    def _is_name(self, k: int) -> bool:
        tok = self.toks[k]
        if tok.text[0].isdigit():
            return k > 0 and self.toks[k - 1].text[0].isupper()
        return tok.text[0].isupper() and tok.text not in self.lex.not_names

    def _is_phrase_word(self, k: int) -> bool:
        return 0 <= k < len(self.toks) and (self._is_name(k) or self._descriptor(k) is not None)

    def _links_on(self, k: int) -> bool:
        """A connector at ``k`` continues the phrase ("Ministry of the Interior")."""
        if self.toks[k].lower not in self.lex.connectors:
            return False
        if self._is_phrase_word(k + 1):
            return True
        return k + 2 < len(self.toks) and self.toks[k + 1].lower == "the" and self._is_phrase_word(k + 2)

    def phrase_after(self, i: int) -> tuple[int, int]:
        """The source phrase starting at token ``i``, determiners skipped: (first, end)."""
        toks, n = self.toks, len(self.toks)
        if i < n and toks[i].lower in self.lex.pronouns and not self._is_phrase_word(i + 1):
            return i, i + 1
        while i < n and toks[i].lower in self.lex.determiners:
            i += 1
        j = i
        while j < n and (
            self._is_phrase_word(j)
            or (j > i and self._links_on(j))
            or (j > i and toks[j].lower == "the" and toks[j - 1].lower in self.lex.connectors)
        ):
            j += 1
        return i, j

    def phrase_before(self, end: int) -> tuple[int, int]:
        """The source phrase ending just before token ``end``: (first, end)."""
        toks = self.toks
        j = end - 1
        while j >= 0 and (
            self._is_phrase_word(j)
            or (j + 1 < end and self._links_on(j) and self._is_phrase_word(j - 1))
            or (toks[j].lower == "the" and j > 0 and toks[j - 1].lower in self.lex.connectors)
        ):
            j -= 1
        return j + 1, end

    def _match(self, index: dict[str, tuple[NamedSource, ...]], k: int, end: int) -> NamedSource | None:
        for entry in index.get(_bare(self.toks[k].lower), ()):
            span = self.toks[k : k + len(entry.words)]
            if k + len(entry.words) <= end and all(
                _bare(t.text if entry.exact else t.lower) == w for t, w in zip(span, entry.words, strict=True)
            ):
                return entry
        return None

    def _pick(self, kinds: list[str], priority: tuple[str, ...], default: str) -> str:
        return next((k for k in priority if k in kinds), default)

    def _span(self, a: int, b: int, kind: str) -> SourceRef:
        return SourceRef(
            _bare(self.text[self.toks[a].start : self.toks[b - 1].end]),
            kind,
            self.toks[a].start,
            self.toks[b - 1].end,
        )

    def name(self, a: int, b: int) -> SourceRef | None:
        """Read tokens ``[a, b)`` as a source: its name (a person's, an outlet's) and kind."""
        toks, lex = self.toks, self.lex
        if b - a == 1 and toks[a].lower in lex.pronouns:
            return replace(self._span(a, b, lex.pronouns[toks[a].lower]), is_pronoun=True)
        while a < b and toks[a].lower in lex.determiners:
            a += 1
        while b > a and (toks[b - 1].lower in lex.connectors or toks[b - 1].lower in lex.determiners):
            b -= 1
        if b <= a:
            return None
        described = [(k, d) for k in range(a, b) if (d := self._descriptor(k)) is not None]
        kinds = [d[0] for _, d in described if d[0]]
        if not kinds and not any(self._is_name(k) and self._descriptor(k) is None for k in range(a, b)):
            return None
        run = b
        if b - a >= 2 and self._is_name(b - 1) and self._is_name(b - 2) and self._descriptor(b - 2) is None:
            run = b - 1  # "the state broadcaster Orda TV": a name may end in a word that describes
        while run > a and self._is_name(run - 1) and self._descriptor(run - 1) is None:
            run -= 1
        namers = [(k, d) for k, d in described if d[1] in ("title", "outlet") and k < run]
        if run < b and namers:
            last, (_, role) = namers[-1]
            if role == "title":
                upto = [d[0] for k, d in described if k <= last and d[0]]
                return self._span(run, b, self._pick(upto, lex.person_priority, "person"))
            known = next((e for k in range(run, b) if (e := self._match(lex.sources, k, b))), None)
            return self._span(run, b, known.kind if known else self._pick(kinds, lex.kind_priority, "media"))
        titled_after = [k for k, d in described if d[1] == "title"]
        for k in range(a, b):
            if (entry := self._match(lex.sources, k, b)) and not [t for t in titled_after if t >= k]:
                return self._span(k, k + len(entry.words), entry.kind)
        last, (_, role) = described[-1] if described else (b, (None, ""))
        if role == "head" and not (last + 1 < b and toks[last + 1].lower in lex.connectors):
            b = last + 1  # "the Foreign Ministry USA": the name ends with its head
        if described and described[-1][1][1] == "title" and described[-1][0] == b - 1:
            return self._span(a, b, self._pick(kinds, lex.person_priority, "person"))
        return self._span(a, b, self._pick(kinds, lex.kind_priority, "unknown"))

    def complete(self, found: SourceRef) -> SourceRef:
        """A bare name ("Borrell") completed from an earlier, titled mention in the context."""
        if found.kind != "unknown" or found.is_pronoun or len(found.name.split()) > 2:
            return found
        before = self.context + self.text[: found.start]
        surname = found.name.split()[-1]
        for m in list(re.finditer(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", before))[::-1][:3]:
            window = _Reader(before[max(0, m.start() - 200) : m.end()], self.lex)
            a, b = window.phrase_before(len(window.toks))
            earlier = window.name(a, b)
            if earlier and earlier.kind != "unknown" and earlier.name.endswith(surname):
                return replace(found, name=earlier.name, kind=earlier.kind)
        return found

    # -- cues ------------------------------------------------------------------------------

    def _speech_verb(self, i: int) -> bool:
        tok, before = self.toks[i], self.toks[i - 1] if i else None
        if tok.lower not in self.lex.verbs:
            return False
        if before and (before.lower in self.lex.determiners or _POSSESSIVE.search(before.text[1:])):
            return False  # a noun: "the ministry's claims", "her report"
        if tok.lower not in self.lex.weak_verbs:
            return True
        return i + 1 == len(self.toks) or self.toks[i + 1].lower in _SPEECH_FOLLOWERS

    def _subject(self, i: int) -> SourceRef | None:
        """The speaker before the verb at ``i``: from the parse when there is one, else the words."""
        toks, lex = self.toks, self.lex
        if span := self.subjects.get(toks[i].start):
            inside = [k for k, t in enumerate(toks) if t.start >= span[0] and t.end <= span[1]]
            if inside and (found := self.name(inside[0], inside[-1] + 1)):
                return found
        j = i - 1
        while j >= 0 and toks[j].lower in lex.between:
            j -= 1
        if j < 0:
            return None
        if toks[j].lower in lex.pronouns:
            return self.name(j, j + 1)
        appositive = toks[j].text == ","
        if appositive:
            # "Reuters, citing two diplomats, reported": the speaker is before the aside.
            k = max((k for k in range(j) if toks[k].text == ","), default=-1)
            if k > 0 and toks[k + 1].lower in lex.parenthetical:
                j, appositive = k - 1, False
        a, b = self.phrase_before(j if appositive else j + 1)
        p = a - 1
        while p >= 0 and toks[p].lower in lex.determiners:
            p -= 1
        if a >= b or (appositive and p >= 0 and toks[p].text != ","):
            return None
        if p >= 0 and toks[p].lower in lex.prepositions:
            # "Police in Amsel said": the speaker is the phrase before the preposition, if it
            # names a source at all ("Protesters in Amsel" does not).
            a, b = self.phrase_before(p)
            if not any(self._descriptor(k) for k in range(a, b)):
                return None
        return self.name(a, b)

    def _outlets_after(self, i: int) -> list[SourceRef]:
        """Outlets a speaker told: "told the agencies Interfax, Tass and Ria Novosti"."""
        outlets: list[SourceRef] = []
        k = i
        while k < len(self.toks):
            a, b = self.phrase_after(k)
            found = self.name(a, b) if b > a else None
            if found and found.kind == "unknown" and outlets:
                found = replace(found, kind=outlets[0].kind)
            if found is None or found.kind not in _MEDIA:
                break
            outlets.append(found)
            k = b
            while k < len(self.toks) and self.toks[k].lower in (",", "and"):
                k += 1
        return outlets

    def _verb_links(self, i: int) -> list[_Link]:
        toks, level, cue = self.toks, self.lex.verbs[self.toks[i].lower], self.toks[i].lower
        found: SourceRef | None = None
        if i + 1 < len(toks) and toks[i + 1].lower == "by" and i > 0 and toks[i - 1].lower in _BE:
            a, b = self.phrase_after(i + 2)
            found = self.name(a, b)
        elif i > 0 and toks[i - 1].text in _BOUNDARY and cue not in _TELL:
            a, b = self.phrase_after(i + 1)
            found = self.name(a, b) if b > a else None
            if found and found.kind == "unknown" and b < len(toks) and toks[b].text == ",":
                # "said Mira Holt, a resident of Lorn": the apposition tells the kind.
                described = self.name(*self.phrase_after(b + 1))
                found = replace(found, kind=described.kind) if described else found
        if found is None and not (i > 0 and toks[i - 1].lower in _BE):
            found = self._subject(i)
        if found is None:
            return []
        found = self.complete(found)
        if cue in _TELL and (outlets := self._outlets_after(i + 1)):
            return [_Link(replace(found, cue=cue, via=o.name, via_kind=o.kind), level, i) for o in outlets]
        return [_Link(replace(found, cue=cue), level, i)]

    def links(self) -> list[_Link]:
        """Every source link of the sentence, chains and channels resolved."""
        toks, lex = self.toks, self.lex
        links: list[_Link] = []
        for i, tok in enumerate(toks):
            nxt = toks[i + 1].lower if i + 1 < len(toks) else ""
            if (tok.lower, nxt) == ("according", "to") or (
                tok.lower in lex.document_nouns and nxt in lex.document_links
            ):
                a, b = self.phrase_after(i + 2)
                if b > a and (found := self.name(a, b)):
                    level = "claimed" if found.is_pronoun else "reported"
                    links.append(_Link(replace(self.complete(found), cue=f"{tok.lower} {nxt}"), level, i))
            elif self._speech_verb(i):
                links.extend(self._verb_links(i))
        unique = list({(x.ref.start, x.ref.via): x for x in reversed(links)}.values())[::-1]
        return self._channels(self._chain(unique))

    def _chain(self, links: list[_Link]) -> list[_Link]:
        """Apply "citing X": X becomes the origin and the source before it the relay."""
        for c, tok in enumerate(self.toks):
            if tok.lower not in self.lex.citing:
                continue
            a, b = self.phrase_after(c + 1)
            origin = self.name(a, b) if b > a else None
            if origin is None:
                continue
            before = [x for x in links if x.at <= c and x.ref.start < tok.start]
            relay = before[-1] if before else next((x for x in links if x.at > c), None)
            if relay is None:
                links.append(_Link(replace(origin, cue=tok.lower), "reported", c))
            elif self.lex.own_correspondent.match(self.text[tok.end : self.toks[b - 1].end].strip()):
                via = replace(relay.ref, via=origin.name, via_kind=origin.kind)
                links[links.index(relay)] = replace(relay, ref=via)
            else:
                origin = replace(
                    self.complete(origin), cue=tok.lower, via=relay.ref.name, via_kind=relay.ref.kind
                )
                hop = _Link(origin, relay.level, c)
                if relay.ref.via is None:
                    links[links.index(relay)] = hop
                else:
                    links.append(hop)
        return links

    def _channels(self, links: list[_Link]) -> list[_Link]:
        """Attach "on Telegram", "on state television" to the link they belong to."""
        toks, lex = self.toks, self.lex
        taken = [(x.ref.start, x.ref.end) for x in links]
        for k in range(len(toks)):
            channel = self._match(lex.channels, k, len(toks))
            if channel is None:
                continue
            end = k + len(channel.words)
            if not (
                any(t.lower in lex.channel_before for t in toks[max(0, k - 4) : k])
                or (end < len(toks) and toks[end].lower in lex.channel_after)
            ) or any(s < toks[end - 1].end and toks[k].start < e for s, e in taken):
                continue
            name = self.text[toks[k].start : toks[end - 1].end]
            free = [x for x in links if x.ref.via is None]
            if not links:
                post = SourceRef(
                    "unnamed post", "unattributed", toks[k].start, toks[end - 1].end, name, channel.kind
                )
                links.append(_Link(replace(post, cue="channel"), "reported", k))
            elif free:
                target = min(free, key=lambda x: (x.at > k, abs(x.at - k)))
                via = replace(target.ref, via=name, via_kind=channel.kind)
                links[links.index(target)] = replace(target, ref=via)
        return links


# ---------------------------------------------------------------------------------------------
# The sentence


def _mask(text: str, quotes: list[QuoteRef]) -> str:
    """The text with quotations blanked: a quoted speaker's cue words are not the sentence's."""
    chars = list(text)
    for q in quotes:
        chars[q.start : q.end] = " " * (q.end - q.start)
    return "".join(chars)


def _analyse(
    text: str, offset: int, context: str, lex: AttributionLexicon, subjects: dict[int, tuple[int, int]]
) -> AttributionInfo:
    scare, quotes = _read_quotes(text, lex)
    masked = _mask(text, quotes)
    links = _Reader(masked, lex, context, subjects).links()
    if not links:
        cue = next((m for p in lex.unattributed if (m := p.search(masked))), None)
        if cue:
            reports = SourceRef("unnamed reports", "unattributed", cue.start(), cue.end(), cue="reportedly")
            links = [_Link(reports, "reported", 0)]
    levels = [x.level for x in links]
    levels += [
        name
        for name, ps in (("claimed", lex.claimed), ("alleged", lex.alleged))
        if any(p.search(masked) for p in ps)
    ]
    level = max(levels, key=lex.levels.index, default="asserted")
    speaker = next((x.ref.name for x in links if x.ref.kind != "unattributed"), None)
    terms = _merge_terms(scare, _read_labels(text, lex, scare))
    if speaker is not None:
        spans = [(t.start, t.end) for t in terms]
        framing = [
            TermRef(m.group(), m.start(), m.end(), "framing")
            for m in lex.framing.finditer(text)
            if not any(s <= m.start() and m.end() <= e for s, e in spans)
        ]
        terms = _merge_terms(terms, framing)
    return AttributionInfo(
        sources=tuple(replace(x.ref, start=x.ref.start + offset, end=x.ref.end + offset) for x in links),
        level=level,
        contested=tuple(
            replace(t, start=t.start + offset, end=t.end + offset, speaker=speaker) for t in terms
        ),
        quotations=tuple(
            replace(q, start=q.start + offset, end=q.end + offset, speaker=speaker) for q in quotes
        ),
    )


def attribute_text(
    text: str, *, offset: int = 0, context: str = "", lexicon: AttributionLexicon | None = None
) -> AttributionInfo:
    """Attribution of one sentence given as text; ``offset`` is added to every offset.

    ``context`` is the text before the sentence, where a bare surname is looked up.
    """
    return _analyse(text, offset, context[-_CONTEXT_CHARS:], lexicon or load_lexicon(), {})


def _parsed_subjects(sent: Span, lex: AttributionLexicon) -> dict[int, tuple[int, int]]:
    """Speech verb start → its subject's span, both relative to the sentence, from the parse."""
    base = sent.start_char
    subjects: dict[int, tuple[int, int]] = {}
    for tok in sent:
        if tok.lower_ not in lex.verbs:
            continue
        for child in tok.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.i < tok.i and child.left_edge.i >= sent.start:
                right = child.right_edge
                subjects[tok.idx - base] = (child.left_edge.idx - base, right.idx + len(right) - base)
    return subjects


def attribute_sentence(sent: Span, *, lexicon: AttributionLexicon | None = None) -> AttributionInfo:
    """Sources, level, contested terms and quotations of one sentence, offsets into its ``Doc``.

    Works on any ``Doc`` (a blank pipeline with sentences set by hand will do); when the ``Doc``
    has a dependency parse, the subjects of speech verbs are taken from it.
    """
    lex = lexicon or load_lexicon()
    doc = sent.doc
    subjects = _parsed_subjects(sent, lex) if doc.has_annotation("DEP") else {}
    return _analyse(sent.text, sent.start_char, _context_before(sent), lex, subjects)


def _context_before(sent: Span) -> str:
    """The ``_CONTEXT_CHARS`` characters of the text before the sentence, read from the tokens
    that hold them (``doc.text`` would rebuild the whole text for every sentence)."""
    doc, first = sent.doc, sent.start
    while first > 0 and doc[first - 1].idx > sent.start_char - _CONTEXT_CHARS:
        first -= 1
    if first > 0:
        first -= 1  # the token the window starts inside
    return doc[first : sent.start].text_with_ws[-_CONTEXT_CHARS:] if first < sent.start else ""


def to_sources(info: AttributionInfo, *, pronoun: Source | None = None) -> tuple[Source, ...]:
    """The model's `Source` links of an attribution, each once, in order.

    A pronoun source ("according to him") becomes ``pronoun`` when the caller has resolved it,
    keeping its own channel; unresolved, it is left out, as a source named "him" helps nobody.
    """
    sources: list[Source] = []
    for ref in info.sources:
        if ref.is_pronoun:
            if pronoun is None:
                continue
            source = Source(pronoun.name, pronoun.kind, ref.via or pronoun.via)
        else:
            source = Source(ref.name, ref.kind, ref.via)
        if source not in sources:
            sources.append(source)
    return tuple(sources)
