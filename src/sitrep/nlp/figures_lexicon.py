"""The figure lexicons: the TSV files of ``data/figures`` loaded into a `FigureLexicon`.

``data/figures/*.tsv → FigureLexicon``: number words, vague amounts, hedges, outcome cues, the
roles of context words and the units counted. `FiguresFinder` (``figures.py``) reads with it;
each file's header gives the reasons for the values in it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from sitrep.errors import ResourceError
from sitrep.nlp.lexicon_files import read_rows
from sitrep.vocab import Outcome, Qualifier

DATA_DIR = Path(__file__).parent / "data" / "figures"
LEXICON_FILES = (
    "numbers.tsv", "vague.tsv", "qualifiers.tsv", "outcomes.tsv", "context.tsv", "units.tsv", "victims.tsv",
)  # fmt: skip
OUTCOMES = frozenset(str(o) for o in Outcome)
QUALIFIERS = frozenset(str(q) for q in Qualifier)
ROLES = frozenset(
    {
        "skip", "skip_before", "place_prep", "determiner", "anaphor", "partitive", "identifier",
        "age", "year_prep", "currency", "measure", "clock", "non_count", "not_before", "month",
        "weekday",
    }
)  # fmt: skip
VICTIM_ROLES = frozenset(
    {
        "killed", "injured", "arrested", "needs_death", "fatal", "pronoun", "pair", "not_victim",
        "perpetrator", "new", "suffer", "wound", "hit", "care", "hospital",
    }
)  # fmt: skip


V = TypeVar("V")


class PhraseTable(Generic[V]):
    """Multi-word phrases of lower-cased tokens, found at or ending at a token index."""

    def __init__(self, entries: Iterable[tuple[str, V]]) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], V]]] = {}
        self._by_last: dict[str, list[tuple[tuple[str, ...], V]]] = {}
        for phrase, value in entries:
            words = tuple(phrase.split())
            self._by_first.setdefault(words[0], []).append((words, value))
            self._by_last.setdefault(words[-1], []).append((words, value))
        for table in (self._by_first, self._by_last):
            for candidates in table.values():
                candidates.sort(key=lambda item: -len(item[0]))

    def match_at(self, words: Sequence[str], i: int, limit: int) -> tuple[int, V] | None:
        """The longest phrase starting at ``words[i]`` and ending before ``limit``: (length, value)."""
        for phrase, value in self._by_first.get(words[i], ()) if i < limit else ():
            if i + len(phrase) <= limit and tuple(words[i : i + len(phrase)]) == phrase:
                return len(phrase), value
        return None

    def match_ending_at(self, words: Sequence[str], end: int, floor: int) -> tuple[int, V] | None:
        """The longest phrase ending just before ``words[end]`` and starting at or after ``floor``."""
        for phrase, value in self._by_last.get(words[end - 1], ()) if end > floor else ():
            if end - len(phrase) >= floor and tuple(words[end - len(phrase) : end]) == phrase:
                return len(phrase), value
        return None


@dataclass(frozen=True, slots=True)
class FigureLexicon:
    """Everything `FiguresFinder` knows about words, loaded from ``data/figures``."""

    numbers: Mapping[str, tuple[int, str]]
    vague: PhraseTable[int]
    qualifiers_before: PhraseTable[str]
    qualifiers_after: PhraseTable[str]
    cues_after: PhraseTable[str]
    cues_before: PhraseTable[str]
    cue_words: Mapping[str, str]
    roles: Mapping[str, frozenset[str]]
    units: Mapping[str, str]
    qualifier_words: frozenset[str]
    victim_roles: Mapping[str, frozenset[str]]
    vague_words: frozenset[str]

    def has(self, role: str, word: str) -> bool:
        """Whether ``word`` plays ``role`` (a role of context.tsv)."""
        return word in self.roles[role]

    def victim(self, role: str, lemma: str) -> bool:
        """Whether ``lemma`` plays ``role`` (a role of victims.tsv)."""
        return role in self.victim_roles.get(lemma, ())


def _check(value: str, allowed: frozenset[str], path: Path) -> str:
    if value not in allowed:
        raise ResourceError(
            f"unknown value {value!r} (allowed: {', '.join(sorted(allowed))})", origin=str(path)
        )
    return value


def load_figure_lexicon(folder: Path = DATA_DIR) -> FigureLexicon:
    """Load the figure lexicons from ``folder`` (the bundled ``data/figures`` by default)."""
    numbers = {word: (int(value), role) for word, value, role in read_rows(folder / "numbers.tsv", 3)}
    vague = [(phrase, int(low)) for phrase, low, _why in read_rows(folder / "vague.tsv", 3)]
    qualifier_rows = read_rows(folder / "qualifiers.tsv", 3)
    for _phrase, qualifier, _position in qualifier_rows:
        _check(qualifier, QUALIFIERS, folder / "qualifiers.tsv")
    cue_rows = read_rows(folder / "outcomes.tsv", 3)
    for _phrase, outcome, position in cue_rows:
        _check(outcome, OUTCOMES, folder / "outcomes.tsv")
        _check(position, frozenset({"before", "after", "both"}), folder / "outcomes.tsv")
    roles: dict[str, set[str]] = {role: set() for role in ROLES}
    for word, role in read_rows(folder / "context.tsv", 2):
        roles[_check(role, ROLES, folder / "context.tsv")].add(word)
    units = {noun: category for noun, category in read_rows(folder / "units.tsv", 2)}
    victim_roles: dict[str, set[str]] = {}
    for word, role in read_rows(folder / "victims.tsv", 2):
        victim_roles.setdefault(word, set()).add(_check(role, VICTIM_ROLES, folder / "victims.tsv"))
    return FigureLexicon(
        numbers=numbers,
        vague=PhraseTable(vague),
        qualifiers_before=PhraseTable((p, q) for p, q, pos in qualifier_rows if pos == "before"),
        qualifiers_after=PhraseTable((p, q) for p, q, pos in qualifier_rows if pos == "after"),
        cues_after=PhraseTable((p, o) for p, o, pos in cue_rows if pos in ("after", "both")),
        cues_before=PhraseTable((p, o) for p, o, pos in cue_rows if pos in ("before", "both")),
        cue_words={p: o for p, o, _pos in cue_rows if " " not in p},
        roles={role: frozenset(words) for role, words in roles.items()},
        units=units,
        qualifier_words=frozenset(w for p, _q, _pos in qualifier_rows for w in p.split()),
        victim_roles={word: frozenset(roles) for word, roles in victim_roles.items()},
        vague_words=frozenset(w for phrase, _low in vague for w in phrase.split() if w not in ("a", "of")),
    )
