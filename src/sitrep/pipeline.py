"""The stage runner: ``RawDocument → Extraction | Rejection``, one error boundary a document.

    run_document(raw, resources, settings) -> Extraction | Rejection
    run(inputs, resources, settings) -> Iterator[Extraction | Rejection]

`run_document` takes one document through segmentation and, when the `Resources` hold the
models, analysis and coding. Whatever goes wrong inside a stage for that document (a
`SitrepError` with its reason, or any other exception: a reader's ``ValueError``, an
``OverflowError`` on an absurd date) becomes a `Rejection` naming the document, the stage and a
one-line reason; the traceback goes to the debug log. Nothing escapes but interruptions
(``KeyboardInterrupt``), so a batch always goes on to its next document.

`run` does this for a stream of ingested documents, passing ingest's rejections through. The
batch engine, the living record and the watcher call the same two functions.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

from sitrep.config import Settings
from sitrep.errors import SitrepError
from sitrep.model import Extraction, RawDocument, Rejection
from sitrep.resources import Resources
from sitrep.segment import segment_document
from sitrep.vocab import Stage

logger = logging.getLogger(__name__)

REASON_LIMIT = 200
"""The longest reason a rejection carries: one line a user can read."""


def run_document(raw: RawDocument, resources: Resources, settings: Settings) -> Extraction | Rejection:
    """Segment, analyse and code one document; any failure becomes its `Rejection`."""
    stage = Stage.SEGMENT
    try:
        document = segment_document(raw, settings)
        if resources.analyser is None or resources.coder is None:
            return Extraction(document)
        stage = Stage.ANALYSE
        analysed = resources.analyser.analyse(document)
        stage = Stage.CODE
        events = resources.coder.code(analysed)
        return Extraction(document=document, events=events, entities=analysed.entities)
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
