"""Measure fusion: document-cluster B-cubed precision, recall and F1 (ECB+ and the incident
corpus), and on the incident corpus how often the fused killed figure is the registry's total.

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

``--corpus incidents`` reads `corpus/incidents/` instead (written for sitrep: confusable local
incidents, several articles each; dev and test splits only). Besides B-cubed it gives the
**killed rate**: the share of gold incidents whose fused event (the one most of the incident's
documents are assigned to by ``main``) has a ``figures.killed.latest`` figure (its ``min``; no
killed figure: 0) equal to the registry's total; the same for ``high`` for comparison.
``--cli`` measures through the commands the held-out measurement runs (``sitrep ingest
FILE.jsonl --db URL``, then ``sitrep events --db URL --format json``) instead of in-process.

The test split is for the final figures only; calibrate on train and dev.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import pickle
import random
import re
import subprocess
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
from sitrep.export.living import fused_event_to_json as event_json  # noqa: E402
from sitrep.fuse import FusionSettings  # noqa: E402
from sitrep.fuse.marks import MONTHS  # noqa: E402
from sitrep.ingest import read_bytes  # noqa: E402
from sitrep.model import Extraction, RawDocument  # noqa: E402
from sitrep.pipeline import run as run_pipeline  # noqa: E402
from sitrep.resources import Resources  # noqa: E402
from sitrep.store import Store  # noqa: E402

DATA = ROOT.parent / "shared" / "devdata" / "ecbplus" / "ecbplus_docs.jsonl"
INCIDENTS = ROOT / "corpus" / "incidents"
CACHE = Path(tempfile.gettempdir()) / f"sitrep-measure-fusion-{ROOT.name}"
"""Extractions are cached per worktree (another checkout may read documents differently)."""
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


def load_incidents(split: str) -> tuple[list[dict], dict[str, str], dict[str, int]]:
    """The incident corpus: inputs, document → gold incident, incident → registry killed."""
    inputs = [json.loads(line) for line in (INCIDENTS / f"{split}.jsonl").open(encoding="utf-8")]
    gold: dict[str, str] = {}
    killed: dict[str, int] = {}
    lines = (INCIDENTS / "labels.tsv").read_text(encoding="utf-8").splitlines()[1:]
    for document, incident, in_split, total in (line.split("\t") for line in lines):
        if in_split == split:
            gold[document] = incident
            killed[incident] = int(total)
    return inputs, gold, killed


def extractions(
    split: str, inputs: list[dict], corpus: str = "ecbplus"
) -> list[tuple[RawDocument, Extraction]]:
    """The pipeline's reading of every document of the split (cached between runs)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    data = "".join(json.dumps(i) + "\n" for i in inputs).encode("utf-8")
    cached = CACHE / f"{split}.pickle"
    if corpus != "ecbplus":
        cached = CACHE / f"{corpus}-{split}-{hashlib.sha256(data).hexdigest()[:12]}.pickle"
    if cached.exists():
        return pickle.loads(cached.read_bytes())
    settings = Settings()
    reader = Resources.load(settings)
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


def clusters(events: Sequence[dict], documents: Iterable[str]) -> tuple[dict[str, str], dict[str, str]]:
    """(main, linked) cluster of every document, from `sitrep events --format json` events."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    size = {e["id"]: len(e["documents"]) for e in events}
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for event in events:
        for claim in event["claims"]:
            votes[claim["document_id"]][event["id"]] += 1
        for a, b in itertools.pairwise(event["documents"]):
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


def killed_rate(
    events: Sequence[dict], main: dict[str, str], gold: dict[str, str], registry: dict[str, int], which: str
) -> float:
    """The share of incidents whose fused event's killed figure (``latest``: its ``min``;
    ``high``) is the registry's total. An incident's fused event is the one most of its
    documents are assigned to (ties: the event with more documents, then the older); an event
    without a killed figure counts 0, and so does an incident whose documents got no event."""
    by_id = {e["id"]: e for e in events}
    hits = 0
    for incident, total in registry.items():
        chosen = Counter(main[d] for d, g in gold.items() if g == incident and main[d] in by_id)
        value = 0
        if chosen:
            event = by_id[min(chosen, key=lambda k: (-chosen[k], -len(by_id[k]["documents"]), int(k[1:])))]
            killed = event["figures"].get("killed")
            if killed:
                value = killed["latest"]["min"] if which == "latest" else killed["high"]
        hits += value == total
    return hits / len(registry)


def ingested_events(pairs: Sequence[tuple[RawDocument, Extraction]], fusion: FusionSettings) -> list[dict]:
    """Every fused event, as `sitrep events --format json` prints them, after ingesting the
    documents in a fixed shuffled order into a fresh store."""
    order = list(pairs)
    random.Random(9).shuffle(order)
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(str(Path(folder) / "fusion.db"), fusion=fusion)
        for raw, extraction in order:
            store.ingest(raw, extraction)
        events = [event_json(e) for e in store.events()]
        store.close()
    return events


def cli_events(inputs: Sequence[dict]) -> list[dict]:
    """Every fused event through the commands: ``sitrep ingest FILE.jsonl --db URL`` (the
    documents in the same fixed shuffled order), then ``sitrep events --db URL --format json``."""
    order = list(inputs)
    random.Random(9).shuffle(order)
    sitrep = str(Path(sys.executable).with_name("sitrep"))
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "input.jsonl"
        source.write_text("".join(json.dumps(i) + "\n" for i in order), encoding="utf-8")
        db = str(Path(folder) / "fusion.db")
        subprocess.run([sitrep, "ingest", str(source), "--db", db], check=True, capture_output=True)
        printed = subprocess.run(
            [sitrep, "events", "--db", db, "--format", "json"], check=True, capture_output=True, text=True
        )
    return list(json.loads(printed.stdout)["events"])


def scores(events: Sequence[dict], gold: dict[str, str], registry: dict[str, int] | None) -> dict:
    main, linked = clusters(events, gold)
    found: dict = {"main": bcubed(main, gold), "linked": bcubed(linked, gold)}
    if registry is not None:
        found["killed"] = {w: killed_rate(events, main, gold, registry, w) for w in ("latest", "high")}
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", choices=("ecbplus", "incidents"), default="ecbplus")
    parser.add_argument("--split", action="append", choices=("train", "dev", "test"), required=True)
    parser.add_argument("--grid", action="store_true", help="try thresholds and text weights")
    parser.add_argument("--threshold", type=float, help="the fusion threshold (default: calibrated)")
    parser.add_argument("--context", type=float, help="the document-context weight (default: calibrated)")
    parser.add_argument("--cli", action="store_true", help="through sitrep ingest and sitrep events")
    args = parser.parse_args()
    for split in args.split:
        registry: dict[str, int] | None = None
        if args.corpus == "incidents":
            inputs, gold, registry = load_incidents(split)
        else:
            inputs, gold = load_split(split)
        pairs = [] if args.cli else extractions(split, inputs, args.corpus)
        if not args.cli:
            gold = {raw.id: gold[raw.id] for raw, _ in pairs}
        alone = bcubed({d: d for d in gold}, gold)
        print(f"\n{args.corpus} {split}: {len(gold)} documents, {len(set(gold.values()))} gold clusters")
        print(f"  every document alone        P {alone[0]:.3f} R {alone[1]:.3f} F1 {alone[2]:.3f}")
        if registry is not None:
            zero = sum(1 for total in registry.values() if total == 0) / len(registry)
            print(f"  always 0 killed             rate {zero:.3f}")
        chosen = {"threshold": args.threshold, "weight_context": args.context}
        settings = [replace(FusionSettings(), **{k: v for k, v in chosen.items() if v is not None})]
        if args.grid:
            settings = [
                replace(FusionSettings(), threshold=t, weight_context=c)
                for c, t in itertools.product((0.0, 0.2, 0.4), (0.45, 0.5, 0.55, 0.6, 0.65, 0.7))
            ]
        for fusion in settings:
            events = cli_events(inputs) if args.cli else ingested_events(pairs, fusion)
            label = (
                "sitrep ingest + events"
                if args.cli
                else (f"threshold {fusion.threshold:.2f} context {fusion.weight_context:.2f}")
            )
            found = scores(events, gold, registry)
            for kind in ("main", "linked"):
                p, r, f = found[kind]
                print(f"  {label} {kind:<6} P {p:.3f} R {r:.3f} F1 {f:.3f}")
            for which, rate in found.get("killed", {}).items():
                print(f"  {label} killed {which:<6} rate {rate:.3f}")
            if args.cli:
                break


if __name__ == "__main__":
    main()
