"""Inputs into the store: paths and standard input → raw inputs kept, documents read and stored.

``ingest_inputs(paths, settings, store, resources, fetcher) → Iterator[Stored]``. Paths, folders,
``-`` and URLs (fetched by the `Fetcher`, a feed's entries each a document). For every input its bytes
are kept first (`Store.keep_raw`), in their own transaction, so nothing received is lost even
if reading it fails or the process dies; then each document is read unless this exact text is
stored already (`Store.seen`), and stored in one transaction (`Store.ingest`). A bad input or
document becomes a stored rejection and the run goes on.
"""

from __future__ import annotations

import json
import logging
import os
import re
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from sitrep.config import Settings
from sitrep.errors import InputError, MalformedInput
from sitrep.ingest import read_bytes
from sitrep.ingest.decode import check_size
from sitrep.ingest.http import Fetcher, is_url
from sitrep.ingest.remote import answer_items, read_answer
from sitrep.ingest.sources import STDIN, walk_folder
from sitrep.model import RawDocument, Rejection
from sitrep.pipeline import run_document
from sitrep.resources import Resources
from sitrep.store.exchange import read_record
from sitrep.store.records import Change, IngestOutcome
from sitrep.store.store import Store
from sitrep.vocab import Stage

logger = logging.getLogger(__name__)


class LazyResources:
    """The run's `Resources`, loaded when a document first needs reading (a `sitrep/1` object
    or a document stored already needs no language model); a context manager closing them."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._loaded: Resources | None = None

    def get(self) -> Resources:
        if self._loaded is None:
            self._loaded = Resources.load(self._settings)
        return self._loaded

    @property
    def loaded(self) -> bool:
        return self._loaded is not None

    def close(self) -> None:
        if self._loaded is not None:
            self._loaded.close()

    def __enter__(self) -> LazyResources:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


Needed = Resources | LazyResources
"""The resources, loaded or to be loaded when first needed."""


@dataclass(frozen=True, slots=True)
class Stored:
    """One document (or input) of a run and what storing it did."""

    origin: str
    outcome: IngestOutcome
    rejection: Rejection | None = None


def ingest_inputs(
    paths: Sequence[str],
    settings: Settings,
    store: Store,
    resources: Needed,
    fetcher: Fetcher | None = None,
) -> Iterator[Stored]:
    """Keep, read and store every named input, in order; URLs are fetched with ``fetcher``."""
    for path in paths:
        if is_url(path):
            yield from ingest_url(path, settings, store, resources, fetcher)
        else:
            yield from _ingest_paths([path], settings, store, resources)


def ingest_url(
    url: str, settings: Settings, store: Store, resources: Needed, fetcher: Fetcher | None
) -> Iterator[Stored]:
    """Fetch a page or feed, keep its bytes as received, and store each of its documents (a
    feed's entries one by one). A URL that cannot be fetched or read is a stored rejection."""
    try:
        if fetcher is None:
            raise InputError("URLs cannot be read here (no fetcher)", origin=url)
        fetched = fetcher.fetch(url)
    except InputError as exc:
        rejection = Rejection(url, exc.stage, exc.reason)
        yield Stored(url, store.ingest(None, rejection), rejection)
        return
    raw_id = store.keep_raw(fetched.content, url)
    try:
        answer = read_answer(fetched, url, settings)
    except InputError as exc:
        rejection = Rejection(url, exc.stage, exc.reason)
        yield Stored(url, store.ingest(None, rejection, raw_input_id=raw_id), rejection)
        return
    yield from _store_items(answer_items(answer), settings, store, resources, raw_id)


def _ingest_paths(
    paths: Sequence[str], settings: Settings, store: Store, resources: Needed
) -> Iterator[Stored]:
    for origin, data, failure in _inputs(paths, settings):
        if failure is not None:
            yield Stored(origin, store.ingest(None, failure), failure)
            continue
        raw_id = store.keep_raw(data, origin)
        yield from ingest_bytes(data, origin, settings, store, resources, raw_input_id=raw_id)


def ingest_bytes(
    data: bytes,
    origin: str,
    settings: Settings,
    store: Store,
    resources: Needed,
    *,
    raw_input_id: int | None = None,
) -> Iterator[Stored]:
    """Read one input's bytes (already kept) and store each of its documents; a `sitrep/1`
    object (an export, or the output of ``sitrep extract``) is stored as it stands, not read again."""
    if is_sitrep_json(data):
        yield from _store_sitrep_json(data, origin, store, raw_input_id)
        return
    try:
        items = read_bytes(data, origin, settings)
    except InputError as exc:
        rejection = Rejection(exc.origin or origin, exc.stage, exc.reason)
        yield Stored(origin, store.ingest(None, rejection, raw_input_id=raw_input_id), rejection)
        return
    yield from _store_items(items, settings, store, resources, raw_input_id)


def is_sitrep_json(data: bytes) -> bool:
    """Whether an input opens as a `sitrep/1` object (``{"schema": "sitrep/1"``)."""
    return _SITREP_JSON.match(data[:200].lstrip(b"\xef\xbb\xbf")) is not None


_SITREP_JSON = re.compile(rb'\s*\{\s*"schema"\s*:\s*"sitrep/1"')


def _store_sitrep_json(data: bytes, origin: str, store: Store, raw_input_id: int | None) -> Iterator[Stored]:
    """Store a `sitrep/1` object's documents; one that does not read is one stored rejection."""
    try:
        payload = json.loads(data)
        if not isinstance(payload, dict):
            raise MalformedInput("not a JSON object")
        documents = read_record(payload)
    except (ValueError, KeyError, TypeError, MalformedInput) as exc:
        reason = exc.reason if isinstance(exc, MalformedInput) else f"not valid JSON: {exc}"
        rejection = Rejection(origin, Stage.INGEST, f"a sitrep/1 object that does not read: {reason}")
        yield Stored(origin, store.ingest(None, rejection, raw_input_id=raw_input_id), rejection)
        return
    for raw, extraction in documents:
        yield Stored(raw.origin, store.ingest(raw, extraction, raw_input_id=raw_input_id))


def _store_items(
    items: Sequence[RawDocument | Rejection],
    settings: Settings,
    store: Store,
    resources: Needed,
    raw_input_id: int | None,
) -> Iterator[Stored]:
    for item in items:
        if isinstance(item, Rejection):
            yield Stored(item.origin, store.ingest(None, item, raw_input_id=raw_input_id), item)
            continue
        yield store_document(item, settings, store, resources, raw_input_id=raw_input_id)


def store_document(
    raw: RawDocument,
    settings: Settings,
    store: Store,
    resources: Needed,
    *,
    raw_input_id: int | None = None,
) -> Stored:
    """Run the pipeline on one document unless its text is stored already, and store it."""
    if store.seen(raw):
        return Stored(raw.origin, IngestOutcome(raw.id, Change.UNCHANGED))
    loaded = resources.get() if isinstance(resources, LazyResources) else resources
    result = run_document(raw, loaded, settings)
    outcome = store.ingest(raw, result, raw_input_id=raw_input_id)
    return Stored(raw.origin, outcome, result if isinstance(result, Rejection) else None)


def _inputs(paths: Sequence[str], settings: Settings) -> Iterator[tuple[str, bytes, Rejection | None]]:
    """(origin, bytes, None) for every readable input; (origin, b"", rejection) for the others."""
    for path in paths:
        if path == STDIN:
            yield _load(STDIN, partial(_stdin, settings))
            continue
        try:
            mode = os.stat(path).st_mode
        except OSError as exc:
            reason = (
                "no such file or folder"
                if isinstance(exc, FileNotFoundError)
                else f"cannot read: {exc.strerror}"
            )
            yield path, b"", Rejection(path, Stage.INGEST, reason)
            continue
        if not stat.S_ISDIR(mode):
            yield _load(path, partial(_file, Path(path), settings))
            continue
        for item in walk_folder(Path(path)):
            if isinstance(item, Rejection):
                yield item.origin, b"", item
            else:
                yield _load(str(item), partial(_file, item, settings))


def _load(origin: str, load: Callable[[], bytes]) -> tuple[str, bytes, Rejection | None]:
    try:
        return origin, load(), None
    except InputError as exc:
        return origin, b"", Rejection(exc.origin or origin, exc.stage, exc.reason)
    except OSError as exc:
        return origin, b"", Rejection(origin, Stage.INGEST, f"cannot read: {exc.strerror or exc}")


def _file(path: Path, settings: Settings) -> bytes:
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise InputError("not a regular file", origin=str(path))
    check_size(info.st_size, str(path), settings)
    with path.open("rb") as handle:
        data = handle.read(settings.max_bytes + 1)
    check_size(len(data), str(path), settings)
    return data


def _stdin(settings: Settings) -> bytes:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise InputError("no standard input to read bytes from", origin=STDIN)
    data = stream.read(settings.max_bytes + 1)
    check_size(len(data), STDIN, settings)
    return data
