"""Cost against input size for the inputs that were once quadratic (issue 7 §4): ratios for doubling sizes.

    .venv/bin/python bench/bench_scaling.py [--kinds sentences,nospace,...] [--sizes 25,50,100] [--segment-only]

Every kind of input is built here at each size (in KB), read and run through
`sitrep.pipeline.run_document` with one loaded `Resources` (the full models unless
``--segment-only``). For each size it prints the seconds (wall clock and the process's CPU time,
which other work on a shared machine does not inflate), the peak of Python memory traced
while the document ran (tracemalloc), the outcome (reports, or the rejection's reason), and
the ratio of time and of memory to the size before it: a linear cost shows ratios near 2.0
for each doubling, a quadratic one near 4.0. The machines are noisy: read the ratios.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import tracemalloc
from collections.abc import Callable

SENTENCE = "Police said two people were killed in clashes in the town on Tuesday. "


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


KINDS: dict[str, tuple[str, Callable[[int], str]]] = {
    # 1,500 short sentences once took 10 s and 6,000 took 85 s.
    "sentences": ("txt", lambda n: "date 2024-06-25\nClashes\n\n" + _repeat(SENTENCE, n)),
    # 100 KB without a space once took 35 s in segmentation alone.
    "nospace": ("txt", lambda n: "date 2024-06-25\nClashes\n\n" + _repeat("police.killed-two", n)),
    # A run of symbols: 600 KB once took 82 s and 3.4 GB.
    "symbols": ("txt", lambda n: "date 2024-06-25\nClashes\n\n" + _repeat("#%&*+=~^|<>", n)),
    # Brackets, quotes and dollar signs, which spaCy's tokenizer splits off one a pass: 3,200
    # of them once took 5.5 s in the tokenizer alone, four times as long for each doubling.
    "brackets": ("txt", lambda n: "date 2024-06-25\nClashes\n\n" + _repeat("(\"$!'", n)),
    # HTML of numeric entities: 840 KB once took 43 s and 1.75 GB.
    "entities": (
        "html",
        lambda n: (
            "<html><body><article><p>" + _repeat("&#8364;&#169;&#x263A;", n) + "</p></article></body></html>"
        ),
    ),
    # One paragraph of words with no sentence end.
    "runon": ("txt", lambda n: "date 2024-06-25\nClashes\n\n" + _repeat("police fired at the crowd and ", n)),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kinds", default=",".join(KINDS), help="comma-separated: " + ", ".join(KINDS))
    parser.add_argument("--sizes", default="25,50,100,200", help="sizes in KB, each double the last")
    parser.add_argument("--segment-only", action="store_true", help="segmentation alone, no models")
    args = parser.parse_args()

    from sitrep.config import Settings
    from sitrep.ingest import read_bytes
    from sitrep.model import Extraction, RawDocument
    from sitrep.pipeline import run_document
    from sitrep.resources import Resources

    settings = Settings(timezone="UTC")
    resources = Resources.segment_only() if args.segment_only else Resources.load(settings)
    sizes = [int(s) * 1000 for s in args.sizes.split(",")]
    with resources:
        for kind in args.kinds.split(","):
            suffix, build = KINDS[kind]
            last: tuple[float, float, int] | None = None
            for size in sizes:
                data = build(size).encode("utf-8")
                gc.collect()
                tracemalloc.start()
                started, cpu = time.perf_counter(), time.process_time()
                [raw] = read_bytes(data, f"{kind}.{suffix}", settings)
                result = run_document(raw, resources, settings) if isinstance(raw, RawDocument) else raw
                seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
                _, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
                outcome = (
                    f"{len(result.document.reports)} report(s), {len(result.events)} event(s)"
                    if isinstance(result, Extraction)
                    else f"rejected: {result.reason[:60]}"
                )
                ratio = (
                    f"  x{seconds / last[0]:4.1f} time  x{cpu / last[1]:4.1f} cpu  x{peak / last[2]:4.1f} memory"
                    if last
                    else ""
                )
                print(
                    f"{kind:9} {len(data) / 1000:7.0f} KB  {seconds:7.2f} s  cpu {cpu:7.2f} s  "
                    f"peak {peak / 1e6:7.1f} MB{ratio}  {outcome}",
                    flush=True,
                )
                last = (seconds, cpu, peak)
    return 0


if __name__ == "__main__":
    sys.exit(main())
