"""The key points at the top of a situation report: the most important developments in full
sentences with their figures and sources, chosen from the events and the words of their evidence.

In: the events (as the living record's JSON shows them) and their importance. Out: `KeyPoint`s,
most important first. Selection is event-centric: each event offers the sentences of its evidence,
its newest figures first; a sentence is ranked by its event's importance (casualties, outlets,
newness), by whether it states a figure, and by how recent its report is; a sentence that says
mostly what a chosen one says is left out (redundancy removal), and one event gives at most
`PER_EVENT` points. Every point is the stored words of an evidence sentence (never rewritten),
with its source added when the sentence does not name it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sitrep.report import templates as t

KEY_POINTS = 8
"""How many key points a report without a word budget gives."""
PER_EVENT = 3
REDUNDANT = 0.5
"""A sentence whose content words are at least this share of a chosen point's is left out."""
LATER = 10.0
REPEAT = 1.0
CENTRAL = 80.0
"""What centrality (`_centrality`, 0 to 1) adds to a point: what many events tell is the story."""
"""What each point already chosen of a development kind takes off the next of that kind."""
KINDS = ("toll", "figure", "violence", "response", "reaction", "statement", "other")
"""The developments a summary box tells: the dead, the other figures, the violence, the official
response (restrictions, deployments, aid), the reactions from abroad, what the parties say."""
LEDE = 2.0
"""What opening its ticker entry adds to a sentence's score."""
SHORTEST = 6
"""Words below which an evidence span is a fragment ("One of Russia"), not a sentence."""
STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "in",
        "on",
        "at",
        "to",
        "for",
        "by",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "it",
        "its",
        "that",
        "this",
        "these",
        "those",
        "which",
        "who",
        "said",
        "says",
        "also",
        "on",
        "after",
        "before",
        "than",
        "their",
        "they",
        "he",
        "she",
        "his",
        "her",
    ]
)
_WORD = re.compile(r"[a-z0-9]+")
_NUMBER = re.compile(r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|"
                     r"hundreds?|thousands?|scores?)\b", re.I)  # fmt: skip


@dataclass(frozen=True, slots=True)
class KeyPoint:
    text: str
    event: dict[str, Any]
    quote: str
    """The evidence words the point comes from (for its citation)."""
    score: float
    kind: str = ""
    """What development the point tells (`KINDS`): a summary box tells each kind before a second
    of any."""
    toll: tuple[str, int, str] | None = None
    """A toll point's (country, dead, time): a newer toll of as many or more there supersedes it."""


def content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in STOP and len(w) > 1}


def _clean(text: str) -> str:
    return " ".join(text.split())


# A sentence opening with a pronoun leans on the one before it, which the point does not carry.
LEANING = frozenset(
    ["they", "he", "she", "it", "this", "these", "those", "there", "his", "her", "their", "its"]
)
# Words that name who says so in the sentence itself ("..., the ministry said").
ATTRIBUTED = re.compile(
    r"\b(said|says|reported|according|told|citing|announced|wrote|stated|called|urged|warned|condemned|"
    r"demanded|denied|insisted|added|confirmed|declared)\b",
    re.I,
)
# A wire dateline opening an AP or Reuters paragraph: "YAOUNDE, Cameroon (AP) — ".
_DATELINE = re.compile(r"^[A-Z][A-Z .'\-]+(?:,\s+[A-Z][\w .'\-]+)?\s+\((?:AP|Reuters|AFP|dpa)\)\s*[—–-]+\s*")
# A sentence whose speaker is a pronoun: "He said 86 people had been arrested ...".
_HE_SAID = re.compile(r"^(?:He|She)\s+(?=(?:said|says|told|added|warned|announced)\b)")


# What a key point leaves out of its sentence, as a journalist's summary box does: a connective
# that leans on the text before ("In addition,"), a clause between commas that describes someone
# or something already named (", who has refused to ...,"), and a trailing detail of a figure
# (", most of them from gunshot wounds", ", up from 18 in the morning"). Only words are left out.
_CONNECTIVE = re.compile(r"^(In addition|Meanwhile|Also|However|Moreover|Furthermore|Separately|Earlier),\s+")
_FRAMING = re.compile(
    r"^(Against the background of|As part of|In response to|Amid|In view of|In the wake of)\b[^,;]*"
    r"(?:,\s+(?:(?:some|many|most|all|none|one) of )?(?:which|whom)\b[^,;]*)?,\s+"
)
_RELATIVE = re.compile(r",\s+(?:(?:some|many|most|all|none|one) of )?(?:who|whom|which|whose)\b[^,;:.”\"]*,")
_DETAIL = re.compile(
    r",\s+(?:(?:most|many|several|some|all|none|one|two|three|four|five|six|seven|eight|nine|ten|\d+)"
    r" of (?:them|whom)|up from|down from)\b[^,;:”\"]*(?P<end>,\s*|(?=[.;]))"
)


# What a sentence's source says of its own sources: ", citing lawyers in Douala and Garoua."
_CITING = re.compile(r",\s+citing\b[^,;:”\"]*(?:,[^,;:”\"]*)*(?=[.;]$)")
# The rest of a sentence after a detail cut out of it is who says so: "..., the minister said."
_SAID_TAIL = re.compile(
    r"^[^,;:”\"]*\b(?:said|says|told|reported|announced|according to)\b[^,;:”\"]*[.!?]$", re.I
)


def _without_detail(match: re.Match[str]) -> str:
    """What stands for a figure's detail cut out: nothing at the end of the sentence, a comma
    before who says so ("were injured, 140 of them seriously, the minister said"), else a space."""
    if not match["end"]:
        return ""
    return ", " if _SAID_TAIL.match(match.string[match.end() :]) else " "


def shorten(sentence: str) -> str:
    """The sentence with what a summary box leaves out cut (`_CONNECTIVE`, `_FRAMING`,
    `_RELATIVE`, `_DETAIL`); the words kept are the sentence's own, in its order."""
    short = _FRAMING.sub("", _CONNECTIVE.sub("", _DATELINE.sub("", sentence)))
    short = _RELATIVE.sub("", short)
    short = _DETAIL.sub(_without_detail, short)
    short = _CITING.sub("", short)
    short = short[:1].upper() + short[1:]
    return short if _is_sentence(short) else sentence


def _is_sentence(text: str) -> bool:
    words = text.lower().split()
    return (
        len(words) >= SHORTEST
        and text[:1].isupper()
        and text[-1:] in '.!?”"'
        and words[0] not in LEANING
        and words[:3] != ["one", "of", "them"]
    )


def _times(event: dict[str, Any]) -> dict[str, str]:
    """Report id → the time of that report, from the event's claims."""
    return {str(c.get("report_id")): str(c.get("time") or "") for c in event.get("claims") or []}


def _with_source(text: str, sources: Iterable[dict[str, Any]], event: dict[str, Any]) -> str:
    """The sentence, and its source after it when the sentence does not name one of the event's."""
    named = [s for s in sources if s.get("name") and s.get("kind") != "unattributed"]
    words = text.lower()
    if (
        not named
        or ATTRIBUTED.search(text)
        or any(str(s["name"]).lower() in words or str(s.get("via") or "#").lower() in words for s in named)
    ):
        return text
    return f"{text[:-1]} ({t.source_words({'sources': named[:1]}, event)}){text[-1]}"


def candidates(event: dict[str, Any], weight: float, newest: str, kind: str = "") -> list[KeyPoint]:
    """The sentences an event offers: each current figure's sentence, then its claims' evidence,
    each with the sources of the claim it comes from. A figure's sentence tells the toll (the
    dead) or a figure (the hurt, held, missing); the others tell the event's ``kind``."""
    times = _times(event)
    # An entry's first sentence is its news, as a lede is (the journalist's summary takes it).
    ledes = {
        _clean(str(span.get("text") or ""))
        for claim in event.get("claims") or []
        for span in claim.get("evidence") or []
        if span.get("start") == 0
    }
    out: list[KeyPoint] = []
    seen: set[str] = set()

    country = str((event.get("location") or {}).get("country") or "")

    def named(text: str, sources: list[dict[str, Any]]) -> str:
        """ "He said ..." under the name of the one person the claim's record gives as its source."""
        people = [x for x in sources if x.get("kind") == "person" and x.get("name")]
        if len(people) != 1 or not _HE_SAID.match(text):
            return text
        return _HE_SAID.sub(t.clean_name(str(people[0]["name"]), "person", event) + " ", text)

    def offer(
        text: str,
        sources: list[dict[str, Any]],
        report_id: str,
        bonus: float,
        told: str,
        toll: tuple[str, int, str] | None = None,
    ) -> None:
        sentence = named(_clean(text), sources)
        if not _is_sentence(sentence) or sentence in seen:
            return
        seen.add(sentence)
        recent = 1.0 if times.get(report_id, "") >= newest else 0.0
        figure = 3.0 if _NUMBER.search(sentence) else 0.0
        lede = LEDE if sentence in ledes else 0.0
        out.append(
            KeyPoint(
                _with_source(shorten(sentence), sources, event),
                event,
                sentence,
                weight + bonus + figure + recent + lede,
                told,
                toll,
            )
        )

    figures = event.get("figures") or {}
    for outcome in sorted(figures, key=lambda o: o != "killed"):  # a sentence once, at its best
        claims = [c for c in figures[outcome].get("claims") or [] if not c.get("superseded")]
        # Newest first; of one moment, a sourced figure before an unsourced one, the higher first.
        newest_first = sorted(
            claims,
            key=lambda c: (str(c.get("time") or ""), bool(c.get("sources")), c.get("min") or 0),
            reverse=True,
        )
        for rank, claim in enumerate(newest_first):
            bonus = (6.0 if outcome == "killed" else 3.0) - rank
            offer(
                str(claim.get("text") or ""),
                claim.get("sources") or [],
                str(claim.get("report_id")),
                bonus,
                "toll" if outcome == "killed" else "figure",
                (country, int(claim.get("min") or 0), str(claim.get("time") or ""))
                if outcome == "killed"
                else None,
            )
    # Each claim's evidence with that claim's own sources (the event's are many claims' sources).
    for claim in event.get("claims") or []:
        if claim.get("superseded"):
            continue
        for span in claim.get("evidence") or []:
            offer(
                str(span.get("text") or ""), claim.get("sources") or [], str(span.get("report_id")), 0.0, kind
            )
    return out


def _centrality(offered: list[list[KeyPoint]]) -> Callable[[str], float]:
    """How central a sentence is to the story: the mean share of the events whose sentences use
    each of its content words (as SumBasic weighs words by how often the text uses them)."""
    used: Counter[str] = Counter()
    for its in offered:
        used.update(set().union(*(content_words(p.quote) for p in its)) if its else set())
    total = max(len(offered), 1)

    def central(text: str) -> float:
        mine = content_words(text)
        return sum(used[w] for w in mine) / (len(mine) * total) if mine else 0.0

    return central


def _superseded(toll: tuple[str, int, str], tolls: list[tuple[str, int, str]]) -> bool:
    """Whether a newer toll in the same country counts as many dead or more ("has risen to 29"
    at 18.20, "44 inmates had been killed" at 23.50): a summary box gives the latest."""
    country, dead, time = toll
    return bool(country and time) and any(
        c == country and n >= dead and t > time and n > 0 for c, n, t in tolls
    )


def key_points(
    events: list[dict[str, Any]],
    weight: dict[str, float],
    limit: int | None,
    kinds: dict[str, str] | None = None,
) -> list[KeyPoint]:
    """The most important non-redundant sentences, most important first (at most ``limit``).

    ``kinds`` names what development each event is (event id → kind, `KINDS`): a summary box
    tells the toll, the main development, the official response and the reactions each once
    before it tells one of them again, so each point already chosen of a kind costs the next of
    that kind `REPEAT`."""
    kinds = kinds or {}
    times = sorted(str(c.get("time") or "") for e in events for c in e.get("claims") or [])
    newest = times[-1][:10] if times else ""
    # An event's second and later sentences count for less (`LATER` each), so the points cover
    # several developments before telling one at length, unless it outweighs the others.
    offered = [
        sorted(candidates(e, weight[e["id"]], newest, kinds.get(e["id"], "")), key=lambda p: -p.score)
        for e in events
    ]
    tolls = [p.toll for its in offered for p in its if p.toll is not None]
    central = _centrality(offered)
    by_kind: dict[str, list[tuple[float, KeyPoint]]] = {}
    for its in offered:
        for n, point in enumerate(its):
            if point.toll is not None and _superseded(point.toll, tolls):
                continue
            score = point.score - LATER * n + CENTRAL * central(point.quote)
            by_kind.setdefault(point.kind, []).append((score, point))
    queues = {k: sorted(v, key=lambda x: -x[0]) for k, v in by_kind.items()}
    heads = dict.fromkeys(queues, 0)
    told: dict[str, int] = dict.fromkeys(queues, 0)
    chosen: list[KeyPoint] = []
    words: list[set[str]] = []
    per_event: dict[str, int] = {}
    while limit is None or len(chosen) < limit:
        live = [k for k in queues if heads[k] < len(queues[k])]
        if not live:
            break
        kind = max(live, key=lambda k: queues[k][heads[k]][0] - (REPEAT * told[k] if k else 0.0))
        point = queues[kind][heads[kind]][1]
        heads[kind] += 1
        mine = content_words(point.quote)
        if not mine or per_event.get(point.event["id"], 0) >= PER_EVENT:
            continue
        if any(len(mine & other) / len(mine) >= REDUNDANT for other in words):
            continue
        chosen.append(point)
        words.append(mine)
        told[kind] += 1
        per_event[point.event["id"]] = per_event.get(point.event["id"], 0) + 1
    return chosen
