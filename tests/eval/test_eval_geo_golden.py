"""Geoparsing XML and sitrep's golden cases, against canned outputs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from eval_fakes import FIXTURES, canned, event, output, place

from sitrep.errors import InputError
from sitrep.eval import GoldFormat, evaluate
from sitrep.eval.gold_geo import GeoArticle, read_geo
from sitrep.eval.golden import GoldenCase, read_golden
from sitrep.eval.records import Skipped

GEO = FIXTURES / "toponyms.xml"
GOLDEN = FIXTURES / "golden"


def test_articles_and_toponyms_are_read_from_offsets_and_phrases() -> None:
    items = list(read_geo(GEO))
    articles = [i for i in items if isinstance(i, GeoArticle)]
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert [a.id for a in articles] == ["A1", "A2"]
    first, second = articles
    assert [(t.phrase, t.start, t.end) for t in first.toponyms] == [
        ("Nairobi", 33, 40),
        ("Nakuru", 45, 51),
        ("Kisumu", 80, 86),
    ]
    assert first.toponyms[0].lat == pytest.approx(-1.28333) and first.toponyms[2].lat is None
    assert [(t.phrase, second.text[t.start : t.end]) for t in second.toponyms] == [
        ("Lyon", "Lyon"),
        ("Paris", "Paris"),
    ]
    assert [s.where for s in skipped] == ["toponyms.xml: A2 toponym 3", "toponyms.xml: A3"]
    assert "not 'capital'" in skipped[0].reason


def test_toponyms_are_scored_on_spans_and_distances() -> None:
    nairobi = place("Nairobi", 33, 40, -1.29, 36.82)
    nakuru_far = place("Nakuru", 45, 51, 5.0, 30.0)  # about 894 km off
    kisumu = place("Kisumu", 80, 86, -0.1, 34.75)
    monday = place("Monday", 55, 61, 10.0, 10.0)  # not a place at all
    lyon = place("Lyon", 23, 27, 45.76, 4.84)
    predict = canned(
        {
            "A1": output(entities=(nairobi, nakuru_far, kisumu, monday)),
            "A2": output(entities=(lyon,)),
        }
    )
    evaluation = evaluate(GEO, predict)
    assert evaluation.format is GoldFormat.GEO and evaluation.samples == 2
    (toponyms,) = evaluation.detections
    totals = toponyms.detection.totals
    # A1: 4 predicted, 3 right, 3 gold; A2: 1 predicted, 1 right, 2 gold (Paris missed)
    assert (totals.predicted, totals.correct, totals.gold, totals.found) == (5, 4, 5, 4)
    assert toponyms.detection.averages.micro.precision == pytest.approx(4 / 5)
    assert toponyms.detection.averages.micro.recall == pytest.approx(4 / 5)
    assert toponyms.detection.averages.macro.recall == pytest.approx((3 / 3 + 1 / 2) / 2)
    measures = {m.name: (m.value, m.count) for m in evaluation.measures}
    # Recognised with gold coordinates: Nairobi, Nakuru, Lyon (Kisumu has none); Nakuru is far.
    assert measures["resolved within 161 km"] == (pytest.approx(2 / 3), 3)
    # All gold toponyms with coordinates: Nairobi, Nakuru, Lyon, Paris -> 2 of 4
    assert measures["resolved within 161 km, end to end"] == (pytest.approx(2 / 4), 4)
    # Errors: Nairobi 0.8 km, Nakuru 894 km, Lyon 1.4 km -> mean about 298.7 km
    assert measures["mean error"] == (pytest.approx(298.7, abs=0.1), 3)
    assert measures["median error"] == (pytest.approx(1.4, abs=0.1), 3)
    worst = evaluation.misses[0]
    assert worst.sample == "A1"
    assert any(p.startswith("'Nakuru' placed") for p in worst.problems) and "extra 'Monday'" in worst.problems
    assert evaluation.misses[1].problems == ("missed 'Paris'",)


def test_hostile_xml_is_not_expanded(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY x "xxxxxxxxxx"><!ENTITY y "&x;&x;&x;&x;&x;&x;&x;&x;">]>\n'
        "<articles><article docid='1'><text>&y;</text></article></articles>\n",
        encoding="utf-8",
    )
    items = list(read_geo(bomb))
    assert all(isinstance(i, Skipped) or "xxxxxxxxxx" not in i.text for i in items)


def test_broken_xml_is_one_line_naming_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("<articles><article><text>cut off", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        evaluate(broken, canned({}), GoldFormat.GEO)
    assert str(caught.value).startswith(f"{broken}: not well-formed XML") and "\n" not in str(caught.value)


def golden_events() -> dict[str, dict]:
    clash = event(
        "Armed clash",
        plover="FIGHT",
        actors=("soldiers", "Red Ridge Brigade"),
        killed=None,
        place="Velmora",
        date="2031-03-12",
        casualties=[{"outcome": "killed", "min": 4, "qualifier": "at_least"}],
    )
    march = event("Peaceful protest", plover="PROTEST", actors=("dockworkers",), place="Port Amsel")
    curfew = event("Other", plover="COERCE", summary="the governor imposed a night curfew")
    return {"01-velmora-clash": output(clash), "02-amsel-march": output(march, curfew)}


def test_golden_cases_are_read_with_their_settings() -> None:
    cases = [c for c in read_golden(GOLDEN) if isinstance(c, GoldenCase)]
    assert [c.id for c in cases] == ["01-velmora-clash", "02-amsel-march"]
    assert cases[0].query().timezone == "Africa/Lagos" and cases[1].query().timezone is None
    assert cases[0].body.startswith("VELMORA, March 12")


def test_golden_scores_follow_the_gate_rules() -> None:
    evaluation = evaluate(GOLDEN, canned(golden_events()), GoldFormat.GOLDEN)
    (events,) = evaluation.detections
    assert events.detection.averages.micro.recall == 1.0 and events.detection.averages.micro.precision == 1.0
    types, subs = evaluation.classifications
    assert types.accuracy == 1.0 and subs.accuracy == 1.0
    measures = {m.name: m.value for m in evaluation.measures}
    assert measures["type accuracy"] == 1.0 and measures["casualties accuracy"] == 1.0
    assert measures["clean case rate"] == 1.0 and measures["must-not violations"] == 0.0
    assert evaluation.misses == ()


def test_golden_misses_and_violations_lower_the_scores() -> None:
    outputs = golden_events()
    bandits = event("Armed clash", plover="FIGHT", actors=("bandits",), confidence=0.5)
    wrong_toll = event(
        "Armed clash",
        plover="FIGHT",
        actors=("soldiers",),
        place="Velmora",
        date="2031-03-12",
        casualties=[{"outcome": "killed", "min": 40, "qualifier": "at_least"}],
    )
    outputs["01-velmora-clash"] = output(wrong_toll, bandits)
    evaluation = evaluate(GOLDEN, canned(outputs), GoldFormat.GOLDEN)
    totals = evaluation.detections[0].detection.totals
    # The clash is missed (wrong toll); the bandits event breaks a must-not; 4 events, 2 good.
    assert (totals.gold, totals.found, totals.predicted, totals.correct) == (3, 2, 4, 2)
    measures = {m.name: m.value for m in evaluation.measures}
    assert measures["casualties accuracy"] == 0.0 and measures["type accuracy"] == 1.0
    assert measures["must-not violations"] == 1.0 and measures["clean case rate"] == 0.5
    (miss,) = evaluation.misses
    assert miss.sample == "01-velmora-clash" and "missed clash" in miss.problems
    assert any("'bandits' is the army's framing" in p for p in miss.problems)


def test_a_broken_case_file_is_skipped_not_fatal(tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    shutil.copytree(GOLDEN, folder)
    broken = json.loads((GOLDEN / "02-amsel-march.json").read_text(encoding="utf-8"))
    broken["events"][0]["types"] = ["MARCH"]
    (folder / "03-typo.json").write_text(json.dumps(broken), encoding="utf-8")
    evaluation = evaluate(folder, canned(golden_events()))
    assert evaluation.samples == 2
    assert [s.where for s in evaluation.skipped] == ["03-typo.json"]
    assert "['MARCH'] not in the vocabulary" in evaluation.skipped[0].reason


def test_an_empty_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no \*\.json case files"):
        evaluate(tmp_path, canned({}))
