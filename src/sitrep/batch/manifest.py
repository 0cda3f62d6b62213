"""The manifest of a batch run: which shards are finished, so a crashed run resumes where it was.

``DIR/manifest.json`` (written whole through a temporary file and a rename, never half) holds
the run's identity (inputs, format, partition size, settings), the indexes of finished shards
as ranges (``[[0, 41], [43, 57]]``: small however long the run) and running totals. A shard
counts as finished only once every file of it is in place, since its files are written
(each atomically) before the manifest names it. A resumed run with another identity is refused:
its partitions would not line up with the finished shards.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitrep.errors import ConfigError
from sitrep.files import write_atomically

MANIFEST = "manifest.json"
SCHEMA = "sitrep-batch/1"
COUNTS = ("documents", "reports", "events", "entities", "rejections")


@dataclass(slots=True)
class Manifest:
    """What a run is and which of its shards are done."""

    run: dict[str, Any]
    done: set[int] = field(default_factory=set)
    totals: Counter[str] = field(default_factory=Counter)
    complete: bool = False

    def record(self, index: int, counts: dict[str, int]) -> None:
        """Mark shard ``index`` finished and add its counts."""
        self.done.add(index)
        self.totals.update(counts)

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "run": self.run,
            "complete": self.complete,
            "shards_done": len(self.done),
            "done": _ranges(self.done),
            "totals": {name: self.totals[name] for name in COUNTS},
        }

    def save(self, folder: Path) -> None:
        """Write the manifest atomically: a reader sees the old one or the new one."""
        write_atomically(folder / MANIFEST, json.dumps(self.to_json(), indent=1) + "\n")


def open_manifest(folder: Path, run: dict[str, Any], *, restart: bool = False) -> Manifest:
    """The manifest to continue in ``folder``: the one there if it is of this run, else a new one.

    Raises `ConfigError` if ``folder`` holds another run's output (and ``restart`` is not set)
    or a manifest that cannot be read.
    """
    path = folder / MANIFEST
    if restart or not path.exists():
        if not restart and folder.exists() and any(folder.iterdir()):
            raise ConfigError(f"{folder}: output folder is not empty and holds no batch manifest")
        return Manifest(run=run)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("schema") != SCHEMA:
            raise ValueError(f"schema {data.get('schema')!r}")
        done = {i for start, end in data["done"] for i in range(start, end + 1)}
        totals = Counter({name: int(data["totals"][name]) for name in COUNTS})
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"{path}: unreadable batch manifest ({exc})") from exc
    if data["run"] != run:
        changed = sorted(k for k in run.keys() | data["run"].keys() if run.get(k) != data["run"].get(k))
        raise ConfigError(
            f"{folder}: holds the output of another run (different {', '.join(changed)}); "
            "choose another --out or pass --restart"
        )
    return Manifest(run=run, done=done, totals=totals, complete=bool(data.get("complete")))


def input_fingerprint(paths: list[str]) -> list[dict[str, Any]]:
    """What identifies the named inputs: a file's size and modification time, a folder's name."""
    fingerprint: list[dict[str, Any]] = []
    for name in paths:
        entry: dict[str, Any] = {"path": os.path.abspath(name)}
        try:
            info = os.stat(name)
        except OSError:
            fingerprint.append(entry)
            continue
        if not os.path.isdir(name):
            entry.update(size=info.st_size, mtime_ns=info.st_mtime_ns)
        fingerprint.append(entry)
    return fingerprint


def _ranges(indexes: set[int]) -> list[list[int]]:
    ranges: list[list[int]] = []
    for index in sorted(indexes):
        if ranges and ranges[-1][1] == index - 1:
            ranges[-1][1] = index
        else:
            ranges.append([index, index])
    return ranges
