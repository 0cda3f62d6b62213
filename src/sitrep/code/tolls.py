"""Casualty assembly: the figures of a report's sentences into each event's toll, counted once.

``Sequence[Figure] → tuple[Figure, ...]`` for one event, and ``list[Event] → list[Event]`` for a
report. The rule every event keeps: **its casualties of one outcome add up to its toll**, and no
victim is counted by two events of one report. A careful coder reads a report this way:

* a subset is no further victim: "six were injured, three critically", "including five
  children" (scope ``subset``) are left out; one of those told before (scope ``one_of``) adds
  nobody, except a death among the wounded: "Two men were shot. One of them died at the
  hospital" is one killed and one injured;
* a running total stands for its parts: "the death toll rose to 84 after three more died" is 84,
  the latest total of the outcome replacing the figures before it (scope ``total``);
* a later sentence that tells the same victims again adds nobody: "A man was shot and killed ...
  The victim was pronounced dead at the hospital" is one killed. A figure counts as told again
  when it names one already introduced ("the victim", "he", "the man" after "a man": scope
  ``known``; "the man" after "a woman" is someone else, and a wounded man who "died" moves from
  injured to killed), or when it gives the
  same outcome without marking further victims; the figure told first stands ("At least 30 killed
  since the fighting began ... five bodies were found on Sunday alone" is 30). Further victims
  are marked ("another was wounded", "three more died", "the attacker was also killed": scope
  ``new``) and add up;
* two parties' figures for the same victims in one sentence ("Ukraine says it killed 11,000
  Russian troops, while Russia said 498 had been killed") are alternatives, not a sum: the lower
  is kept, as ACLED codes the most conservative report;
* one incident, one toll: events of a report with the same type and mode, day and place tell one
  incident, and its killed and injured stay with the one event the coder is surest of; a figure
  that two events read from one sentence ("Gunmen storm the church, killing a nun": an assault and
  a riot) stays with the surer of them. The nun is counted once.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import replace

from sitrep.model import Event, Figure, Sentence, Source
from sitrep.vocab import AttributionLevel, FigureScope

_HARM = ("killed", "injured")
_ANYONE = frozenset({"victim", "victims", "he", "she", "him", "her"})
_GENDER = dict.fromkeys(
    ["man", "boy", "he", "him", "his", "husband", "father", "son", "brother", "men", "boys"], "m"
) | dict.fromkeys(
    ["woman", "girl", "she", "her", "wife", "mother", "daughter", "sister", "women", "girls"], "f"
)
# Words of a figure that name nobody in particular: "another", "one of them, 40,", "people".
_NOUNLESS = frozenset(
    {"a", "an", "the", "another", "other", "others", "one", "of", "them", "people", "person", "persons"}
    | {str(n) for n in range(100)}
)
_SPEAKER = re.compile(r"\b(?:said|says|say|claimed|claims|according to|reported|stated)\b", re.IGNORECASE)
_VIOLENT = frozenset({"ASSAULT", "FIGHT", "CRIME", "COERCE", "PROTEST"})


def sentence_toll(figures: Sequence[Figure], sentence: Sentence | None = None) -> tuple[Figure, ...]:
    """One sentence's casualty figures that add up: no subsets, a total over its parts, the lower
    of two parties' figures for the same group (``sentence`` gives the words between them)."""
    kept = [f for f in figures if f.outcome and f.scope != "subset"]
    result: list[Figure] = []
    for outcome in dict.fromkeys(f.outcome for f in kept):
        same = [f for f in kept if f.outcome == outcome]
        totals = [f for f in same if f.scope == "total"]
        same = totals[-1:] if totals else same
        for one in [f for f in same if f.scope == "one_of"]:
            wounded = next((f for f in result if f.outcome == "injured" and _low(f) >= _low(one)), None)
            if outcome == "killed" and wounded is not None:
                result[result.index(wounded)] = _less(wounded, _low(one))
            elif len(same) > 1:
                same.remove(one)  # one of those this sentence counts already
        if sentence is not None:
            same = _without_alternatives(same, sentence)
        # "A cyclist was seriously injured when he was hit by a driver": he is the cyclist
        same = [
            f for n, f in enumerate(same)
            if f.scope != "known" or not any(_refers_to(f, g) for g in same[:n] if g.scope != "known")
        ]  # fmt: skip
        result.extend(same)
    return tuple(sorted(result, key=lambda f: f.start))


def _without_alternatives(figures: list[Figure], sentence: Sentence) -> list[Figure]:
    """Of two figures for one group with a speaker between them, the lower."""
    result = list(figures)
    for first, second in itertools.pairwise(figures):
        between = sentence.text[first.end - sentence.start : second.start - sentence.start]
        if (
            first in result
            and second in result
            and _group_word(first) is not None
            and _group_word(first) == _group_word(second)
            and _SPEAKER.search(between)
        ):
            result.remove(first if _low(first) > _low(second) else second)
    return result


def _refers_to(known: Figure, earlier: Figure, *, near: bool = True) -> bool:
    """Whether "the victim", "he" or "the man" names someone ``earlier`` counted ("a 24-year-old
    man"): a pronoun or "victim" names anyone hurt before, a noun someone named by that noun or
    by no noun ("another was injured ... his brother"). One is never a group told before; a
    wounded person is never one counted dead, and "the other man" never one of another outcome.
    Told in the same event (``near``), one person may be named again by another noun ("a
    cyclist ... the 34-year-old man") unless the two cannot be one ("a woman ... the man");
    across events only when both nouns say the same sex."""
    if earlier.outcome not in _HARM:
        return False
    if known.outcome == "injured" and earlier.outcome == "killed" and "other" in _words(known):
        # "A boy died ... He was taken to a hospital", "The teen had been in critical
        # condition": hurt before he died; "the other man" was someone else
        return False
    word = _group_word(known) or ""
    told = _words(earlier)
    if word in told and word not in _NOUNLESS:
        return True  # "An officer and a suspect were wounded ... The officer"
    if _low(known) == 1 and _low(earlier) > 1 and earlier.scope != "one_of":
        return False  # "At least 12 people were killed ... He was found dead": one is not the twelve
    if word in _ANYONE or " " not in (known.group or "").strip():
        return True
    if _pronoun(earlier) or not told - _NOUNLESS:
        return True
    # "A bicyclist was seriously injured ... The 34-year-old man was found on the shoulder": one
    # person told again by another noun, unless the two cannot be one ("a woman ... the man")
    if _low(known) != 1 or _low(earlier) != 1 or earlier.scope is not None:
        return False  # only one introduced ("a cyclist") is described again by another noun
    genders = _genders(known) | _genders(earlier)
    return len(genders) < 2 if near else len(genders) == 1 and _genders(known) == _genders(earlier)


def _genders(figure: Figure) -> set[str]:
    return {_GENDER[w] for w in _words(figure) if w in _GENDER}


def _one_more(figure: Figure, same: Sequence[Figure]) -> bool:
    """A person named by another noun after single victims of the same outcome, no group among
    them that could hold this one: "A neighbour was treated for smoke inhalation. The woman's
    husband was taken to a hospital" is two hurt (after "Two were hurt", one of the two). A name
    is no further person ("A man was killed. Police named him as ..." tells him again)."""
    words = (figure.group or "").split()
    if _low(figure) != 1 or not words or figure.scope is not None:
        return False
    if all(w[:1].isupper() for w in words[1:] or words) or not _words(figure) - _NOUNLESS:
        return False  # a name, a pronoun-like "one", "another"
    word = words[-1].lower()
    return all(
        _low(f) == 1 and f.scope != "one_of" and not _pronoun(f) and word not in _words(f) for f in same
    )


def _named_before(figure: Figure, before: Sequence[Figure]) -> bool:
    """A further victim by its word ("the suspect" was a perpetrator) that an earlier figure named:
    "An officer and a suspect were wounded ... The suspect was shot multiple times"."""
    words = (figure.group or "").lower().split()
    if figure.scope != "new" or len(words) < 2 or words[0] != "the" or _low(figure) != 1:
        return False
    return any(f.outcome in _HARM and f is not figure and words[-1] in _words(f) for f in before)


def _words(figure: Figure) -> set[str]:
    return {w.strip(",.").lower() for w in (figure.group or figure.text).split()}


def _pronoun(figure: Figure) -> bool:
    return (figure.group or figure.text).strip().lower() in _ANYONE


def _less(figure: Figure, dead: int) -> Figure:
    """The wounded without those of them who died (the figure keeps its words as written)."""
    low = max(_low(figure) - dead, 0)
    return replace(figure, min=low, max=low if figure.max is not None else None)


def _group_word(figure: Figure) -> str | None:
    return figure.group.split()[-1].lower() if figure.group else None


def add_toll(
    counted: Sequence[Figure],
    later: Sequence[Figure],
    sentence: Sentence | None = None,
    *,
    assembled: bool = False,
) -> tuple[Figure, ...]:
    """``counted`` with the figures of a later sentence of the same event, no victim counted twice.

    ``later``'s own figures add up among themselves (one sentence's coordinated counts: "six
    Houthis and five soldiers"); each is compared only with the figures counted before it.
    ``assembled`` figures are another event's toll, already added up (a death among its wounded
    already taken from them).
    """
    before = list(counted)
    result = list(counted)
    for figure in later if assembled else sentence_toll(later, sentence):
        if any(f.start == figure.start and f.outcome == figure.outcome for f in before):
            continue
        if figure.scope == "one_of" and any(
            f.scope == "total" and f.outcome == figure.outcome for f in result
        ):
            continue  # "At least three were killed ... two men were shot; one of them died": one of the three
        if figure.scope == "one_of":  # "Two men were shot. One of them died": one of the wounded
            # an assembled toll has taken its death from its own wounded: only an earlier
            # event's wounded may still hold it
            wounded = next(
                (
                    f for f in result
                    if f.outcome == "injured" and _low(f) >= _low(figure) and (f in before or not assembled)
                ),
                None,
            )  # fmt: skip
            if figure.outcome == "killed" and wounded is not None:
                result[result.index(wounded)] = _less(wounded, _low(figure))
                result.append(figure)
            elif not any(f.outcome == figure.outcome for f in result):
                result.append(figure)
            continue
        same = [f for f in before if f.outcome == figure.outcome]
        if _named_before(figure, before):
            figure = replace(figure, scope=FigureScope.KNOWN)
        if figure.scope == "known":
            referents = [f for f in reversed(before) if _refers_to(figure, f)]
            referent = next((f for f in referents if f.outcome == figure.outcome), None) or next(
                iter(referents), None
            )
            if referent is not None:
                # "the victim", "he", "the man": someone already counted, perhaps now dead
                if figure.outcome == "killed" and referent.outcome == "injured" and referent in result:
                    result[result.index(referent)] = _less(referent, 1)
                    result.append(figure)
                continue
            if not any(
                f.outcome == figure.outcome and (f.scope == "total" or (_low(f) > 1 and not _pronoun(figure)))
                for f in result
            ):
                result.append(figure)
            # else one of a group counted before: "Two men were wounded ... one was in critical
            # condition and the other in stable condition"; "the other, 35" after a total
            continue
        if not same or figure.scope == "new" or _one_more(figure, same):
            result.append(figure)
        elif figure.scope == "total":
            result = [f for f in result if f.outcome != figure.outcome or f not in before] + [figure]
        # else the same victims told again ("five bodies were found on Sunday alone" after "at
        # least 30 killed since ..."): the figure told first stands.
    return tuple(result)


def share_tolls(events: Sequence[Event]) -> list[Event]:
    """A report's events with every victim counted once (see the module docstring).

    Events of one report with the same type and mode, on the same day and at the same place (or
    none), tell one incident: its killed and injured, merged in text order by `add_toll`, stay
    with the one of them the coder is surest of. A figure that events of different
    types read from one sentence stays with the surest of them, violent types first.
    """
    result = list(events)
    incidents: list[list[int]] = []
    for index, event in enumerate(events):
        home = next((i for i in incidents if _same_incident(events[i[0]], event)), None)
        if home is None:
            incidents.append([index])
        else:
            home.append(index)
    casualties = {index: events[index].casualties for index in range(len(events))}
    for members in incidents:
        if len(members) < 2:
            continue
        harm: tuple[Figure, ...] = ()
        for index in members:
            harm = add_toll(harm, [f for f in casualties[index] if f.outcome in _HARM], assembled=True)
        keeper = _surest(events, members)
        for index in members:
            own = tuple(f for f in casualties[index] if f.outcome not in _HARM)
            casualties[index] = (
                tuple(sorted((*own, *harm), key=lambda f: f.start)) if index == keeper else own
            )
    holders: dict[tuple[str | None, int], list[int]] = {}
    for index in range(len(events)):
        for figure in casualties[index]:
            holders.setdefault((figure.outcome, figure.start), []).append(index)
    for (outcome, start), indices in holders.items():
        if len(indices) < 2:
            continue
        violent = [i for i in indices if events[i].type in _VIOLENT] or indices
        keeper = _surest(events, violent)
        for index in indices:
            if index != keeper:
                casualties[index] = tuple(
                    f for f in casualties[index] if (f.outcome, f.start) != (outcome, start)
                )
    _drop_told_again(casualties)
    _keep_latest_totals(events, casualties)
    for index, event in enumerate(events):
        if casualties[index] != event.casualties:
            result[index] = replace(event, casualties=casualties[index])
    return result


def _keep_latest_totals(events: Sequence[Event], casualties: dict[int, tuple[Figure, ...]]) -> None:
    """A running total stands for its outcome's victims in every event of its type in the
    report: "A third person has died ... Two passengers were killed at the scene when the bus
    overturned near Danforth" is three, whichever place each sentence names. Further victims
    ("new") told after the total still add up."""
    for index, figures in list(casualties.items()):
        for total in [f for f in figures if f.scope == "total" and f.outcome in _HARM]:
            for other in casualties:
                if other == index or events[other].type != events[index].type:
                    continue
                casualties[other] = tuple(
                    f for f in casualties[other]
                    if f.outcome != total.outcome or (f.start > total.start and f.scope in ("new", "total"))
                )  # fmt: skip


def _drop_told_again(casualties: dict[int, tuple[Figure, ...]]) -> None:
    """Leave out the victims one event names again that another counted before: "He was
    pronounced dead", "the man who died was 23", "The two wounded were taken to hospital" told
    in a sentence of its own event (another place, another source) after the shooting's. A
    wounded person named again as dead moves from the earlier event's injured to killed."""
    harm = sorted(
        ((f.start, index, f) for index, figures in casualties.items() for f in figures if f.outcome in _HARM),
        key=lambda item: (item[0], item[1]),
    )
    counted: list[tuple[int, Figure]] = []
    for _start, index, figure in harm:
        if figure not in casualties[index]:
            continue
        if figure.scope == "one_of":
            # "Twelve officers were killed ... One of them was found beheaded", the beheading an
            # event of its own: one of the twelve, as within one event (`add_toll`)
            among = [(i, f) for i, f in reversed(counted) if i != index and _low(f) >= _low(figure)]
            if any(f.outcome == figure.outcome for _i, f in among):
                casualties[index] = tuple(f for f in casualties[index] if f is not figure)
                continue
        if figure.scope != "known" and not _named_before(figure, [f for i, f in counted if i != index]):
            counted.append((index, figure))
            continue
        others = [(i, f) for i, f in reversed(counted) if i != index and _refers_to(figure, f, near=False)]
        same = [(i, f) for i, f in others if f.outcome == figure.outcome]
        if not others or (same and any(i == index for i, _f in counted if _f.outcome == figure.outcome)):
            counted.append((index, figure))
            continue
        held, referent = (same or others)[0]
        if figure.outcome == "killed" and referent.outcome == "injured":
            lessened = _less(referent, _low(figure))
            casualties[held] = tuple(lessened if f is referent else f for f in casualties[held])
            counted = [(i, lessened if f is referent else f) for i, f in counted]
            counted.append((index, figure))
            continue
        casualties[index] = tuple(f for f in casualties[index] if f is not figure)


def _surest(events: Sequence[Event], indices: Sequence[int]) -> int:
    """The event the coder is surest of among ``indices`` (the first of equals)."""
    return max(indices, key=lambda i: (events[i].confidence, -i))


def _same_incident(first: Event, second: Event) -> bool:
    """Two events of one report that tell one incident as one source tells it: same type, the
    same mode and day where both are known, place or none, and the same sources (two sources' tolls are rival claims, weighed
    when reports are fused, not one victim list); a party's claim is never one with an account
    that is not the same party's claim."""
    if (first.report_id, first.type) != (second.report_id, second.type):
        return False
    # An unknown mode or day is no difference: "A man was shot and killed ... He was pronounced
    # dead at the scene" tells the shooting (firearms) and then a death with no weapon named.
    if first.mode and second.mode and first.mode != second.mode:
        return False
    if first.date and second.date and first.date != second.date:
        return False
    if first.sources and second.sources and not _one_voice(first.sources, second.sources):
        return False
    if AttributionLevel.CLAIMED in (first.attribution, second.attribution) and (
        first.attribution != second.attribution or not _one_voice(first.sources, second.sources)
    ):
        return False  # "the Taliban claimed to have killed 20": a party's claim, not the account told

    if first.location is None or second.location is None:
        return True
    return first.location.name == second.location.name


def _one_voice(first: Sequence[Source], second: Sequence[Source]) -> bool:
    """Whether two events' sources are one voice: the same names ("police", "Police"), or
    sources of one known kind ("police" and "state police": the police speak as one; the
    opposition and a ministry do not)."""
    names = {s.name.lower() for s in first}
    if names == {s.name.lower() for s in second}:
        return True
    kinds = {s.kind for s in first}
    return kinds == {s.kind for s in second} and len(kinds) == 1 and "unknown" not in kinds


def _low(figure: Figure) -> int:
    return figure.min if figure.min is not None else figure.max or 0
