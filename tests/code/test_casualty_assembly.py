"""Casualty assembly: each event's toll adds up, and no victim is counted twice in a report."""

from __future__ import annotations

from dataclasses import replace

from sitrep.code.tolls import add_toll, sentence_toll, share_tolls
from sitrep.model import Event, Figure, Place, Sentence, Source, TimePrecision


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


def total_harm(events: list[Event]) -> dict[str | None, int]:
    """The report's toll per outcome, summed over its events after `share_tolls`."""
    sums: dict[str | None, int] = {}
    for e in share_tolls(events):
        for f in e.casualties:
            sums[f.outcome] = sums.get(f.outcome, 0) + (f.min or 0)
    return sums


def test_a_victim_named_again_in_another_events_sentence_is_counted_once() -> None:
    # "A man was shot and killed on Marlow Street ... He was pronounced dead" (another place)
    shooting = event("shooting", (fig("A man", 1, "killed", 0, group="A man"),), place="Marlow Street")
    again = event("again", (fig("He", 1, "killed", 200, scope="known", group="He"),), place="Regional")
    assert total_harm([shooting, again]) == {"killed": 1}
    # one is never the twelve: "At least 12 people were killed ... He was found dead"
    twelve = event("twelve", (fig("At least 12", 12, "killed", 0, group="people"),), place="Kessel")
    assert total_harm([twelve, again]) == {"killed": 13}
    # a wounded woman named again as dead moves from injured to killed
    wounded = event("w", (fig("A woman", 1, "injured", 0, group="A woman"),), place="Oak Street")
    died = event("d", (fig("the woman", 1, "killed", 300, scope="known", group="the woman"),), place="Mercy")
    assert total_harm([wounded, died]) == {"injured": 0, "killed": 1}


def test_an_unknown_mode_and_one_voice_of_the_police_are_one_incident() -> None:
    shot = event("shot", (fig("Two", 2, "injured", 0, group="men"),))
    died = replace(
        event("died", (fig("One", 1, "killed", 80, scope="one_of"),)),
        mode=None,
        sources=(Source("Police", "police"),),
    )
    shot = replace(shot, sources=(Source("police", "police"),))
    assert total_harm([shot, died]) == {"injured": 1, "killed": 1}
    # the opposition and a ministry are rival voices: their tolls are not one victim list
    rival = replace(died, sources=(Source("opposition", "opposition"),))
    assert [toll(e.casualties) for e in share_tolls([shot, rival])] == [[("injured", 2)], [("killed", 1)]]


def test_a_running_total_stands_across_the_events_of_its_type() -> None:
    # "A third person has died ... Two passengers were killed at the scene near Danforth"
    third = event("third", (fig("A third person", 3, "killed", 0, scope="total"),), place="Bayview")
    scene = event(
        "scene", (fig("Two", 2, "killed", 160), fig("Eleven", 11, "injured", 260)), place="Danforth"
    )
    assert total_harm([third, scene]) == {"killed": 3, "injured": 11}


def test_a_second_person_by_another_noun_adds_up_but_a_member_of_a_group_does_not() -> None:
    neighbour = (fig("A neighbour", 1, "injured", 0, group="A neighbour"),)
    husband = [fig("The woman's husband", 1, "injured", 90, group="The woman's husband")]
    assert toll(add_toll(neighbour, husband)) == [("injured", 1), ("injured", 1)]
    two = (fig("Two", 2, "killed", 0, group="people"),)
    driver = [fig("a 19-year-old driver", 1, "killed", 90, group="a 19-year-old driver")]
    assert toll(add_toll(two, driver)) == [("killed", 2)]  # one of the two
    named = [fig("Lisa Marsh", 1, "killed", 90, group="Lisa Marsh")]
    assert toll(add_toll((fig("A woman", 1, "killed", 0, group="A woman"),), named)) == [("killed", 1)]


def test_a_list_named_again_member_by_member_adds_nobody() -> None:
    both = (fig("An officer and a suspect", 2, "injured", 0, group="An officer and a suspect"),)
    officer = fig("The officer", 1, "injured", 80, scope="known", group="The officer")
    suspect = fig("The suspect", 1, "injured", 140, scope="new", group="The suspect")
    assert toll(add_toll(both, [officer, suspect])) == [("injured", 2)]


def test_a_pronoun_in_its_own_sentence_is_the_one_named_before_it() -> None:
    text = "A cyclist was seriously injured when he was hit by a driver."
    sentence = Sentence("d-r1", 0, 0, 0, len(text), text)
    cyclist = fig("A cyclist", 1, "injured", 0, group="A cyclist")
    he = fig("he", 1, "injured", 37, scope="known", group="he")
    assert toll(sentence_toll((cyclist, he), sentence)) == [("injured", 1)]


def test_an_incidents_merged_tolls_do_not_take_a_death_from_the_wounded_twice() -> None:
    # "Three people were shot, one fatally ... A woman and a man were hospitalized" (2 events)
    shot = (fig("Three", 3, "injured", 0, group="people"), fig("one", 1, "killed", 24, scope="one_of"))
    first = event("first", sentence_toll(shot))
    second = event("second", (fig("A woman and a man", 2, "injured", 115, group="A woman and a man"),))
    assert total_harm([first, second]) == {"injured": 2, "killed": 1}


def test_a_lead_total_counts_the_incidents_told_after_it() -> None:
    # "At least three were killed and seven wounded in shootings across the city ... two men were
    # shot; one of them died, the other was hospitalized ... a woman was killed"
    lead = (
        fig("At least three", 3, "killed", 0, scope="total"),
        fig("seven", 7, "injured", 38, scope="total"),
    )
    later = [
        fig("two", 2, "injured", 300, group="men"),
        fig("One of them", 1, "killed", 340, scope="one_of"),
        fig("the other", 1, "injured", 380, scope="known", group="the other"),
        fig("a woman", 1, "killed", 450, group="a woman"),
    ]
    assert toll(add_toll(lead, later)) == [("killed", 3), ("injured", 7)]


def test_one_named_after_a_group_of_its_outcome_is_one_of_it() -> None:
    two = (fig("Two", 2, "injured", 0, group="men"),)
    other = [fig("the other", 1, "injured", 160, scope="known", group="the other")]
    assert toll(add_toll(two, other)) == [("injured", 2)]
    # a pronoun is not picked out of a group: "stabbed four people before an officer shot him"
    him = [fig("him", 1, "injured", 160, scope="known", group="him")]
    assert toll(add_toll((fig("four", 4, "injured", 0, group="people"),), him)) == [
        ("injured", 4),
        ("injured", 1),
    ]
