"""The label vocabularies gold files use, read from ``data/*.tsv``, and text normalising.

In:  labels as gold files spell them (``Armed clash``, ``ARMED_CLASH``, ``armed clash``;
     ``FIGHT``, ``accuse``) and names (``Military Forces of Kenya (2022-)``).
Out: the canonical ACLED and PLOVER spellings (`sub_event_type_of`, `event_type_of`,
     `plover_type_of`), `normalise` for comparing names and `actor_found` for matching actors.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from sitrep.eval.metrics import NONE

_NON_ALNUM = re.compile(r"[^A-Z0-9]+")
_PARENTHESISED = re.compile(r"\([^)]*\)|\[[^]]*\]")
_WORD = re.compile(r"[a-z0-9]+")
_NONE_SPELLINGS = frozenset({"", "NONE", "NO_EVENT", "NULL", "NA"})
# The shared tasks' labels for news that is no ACLED event (crime, disasters, claims of
# responsibility, diplomacy): ACLED codes none of them, so neither should sitrep.
_NOT_ACLED_CODES = frozenset({"ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "ATTRIB", "DIPLO"})


@dataclass(frozen=True, slots=True)
class AcledCode:
    """One ACLED sub-event type, its event type and its codes in gold TSV files: the long
    code (the name in capitals) and the short code of the research community's shared tasks."""

    code: str
    event_type: str
    sub_event_type: str
    short_code: str


def read_table(name: str) -> list[list[str]]:
    """The rows of a bundled TSV file, without its comment lines and header."""
    text = resources.files("sitrep.eval").joinpath("data", name).read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return rows[1:]


@cache
def acled_codes() -> tuple[AcledCode, ...]:
    """The 25 ACLED sub-event types, in ACLED's order."""
    return tuple(AcledCode(*row) for row in read_table("acled_codes.tsv"))


@cache
def plover_types() -> tuple[str, ...]:
    """PLOVER's 19 event types."""
    return tuple(row[0] for row in read_table("plover_types.tsv"))


@cache
def _plover_aliases() -> dict[str, str]:
    aliases = {}
    for row in read_table("plover_types.tsv"):
        aliases[row[0]] = row[0]
        for alias in (row[2] if len(row) > 2 else "").split(","):
            if alias.strip():
                aliases[alias.strip().upper()] = row[0]
    return aliases


@cache
def _actor_words() -> dict[str, str]:
    """Word → the class it reads as in actor names ("" for words that are dropped)."""
    return {word: ("" if reads_as == "-" else reads_as) for word, reads_as in read_table("actor_words.tsv")}


def code_key(value: str) -> str:
    """A label as a code: capitals, every run of other characters one underscore."""
    return _NON_ALNUM.sub("_", unicodedata.normalize("NFKD", value).upper()).strip("_")


def acled_event_types() -> tuple[str, ...]:
    """ACLED's 6 event types, in ACLED's order."""
    return tuple(dict.fromkeys(c.event_type for c in acled_codes()))


def sub_event_types() -> tuple[str, ...]:
    return tuple(c.sub_event_type for c in acled_codes())


def is_none(value: str) -> bool:
    """True for the spellings of "no event" a gold file may use (``none``, ``NONE``, empty,
    and the shared tasks' codes for news ACLED does not code, such as ``DIPLO``)."""
    key = code_key(value)
    return key in _NONE_SPELLINGS or key in _NOT_ACLED_CODES


def sub_event_type_of(value: str) -> str | None:
    """The ACLED spelling of a sub-event type given by name or code; ``none`` for no event;
    None when it is no sub-event type."""
    if is_none(value):
        return NONE
    key = code_key(value)
    return next((c.sub_event_type for c in acled_codes() if key in (c.code, c.short_code)), None)


def event_type_of(value: str) -> str | None:
    """The ACLED spelling of an event type, or None."""
    if is_none(value):
        return NONE
    key = code_key(value)
    return next((t for t in acled_event_types() if code_key(t) == key), None)


def event_type_of_sub(sub_event_type: str) -> str:
    """The event type a sub-event type belongs to (``none`` for ``none``)."""
    return next((c.event_type for c in acled_codes() if c.sub_event_type == sub_event_type), NONE)


def plover_type_of(value: str) -> str | None:
    """PLOVER's spelling of an event type (aliases such as ACCUSE read), ``none``, or None."""
    if is_none(value):
        return NONE
    return _plover_aliases().get(code_key(value))


def normalise(value: object) -> str:
    """Lower-case, accent-free, single-spaced text with straight quotes and hyphens."""
    text = str(value if value is not None else "").lower()
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    folded = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in folded if not unicodedata.combining(c)).split())


def name_tokens(name: str) -> frozenset[str]:
    """The words that identify a name: lower-case, accent-free, without parenthesised
    qualifiers (ACLED's ``(2019-)``, ``(Nigeria)``), each read through ``data/actor_words.tsv``
    (``army`` and ``soldiers`` read as ``military``; ``of`` and ``forces`` are dropped)."""
    words = _actor_words()
    tokens = (words.get(w, w) for w in _WORD.findall(normalise(_PARENTHESISED.sub(" ", name))))
    return frozenset(t for t in tokens if t and not t.isdigit())


def tokens_agree(a: str, b: str) -> bool:
    """Equal words, or one a short extension of the other (protester/protesters, Kenya/Kenyan)."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= 4 and long.startswith(short) and len(long) - len(short) <= 2


def actor_found(gold: str, names: Iterable[str]) -> bool:
    """True when some produced name shares more than half of the words of the shorter of the
    two names with the gold actor (case- and accent-insensitive): ``Kenyan army`` finds
    ``Military Forces of Kenya``, ``Kenyan police`` does not."""
    wanted = name_tokens(gold)
    if not wanted:
        return False
    for name in names:
        have = name_tokens(name)
        if not have:
            continue
        shared = sum(any(tokens_agree(w, h) for h in have) for w in wanted)
        if shared * 2 > min(len(wanted), len(have)):
            return True
    return False


def place_name_matches(gold: str, names: Iterable[str]) -> bool:
    """True when the gold place name equals a produced one, or (over 3 characters) one holds
    the other: ACLED's ``Kharkiv - Saltivskyi`` matches ``Kharkiv``."""
    wanted = normalise(gold)
    if not wanted:
        return False
    for name in names:
        have = normalise(name)
        if have and (
            wanted == have or (min(len(wanted), len(have)) > 3 and (wanted in have or have in wanted))
        ):
            return True
    return False
