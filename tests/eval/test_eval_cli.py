"""``sitrep eval`` as a user runs it: tables, JSON, the HTML report, one-line errors.

The fast tests swap the pipeline for a canned predictor; the one marked test runs the real one.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from eval_fakes import FIXTURES, canned, event, output
from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.eval import Predict

EXPORT = FIXTURES / "acled_export.csv"


@pytest.fixture
def fake_sitrep(monkeypatch: pytest.MonkeyPatch) -> None:
    outputs = {
        "XLA101": output(
            event("Armed clash", actors=("army",), killed=4, place="Velmora", lat=8.45, lon=12.33)
        ),
        "XLA102": output(event("Armed clash", confidence=0.95)),
        "XLA103": output(event("Air/drone strike", killed=2)),
    }

    @contextlib.contextmanager
    def predictor(settings: object) -> Iterator[Predict]:
        yield canned(outputs)

    monkeypatch.setattr("sitrep.cli.eval_predictor", predictor)


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["eval", *args], env={"COLUMNS": "400"})
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.usefixtures("fake_sitrep")
def test_tables_show_scores_confusion_and_worst_errors() -> None:
    code, out, err = invoke(str(EXPORT))
    assert code == 0, err
    for wanted in (
        "4 samples scored, 3 skipped",
        "ACLED sub-event type",
        "micro",
        "macro",
        "weighted",
        "accuracy 0.500",
        "gold label",
        "actor1 recall",
        "location within 25 km",
        "Worst errors",
        "XLA102",
        "teachers marched peacefully",  # the text of the worst error
        "acled_export.csv:6: sub_event_type 'Sky battle'",
    ):
        assert wanted in out, wanted


@pytest.mark.usefixtures("fake_sitrep")
def test_json_output_and_html_report(tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    code, out, err = invoke(
        str(EXPORT), "--format", "acled", "--json", "--html", str(report), "--errors", "2"
    )
    assert code == 0, err
    result = json.loads(out)
    assert result["format"] == "acled" and result["samples"] == 4
    sub = result["classifications"][0]
    assert sub["name"] == "ACLED sub-event type" and sub["accuracy"] == 0.5
    assert set(sub["averages"]) == {"micro", "macro", "weighted"}
    assert sub["confusion"]["labels"][0] == "Armed clash"
    assert len(result["worst_errors"]) == 2 and len(result["skipped"]) == 3
    page = report.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert page.count("<svg") == 4  # bars and heat map for each of the two labelling tasks
    assert "Confusion matrix" in page and "Worst errors" in page and "teachers marched" in page
    assert "<script" not in page and "http" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temporary file left
    assert f"report written to {report}" in err


@pytest.mark.usefixtures("fake_sitrep")
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["/no/such/gold.csv"], "/no/such/gold.csv: no such file or folder"),
        ([str(FIXTURES / "labels.tsv"), "--format", "geo"], "labels.tsv: not well-formed XML"),
        ([str(FIXTURES / "labels.tsv"), "--format", "acled"], "labels.tsv: not an ACLED export"),
    ],
)
def test_bad_gold_is_one_line_and_exit_2(args: list[str], message: str) -> None:
    code, out, err = invoke(*args)
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.usefixtures("fake_sitrep")
def test_unwritable_report_is_one_line(tmp_path: Path) -> None:
    code, _, err = invoke(str(EXPORT), "--html", str(tmp_path / "missing" / "report.html"))
    assert code == 2 and "cannot write" in err and "Traceback" not in err


@pytest.mark.model
def test_real_sitrep_scores_a_small_acled_export(tmp_path: Path) -> None:
    gold = FIXTURES / "acled_model.csv"
    report = tmp_path / "report.html"
    result = subprocess.run(
        [sys.executable, "-m", "sitrep", "eval", str(gold), "--json", "--html", str(report)],
        capture_output=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()
    scores = json.loads(result.stdout)
    assert scores["format"] == "acled" and scores["samples"] == 3 and scores["skipped"] == []
    sub, event_type = scores["classifications"]
    assert sub["name"] == "ACLED sub-event type" and event_type["name"] == "ACLED event type"
    assert sum(map(sum, sub["confusion"]["counts"])) == 3
    for average in sub["averages"].values():
        assert set(average) == {"precision", "recall", "f1"}
        assert all(0.0 <= value <= 1.0 for value in average.values())
    names = [m["name"] for m in scores["measures"]]
    assert names[:3] == ["actor1 recall", "actor2 recall", "fatalities exact"]
    assert report.read_text(encoding="utf-8").count("<svg") == 4


def test_readme_documents_every_format_and_option() -> None:
    import typer.main
    from typer.core import TyperGroup

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Evaluate against your own gold data", 1)[1].split("\n## ", 1)[0]
    for gold_format in ("acled", "plover", "tsv", "geo", "golden"):
        assert gold_format in section, gold_format
    group = typer.main.get_command(app)
    assert isinstance(group, TyperGroup)
    command = group.commands["eval"]
    for parameter in command.params:
        for option in parameter.opts:
            if option.startswith("--"):
                assert f"`{option}" in section, option
