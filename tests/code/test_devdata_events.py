"""The labelled event-type sets read from the real development data (skipped without it)."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEVDATA = ROOT.parent / "shared" / "devdata"
if not DEVDATA.is_dir():
    pytest.skip(f"the real development data is not at {DEVDATA}", allow_module_level=True)
sys.path.insert(0, str(ROOT / "scripts"))

from devdata_events import HAND_LABELS, NONE, cue_label, detokenise, load_items, wcep_digest, wcep_labels  # noqa: E402

from sitrep.code.event_model import load_event_types  # noqa: E402
from sitrep.eval.splits import Split  # noqa: E402


@pytest.fixture(scope="module")
def items() -> list:
    return load_items(DEVDATA)


def test_every_label_is_a_plover_or_acled_label(items: list) -> None:
    types = load_event_types()
    for item in items:
        assert item.plover is None or item.plover in {*types.plover, NONE}, item
        assert item.acled is None or item.acled in {*types.acled_events, NONE}, item
        assert item.plover is not None or item.acled is not None
        assert item.text.strip()


def test_each_data_set_is_split_by_the_fixed_rule(items: list) -> None:
    counts = Counter((i.dataset, i.split) for i in items)
    for dataset in ("rams_devtest", "ucdp_ged", "wcep_armed_conflicts", "geneva"):
        total = sum(n for (d, _), n in counts.items() if d == dataset)
        assert total > 500, dataset
        assert counts[(dataset, Split.TRAIN)] > 0.5 * total
        if dataset != "geneva":  # GENEVA keeps its official split (a quarter is test)
            assert 0 < counts[(dataset, Split.TEST)] < 0.2 * total
    keys = Counter((i.dataset, i.key) for i in items)
    assert max(keys.values()) == 1


def test_no_event_texts_are_there_and_name_no_violence(items: list) -> None:
    nothing = [i for i in items if i.plover == NONE]
    assert len(nothing) > 1000
    violent = [i for i in nothing if cue_label(i.text) in ("Armed clash", "Air/drone strike", "Suicide bomb")]
    assert len(violent) < 0.02 * len(nothing)  # "closed its airspace to aircraft" may stay


def test_cue_words_and_detokenising() -> None:
    assert cue_label("Regime warplanes strike the town; shelling continues") == "Air/drone strike"
    assert cue_label("Mortar rounds and clashes near the base") == "Shelling/artillery/missile attack"
    assert cue_label("A suicide bomber blew himself up") == "Suicide bomb"
    assert cue_label("The talks resumed in Geneva") is None
    assert detokenise(["Iraq", "'s", "army", "said", "``", "no", "''", "."]) == 'Iraq\'s army said "no".'


def test_the_hand_labelled_gold_is_read_whole_and_split_by_the_rule() -> None:
    hand = load_items(DEVDATA, only=["wcep_hand"])
    stored = [
        line for line in HAND_LABELS.read_text("utf-8").splitlines() if line and not line.startswith("#")
    ]
    assert len(hand) == len(stored)  # every stored key names an item, none twice
    counts = Counter(i.split for i in hand)
    assert counts[Split.TEST] >= 150 and counts[Split.DEV] >= 200 and counts[Split.TRAIN] == 0
    stored_split = {line.split("\t")[0]: line.split("\t")[1] for line in stored}
    assert all(stored_split[wcep_digest(i.key)] == i.split.value for i in hand)
    types = load_event_types()
    assert all(i.acled in {*types.acled_events, NONE} and i.plover in {*types.plover, NONE} for i in hand)


def test_unknown_data_sets_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown data sets"):
        load_items(DEVDATA, only=["wcep_by_hand"])


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("Estonia delivers a shipment of Javelin anti-tank missiles to Ukraine.", ("AID", NONE)),
        ("The death toll in Gaza increases to 1,200, with 5,600 others injured.", (NONE, NONE)),
        ("Gunmen attack a police checkpoint, killing four officers.", ("ASSAULT", "Armed clash")),
        ("Gunmen kill ten people in a mass shooting at a pool hall.", ("ASSAULT", "Attack")),
        ("M23 rebels capture the town of Bunagana.", ("FIGHT", "Non-state actor overtakes territory")),
        ("Ukrainian forces recapture Bucha from Russian troops.", ("FIGHT", "Government regains territory")),
        ("Thousands protest in the capital against the new law.", ("PROTEST", "Peaceful protest")),
    ],
)
def test_silver_labels_of_wikipedia_items_follow_classes_of_phrasing(text: str, labels: tuple) -> None:
    assert wcep_labels(text) == labels
