"""Runs of characters without white space reach spaCy's tokenizer cut to a bounded length.

spaCy's prefix and suffix rules take a run of brackets or dollar signs apart one character a
pass, a cost growing with the square of the run; `bench/bench_scaling.py` shows the cost of
the whole pipeline against run length. Here: the cut keeps the text exact and the tokens
outside the runs as spaCy makes them.
"""

from __future__ import annotations

import pytest
import spacy

from sitrep.config import Settings
from sitrep.model import Extraction, InputFormat, RawDocument
from sitrep.nlp.analyse import LONGEST_RUN, _tokenised
from sitrep.pipeline import run_document
from sitrep.resources import Resources

NLP = spacy.blank("en")
SENTENCE = "Rebels shelled the garrison at Port Vesna on Monday, killing four soldiers."


def tokens(doc: object) -> list[tuple[str, str]]:
    return [(t.text, t.whitespace_) for t in doc]  # type: ignore[attr-defined]


def test_a_text_without_long_runs_goes_to_spacy_as_it_is() -> None:
    assert _tokenised(NLP, SENTENCE) == SENTENCE
    assert _tokenised(NLP, "x" * LONGEST_RUN + " " + SENTENCE) == "x" * LONGEST_RUN + " " + SENTENCE


@pytest.mark.parametrize("after", ["", " ", "  ", "\n", " \n\n", "\u00a0"])
def test_a_long_run_is_cut_into_bounded_tokens_and_the_text_kept_exact(after: str) -> None:
    run = '("$!' * 5000
    text = f"{SENTENCE} {run}{after}{SENTENCE}\n\n{run}"
    doc = _tokenised(NLP, text)
    assert not isinstance(doc, str)
    assert doc.text == text
    assert max(len(t.text) for t in doc) <= LONGEST_RUN
    assert len(doc) < 2 * (len(run) // LONGEST_RUN + len(NLP.tokenizer(SENTENCE)) + 5)
    # The words around the runs are tokenised as spaCy tokenises them.
    first = tokens(NLP.tokenizer(SENTENCE + " "))
    assert tokens(doc)[: len(first)] == first
    assert [t.text for t in doc].count("soldiers") == 2


@pytest.mark.model
def test_a_report_with_a_long_run_is_read_with_its_events_at_their_words(model_resources: Resources) -> None:
    text = f"{SENTENCE}\n\n{'(' * 20_000}\n\n{SENTENCE.replace('Monday', 'Tuesday')}"
    raw = RawDocument(id="runs", text=text, origin="runs.txt", format=InputFormat.TEXT)
    found = run_document(raw, model_resources, Settings(timezone="UTC"))
    assert isinstance(found, Extraction), found
    assert len(found.events) == 2
    for event in found.events:
        evidence = event.evidence[0]
        assert text[evidence.doc_start : evidence.doc_end] == evidence.text.strip()
        assert "(" not in evidence.text
