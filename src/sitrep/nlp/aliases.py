"""Names of entities: the lexicon of known names and titles, and alias clustering.

In: ``(report_id, Doc)`` pairs whose Docs went through `sitrep.nlp.entities.EntityFinder`
(`cluster_entities`), or the ``(report_id, FoundEntity)`` pairs read from them
(`read_entities`, `cluster_found`). Out: `EntityCluster`s, one per real-world referent, in
order of first mention, each with a canonical name, its other names, roles, country and
mentions. Only `read_entities` touches a Doc, so later stages can cluster stored mentions
again without spaCy.

The lexicon (`load_lexicon`) is the folder ``data/entities/``: known organisations and their
aliases, platforms, group nouns and their actor kinds, title words and descriptors.

How names join:

* people: a full name joins another with the same surname when the given names agree: the
  same after folding accents, an initial of the other ("J. Borrell"), one phonetic key
  ("Muchtar"/"Mukhtar"), or a small edit distance for longer names ("Kassym-Jomart" /
  "Kassym-Shomart"). Given names that differ ("Hillary"/"Bill Clinton") never join, nor do
  given names ending in different vowels ("Alexandra"/"Alexandre"). A lone surname
  ("Tokayev") joins the one person of that surname; if there are several, the one named last
  before it in the same report, else it stays on its own;
* organisations: the same folded name, an acronym and its expansion (defined in the text,
  known to the lexicon, or spelled by the initials of another mention's name); an
  organisation of unknown kind named like a person of the documents is that person;
* groups: the same actor kind and country ("armed people" and "attackers" are the story's one
  unidentified armed group); places and platforms: the same folded name (the caller may merge
  places further once the gazetteer has resolved them).

The canonical name is the most complete form (most words, fewest initials; groups excepted),
then the most frequent, then the first seen; every other form is an alias.
"""

from __future__ import annotations

import functools
import logging
import unicodedata
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sitrep.errors import ResourceError

if TYPE_CHECKING:
    from spacy.tokens import Doc
from sitrep.vocab import EntityKind

logger = logging.getLogger(__name__)

PERSON = EntityKind.PERSON
ORGANIZATION = EntityKind.ORGANIZATION
GROUP = EntityKind.GROUP
PLACE = EntityKind.PLACE
PLATFORM = "platform"
ACTOR_LABELS = (PERSON, ORGANIZATION, GROUP)
DEFAULT_LABELS = (PERSON, ORGANIZATION, GROUP, PLACE)
SPANS_KEY = "sitrep_entities"

DATA_DIR = Path(__file__).parent / "data" / "entities"
LEXICON_FILES = (
    "organizations.tsv",
    "platforms.txt",
    "groups.tsv",
    "org_heads.tsv",
    "roles.tsv",
    "role_modifiers.tsv",
)
COUNTERPART = "=counterpart"

_DETERMINERS = frozenset({"the", "a", "an"})
_GIVEN_NAME_DISTANCE = 0.2
_GIVEN_NAME_MIN_LENGTH = 5
_VOWELS = frozenset("aeiou")
# Transliteration variants of one sound, folded to one spelling for the phonetic key.
_SOUND_FOLDS = (
    ("tsch", "ch"),
    ("sch", "sh"),
    ("dzh", "j"),
    ("zh", "j"),
    ("dj", "j"),
    ("kh", "h"),
    ("ch", "h"),
    ("ph", "f"),
    ("ck", "k"),
    ("x", "ks"),
    ("q", "k"),
    ("c", "k"),
    ("w", "v"),
    ("y", "i"),
)


# ---------------------------------------------------------------------------------------------
# Records


@dataclass(frozen=True, slots=True)
class EntityMention:
    """A stretch of a report's text naming an entity (offsets into the report's text)."""

    report_id: str
    start_char: int
    end_char: int
    text: str
    label: str
    kind: str | None


@dataclass(frozen=True, slots=True)
class FoundEntity:
    """One mention found in a report, with what its context says about the referent.

    ``start``/``end`` are token offsets into the report's Doc, ``start_char``/``end_char``
    character offsets into its text.
    """

    start: int
    end: int
    start_char: int
    end_char: int
    text: str
    label: str
    kind: str | None = None
    roles: tuple[str, ...] = ()
    country: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EntityCluster:
    """One real-world referent with every name, role and mention it has in the documents."""

    name: str
    label: str
    kind: str | None
    aliases: tuple[str, ...]
    roles: tuple[str, ...]
    country: str | None
    mentions: tuple[EntityMention, ...]


def span_attrs(found: Sequence[FoundEntity]) -> dict[str, list[list[str]] | list[str]]:
    """What a Doc's span group keeps beside the spans: roles, countries, aliases, in order.

    A span keeps its label and, in ``kb_id_``, its kind; `read_entities` reads both back.
    """
    return {
        "roles": [list(f.roles) for f in found],
        "countries": [f.country or "" for f in found],
        "aliases": [list(f.aliases) for f in found],
    }


def read_entities(doc: Doc, spans_key: str = SPANS_KEY) -> tuple[FoundEntity, ...]:
    """The mentions `sitrep.nlp.entities.EntityFinder` stored in ``doc.spans[spans_key]``."""
    if spans_key not in doc.spans:
        raise ValueError(f"the Doc has no {spans_key!r} spans: run EntityFinder on it first")
    group = doc.spans[spans_key]
    roles = group.attrs.get("roles", [[] for _ in group])
    countries = group.attrs.get("countries", ["" for _ in group])
    aliases = group.attrs.get("aliases", [[] for _ in group])
    if not len(roles) == len(countries) == len(aliases) == len(group):
        raise ValueError(f"the {spans_key!r} span group and its attrs disagree in length")
    return tuple(
        FoundEntity(
            start=span.start,
            end=span.end,
            start_char=span.start_char,
            end_char=span.end_char,
            text=span.text,
            label=span.label_,
            kind=span.kb_id_ or None,
            roles=tuple(roles[i]),
            country=countries[i] or None,
            aliases=tuple(aliases[i]),
        )
        for i, span in enumerate(group)
    )


# ---------------------------------------------------------------------------------------------
# Lexicon


@dataclass(frozen=True, slots=True)
class Organization:
    """A known organisation of the lexicon."""

    name: str
    aliases: tuple[str, ...]
    kind: str | None
    country: str | None


@dataclass(frozen=True, slots=True)
class RoleEntry:
    """A title or descriptor of the lexicon (see ``roles.tsv``)."""

    phrase: str
    label: str
    kind: str | None
    office: str | None


@dataclass(frozen=True, slots=True)
class EntityLexicon:
    """The lexicons of entity analysis, read from one folder of TSV files."""

    source: Path
    organizations: tuple[Organization, ...]
    platforms: frozenset[str]
    groups: Mapping[str, str]
    org_heads: Mapping[str, str]
    roles: Mapping[str, RoleEntry]
    kept_modifiers: frozenset[str]
    dropped_modifiers: frozenset[str]
    names: Mapping[str, Organization]

    def organization(self, text: str) -> Organization | None:
        """The known organisation named ``text`` (by its name or an alias), if any."""
        return self.names.get(text)

    def org_kind(self, text: str) -> str | None:
        """The actor kind an organisation's name tells by its words ("Ministry" → government)."""
        words = [w.strip('.,*"“”') for w in text.lower().replace("’", "'").split()]
        head, _, rest = " ".join(words).partition(" of ")
        for part in (head, rest):
            tokens = part.split()
            for size in (3, 2, 1):
                for i in range(len(tokens) - size, -1, -1):
                    kind = self.org_heads.get(" ".join(tokens[i : i + size]))
                    if kind:
                        return kind
        return None


def _read_rows(path: Path) -> list[list[str]]:
    """Rows of a lexicon file: comments and blank lines skipped, a TSV's header row dropped."""
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as exc:
        raise ResourceError(f"cannot read entity lexicon: {exc}", origin=str(path)) from exc
    rows = [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]
    if path.suffix == ".tsv":
        if not rows:
            raise ResourceError("entity lexicon has no header row", origin=str(path))
        width = len(rows[0])
        rows = [[*row, *[""] * (width - len(row))][:width] for row in rows[1:]]
    return [[cell.strip() for cell in row] for row in rows]


def load_lexicon(path: Path | None = None) -> EntityLexicon:
    """Read the entity lexicons from ``path`` (default: the packaged ``data/entities``)."""
    folder = path or DATA_DIR

    def table(name: str) -> list[list[str]]:
        return _read_rows(folder / name)

    organizations = tuple(
        Organization(
            name=row[0],
            aliases=tuple(a.strip() for a in row[1].split("|") if a.strip()),
            kind=row[2] or None,
            country=row[3] or None,
        )
        for row in table("organizations.tsv")
    )
    roles = {
        row[0]: RoleEntry(phrase=row[0], label=row[1], kind=row[2] or None, office=row[3] or None)
        for row in table("roles.tsv")
    }
    bad = sorted(r.phrase for r in roles.values() if r.label not in (PERSON, ORGANIZATION))
    if bad:
        raise ResourceError(f"roles with an unknown label: {', '.join(bad)}", origin=str(folder))
    names: dict[str, Organization] = {}
    for org in organizations:
        for name in (org.name, *org.aliases):
            names.setdefault(name, org)
    modifiers = table("role_modifiers.tsv")
    return EntityLexicon(
        source=folder,
        organizations=organizations,
        platforms=frozenset(row[0] for row in table("platforms.txt")),
        groups={row[0]: row[1] for row in table("groups.tsv")},
        org_heads={row[0]: row[1] for row in table("org_heads.tsv")},
        roles=roles,
        kept_modifiers=frozenset(row[0] for row in modifiers if row[1] == "keep"),
        dropped_modifiers=frozenset(row[0] for row in modifiers if row[1] == "drop"),
        names=names,
    )


@functools.cache
def default_lexicon() -> EntityLexicon:
    """The packaged lexicon, read once."""
    return load_lexicon()


def actor_kind(text: str, lexicon: EntityLexicon | None = None) -> str | None:
    """The actor kind of a group noun phrase ("heavily armed security forces" → security_forces).

    Tries the longest known group phrase at the end of ``text``, then the known organisations,
    then the words of an organisation's name; None when nothing is known about the phrase.
    """
    lex = lexicon or default_lexicon()
    cleaned = text.replace("’", "'").strip(" \"“”'.,;:")
    words = cleaned.lower().split()
    while words and words[0] in _DETERMINERS:
        words = words[1:]
    for size in range(len(words), 0, -1):
        kind = lex.groups.get(" ".join(words[-size:]))
        if kind:
            return kind
    org = lex.organization(cleaned) or lex.organization(fold_name(cleaned))
    if org is not None:
        return org.kind
    return lex.org_kind(cleaned)


# ---------------------------------------------------------------------------------------------
# Name comparison


def clean_name(text: str) -> str:
    """A name as shown: no quotes, leading "the", possessive ending or extra spaces."""
    words = text.replace("’", "'").strip(' *"“”.,;:').split()
    if words and words[0].lower() == "the":
        words = words[1:]
    if words and words[-1].endswith("'s"):
        words[-1] = words[-1][:-2]
    return " ".join(w for w in words if w)


def fold_name(text: str) -> str:
    """A name as compared: `clean_name` without accents ("Médecins" → "Medecins")."""
    decomposed = unicodedata.normalize("NFKD", clean_name(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def phonetic_key(name: str) -> str:
    """A key shared by transliterations of one name ("Muchtar", "Mukhtar" → "mhtr")."""
    letters = "".join(c for c in fold_name(name).lower() if c.isalpha())
    for old, new in _SOUND_FOLDS:
        letters = letters.replace(old, new)
    if len(letters) < 2:
        return letters
    # Keep the first letter and the last (Alexandra/Alexandre differ), drop inner vowels.
    key = [letters[0], *(c for c in letters[1:-1] if c not in _VOWELS), letters[-1]]
    return "".join(c for i, c in enumerate(key) if i == 0 or c != key[i - 1])


def name_distance(a: str, b: str) -> float:
    """Levenshtein distance of two folded, lower-cased names, divided by the longer length."""
    x, y = fold_name(a).lower(), fold_name(b).lower()
    if not x or not y:
        return 1.0
    previous = list(range(len(y) + 1))
    for i, cx in enumerate(x, 1):
        current = [i]
        for j, cy in enumerate(y, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (cx != cy)))
        previous = current
    return previous[-1] / max(len(x), len(y))


def similar_given_names(a: str, b: str) -> bool:
    """Whether two given names can name one person (initials, variants, transliterations)."""
    x, y = fold_name(a).lower().rstrip("."), fold_name(b).lower().rstrip(".")
    if not x or not y:
        return False
    if x == y:
        return True
    if len(x) == 1 or len(y) == 1:
        return x[0] == y[0]
    if x[-1] in _VOWELS and y[-1] in _VOWELS and x[-1] != y[-1]:
        return False
    if phonetic_key(x) == phonetic_key(y):
        return True
    long_enough = min(len(x), len(y)) >= _GIVEN_NAME_MIN_LENGTH
    return long_enough and name_distance(x, y) <= _GIVEN_NAME_DISTANCE


def same_surname(a: str, b: str) -> bool:
    """Whether two surnames are one name in two spellings ("Tokayev"/"Tokaev")."""
    x, y = fold_name(a).lower(), fold_name(b).lower()
    return x == y or (x[:1] == y[:1] and phonetic_key(x) == phonetic_key(y))


def same_person_name(a: str, b: str) -> bool:
    """Whether two full names (given names and surname) can name one person."""
    x, y = fold_name(a).split(), fold_name(b).split()
    if len(x) < 2 or len(y) < 2 or not same_surname(x[-1], y[-1]):
        return False
    if not similar_given_names(x[0], y[0]):
        return False
    return all(m[:1].lower() == n[:1].lower() for m, n in zip(x[1:-1], y[1:-1], strict=False))


def acronym_of(name: str) -> str:
    """The initials of a name's capitalised words ("Collective Security Treaty Organization")."""
    return "".join(w[0] for w in fold_name(name).replace("-", " ").split() if w[0].isupper())


def initials_match(words: Sequence[str], acronym: str) -> bool:
    """Whether ``acronym`` spells the initials of ``words``, with or without function words."""
    letters = "".join(c for c in acronym.upper() if c.isalpha())
    content = "".join(w[0] for w in words if w.isalpha() and w[0].isupper()).upper()
    every = "".join(w[0] for w in words if w.isalpha()).upper()
    return letters in (content, every)


def is_acronym(text: str) -> bool:
    """Whether ``text`` looks like an acronym ("CSTO", "UNHCR", "OSCE")."""
    return (
        2 <= len(text) <= 10
        and text.isalnum()
        and text[0].isupper()
        and (sum(c.isupper() for c in text) >= 2)
    )


# ---------------------------------------------------------------------------------------------
# Clustering


@dataclass(frozen=True, slots=True)
class _Item:
    order: int
    report_id: str
    found: FoundEntity
    form: str
    label: str


def cluster_entities(
    docs: Sequence[tuple[str, Doc]],
    *,
    labels: Collection[str] = DEFAULT_LABELS,
    lexicon: EntityLexicon | None = None,
    spans_key: str = SPANS_KEY,
) -> list[EntityCluster]:
    """One `EntityCluster` per referent over several reports (``(report_id, Doc)`` in order).

    Each Doc must have been through `EntityFinder`. Platforms are left out unless ``labels``
    names them.
    """
    found = [(report_id, f) for report_id, doc in docs for f in read_entities(doc, spans_key)]
    return cluster_found(found, labels=labels, lexicon=lexicon)


def cluster_found(
    found: Sequence[tuple[str, FoundEntity]],
    *,
    labels: Collection[str] = DEFAULT_LABELS,
    lexicon: EntityLexicon | None = None,
) -> list[EntityCluster]:
    """Cluster ``(report_id, FoundEntity)`` pairs, given in report and text order."""
    lex = lexicon or default_lexicon()
    items = [
        _Item(order=i, report_id=report_id, found=f, form=_form(f, lex), label=f.label)
        for i, (report_id, f) in enumerate(found)
        if f.label in labels and clean_name(f.text)
    ]
    items = _relabel_named_organizations(items)
    groups: list[list[_Item]] = []
    groups.extend(_cluster_people([i for i in items if i.label == PERSON]))
    groups.extend(_cluster_organizations([i for i in items if i.label == ORGANIZATION], lex))
    groups.extend(_cluster_by_key([i for i in items if i.label not in (PERSON, ORGANIZATION)], _plain_key))
    clusters = [_to_cluster(g) for g in sorted(groups, key=lambda g: min(i.order for i in g))]
    logger.debug("clustered %d mentions into %d entities", len(items), len(clusters))
    return clusters


def _form(found: FoundEntity, lexicon: EntityLexicon) -> str:
    """How a mention is written in a cluster: cleaned; a common-noun group in lower case."""
    form = clean_name(found.text)
    if found.label == GROUP and form.lower() in lexicon.groups:
        return form.lower()
    return form


def _plain_key(item: _Item) -> tuple[str, ...]:
    if item.label == GROUP:
        return (item.label, item.found.kind or item.form.lower(), item.found.country or "")
    return (item.label, fold_name(item.form).lower())


def _cluster_by_key(items: Sequence[_Item], key: Callable[[_Item], tuple[str, ...]]) -> list[list[_Item]]:
    by_key: dict[tuple[str, ...], list[_Item]] = {}
    for item in items:
        by_key.setdefault(key(item), []).append(item)
    return list(by_key.values())


def _relabel_named_organizations(items: list[_Item]) -> list[_Item]:
    """An organisation of unknown kind named like a person of the documents is that person."""
    people = [i.form.lower() for i in items if i.label == PERSON]
    names = {*people, *(p.split()[-1] for p in people)}
    return [
        _Item(i.order, i.report_id, i.found, i.form, PERSON)
        if i.label == ORGANIZATION
        and i.found.kind is None
        and not i.found.aliases
        and i.form.lower() in names
        else i
        for i in items
    ]


def _cluster_people(items: Sequence[_Item]) -> list[list[_Item]]:
    forms = Counter(i.form for i in items)
    full = sorted(
        (i for i in items if len(i.form.split()) > 1),
        key=lambda i: (-len(i.form.split()), -forms[i.form], i.order),
    )
    clusters: list[list[_Item]] = []
    for item in full:
        home = next((c for c in clusters if same_person_name(c[0].form, item.form)), None)
        if home is None:
            clusters.append([item])
        else:
            home.append(item)
    alone: dict[str, list[_Item]] = {}
    for item in sorted((i for i in items if len(i.form.split()) == 1), key=lambda i: i.order):
        fitting = [c for c in clusters if same_surname(c[0].form.split()[-1], item.form)]
        home = fitting[0] if len(fitting) == 1 else _nearest_before(fitting, item)
        if home is None:
            alone.setdefault(item.form.lower(), []).append(item)
        else:
            home.append(item)
    return clusters + list(alone.values())


def _nearest_before(clusters: Sequence[list[_Item]], item: _Item) -> list[_Item] | None:
    """The cluster named last before ``item`` in the same report, if any."""
    best: tuple[int, list[_Item]] | None = None
    for cluster in clusters:
        for other in cluster:
            same_report = other.report_id == item.report_id and other.order < item.order
            if same_report and (best is None or other.order > best[0]):
                best = (other.order, cluster)
    return best[1] if best else None


def _cluster_organizations(items: Sequence[_Item], lexicon: EntityLexicon) -> list[list[_Item]]:
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for index, item in enumerate(items):
        names = {item.form, *item.found.aliases}
        # A mention with aliases was already resolved where it was found (an acronym defined
        # in the text may not be the lexicon's); only a bare one is looked up.
        known = None if item.found.aliases else lexicon.organization(item.form)
        if known is not None:
            names |= {known.name, *known.aliases}
        for name in names:
            key = fold_name(name).lower()
            if key in owner:
                parent[root(index)] = root(owner[key])
            else:
                owner[key] = index
    expansions = {acronym_of(i.form): n for n, i in enumerate(items) if len(i.form.split()) > 1}
    for index, item in enumerate(items):
        if is_acronym(item.form) and item.form in expansions:
            parent[root(index)] = root(expansions[item.form])
    clusters: dict[int, list[_Item]] = {}
    for index, item in enumerate(items):
        clusters.setdefault(root(index), []).append(item)
    return list(clusters.values())


def _to_cluster(items: Sequence[_Item]) -> EntityCluster:
    ordered = sorted(items, key=lambda i: i.order)
    labels = Counter(i.label for i in items)
    label = max(
        labels, key=lambda lab: (labels[lab], -DEFAULT_LABELS.index(lab) if lab in DEFAULT_LABELS else -9)
    )
    counts = Counter(i.form for i in items)
    first_seen: dict[str, int] = {}
    for item in ordered:
        first_seen.setdefault(item.form, item.order)
    for item in ordered:
        for alias in item.found.aliases:
            first_seen.setdefault(clean_name(alias), len(items) + len(first_seen))
    by_words = label != GROUP

    def rank(form: str) -> tuple[int, int, int, int]:
        # Complete means more words, then fewer initials ("Teodor Vasko" before "T. Vasko").
        words = form.split() if by_words else []
        spelled = sum(len(w.rstrip(".")) > 1 for w in words)
        return (-len(words), -spelled, -counts[form], first_seen[form])

    name = min(first_seen, key=rank)
    aliases: dict[str, str] = {}
    for form in sorted(first_seen, key=first_seen.__getitem__):
        if form.lower() != name.lower():
            aliases.setdefault(form.lower(), form)
    roles: dict[str, str] = {}
    for item in ordered:
        for role in item.found.roles:
            roles.setdefault(role.lower(), role)
    kinds = Counter(i.found.kind for i in items if i.found.kind)
    countries = Counter(i.found.country for i in items if i.found.country)
    return EntityCluster(
        name=name,
        label=label,
        kind=kinds.most_common(1)[0][0] if kinds else None,
        aliases=tuple(aliases.values()),
        roles=tuple(roles.values()),
        country=countries.most_common(1)[0][0] if countries else None,
        mentions=tuple(
            EntityMention(
                i.report_id, i.found.start_char, i.found.end_char, i.found.text, i.label, i.found.kind
            )
            for i in ordered
        ),
    )
