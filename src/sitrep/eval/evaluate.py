"""Evaluating sitrep against a gold file: ``path (+ format) + Predict → Evaluation``.

The gold file's format is detected when not given (`detect_format`); its samples are read in
file order (the first ``limit`` usable ones when a limit is given), each sample's text is read
by the `Predict` function, and the outputs are scored (`sitrep.eval.scoring`). A text sitrep
rejects counts as "no event" and is listed with the skipped rows. `sitrep_predictor` is the
real pipeline; tests pass a fake.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from sitrep.config import Settings
from sitrep.errors import ConfigError, InputError, MalformedInput
from sitrep.eval.gold_geo import read_geo
from sitrep.eval.gold_tables import read_acled, read_plover, read_tsv
from sitrep.eval.golden import read_golden
from sitrep.eval.output import Reading, read_output
from sitrep.eval.records import Evaluation, GoldFormat, Predict, Query, Results, Skipped
from sitrep.eval.scoring import Scored, score_acled, score_geo, score_golden, score_plover, score_tsv
from sitrep.ingest import read_bytes
from sitrep.model import InputFormat, Rejection
from sitrep.pipeline import run
from sitrep.resources import Resources
from sitrep.vocab import Stage

logger = logging.getLogger(__name__)

READERS: Mapping[GoldFormat, Callable[[Path], Iterable[Any]]] = {
    GoldFormat.ACLED: read_acled,
    GoldFormat.PLOVER: read_plover,
    GoldFormat.TSV: read_tsv,
    GoldFormat.GEO: read_geo,
    GoldFormat.GOLDEN: read_golden,
}
SCORERS: Mapping[GoldFormat, Callable[[Sequence[Any], Sequence[Reading]], Scored]] = {
    GoldFormat.ACLED: score_acled,
    GoldFormat.PLOVER: score_plover,
    GoldFormat.TSV: score_tsv,
    GoldFormat.GEO: score_geo,
    GoldFormat.GOLDEN: score_golden,
}
SNIFF_BYTES = 65536


def detect_format(path: Path) -> GoldFormat:
    """The gold format of a file or folder, from its name and its first bytes."""
    if path.is_dir():
        return GoldFormat.GOLDEN
    try:
        with path.open("rb") as stream:
            head = stream.read(SNIFF_BYTES).decode("utf-8-sig", errors="replace")
    except OSError as exc:
        raise MalformedInput(f"cannot be read: {exc.strerror or exc}", origin=str(path)) from exc
    start = head.lstrip()
    first_line = start.split("\n", 1)[0].lower()
    suffix = path.suffix.lower()
    if suffix == ".xml" or start.startswith("<"):
        return GoldFormat.GEO
    if start.startswith(("{", "[")) or suffix in (".json", ".jsonl"):
        return GoldFormat.GOLDEN if is_golden_case(path, start) else GoldFormat.PLOVER
    if "notes" in first_line and "sub_event_type" in first_line:
        return GoldFormat.ACLED
    if suffix == ".tsv" or "\t" in first_line:
        return GoldFormat.TSV
    raise MalformedInput("cannot tell the gold format; name it with --format", origin=str(path))


def is_golden_case(path: Path, head: str) -> bool:
    """True for a sitrep golden case file: one object with ``input`` and ``events``."""
    if not head.startswith("{"):
        return False
    try:
        raw = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return False
    return isinstance(raw, dict) and "input" in raw and "events" in raw


def take(items: Iterable[Any], limit: int | None) -> tuple[list[Any], list[Skipped]]:
    """The usable samples (at most ``limit``) and the skipped rows met on the way."""
    samples: list[Any] = []
    skipped: list[Skipped] = []
    for item in items:
        if limit is not None and len(samples) >= limit:
            break
        (skipped if isinstance(item, Skipped) else samples).append(item)
    return samples, skipped


def predict_all(samples: Sequence[Any], predict: Predict) -> Iterator[tuple[Reading, Skipped | None]]:
    """Each sample's results, read, with a note when sitrep rejected the text. A text that
    cannot be read (`InputError`) counts as no events; any other error ends the run."""
    for sample in samples:
        query: Query = sample.query()
        try:
            output = read_output(predict(query))
        except InputError as exc:
            yield Reading((), ()), Skipped(sample.where, f"sitrep could not read the text: {exc.reason}")
            continue
        if output.rejections:
            yield output, Skipped(sample.where, f"sitrep rejected the text: {'; '.join(output.rejections)}")
        else:
            yield output, None


def evaluate(
    path: Path,
    predict: Predict,
    gold_format: GoldFormat | None = None,
    *,
    limit: int | None = None,
) -> Evaluation:
    """Read the gold file, run ``predict`` on every usable sample and score the outputs.

    Raises `sitrep.errors.InputError` (naming the file) when the file cannot be used at all.
    """
    started = time.perf_counter()
    if not path.exists():
        raise MalformedInput("no such file or folder", origin=str(path))
    chosen = gold_format or detect_format(path)
    samples, skipped = take(READERS[chosen](path), limit)
    if not samples:
        why = f"; first problem: {skipped[0].where}: {skipped[0].reason}" if skipped else ""
        raise MalformedInput(f"no usable samples (read as {chosen.value} gold){why}", origin=str(path))
    outputs = []
    for output, note in predict_all(samples, predict):
        outputs.append(output)
        if note is not None:
            skipped.append(note)
    scored = SCORERS[chosen](samples, outputs)
    return Evaluation(
        source=str(path),
        format=chosen,
        samples=len(samples),
        classifications=scored.classifications,
        detections=scored.detections,
        measures=scored.measures,
        misses=scored.misses,
        skipped=tuple(skipped),
        seconds=time.perf_counter() - started,
    )


def sitrep_predictor(settings: Settings, resources: Resources) -> Predict:
    """The real pipeline as a `Predict`: every query read as plain text with the run's
    ``resources``, in its own time zone (UTC when the gold names none)."""

    base = replace(settings, input_format=InputFormat.TEXT)

    def predict(query: Query) -> Results:
        try:
            query_settings = replace(base, timezone=query.timezone or settings.timezone or "UTC")
        except ConfigError as exc:
            raise MalformedInput(f"bad settings: {exc.reason}", origin=query.id) from exc
        origin = f"{query.id}.txt"
        try:
            inputs = read_bytes(query.text.encode("utf-8"), origin, query_settings)
        except InputError as exc:
            return (Rejection(origin, Stage.INGEST, exc.reason),)
        return tuple(run(inputs, resources, query_settings))

    return predict
