"""The stage runner: ``RawDocument → Extraction | Rejection``, one error boundary a document.

    run_document(raw, resources, settings) -> Extraction | Rejection
    run_documents(raws, resources, settings) -> list[Extraction | Rejection]
    run(inputs, resources, settings) -> Iterator[Extraction | Rejection]

`run_document` takes one document through segmentation and, when the `Resources` hold the
models, analysis and coding. Whatever goes wrong inside a stage for that document (a
`SitrepError` with its reason, or any other exception: a reader's ``ValueError``, an
``OverflowError`` on an absurd date) becomes a `Rejection` naming the document, the stage and a
one-line reason; the traceback goes to the debug log. Nothing escapes but interruptions
(``KeyboardInterrupt``), so a batch always goes on to its next document.

`run_documents` does the same for a group of documents, parsing all their texts in one call of
the language pipeline (the batch engine's partitions). `run` does it for a stream of ingested
documents, passing ingest's rejections through. The batch engine, the living record and the
watcher call these functions.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from sitrep.config import Settings
from sitrep.errors import SitrepError
from sitrep.model import AnalysedDocument, Document, Extraction, RawDocument, Rejection
from sitrep.resources import Resources
from sitrep.segment import segment_document
from sitrep.vocab import Stage

logger = logging.getLogger(__name__)

T = TypeVar("T")

REASON_LIMIT = 200
"""The longest reason a rejection carries: one line a user can read."""


def run_document(raw: RawDocument, resources: Resources, settings: Settings) -> Extraction | Rejection:
    """Segment, analyse and code one document; any failure becomes its `Rejection`."""
    return run_documents([raw], resources, settings)[0]


def run_documents(
    raws: Sequence[RawDocument], resources: Resources, settings: Settings
) -> list[Extraction | Rejection]:
    """`run_document` for each of ``raws``, in order, their texts going through the language
    pipeline in one call (its fixed cost a call is high against short documents). When that
    call fails, each document is run alone, so a failure stays its own document's `Rejection`."""
    segmented = [_stage(raw, Stage.SEGMENT, segment_document, raw, settings) for raw in raws]
    analyser, coder = resources.analyser, resources.coder
    if analyser is None or coder is None:
        return [s if isinstance(s, Rejection) else Extraction(s) for s in segmented]
    documents = [(raw, s) for raw, s in zip(raws, segmented, strict=True) if isinstance(s, Document)]
    analysed: list[AnalysedDocument | Rejection]
    if len(documents) == 1:
        analysed = [_stage(documents[0][0], Stage.ANALYSE, analyser.analyse, documents[0][1])]
    else:
        try:
            analysed = list(analyser.analyse_many([document for _, document in documents]))
        except Exception:
            logger.debug("analysing %d documents together failed; each alone", len(documents), exc_info=True)
            return [
                s if isinstance(s, Rejection) else run_document(raw, resources, settings)
                for raw, s in zip(raws, segmented, strict=True)
            ]
    done = iter(analysed)
    results: list[Extraction | Rejection] = []
    for raw, document in zip(raws, segmented, strict=True):
        if isinstance(document, Rejection):
            results.append(document)
            continue
        found = next(done)
        if isinstance(found, Rejection):
            results.append(found)
            continue
        events = _stage(raw, Stage.CODE, coder.code, found)
        results.append(
            events
            if isinstance(events, Rejection)
            else Extraction(document=document, events=events, entities=found.entities)
        )
    return results


def _stage(raw: RawDocument, stage: Stage, step: Callable[..., T], *args: Any) -> T | Rejection:
    """``step(*args)``, or the `Rejection` of ``raw`` at ``stage`` when it fails."""
    try:
        return step(*args)
    except SitrepError as exc:
        logger.debug("%s rejected at %s", raw.origin, stage, exc_info=True)
        return Rejection(raw.origin, stage, one_line(exc.reason), raw.id)
    except Exception as exc:
        logger.debug("%s failed at %s", raw.origin, stage, exc_info=True)
        return Rejection(raw.origin, stage, f"internal error: {describe(exc)}", raw.id)


def run(
    inputs: Iterable[RawDocument | Rejection], resources: Resources, settings: Settings
) -> Iterator[Extraction | Rejection]:
    """`run_document` for every document, in order; ingest's rejections pass through."""
    for item in inputs:
        yield item if isinstance(item, Rejection) else run_document(item, resources, settings)


def describe(exc: BaseException) -> str:
    """An exception as one line: its type and its message."""
    message = one_line(str(exc))
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def one_line(text: str) -> str:
    """``text`` on one line, white space collapsed, cut to `REASON_LIMIT` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= REASON_LIMIT else flat[: REASON_LIMIT - 1] + "…"
