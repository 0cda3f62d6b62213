"""Plain-English templates: one an event type (with and without a named actor), one a figure kind.

Every slot is filled from a stored event's own fields (its actors, place, date, figures and their
sources); a template with a slot the event cannot fill is not used.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

# {actor} and {target} are the event's first named actor and target; {place} its place.
WITH_ACTOR: dict[str, str] = {
    "AGREE": "{actor} agreed with {target}",
    "CONSULT": "{actor} held talks with {target}",
    "SUPPORT": "{actor} voiced support for {target}",
    "CONCEDE": "{actor} made a concession on {target}",
    "COOPERATE": "{actor} cooperated with {target}",
    "AID": "{actor} gave aid to {target}",
    "RETREAT": "{actor} pulled back from {target}",
    "INVESTIGATE": "{actor} opened an investigation into {target}",
    "DEMAND": "{actor} called on {target} to act",
    "DISAPPROVE": "{actor} criticised {target}",
    "REJECT": "{actor} rejected {target}",
    "THREATEN": "{actor} threatened {target}",
    "PROTEST": "{actor} protested against {target}",
    "MOBILIZE": "{actor} deployed forces against {target}",
    "SANCTION": "{actor} imposed sanctions on {target}",
    "COERCE": "{actor} used coercion against {target}",
    "ASSAULT": "{actor} attacked {target}",
    "FIGHT": "{actor} fought {target}",
    "CRIME": "{actor} committed a crime against {target}",
}
ACTOR_ONLY: dict[str, str] = {
    "AGREE": "{actor} reached an agreement",
    "CONSULT": "{actor} held talks",
    "SUPPORT": "{actor} voiced support",
    "CONCEDE": "{actor} made a concession",
    "COOPERATE": "{actor} cooperated",
    "AID": "{actor} gave aid",
    "RETREAT": "{actor} pulled back",
    "INVESTIGATE": "{actor} opened an investigation",
    "DEMAND": "{actor} made an appeal",
    "DISAPPROVE": "{actor} voiced disapproval",
    "REJECT": "{actor} rejected a demand",
    "THREATEN": "{actor} issued a threat",
    "PROTEST": "{actor} protested",
    "MOBILIZE": "{actor} deployed forces",
    "SANCTION": "{actor} imposed sanctions",
    "COERCE": "{actor} used coercion",
    "ASSAULT": "{actor} carried out an attack",
    "FIGHT": "{actor} took part in fighting",
    "CRIME": "{actor} committed a crime",
}
NO_ACTOR: dict[str, str] = {
    "AGREE": "An agreement was reached",
    "CONSULT": "Talks were held",
    "SUPPORT": "Support was voiced",
    "CONCEDE": "A concession was made",
    "COOPERATE": "Parties cooperated",
    "AID": "Aid was given",
    "RETREAT": "Forces pulled back",
    "INVESTIGATE": "An investigation was opened",
    "DEMAND": "An appeal was made",
    "DISAPPROVE": "Disapproval was voiced",
    "REJECT": "A demand was rejected",
    "THREATEN": "A threat was issued",
    "PROTEST": "Protests took place",
    "MOBILIZE": "Forces were deployed",
    "SANCTION": "Sanctions were imposed",
    "COERCE": "Coercive measures were taken",
    "ASSAULT": "An attack took place",
    "FIGHT": "Fighting took place",
    "CRIME": "A crime was committed",
}
# Modes that say more than the type (PLOVER's modes as the coder names them).
MODE_VERB: dict[tuple[str, str], str] = {
    ("PROTEST", "riot"): "{actor} rioted",
    ("COERCE", "arrest"): "{actor} arrested {target}",
    ("COERCE", "restrict"): "{actor} imposed restrictions",
    ("COERCE", "disperse"): "{actor} broke up a protest",
    ("MOBILIZE", "troops"): "{actor} deployed troops",
    ("CONSULT", "phone"): "{actor} spoke by phone with {target}",
    # PLOVER's CONCEDE "change": a change of leadership (dismissed the government, accepted a
    # resignation), which is no concession *to* the one dismissed.
    ("CONCEDE", "change"): "{actor} changed the leadership of {target}",
}
MODE_NO_ACTOR: dict[tuple[str, str], str] = {
    ("PROTEST", "riot"): "Riots broke out",
    ("COERCE", "arrest"): "Arrests were made",
    ("COERCE", "restrict"): "Restrictions were imposed",
    ("COERCE", "disperse"): "A protest was broken up",
    ("MOBILIZE", "troops"): "Troops were deployed",
    ("CONCEDE", "change"): "A change of leadership was made",
}

# One a figure kind: how many, who and what happened to them.
FIGURE: dict[str, str] = {
    "killed": "{count} {group} killed",
    "injured": "{count} {group} injured",
    "arrested": "{count} {group} arrested",
    "missing": "{count} {group} missing",
    "displaced": "{count} {group} displaced",
}
NO_FIGURE: dict[str, str] = {
    "killed": "No death toll is recorded for {what}",
    "injured": "No figure for the injured is recorded for {what}",
}
QUALIFIER_WORDS: dict[str, str] = {
    "exact": "{n}",
    "at_least": "at least {n}",
    "at_most": "at most {n}",
    "approx": "about {n}",
    "vague": "{words}",
}


def event_phrase(event: dict[str, Any]) -> str:
    """What happened, in one clause, from the event's type, mode and named actor and target."""
    kind = str(event.get("type") or "")
    mode = str(event.get("mode") or "")
    actor = first_actor(event, "actor")
    target = first_actor(event, "target")
    place = (event.get("location") or {}).get("name")
    if place and target.endswith(f" in {place}"):
        target = target[: -len(f" in {place}")]  # the place follows the clause
    if target and target.lower() in GENERIC_TARGETS:
        target = ""
    target = with_article(target)
    actor = with_article(actor) if actor else actor
    sub = str((event.get("acled") or {}).get("sub_event_type") or "")
    if kind == "COERCE" and sub == "Protest with intervention":
        mode = "disperse"  # tear gas or batons against a crowd: no restriction imposed
    if actor:
        template = MODE_VERB.get((kind, mode))
        if template is None or ("{target}" in template and not target):
            template = WITH_ACTOR.get(kind, "") if target else ACTOR_ONLY.get(kind, "")
        if template:
            return template.format(actor=_capital(actor), target=target)
    template = MODE_NO_ACTOR.get((kind, mode)) or NO_ACTOR.get(kind, "Something happened")
    return template


# Targets that say nothing a reader can use ("Protesters fought people").
GENERIC_TARGETS = {"people", "others", "them", "him", "her", "it", "restraint", "deaths"}
LONG_TARGET = 5
"""Words beyond which a target that is no entity is a noun chunk read wrong ("public
prosecutor's office in the authoritarian country"), left out rather than printed."""


def first_actor(event: dict[str, Any], role: str) -> str:
    """The first actor of ``role`` a reader can name: not an unidentified noun chunk ("Subject of
    the conversation"), and for a target, not a long phrase that is no entity."""
    for actor in event.get("actors") or []:
        name = str(actor.get("name") or "")
        if actor.get("role") != role or not name or actor.get("kind") in ("unidentified", "unknown"):
            continue
        if role == "target" and not actor.get("entity_id") and len(name.split()) > LONG_TARGET:
            continue
        return name
    return ""


# Country and body names read with "the" ("in the United States", "the Philippines").
WITH_THE = re.compile(
    r"^(United States|United Kingdom|United Arab Emirates|Netherlands|Philippines|Gambia|Bahamas|"
    r"Central African Republic|Democratic Republic of the Congo|Czech Republic|Dominican Republic|"
    r"Maldives|Comoros|Seychelles|Solomon Islands|Marshall Islands|Congo)$"
)
# Words that make a source's name an institution English tells with "the": "according to the
# Interior Ministry", "as the alliance put it" (but "according to Khabar 24", "to Reuters").
_INSTITUTIONS = frozenset(
    [
        "ministry",
        "office",
        "council",
        "service",
        "committee",
        "department",
        "agency",
        "army",
        "police",
        "commission",
        "organization",
        "organisation",
        "alliance",
        "government",
        "presidency",
        "military",
        "command",
        "directorate",
        "authority",
        "correspondent",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "broadcaster",
        "court",
        "parliament",
        "assembly",
        "senate",
        "embassy",
        "mission",
        "coalition",
        "federation",
        "union",
        "guard",
        "inspectorate",
        "society",
        "association",
        "institute",
    ]
)


DETERMINERS = ("the ", "a ", "an ", "his ", "her ", "its ", "their ", "our ", "this ", "that ")


def _plural(name: str) -> bool:
    last = name.split()[-1].lower() if name.split() else ""
    return last.endswith("s") or last in ("men", "women", "people", "children", "personnel")


def with_article(name: str) -> str:
    """``the`` before a name that takes it: a country such as the United States, a common noun
    in the singular ("government", "parliament building"), not a plural ("protesters"), and an
    institution ("the Interior Ministry", "the Collective Security Treaty Organization"), not an
    outlet, a person or a possessive ("Khabar 24", "Russia's Foreign Ministry")."""
    if WITH_THE.match(name):
        return f"the {name}"
    if name.lower().startswith(DETERMINERS):
        return name
    if name[:1].islower() and not _plural(name):
        return f"the {name}"
    tokens = name.split()
    if len(tokens) < 2 or "'s" in name or "’s" in name:
        return name
    # the head noun: the last word, or the one before "of" ("Law Society of Kenya", "Ministry of Health")
    head = tokens[tokens.index("of") - 1] if "of" in tokens[1:] else tokens[-1]
    return f"the {name}" if head.lower() in _INSTITUTIONS else name


def place_phrase(event: dict[str, Any], said: str = "") -> str:
    """``in Almaty``; nothing when ``said`` names the place already ("parliament building in
    Nairobi") or the event has none."""
    loc = event.get("location") or {}
    name = loc.get("name")
    if not name or f"in {name}" in said or f"in the {name}" in said:
        return ""
    return f"in {with_article(str(name)) if WITH_THE.match(str(name)) else name}"


def where_and_what(event: dict[str, Any]) -> str:
    """What happened and where: ``Protesters attacked parliament building in Nairobi``."""
    what = event_phrase(event)
    return f"{what} {place_phrase(event, what)}".strip()


def number(n: object) -> str:
    """``2298`` as ``2,298``."""
    return f"{n:,}" if isinstance(n, int) else str(n)


def day(value: str | None) -> str:
    """``2022-01-05`` as ``5 January 2022``."""
    if not value:
        return "on an unknown day"
    try:
        parsed = date.fromisoformat(value[:10])
    except ValueError:
        return value
    return f"{parsed.day} {parsed:%B %Y}"


def days(event: dict[str, Any]) -> str:
    """``5–6 January 2022``, ``30 January – 2 February 2022``, or one day."""
    first, last = event.get("date"), event.get("date_to")
    if not (first and last) or last == first:
        return day(first)
    a, b = day(first).split(" ", 1), day(last).split(" ", 1)
    if a[1] == b[1]:
        return f"{a[0]}–{day(last)}"
    if a[1][-4:] == b[1][-4:]:
        return f"{a[0]} {a[1][:-5]} – {day(last)}"
    return f"{day(first)} – {day(last)}"


def count_words(claim: dict[str, Any]) -> str:
    n, high = claim.get("min"), claim.get("max")
    qualifier = str(claim.get("qualifier") or "exact")
    if qualifier == "exact" and high not in (None, n):
        return f"{n} to {high}"
    if qualifier == "vague" and claim.get("words"):
        return f'"{claim["words"]}" (read as at least {n})'
    return QUALIFIER_WORDS.get(qualifier, "{n}").format(n=number(n), words=claim.get("words") or n)


_RELATIVE_TAIL = re.compile(r",\s+(?:who|which|whose)\b.*$", re.S)


def clean_name(name: str, kind: str | None, event: dict[str, Any] | None) -> str:
    """A source's name as the event's entity calls it: a source read as a noun chunk gone wrong
    ("One of Russia The led military alliance") is the actor whose name or alias it holds
    ("Collective Security Treaty Organization"); a bare "alliance" of the same kind too. A clause
    read with the name (", who has refused to recognise ...,") and a trailing comma are cut."""
    name = _RELATIVE_TAIL.sub("", name).strip(" ,")
    folded = name.lower()
    for actor in (event or {}).get("actors") or []:
        forms = [str(actor.get("name") or ""), *(str(a) for a in actor.get("aliases") or [])]
        for form in forms:
            form_folded = form.lower()
            if not form_folded or form_folded == folded:
                continue
            inside = len(form.split()) >= 2 and form_folded in folded
            holds = actor.get("kind") == kind and f" {folded}" in f" {form_folded}" and len(folded) > 3
            if (inside or holds) and actor.get("entity_id"):
                return str(actor["name"])
    return name


def in_prose(words: str) -> str:
    """Sources as a sentence tells them (`source_words` lists them bare, as a table would): each
    institution with its article, "the Interior Ministry via Khabar 24"; a person, an outlet, a
    possessive or plural common noun ("witnesses") as it is."""
    return " and ".join(
        " via ".join(with_article(name) for name in part.split(" via ")) for part in words.split(" and ")
    )


def source_words(claim: dict[str, Any], event: dict[str, Any] | None = None) -> str:
    """Who says so: ``Interior Ministry via Khabar 24``; several joined by ``and``. With the
    ``event``, each source under its entity's clean name."""
    named = []
    for source in claim.get("sources") or []:
        name = source.get("name")
        if not name:
            continue
        name = clean_name(str(name), source.get("kind"), event)
        text = f"{name} via {source['via']}" if source.get("via") else str(name)
        if text not in named:
            named.append(text)
    if not named:
        # the document's own words, attributed to nobody: say which document, and that it is unattributed
        return f"{claim['document_id']}, unattributed" if claim.get("document_id") else "an unnamed source"
    return " and ".join(named[:3])


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
