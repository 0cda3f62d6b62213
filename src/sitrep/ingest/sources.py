"""Sources: where documents come from → a stream of `RawDocument` and `Rejection` records.

A `Source` yields every document it holds and a `Rejection` (stage ``ingest``, a one-line
reason) for each input it cannot read; a bad input never stops the stream. The sources of
today are a path (`PathSource`: a file, or a folder read recursively, in sorted order,
hidden files and folders skipped, every file detected on its own), standard input
(`StdinSource`) and bytes held in memory (`MemorySource`, the fake tests use, as httpx's
``MockTransport`` stands in for the network). `source_for` maps what a user names on the
command line (a path, or ``-``) to its source; URLs and feeds are further sources.

`read_sources` reads sources in order and keeps ids unique within one call: a later document
whose id was already read is rejected (``duplicate id ...``), so no later stage confuses two
documents. `read_inputs` does the same for command-line names.

`read_bytes` is the core for one input's bytes. For a single-document input (text, HTML)
it returns one document or raises the `InputError` subclass that says what is wrong; a JSON
Lines input returns one record per non-blank line, rejections included, and an RSS or Atom
feed one document per entry (see `sitrep.ingest.feeds`). Document ids are
the file's stem (``000_6a952856eb75bdcb`` for ``000_6a952856eb75bdcb.txt``), ``stdin`` for
standard input, or the ids a JSON Lines input gives.
"""

from __future__ import annotations

import logging
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePath
from typing import BinaryIO, Protocol

from sitrep.config import Settings
from sitrep.errors import InputError, InputTooLarge
from sitrep.ingest.decode import check_bytes, check_size, decode_bytes, format_size, resolve_setting_encoding
from sitrep.ingest.detect import detect_format
from sitrep.ingest.feeds import looks_like_feed, read_feed
from sitrep.ingest.html import read_html
from sitrep.ingest.jsonl import read_jsonl
from sitrep.ingest.text import read_text
from sitrep.model import InputFormat, RawDocument, Rejection
from sitrep.vocab import Stage

logger = logging.getLogger(__name__)

STDIN = "-"
STAGE = Stage.INGEST


class Source(Protocol):
    """Where documents come from: `read` yields each one, and a `Rejection` for each input
    that cannot be read; it raises only for a bad setting (`ConfigError`)."""

    def read(self, settings: Settings) -> Iterator[RawDocument | Rejection]: ...


@dataclass(frozen=True, slots=True)
class PathSource:
    """A file, or a folder of files read recursively (see the module docstring)."""

    path: str

    def read(self, settings: Settings) -> Iterator[RawDocument | Rejection]:
        origin = printable(self.path)
        try:
            mode = os.stat(self.path).st_mode
        except FileNotFoundError:
            yield _reject(origin, "no such file or folder")
            return
        except OSError as exc:
            yield _reject(origin, f"cannot read: {exc.strerror or exc}")
            return
        if stat.S_ISDIR(mode):
            yield from _read_folder(Path(self.path), settings)
        else:
            yield from _read_file(Path(self.path), settings)


@dataclass(frozen=True, slots=True)
class StdinSource:
    """Standard input (or any binary stream standing in for it), read once, as one input."""

    stream: BinaryIO | None = None
    """The stream to read; None: the process's standard input."""

    def read(self, settings: Settings) -> Iterator[RawDocument | Rejection]:
        yield from _read_guarded(STDIN, lambda: _read_stream(self.stream, settings), settings)


@dataclass(frozen=True, slots=True)
class MemorySource:
    """Inputs held in memory, ``origin → bytes``, read in order as files of those names would
    be (the id is the origin's stem): the fake source of tests."""

    inputs: Mapping[str, bytes]

    def read(self, settings: Settings) -> Iterator[RawDocument | Rejection]:
        for origin, data in self.inputs.items():
            yield from _read_guarded(origin, partial(_checked, data, origin, settings), settings)


def source_for(name: str) -> Source:
    """The source a command-line name stands for: ``-`` is standard input, anything else a path."""
    return StdinSource() if name == STDIN else PathSource(name)


def read_sources(sources: Iterable[Source], settings: Settings) -> Iterator[RawDocument | Rejection]:
    """Read every source in order; bad inputs come out as rejections, as do repeated ids.

    Raises `ConfigError` at once (before anything is read) if ``settings.encoding`` is unknown.
    """
    resolve_setting_encoding(settings)
    return _unique_ids(sources, settings)


def _unique_ids(sources: Iterable[Source], settings: Settings) -> Iterator[RawDocument | Rejection]:
    first_origin: dict[str, str] = {}
    for source in sources:
        for result in source.read(settings):
            if isinstance(result, RawDocument):
                if result.id in first_origin:
                    yield Rejection(
                        origin=result.origin,
                        stage=STAGE,
                        reason=f"duplicate id {result.id!r} (already read from {first_origin[result.id]})",
                        document_id=result.id,
                    )
                    continue
                first_origin[result.id] = result.origin
            yield result


def read_inputs(paths: Sequence[str], settings: Settings) -> Iterator[RawDocument | Rejection]:
    """Read every input named on a command line (paths, folders, ``-``), as `read_sources`."""
    return read_sources([source_for(p) for p in paths], settings)


def printable(name: str) -> str:
    """A file name as it can be shown and written as UTF-8: bytes that are not UTF-8 (kept by
    Python as lone surrogates) are spelled ``\\xNN``."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", errors="backslashreplace")
    return name


def read_bytes(
    data: bytes, origin: str, settings: Settings, *, doc_id: str | None = None
) -> list[RawDocument | Rejection]:
    """Read one input's bytes: detect the format (unless the settings force it), decode, parse.

    Raises an `InputError` subclass for an input that is empty, binary, too large, not
    decodable or (text and HTML) malformed; `ConfigError` for an unknown ``settings.encoding``.
    ``doc_id`` names a single-document input; JSON Lines keep their own ids.
    """
    check_bytes(data, origin, settings)
    if settings.input_format is None and looks_like_feed(data):
        feed = read_feed(data, origin)
        return [*(entry.document for entry in feed.entries), *feed.rejections]
    input_format = settings.input_format or detect_format(data, origin)
    text = decode_bytes(data, origin, settings, html=input_format == InputFormat.HTML)
    if input_format == InputFormat.JSONL:
        return read_jsonl(text, origin)
    name = doc_id or id_from_origin(origin)
    if input_format == InputFormat.HTML:
        return [read_html(text, origin, name)]
    return [read_text(text, origin, name)]


def id_from_origin(origin: str) -> str:
    """A document id from where it came from: the file's stem, or ``stdin``."""
    if origin == STDIN:
        return "stdin"
    path = PurePath(origin)
    return path.stem or path.name or origin


def _read_folder(folder: Path, settings: Settings) -> Iterator[RawDocument | Rejection]:
    found = False
    for item in walk_folder(folder):
        found = True
        if isinstance(item, Rejection):
            yield item
        else:
            yield from _read_file(item, settings)
    if not found:
        logger.warning("%s: folder holds no input files", folder)


def walk_folder(folder: Path) -> Iterator[Path | Rejection]:
    """Every non-hidden file under ``folder``, depth first, in sorted order of names.

    A folder that cannot be listed comes out as a `Rejection`. Symbolic links to folders
    are not followed, so a link loop cannot trap the walk; a link that cannot be followed
    (a loop, a dangling link) comes out as a `Rejection` too.
    """
    stack: list[Iterator[os.DirEntry[str] | Rejection]] = [iter(_list_folder(folder))]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
        elif isinstance(entry, Rejection):
            yield entry
        elif entry.name.startswith("."):
            continue
        elif entry.is_dir(follow_symlinks=False):
            stack.append(iter(_list_folder(Path(entry.path))))
        elif not entry.is_symlink():
            yield Path(entry.path)
        elif (linked := _linked_file(entry)) is not None:
            yield linked


def _linked_file(entry: os.DirEntry[str]) -> Path | Rejection | None:
    """The file a symbolic link names, None for a link to a folder (not followed), or why the
    link cannot be read (a loop, a dangling link)."""
    try:
        info = os.stat(entry.path)
    except OSError as exc:
        # Named as the files beside it are (Path drops scandir's leading "./").
        return _reject(printable(str(Path(entry.path))), f"cannot follow the link: {exc.strerror or exc}")
    if stat.S_ISDIR(info.st_mode):
        logger.debug("%s: a link to a folder, not followed", printable(str(Path(entry.path))))
        return None
    return Path(entry.path)


def _list_folder(folder: Path) -> Sequence[os.DirEntry[str] | Rejection]:
    try:
        with os.scandir(folder) as entries:
            return sorted(entries, key=lambda entry: entry.name)
    except OSError as exc:
        return [_reject(printable(str(folder)), f"cannot list folder: {exc.strerror or exc}")]


def _read_file(path: Path, settings: Settings) -> Iterator[RawDocument | Rejection]:
    origin = printable(str(path))
    yield from _read_guarded(origin, lambda: _read_file_bytes(path, settings), settings)


def _read_guarded(
    origin: str, load: Callable[[], bytes], settings: Settings
) -> Iterator[RawDocument | Rejection]:
    """Load one input's bytes and read them, turning every input problem into a rejection."""
    try:
        data = load()
        results = read_bytes(data, origin, settings)
    except InputError as exc:
        yield Rejection(origin=exc.origin or origin, stage=exc.stage, reason=exc.reason)
        return
    except OSError as exc:
        yield _reject(origin, f"cannot read: {exc.strerror or exc}")
        return
    yield from results


def _read_file_bytes(path: Path, settings: Settings) -> bytes:
    """A file's bytes, its size checked before they are read."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise InputError("not a regular file", origin=printable(str(path)))
    check_size(info.st_size, printable(str(path)), settings)
    with path.open("rb") as handle:
        data = handle.read(settings.max_bytes + 1)
    check_size(len(data), printable(str(path)), settings)
    return data


def _checked(data: bytes, origin: str, settings: Settings) -> bytes:
    check_size(len(data), origin, settings)
    return data


def _read_stream(stream: BinaryIO | None, settings: Settings) -> bytes:
    """Standard input's bytes, never more than one byte over the limit."""
    if stream is None:
        stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise InputError("no standard input to read bytes from", origin=STDIN)
    data = stream.read(settings.max_bytes + 1)
    if len(data) > settings.max_bytes:
        raise InputTooLarge(f"larger than the {format_size(settings.max_bytes)} limit", origin=STDIN)
    return data


def _reject(origin: str, reason: str) -> Rejection:
    return Rejection(origin=origin, stage=STAGE, reason=reason)
