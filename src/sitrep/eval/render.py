"""An `Evaluation` as rich tables for a person at a terminal.

In:  an `Evaluation`.
Out: rich renderables for the command line to print: a summary line; per labelling task, the averages and one table holding
     each gold label's scores and its row of the confusion matrix; detection scores; the
     other measures; the worst errors with their text; the skipped rows.
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.console import RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from sitrep.eval.metrics import NONE, Averages
from sitrep.eval.records import Classification, Evaluation, Measure

SKIPPED_SHOWN = 10
TEXT_SHOWN = 240


def format_measure(measure: Measure) -> str:
    if measure.value is None:
        return "n/a"
    if measure.unit == "rate":
        return f"{measure.value:.3f}"
    if measure.unit == "count":
        return f"{measure.value:,.0f}"
    return f"{measure.value:,.1f} {measure.unit}"


def shorten(text: str, limit: int = TEXT_SHOWN) -> str:
    """One line of at most ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def averages_table(title: str, averages: Averages) -> Table:
    table = Table(title=title, title_justify="left")
    for column in ("average", "precision", "recall", "F1"):
        table.add_column(column, justify="left" if column == "average" else "right")
    for name in ("micro", "macro", "weighted"):
        rates = getattr(averages, name)
        table.add_row(name, f"{rates.precision:.3f}", f"{rates.recall:.3f}", f"{rates.f1:.3f}")
    return table


def classification_table(classification: Classification) -> Table:
    """Per label: support, P, R, F1, then the label's row of the confusion matrix (columns are
    the predicted labels, numbered as the rows; the diagonal is right)."""
    labels = classification.matrix.labels
    scores = {s.label: s for s in classification.scores}
    table = Table(
        title=f"{escape(classification.name)}: per label and confusion (rows gold, columns predicted)",
        title_justify="left",
    )
    table.add_column("#", justify="right", style="dim")
    table.add_column("gold label")
    for column in ("n", "P", "R", "F1"):
        table.add_column(column, justify="right")
    for number in range(1, len(labels) + 1):
        table.add_column(str(number), justify="right")
    for i, label in enumerate(labels):
        if label == NONE and not sum(classification.matrix.counts[i]):
            continue  # no gold item is "none": its row would be empty
        score = scores.get(label)
        cells = [
            Text(str(count) if count else "·", style=("bold green" if i == j else "red") if count else "dim")
            for j, count in enumerate(classification.matrix.counts[i])
        ]
        rates = (
            [f"{score.rates.precision:.2f}", f"{score.rates.recall:.2f}", f"{score.rates.f1:.2f}"]
            if score
            else ["", "", ""]
        )
        support = sum(classification.matrix.counts[i])
        table.add_row(str(i + 1), Text(label), str(support), *rates, *cells)
    return table


def render_evaluation(evaluation: Evaluation, *, misses: int = 10) -> Iterator[RenderableType]:
    """The whole evaluation, as renderables to print one after the other."""
    yield Text.from_markup(
        f"[bold]sitrep eval[/bold] {escape(evaluation.source)} ({evaluation.format.value}): "
        f"{evaluation.samples} samples scored, {len(evaluation.skipped)} skipped, {evaluation.seconds:.1f} s"
    )
    if evaluation.classifications:
        yield Text.from_markup(
            "[dim]'none' is no event: it is not scored as a class, so it lowers recall, not precision[/dim]"
        )
    for classification in evaluation.classifications:
        yield Text()
        yield averages_table(
            f"{escape(classification.name)} (accuracy {classification.accuracy:.3f})",
            classification.averages,
        )
        yield classification_table(classification)
    for detection in evaluation.detections:
        totals = detection.detection.totals
        yield Text()
        yield averages_table(f"{escape(detection.name)} found in text", detection.detection.averages)
        yield Text.from_markup(
            f"[dim]{totals.correct} of {totals.predicted} predicted are right; {totals.found} of {totals.gold} gold "
            f"found; macro and weighted averages over {detection.detection.units} {detection.unit}s[/dim]"
        )
    if evaluation.measures:
        table = Table(title="Measures", title_justify="left")
        for column in ("measure", "value", "n", "what it counts"):
            table.add_column(column, justify="right" if column in ("value", "n") else "left")
        for measure in evaluation.measures:
            table.add_row(
                Text(measure.name), format_measure(measure), str(measure.count), Text(measure.about)
            )
        yield Text()
        yield table
    if evaluation.misses and misses:
        table = Table(
            title=f"Worst errors ({min(misses, len(evaluation.misses))} of {len(evaluation.misses)})",
            title_justify="left",
            show_lines=True,
        )
        for column in ("sample", "gold", "sitrep", "what is wrong", "text"):
            table.add_column(column, overflow="fold")
        for miss in evaluation.misses[:misses]:
            table.add_row(
                *(
                    Text(v)
                    for v in (
                        miss.sample,
                        miss.gold,
                        miss.predicted,
                        "\n".join(miss.problems),
                        shorten(miss.text),
                    )
                )
            )
        yield Text()
        yield table
    if evaluation.skipped:
        yield Text()
        yield Text.from_markup(f"[bold]Skipped[/bold] ({len(evaluation.skipped)}):")
        for skipped in evaluation.skipped[:SKIPPED_SHOWN]:
            yield Text(f"  {skipped.where}: {skipped.reason}")
        if len(evaluation.skipped) > SKIPPED_SHOWN:
            yield Text(f"  … and {len(evaluation.skipped) - SKIPPED_SHOWN} more (--json lists them all)")
