"""Score sitrep's event coder on the project's ACLED-notes-style snippets (``corpus/acled_notes``).

``corpus/acled_notes/{dev,test}.tsv`` → each snippet read by ``sitrep`` as a document → the event
it is surest of (highest confidence; no event is ``none``) → PLOVER type (from the id,
``number/PLOVER``) and ACLED sub-event type (the TSV's code, read by `sitrep.eval.gold_tables`
as ``sitrep eval`` reads it) → accuracy, support-weighted and macro F1, per-label figures and the
most frequent confusions, as Markdown (the tables of `score_devdata_events`).

Tune on ``--split dev``; read ``--split test`` once, at the end. ``--sitrep-src`` scores another
source tree (an older revision unpacked with ``git archive``) for "before" figures.

Run from the repository root: ``python scripts/score_acled_notes.py --split dev``.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
NOTES = ROOT / "corpus" / "acled_notes"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--json", type=Path, help="also write the scores and every reading here")
    parser.add_argument(
        "--sitrep-src", type=Path, default=ROOT / "src", help="the sitrep source tree to score"
    )
    parser.add_argument("--wrong", action="store_true", help="print every snippet read wrongly")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    sys.path.insert(0, str(args.sitrep_src.resolve()))
    from score_devdata_events import NONE, markdown, scores

    from sitrep.config import Settings
    from sitrep.eval.gold_tables import LabelledText, read_tsv
    from sitrep.export.sitrep_json import extract_json
    from sitrep.resources import Resources

    settings = Settings(timezone="UTC")
    resources = Resources.load(settings)
    rows = [row for row in read_tsv(NOTES / f"{args.split}.tsv") if isinstance(row, LabelledText)]
    started = time.perf_counter()
    readings: list[tuple[str, str]] = []
    for row in rows:
        payload: dict[str, Any] = extract_json(row.text.encode("utf-8"), "note.txt", settings, resources)
        events = payload.get("events") or []
        if not events:
            readings.append((NONE, NONE))
            continue
        best = max(events, key=lambda e: e.get("confidence") or 0.0)
        readings.append((best.get("type") or NONE, (best.get("acled") or {}).get("sub_event_type") or NONE))
    seconds = time.perf_counter() - started
    gold = [(row.id.split("/", 1)[1], row.sub_event_type) for row in rows]
    result: dict[str, object] = {"split": args.split, "seconds": round(seconds, 1)}
    for index, target in enumerate(("plover", "acled")):
        result[target] = scores([g[index] for g in gold], [r[index] for r in readings])
    print(f"{len(rows)} {args.split} snippets, read in {seconds:.0f} s\n")
    print(markdown(result))
    if args.wrong:
        for row, (plover, acled), reading in zip(rows, gold, readings, strict=True):
            if (plover, acled) != reading:
                print(f"{row.id}\t{acled} → {reading[1]}\t{plover} → {reading[0]}\t{row.text}")
    if args.json:
        result["readings"] = [
            {"id": row.id, "text": row.text, "gold": list(g), "sitrep": list(r)}
            for row, g, r in zip(rows, gold, readings, strict=True)
        ]
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
