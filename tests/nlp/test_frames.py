"""Predicate frames on hand-built parses, and their cost in a long report (issue 7 §4)."""

from __future__ import annotations

import tracemalloc

import spacy
from spacy.tokens import Doc

from sitrep.nlp.frames import read_frames

# "Police called off the march ." parsed by hand: a verb with its particle and object.
WORDS = ["Police", "called", "off", "the", "march", "."]
SPACES = [True, True, True, True, False, True]
POS = ["PROPN", "VERB", "ADP", "DET", "NOUN", "PUNCT"]
LEMMAS = ["police", "call", "off", "the", "march", "."]
DEPS = ["nsubj", "ROOT", "prt", "det", "dobj", "punct"]
HEADS = [1, 1, 1, 4, 1, 1]  # absolute indices within the sentence


def report_of(sentences: int) -> Doc:
    """A report of ``sentences`` copies of the hand-parsed sentence."""
    n = len(WORDS)
    return Doc(
        spacy.blank("en").vocab,
        words=WORDS * sentences,
        spaces=SPACES * sentences,
        pos=POS * sentences,
        lemmas=LEMMAS * sentences,
        deps=DEPS * sentences,
        heads=[h + k * n for k in range(sentences) for h in HEADS],
        sent_starts=[i == 0 for _ in range(sentences) for i in range(n)],
    )


def test_a_verb_with_its_particle_and_object() -> None:
    doc = report_of(2)
    second = list(doc.sents)[1]
    [verb] = [f for f in read_frames(second, offset=100) if f.kind == "verb"]
    assert verb.lemma == "call"
    assert verb.trigger.text == "called off"
    assert (verb.trigger.start, verb.trigger.end) == (
        100 + second.start_char + 7,
        100 + second.start_char + 17,
    )
    assert verb.subject is not None and verb.subject.text == "Police"
    assert verb.object is not None and verb.object.text == "the march"
    assert verb.particle == "off"


def test_reading_one_sentence_does_not_cost_the_whole_report() -> None:
    """The memory read_frames takes for one sentence must not grow with the report around it:
    it once rebuilt the report's whole text for every verb, quadratic in the report's length."""
    doc = report_of(20_000)  # about 560 KB of text
    sentence = list(doc.sents)[10_000]
    read_frames(sentence)  # warm up lazily built lexeme and string-store entries
    tracemalloc.start()
    read_frames(sentence)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < len(doc.text) // 20, (
        f"reading one sentence took {peak} bytes in a {len(doc.text)}-character report"
    )
