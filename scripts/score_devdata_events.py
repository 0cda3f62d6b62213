"""Score sitrep's event coder on the real development data: PLOVER type and ACLED sub-event type.

``../shared/devdata`` → the labelled items of `devdata_events` (one split) → ``sitrep`` reads each
text as a document → the event it is surest of (highest confidence; no event is ``none``) is
compared with the item's labels → accuracy, support-weighted and macro F1, and precision, recall
and F1 per label, printed as Markdown tables (and written as JSON with ``--json``).

``none`` is scored as a label of its own here: a text that reports no event must get none, and
a text that reports one must not. The weighted and macro F1 average over the gold labels, the
``none`` label included; ``event F1`` leaves ``none`` out, as ``sitrep eval`` does.

Work on ``--split dev``; read ``--split test`` once, for the final figures. Each data set is
capped at ``--cap`` items (chosen by the split hash order, so the same ones every run) so that
the 10,000 UCDP headlines do not drown the rest.

Run from the repository root: ``python scripts/score_devdata_events.py --split dev``.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import logging
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

if TYPE_CHECKING:
    from devdata_events import Item

NONE = "none"

TARGETS = ("plover", "acled")


def choose(items: Sequence[Item], split: str, cap: int) -> list[Item]:
    """The split's items, at most ``cap`` a data set, in a fixed pseudo-random order."""
    by_set: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        if item.split.value == split:
            by_set[item.dataset].append(item)
    chosen: list[Item] = []
    for name in sorted(by_set):
        ordered = sorted(by_set[name], key=lambda i: hashlib.sha256(i.key.encode()).hexdigest())
        chosen.extend(ordered[:cap])
    return chosen


def read_labels(item: Item, extract: Any) -> tuple[str, str]:
    """sitrep's PLOVER type and ACLED sub-event type for one text (``none`` when no event)."""
    payload = extract(item.text.encode("utf-8"))
    events = payload.get("events") or []
    if not events:
        return NONE, NONE
    best = max(events, key=lambda e: e.get("confidence") or 0.0)
    acled = (best.get("acled") or {}).get("sub_event_type") or NONE
    return best.get("type") or NONE, acled


def scores(truth: Sequence[str], predicted: Sequence[str]) -> dict[str, object]:
    """Accuracy, weighted and macro F1 (over gold labels), event F1 and per-label figures."""
    labels = sorted(set(truth))
    per_label: dict[str, dict[str, float]] = {}
    for label in labels:
        tp = sum(1 for t, p in zip(truth, predicted, strict=True) if t == p == label)
        given = sum(1 for p in predicted if p == label)
        support = sum(1 for t in truth if t == label)
        precision = tp / given if given else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[label] = {"precision": precision, "recall": recall, "f1": f1, "support": support}
    total = len(truth)
    events = [label for label in labels if label != NONE]
    event_support = sum(per_label[label]["support"] for label in events)
    return {
        "items": total,
        "accuracy": sum(1 for t, p in zip(truth, predicted, strict=True) if t == p) / total if total else 0.0,
        "weighted_f1": sum(v["f1"] * v["support"] for v in per_label.values()) / total if total else 0.0,
        "macro_f1": sum(v["f1"] for v in per_label.values()) / len(labels) if labels else 0.0,
        "event_weighted_f1": (
            sum(per_label[label]["f1"] * per_label[label]["support"] for label in events) / event_support
            if event_support
            else 0.0
        ),
        "per_label": per_label,
        "confusions": Counter(
            f"{t} → {p}" for t, p in zip(truth, predicted, strict=True) if t != p
        ).most_common(12),
    }


def markdown(result: dict[str, object]) -> str:
    """The scores as Markdown tables."""
    lines = []
    for target, title in (("plover", "PLOVER type"), ("acled", "ACLED sub-event type")):
        figures = result[target]
        assert isinstance(figures, dict)
        lines += [
            f"### {title} ({figures['items']} items)",
            "",
            "| accuracy | weighted F1 | macro F1 | event weighted F1 |",
            "| --- | --- | --- | --- |",
            f"| {figures['accuracy']:.3f} | {figures['weighted_f1']:.3f} | {figures['macro_f1']:.3f} "
            f"| {figures['event_weighted_f1']:.3f} |",
            "",
            "| label | support | precision | recall | F1 |",
            "| --- | --- | --- | --- | --- |",
        ]
        for label, row in sorted(figures["per_label"].items(), key=lambda kv: -kv[1]["support"]):
            lines.append(
                f"| {label} | {row['support']} | {row['precision']:.3f} | {row['recall']:.3f} | {row['f1']:.3f} |"
            )
        lines += ["", "Most frequent confusions (gold → sitrep): "]
        lines += [f"{pair} ×{count}; " for pair, count in figures["confusions"]]
        lines.append("")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("train", "dev", "test"), default="dev")
    parser.add_argument("--cap", type=int, default=400, help="most items a data set (default 400)")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        help="score only this data set (repeatable); wcep_hand is the hand-labelled WCEP gold",
    )
    parser.add_argument("--json", type=Path, help="also write the scores and every reading here")
    parser.add_argument(
        "--sitrep-src",
        type=Path,
        default=ROOT / "src",
        help="the sitrep source tree to score (default this one; another, e.g. an older "
        "revision unpacked with git archive, gives the 'before' figures)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    # The sitrep to score is imported first, so that the data reader's own import of sitrep
    # (for the split rule) finds it loaded.
    sys.path.insert(0, str(args.sitrep_src.resolve()))
    from sitrep.config import Settings

    # Imported by name after sitrep, so that its own import of sitrep (for the split rule)
    # finds the sitrep to score already loaded.
    load_items = importlib.import_module("devdata_events").load_items
    settings = Settings(timezone="UTC")
    try:  # the sitrep of today: one Resources object for the run
        from sitrep.export.sitrep_json import extract_json
        from sitrep.resources import Resources

        resources = Resources.load(settings)

        def extract(data: bytes) -> dict[str, Any]:
            return extract_json(data, "item.txt", settings, resources)
    except ImportError:  # an older sitrep (the "before" figures) loads its models on first use
        from sitrep.pipeline import extract_json as extract_old  # type: ignore[attr-defined]

        def extract(data: bytes) -> dict[str, Any]:
            return extract_old(data, "item.txt", settings)

    items = choose(load_items(only=args.only), args.split, args.cap)
    started = time.perf_counter()
    readings = [read_labels(item, extract) for item in items]
    seconds = time.perf_counter() - started
    result: dict[str, object] = {"split": args.split, "cap": args.cap, "seconds": round(seconds, 1)}
    for index, target in enumerate(TARGETS):
        pairs = [
            (getattr(item, target), reading[index])
            for item, reading in zip(items, readings, strict=True)
            if getattr(item, target) is not None
        ]
        result[target] = scores([t for t, _ in pairs], [p for _, p in pairs])
    result["by_dataset"] = Counter(item.dataset for item in items)
    print(f"{len(items)} {args.split} items ({dict(result['by_dataset'])}), read in {seconds:.0f} s\n")
    print(markdown(result))
    if args.json:
        result["readings"] = [
            {"dataset": i.dataset, "text": i.text, "gold": [i.plover, i.acled], "sitrep": list(r)}
            for i, r in zip(items, readings, strict=True)
        ]
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
