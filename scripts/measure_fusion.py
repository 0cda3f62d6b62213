"""Measure fusion on ECB+: document-cluster B-cubed precision, recall and F1.

ECB+ (../shared/devdata/ecbplus/, see its SOURCE.md) holds real news documents grouped by the
real event they report; each topic has two events of the same kind (two earthquakes, two
shootings), so telling "the same incident" from "a similar one" is what is measured. The
documents of a split are read by the full pipeline (the extractions are cached), ingested in a
fixed shuffled order into a fresh SQLite store, and each document is assigned to a cluster:

* ``main``: the fused event holding most of the document's claims (ties: the event with more
  documents, then the older); documents with no claim stay alone;
* ``linked``: documents sharing any fused event are one cluster (transitively).

    .venv/bin/python scripts/measure_fusion.py --split dev
    .venv/bin/python scripts/measure_fusion.py --split train --split dev --grid    # calibrate

The test split is for the final figures only; calibrate on train and dev.
"""

from __future__ import annotations

import argparse
import itertools
import json
import pickle
import random
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sitrep.config import Settings  # noqa: E402
from sitrep.fuse import FusionSettings  # noqa: E402
from sitrep.ingest import read_bytes  # noqa: E402
from sitrep.model import Extraction, RawDocument  # noqa: E402
from sitrep.pipeline import run as run_pipeline  # noqa: E402
from sitrep.resources import Resources  # noqa: E402
from sitrep.store import Store  # noqa: E402

DATA = ROOT.parent / "shared" / "devdata" / "ecbplus" / "ecbplus_docs.jsonl"
CACHE = Path(tempfile.gettempdir()) / "sitrep-ecbplus"
MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_DATE = re.compile(r"\b(" + "|".join(MONTHS) + r")\s+(\d{1,2})\s*,\s*(\d{4})\b", re.IGNORECASE)
_NO_SPACE_BEFORE = re.compile(r" ([,.;:!?%)\]'’]|n't|'s)")
_NO_SPACE_AFTER = re.compile(r"([(\[$]) ")


def detokenise(sentence: str) -> str:
    text = sentence.replace("``", "“").replace("''", "”")
    text = _NO_SPACE_BEFORE.sub(r"\1", text)
    return _NO_SPACE_AFTER.sub(r"\1", text)


def as_input(row: dict) -> dict:
    """One ECB+ document as a JSON Lines input: its text without the URL line, and the date
    its first lines give, if any."""
    sentences = [s for s in row["sentences"] if not s.replace(" ", "").startswith(("http", "www"))]
    published = None
    for sentence in sentences[:4]:
        found = _DATE.search(sentence)
        if found:
            month = MONTHS.index(found.group(1).lower()) + 1
            published = f"{int(found.group(3)):04d}-{month:02d}-{int(found.group(2)):02d}"
            break
    item = {"id": row["doc_name"].removesuffix(".xml"), "text": "\n\n".join(detokenise(s) for s in sentences)}
    if published:
        item["published"] = published
    return item


def load_split(split: str) -> tuple[list[dict], dict[str, str]]:
    rows = [json.loads(line) for line in DATA.open(encoding="utf-8")]
    chosen = [r for r in rows if r["split"] == split]
    gold = {r["doc_name"].removesuffix(".xml"): r["seminal_event_cluster"] for r in chosen}
    return [as_input(r) for r in chosen], gold


def extractions(split: str, inputs: list[dict]) -> list[tuple[RawDocument, Extraction]]:
    """The pipeline's reading of every document of the split (cached between runs)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    cached = CACHE / f"{split}.pickle"
    if cached.exists():
        return pickle.loads(cached.read_bytes())
    settings = Settings()
    reader = Resources.load(settings)
    data = "".join(json.dumps(i) + "\n" for i in inputs).encode("utf-8")
    raws = [r for r in read_bytes(data, f"ecbplus-{split}.jsonl", settings) if isinstance(r, RawDocument)]
    started = time.monotonic()
    pairs = [
        (raw, result)
        for raw, result in zip(raws, run_pipeline(raws, reader, settings), strict=True)
        if isinstance(result, Extraction)
    ]
    print(f"read {len(pairs)} {split} documents in {time.monotonic() - started:.0f} s", file=sys.stderr)
    cached.write_bytes(pickle.dumps(pairs))
    return pairs


def clusters(store: Store, documents: Iterable[str]) -> tuple[dict[str, str], dict[str, str]]:
    """(main, linked) cluster of every document."""
    events = store.events()
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    size = {e.id: len(e.documents) for e in events}
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for event in events:
        for claim in event.claims:
            votes[claim["document_id"]][event.id] += 1
        for a, b in itertools.pairwise(event.documents):
            parent[find(a)] = find(b)
    main: dict[str, str] = {}
    linked: dict[str, str] = {}
    for doc in documents:
        ranked = sorted(votes[doc].items(), key=lambda kv: (-kv[1], -size[kv[0]], int(kv[0][1:])))
        main[doc] = ranked[0][0] if ranked else f"alone:{doc}"
        linked[doc] = find(doc)
    return main, linked


def bcubed(predicted: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    by_pred: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for doc, cluster in predicted.items():
        by_pred[cluster].add(doc)
        by_gold[gold[doc]].add(doc)
    p = r = 0.0
    for doc in predicted:
        shared = len(by_pred[predicted[doc]] & by_gold[gold[doc]])
        p += shared / len(by_pred[predicted[doc]])
        r += shared / len(by_gold[gold[doc]])
    p, r = p / len(predicted), r / len(predicted)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def run(
    pairs: Sequence[tuple[RawDocument, Extraction]], gold: dict[str, str], fusion: FusionSettings
) -> dict:
    order = list(pairs)
    random.Random(9).shuffle(order)
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(str(Path(folder) / "ecb.db"), fusion=fusion)
        for raw, extraction in order:
            store.ingest(raw, extraction)
        main, linked = clusters(store, gold)
        store.close()
    return {"main": bcubed(main, gold), "linked": bcubed(linked, gold)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", action="append", choices=("train", "dev", "test"), required=True)
    parser.add_argument("--grid", action="store_true", help="try thresholds and text weights")
    parser.add_argument("--threshold", type=float, help="the fusion threshold (default: calibrated)")
    parser.add_argument("--context", type=float, help="the document-context weight (default: calibrated)")
    args = parser.parse_args()
    for split in args.split:
        inputs, gold = load_split(split)
        pairs = extractions(split, inputs)
        gold = {raw.id: gold[raw.id] for raw, _ in pairs}
        alone = bcubed({d: d for d in gold}, gold)
        print(f"\n{split}: {len(gold)} documents, {len(set(gold.values()))} gold clusters")
        print(f"  every document alone        P {alone[0]:.3f} R {alone[1]:.3f} F1 {alone[2]:.3f}")
        chosen = {"threshold": args.threshold, "weight_context": args.context}
        settings = [replace(FusionSettings(), **{k: v for k, v in chosen.items() if v is not None})]
        if args.grid:
            settings = [
                replace(FusionSettings(), threshold=t, weight_context=c)
                for c, t in itertools.product((0.0, 0.2, 0.4), (0.45, 0.5, 0.55, 0.6, 0.65, 0.7))
            ]
        for fusion in settings:
            scores = run(pairs, gold, fusion)
            label = f"threshold {fusion.threshold:.2f} context {fusion.weight_context:.2f}"
            for kind, (p, r, f) in scores.items():
                print(f"  {label} {kind:<6} P {p:.3f} R {r:.3f} F1 {f:.3f}")


if __name__ == "__main__":
    main()
