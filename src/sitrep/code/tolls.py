"""Casualty assembly: the figures of a report's sentences into each event's toll, counted once.

``Sequence[Figure] → tuple[Figure, ...]`` for one event, and ``list[Event] → list[Event]`` for a
report. The rule every event keeps: **its casualties of one outcome add up to its toll**, and no
victim is counted by two events of one report. A careful coder reads a report this way:

* a subset is no further victim: "six were injured, three critically", "including five
  children" (scope ``subset``) are left out;
* a running total stands for its parts: "the death toll rose to 84 after three more died" is 84,
  the latest total of the outcome replacing the figures before it (scope ``total``);
* a later sentence that tells the same victims again adds nobody: "A man was shot and killed ...
  The victim was pronounced dead at the hospital" is one killed. A figure counts as told again
  when it names one already introduced ("the victim", "he": scope ``known``), or when it gives the
  same outcome without marking further victims; of two such figures the lower is kept (ACLED's
  conservative choice). Further victims are marked ("another was wounded", "three more died",
  "the attacker was also killed": scope ``new``) and add up;
* one incident, one toll: the killed and injured of a report's events on the same day at the same
  place are the incident's, and stay with the one violent event the coder is surest of ("Gunmen
  storm the church, killing a nun" is read by two events; the nun is counted once).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sitrep.model import Event, Figure

_HARM = ("killed", "injured")
_VIOLENT = frozenset({"ASSAULT", "FIGHT", "CRIME", "COERCE", "PROTEST"})


def sentence_toll(figures: Sequence[Figure]) -> tuple[Figure, ...]:
    """One sentence's casualty figures that add up: no subsets, a total over its parts."""
    kept = [f for f in figures if f.outcome and f.scope != "subset"]
    result: list[Figure] = []
    for outcome in dict.fromkeys(f.outcome for f in kept):
        same = [f for f in kept if f.outcome == outcome]
        totals = [f for f in same if f.scope == "total"]
        result.extend(totals[-1:] if totals else same)
    return tuple(sorted(result, key=lambda f: f.start))


def add_toll(counted: Sequence[Figure], later: Sequence[Figure]) -> tuple[Figure, ...]:
    """``counted`` with the figures of a later sentence of the same event, no victim counted twice.

    ``later``'s own figures add up among themselves (one sentence's coordinated counts: "six
    Houthis and five soldiers"); each is compared only with the figures counted before it.
    """
    before = list(counted)
    result = list(counted)
    for figure in sentence_toll(later):
        if any(f.start == figure.start and f.outcome == figure.outcome for f in before):
            continue
        same = [f for f in before if f.outcome == figure.outcome]
        if figure.scope == "known" and any(f.outcome in _HARM for f in before):
            continue  # "the victim", "he": someone already counted
        if not same or figure.scope == "new":
            result.append(figure)
        elif figure.scope == "total":
            result = [f for f in result if f.outcome != figure.outcome or f not in before] + [figure]
        elif len(same) == 1 and _low(figure) < _low(same[0]) and same[0] in result:
            result[result.index(same[0])] = figure  # two figures for the same victims: the lower
    return tuple(result)


def share_tolls(events: Sequence[Event]) -> list[Event]:
    """A report's events with every victim counted once (see the module docstring).

    Events of one report on the same day and at the same place (or none) are one incident: its
    killed and injured, merged in text order by `add_toll`, go to the incident's violent event
    the coder is surest of (the first of equals), and leave the others. Other outcomes
    (arrested, missing, displaced) stay with their own events, each figure with one of them.
    """
    result = list(events)
    incidents: list[list[int]] = []
    for index, event in enumerate(events):
        home = next((i for i in incidents if _same_incident(events[i[0]], event)), None)
        if home is None:
            incidents.append([index])
        else:
            home.append(index)
    for members in incidents:
        harm: tuple[Figure, ...] = ()
        for index in members:
            harm = add_toll(harm, [f for f in events[index].casualties if f.outcome in _HARM])
        violent = [i for i in members if events[i].type in _VIOLENT] or members
        keeper = max(violent, key=lambda i: (events[i].confidence, -i))
        seen: set[tuple[str | None, int]] = set()
        for index in members:
            own = []
            for figure in events[index].casualties:
                key = (figure.outcome, figure.start)
                if figure.outcome in _HARM or key in seen:
                    continue
                seen.add(key)
                own.append(figure)
            casualties = (
                tuple(sorted((*own, *harm), key=lambda f: f.start)) if index == keeper else tuple(own)
            )
            if casualties != events[index].casualties:
                result[index] = replace(events[index], casualties=casualties)
    return result


def _same_incident(first: Event, second: Event) -> bool:
    """Two events of one report that a toll may be shared by: same day, same place or none."""
    if first.report_id != second.report_id or first.date != second.date:
        return False
    if first.location is None or second.location is None:
        return True
    return first.location.name == second.location.name


def _low(figure: Figure) -> int:
    return figure.min if figure.min is not None else figure.max or 0
