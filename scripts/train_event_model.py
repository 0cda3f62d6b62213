"""Train sitrep's statistical event-type model from the project's own corpus.

``corpus/events/source/**`` → ``corpus/events/{train,test}.jsonl`` (regenerated, deterministic) →
``src/sitrep/code/models/{event_model.npz, event_model.json}`` and ``corpus/events/SCORES.md``.

Steps: compose the corpus; fit TF-IDF features (word 1–2-grams + char_wb 2–5-grams) and two
multinomial logistic regressions (PLOVER type, ACLED sub-event type); score them by 5-fold
cross-validation on the training split, holding out whole frames (GroupKFold over the frame
each sentence was composed from), and on the separately written test split; export the
vocabularies, idf weights and coefficients as plain arrays; check that the numpy predictor in
`sitrep.code.event_model` reproduces scikit-learn's probabilities; measure speed.

Run from the repository root: ``python scripts/train_event_model.py [--folds 5]``.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import logging
import platform
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sitrep.code import event_model  # noqa: E402

logger = logging.getLogger("train_event_model")

CORPUS = ROOT / "corpus" / "events"
MODEL_DIR = event_model.MODEL_DIR
SCORES_FILE = CORPUS / "SCORES.md"

# Chosen by frame-grouped cross-validation on the training split (C in 3, 10, 30, 100;
# balanced class weights raised macro-F1 by about 0.05 over none). The test split was not used.
C = 30.0
CLASS_WEIGHT = "balanced"
BLOCKS: dict[str, dict[str, Any]] = {
    "word": {"analyzer": "word", "ngram_range": [1, 2], "min_df": 2},
    "char": {"analyzer": "char_wb", "ngram_range": [2, 5], "min_df": 3},
}
TARGETS = {"plover": "plover", "acled": "acled_sub"}


@dataclass(frozen=True, slots=True)
class Split:
    """One corpus split as parallel lists."""

    texts: list[str]
    labels: dict[str, list[str]]
    kinds: list[str]
    groups: list[str]


@dataclass(frozen=True, slots=True)
class Fitted:
    """The scikit-learn objects of one training run."""

    vectorizers: dict[str, TfidfVectorizer]
    heads: dict[str, LogisticRegression]

    def features(self, texts: Sequence[str]) -> sp.csr_matrix:
        """The joint feature matrix: each block L2-normalised, blocks side by side."""
        return sp.hstack([v.transform(texts) for v in self.vectorizers.values()]).tocsr()


def load_composer() -> ModuleType:
    """Import ``corpus/events/compose.py`` (it is a script folder, not a package)."""
    spec = importlib.util.spec_from_file_location("compose", CORPUS / "compose.py")
    if spec is None or spec.loader is None:
        raise ImportError("cannot import corpus/events/compose.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["compose"] = module
    spec.loader.exec_module(module)
    return module


def read_split(path: Path) -> Split:
    """Read a ``.jsonl`` split."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return Split(
        texts=[row["text"] for row in rows],
        labels={name: [row[key] for row in rows] for name, key in TARGETS.items()},
        kinds=[row["kind"] for row in rows],
        groups=[row["group"] for row in rows],
    )


def fit(texts: Sequence[str], labels: dict[str, list[str]]) -> Fitted:
    """Fit the vectorisers and both heads."""
    vectorizers = {
        name: TfidfVectorizer(
            analyzer=spec["analyzer"],
            ngram_range=tuple(spec["ngram_range"]),
            min_df=spec["min_df"],
            sublinear_tf=True,
            dtype=np.float64,
        )
        for name, spec in BLOCKS.items()
    }
    for vectorizer in vectorizers.values():
        vectorizer.fit(texts)
    fitted = Fitted(vectorizers, {})
    features = fitted.features(texts)
    for name, y in labels.items():
        head = LogisticRegression(C=C, class_weight=CLASS_WEIGHT, max_iter=5000)
        fitted.heads[name] = head.fit(features, y)
    return fitted


def score(truth: Sequence[str], predicted: Sequence[str]) -> dict[str, float]:
    """Accuracy and macro-F1."""
    return {
        "accuracy": round(float(accuracy_score(truth, predicted)), 4),
        "macro_f1": round(float(f1_score(truth, predicted, average="macro", zero_division=0)), 4),
    }


def cross_validate(train: Split, folds: int) -> dict[str, dict[str, float]]:
    """Out-of-fold scores on the training split, whole frames held out together."""
    predicted: dict[str, list[str]] = {name: [""] * len(train.texts) for name in TARGETS}
    for number, (fit_rows, held_rows) in enumerate(GroupKFold(folds).split(train.texts, groups=train.groups)):
        logger.info("cross-validation fold %d/%d", number + 1, folds)
        texts = [train.texts[i] for i in fit_rows]
        fitted = fit(texts, {name: [ys[i] for i in fit_rows] for name, ys in train.labels.items()})
        held = fitted.features([train.texts[i] for i in held_rows])
        for name, head in fitted.heads.items():
            for i, label in zip(held_rows, head.predict(held), strict=True):
                predicted[name][i] = str(label)
    return {name: score(train.labels[name], predicted[name]) for name in TARGETS}


def evaluate(fitted: Fitted, test: Split) -> dict[str, object]:
    """Scores on the test split: overall, per label, and per kind of item."""
    features = fitted.features(test.texts)
    result: dict[str, object] = {}
    for name, head in fitted.heads.items():
        truth = test.labels[name]
        predicted = [str(label) for label in head.predict(features)]
        labels = list(head.classes_)
        per_label = f1_score(truth, predicted, labels=labels, average=None, zero_division=0)
        by_kind = {
            kind: score(
                [t for t, k in zip(truth, test.kinds, strict=True) if k == kind],
                [p for p, k in zip(predicted, test.kinds, strict=True) if k == kind],
            )
            for kind in sorted(set(test.kinds))
        }
        result[name] = {
            **score(truth, predicted),
            "per_label_f1": {label: round(float(f), 4) for label, f in zip(labels, per_label, strict=True)},
            "support": {label: truth.count(label) for label in labels},
            "by_kind": by_kind,
        }
        if name == "acled":
            types = event_model.load_event_types()
            result["acled_event"] = score(
                [types.event_of(t) for t in truth], [types.event_of(p) for p in predicted]
            )
    return result


def export(fitted: Fitted, metadata: dict[str, object], folder: Path) -> None:
    """Write the arrays (``.npz``, no pickle) and the metadata (``.json``)."""
    arrays: dict[str, np.ndarray] = {}
    for name, vectorizer in fitted.vectorizers.items():
        terms = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
        if any("\n" in term for term in terms):
            raise ValueError(f"{name}: a term contains a newline")
        arrays[f"{name}_terms"] = event_model.encode_terms(terms)
        arrays[f"{name}_idf"] = vectorizer.idf_.astype(np.float64)
    for name, head in fitted.heads.items():
        arrays[f"{name}_weights"] = np.ascontiguousarray(head.coef_.T.astype(np.float32))
        arrays[f"{name}_intercept"] = head.intercept_.astype(np.float64)
    folder.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(folder / event_model.ARRAYS_FILE, allow_pickle=False, **arrays)
    (folder / event_model.METADATA_FILE).write_text(json.dumps(metadata, indent=2) + "\n", encoding="utf-8")


def check_parity(fitted: Fitted, model: event_model.EventTypeModel, texts: Sequence[str]) -> float:
    """Largest probability difference between scikit-learn and the numpy predictor."""
    features = fitted.features(texts)
    ours = dict(zip(TARGETS, model.probabilities(texts), strict=True))
    worst = 0.0
    for name, head in fitted.heads.items():
        theirs = head.predict_proba(features)
        if list(head.classes_) != list(getattr(model, name).labels):
            raise AssertionError(f"{name}: label order differs")
        worst = max(worst, float(np.abs(theirs - ours[name]).max()))
        disagree = int((theirs.argmax(axis=1) != ours[name].argmax(axis=1)).sum())
        if disagree:
            logger.warning("%s: %d of %d argmax disagreements (float32 weights)", name, disagree, len(texts))
    return worst


def measure_speed(folder: Path, texts: Sequence[str]) -> dict[str, float]:
    """Load time (best of 5) and prediction throughput on at least 20,000 texts."""
    loads = []
    for _ in range(5):
        start = time.perf_counter()
        model = event_model.EventTypeModel.load(folder)
        loads.append(time.perf_counter() - start)
    batch = list(texts) * (20_000 // len(texts) + 1)
    model.predict(batch[:1000])
    start = time.perf_counter()
    model.predict(batch)
    elapsed = time.perf_counter() - start
    return {"load_ms": round(min(loads) * 1000, 1), "texts_per_second": round(len(batch) / elapsed)}


def corpus_hash() -> str:
    """SHA-256 over both split files."""
    digest = hashlib.sha256()
    for split in ("train", "test"):
        digest.update((CORPUS / f"{split}.jsonl").read_bytes())
    return digest.hexdigest()


def write_scores(metadata: dict[str, object], path: Path) -> None:
    """``SCORES.md``: headline figures, then per-label F1 on the test split."""
    scores = metadata["scores"]
    cv, test = scores["train_cv"], scores["test"]  # type: ignore[index]
    corpus = metadata["corpus"]
    speed = metadata["speed"]
    lines = [
        "# Event-type model scores",
        "",
        "Written by `scripts/train_event_model.py`; do not edit by hand.",
        "",
        f"Corpus: {corpus['train_items']} training and {corpus['test_items']} test items "  # type: ignore[index]
        f"(sha256 `{corpus['sha256'][:16]}…`). Model: {metadata['model']}.",  # type: ignore[index]
        "",
        "| label | split | accuracy | macro-F1 |",
        "| --- | --- | --- | --- |",
    ]
    folds = scores["cv_folds"]  # type: ignore[index]
    for name, title in (("plover", "PLOVER type"), ("acled", "ACLED sub-event type")):
        lines.append(
            f"| {title} | train, {folds}-fold CV by frame | {cv[name]['accuracy']:.3f} | {cv[name]['macro_f1']:.3f} |"
        )
        lines.append(f"| {title} | test | {test[name]['accuracy']:.3f} | {test[name]['macro_f1']:.3f} |")
    event = test["acled_event"]
    lines.append(
        f"| ACLED event type (from sub-event) | test | {event['accuracy']:.3f} | {event['macro_f1']:.3f} |"
    )
    lines += [
        "",
        "Cross-validation holds out every sentence made from the same frame together, so it "
        "measures transfer to unseen phrasings; the test split was written separately (own "
        "frames, places, actors and sources) and is the figure to quote.",
        "",
        "Test scores by kind of item (composed from frames, hand-written, hard cases):",
        "",
        "| label | kind | items | accuracy | macro-F1 |",
        "| --- | --- | --- | --- | --- |",
    ]
    kinds = metadata["corpus"]["test_kinds"]  # type: ignore[index]
    for name in ("plover", "acled"):
        for kind, figures in test[name]["by_kind"].items():
            lines.append(
                f"| {name} | {kind} | {kinds[kind]} | {figures['accuracy']:.3f} | {figures['macro_f1']:.3f} |"
            )
    for name, title in (("plover", "PLOVER type"), ("acled", "ACLED sub-event type")):
        lines += [
            "",
            f"## {title}: F1 per label on the test split",
            "",
            "| label | test items | F1 |",
            "| --- | --- | --- |",
        ]
        for label, value in test[name]["per_label_f1"].items():
            lines.append(f"| {label} | {test[name]['support'][label]} | {value:.3f} |")
    lines += [
        "",
        "## Speed (this machine, one process)",
        "",
        f"Load: {speed['load_ms']} ms. Prediction: {speed['texts_per_second']:,} texts/s "  # type: ignore[index]
        "(both labels, numpy only).",
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Compose, train, evaluate, export; return the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds (default 5)")
    parser.add_argument("--out", type=Path, default=MODEL_DIR, help="where to write the model files")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    load_composer().write_corpus()
    train, test = read_split(CORPUS / "train.jsonl"), read_split(CORPUS / "test.jsonl")
    cv = cross_validate(train, args.folds)
    logger.info("cross-validation: %s", cv)
    fitted = fit(train.texts, train.labels)
    test_scores = evaluate(fitted, test)
    logger.info("test: %s", {k: (v["accuracy"], v["macro_f1"]) for k, v in test_scores.items()})  # type: ignore[index]

    metadata: dict[str, object] = {
        "format": event_model.FORMAT,
        "model": f"TF-IDF (word 1-2-grams + char_wb 2-5-grams) + multinomial logistic regression "
        f"(C={C:g}, class_weight={CLASS_WEIGHT})",
        "versions": {
            "scikit-learn": sklearn.__version__,
            "numpy": np.__version__,
            "python": platform.python_version(),
        },
        "blocks": {
            name: {
                **spec,
                "lowercase": True,
                "sublinear_tf": True,
                "norm": "l2",
                "smooth_idf": True,
                "token_pattern": r"(?u)\b\w\w+\b",
                "features": len(fitted.vectorizers[name].vocabulary_),
            }
            for name, spec in BLOCKS.items()
        },
        "labels": {name: [str(label) for label in head.classes_] for name, head in fitted.heads.items()},
        "corpus": {
            "sha256": corpus_hash(),
            "train_items": len(train.texts),
            "test_items": len(test.texts),
            "test_kinds": {kind: test.kinds.count(kind) for kind in sorted(set(test.kinds))},
        },
        "scores": {"cv_folds": args.folds, "train_cv": cv, "test": test_scores},
    }
    export(fitted, metadata, args.out)
    model = event_model.EventTypeModel.load(args.out)
    worst = check_parity(fitted, model, test.texts)
    logger.info("numpy vs scikit-learn: largest probability difference %.2e", worst)
    if worst > 1e-4:
        raise AssertionError(f"numpy predictor differs from scikit-learn by {worst}")
    metadata["speed"] = measure_speed(args.out, test.texts)
    export(fitted, metadata, args.out)
    write_scores(metadata, SCORES_FILE)
    logger.info("speed: %s", metadata["speed"])
    logger.info("wrote %s and %s", args.out, SCORES_FILE)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
