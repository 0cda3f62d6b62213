"""Entities across documents: the keys on which two documents' entities are one referent.

In: an entity's kind, name, aliases and roles as one document read them. Out: a set of keys;
two entities of the same kind that share a key are merged by the store (their aliases and
roles pooled). Keys cover what the issue asks:

* the same name or alias after folding case, accents and a leading "the" (`"Tokayev"` is an
  alias of `"Kassym-Jomart Tokayev"` in the document that names him in full);
* for people, transliterations: the surname's phonetic key with the first given name's initial
  (`Kassym-Jomart` / `Kassym-Shomart Tokayev`);
* a title held by one person at a time (`"President of Kazakhstan"`), whichever name it comes
  with ("the Kazakh president" is read as that role by the nlp stage).
"""

from __future__ import annotations

from collections.abc import Iterable

from sitrep.nlp.aliases import fold_name, phonetic_key

PERSON = "person"


def _folded(text: str) -> str:
    return " ".join(fold_name(text).lower().replace("-", " ").split())


def entity_keys(
    kind: str, name: str, aliases: Iterable[str] = (), roles: Iterable[str] = ()
) -> frozenset[str]:
    """The keys an entity is filed under (each prefixed with its kind)."""
    keys: set[str] = set()
    for form in (name, *aliases):
        folded = _folded(form)
        if not folded:
            continue
        keys.add(f"{kind}:{folded}")
        words = fold_name(form).split()
        if kind == PERSON and len(words) >= 2:
            keys.add(f"{kind}~{words[0][:1].lower()}~{phonetic_key(words[-1])}")
    if kind == PERSON:
        keys.update(f"{kind}@{_folded(role)}" for role in roles if _unique_title(role))
    return frozenset(keys)


def _unique_title(role: str) -> bool:
    """A title one person holds at a time names its office ("President of Kazakhstan", "US
    Secretary of State"); a bare "spokesman" or "minister" does not."""
    words = _folded(role).split()
    return len(words) >= 3 or (
        len(words) == 2 and role.split()[0][:1].isupper() and role.split()[1][:1].isupper()
    )


def is_title_key(key: str) -> bool:
    """Whether a key files a person under a title (``person@president of kazakhstan``)."""
    return key.startswith(f"{PERSON}@")


def named_by_title(name: str, roles: Iterable[str]) -> bool:
    """Whether a person is named only by a title of theirs ("the Kazakh president"): such an
    entity joins the named person the documents give that title; a person with a name of
    their own never joins another named person on a title alone (two presidents of one
    country, years apart, are two people)."""
    folded = _folded(name)
    return bool(folded) and any(
        folded == _folded(role) or folded.endswith(" " + _folded(role)) for role in roles
    )


def same_entity(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two entities' keys say they are one referent."""
    return bool(a & b)
