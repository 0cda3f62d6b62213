"""Statistical event typing: short news text → PLOVER event type and ACLED sub-event type.

``Sequence[str] → list[Prediction]``. A `Prediction` holds the most likely PLOVER type and
ACLED sub-event type with their probabilities, the three best PLOVER types, and the ACLED
event type the sub-event belongs to. ``"none"`` is a label of both heads: for PLOVER a text
that reports no event, for ACLED also events ACLED does not code (meetings, statements, aid).

The features are three blocks side by side: TF-IDF word 1–2-grams, TF-IDF character 2–5-grams
within word boundaries (each L2-normalised), and the mean GloVe word vector of the text's
content words (`VectorBlock`: it carries meaning past the exact words, so "mortar rounds"
lands near "shells"). Two multinomial logistic regressions read them. Everything is trained by
``scripts/train_event_model.py`` with scikit-learn and ships as plain arrays
(``models/event_model.npz``, no pickle) with JSON metadata (``models/event_model.json``); this
module re-implements the vectorisers and the softmax with numpy alone, so loading and
predicting need neither scikit-learn nor scipy. The tokenisation below mirrors
scikit-learn's ``TfidfVectorizer`` exactly (lower-casing, ``(?u)\\b\\w\\w+\\b`` tokens,
``char_wb`` padding, sublinear tf); the training script checks both agree.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from sitrep.errors import ResourceError

logger = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).resolve().parent / "models"
ARRAYS_FILE = "event_model.npz"
METADATA_FILE = "event_model.json"
TYPES_FILE = "event_types.json"
FORMAT = "sitrep-event-model/2"
# Version 1 (TF-IDF blocks only) still loads: the benchmark compares the two.
READABLE_FORMATS = ("sitrep-event-model/1", FORMAT)
VECTOR_TOKEN = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")

WORD_TOKEN = re.compile(r"(?u)\b\w\w+\b")
WHITE_SPACES = re.compile(r"\s\s+")
# Texts are scored in chunks so the (features × classes) scratch array stays small.
CHUNK = 32
# Per-word character n-grams are cached; the cache is dropped when it grows past this.
WORD_CACHE_LIMIT = 200_000


@dataclass(frozen=True, slots=True)
class Prediction:
    """Event types predicted for one text, with their probabilities."""

    plover: str
    plover_p: float
    acled_sub: str
    acled_p: float
    plover_ranked: tuple[tuple[str, float], ...]
    acled_event: str
    plover_all: dict[str, float]
    acled_all: dict[str, float]

    def plover_of(self, label: str) -> float:
        """The probability of one PLOVER type (0 for a type the model does not know)."""
        return self.plover_all.get(label, 0.0)

    def best_acled(self, allowed: Callable[[str], bool]) -> tuple[str, float] | None:
        """The likeliest ACLED sub-event type that ``allowed`` accepts (``none`` never)."""
        fitting = [(p, label) for label, p in self.acled_all.items() if label != "none" and allowed(label)]
        if not fitting:
            return None
        p, label = max(fitting)
        return label, p


@dataclass(frozen=True, slots=True)
class EventTypes:
    """The label vocabularies: PLOVER's event types and ACLED's sub-event → event type."""

    plover: tuple[str, ...]
    acled_events: dict[str, str]
    none: str

    def event_of(self, sub_event: str) -> str:
        """ACLED event type of a sub-event type; ``none`` stays ``none``."""
        return self.none if sub_event == self.none else self.acled_events[sub_event]


def load_event_types(path: Path | None = None) -> EventTypes:
    """Read ``event_types.json`` (PLOVER types and the ACLED sub-event → event mapping)."""
    path = path or MODEL_DIR / TYPES_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return EventTypes(tuple(data["plover"]), dict(data["acled_sub_event_types"]), data["acled_none"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ResourceError(f"cannot read event types: {exc}", origin=str(path)) from exc


class TfidfBlock:
    """One TF-IDF feature block: a vocabulary, its idf weights and how texts are analysed."""

    def __init__(
        self, analyzer: str, ngram_range: tuple[int, int], terms: Sequence[str], idf: NDArray
    ) -> None:
        if analyzer not in ("word", "char_wb"):
            raise ResourceError(f"unsupported analyzer {analyzer!r}")
        if len(terms) != len(idf):
            raise ResourceError(f"{analyzer}: {len(terms)} terms but {len(idf)} idf weights")
        self.analyzer = analyzer
        self.ngram_range = ngram_range
        self.index = {term: i for i, term in enumerate(terms)}
        self.idf = np.asarray(idf, dtype=np.float64)
        self.size = len(terms)
        self._word_cache: dict[str, list[int]] = {}

    def columns(self, text: str) -> list[int]:
        """Column of every in-vocabulary n-gram of a lower-cased text (repeats kept)."""
        if self.analyzer == "word":
            return self._word_columns(text)
        return self._char_columns(text)

    def _word_columns(self, text: str) -> list[int]:
        tokens = WORD_TOKEN.findall(text)
        low, high = self.ngram_range
        get = self.index.get
        found: list[int] = []
        for n in range(low, high + 1):
            for start in range(len(tokens) - n + 1):
                column = get(tokens[start] if n == 1 else " ".join(tokens[start : start + n]))
                if column is not None:
                    found.append(column)
        return found

    def _char_columns(self, text: str) -> list[int]:
        cache = self._word_cache
        if len(cache) > WORD_CACHE_LIMIT:
            cache.clear()
        found: list[int] = []
        for word in WHITE_SPACES.sub(" ", text).split():
            columns = cache.get(word)
            if columns is None:
                columns = cache[word] = self._padded_word_columns(word)
            found.extend(columns)
        return found

    def _padded_word_columns(self, word: str) -> list[int]:
        # As scikit-learn's char_wb: the word padded with one space each side; a word
        # shorter than n yields the whole padded word once and no longer n-grams.
        padded = f" {word} "
        length = len(padded)
        low, high = self.ngram_range
        get = self.index.get
        found: list[int] = []
        for n in range(low, high + 1):
            for start in range(max(length - n + 1, 1)):
                column = get(padded[start : start + n])
                if column is not None:
                    found.append(column)
            if length <= n:
                break
        return found

    def transform(self, texts: Sequence[str]) -> tuple[NDArray, NDArray, NDArray]:
        """Sparse TF-IDF rows as ``(row, column, weight)``, sorted by row, L2-normalised."""
        lengths = np.zeros(len(texts), dtype=np.int64)
        columns: list[int] = []
        for i, text in enumerate(texts):
            found = self.columns(text)
            lengths[i] = len(found)
            columns.extend(found)
        rows = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
        keys, counts = np.unique(rows * self.size + np.asarray(columns, dtype=np.int64), return_counts=True)
        rows, cols = np.divmod(keys, self.size)
        weights = (np.log(counts) + 1.0) * self.idf[cols]
        norms = np.sqrt(np.bincount(rows, weights=weights * weights, minlength=len(texts)))
        return rows, cols, weights / norms[rows]


class VectorBlock:
    """The mean word vector of a text's content words, L2-normalised and scaled.

    ``terms`` are the words that have a vector (lower-case, as GloVe spells them); the
    ``skip`` most frequent ones (function words) are left out of the mean. A hyphenated word
    without a vector of its own is read as its parts. A text with no known word gets zeros.
    """

    def __init__(self, terms: Sequence[str], vectors: NDArray, skip: frozenset[str], scale: float) -> None:
        if len(terms) != len(vectors):
            raise ResourceError(f"vectors: {len(terms)} terms but {len(vectors)} vectors")
        self.index = {term: i for i, term in enumerate(terms)}
        self.vectors = np.asarray(vectors, dtype=np.float32)
        self.skip = skip
        self.scale = scale
        self.size = self.vectors.shape[1]

    def rows(self, text: str) -> list[int]:
        """Vector rows of the content words of a lower-cased text (repeats kept)."""
        get = self.index.get
        found: list[int] = []
        for token in VECTOR_TOKEN.findall(text):
            if token in self.skip:
                continue
            row = get(token)
            if row is not None:
                found.append(row)
            elif "-" in token:
                found.extend(
                    r for part in token.split("-") if part not in self.skip and (r := get(part)) is not None
                )
        return found

    def transform(self, texts: Sequence[str]) -> NDArray:
        """``(len(texts), dims)``: each text's mean content-word vector, unit length × scale."""
        out = np.zeros((len(texts), self.size), dtype=np.float64)
        for i, text in enumerate(texts):
            rows = self.rows(text)
            if rows:
                mean = self.vectors[rows].mean(axis=0, dtype=np.float64)
                norm = float(np.linalg.norm(mean))
                if norm > 0:
                    out[i] = mean * (self.scale / norm)
        return out


@dataclass(frozen=True, slots=True)
class LinearHead:
    """A multinomial logistic regression over the joint feature space."""

    labels: tuple[str, ...]
    weights: NDArray  # (features, classes)
    intercept: NDArray  # (classes,)


class EventTypeModel:
    """The packaged event-type classifier. Build it with `EventTypeModel.load`."""

    def __init__(
        self,
        blocks: Sequence[TfidfBlock],
        vectors: VectorBlock | None,
        plover: LinearHead,
        acled: LinearHead,
        types: EventTypes,
        metadata: dict[str, object],
    ) -> None:
        self.blocks = tuple(blocks)
        self.vectors = vectors
        self.offsets = np.cumsum([0] + [block.size for block in self.blocks])
        self.n_features = int(self.offsets[-1]) + (vectors.size if vectors else 0)
        self.plover = plover
        self.acled = acled
        self.types = types
        self.metadata = metadata
        # Both heads are scored with one product over the stacked weights.
        self._weights = np.hstack([plover.weights, acled.weights]).astype(np.float32)
        self._intercept = np.concatenate([plover.intercept, acled.intercept]).astype(np.float64)
        unknown = set(acled.labels) - set(types.acled_events) - {types.none}
        if unknown or set(plover.labels) - {*types.plover, types.none}:
            raise ResourceError(f"model labels not in event_types.json: {sorted(unknown)}")

    @classmethod
    def load(cls, path: Path | None = None) -> EventTypeModel:
        """Load the model from a folder holding the model files (default: the packaged ones)."""
        folder = path or MODEL_DIR
        metadata = read_metadata(folder / METADATA_FILE)
        types = load_event_types(folder / TYPES_FILE if (folder / TYPES_FILE).exists() else None)
        arrays_path = folder / ARRAYS_FILE
        try:
            with np.load(arrays_path, allow_pickle=False) as arrays:
                specs: dict[str, dict] = metadata["blocks"]  # type: ignore[assignment]
                blocks = [
                    TfidfBlock(
                        str(spec["analyzer"]),
                        (int(spec["ngram_range"][0]), int(spec["ngram_range"][1])),
                        decode_terms(arrays[f"{name}_terms"]),
                        arrays[f"{name}_idf"],
                    )
                    for name, spec in specs.items()
                    if spec["analyzer"] != "vectors"
                ]
                vectors = next(
                    (
                        vector_block(spec, decode_terms(arrays[f"{name}_terms"]), arrays[f"{name}_matrix"])
                        for name, spec in specs.items()
                        if spec["analyzer"] == "vectors"
                    ),
                    None,
                )
                heads = {
                    name: LinearHead(
                        tuple(metadata["labels"][name]),  # type: ignore[index]
                        arrays[f"{name}_weights"],
                        arrays[f"{name}_intercept"],
                    )
                    for name in ("plover", "acled")
                }
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ResourceError(f"cannot read model arrays: {exc}", origin=str(arrays_path)) from exc
        n_features = sum(block.size for block in blocks) + (vectors.size if vectors else 0)
        for name, head in heads.items():
            if head.weights.shape != (n_features, len(head.labels)) or head.intercept.shape != (
                len(head.labels),
            ):
                raise ResourceError(f"{name} weights do not fit the vocabulary", origin=str(arrays_path))
        logger.debug("loaded event-type model with %d features from %s", n_features, folder)
        return cls(blocks, vectors, heads["plover"], heads["acled"], types, metadata)

    def probabilities(self, texts: Sequence[str]) -> tuple[NDArray, NDArray]:
        """Class probabilities ``(plover, acled)``, each ``(len(texts), classes)``, in label order."""
        parts = [self._score(texts[start : start + CHUNK]) for start in range(0, len(texts), CHUNK)]
        scores = np.vstack(parts) if parts else np.zeros((0, len(self._intercept)))
        split = len(self.plover.labels)
        return softmax(scores[:, :split]), softmax(scores[:, split:])

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        """The most likely PLOVER and ACLED types of each text."""
        plover_p, acled_p = self.probabilities(texts)
        return [self._prediction(p, a) for p, a in zip(plover_p, acled_p, strict=True)]

    def _prediction(self, plover_p: NDArray, acled_p: NDArray) -> Prediction:
        ranked = np.argsort(-plover_p, kind="stable")[:3]
        best_acled = int(np.argmax(acled_p))
        acled_sub = self.acled.labels[best_acled]
        return Prediction(
            plover=self.plover.labels[ranked[0]],
            plover_p=float(plover_p[ranked[0]]),
            acled_sub=acled_sub,
            acled_p=float(acled_p[best_acled]),
            plover_ranked=tuple((self.plover.labels[i], float(plover_p[i])) for i in ranked),
            acled_event=self.types.event_of(acled_sub),
            plover_all={label: float(p) for label, p in zip(self.plover.labels, plover_p, strict=True)},
            acled_all={label: float(p) for label, p in zip(self.acled.labels, acled_p, strict=True)},
        )

    def _score(self, texts: Sequence[str]) -> NDArray:
        lowered = [text.lower() for text in texts]
        scores = np.tile(self._intercept, (len(texts), 1))
        for block, offset in zip(self.blocks, self.offsets, strict=False):
            rows, cols, weights = block.transform(lowered)
            if len(rows):
                scores += sum_rows(rows, weights[:, None] * self._weights[cols + offset], len(texts))
        if self.vectors is not None:
            scores += self.vectors.transform(lowered) @ self._weights[int(self.offsets[-1]) :]
        return scores


def vector_block(spec: dict, terms: list[str], matrix: NDArray) -> VectorBlock:
    """The word-vector block as the metadata describes it (the first ``skip_top`` terms are
    the most frequent words, left out of the mean)."""
    skip = frozenset(terms[: int(spec["skip_top"])])
    return VectorBlock(terms, matrix, skip, float(spec["scale"]))


def sum_rows(rows: NDArray, values: NDArray, n_rows: int) -> NDArray:
    """Sum ``values`` (sorted by ``rows``) per row; rows without values get zeros."""
    counts = np.bincount(rows, minlength=n_rows)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    present = counts > 0
    out = np.zeros((n_rows, values.shape[1]))
    out[present] = np.add.reduceat(values, starts[present], axis=0)
    return out


def softmax(scores: NDArray) -> NDArray:
    """Row-wise softmax, as scikit-learn's multinomial ``predict_proba``."""
    shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


def encode_terms(terms: Iterable[str]) -> NDArray:
    """A vocabulary as one UTF-8 byte array (terms never contain a newline)."""
    return np.frombuffer("\n".join(terms).encode("utf-8"), dtype=np.uint8)


def decode_terms(data: NDArray) -> list[str]:
    """The inverse of `encode_terms`."""
    return bytes(data).decode("utf-8").split("\n") if data.size else []


def read_metadata(path: Path) -> dict[str, object]:
    """The model's JSON metadata, checked for the format this module reads."""
    try:
        metadata = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ResourceError(f"cannot read model metadata: {exc}", origin=str(path)) from exc
    if not isinstance(metadata, dict) or metadata.get("format") not in READABLE_FORMATS:
        raise ResourceError(f"not a {FORMAT} model", origin=str(path))
    return metadata
