"""Coding rules on hand-built analyses of a small fictional world (no language model needed).

Each test builds the sentences the nlp stage would hand over — frames, places, times, figures,
attribution — and checks one rule of the coder.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sitrep.code.coder import Coder
from sitrep.model import (
    AnalysedDocument,
    AnalysedReport,
    AttributionRef,
    Document,
    Entity,
    Figure,
    Frame,
    InputFormat,
    Phrase,
    Place,
    PlaceRef,
    RawDocument,
    Report,
    Sentence,
    Source,
    TimePrecision,
    TimeRef,
)

REPORT_TIME = datetime(2031, 5, 8, 14, 0, tzinfo=UTC)
PORT_VESNA = Place("Port Vesna", "ZZ", None, 10.0, 20.0, 1, "city")
ZANDORIA = Place("Zandoria", "ZZ", None, 11.0, 21.0, 2, "country")


def phrase(text: str, start: int = 0, head: str = "", label: str = "", entity: str | None = None) -> Phrase:
    words = tuple(w.lower().rstrip("s") for w in text.split())
    return Phrase(
        text, start, start + len(text), head or text.split()[-1].lower().rstrip("s"), label, entity, words
    )


def sentence(index: int, text: str, frames: list[Frame], paragraph: int = 0, **kwargs: object) -> Sentence:
    return Sentence("d-r1", index, paragraph, 0, len(text), text, frames=tuple(frames), **kwargs)  # type: ignore[arg-type]


def code(*sentences: Sentence, entities: tuple[Entity, ...] = (), main_place: PlaceRef | None = None) -> list:
    return code_with(None, *sentences, entities=entities, main_place=main_place)


def code_with(
    model: Any,
    *sentences: Sentence,
    entities: tuple[Entity, ...] = (),
    main_place: PlaceRef | None = None,
) -> list:
    """Code hand-built sentences with the lexicon and, when given, a (fake) event-type model."""
    text = " ".join(s.text for s in sentences)
    report = Report("d-r1", "d", 1, text, REPORT_TIME, TimePrecision.MINUTE, "stamp")
    document = Document(RawDocument("d", text, "d.txt", InputFormat.TEXT), (report,))
    analysed = AnalysedDocument(document, (AnalysedReport(report, tuple(sentences)),), entities, main_place)
    return list(Coder(model=model).code(analysed))


def test_passive_killing_makes_the_subject_the_target_and_keeps_the_toll() -> None:
    text = "At least nine miners were killed in Port Vesna."
    kill = Frame(
        "kill",
        phrase("killed", 25),
        "verb",
        subject=phrase("At least nine miners", 0, "miner", "civilians"),
        passive=True,
    )
    figure = Figure(9, None, "at_least", "At least nine", "d-r1", 0, 13, outcome="killed", group="miners")
    place = PlaceRef(phrase("Port Vesna", 36, label="place"), PORT_VESNA)
    [event] = code(sentence(0, text, [kill], figures=(figure,), places=(place,)))
    assert (event.type, event.acled_sub_event_type) == ("ASSAULT", "Attack")
    assert [(a.name, a.role) for a in event.actors] == [("miners", "target")]
    assert [(f.outcome, f.min, f.qualifier) for f in event.casualties] == [("killed", 9, "at_least")]
    assert event.location == PORT_VESNA
    assert event.date == "2031-05-08"


def test_deaths_a_natural_hazard_caused_are_no_attack_with_firearms() -> None:
    text = "At least 41 people have been killed by Cyclone Kenzo in Port Vesna."
    kill = Frame(
        "kill",
        phrase("killed", 28),
        "verb",
        subject=phrase("At least 41 people", 0, "people", "civilians"),
        passive=True,
    )
    figure = Figure(41, None, "at_least", "At least 41", "d-r1", 0, 11, outcome="killed", group="people")
    [event] = code(sentence(0, text, [kill], figures=(figure,)))
    assert (event.type, event.mode, event.acled_event_type, event.context) == (
        "ASSAULT",
        None,
        None,
        ("disaster",),
    )
    assert [(f.outcome, f.min) for f in event.casualties] == [("killed", 41)]
    # Homes the hazard destroyed are no property destruction by anyone.
    text = "The earthquake destroyed 300 houses in Port Vesna."
    destroy = Frame("destroy", phrase("destroyed", 15), "verb", object=phrase("300 houses", 25, "house"))
    [event] = code(sentence(0, text, [destroy]))
    assert (event.mode, event.acled_sub_event_type, event.context) == (None, None, ("disaster",))
    # Where the report names a weapon, the killing stays an attack, whatever the weather.
    text = "Gunmen killed four people in Port Vesna as the storm hit."
    kill = Frame("kill", phrase("killed", 7), "verb", subject=phrase("Gunmen", 0, "gunman", "armed"))
    [event] = code(sentence(0, text, [kill]))
    assert (event.mode, event.acled_sub_event_type, event.context) == ("firearms", "Attack", ())


def test_a_generic_killing_gives_way_to_the_specific_attack_of_its_sentence() -> None:
    text = "Rockets hit the market, killing four."
    shelling = Frame("rocket", phrase("Rockets"), "noun")
    killing = Frame("kill", phrase("killing", 24), "verb")
    events = code(sentence(0, text, [shelling, killing]))
    assert [(e.type, e.acled_sub_event_type) for e in events] == [
        ("ASSAULT", "Shelling/artillery/missile attack")
    ]


def test_the_country_gives_way_to_a_city_named_earlier_but_a_dateline_only_heads_its_paragraph() -> None:
    dateline = PlaceRef(phrase("PORT VESNA", 0, label="dateline"), PORT_VESNA)
    country = PlaceRef(phrase("Zandoria", 60, label="place"), ZANDORIA)
    riot = Frame("riot", phrase("rioted"), "verb", subject=phrase("Dockers", label="protesters"))
    first = sentence(0, "PORT VESNA – Dockers rioted across Zandoria.", [riot], places=(dateline, country))
    later = sentence(1, "Dockers rioted again in Zandoria.", [riot], paragraph=1, places=(country,))
    events = code(first, later)
    assert [e.location.name if e.location else None for e in events] == ["Port Vesna", "Zandoria"]


def test_a_town_the_report_names_later_beats_its_country() -> None:
    country = PlaceRef(phrase("Zandoria", 25, label="place"), ZANDORIA)
    town = PlaceRef(phrase("Port Vesna", 60, label="place"), PORT_VESNA)
    riot = Frame("riot", phrase("rioted"), "verb", subject=phrase("Dockers", label="protesters"))
    first = sentence(0, "Dockers rioted across Zandoria.", [riot], places=(country,))
    later = sentence(1, "The harbour of Port Vesna was closed.", [], places=(town,))
    [event] = code(first, later)
    assert event.location == PORT_VESNA


def test_a_source_named_in_a_paragraph_covers_the_sentences_after_it() -> None:
    told = AttributionRef((Source("Vesna Harbour Police", "police"),), "reported")
    loot = Frame("loot", phrase("looted"), "verb", passive=True, subject=phrase("Warehouses"))
    events = code(
        sentence(0, "Warehouses were looted, Vesna Harbour Police said.", [loot], attribution=told),
        sentence(1, "Warehouses were looted again.", [loot]),
        sentence(2, "Warehouses were looted on the far bank.", [loot], paragraph=1),
    )
    assert [[s.name for s in e.sources] for e in events] == [
        ["Vesna Harbour Police"],
        ["Vesna Harbour Police"],
        [],
    ]
    assert [e.attribution for e in events] == ["reported", "reported", "asserted"]


def test_this_was_reported_by_hands_its_source_back() -> None:
    clash = Frame("clash", phrase("clashed"), "verb", subject=phrase("Rangers", label="military"))
    back = AttributionRef((Source("Radio Zandoria", "broadcaster"),), "reported", anaphoric=True)
    [event] = code(
        sentence(0, "Rangers clashed with smugglers.", [clash]),
        sentence(1, "This was reported by Radio Zandoria.", [], attribution=back),
    )
    assert [s.name for s in event.sources] == ["Radio Zandoria"]


def test_a_scare_quoted_label_is_never_an_actor_name() -> None:
    framing = AttributionRef((Source("the ministry", "government"),), "claimed", contested=("saboteurs",))
    attack = Frame(
        "attack",
        phrase("attacked"),
        "verb",
        subject=phrase('"saboteurs"', label="unidentified_armed_group"),
        object=phrase("the convoy", label=""),
    )
    [event] = code(
        sentence(0, 'The ministry said "saboteurs" attacked the convoy.', [attack], attribution=framing)
    )
    assert "saboteurs" not in " ".join(a.name for a in event.actors)
    assert event.contested_terms == ("saboteurs",)
    assert event.actors[0].kind == "unidentified_armed_group"


def test_what_a_statement_is_about_is_not_an_event() -> None:
    condemn = Frame(
        "condemn",
        phrase("condemned"),
        "verb",
        subject=phrase("The Assembly", label="government"),
        object=phrase("the attack"),
    )
    attack_noun = Frame("attack", phrase("attack", 30), "noun", modality="condemn")
    events = code(sentence(0, "The Assembly condemned the attack.", [condemn, attack_noun]))
    assert [e.type for e in events] == ["DISAPPROVE"]


def test_an_order_to_fight_is_not_yet_a_fight() -> None:
    fight = Frame(
        "fight", phrase("fight"), "verb", directive=True, subject=phrase("the Guard", label="military")
    )
    assert code(sentence(0, "The governor ordered the Guard to fight the smugglers.", [fight])) == []


def test_curfew_hours_come_from_the_time_range() -> None:
    curfew = Frame("curfew", phrase("curfew"), "noun")
    hours = TimeRef(
        phrase("from 10 p.m. to 5 a.m."),
        "range",
        None,
        TimePrecision.MINUTE,
        start_clock="22:00",
        end_clock="05:00",
    )
    [event] = code(sentence(0, "A curfew runs from 10 p.m. to 5 a.m.", [curfew], times=(hours,)))
    assert (event.type, event.mode) == ("COERCE", "curfew")
    details = dict(event.details)
    assert (details["curfew_from"], details["curfew_to"]) == ("22:00", "05:00")


def test_an_event_without_a_place_of_its_own_falls_back_to_the_document() -> None:
    march = Frame("march", phrase("marched"), "verb", subject=phrase("Nurses", label="protesters"))
    document_place = PlaceRef(phrase("Zandoria", -1, label="document"), ZANDORIA)
    [event] = code(sentence(0, "Nurses marched.", [march]), main_place=document_place)
    assert event.location == ZANDORIA
    assert (event.type, event.acled_sub_event_type) == ("PROTEST", "Peaceful protest")


def test_a_toll_told_just_after_a_clash_belongs_to_the_clash() -> None:
    clash = Frame("clash", phrase("clashed"), "verb", subject=phrase("Rangers", label="military"))
    killed = Frame("kill", phrase("killed", 20), "verb", passive=True, subject=phrase("14 people"))
    toll = Figure(14, None, "exact", "14", "d-r1", 60, 62, outcome="killed", group="people")
    events = code(
        sentence(0, "Rangers clashed with smugglers on the ridge.", [clash]),
        sentence(1, "The clinic said 14 people were killed.", [killed], figures=(toll,)),
    )
    assert [e.type for e in events] == ["FIGHT"]
    assert [(f.outcome, f.min) for f in events[0].casualties] == [("killed", 14)]
    assert len(events[0].evidence) == 2


def test_a_toll_told_after_a_clash_by_a_source_of_its_own_is_that_sources_claim() -> None:
    # "..., the opposition said. The Health Ministry said four people were killed": the toll is
    # the ministry's word about the clash, not the opposition's (nor both of theirs).
    clash = Frame("clash", phrase("clashed"), "verb", subject=phrase("Rangers", label="military"))
    killed = Frame("kill", phrase("killed", 20), "verb", passive=True, subject=phrase("14 people"))
    toll = Figure(14, None, "exact", "14", "d-r1", 60, 62, outcome="killed", group="people")
    rangers = AttributionRef((Source("Ridge Rangers", "military"),), "reported")
    clinic = AttributionRef((Source("the clinic", "medical"),), "reported")
    text = "The clinic said 14 people were killed."
    clash_event, toll_event = code(
        sentence(0, "Rangers clashed with smugglers, the Ridge Rangers said.", [clash], attribution=rangers),
        sentence(1, text, [killed], figures=(toll,), attribution=clinic),
    )
    assert (clash_event.type, toll_event.type) == ("FIGHT", "FIGHT")
    assert [s.name for s in clash_event.sources] == ["Ridge Rangers"]
    assert clash_event.casualties == ()
    assert [s.name for s in toll_event.sources] == ["the clinic"]
    assert [(f.outcome, f.min) for f in toll_event.casualties] == [("killed", 14)]


def test_a_toll_its_clash_source_tells_again_stays_with_the_clash() -> None:
    clash = Frame("clash", phrase("clashed"), "verb", subject=phrase("Rangers", label="military"))
    killed = Frame("kill", phrase("killed", 20), "verb", passive=True, subject=phrase("14 people"))
    toll = Figure(14, None, "exact", "14", "d-r1", 60, 62, outcome="killed", group="people")
    rangers = AttributionRef((Source("Ridge Rangers", "military"),), "reported")
    [event] = code(
        sentence(0, "Rangers clashed with smugglers, the Ridge Rangers said.", [clash], attribution=rangers),
        sentence(1, "They said 14 people were killed.", [killed], figures=(toll,), attribution=rangers),
    )
    assert [s.name for s in event.sources] == ["Ridge Rangers"]
    assert [(f.outcome, f.min) for f in event.casualties] == [("killed", 14)]


def test_a_deed_inside_quoted_words_is_not_an_event_but_a_quoted_predicate_is() -> None:
    text = 'Ms Orr called on the council to "stop killing our children".'
    call = Frame(
        "call",
        phrase("called", 7),
        "verb",
        subject=phrase("Ms Orr", label="political_party"),
        obliques=(("on", phrase("the council", 17)),),
    )
    killing = Frame("kill", phrase("killing", 38), "verb")
    quote = Phrase("stop killing our children", 33, 58, label="scare_quote")
    events = code(sentence(0, text, [call, killing], quoted=(quote,)))
    assert [e.type for e in events] == ["DEMAND"]

    text = 'Rangers were "combing the hills" for the smugglers.'
    comb = Frame("comb", phrase("combing", 14), "verb", subject=phrase("Rangers", label="military"))
    quote = Phrase("combing the hills", 14, 31, label="scare_quote")
    assert [e.type for e in code(sentence(0, text, [comb], quoted=(quote,)))] == ["MOBILIZE"]
