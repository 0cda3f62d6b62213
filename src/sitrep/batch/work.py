"""The work both engines share: a partition of items → one finished shard.

``(index, items) → ShardOutput``. `process_items` reads each `RawInput`'s bytes (decoding, HTML
main text), segments, analyses and codes, a group of documents at a time, and turns any
failure into a `Rejection` naming the stage, so one bad document never costs its shard.
`process_partition` runs it over a partition inside a spaCy memory zone (the strings of a
partition's texts are freed after it, so a worker's memory does not grow with the corpus) and
renders the shard's files. A worker loads its `Resources` once and passes it
in: nothing here keeps state between calls.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sitrep.batch.inputs import BatchItem, RawInput
from sitrep.batch.tables import OutputFormat, shard_files
from sitrep.config import Settings
from sitrep.contract import extraction_to_json, rejection_to_json
from sitrep.errors import InputError
from sitrep.ingest import read_bytes
from sitrep.ingest.fields import outlet_from_url
from sitrep.model import Extraction, RawDocument, Rejection
from sitrep.pipeline import describe, run_documents
from sitrep.resources import Resources
from sitrep.vocab import Stage

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class WorkSpec:
    """What every partition of a run is turned into (the same on every worker)."""

    settings: Settings
    output_format: OutputFormat = OutputFormat.JSONL
    analyse: bool = True
    keep_records: bool = False
    """Send the records back with the shard too (the driver loads them into the store)."""


@dataclass(frozen=True, slots=True)
class ShardOutput:
    """A finished shard: its files' bytes, its counts and its rejections."""

    index: int
    files: dict[str, bytes]
    documents: int
    reports: int
    events: int
    entities: int
    rejections: tuple[Rejection, ...]
    seconds: float
    results: tuple[DocumentResult, ...] = ()
    """Each item's raw document and result, in order, when the spec keeps records."""


DocumentResult = tuple[RawDocument | None, Extraction | Rejection]


PARSE_GROUP = 32
"""The most documents whose texts go through the language pipeline in one call: enough to spread
the call's fixed cost (20 short documents piped together cost about a third less than one by
one), few enough that a large partition's parsed texts are not all held at once."""


def process_items(
    items: Sequence[BatchItem], settings: Settings, resources: Resources
) -> list[DocumentResult]:
    """Each item through the whole pipeline: every document read from it (a `RawInput` may
    hold none, if it is bad) with its extraction, or with a rejection saying why not; the
    documents of all the items go through the pipeline `PARSE_GROUP` at a time
    (`sitrep.pipeline.run_documents`)."""
    read = [doc for item in items for doc in _read(item, settings)]
    raws = [d for d in read if isinstance(d, RawDocument)]
    done = iter(
        result
        for start in range(0, len(raws), PARSE_GROUP)
        for result in run_documents(raws[start : start + PARSE_GROUP], resources, settings)
    )
    return [(d, next(done)) if isinstance(d, RawDocument) else (None, d) for d in read]


def _read(item: BatchItem, settings: Settings) -> list[RawDocument | Rejection]:
    """The documents of one item, or the rejection saying why it has none."""
    if isinstance(item, Rejection):
        return [item]
    try:
        return _read_item(item, settings) if isinstance(item, RawInput) else [item]
    except Exception as exc:  # the batch's error boundary for reading; the stage runner has its own
        logger.debug("%s failed", item.origin, exc_info=True)
        doc_id = item.doc_id if isinstance(item, RawInput) else item.id
        return [Rejection(item.origin, Stage.INGEST, f"internal error: {describe(exc)}", doc_id)]


def process_partition(
    index: int, items: tuple[BatchItem, ...], spec: WorkSpec, resources: Resources
) -> ShardOutput:
    """Every item of a partition, in order, into the files of shard ``index``."""
    started = time.perf_counter()
    records: list[dict[str, Any]] = []
    rejections: list[Rejection] = []
    kept: list[DocumentResult] = []
    with _memory_zone(resources):
        for raw, result in process_items(items, spec.settings, resources):
            if isinstance(result, Rejection):
                rejections.append(result)
            else:
                records.append(extraction_to_json(result))
            if spec.keep_records:
                kept.append((raw, result))
    files = shard_files(index, records, [rejection_to_json(r) for r in rejections], spec.output_format)
    return ShardOutput(
        index=index,
        files=files,
        documents=len(records),
        reports=sum(len(r["reports"]) for r in records),
        events=sum(len(r["events"]) for r in records),
        entities=sum(len(r["entities"]) for r in records),
        rejections=tuple(rejections),
        seconds=time.perf_counter() - started,
        results=tuple(kept),
    )


def _read_item(item: RawInput, settings: Settings) -> list[RawDocument | Rejection]:
    """A `RawInput`'s documents, read as `sitrep extract` reads a file."""
    own = replace(
        settings,
        input_format=item.input_format or settings.input_format,
        encoding=settings.encoding or item.encoding,
    )
    try:
        results = read_bytes(item.data, item.origin, own, doc_id=item.doc_id)
    except InputError as exc:
        return [Rejection(exc.origin or item.origin, exc.stage, exc.reason, item.doc_id)]
    if item.url is None:
        return results
    return [
        replace(r, url=r.url or item.url, outlet=r.outlet or outlet_from_url(item.url))
        if isinstance(r, RawDocument)
        else r
        for r in results
    ]


@contextlib.contextmanager
def _memory_zone(resources: Resources) -> Iterator[None]:
    """Free the strings spaCy learns from a partition's texts once the partition is done."""
    nlp = resources.nlp
    if nlp is None:
        yield
        return
    with nlp.memory_zone():
        yield
