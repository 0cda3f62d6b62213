"""Fused events → a situation report: sentences by section, each citing the events it comes from,
ranked by importance so a word budget keeps the most important.

In: the living record's events as its JSON contract shows them (docs/living-record.md) and, for
``--since-last``, what the previous report showed. Out: a `Brief`.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sitrep.report import templates as t
from sitrep.report.exports import country_name
from sitrep.report.keypoints import KEY_POINTS, KINDS, LEANING, key_points
from sitrep.vocab import BriefSection

VIOLENT = {"ASSAULT", "FIGHT", "CRIME"}
VERBAL = {"AGREE", "CONSULT", "SUPPORT", "DEMAND", "DISAPPROVE", "REJECT", "THREATEN", "SANCTION", "AID"}
FOREIGN_KINDS = {"igo", "foreign_government"}
SPEAKERS = {
    "person",
    "government",
    "political_party",
    "organization",
    "igo",
    "foreign_government",
    "media",
    "ngo",
}
"""Actor kinds that say things (a group such as "armed people" is told about)."""
PERSONAL = {"he", "she", "they"}
"""Pronouns a reaction's sentence may open with, the speaker being named before it."""
# Offices that speak for the world, not for the country in crisis, named in an actor's names.
INTERNATIONAL_OFFICES = re.compile(
    r"\b(United Nations|UN|European Union|EU|NATO|African Union|Red Cross|Secretary-General|"
    r"High Commissioner)\b"
)
# Restriction kinds and the words of an event's own evidence (or its details) that show them.
RESTRICTIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("A state of emergency", re.compile(r"state of emergency|emergency rule", re.I)),
    ("A curfew", re.compile(r"\bcurfew", re.I)),
    ("Checkpoints", re.compile(r"\bcheckpoints?\b", re.I)),
    (
        "Flight suspensions",
        re.compile(r"\bflights?\b.{0,40}\b(suspend|cancel|halt)|airport.{0,30}clos", re.I),
    ),
    ("An internet shutdown", re.compile(r"\binternet\b|\bmobile (network|data)\b|\bmessaging\b", re.I)),
)


@dataclass(frozen=True, slots=True)
class Citation:
    """The event a sentence comes from and the words of the report that say so."""

    event_id: str
    report_id: str
    quote: str


@dataclass(frozen=True, slots=True)
class Sentence:
    section: BriefSection
    text: str
    citations: tuple[Citation, ...]
    importance: float

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True, slots=True)
class Brief:
    title: str
    made_at: datetime
    since: datetime | None
    """When the previous report was made (``--since-last``), else None."""
    sentences: tuple[Sentence, ...]
    events: tuple[dict[str, Any], ...]
    """The events the brief was made from (for the map and the chart)."""

    def section(self, section: BriefSection) -> list[Sentence]:
        return [s for s in self.sentences if s.section is section]


def cite(event: dict[str, Any], *, words: str = "") -> Citation:
    """A citation of ``event``: the evidence sentence holding ``words``, else its first."""
    evidence = event.get("evidence") or []
    chosen = next(
        (e for e in evidence if words and words in e.get("text", "")), evidence[0] if evidence else {}
    )
    return Citation(
        event["id"], chosen.get("report_id") or event.get("report_id") or "", _clean(chosen.get("text", ""))
    )


def _clean(text: str) -> str:
    return " ".join(text.split())


def shown_state(events: list[dict[str, Any]]) -> dict[str, Any]:
    """What a report showed, kept in the store for the next ``--since-last``: per event its number
    of claims and the range of each figure."""
    return {
        e["id"]: {
            "claims": len(e.get("claims") or []),
            "figures": {k: [v["low"], v["high"]] for k, v in (e.get("figures") or {}).items()},
        }
        for e in events
    }


def build_brief(
    events: list[dict[str, Any]],
    made_at: datetime,
    *,
    previous: dict[str, Any] | None = None,
    since: datetime | None = None,
    max_words: int | None = None,
) -> Brief:
    """The brief of ``events``; with ``previous`` (an earlier `shown_state`), what changed since."""
    weight = {e["id"]: importance(e, previous) for e in events}
    sentences = [
        *summary(events, weight, None if max_words is not None else KEY_POINTS),
        *headline(events, weight),
        *(changes(events, previous, weight) if previous is not None else ()),
        *restrictions(events, weight),
        *timeline(events, weight),
        *actors(events, weight),
        *reactions(events, weight),
        *contested(events, weight),
        *unknowns(events, weight),
    ]
    if max_words is not None:
        sentences = keep_most_important(sentences, max_words)
    return Brief(title(events), made_at, since, tuple(sentences), tuple(events))


def keep_most_important(sentences: list[Sentence], max_words: int) -> list[Sentence]:
    """The most important sentences whose words fit the budget, in their original order. Once a
    key point no longer fits, the budget is the key points': the words it has left go to the
    shorter key points, not to another section's lines."""
    order = sorted(range(len(sentences)), key=lambda i: -sentences[i].importance)
    kept: set[int] = set()
    used = 0
    full = False
    for i in order:
        point = sentences[i].section is BriefSection.KEY_POINTS
        if full and not point:
            continue
        if used + sentences[i].words <= max_words:
            kept.add(i)
            used += sentences[i].words
        elif point:
            full = True
    return [s for i, s in enumerate(sentences) if i in kept]


def importance(event: dict[str, Any], previous: dict[str, Any] | None) -> float:
    """Casualties first, then how many outlets tell it, then whether it is new since last time."""
    figures = event.get("figures") or {}
    victims = sum(int(f.get("high") or 0) for k, f in figures.items() if k in ("killed", "injured"))
    score = 10.0 * (victims > 0) + min(victims, 1000) / 100 + 2.0 * len(event.get("documents") or [])
    score += 3.0 if event.get("type") in VIOLENT else 0.0
    if previous is not None and event["id"] not in previous:
        score += 4.0
    return score


def summary(events: list[dict[str, Any]], weight: dict[str, float], limit: int | None) -> list[Sentence]:
    """The key points (`keypoints.key_points`, at most ``limit``), ranked above every other
    sentence so that a word budget keeps them first (with a budget, as many as it holds)."""
    crisis = crisis_countries(events)
    kinds = {e["id"]: development(e, crisis) for e in events}
    # Listed as a summary box lists them (the dead first, then the other figures, the violence,
    # the response, the reactions), ranked as chosen so that a word budget keeps the first chosen.
    points = sorted(
        enumerate(key_points(events, weight, limit, kinds)), key=lambda x: KINDS.index(x[1].kind or "other")
    )
    return [
        Sentence(BriefSection.KEY_POINTS, p.text, (cite(p.event, words=p.quote[:60]),), 1000.0 - i)
        for i, p in points
    ]


def development(event: dict[str, Any], crisis: set[str]) -> str:
    """What development an event is, as a summary box sorts them (`keypoints.KINDS`)."""
    kind = event.get("type")
    if kind in VIOLENT | {"PROTEST"}:
        return "violence"
    if kind in VERBAL | {"MOBILIZE"} and is_international(event, crisis):
        return "reaction"
    if kind in ("COERCE", "MOBILIZE", "AID", "SANCTION", "INVESTIGATE"):
        return "response"
    return "statement" if kind in VERBAL else "other"


def title(events: list[dict[str, Any]]) -> str:
    """The countries of the crisis (`crisis_countries`; where the statements about it were made
    only when it has none) and its days."""
    crisis = crisis_countries(events)
    places = Counter(
        (e.get("location") or {}).get("country")
        for e in events
        if e.get("location") and (not crisis or (e.get("location") or {}).get("country") in crisis)
    )
    dates = sorted(d for e in events for d in (e.get("date"), e.get("date_to")) if d)
    where = ", ".join(country_name(str(c)) for c, _ in places.most_common(3) if c) or "no place"
    span = t.days({"date": dates[0], "date_to": dates[-1]}) if dates else "no dates"
    return f"Situation report: {where}, {span}"


def _what(event: dict[str, Any]) -> str:
    """The event as a phrase inside a sentence: "... framing of the police broke up ..."."""
    what = t.where_and_what(event)
    what = "the" + what[3:] if what.startswith("The ") else what
    return f"{what} ({t.days(event)})"


def _groups(claims: list[dict[str, Any]]) -> list[str]:
    """The groups the claims count, once each; "one of them" is no group."""
    found = (str(c.get("group") or "") for c in claims)
    return list(dict.fromkeys(g for g in found if g and not g.lower().startswith(("one of", "some of"))))


def is_part(claim: dict[str, Any]) -> bool:
    """A figure that counts some of another figure's people ("32 police officers were injured,
    three of them hospitalised"; "26 killed, including 14 soldiers"): not a figure of its own."""
    group = str(claim.get("group") or "").lower()
    words = re.escape(str(claim.get("words") or "").strip())
    text = str(claim.get("text") or "")
    return (
        bool(re.match(r"(one|some|many|most|several|\w+) of\b", group))
        or bool(
            words and re.search(rf"\b(including|among them|of whom|among the dead)\s+{words}\b", text, re.I)
        )
        or bool(words and re.search(rf"\b{words}\s+of (them|whom|those|the dead|the injured)\b", text, re.I))
    )


def figure_groups(summary: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """A figure's current claims, parts of other figures left out, by the group they count (""
    when none says), the latest first: sources counting different people are not one range."""
    claims = [c for c in summary.get("claims") or [] if not c.get("superseded") and not is_part(c)]
    claims.sort(key=lambda c: str(c.get("time") or ""), reverse=True)
    named = _groups(claims)
    by_group: dict[str, list[dict[str, Any]]] = {}
    for claim in claims:
        group = str(claim.get("group") or "")
        by_group.setdefault(group if group in named else "", []).append(claim)
    if "" in by_group and len(by_group) == 2:  # unnamed claims count the one group named
        unnamed = by_group.pop("")
        only = next(iter(by_group))
        by_group[only] = sorted(
            by_group[only] + unnamed, key=lambda c: str(c.get("time") or ""), reverse=True
        )
    return list(by_group.items())


def contradicts(claims: list[dict[str, Any]]) -> bool:
    """Two exact figures for the same group and the same moment that differ."""
    exact: dict[str, set[int]] = defaultdict(set)
    for claim in claims:
        if claim.get("qualifier") == "exact" and claim.get("min") is not None:
            exact[str(claim.get("time") or "")].add(int(claim["min"]))
    return any(len(values) > 1 for values in exact.values())


def headline(events: list[dict[str, Any]], weight: dict[str, float]) -> list[Sentence]:
    """Per event, figure kind and the group counted: the range across sources, each claim with
    its source, the latest first. A figure that is part of another ("three of them") is no end of
    a range, and figures of different groups are not one range."""
    out = []
    for event in events:
        figures = event.get("figures") or {}
        for outcome in sorted(figures, key=lambda o: {"killed": 0, "injured": 1}.get(o, 2)):
            groups = figure_groups(figures[outcome])
            # A sourced count before the document's own "dozens"; the larger first.
            groups.sort(
                key=lambda g: (
                    not any(c.get("sources") and c.get("qualifier") != "vague" for c in g[1]),
                    -max(int(c.get("min") or 0) for c in g[1]),
                )
            )
            for group, claims in groups:
                numbers = [n for c in claims for n in (c.get("min"), c.get("max")) if n is not None]
                low, high = min(numbers), max(numbers)
                if len(claims) == 1 and claims[0].get("qualifier") == "vague" and claims[0].get("words"):
                    count = f"{str(claims[0]['words']).capitalize()} of"  # "Dozens of people arrested"
                elif len(claims) == 1:
                    count = t.count_words(claims[0])
                else:
                    count = t.number(low) if low == high else f"{t.number(low)} to {t.number(high)}"
                figure = t.FIGURE.get(outcome, "{count} {group} " + outcome).format(
                    count=count, group=group or "people"
                )
                told = "; ".join(
                    dict.fromkeys(
                        f"{t.count_words(c)} — {t.source_words(c, event)}"
                        + (f", {c['attribution']}" if c.get("attribution") in ("claimed", "alleged") else "")
                        for c in claims
                    )
                )
                text = f"{t._capital(figure)} {t.place_phrase(event)} ({t.days(event)}): {told}."
                if contradicts(claims):
                    text += " The sources contradict each other."
                citations = tuple(dict.fromkeys(cite(event, words=c.get("words") or "") for c in claims))
                rank = 100.0 + weight[event["id"]] + (outcome == "killed") * 5 + min(high, 1000) / 1000
                out.append(Sentence(BriefSection.HEADLINE, " ".join(text.split()), citations, rank))
    return out


def changes(
    events: list[dict[str, Any]], previous: dict[str, Any], weight: dict[str, float]
) -> list[Sentence]:
    out = []
    for event in events:
        before = previous.get(event["id"])
        now = shown_state([event])[event["id"]]
        if before is None:
            text = f"New: {_what(event)}."
        elif now["figures"] != before.get("figures"):
            moved = [
                f"{k} now {v[0]}–{v[1]}"
                + (
                    f" (was {before['figures'][k][0]}–{before['figures'][k][1]})"
                    if k in before.get("figures", {})
                    else " (new)"
                )
                for k, v in now["figures"].items()
                if before.get("figures", {}).get(k) != v
            ]
            text = f"Figures changed for {_what(event)}: {', '.join(moved)}."
        elif now["claims"] > before.get("claims", 0):
            text = f"{now['claims'] - before.get('claims', 0)} more report(s) on {_what(event)}."
        else:
            continue
        out.append(Sentence(BriefSection.CHANGES, text, (cite(event),), 50.0 + weight[event["id"]]))
    return out


def restrictions(events: list[dict[str, Any]], weight: dict[str, float]) -> list[Sentence]:
    """Each restriction an event's evidence or details state, with where and since when."""
    out = []
    for event in events:
        details = event.get("details") or {}
        for kind, pattern in RESTRICTIONS:
            quote = next(
                (e["text"] for e in event.get("evidence") or [] if pattern.search(e.get("text", ""))), ""
            )
            if not quote and not (kind == "A curfew" and "curfew_from" in details):
                continue
            extra = ""
            if kind == "A curfew" and details.get("curfew_from"):
                extra = f" from {details['curfew_from']} to {details.get('curfew_to') or 'an unstated hour'}"
            if kind == "Checkpoints" and details.get("checkpoints"):
                kind = f"{details['checkpoints']} checkpoints"
            where = t.place_phrase(event) or "in an unstated place"
            text = f"{kind}{extra} {where}, in force since {t.day(event.get('date'))}."
            out.append(
                Sentence(
                    BriefSection.RESTRICTIONS,
                    text,
                    (cite(event, words=quote[:40]),),
                    80.0 + weight[event["id"]],
                )
            )
    return out


def timeline(events: list[dict[str, Any]], weight: dict[str, float]) -> list[Sentence]:
    out = []
    for event in sorted(events, key=lambda e: (e.get("date") or "", e["id"])):
        sources = event.get("sources") or []
        documents = event.get("documents") or [""]
        said = t.source_words({"sources": sources[:1], "document_id": documents[0]}, event) if sources else ""
        how = {"reported": "according to", "claimed": "as claimed by", "alleged": "as alleged by"}
        attribution = how.get(str(event.get("attribution")), "")
        actor = t.first_actor(event, "actor")
        told = f", {attribution} {t.in_prose(said)}" if said and attribution and said != actor else ""
        text = f"{t.day(event.get('date'))}: {t.where_and_what(event)}{told}."
        out.append(
            Sentence(
                BriefSection.TIMELINE, " ".join(text.split()), (cite(event),), 20.0 + weight[event["id"]]
            )
        )
    return out


def actors(events: list[dict[str, Any]], weight: dict[str, float]) -> list[Sentence]:
    """Per named actor (role actor), what the events say it did."""
    did: dict[str, list[dict[str, Any]]] = defaultdict(list)
    kinds: dict[str, str] = {}
    for event in events:
        name = t.first_actor(event, "actor")
        if name:
            did[name].append(event)
            kinds[name] = (
                next(a.get("kind") for a in event["actors"] if a.get("name") == name) or "unknown kind"
            )
    out = []
    for name, its in did.items():
        deeds = "; ".join(dict.fromkeys(t.where_and_what(e) for e in its))
        text = f"{t._capital(name)} ({kinds[name].replace('_', ' ')}): {deeds}."
        rank = 10.0 + max(weight[e["id"]] for e in its)
        out.append(Sentence(BriefSection.ACTORS, text, tuple(cite(e) for e in its), rank))
    return out


def crisis_countries(events: list[dict[str, Any]]) -> set[str]:
    """The countries where the crisis happens: those of its violent, protest and coercion events."""
    return {
        str((e.get("location") or {}).get("country"))
        for e in events
        if e.get("type") in VIOLENT | {"PROTEST", "COERCE", "MOBILIZE"}
        and (e.get("location") or {}).get("country")
    }


def _speakers(event: dict[str, Any]) -> list[dict[str, Any]]:
    speakers = [a for a in event.get("actors") or [] if a.get("role") in ("actor", "source")]
    return speakers + list(event.get("sources") or [])


def _abroad(speaker: dict[str, Any]) -> bool:
    names = " ".join(str(n) for n in (speaker.get("name"), *(speaker.get("aliases") or [])))
    return speaker.get("kind") in FOREIGN_KINDS or bool(INTERNATIONAL_OFFICES.search(names))


def is_international(event: dict[str, Any], crisis: set[str]) -> bool:
    """A reaction from abroad: its speaker (actor or source) is an international organisation or a
    foreign government, or an international office holder by name ("United Nations
    Secretary-General"), or it is told from outside the crisis countries. A government's own
    statements at home are not international reactions."""
    if any(_abroad(a) for a in _speakers(event)):
        return True
    country = (event.get("location") or {}).get("country")
    return bool(crisis and country and country not in crisis)


def reactions(events: list[dict[str, Any]], weight: dict[str, float]) -> list[Sentence]:
    """Verbal events from abroad (`is_international`)."""
    crisis = crisis_countries(events)
    out = []
    for event in events:
        if event.get("type") not in VERBAL or not is_international(event, crisis):
            continue
        speakers = _speakers(event)
        speaker = next((a for a in speakers if _abroad(a)), speakers[0] if speakers else None)
        quote = _said_by(event, speaker) if speaker else ""
        if speaker and quote:
            name = t.clean_name(str(speaker.get("name")), speaker.get("kind"), event)
            text = f"{t._capital(name)} ({t.days(event)}): “{quote}”"
        else:
            text = f"{_what(event)}."
        rank = 30.0 + weight[event["id"]]
        out.append(Sentence(BriefSection.REACTIONS, text, (cite(event, words=quote[:60]),), rank))
    return out


def _said_by(event: dict[str, Any], speaker: dict[str, Any]) -> str:
    """The evidence sentence naming ``speaker`` (by a name, an alias or the surname), else one
    that refers to them ("He also spoke out ..."), which the speaker named before it resolves."""
    forms = [str(f) for f in (speaker.get("name"), *(speaker.get("aliases") or [])) if f]
    forms += [f.split()[-1] for f in forms if len(f.split()) > 1]
    texts = [_clean(span.get("text", "")) for span in event.get("evidence") or []]
    texts = [x for x in texts if len(x.split()) >= 6 and x[:1].isupper()]
    naming = [x for x in texts if x.split()[0].lower() not in LEANING and any(f in x for f in forms)]
    leaning = [x for x in texts if x.split()[0].lower() in PERSONAL]
    return (naming or leaning or [""])[0]


def _framer(event: dict[str, Any], term: str) -> str:
    """Who used ``term``: the named actor or source the evidence sentence holding it names
    ("President William Ruto described the storming as "treasonous""), else the event's sources,
    else the document's own word, unattributed."""
    documents = event.get("documents") or [""]
    holding = [_clean(e.get("text", "")) for e in event.get("evidence") or [] if term in e.get("text", "")]
    # Sources speak; of the actors, only a named one that can (a person, a government, a party,
    # an organisation), not a group ("armed people", "military") the sentence tells about.
    people = [s for s in event.get("sources") or [] if s.get("name") and s.get("kind") != "unattributed"]
    people += [
        a
        for a in event.get("actors") or []
        if a.get("name")
        and a.get("role") in ("actor", "source")
        and a.get("entity_id")
        and a.get("kind") in SPEAKERS
    ]
    for sentence in holding:
        for person in people:
            forms = [str(f) for f in (person.get("name"), *(person.get("aliases") or [])) if f]
            forms += [f.split()[-1] for f in forms if len(f.split()) > 1 and f.split()[-1][:1].isupper()]
            if any(re.search(rf"\b{re.escape(f)}\b", sentence) for f in forms):
                return t.clean_name(str(person["name"]), person.get("kind"), event)
    return t.source_words({"sources": (event.get("sources") or [])[:2], "document_id": documents[0]}, event)


def contested(events: list[dict[str, Any]], weight: dict[str, float]) -> list[Sentence]:
    """Scare-quoted labels, claimed and alleged events, and figures sources disagree on."""
    out = []
    for event in events:
        terms = [x for x in event.get("contested_terms") or [] if x][:8]
        if terms:
            by_speaker: dict[str, list[str]] = defaultdict(list)
            for term in terms:
                by_speaker[_framer(event, term)].append(f'"{term}"')
            said = "; ".join(
                f"{', '.join(quoted)}, as {t.in_prose(who)} put it" for who, quoted in by_speaker.items()
            )
            text = f"Contested framing of {_what(event)}: {said}."
            out.append(
                Sentence(
                    BriefSection.CONTESTED, text, (cite(event, words=terms[0]),), 40.0 + weight[event["id"]]
                )
            )
        if event.get("attribution") in ("claimed", "alleged"):
            text = f"{event['attribution'].capitalize()}, not confirmed: {_what(event)}."
            out.append(Sentence(BriefSection.CONTESTED, text, (cite(event),), 40.0 + weight[event["id"]]))
        for outcome, summary in (event.get("figures") or {}).items():
            for group, claims in figure_groups(summary):
                if not contradicts(claims):
                    continue
                numbers = [int(c["min"]) for c in claims if c.get("qualifier") == "exact"]
                whose = f" ({group})" if group else ""
                text = (
                    f"The {outcome} figures{whose} for {_what(event)} contradict each other: "
                    f"from {min(numbers)} to {max(numbers)}."
                )
                out.append(Sentence(BriefSection.CONTESTED, text, (cite(event),), 45.0 + weight[event["id"]]))
    return out


def unknowns(events: list[dict[str, Any]], weight: dict[str, float]) -> list[Sentence]:
    """Violent events with no toll, events only one outlet tells, places known only to the country."""
    out = []
    for event in events:
        figures = event.get("figures") or {}
        if event.get("type") in VIOLENT and "killed" not in figures:
            text = t.NO_FIGURE["killed"].format(what=_what(event)) + "."
            out.append(Sentence(BriefSection.UNKNOWN, text, (cite(event),), 35.0 + weight[event["id"]]))
        documents = event.get("documents") or []
        if len(documents) == 1 and (figures or event.get("type") in VIOLENT):
            text = f"Only one outlet ({documents[0]}) reports {_what(event)}."
            out.append(Sentence(BriefSection.UNKNOWN, text, (cite(event),), 15.0 + weight[event["id"]]))
        # Where a statement was made matters little; where violence happened does.
        if (event.get("location") or {}).get("precision") == "country" and event.get("type") not in VERBAL:
            text = f"Where exactly is not known for {_what(event)}: only the country."
            out.append(Sentence(BriefSection.UNKNOWN, text, (cite(event),), 5.0 + weight[event["id"]]))
    return out
