"""The stage runner: one error boundary a document, explicit resources, a batch that goes on."""

from __future__ import annotations

import logging

import pytest

from sitrep.config import Settings
from sitrep.errors import MalformedInput
from sitrep.ingest import MemorySource, read_sources
from sitrep.model import AnalysedDocument, Document, Event, Extraction, InputFormat, RawDocument, Rejection
from sitrep.pipeline import REASON_LIMIT, run, run_document, run_documents
from sitrep.resources import Resources
from sitrep.vocab import Stage

SETTINGS = Settings(timezone="UTC")


def raw(doc_id: str, text: str = "Storms closed the Varn pass on Monday.") -> RawDocument:
    return RawDocument(id=doc_id, text=text, origin=f"{doc_id}.txt", format=InputFormat.TEXT)


class FailingAnalyser:
    """Analyses every document but the one named, which raises what it is given."""

    def __init__(self, failing: str, error: Exception) -> None:
        self.failing = failing
        self.error = error

    def analyse(self, document: Document) -> AnalysedDocument:
        if document.id == self.failing:
            raise self.error
        return AnalysedDocument(document=document, reports=(), entities=())

    def analyse_many(self, documents: list[Document]) -> list[AnalysedDocument]:
        return [self.analyse(d) for d in documents]


class NoEvents:
    def code(self, analysed: AnalysedDocument) -> tuple[Event, ...]:
        return ()


def resources_with(analyser: object) -> Resources:
    resources = Resources.segment_only()
    resources.analyser = analyser  # type: ignore[assignment]
    resources.coder = NoEvents()  # type: ignore[assignment]
    return resources


def test_segment_only_resources_give_timed_reports() -> None:
    result = run_document(raw("d1"), Resources.segment_only(), SETTINGS)
    assert isinstance(result, Extraction)
    assert result.document.reports[0].text.startswith("Storms closed")
    assert result.events == () and result.entities == ()


def test_any_exception_in_a_stage_is_a_rejection_with_the_traceback_in_the_debug_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    resources = resources_with(FailingAnalyser("d1", ValueError("year 0 is out of range\nsecond line")))
    with caplog.at_level(logging.DEBUG, logger="sitrep.pipeline"):
        result = run_document(raw("d1"), resources, SETTINGS)
    assert result == Rejection(
        "d1.txt", Stage.ANALYSE, "internal error: ValueError: year 0 is out of range second line", "d1"
    )
    assert any(r.exc_info and "ValueError" in r.exc_text for r in caplog.records if r.exc_text)


def test_a_sitrep_error_keeps_its_own_reason_and_a_long_reason_is_cut_to_one_line() -> None:
    resources = resources_with(FailingAnalyser("d1", MalformedInput("bad table " + "x" * 500)))
    result = run_document(raw("d1"), resources, SETTINGS)
    assert isinstance(result, Rejection)
    assert result.stage == "analyse" and result.reason.startswith("bad table xxx")
    assert len(result.reason) == REASON_LIMIT and "\n" not in result.reason


def test_a_failure_while_segmenting_names_the_segment_stage(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(document: RawDocument, settings: Settings) -> Document:
        raise OverflowError("date value out of range")

    monkeypatch.setattr("sitrep.pipeline.segment_document", explode)
    result = run_document(raw("d1"), Resources.segment_only(), SETTINGS)
    assert result == Rejection(
        "d1.txt", "segment", "internal error: OverflowError: date value out of range", "d1"
    )


def test_the_batch_goes_on_after_a_failure_and_keeps_its_order() -> None:
    source = MemorySource(
        {
            "a.txt": b"Rain in Tarsk on Monday.",
            "b.txt": b"Floods in Ostrel on Tuesday.",
            "empty.txt": b"   ",
            "c.txt": b"Snow in Kiran on Wednesday.",
        }
    )
    resources = resources_with(FailingAnalyser("b", KeyError("missing")))
    results = list(run(read_sources([source], SETTINGS), resources, SETTINGS))
    kinds = [
        (r.document.id, "ok") if isinstance(r, Extraction) else (r.origin, r.stage.value) for r in results
    ]
    assert kinds == [("a", "ok"), ("b.txt", "analyse"), ("empty.txt", "ingest"), ("c", "ok")]


def test_a_group_that_fails_together_is_run_one_by_one_and_only_the_bad_document_is_rejected() -> None:
    resources = resources_with(FailingAnalyser("b", ValueError("no parse")))
    results = run_documents([raw("a"), raw("b"), raw("c", "   "), raw("d")], resources, SETTINGS)
    kinds = [
        (r.document.id, "ok") if isinstance(r, Extraction) else (r.document_id, r.stage.value)
        for r in results
    ]
    assert kinds == [("a", "ok"), ("b", "analyse"), ("c", "ok"), ("d", "ok")]
    assert results[1] == Rejection("b.txt", Stage.ANALYSE, "internal error: ValueError: no parse", "b")


def test_interruptions_are_not_swallowed() -> None:
    resources = resources_with(FailingAnalyser("d1", KeyboardInterrupt()))  # type: ignore[arg-type]
    with pytest.raises(KeyboardInterrupt):
        run_document(raw("d1"), resources, SETTINGS)


def test_a_pipeline_without_a_gazetteer_is_refused() -> None:
    with pytest.raises(ValueError, match="go together"):
        Resources(nlp=object())  # type: ignore[arg-type]


@pytest.mark.model
def test_loaded_resources_analyse_and_close_their_gazetteer(model_resources: Resources) -> None:
    with Resources.load(Settings()) as resources:
        result = run_document(
            raw("d1", "Police arrested 12 protesters in Almaty on Monday."), resources, SETTINGS
        )
        assert isinstance(result, Extraction) and result.events
        gazetteer = resources.gazetteer
        assert gazetteer is not None
    assert gazetteer._connections == []


def test_events_of_a_text_naming_no_place_are_in_the_country_its_demonyms_name(
    model_resources: Resources,
) -> None:
    result = run_document(
        raw("d2", "More than 200 Syrians were killed in shelling yesterday."), model_resources, SETTINGS
    )
    assert isinstance(result, Extraction) and result.events
    assert {e.location.country for e in result.events if e.location} == {"SY"}
    both = run_document(
        raw("d3", "Syrian and Turkish soldiers were killed in shelling yesterday."), model_resources, SETTINGS
    )
    assert isinstance(both, Extraction) and all(e.location is None for e in both.events)


@pytest.mark.model
def test_documents_run_together_give_what_each_gives_alone(model_resources: Resources) -> None:
    texts = [
        "Police arrested 12 protesters in Almaty on Monday.",
        "Rebels shelled the garrison at Port Vesna on Monday, killing four soldiers.",
        "More than 200 Syrians were killed in shelling yesterday.",
        "Police arrested 12 protesters in Almaty on Monday.",  # the same text in two documents
    ]
    raws = [raw(f"g{i}", text) for i, text in enumerate(texts)]
    together = run_documents(raws, model_resources, SETTINGS)
    assert together == [run_document(r, model_resources, SETTINGS) for r in raws]
    assert all(isinstance(r, Extraction) and r.events for r in together)


@pytest.mark.model
def test_a_report_longer_than_the_pipeline_takes_is_read_in_pieces(model_resources: Resources) -> None:
    # spaCy refuses a text over nlp.max_length (1,000,000 characters by default); here the
    # limit is lowered so that a short report stands for an over-long one.
    paragraph = "Rebels shelled the garrison at Port Vesna on Monday, killing four soldiers.\n\n"
    text = "Fighting around Port Vesna\n\n" + paragraph * 40
    assert model_resources.analyser is not None
    nlp = model_resources.analyser.nlp
    whole = run_document(raw("long", text), model_resources, Settings())
    limit = nlp.max_length
    nlp.max_length = 1000
    try:
        pieces = run_document(raw("long", text), model_resources, Settings())
    finally:
        nlp.max_length = limit
    assert isinstance(whole, Extraction) and isinstance(pieces, Extraction), pieces
    # Every sentence's events are read, at the same place in the text, as without the limit.
    assert len(pieces.events) == len(whole.events) >= 40
    assert [e.evidence[0].doc_start for e in pieces.events] == [e.evidence[0].doc_start for e in whole.events]
    assert {e.type for e in pieces.events} == {e.type for e in whole.events}


@pytest.mark.model
def test_a_number_of_thousands_of_digits_is_no_figure_and_its_document_is_read(
    model_resources: Resources,
) -> None:
    # 5,001 digits: past the 4,300 that Python's int() takes from a string; the same with a
    # decimal point before a scale word, which once overflowed a float.
    huge = "7" * 5001
    for number in (huge, f"{huge}.5 million"):
        text = (
            f"Rebels shelled the garrison at Port Vesna on Monday, killing {number} soldiers.\n\n"
            "Rebels shelled the market at Port Vesna on Tuesday, killing four civilians."
        )
        found = run_document(raw("digits", text), model_resources, SETTINGS)
        assert isinstance(found, Extraction), found
        assert len(found.events) == 2
        tolls = [f.text for e in found.events for f in e.casualties]
        assert tolls and all(len(t) < 100 for t in tolls), "the long number is no figure"
