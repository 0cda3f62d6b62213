"""The trigger lexicon: every entry valid, and lookups behave as documented."""

import json
from importlib.resources import files

from sitrep.code.triggers import PLOVER_TYPES, load_lexicon
from sitrep.model import Frame, Phrase


def frame(lemma: str, kind: str = "verb", particle: str | None = None) -> Frame:
    return Frame(lemma=lemma, trigger=Phrase(lemma, 0, len(lemma)), kind=kind, particle=particle)


def test_every_entry_names_known_codes() -> None:
    lexicon = load_lexicon()
    data = json.loads(files("sitrep.code").joinpath("data/triggers.json").read_text("utf-8"))
    assert len(lexicon.triggers) == len(data["triggers"])
    keys = [t.key for t in lexicon.triggers]
    assert len(keys) == len(set(keys)), "trigger keys must be unique"
    for trigger in lexicon.triggers:
        assert trigger.plover in PLOVER_TYPES
        assert trigger.acled is None or trigger.acled in lexicon.acled_event_type


def test_acled_table_has_6_types_and_25_sub_events() -> None:
    lexicon = load_lexicon()
    assert len(lexicon.acled_event_type) == 25
    assert len(set(lexicon.acled_event_type.values())) == 6


def test_argument_words_decide_between_entries() -> None:
    lexicon = load_lexicon()
    deploy = lexicon.match(frame("send"), frozenset({"troop", "border"}))
    aid = lexicon.match(frame("send"), frozenset({"food", "convoy"}))
    nothing = lexicon.match(frame("send"), frozenset({"letter"}))
    assert deploy is not None and deploy.plover == "MOBILIZE"
    assert aid is not None and aid.plover == "AID"
    assert nothing is None


def test_particle_is_required_where_named() -> None:
    lexicon = load_lexicon()
    blown = lexicon.match(frame("blow", particle="up"), frozenset())
    assert blown is not None and blown.acled == "Looting/property destruction"
    assert lexicon.match(frame("blow"), frozenset()) is None


def test_without_words_forbid_a_match() -> None:
    lexicon = load_lexicon()
    rejected = lexicon.match(frame("dismiss"), frozenset({"proposal"}))
    dismissed = lexicon.match(frame("dismiss"), frozenset({"government"}))
    assert rejected is not None and rejected.plover == "REJECT"
    assert dismissed is not None and dismissed.plover == "CONCEDE"
