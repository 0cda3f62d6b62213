"""Plain-English templates: one an event type (with and without a named actor), one a figure kind.

Every slot is filled from a stored event's own fields (its actors, place, date, figures and their
sources); a template with a slot the event cannot fill is not used.
"""

from __future__ import annotations

from datetime import date
from typing import Any

# {actor} and {target} are the event's first named actor and target; {place} its place.
WITH_ACTOR: dict[str, str] = {
    "AGREE": "{actor} agreed with {target}",
    "CONSULT": "{actor} held talks with {target}",
    "SUPPORT": "{actor} voiced support for {target}",
    "CONCEDE": "{actor} made a concession to {target}",
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
    "DEMAND": "{actor} made demands",
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
    "DEMAND": "Demands were made",
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
    ("MOBILIZE", "troops"): "{actor} deployed troops",
    ("CONSULT", "phone"): "{actor} spoke by phone with {target}",
}
MODE_NO_ACTOR: dict[tuple[str, str], str] = {
    ("PROTEST", "riot"): "Riots broke out",
    ("COERCE", "arrest"): "Arrests were made",
    ("COERCE", "restrict"): "Restrictions were imposed",
    ("MOBILIZE", "troops"): "Troops were deployed",
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
    if actor:
        template = MODE_VERB.get((kind, mode))
        if template is None or ("{target}" in template and not target):
            template = WITH_ACTOR.get(kind, "") if target else ACTOR_ONLY.get(kind, "")
        if template:
            return template.format(actor=_capital(actor), target=target)
    template = MODE_NO_ACTOR.get((kind, mode)) or NO_ACTOR.get(kind, "Something happened")
    return template


def first_actor(event: dict[str, Any], role: str) -> str:
    for actor in event.get("actors") or []:
        if actor.get("role") == role and actor.get("name"):
            return str(actor["name"])
    return ""


def place_phrase(event: dict[str, Any]) -> str:
    loc = event.get("location") or {}
    name = loc.get("name")
    return f"in {name}" if name else ""


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
    first, last = event.get("date"), event.get("date_to")
    if last and last != first:
        return f"{day(first)} to {day(last)}"
    return day(first)


def count_words(claim: dict[str, Any]) -> str:
    n, high = claim.get("min"), claim.get("max")
    qualifier = str(claim.get("qualifier") or "exact")
    if qualifier == "exact" and high not in (None, n):
        return f"{n} to {high}"
    if qualifier == "vague" and claim.get("words"):
        return f'"{claim["words"]}" (read as at least {n})'
    return QUALIFIER_WORDS.get(qualifier, "{n}").format(n=n, words=claim.get("words") or n)


def source_words(claim: dict[str, Any]) -> str:
    """Who says so: ``Interior Ministry via Khabar 24``; several joined by ``and``."""
    named = []
    for source in claim.get("sources") or []:
        name = source.get("name")
        if not name:
            continue
        text = f"{name} via {source['via']}" if source.get("via") else str(name)
        if text not in named:
            named.append(text)
    if not named:
        return f"the outlet {claim['document_id']}" if claim.get("document_id") else "an unnamed source"
    return " and ".join(named[:3])


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
