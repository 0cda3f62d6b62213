"""Paths, folders and standard input → a stream of `RawDocument` and `Rejection` records.

`read_inputs` takes what a user names on the command line: a file, a folder (read
recursively, in sorted order, hidden files and folders skipped, every file detected on its
own) or ``-`` for standard input. A bad input never stops the stream: it becomes a
`Rejection` of stage ``ingest`` with a one-line reason, and the next input is read.
Ids are unique within one call: a later input whose id was already read is rejected
(``duplicate id ...``), so no later stage confuses two documents.

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
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path, PurePath

from sitrep.config import Settings
from sitrep.errors import InputError, InputTooLarge
from sitrep.ingest.decode import check_bytes, check_size, decode_bytes, format_size, resolve_setting_encoding
from sitrep.ingest.detect import detect_format
from sitrep.ingest.feeds import looks_like_feed, read_feed
from sitrep.ingest.html import read_html
from sitrep.ingest.jsonl import read_jsonl
from sitrep.ingest.text import read_text
from sitrep.model import InputFormat, RawDocument, Rejection

logger = logging.getLogger(__name__)

STDIN = "-"
STAGE = "ingest"


def read_inputs(paths: Sequence[str], settings: Settings) -> Iterator[RawDocument | Rejection]:
    """Read every named input in order; bad inputs come out as rejections.

    Raises `ConfigError` (before reading anything) if ``settings.encoding`` is unknown.
    """
    resolve_setting_encoding(settings)
    first_origin: dict[str, str] = {}
    for path in paths:
        for result in _read_path(path, settings):
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


def _read_path(path: str, settings: Settings) -> Iterator[RawDocument | Rejection]:
    if path == STDIN:
        yield from _read_guarded(path, lambda: _read_stdin(settings), settings)
        return
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        yield _reject(path, "no such file or folder")
        return
    except OSError as exc:
        yield _reject(path, f"cannot read: {exc.strerror or exc}")
        return
    if stat.S_ISDIR(mode):
        yield from _read_folder(Path(path), settings)
    else:
        yield from _read_file(Path(path), settings)


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
    are not followed, so a link loop cannot trap the walk.
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
        elif not entry.is_symlink() or entry.is_file():
            yield Path(entry.path)


def _list_folder(folder: Path) -> Sequence[os.DirEntry[str] | Rejection]:
    try:
        with os.scandir(folder) as entries:
            return sorted(entries, key=lambda entry: entry.name)
    except OSError as exc:
        return [_reject(str(folder), f"cannot list folder: {exc.strerror or exc}")]


def _read_file(path: Path, settings: Settings) -> Iterator[RawDocument | Rejection]:
    origin = str(path)
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
        raise InputError("not a regular file", origin=str(path))
    check_size(info.st_size, str(path), settings)
    with path.open("rb") as handle:
        data = handle.read(settings.max_bytes + 1)
    check_size(len(data), str(path), settings)
    return data


def _read_stdin(settings: Settings) -> bytes:
    """Standard input's bytes, never more than one byte over the limit."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise InputError("no standard input to read bytes from", origin=STDIN)
    data = stream.read(settings.max_bytes + 1)
    if len(data) > settings.max_bytes:
        raise InputTooLarge(f"larger than the {format_size(settings.max_bytes)} limit", origin=STDIN)
    return data


def _reject(origin: str, reason: str) -> Rejection:
    return Rejection(origin=origin, stage=STAGE, reason=reason)
