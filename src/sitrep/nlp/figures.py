"""Counts and casualty figures: ``Doc → doc.spans["sitrep_figures"]``, then ``→ list[FigureInfo]``.

`FiguresFinder` is a spaCy pipeline component. It reads numbers written as digits ("317",
"1,200", "2.5 million"), as words ("three hundred and seventeen", "a dozen"), as vague amounts
("dozens", "thousands") and as ranges ("between 10 and 15", "10-15"), with their hedge ("at
least", "about"). Then it reads what each number counts:

* a casualty figure has an outcome (killed, injured, arrested, missing, displaced) and the group
  it befell: "At least eight members of the security forces were killed and 317 others
  injured" gives killed, at_least 8, "security forces" and injured, exact 317, "security
  forces" ("others" refers back to the group before it);
* any other count has a unit: "About 300 soldiers" gives approx 300 "soldiers" (category
  troops), "six checkpoints" exact 6 "checkpoints".

Numbers that count nothing are left out: years, clock times, dates, money, percentages, ages,
measures and durations, phone numbers, labels ("flight 17"), numbers inside names ("Khabar
24"), "one of the ...", and bare numbers with neither an outcome nor a counted noun.

Annotations. Each figure is a span of ``doc.spans[spans_key]`` (default ``"sitrep_figures"``)
over the number and its hedge ("At least eight"), labelled with its outcome or ``"count"``.
Spans cannot carry values, so the span group keeps them in
``doc.spans[spans_key].attrs["figures"]``: a JSON-safe mapping ``"start_char:end_char"`` → the
figure's fields, which travels with the Doc through ``Doc.to_bytes`` and ``DocBin``.
`read_figures` turns the group back into `FigureInfo` records.

The component works on ``spacy.blank("en")`` Docs from token text and nearby words; when a Doc
has part-of-speech tags they delimit noun phrases, and when it has a dependency parse an outcome
verb the surface rules miss is looked up along it. Lexicons are the TSV files in
``data/figures`` (their headers give the reasons for every number in them).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from spacy.tokens import Doc, Token

from sitrep.nlp.components import LexiconComponent
from sitrep.nlp.figures_lexicon import DATA_DIR, LEXICON_FILES, FigureLexicon, load_figure_lexicon
from sitrep.nlp.victims import find_victims, outcome_of

logger = logging.getLogger(__name__)

DEFAULT_SPANS_KEY = "sitrep_figures"
ATTRS_KEY = "figures"
COUNT_LABEL = "count"
_STORED_FIELDS = ("min", "max", "qualifier", "outcome", "group", "unit", "category", "scope")
# Counted things that are never people: a "killed" near them is someone else's toll.
_THING_CATEGORIES = frozenset(
    {"checkpoints", "aircraft", "flights", "drones", "vehicles", "buildings", "places", "animals"}
)
_SUBSET_CUES = frozenset({"including", "among", "whom"})
_FATALLY = frozenset({"fatally", "mortally"})
_SEVERITY = frozenset({"critically", "seriously", "severely", "gravely", "badly"})
_TOTAL_WORDS = frozenset({"toll", "total", "tally"})
# The verb that brings a "number of people killed" to its count ("has risen to 13", "stands at 40").
_REACH_WORDS = frozenset(
    {
        "risen",
        "rose",
        "rises",
        "climbed",
        "climbs",
        "increased",
        "jumped",
        "reached",
        "reaches",
        "stands",
        "stood",
    }
)
_DEFINITE = frozenset({"the", "these", "those"})
_ROUNDUP_WORDS = frozenset({"separate", "across"})
_CURRENCY_SIGNS = ("$", "€", "£", "¥", "₽", "₹")
_RANGE_JOINERS = frozenset({"-", "–", "—", "to"})
_RANGE_TOKEN = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)[-–—](\d{1,3}(?:,\d{3})+|\d+)")
_PLURAL_BLOCKERS = ("ss", "us", "is")
# No count is written longer ("1,000,000,000,000-2,000,000,000,000"); past 4,300 digits int() refuses.
_LONGEST_NUMBER = 40

__all__ = ["DATA_DIR", "FigureInfo", "FiguresFinder", "read_figures"]


@dataclass(frozen=True, slots=True)
class FigureInfo:
    """One figure read from a Doc; offsets are character offsets into ``doc.text``.

    ``min``/``max`` are bounds: exact 317 is 317/317, at_least 8 is 8/None, at_most 50 is
    None/50, approx 300 is 300/300, vague "dozens" is 12/None, a range 10-15 is 10/15.
    A casualty figure has an ``outcome`` and usually a ``group``; any other count has a
    ``unit`` (the counted noun phrase as written) and, when the unit lexicon knows its last
    word, a ``category`` (troops, checkpoints, aircraft, ...).
    """

    min: int | None
    max: int | None
    qualifier: str
    outcome: str | None
    group: str | None
    unit: str | None
    text: str
    start_char: int
    end_char: int
    category: str | None = None
    scope: str | None = None
    """How the figure stands to others of its outcome: ``total`` (a running total: "the death
    toll rose to 84"), ``new`` (further victims: "three more died", "another was wounded"),
    ``subset`` (members of a group already counted: "including five children", "six were
    injured, three critically"), ``known`` (one person already introduced: "the victim", "he"),
    ``one_of`` (one of those told before: "One of them died at the hospital"), or None (a count
    of its own)."""


@dataclass(frozen=True, slots=True)
class _Core:
    """A bare number: its value (or range) and the token just after it."""

    low: int
    high: int | None
    end: int
    kind: str  # digits, words, dozen, vague


@dataclass(frozen=True, slots=True)
class _Number:
    """A number with its hedge, in token indices."""

    start: int
    core_start: int
    core_end: int
    end: int
    low: int
    high: int | None
    qualifier: str


@dataclass(frozen=True, slots=True)
class _NounPhrase:
    """The counted noun phrase: the unit, and where the group begins (after a partitive)."""

    unit_start: int
    unit_end: int
    head: int
    group_start: int
    group_head: int
    end: int


@dataclass(frozen=True, slots=True)
class _Reading:
    number: _Number
    phrase: _NounPhrase | None
    outcome: str | None
    cue_after: bool
    group: str | None
    sentence: int


class FiguresFinder(LexiconComponent[FigureLexicon]):
    """Find counts and casualty figures and store them as spans (see the module docstring)."""

    default_data_dir = DATA_DIR
    default_spans_key = DEFAULT_SPANS_KEY
    lexicon_files = LEXICON_FILES

    def load_lexicon(self, folder: Path) -> FigureLexicon:
        return load_figure_lexicon(folder)

    def find(self, doc: Doc) -> list[FigureInfo]:
        """Read every figure of ``doc``, in text order: counts, then victims named without one."""
        figures = _Reader(doc, self.lexicon).read()
        taken = {(f.start_char, f.end_char) for f in figures}
        for victim in find_victims(doc, self.lexicon):
            if (victim.start_char, victim.end_char) in taken:
                continue
            figures.append(
                FigureInfo(
                    min=victim.count,
                    max=victim.count,
                    qualifier="exact",
                    outcome=victim.outcome,
                    group=victim.text,
                    unit=None,
                    text=victim.text,
                    start_char=victim.start_char,
                    end_char=victim.end_char,
                    scope=victim.scope,
                )
            )
        return sorted(figures, key=lambda f: (f.start_char, f.end_char))

    def set_annotations(self, doc: Doc, figures: Iterable[FigureInfo]) -> None:
        """Write ``figures`` as spans of ``doc.spans[self.spans_key]`` with their values in attrs."""
        keep = [] if self.overwrite or self.spans_key not in doc.spans else list(doc.spans[self.spans_key])
        stored = dict(doc.spans[self.spans_key].attrs.get(ATTRS_KEY, {})) if keep else {}
        spans = list(keep)
        for figure in figures:
            span = doc.char_span(figure.start_char, figure.end_char, label=figure.outcome or COUNT_LABEL)
            if span is None:
                raise ValueError(f"figure {figure.text!r} does not align with the tokens of the Doc")
            spans.append(span)
            stored[f"{figure.start_char}:{figure.end_char}"] = {n: getattr(figure, n) for n in _STORED_FIELDS}
        doc.spans[self.spans_key] = spans
        doc.spans[self.spans_key].attrs[ATTRS_KEY] = stored


class _Reader:
    """Reads the figures of one Doc; token positions are indices into ``doc``."""

    def __init__(self, doc: Doc, lexicon: FigureLexicon) -> None:
        self.doc = doc
        self.lex = lexicon
        self.texts = [token.text for token in doc]
        self.words = [text.lower() for text in self.texts]
        self.tagged = doc.has_annotation("TAG")
        self.sentence_of, self.bounds = _sentences(doc)

    def read(self) -> list[FigureInfo]:
        readings: list[_Reading] = []
        i = 0
        while i < len(self.doc):
            number = self._number(i, self.bounds[self.sentence_of[i]][1])
            if number is None:
                i += 1
                continue
            i = number.end
            reason = self._counts_nothing(number)
            if reason is not None:
                logger.debug("not a count (%s): %r", reason, self.doc[number.start : number.end].text)
                continue
            last = readings[-1] if readings else None
            if (
                last is not None
                and last.phrase is not None
                and number.start > 0
                and self.words[number.start - 1] == "of"
                and last.phrase.end == number.start - 1
                and last.sentence == self.sentence_of[number.start]
            ):
                continue  # "Three members of one family died": "one" is in the phrase of "Three"
            reading = self._reading(number)
            if reading is not None:
                readings.append(reading)
        return [self._info(reading) for reading in self._resolve_groups(self._share_outcomes(readings))]

    # -- numbers ---------------------------------------------------------------------------

    def _number(self, i: int, s_end: int) -> _Number | None:
        """The number at ``i`` with its hedge and range, if one starts there."""
        words = self.words
        qualifier, k, between = "exact", i, False
        hedge = self.lex.qualifiers_before.match_at(words, i, s_end)
        if hedge is not None:
            k, qualifier = i + hedge[0], hedge[1]
        elif words[i] == "between":
            k, between = i + 1, True
        core = self._core(k, s_end)
        if core is None:
            return None
        if core.kind == "vague":
            if k > 0 and self.lex.has("not_before", words[k - 1]):
                return None
            qualifier = "vague"
        elif core.kind == "dozen" and qualifier == "exact":
            qualifier = "approx"
        low, high, end = core.low, core.high, core.end
        joiner = words[end] if end < s_end else ""
        if (
            core.kind != "vague"
            and high is None
            and (joiner in _RANGE_JOINERS or (between and joiner == "and"))
        ):
            second = self._core(end + 1, s_end)
            if second is not None and second.kind != "vague" and second.high is None and second.low > low:
                if joiner == "to" and i > 0 and words[i - 1] == "from":
                    # "rose from 10 to 15": the figure is the new value
                    return _Number(end + 1, end + 1, second.end, second.end, second.low, None, "exact")
                high, end = second.low, second.end
        core_end = end
        trailing = self.lex.qualifiers_after.match_at(words, end, s_end)
        if trailing is not None and core.kind != "vague":
            qualifier, end = trailing[1], end + trailing[0]
        return _Number(i if hedge is not None or between else k, k, core_end, end, low, high, qualifier)

    def _core(self, k: int, s_end: int) -> _Core | None:
        """A bare number at ``k``: vague word, digits (with a scale word), range token or words."""
        if k >= s_end:
            return None
        vague = self.lex.vague.match_at(self.words, k, s_end)
        if vague is not None:
            return _Core(vague[1], None, k + vague[0], "vague")
        text = self.texts[k]
        if len(text) > _LONGEST_NUMBER:
            return None
        pair = _RANGE_TOKEN.fullmatch(text)
        if pair is not None:
            left, right = pair.group(1).replace(",", ""), pair.group(2).replace(",", "")
            if len(left) == 3 and len(right) == 4:
                return None  # 555-1234 is a phone number
            return _Core(int(left), int(right), k + 1, "digits")
        scale = self._scale_at(k + 1, s_end)
        value = _digit_value(text, scaled=scale is not None)
        if value is None:
            return self._number_words(k, s_end)
        if scale is None:
            return _Core(int(value), None, k + 1, "digits")
        value *= scale[0]
        return _Core(int(value), None, k + 2, scale[1]) if value == int(value) else None

    def _scale_at(self, k: int, s_end: int) -> tuple[int, str] | None:
        entry = self.lex.numbers.get(self.words[k]) if k < s_end else None
        if entry is None or entry[1] not in ("scale", "dozen"):
            return None
        return entry[0], "dozen" if entry[1] == "dozen" else "digits"

    def _number_words(self, k: int, s_end: int) -> _Core | None:
        words, numbers = self.words, self.lex.numbers
        if words[k] == "dozen":
            return _Core(12, None, k + 1, "vague")  # bare "Dozen": how translation renders "dozens"
        if words[k : k + 3] == ["half", "a", "dozen"] and k + 3 <= s_end:
            return _Core(6, None, k + 3, "dozen")
        i, total, current, last, dozen = k, 0, 0, "", False
        if words[k] in ("a", "an"):
            if self._scale_at(k + 1, s_end) is None:
                return None
            current, i = 1, k + 1
        while i < s_end:
            entry = numbers.get(words[i])
            if entry is None:
                joins = (words[i] == "and" and last == "scale") or (words[i] == "-" and last == "ten")
                follower = numbers.get(words[i + 1]) if i + 1 < s_end else None
                if joins and follower is not None and follower[1] in ("unit", "ten"):
                    i += 1
                    continue
                break
            value, role = entry
            if role in ("unit", "ten"):
                if last == "unit" or (last == "ten" and role == "ten"):
                    break
                current += value
            elif role == "scale" and value == 100:
                current = max(current, 1) * 100
            elif role == "scale":
                total, current = total + max(current, 1) * value, 0
            else:
                current, dozen = max(current, 1) * 12, True
            last = role
            i += 1
        if last == "":
            return None
        return _Core(total + current, None, i, "dozen" if dozen else "words")

    # -- what is not a count ---------------------------------------------------------------

    def _counts_nothing(self, number: _Number) -> str | None:
        """Why ``number`` is no count (a year, a time, money, ...), or None when it is one."""
        doc, lex, words = self.doc, self.lex, self.words
        start, end = number.core_start, number.core_end
        text = doc[start].text
        before = words[start - 1] if start > 0 else ""
        after = words[end] if end < len(doc) else ""
        if lex.has("clock", after) or lex.has("measure", after):
            return "clock time or measure"
        if lex.has("month", before) or lex.has("month", after):
            return "date"
        if after == "-" and not doc[end - 1].whitespace_ and end + 1 < len(doc) and doc[end + 1].is_alpha:
            return "compound such as 23-year-old or 5-point"
        if lex.has("age", before) or self._age_after_name(start, end) or self._age_listed(start):
            return "age"
        if text.lower() == "both" and (lex.has("skip", before) or after in ("of", "sides", "parties")):
            return "both as a floating quantifier or of a pair named before"
        if "none" in words[max(start - 3, 0) : start] and before in ("of", "the", "these", "those"):
            return "negated: none of the 20 students was hurt"
        if lex.has("currency", before) or text.startswith(_CURRENCY_SIGNS):
            return "money"
        if lex.has("identifier", before):
            return "label"
        if before == "-" and start >= 2 and not doc[start - 2].whitespace_ and doc[start - 2].is_alpha:
            return "code such as S-400"
        if not text[0].isdigit():
            alone = words[start] == "one" and end == start + 1
            if (
                alone
                and words[end : end + 3][:1] == ["of"]
                and words[end + 2 : end + 3] in (["fatally"], ["mortally"])
            ):
                return None  # "Two were shot, one of them fatally": a death among them
            if alone and (
                lex.has("non_count", after) or before in ("no", "the", "any", "each", "every", "at")
            ):
                return "one of / no one"
            return None
        if text.startswith("+") or (len(text) > 1 and text[0] == "0") or (text.isdigit() and len(text) >= 7):
            return "phone number"
        if any(doc[j].text.isdigit() for j in (start - 1, end) if 0 <= j < len(doc)):
            return "phone number"
        is_year = re.fullmatch(r"\d{4}", text) is not None and end == start + 1 and 1800 <= int(text) <= 2100
        if is_year and (lex.has("year_prep", before) or not self._looks_counted(end)):
            return "year"
        if start > 0 and self._is_name_word(start - 1):
            return "part of a name"
        return None

    def _age_after_name(self, start: int, end: int) -> bool:
        """ "John Doe, 31, and Jane Roe, 28, were killed", "The victim, 24, was pronounced dead"."""
        doc, words = self.doc, self.words
        if end != start + 1 or not doc[start].text.isdigit() or int(doc[start].text) > 120 or start < 2:
            return False
        after = words[end] if end < len(doc) else "."
        return words[start - 1] == "," and doc[start - 2].is_alpha and after in (",", ".", ";", ")", "and")

    def _age_listed(self, start: int) -> bool:
        """The second of a list of ages: "two men, ages 19 and 21"."""
        words = self.words
        return (
            start >= 3
            and words[start - 1] in ("and", ",", "&")
            and self.doc[start - 2].like_num
            and self.lex.has("age", words[start - 3])
        )

    def _looks_counted(self, k: int) -> bool:
        if k >= len(self.doc):
            return False
        if self.lex.cues_after.match_at(self.words, k, len(self.doc)) is not None:
            return True
        return _is_plural(self.words[k]) or self.words[k] in self.lex.units or self.words[k] == "of"

    def _is_name_word(self, i: int) -> bool:
        token, lex, word = self.doc[i], self.lex, self.words[i]
        if not token.is_alpha or token.is_stop or i == 0 or token.is_sent_start:
            return False
        if self.words[i - 1] in (".", "!", "?", ";", ":", "(", "“", '"') or "\n" in self.words[i - 1]:
            return False  # capitalised because it opens a sentence
        if word in lex.qualifier_words or word in lex.cue_words or word in lex.numbers:
            return False
        if lex.has("month", word) or lex.has("weekday", word):
            return False
        if self.tagged:
            return token.pos_ == "PROPN"
        return token.is_title or token.is_upper

    # -- what is counted -------------------------------------------------------------------

    def _reading(self, number: _Number) -> _Reading | None:
        """What ``number`` counts: its noun phrase and outcome; None when it counts nothing."""
        lex, words = self.lex, self.words
        sentence = self.sentence_of[number.start]
        s_start, s_end = self.bounds[sentence]
        phrase = self._noun_phrase(number.end, s_end, singular=number.low == 1)
        if phrase is not None and (
            lex.has("measure", words[phrase.head]) or lex.has("clock", words[phrase.head])
        ):
            return None  # "dozens of times", "hundreds of kilometres"
        outcome = self._cue_after(phrase.end if phrase else number.end, s_end)
        cue_after = outcome is not None
        if outcome is None:
            outcome = self._cue_before(number.start, s_start) or self._number_of_cue(number.start, s_start)
        if outcome is None and self.doc.has_annotation("DEP"):
            outcome = self._cue_in_parse(number)
        if (
            outcome is None
            and phrase is not None
            and phrase.end < s_end
            and words[phrase.end] in _FATALLY
            and number.start > s_start
            and words[number.start - 1] == ","
        ):
            outcome = "injured"  # "Two were shot, one of them fatally": a death among them (_scope)
        if outcome is None:
            if phrase is None or lex.has("anaphor", words[phrase.head]):
                return None  # a count of nothing, or of "them"
            if words[number.core_start] == "one" and words[phrase.head] not in lex.units:
                return None  # "one" counts only a known unit: "one soldier", not "one side"
        if (
            outcome is not None
            and phrase is not None
            and lex.units.get(words[phrase.head]) in _THING_CATEGORIES
        ):
            outcome = None  # "suspected rebels on seven trucks attack ..., killing 50": trucks are no toll
        group = self.doc[phrase.group_start : phrase.end].text if phrase is not None and outcome else None
        return _Reading(number, phrase, outcome, cue_after, group, sentence)

    def _noun_phrase(self, j: int, s_end: int, *, singular: bool) -> _NounPhrase | None:
        """The counted nouns from ``j`` ("of" allowed first), with an "of ..." tail."""
        lex, words = self.lex, self.words
        k = self._skip_of(j, s_end)
        nominal = self._nominal(k, s_end, singular=singular)
        if nominal is None:
            return None
        unit_start, unit_end, head = nominal
        group_start, group_head, end = unit_start, head, unit_end
        if unit_end + 1 < s_end and words[unit_end] == "of" and not lex.has("anaphor", words[head]):
            second = self._nominal(self._skip_of(unit_end, s_end), s_end, singular=True)
            if second is not None:
                if lex.has("partitive", words[head]):
                    group_start, group_head = second[0], second[2]
                end = second[1]
        return _NounPhrase(unit_start, unit_end, head, group_start, group_head, end)

    def _skip_of(self, k: int, s_end: int) -> int:
        """Past "of" and its determiners ("of the"), if ``k`` holds "of"."""
        if k < s_end and self.words[k] == "of":
            k += 1
            while k < s_end and self.lex.has("determiner", self.words[k]):
                k += 1
        return k

    def _nominal(self, k: int, s_end: int, *, singular: bool) -> tuple[int, int, int] | None:
        """(start, end, head) of the nouns counted from ``k``: modifiers, then plural heads."""
        if k >= s_end:
            return None
        start = k
        if self.lex.has("anaphor", self.words[k]):
            if not (self.words[k] in ("more", "other") and k + 1 < s_end and self._is_head(self.doc[k + 1])):
                return k, k + 1, k  # "317 others"
            k += 1  # "three more people": people, further ones
        i, head = k, None
        while i < s_end and i - k < 6:
            token = self.doc[i]
            if self.words[i] == "-" and i > k and not self.doc[i - 1].whitespace_ and not token.whitespace_:
                i += 1
                continue
            if self._ends_nominal(token):
                break
            if self._is_head(token):
                head = i
            elif head is not None:
                break
            i += 1
        if head is None and singular and i > k:
            head = i - 1
        return None if head is None else (start, head + 1, head)

    def _ends_nominal(self, token: Token) -> bool:
        lex, word = self.lex, token.lower_
        if not token.is_alpha or word in lex.cue_words or (token.is_stop and word not in lex.units):
            return True
        if any(lex.has(role, word) for role in ("skip", "place_prep", "month", "weekday")):
            return True
        if self.tagged:
            return token.pos_ not in ("NOUN", "PROPN", "ADJ", "VERB") or (
                token.pos_ == "VERB" and token.dep_ != "amod"
            )
        return False

    def _is_head(self, token: Token) -> bool:
        if token.lower_ in self.lex.units:
            return True
        return token.tag_ in ("NNS", "NNPS") if self.tagged else _is_plural(token.lower_)

    def _cue_after(self, k: int, s_end: int) -> str | None:
        """The outcome named after the counted nouns ("were killed", "have been “eliminated”")."""
        lex, words = self.lex, self.words
        i, steps, place_skipped = k, 0, False
        while i < s_end and steps <= 6:
            cue = lex.cues_after.match_at(words, i, s_end)
            if cue is not None:
                return cue[1]
            if lex.has("skip", words[i]):
                i, steps = i + 1, steps + 1
            elif lex.has("place_prep", words[i]) and not place_skipped:
                j = i + 1  # a short place phrase: "Dozens of demonstrators in Almaty were killed"
                while j < s_end and j - i <= 4 and self.doc[j].is_alpha and not lex.has("skip", words[j]):
                    if words[j] in lex.cue_words or lex.has("place_prep", words[j]):
                        break
                    j += 1
                if j == i + 1:
                    return None
                i, place_skipped = j, True
            else:
                return None
        return None

    def _cue_before(self, start: int, s_start: int) -> str | None:
        """The outcome named before the count ("killing at least 12", "the toll rose to 40")."""
        j, steps = start, 0
        while j > s_start and steps <= 4:
            cue = self.lex.cues_before.match_ending_at(self.words, j, s_start)
            if cue is not None:
                return cue[1]
            if not self.lex.has("skip_before", self.words[j - 1]):
                return None
            j, steps = j - 1, steps + 1
        return None

    def _number_of_cue(self, start: int, s_start: int) -> str | None:
        """The outcome of "the number of people killed in the riot has risen to 13": the cue a few
        words after "number of", the count the figure its verb reaches (a running total)."""
        words, j = self.words, start
        if j > s_start and words[j - 1] in ("to", "at"):
            j -= 1
        if j <= s_start or words[j - 1] not in _REACH_WORDS:
            return None
        window = words[max(s_start, j - 16) : j]
        for i in range(len(window) - 1):
            if window[i] == "number" and window[i + 1] == "of":
                for word in window[i + 2 : i + 6]:
                    if word in self.lex.cue_words:
                        return self.lex.cue_words[word]
        return None

    def _cue_in_parse(self, number: _Number) -> str | None:
        """The outcome verb governing the count in the dependency parse, if any."""
        node = self.doc[number.core_end - 1]
        argument = True  # the count names the verb's own people, not a place or time it has
        for _ in range(4):
            if node.head.i == node.i:
                return None
            argument = argument and node.dep_ != "pobj"
            node = node.head
            if node.pos_ in ("VERB", "AUX", "ADJ") or node.dep_ == "ROOT":
                # the verb's own reading first: "fatally shot his wife and their two children"
                # is killed, "were struck in the arm" and "were taken to a hospital" injured;
                # not "assassinated Sadat during a 1981 military parade"
                own = outcome_of(node, self.lex) if argument else None
                return own or self.lex.cue_words.get(node.lower_)
        return None

    # -- coordination ----------------------------------------------------------------------

    def _share_outcomes(self, readings: list[_Reading]) -> list[_Reading]:
        """Give "eight soldiers and two civilians were killed" the outcome to both counts."""
        result = list(readings)
        for n in range(len(result) - 2, -1, -1):
            first, second = result[n], result[n + 1]
            if (
                first.outcome
                or first.phrase is None
                or not second.cue_after
                or first.sentence != second.sentence
            ):
                continue
            between = self.words[first.phrase.end : second.number.start]
            if between and all(word in (",", "and") for word in between):
                group = self.doc[first.phrase.group_start : first.phrase.end].text
                result[n] = replace(first, outcome=second.outcome, cue_after=True, group=group)
        return result

    def _resolve_groups(self, readings: list[_Reading]) -> list[_Reading]:
        """Resolve "317 others injured" (and a bare "and 317 injured") to the group named before."""
        result = list(readings)
        for n, reading in enumerate(result):
            phrase = reading.phrase
            if not reading.outcome or (phrase is not None and not self._is_anaphor(phrase)):
                continue
            for earlier in reversed(result[:n]):
                if earlier.sentence != reading.sentence:
                    break
                if not earlier.outcome or not earlier.group or earlier.phrase is None:
                    continue
                if self._is_anaphor(earlier.phrase):
                    continue
                if phrase is None and reading.number.start - earlier.phrase.end > 12:
                    break
                result[n] = replace(reading, group=earlier.group)
                break
        return result

    def _is_anaphor(self, phrase: _NounPhrase) -> bool:
        return self.lex.has("anaphor", self.words[phrase.head])

    def _info(self, reading: _Reading) -> FigureInfo:
        number, phrase = reading.number, reading.phrase
        low, high, qualifier = number.low, number.high, number.qualifier
        if qualifier == "vague" or (qualifier == "at_least" and high is None):
            bounds: tuple[int | None, int | None] = (low, high)
        elif qualifier == "at_most" and high is None:
            bounds = (None, low)
        else:
            bounds = (low, high if high is not None else low)
        span = self.doc[number.start : number.end]
        unit = self.doc[phrase.unit_start : phrase.unit_end].text if phrase and not reading.outcome else None
        category = self.lex.units.get(self.words[phrase.group_head]) if phrase is not None else None
        scope = self._scope(reading) if reading.outcome else None
        return FigureInfo(
            min=bounds[0],
            max=bounds[1],
            qualifier=qualifier,
            outcome="killed" if scope == "one_of" else reading.outcome,
            group=reading.group,
            unit=unit,
            text=span.text,
            start_char=span.start_char,
            end_char=span.end_char,
            category=category,
            scope=scope,
        )

    def _scope(self, reading: _Reading) -> str | None:
        """``subset``, ``total``, ``new`` or None (see `FigureInfo.scope`)."""
        words, number, phrase = self.words, reading.number, reading.phrase
        s_start, s_end = self.bounds[reading.sentence]
        before = words[max(number.start - 3, s_start) : number.start]
        after = words[number.end] if number.end < s_end else ""
        tail = words[phrase.end] if phrase is not None and phrase.end < s_end else ""
        if before[-1:] == [","] and (after in _FATALLY or (after == "of" and tail in _FATALLY)):
            return "one_of"  # "three were shot, one (of them) fatally": a death among the wounded
        if phrase is None and words[number.core_start] == "one" and reading.outcome == "killed":
            return "one_of"  # "Two men were shot. One died at the hospital": one of them
        if any(w in _SUBSET_CUES for w in before) or (before[-1:] == [","] and after in _SEVERITY):
            return "subset"
        if any(w in _TOTAL_WORDS for w in words[max(number.start - 6, s_start) : number.start]):
            return "total"
        if self._number_of_cue(number.start, s_start) is not None:
            return "total"
        if reading.sentence == 0 and any(
            w in _ROUNDUP_WORDS for w in words[number.end : min(number.end + 12, s_end)]
        ):
            return (
                "total"  # a lead's "Two people were killed in separate crashes": the sum told in detail after
            )
        head = words[phrase.group_head] if phrase is not None else ""
        first = words[phrase.unit_start] if phrase is not None else ""
        if (
            head in ("more", "additional")
            or first in ("more", "additional")
            or (before and before[-1] in ("another", "further", "additional"))
        ):
            return "new"
        if self.lex.victim("perpetrator", head.removesuffix("s").replace("men", "man")):
            return "new"  # "two gunmen were killed": never the victims told again
        if words[number.core_start] == "both" or (before and before[-1] in _DEFINITE):
            return "known"  # "The two wounded were taken ...", "Both died at the scene": told before
        return None


def _is_plural(word: str) -> bool:
    """A plural noun by its ending: "forces", "fishermen" (not "serious", "class", "crisis")."""
    if len(word) <= 3 or not word.isalpha():
        return False
    return (word.endswith("s") and not word.endswith(_PLURAL_BLOCKERS)) or (
        len(word) > 4 and word.endswith("men")
    )


def _digit_value(text: str, *, scaled: bool) -> float | None:
    """The value of a number written in digits ("1,200", "2.5" before a scale word, "1.200")."""
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", text):
        return int(text.replace(",", ""))
    if not scaled and re.fullmatch(r"\d{1,3}(?:\.\d{3})+", text):
        return int(text.replace(".", ""))  # "1.200 people": a thousands separator, as in German
    if scaled and re.fullmatch(r"\d+\.\d+", text):
        return float(text)
    return None


def _sentences(doc: Doc) -> tuple[list[int], list[tuple[int, int]]]:
    """Each token's sentence number and each sentence's token bounds.

    Uses the Doc's sentence boundaries when it has them; otherwise ends a sentence after
    ``.``, ``!``, ``?`` or ``;`` and at line breaks (enough for a blank pipeline).
    """
    bounds: list[tuple[int, int]] = []
    if doc.has_annotation("SENT_START"):
        bounds = [(sent.start, sent.end) for sent in doc.sents]
    else:
        begin = 0
        for token in doc:
            if token.text in (".", "!", "?", ";") or "\n" in token.text:
                bounds.append((begin, token.i + 1))
                begin = token.i + 1
        if begin < len(doc) or not bounds:
            bounds.append((begin, len(doc)))
    sentence_of = [0] * len(doc)
    for number, (start, end) in enumerate(bounds):
        sentence_of[start:end] = [number] * (end - start)
    return sentence_of, bounds


def read_figures(doc: Doc, *, spans_key: str = DEFAULT_SPANS_KEY) -> list[FigureInfo]:
    """The figures `FiguresFinder` stored in ``doc.spans[spans_key]``, in text order.

    Raises ValueError when a span of the group has no stored values (it was not written by
    `FiguresFinder`).
    """
    if spans_key not in doc.spans:
        return []
    group = doc.spans[spans_key]
    stored = group.attrs.get(ATTRS_KEY, {})
    figures = []
    for span in sorted(group, key=lambda s: (s.start_char, s.end_char)):
        key = f"{span.start_char}:{span.end_char}"
        if key not in stored:
            raise ValueError(
                f"span {span.text!r} ({key}) in doc.spans[{spans_key!r}] has no stored figure values"
            )
        values = {name: stored[key].get(name) for name in _STORED_FIELDS}
        figures.append(
            FigureInfo(**values, text=span.text, start_char=span.start_char, end_char=span.end_char)
        )
    return figures
