"""Batch inputs → a stream of work items, in a fixed order, never more than one document in memory.

``paths → Iterator[RawDocument | RawInput | Rejection]``. Read here, on the driver, is only what
is cheap and needed to name a document: JSON Lines are parsed line by line (one `RawDocument`
each); HTML pages and text files become `RawInput` (their bytes and their id), which a worker
decodes and parses, so costly main-text extraction runs in parallel. Inputs:

* ``.jsonl`` / ``.ndjson`` files of any size, streamed; also compressed: ``.jsonl.gz``,
  ``.jsonl.zst`` (zstandard, multi-frame). A truncated archive yields the lines read before the
  cut, then one rejection naming the file;
* WARC files of crawled news (``.warc``, ``.warc.gz``): every ``response`` (HTTP 200) or
  ``resource`` record holding HTML is one document, its id the record's id, its URL the
  target URI; other records (requests, metadata, images, redirects) are skipped;
* folders (recursively, sorted, hidden files skipped), each file by its name;
* any other file (text, HTML) as `sitrep extract` reads it, one document a file.

A document id seen before in the same run is rejected (``duplicate id``): later stages (the
store) key on ids. A line longer than ``settings.max_bytes`` is rejected without being held.
"""

from __future__ import annotations

import itertools
import logging
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import zstandard

from sitrep.config import Settings
from sitrep.errors import InputError, MalformedInput
from sitrep.ingest.decode import format_size, resolve_encoding, sniff_text
from sitrep.ingest.detect import detect_format
from sitrep.ingest.jsonl import build_document, parse_line
from sitrep.ingest.sources import id_from_origin, walk_folder
from sitrep.model import InputFormat, RawDocument, Rejection
from sitrep.vocab import Stage

logger = logging.getLogger(__name__)

STAGE = Stage.INGEST
_CHUNK = 1 << 20
_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json-lines")
_WARC_SUFFIXES = (".warc", ".warc.gz")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]{1,40})", re.I)


@dataclass(frozen=True, slots=True)
class RawInput:
    """One document's bytes, decoded and parsed on a worker (main-text extraction is costly)."""

    origin: str
    data: bytes
    doc_id: str
    input_format: InputFormat | None = None
    """None: detected from the name and the content, as `sitrep extract` does."""
    url: str | None = None
    encoding: str | None = None
    """The charset the HTTP response declared (it outranks the page's own declaration)."""


BatchItem = RawDocument | RawInput | Rejection


class _Decompressor(Protocol):
    @property
    def eof(self) -> bool: ...
    @property
    def unused_data(self) -> bytes: ...

    def decompress(self, data: bytes) -> bytes: ...


def read_batch_inputs(paths: Iterable[str], settings: Settings) -> Iterator[BatchItem]:
    """Every document of every input, in order; bad inputs and lines come out as rejections."""
    seen: dict[str, str] = {}
    for path in paths:
        for item in _read_path(Path(path), settings):
            doc_id = item.document_id if isinstance(item, Rejection) else _item_id(item)
            if isinstance(item, Rejection) or doc_id is None:
                yield item
                continue
            if doc_id in seen:
                yield Rejection(
                    item.origin, STAGE, f"duplicate id {doc_id!r} (already read from {seen[doc_id]})", doc_id
                )
                continue
            seen[doc_id] = item.origin
            yield item


def partitions(items: Iterable[BatchItem], size: int) -> Iterator[tuple[int, tuple[BatchItem, ...]]]:
    """Consecutive runs of ``size`` items, numbered from 0: the same input gives the same runs."""
    iterator = iter(items)
    for index in itertools.count():
        chunk = tuple(itertools.islice(iterator, size))
        if not chunk:
            return
        yield index, chunk


def _item_id(item: RawDocument | RawInput) -> str:
    return item.id if isinstance(item, RawDocument) else item.doc_id


def _read_path(path: Path, settings: Settings) -> Iterator[BatchItem]:
    if path.is_dir():
        found = False
        for entry in walk_folder(path):
            found = True
            yield from ([entry] if isinstance(entry, Rejection) else _read_file(entry, settings))
        if not found:
            logger.warning("%s: folder holds no input files", path)
        return
    if not path.exists():
        yield Rejection(str(path), STAGE, "no such file or folder")
        return
    yield from _read_file(path, settings)


def _read_file(path: Path, settings: Settings) -> Iterator[BatchItem]:
    name = path.name.lower()
    origin = str(path)
    try:
        if name.endswith(_WARC_SUFFIXES):
            yield from read_warc(path, settings)
        elif name.endswith(tuple(s + ".gz" for s in _JSONL_SUFFIXES)):
            yield from read_jsonl_stream(
                origin, _decompressed(path, lambda: zlib.decompressobj(wbits=31)), settings
            )
        elif name.endswith(tuple(s + ".zst" for s in _JSONL_SUFFIXES)):
            yield from read_jsonl_stream(origin, _decompressed(path, _zstd_decompressor), settings)
        elif name.endswith(_JSONL_SUFFIXES) or _looks_like_jsonl(path):
            yield from read_jsonl_stream(origin, _plain(path), settings)
        else:
            yield _read_single(path, settings)
    except InputError as exc:
        yield Rejection(exc.origin or origin, STAGE, exc.reason)
    except OSError as exc:
        yield Rejection(origin, STAGE, f"cannot read: {exc.strerror or exc}")


def _read_single(path: Path, settings: Settings) -> BatchItem:
    """A text or HTML file: its bytes, size-checked, to be read on a worker."""
    size = path.stat().st_size
    if size > settings.max_bytes:
        return Rejection(
            str(path), STAGE, f"larger than the {format_size(settings.max_bytes)} limit ({format_size(size)})"
        )
    return RawInput(origin=str(path), data=path.read_bytes(), doc_id=id_from_origin(str(path)))


def _looks_like_jsonl(path: Path) -> bool:
    """A file without a known extension whose content is JSON Lines is streamed as such."""
    if path.suffix.lower() in (".html", ".htm", ".xhtml", ".txt", ".text", ".md"):
        return False
    with path.open("rb") as handle:
        head = handle.read(4096)
    return bool(head.strip()) and detect_format(sniff_text(head), str(path)) == InputFormat.JSONL


# ---------------------------------------------------------------------------------------------
# JSON Lines, plain or compressed


def read_jsonl_stream(origin: str, chunks: Iterator[bytes], settings: Settings) -> Iterator[BatchItem]:
    """Documents from a stream of JSON Lines bytes; each bad line is a rejection at ``origin:LINE``."""
    encoding = settings.encoding or "utf-8"
    for number, line in _lines(chunks, settings.max_bytes, origin):
        line_origin = f"{origin}:{number}"
        if line is None:
            yield Rejection(
                line_origin, STAGE, f"line larger than the {format_size(settings.max_bytes)} limit"
            )
            continue
        if not line.strip():
            continue
        record = None
        try:
            text = line.decode(encoding)
            record = parse_line(text, line_origin)
            yield build_document(record, line_origin)
        except UnicodeDecodeError as exc:
            yield Rejection(line_origin, STAGE, f"not valid {encoding} at byte {exc.start} of the line")
        except InputError as exc:
            yield Rejection(line_origin, exc.stage, exc.reason, record.id if record else None)


def _lines(chunks: Iterator[bytes], limit: int, origin: str) -> Iterator[tuple[int, bytes | None]]:
    """Numbered lines (without the newline); None for a line over ``limit``, never held whole."""
    buffer = bytearray()
    number = 1
    overlong = False
    for chunk in chunks:
        start = 0
        while (end := chunk.find(b"\n", start)) >= 0:
            if overlong or len(buffer) + end - start > limit:
                yield number, None
            else:
                buffer += chunk[start:end]
                yield number, bytes(buffer.removesuffix(b"\r"))
            buffer.clear()
            overlong = False
            number += 1
            start = end + 1
        if not overlong:
            buffer += chunk[start:]
            if len(buffer) > limit:
                overlong = True
                buffer.clear()
    if overlong:
        yield number, None
    elif buffer:
        yield number, bytes(buffer)


def _plain(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            yield chunk


def _zstd_decompressor() -> _Decompressor:
    decompressor: _Decompressor = zstandard.ZstdDecompressor().decompressobj()
    return decompressor


def _decompressed(path: Path, make: Callable[[], _Decompressor]) -> Iterator[bytes]:
    """The decompressed bytes of a gzip or zstandard file of one or more members (frames).

    A stream that ends inside a member is truncated: the bytes before the cut are yielded,
    then `MalformedInput` is raised, so the lines read still count.
    """
    origin = str(path)
    decompressor = make()
    fed = False
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            while chunk:
                fed = True
                try:
                    yield decompressor.decompress(chunk)
                except (zlib.error, zstandard.ZstdError) as exc:
                    raise MalformedInput(f"corrupt compressed data: {exc}", origin=origin) from exc
                if not decompressor.eof:
                    break
                chunk, decompressor, fed = decompressor.unused_data, make(), False
    if fed and not decompressor.eof:
        raise MalformedInput("truncated: the compressed stream ends early", origin=origin)


# ---------------------------------------------------------------------------------------------
# WARC


def read_warc(path: Path, settings: Settings) -> Iterator[BatchItem]:
    """Every HTML page of a WARC file (plain or gzip-compressed) as a `RawInput`."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    origin = str(path)
    if not _starts_like_warc(path):
        raise MalformedInput("not a WARC file (no WARC/1.x header at the start)", origin=origin)
    with path.open("rb") as handle:
        try:
            for number, record in enumerate(ArchiveIterator(handle), start=1):
                item = _warc_item(record, f"{origin}#{number}", settings)
                if item is not None:
                    yield item
        except ArchiveLoadFailed as exc:
            raise MalformedInput(f"not a readable WARC file ({exc.msg})", origin=origin) from exc
        except (EOFError, zlib.error, OSError, ValueError, AttributeError) as exc:
            # warcio fails on a record cut short with whatever its parser met (even AttributeError).
            raise MalformedInput(
                f"truncated or corrupt WARC file ({type(exc).__name__})", origin=origin
            ) from exc


def _starts_like_warc(path: Path) -> bool:
    """Whether the file (or its first gzip member) begins with a WARC version line."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(wbits=31).decompress(head, 16)
        except zlib.error:
            return False
    return head.startswith(b"WARC/")


def _warc_item(record: object, origin: str, settings: Settings) -> BatchItem | None:
    rec_type = getattr(record, "rec_type", None)
    if rec_type not in ("response", "resource"):
        return None
    headers = record.rec_headers  # type: ignore[attr-defined]
    http = record.http_headers  # type: ignore[attr-defined]
    if rec_type == "response":
        if http is None or http.get_statuscode() != "200":
            return None
        content_type = http.get_header("Content-Type") or ""
    else:
        content_type = headers.get_header("Content-Type") or ""
    if not content_type.lower().startswith(_HTML_TYPES):
        return None
    record_id = (headers.get_header("WARC-Record-ID") or origin).strip("<>")
    doc_id = record_id.removeprefix("urn:uuid:")
    origin = f"{origin} {headers.get_header('WARC-Target-URI') or ''}".rstrip()
    data = record.content_stream().read(settings.max_bytes + 1)  # type: ignore[attr-defined]
    if len(data) > settings.max_bytes:
        return Rejection(origin, STAGE, f"larger than the {format_size(settings.max_bytes)} limit", doc_id)
    return RawInput(
        origin=origin,
        data=data,
        doc_id=doc_id,
        input_format=InputFormat.HTML,
        url=headers.get_header("WARC-Target-URI"),
        encoding=_charset(content_type),
    )


def _charset(content_type: str) -> str | None:
    match = _CHARSET.search(content_type)
    if not match:
        return None
    try:
        return resolve_encoding(match.group(1))
    except LookupError:
        return None
