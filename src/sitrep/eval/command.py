"""``sitrep eval GOLD``: the command line of the evaluation (registered by `sitrep.cli`).

Prints the scores as tables (or, with ``--json``, as one JSON object) on standard output and
writes the HTML report when asked. Exit status: 0 when the gold data was scored (skipped rows
are listed, not fatal), 2 when the gold data or the options cannot be used (one line on
standard error naming the file and the reason).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from sitrep.config import Settings
from sitrep.errors import SitrepError
from sitrep.eval.evaluate import evaluate, sitrep_predictor
from sitrep.eval.html import render_html
from sitrep.eval.records import Evaluation, GoldFormat, Json, Predict, Query, evaluation_to_json
from sitrep.eval.render import render_evaluation
from sitrep.export.files import write_atomically

err = Console(stderr=True, highlight=False, soft_wrap=True)


def eval_command(
    gold: Annotated[Path, typer.Argument(help="A gold file, or a folder of sitrep golden case files.")],
    gold_format: Annotated[
        GoldFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="acled: ACLED CSV export; plover: PLOVER JSON records; tsv: text and sub-event code; "
            "geo: LGL/TR-News XML; golden: sitrep golden cases. Detected when not given.",
        ),
    ] = None,
    html: Annotated[
        Path | None, typer.Option("--html", help="Also write a self-contained HTML report to this file.")
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="Score only the first N usable samples.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as one JSON object.")] = False,
    errors: Annotated[
        int, typer.Option("--errors", min=0, help="How many of the worst errors to show.")
    ] = 10,
    cache_dir: Annotated[
        Path | None, typer.Option("--cache-dir", help="Where the gazetteer index is cached.")
    ] = None,
) -> None:
    """Measure sitrep against gold data: precision, recall and F1, confusion, worst errors."""
    try:
        predict = sitrep_predictor(Settings(cache_dir=cache_dir))
        evaluation = run(gold, gold_format, predict, limit)
    except SitrepError as exc:
        err.print(f"sitrep: error: {exc}", markup=False)
        raise typer.Exit(2) from exc
    if as_json:
        sys.stdout.write(
            json.dumps(evaluation_to_json(evaluation, misses=errors), ensure_ascii=False, indent=1) + "\n"
        )
    else:
        render_evaluation(
            evaluation, Console(file=sys.stdout, highlight=False, width=output_width()), misses=errors
        )
    if html is not None:
        try:
            write_atomically(html, render_html(evaluation))
        except OSError as exc:
            err.print(f"sitrep: error: cannot write {html}: {exc.strerror or exc}", markup=False)
            raise typer.Exit(2) from exc
        err.print(f"sitrep: report written to {html}", markup=False)


def output_width() -> int | None:
    """The terminal's width; 160 columns when the tables go to a file or pipe (rich would
    otherwise squeeze them into 80), unless COLUMNS says otherwise."""
    if sys.stdout.isatty() or os.environ.get("COLUMNS"):
        return None
    return 160


def run(gold: Path, gold_format: GoldFormat | None, predict: Predict, limit: int | None) -> Evaluation:
    """Evaluate, with a progress line on a terminal."""
    if not err.is_terminal:
        return evaluate(gold, predict, gold_format, limit=limit)
    columns = (SpinnerColumn(), TextColumn("reading gold texts"), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("eval", total=limit)

        def predict_and_count(query: Query) -> Json:
            try:
                return predict(query)
            finally:
                progress.advance(task)

        return evaluate(gold, predict_and_count, gold_format, limit=limit)
