"""Load time and throughput of the event-type model against the one it replaced, same texts, same run.

    .venv/bin/python bench/bench_event_model.py [--old REV] [--repeat N]

The old model is read from git at ``REV`` (default: the last commit with the TF-IDF-only model,
format ``sitrep-event-model/1``) into a temporary folder; the new one is the packaged model.
Both score the same texts: the written corpus's test split (``corpus/events/test.jsonl``), ``N``
times over. Each model is loaded five times (best time kept) and predicts the texts three
times (best throughput kept), alternating old and new so that the machine's noise falls on
both. Prints texts per second and load time of each, the new-to-old ratios, and the arrays'
size. The machines are noisy: compare ratios, not absolute figures.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from sitrep.code import event_model  # noqa: E402

OLD_REV = "02fe3df"
MODEL_PATH = "src/sitrep/code/models"


def old_model(rev: str, folder: Path) -> Path:
    """The model files as they were at ``rev``, written into ``folder``."""
    for name in (event_model.ARRAYS_FILE, event_model.METADATA_FILE, event_model.TYPES_FILE):
        try:
            data = subprocess.run(
                ["git", "-C", str(REPO), "show", f"{rev}:{MODEL_PATH}/{name}"],
                check=True,
                capture_output=True,
            ).stdout
        except (OSError, subprocess.CalledProcessError) as exc:
            raise SystemExit(f"bench_event_model: cannot read {name} at {rev} from git: {exc}") from exc
        (folder / name).write_bytes(data)
    return folder


def best_load(folder: Path | None, times: int = 5) -> tuple[float, event_model.EventTypeModel]:
    best, model = float("inf"), None
    for _ in range(times):
        start = time.perf_counter()
        model = event_model.EventTypeModel.load(folder)
        best = min(best, time.perf_counter() - start)
    assert model is not None
    return best, model


def best_rate(model: event_model.EventTypeModel, texts: list[str]) -> float:
    start = time.perf_counter()
    model.predict(texts)
    return len(texts) / (time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--old", default=OLD_REV, help=f"git revision of the old model (default {OLD_REV})")
    parser.add_argument("--repeat", type=int, default=4, help="how many times over the texts (default 4)")
    args = parser.parse_args()
    lines = (REPO / "corpus" / "events" / "test.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines if line.strip()] * args.repeat
    with tempfile.TemporaryDirectory() as tmp:
        folder = old_model(args.old, Path(tmp))
        sizes = {
            "old": (folder / event_model.ARRAYS_FILE).stat().st_size,
            "new": (event_model.MODEL_DIR / event_model.ARRAYS_FILE).stat().st_size,
        }
        loads: dict[str, float] = {}
        models: dict[str, event_model.EventTypeModel] = {}
        for name, where in (("old", folder), ("new", None), ("old", folder), ("new", None)):
            seconds, models[name] = best_load(where)
            loads[name] = min(loads.get(name, float("inf")), seconds)
    for model in models.values():
        model.predict(texts[:200])  # warm the caches
    rates: dict[str, float] = {}
    for _ in range(3):
        for name in ("old", "new"):
            rates[name] = max(rates.get(name, 0.0), best_rate(models[name], texts))
    print(f"{len(texts)} texts (corpus/events/test.jsonl × {args.repeat}); old model at {args.old}")
    print(f"{'model':<6}{'format':<24}{'load ms':>10}{'texts/s':>11}{'arrays MB':>11}")
    for name in ("old", "new"):
        fmt = str(models[name].metadata["format"])
        print(f"{name:<6}{fmt:<24}{loads[name] * 1000:>10.1f}{rates[name]:>11,.0f}{sizes[name] / 1e6:>11.1f}")
    print(
        f"new/old: load time × {loads['new'] / loads['old']:.2f}, "
        f"throughput × {rates['new'] / rates['old']:.2f}, arrays × {sizes['new'] / sizes['old']:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
