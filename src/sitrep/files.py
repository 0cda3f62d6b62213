"""Files written whole or not at all: ``text → path`` through a temporary file and a rename.

Shared by every command that writes a file (``extract -o``, ``eval --html``). The target must
be a new path or a regular file; its folder is checked before any work starts
(`check_output_path`), so a long run does not end in "no such folder".
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from sitrep.errors import ConfigError


def check_output_path(path: Path) -> None:
    """Raise `ConfigError` unless ``path`` can take an atomically written file: a new name or a
    regular file, in an existing folder that can be written."""
    folder = path.parent
    try:
        info = path.lstat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise ConfigError(f"cannot use {path}: {exc.strerror or exc}") from exc
    if info is not None and not stat.S_ISREG(info.st_mode):
        what = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise ConfigError(f"cannot write {path}: {what}")
    if not folder.is_dir():
        raise ConfigError(f"cannot write {path}: no such folder {folder}")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ConfigError(f"cannot write {path}: folder {folder} is not writable")


def write_atomically(path: Path, text: str | bytes) -> None:
    """Write all of ``text`` to ``path`` or nothing: a temporary file is renamed into place.

    The file gets the mode a new file would get under the process's umask (or keeps the mode
    of the regular file it replaces); a device, a folder or a symbolic link at ``path`` is
    refused with `ConfigError`, never replaced.
    """
    check_output_path(path)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(handle, mode)
        with os.fdopen(handle, "wb") as stream:
            stream.write(text.encode("utf-8") if isinstance(text, str) else text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
