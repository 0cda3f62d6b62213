"""How the coder weighs the lexicon's candidates against the event-type model's evidence.

Hand-built analyses of a small fictional world (as in ``test_coder.py``) and a fake model
whose readings each test states, so every test checks one rule of `Coder._decide`, not the
trained model.
"""

from __future__ import annotations

from collections.abc import Sequence

from test_coder import code_with, phrase, sentence

from sitrep.code.event_model import Prediction
from sitrep.model import Frame, Phrase, TimePrecision, TimeRef


def prediction(plover: dict[str, float], acled: dict[str, float]) -> Prediction:
    """A reading: probabilities of PLOVER types and ACLED sub-event types (the rest share 0)."""
    ranked = tuple(sorted(plover.items(), key=lambda kv: -kv[1]))
    best_acled = max(acled.items(), key=lambda kv: kv[1])
    return Prediction(
        plover=ranked[0][0],
        plover_p=ranked[0][1],
        acled_sub=best_acled[0],
        acled_p=best_acled[1],
        plover_ranked=ranked[:3],
        acled_event="",
        plover_all=dict(plover),
        acled_all=dict(acled),
    )


class FakeModel:
    """Reads every sentence the same way."""

    def __init__(self, reading: Prediction) -> None:
        self.reading = reading

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        return [self.reading for _ in texts]


def test_a_month_is_not_a_march() -> None:
    text = "On 3 March 2031, gunmen attacked the camp at Port Vesna."
    march = Frame("march", phrase("March", 5), "noun")
    attack = Frame("attack", phrase("attacked", 24), "verb", object=phrase("the camp", 33, "camp"))
    date = TimeRef(Phrase("3 March 2031", 3, 15), "date", "2031-03-03", TimePrecision.DAY)
    events = code_with(None, sentence(0, text, [march, attack], times=(date,)))
    assert [e.type for e in events] == ["ASSAULT"]
    assert events[0].date == "2031-03-03"


def test_what_a_deed_is_done_to_is_no_event_of_its_own() -> None:
    text = "Insurgents attacked a police checkpoint near Port Vesna."
    attack = Frame(
        "attack",
        phrase("attacked", 11),
        "verb",
        subject=phrase("Insurgents", 0, "insurgent"),
        object=phrase("a police checkpoint", 20, "checkpoint"),
    )
    checkpoint = Frame("checkpoint", phrase("checkpoint", 29), "noun")
    events = code_with(None, sentence(0, text, [attack, checkpoint]))
    assert [e.type for e in events] == ["ASSAULT"]


def test_the_model_retypes_a_deed_it_finds_unlikely() -> None:
    # The lexicon reads "checkpoints" (COERCE); the model is sure the sentence tells a clash.
    text = "Rebels raided the checkpoints of the Vesna guard overnight."
    checkpoints = Frame("checkpoint", phrase("checkpoints", 18), "noun")
    reading = prediction({"FIGHT": 0.8, "COERCE": 0.1, "none": 0.1}, {"Armed clash": 0.7, "Other": 0.2})
    [event] = code_with(FakeModel(reading), sentence(0, text, [checkpoints]))
    assert (event.type, event.acled_sub_event_type) == ("FIGHT", "Armed clash")


def test_a_deed_the_model_finds_plausible_keeps_its_type() -> None:
    # "advanced": troops moving (MOBILIZE). The model leans to a clash but gives the movement
    # a fair chance: that is not the model being sure the lexicon is wrong.
    text = "About 300 troops advanced on the ridge in armoured cars."
    advance = Frame(
        "advance",
        phrase("advanced", 18),
        "verb",
        subject=phrase("About 300 troops", 0, "troop", "military"),
    )
    reading = prediction({"FIGHT": 0.51, "MOBILIZE": 0.26, "none": 0.23}, {"Armed clash": 0.5})
    [event] = code_with(FakeModel(reading), sentence(0, text, [advance]))
    assert event.type == "MOBILIZE"


def test_the_model_tells_one_sided_from_two_sided_violence() -> None:
    text = "Rangers attacked the smugglers' camp on the ridge."
    attack = Frame(
        "attack", phrase("attacked", 8), "verb", subject=phrase("Rangers", 0, "ranger", "military")
    )
    reading = prediction({"FIGHT": 0.6, "ASSAULT": 0.35, "none": 0.05}, {"Armed clash": 0.6})
    [event] = code_with(FakeModel(reading), sentence(0, text, [attack]))
    assert event.type == "FIGHT"


def test_the_model_chooses_the_sub_event_within_the_type() -> None:
    text = "Militants attacked a convoy near Port Vesna with grenades."
    attack = Frame("attack", phrase("attacked", 10), "verb", object=phrase("a convoy", 19, "convoy"))
    reading = prediction(
        {"ASSAULT": 0.9, "none": 0.1}, {"Grenade": 0.6, "Attack": 0.3, "Peaceful protest": 0.1}
    )
    [event] = code_with(FakeModel(reading), sentence(0, text, [attack]))
    assert (event.type, event.acled_sub_event_type) == ("ASSAULT", "Grenade")


def test_a_sub_event_of_another_family_is_not_taken() -> None:
    text = "Dockers marched through Port Vesna."
    march = Frame("march", phrase("marched", 8), "verb", subject=phrase("Dockers", 0, "docker", "protesters"))
    reading = prediction({"PROTEST": 0.9, "none": 0.1}, {"Air/drone strike": 0.5, "Peaceful protest": 0.4})
    [event] = code_with(FakeModel(reading), sentence(0, text, [march]))
    assert (event.type, event.acled_sub_event_type) == ("PROTEST", "Peaceful protest")


def test_the_model_finds_an_event_the_lexicon_missed() -> None:
    text = "Gunmen sprayed the minibus with bullets outside Port Vesna."
    spray = Frame(
        "spray",
        phrase("sprayed", 7),
        "verb",
        subject=phrase("Gunmen", 0, "gunman", "unidentified_armed_group"),
        object=phrase("the minibus", 15, "minibus"),
    )
    reading = prediction({"ASSAULT": 0.85, "none": 0.15}, {"Attack": 0.8})
    [event] = code_with(FakeModel(reading), sentence(0, text, [spray]))
    assert (event.type, event.acled_sub_event_type) == ("ASSAULT", "Attack")
    assert (event.actors[0].name, event.actors[0].role) == (
        "Gunmen",
        "actor",
    )  # from the predicate's arguments
    unsure = prediction({"ASSAULT": 0.45, "none": 0.55}, {"Attack": 0.4, "none": 0.6})
    assert code_with(FakeModel(unsure), sentence(0, text, [spray])) == []


def test_a_text_the_model_is_sure_reports_nothing_gets_no_event() -> None:
    text = "The Vesna chamber orchestra will march into the new season with three concerts."
    march = Frame(
        "march", phrase("march", 35), "verb", subject=phrase("The Vesna chamber orchestra", 0, "orchestra")
    )
    sure = prediction({"none": 0.95, "PROTEST": 0.03}, {"none": 0.95})
    assert code_with(FakeModel(sure), sentence(0, text, [march])) == []
    # The same words with a model that gives the protest a fair chance keep the candidate.
    torn = prediction({"none": 0.6, "PROTEST": 0.35}, {"none": 0.6, "Peaceful protest": 0.35})
    assert [e.type for e in code_with(FakeModel(torn), sentence(0, text, [march]))] == ["PROTEST"]


def test_the_confidence_follows_the_model() -> None:
    text = "Troops clashed with the Red Ridge Brigade near Port Vesna, and police arrested two men."
    clash = Frame("clash", phrase("clashed", 7), "verb", subject=phrase("Troops", 0, "troop", "military"))
    arrest = Frame("arrest", phrase("arrested", 66), "verb", subject=phrase("police", 59, "police", "police"))
    reading = prediction({"FIGHT": 0.7, "COERCE": 0.2, "none": 0.1}, {"Armed clash": 0.7, "Arrests": 0.2})
    events = code_with(FakeModel(reading), sentence(0, text, [clash, arrest]))
    by_type = {e.type: e for e in events}
    assert by_type["FIGHT"].confidence > by_type["COERCE"].confidence
    assert by_type["COERCE"].acled_sub_event_type == "Arrests"
