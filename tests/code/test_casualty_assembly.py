"""Casualty assembly: each event's toll adds up, and no victim is counted twice in a report."""

from __future__ import annotations

from dataclasses import replace

from sitrep.code.tolls import add_toll, sentence_toll, share_tolls
from sitrep.model import Event, Figure, Place, Sentence, TimePrecision


def fig(
    text: str, low: int, outcome: str, start: int, *, scope: str | None = None, group: str = ""
) -> Figure:
    return Figure(
        low, low, "exact", text, "d-r1", start, start + len(text), outcome, group or None, scope=scope
    )


def toll(figures: tuple[Figure, ...]) -> list[tuple[str | None, int | None]]:
    return [(f.outcome, f.min) for f in figures]


def test_a_sentence_toll_drops_subsets_and_keeps_the_latest_total() -> None:
    figures = (
        fig("Twelve", 12, "killed", 0),
        fig("five", 5, "killed", 30, scope="subset"),
        fig("40", 40, "injured", 50),
    )
    assert toll(sentence_toll(figures)) == [("killed", 12), ("injured", 40)]
    total = (fig("three", 3, "killed", 0, scope="new"), fig("84", 84, "killed", 40, scope="total"))
    assert toll(sentence_toll(total)) == [("killed", 84)]


def test_two_parties_figures_for_one_group_keep_the_lower() -> None:
    text = "Kordia says it killed 900 Velan soldiers, while Velan said 40 soldiers were killed."
    sentence = Sentence("d-r1", 0, 0, 0, len(text), text)
    figures = (
        fig("900", 900, "killed", text.index("900"), group="Velan soldiers"),
        fig("40", 40, "killed", text.index("40 "), group="soldiers"),
    )
    assert toll(sentence_toll(figures, sentence)) == [("killed", 40)]
    coordinated = "Six rebels and five soldiers were killed."
    both = (fig("Six", 6, "killed", 0, group="rebels"), fig("five", 5, "killed", 15, group="soldiers"))
    assert toll(sentence_toll(both, Sentence("d-r1", 0, 0, 0, 40, coordinated))) == [
        ("killed", 6),
        ("killed", 5),
    ]


def test_a_later_sentence_adds_only_further_victims() -> None:
    first = (fig("A man", 1, "killed", 0), fig("Two", 2, "injured", 40))
    # "The victim was pronounced dead": the man again
    assert toll(add_toll(first, [fig("The victim", 1, "killed", 90, scope="known")])) == toll(first)
    # "Police said one person died": the same outcome told again, the first figure stands
    assert toll(add_toll(first, [fig("one", 1, "killed", 90)])) == toll(first)
    # "The attacker was also killed" / "Three more died": further victims
    assert toll(add_toll(first, [fig("The attacker", 1, "killed", 90, scope="new")])) == [
        ("killed", 1),
        ("injured", 2),
        ("killed", 1),
    ]
    # "The toll rose to 5": a total replaces the figures of its outcome
    assert toll(add_toll(first, [fig("5", 5, "killed", 90, scope="total")])) == [
        ("injured", 2),
        ("killed", 5),
    ]
    # a first figure of another outcome is new information
    assert toll(add_toll((fig("A man", 1, "killed", 0),), [fig("two", 2, "arrested", 60)])) == [
        ("killed", 1),
        ("arrested", 2),
    ]


def test_a_known_victim_is_the_one_named_before_by_the_same_noun() -> None:
    woman = (fig("A woman", 1, "injured", 0, group="A woman"),)
    man = [fig("The man", 1, "killed", 80, scope="known", group="The man")]
    assert toll(add_toll(woman, man)) == [("injured", 1), ("killed", 1)]  # someone else
    wounded = (fig("A man", 1, "injured", 0, group="A man"),)
    assert toll(add_toll(wounded, man)) == [("injured", 0), ("killed", 1)]  # he died of his wounds
    he = [fig("He", 1, "killed", 80, scope="known", group="He")]
    assert toll(add_toll((fig("A boy", 1, "killed", 0, group="A boy"),), he)) == [("killed", 1)]


def test_one_of_the_wounded_who_died_moves_from_injured_to_killed() -> None:
    shot = (fig("Two", 2, "injured", 0),)
    died = [fig("One of them", 1, "killed", 40, scope="one_of")]
    assert toll(add_toll(shot, died)) == [("injured", 1), ("killed", 1)]
    arrested = [fig("One of them", 1, "arrested", 40, scope="one_of")]
    assert toll(add_toll((fig("Two", 2, "arrested", 0),), arrested)) == [("arrested", 2)]


def event(name: str, casualties: tuple[Figure, ...], *, type_: str = "ASSAULT", confidence: float = 0.8,
          place: str | None = None) -> Event:  # fmt: skip
    location = Place(place, "XX", None, 0.0, 0.0, None, "city") if place else None
    return Event(
        id=name, report_id="d-r1", document_id="d", type=type_, mode="firearms", acled_event_type=None,
        acled_sub_event_type=None, summary=name, date="2026-01-02", date_precision=TimePrecision.DAY,
        location=location, actors=(), casualties=casualties, sources=(), attribution="asserted",
        contested_terms=(), evidence=(), confidence=confidence,
    )  # fmt: skip


def test_one_incident_keeps_one_toll_with_the_event_the_coder_is_surest_of() -> None:
    killed = fig("A man", 1, "killed", 0)
    wounded = fig("Two", 2, "injured", 40)
    again = fig("the victim", 1, "killed", 120, scope="known")
    events = [event("e1", (killed, wounded)), event("e2", (again,), confidence=0.9)]
    shared = share_tolls(events)
    assert [toll(e.casualties) for e in shared] == [[], [("killed", 1), ("injured", 2)]]
    surer_first = [event("e1", (killed, wounded), confidence=0.9), event("e2", (again,))]
    assert [toll(e.casualties) for e in share_tolls(surer_first)] == [[("killed", 1), ("injured", 2)], []]


def test_one_figure_read_by_two_events_of_a_sentence_stays_with_the_surer() -> None:
    nun = fig("an elderly nun", 1, "killed", 30)
    events = [event("riot", (nun,), type_="PROTEST", confidence=0.45), event("attack", (nun,))]
    assert [toll(e.casualties) for e in share_tolls(events)] == [[], [("killed", 1)]]


def test_incidents_at_different_places_keep_their_own_tolls() -> None:
    first = event("kabul", (fig("five", 5, "killed", 0),), place="Kabul")
    second = event("kandahar", (fig("three", 3, "killed", 80),), place="Kandahar")
    assert [toll(e.casualties) for e in share_tolls([first, second])] == [[("killed", 5)], [("killed", 3)]]
    other_type = replace(second, location=first.location, type="FIGHT")
    assert [toll(e.casualties) for e in share_tolls([first, other_type])] == [
        [("killed", 5)],
        [("killed", 3)],
    ]
