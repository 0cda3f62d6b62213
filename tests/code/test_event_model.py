"""The packaged event-type model: it loads, predicts sensibly, matches scikit-learn, and the
corpus it was trained on keeps its promised shape."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from sitrep.code.event_model import (
    MODEL_DIR,
    EventTypeModel,
    Prediction,
    TfidfBlock,
    decode_terms,
    load_event_types,
)
from sitrep.errors import ResourceError

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "events"

# Pinned after training (test macro-F1 was 0.830 for PLOVER and 0.818 for ACLED sub-events);
# retraining must not fall below these. Raise them when the model improves; never lower them
# without saying why.
TEST_MACRO_F1_FLOOR = {"plover": 0.80, "acled": 0.79}
# The model alone on the dev split of the real development data, support-weighted F1 (0.903
# PLOVER, 0.961 ACLED when pinned; the ACLED labels of UCDP and Wikipedia items come from their
# weapon words, so that figure flatters).
# ACLED lowered 0.94 -> 0.92 (issue 8): the Wikipedia items' silver labels were rebuilt from classes of
# phrasing (Attack, Armed clash, Arrests, protests, territory, Other, none for deliveries and toll
# updates), a harder label set than the weapon words alone; on the hand-labelled gold the coder
# gained (corpus/devdata/EVENTS.md), and the model alone scores 0.925 on the new labels.
DEV_WEIGHTED_F1_FLOOR = {"plover": 0.88, "acled": 0.92}

# Sentences in neither split, each clear enough that a reader would code it one way.
NEW_SENTENCES = [
    ("Troops shelled the outskirts of the town overnight.", "ASSAULT", "Shelling/artillery/missile attack"),
    ("The foreign minister called for calm.", "DEMAND", "none"),
    (
        "Rebels and government soldiers fought a three-hour gun battle near the river port.",
        "FIGHT",
        "Armed clash",
    ),
    ("A suicide bomber blew himself up at the entrance of a crowded stadium.", "ASSAULT", "Suicide bomb"),
    (
        "Thousands of pensioners marched peacefully through the capital against benefit cuts.",
        "PROTEST",
        "Peaceful protest",
    ),
    ("Police arrested eleven activists outside the electoral commission.", "COERCE", "Arrests"),
    (
        "Gunmen kidnapped nine passengers from a bus on the mountain road.",
        "ASSAULT",
        "Abduction/forced disappearance",
    ),
    ("The two delegations held talks in the Swiss capital on a prisoner release.", "CONSULT", "none"),
    ("The European Commission condemned the crackdown on journalists.", "DISAPPROVE", "none"),
    ("The authorities imposed a night curfew on the port city.", "COERCE", "Other"),
]


@pytest.fixture(scope="module")
def model() -> EventTypeModel:
    return EventTypeModel.load()


def read_split(name: str) -> list[dict[str, str]]:
    lines = (CORPUS / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_packaged_model_loads_with_all_labels() -> None:
    # Load time and texts/s are measured by bench/bench_event_model.py, not timed here.
    model = EventTypeModel.load()
    types = load_event_types()
    assert set(model.plover.labels) == {*types.plover, "none"} and len(types.plover) == 19
    assert set(model.acled.labels) == set(types.acled_events) | {"none"} and len(types.acled_events) == 25


def test_model_files_are_small_and_pickle_free() -> None:
    total = sum(path.stat().st_size for path in MODEL_DIR.iterdir() if path.is_file())
    assert total < 15 * 1024 * 1024
    with np.load(MODEL_DIR / "event_model.npz", allow_pickle=False) as arrays:
        assert all(arrays[name].dtype != object for name in arrays.files)


@pytest.mark.parametrize(("text", "plover", "acled_sub"), NEW_SENTENCES)
def test_new_sentences_are_typed(model: EventTypeModel, text: str, plover: str, acled_sub: str) -> None:
    (prediction,) = model.predict([text])
    assert (prediction.plover, prediction.acled_sub) == (plover, acled_sub), prediction


def test_prediction_fields_are_consistent(model: EventTypeModel) -> None:
    texts = [text for text, _, _ in NEW_SENTENCES] + ["", "   ", "¿Qué pasó? 爆炸 ..."]
    predictions = model.predict(texts)
    types = load_event_types()
    assert len(predictions) == len(texts)
    for prediction in predictions:
        assert isinstance(prediction, Prediction)
        assert len(prediction.plover_ranked) == 3
        probabilities = [p for _, p in prediction.plover_ranked]
        assert probabilities == sorted(probabilities, reverse=True)
        assert prediction.plover_ranked[0] == (prediction.plover, prediction.plover_p)
        assert 0.0 < prediction.acled_p <= 1.0 and 0.0 < prediction.plover_p <= 1.0
        assert prediction.acled_event == types.event_of(prediction.acled_sub)
    assert predictions[0].acled_event == "Explosions/Remote violence"
    assert predictions[1].acled_event == "none"
    assert model.predict([]) == []


def test_probabilities_sum_to_one_and_batches_agree(model: EventTypeModel) -> None:
    texts = [row["text"] for row in read_split("test")[:600]]
    plover, acled = model.probabilities(texts)
    assert np.allclose(plover.sum(axis=1), 1.0) and np.allclose(acled.sum(axis=1), 1.0)
    one_by_one = np.vstack([model.probabilities([text])[0] for text in texts[:40]])
    assert np.allclose(one_by_one, plover[:40], atol=1e-12)


def test_numpy_predictions_match_scikit_learn(model: EventTypeModel) -> None:
    """Rebuild scikit-learn's vectorisers and heads from the shipped arrays and compare."""
    pytest.importorskip("sklearn")
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfVectorizer

    metadata = json.loads((MODEL_DIR / "event_model.json").read_text(encoding="utf-8"))
    texts = [row["text"] for row in read_split("test")]
    blocks = []
    with np.load(MODEL_DIR / "event_model.npz", allow_pickle=False) as arrays:
        for name, spec in metadata["blocks"].items():
            if spec["analyzer"] == "vectors":
                continue  # the dense block is numpy's own; checked in test_vector_block_*
            vectorizer = TfidfVectorizer(
                analyzer=spec["analyzer"],
                ngram_range=tuple(spec["ngram_range"]),
                vocabulary=decode_terms(arrays[f"{name}_terms"]),
                sublinear_tf=True,
            )
            vectorizer.idf_ = arrays[f"{name}_idf"]
            blocks.append(vectorizer.transform(texts))
        assert model.vectors is not None
        blocks.append(sp.csr_matrix(model.vectors.transform([text.lower() for text in texts])))
        features = sp.hstack(blocks).tocsr()
        for name, head in (("plover", model.plover), ("acled", model.acled)):
            scores = features @ arrays[f"{name}_weights"].astype(np.float64) + arrays[f"{name}_intercept"]
            expected = np.exp(scores - scores.max(axis=1, keepdims=True))
            expected /= expected.sum(axis=1, keepdims=True)
            ours = model.probabilities(texts)[0 if name == "plover" else 1]
            assert head.labels == tuple(metadata["labels"][name])
            assert np.abs(ours - expected).max() < 1e-9


@pytest.mark.parametrize(
    "text",
    [
        "a b  c",
        "Tab\tand\nnewline",
        "x",
        "It's 10.30 p.m .: “quoted” – dash",
        "Ünïcödé straße İstanbul",
        "ab",
    ],
)
def test_tokenisation_matches_scikit_learn_analysers(text: str) -> None:
    pytest.importorskip("sklearn")
    from sklearn.feature_extraction.text import TfidfVectorizer

    for analyzer, ngram_range in (("word", (1, 2)), ("char_wb", (2, 5))):
        analyse = TfidfVectorizer(analyzer=analyzer, ngram_range=ngram_range).build_analyzer()
        expected = Counter(analyse(text))
        terms = sorted(expected)
        block = TfidfBlock(analyzer, ngram_range, terms, np.ones(len(terms)))
        assert Counter(terms[i] for i in block.columns(text.lower())) == expected


def test_shipped_scores_meet_the_pinned_floor() -> None:
    metadata = json.loads((MODEL_DIR / "event_model.json").read_text(encoding="utf-8"))
    test_scores = metadata["scores"]["corpus_test"]
    for name, floor in TEST_MACRO_F1_FLOOR.items():
        assert test_scores[name]["macro_f1"] >= floor, (name, test_scores[name]["macro_f1"])
    real = metadata["scores"]["devdata_dev"]["all"]
    for name, floor in DEV_WEIGHTED_F1_FLOOR.items():
        assert real[name]["weighted_f1"] >= floor, (name, real[name]["weighted_f1"])
    # Measured while training, on a machine shared with other jobs (947 texts/s when pinned);
    # bench/bench_event_model.py compares old and new models in one run, which is the fair test.
    assert metadata["speed"]["texts_per_second"] >= 500


def test_corpus_has_every_label_with_minimum_counts() -> None:
    types = load_event_types()
    acled_labels = set(types.acled_events) | {"none"}
    for name, minimum_items, minimum_per_label in (("train", 4000, 80), ("test", 800, 20)):
        rows = read_split(name)
        assert len(rows) >= minimum_items
        plover = Counter(row["plover"] for row in rows)
        acled = Counter(row["acled_sub"] for row in rows)
        assert set(plover) == set(types.plover) and set(acled) == acled_labels
        assert min(plover.values()) >= minimum_per_label, (name, plover.most_common()[-1])
        assert min(acled.values()) >= minimum_per_label, (name, acled.most_common()[-1])
        assert all(row["acled_event"] == types.event_of(row["acled_sub"]) for row in rows)
        assert Counter(row["kind"] for row in rows)["edge"] >= 100


def test_shipped_model_was_trained_on_this_corpus() -> None:
    metadata = json.loads((MODEL_DIR / "event_model.json").read_text(encoding="utf-8"))
    digest = hashlib.sha256()
    for name in ("train", "test"):
        digest.update((CORPUS / f"{name}.jsonl").read_bytes())
    assert metadata["training"]["corpus_sha256"] == digest.hexdigest(), (
        "retrain: scripts/train_event_model.py"
    )


def test_no_test_text_is_in_train() -> None:
    def normalise(text: str) -> str:
        return re.sub(r"\W+", " ", text.casefold()).strip()

    train = {normalise(row["text"]) for row in read_split("train")}
    leaked = [row["text"] for row in read_split("test") if normalise(row["text"]) in train]
    assert leaked == []


def test_missing_or_foreign_model_files_raise_resource_error(tmp_path: Path) -> None:
    with pytest.raises(ResourceError):
        EventTypeModel.load(tmp_path)
    (tmp_path / "event_model.json").write_text('{"format": "something-else"}', encoding="utf-8")
    with pytest.raises(ResourceError, match="not a sitrep-event-model"):
        EventTypeModel.load(tmp_path)
    shutil.copy(MODEL_DIR / "event_model.json", tmp_path / "event_model.json")
    (tmp_path / "event_model.npz").write_bytes(b"not an archive")
    with pytest.raises(ResourceError, match="cannot read model arrays"):
        EventTypeModel.load(tmp_path)


def test_vector_block_means_the_content_words() -> None:
    from sitrep.code.event_model import VectorBlock

    terms = ["the", "of", "shelling", "mortar", "rounds", "town"]
    vectors = np.array([[9, 9], [9, 9], [1, 0], [0, 1], [0, 1], [1, 1]], dtype=np.float32)
    block = VectorBlock(terms, vectors, frozenset({"the", "of"}), scale=2.0)
    out = block.transform(["the shelling of the town", "mortar-rounds", "nothing known here", ""])
    expected = np.array([2.0, 1.0]) / np.linalg.norm([2.0, 1.0]) * 2.0  # (shelling + town) / 2
    assert np.allclose(out[0], expected)
    assert np.allclose(out[1], [0.0, 2.0])  # a hyphenated word without a vector is read as its parts
    assert not out[2].any() and not out[3].any()


def test_the_shipped_vectors_put_related_words_near_each_other(model: EventTypeModel) -> None:
    assert model.vectors is not None
    rows = model.vectors.transform(["shelling", "artillery", "election"])
    assert rows[0] @ rows[1] > rows[0] @ rows[2]
