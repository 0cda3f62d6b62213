"""Snapshot `sitrep extract` output on the demo, the seed and the golden corpora, and compare two snapshots.

    .venv/bin/python scripts/compare_extract.py snapshot OUT_DIR
    .venv/bin/python scripts/compare_extract.py diff BEFORE_DIR AFTER_DIR

``snapshot`` runs the real command line (`sitrep extract -f jsonl`) over every document, grouped by
the time zone its case names (``--tz``), from a scratch folder so that origins are the bare file
names, and writes one ``<name>.json`` a document. ``diff`` compares two snapshots document by
document with every ``id`` and ``*_id``/``*_ids`` value masked, and prints the JSON paths that
moved (ids apart), then the count of documents whose ids alone differ.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent.parent / "shared" / "seed"
SITREP = Path(sys.executable).parent / "sitrep"


def documents() -> dict[str | None, dict[str, bytes]]:
    """File name → bytes of every bundled document, grouped by the time zone its case names."""
    groups: dict[str | None, dict[str, bytes]] = defaultdict(dict)
    groups[None]["demo-ticker.txt"] = (REPO / "examples" / "demo-ticker.txt").read_bytes()
    for path in sorted(SEED.glob("*.txt")):
        groups[None]["seed-" + path.name] = path.read_bytes()
    for folder in ("events", "segment"):
        for path in sorted((REPO / "tests" / "golden" / folder).glob("*.json")):
            case = json.loads(path.read_text(encoding="utf-8"))
            tz = (case.get("settings") or {}).get("timezone")
            suffix = Path(case.get("origin", "x.txt")).suffix or ".txt"
            groups[tz][f"{folder}-{path.stem}{suffix}"] = case["input"].encode("utf-8")
    return groups


def snapshot(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for tz, docs in documents().items():
        with tempfile.TemporaryDirectory() as scratch:
            for name, data in docs.items():
                (Path(scratch) / name).write_bytes(data)
            args = [str(SITREP), "extract", "-f", "jsonl", *sorted(docs)]
            if tz:
                args += ["--tz", tz]
            done = subprocess.run(args, cwd=scratch, capture_output=True, check=False)
            if done.returncode != 0:
                print(f"{tz}: exit {done.returncode}: {done.stderr.decode(errors='replace')}")
            for line in done.stdout.decode("utf-8").splitlines():
                record = json.loads(line)
                name = record["documents"][0]["origin"]
                (out / (name + ".json")).write_text(
                    json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8"
                )
    print(f"{len(list(out.glob('*.json')))} documents in {out}")


def _is_id(key: str) -> bool:
    return key == "id" or key.endswith("_id") or key.endswith("_ids")


def masked(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: ("<id>" if _is_id(k) else masked(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [masked(v) for v in value]
    return value


def paths_that_differ(a: Any, b: Any, at: str = "") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        found: list[str] = []
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                found.append(f"{at}.{key} (only in {'after' if key in b else 'before'})")
            else:
                found += paths_that_differ(a[key], b[key], f"{at}.{key}")
        return found
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{at} (length {len(a)} → {len(b)})"]
        return [
            p
            for i, (x, y) in enumerate(zip(a, b, strict=True))
            for p in paths_that_differ(x, y, f"{at}[{i}]")
        ]
    return [] if a == b else [f"{at}: {json.dumps(a)[:80]} → {json.dumps(b)[:80]}"]


def diff(before: Path, after: Path) -> int:
    names = sorted({p.name for p in before.glob("*.json")} | {p.name for p in after.glob("*.json")})
    moved = ids_only = 0
    for name in names:
        if not (before / name).is_file() or not (after / name).is_file():
            print(f"{name}: only in {'after' if (after / name).is_file() else 'before'}")
            moved += 1
            continue
        a = json.loads((before / name).read_text(encoding="utf-8"))
        b = json.loads((after / name).read_text(encoding="utf-8"))
        if a == b:
            continue
        found = paths_that_differ(masked(a), masked(b))
        if not found:
            ids_only += 1
            continue
        moved += 1
        print(f"{name}:")
        for path in found:
            print(f"  {path}")
    print(
        f"{len(names)} documents: {len(names) - moved - ids_only} identical, {ids_only} differ only in ids, {moved} moved"
    )
    return 1 if moved else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "snapshot":
        snapshot(Path(sys.argv[2]))
    elif len(sys.argv) == 4 and sys.argv[1] == "diff":
        sys.exit(diff(Path(sys.argv[2]), Path(sys.argv[3])))
    else:
        sys.exit(__doc__)
