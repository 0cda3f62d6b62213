"""The `sitrep` command line: ``sitrep extract FILE...``; the living record's ``sitrep ingest``,
``sitrep events`` and ``sitrep figures``; ``sitrep serve``; ``sitrep eval GOLD``.

The only place that prints, sets up logging, reads the environment and picks exit codes.
Exit status: 0 when every document went through, 1 when some were rejected (each named on
stderr in one line), 2 for a usage error (a bad option, an output that cannot be written).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import time
from collections.abc import Iterable, Iterator
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console, RenderableType
from rich.logging import RichHandler
from rich.progress import MofNCompleteColumn, Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn

from sitrep import __version__
from sitrep.api.command import serve_command
from sitrep.batch.command import batch_command
from sitrep.config import Settings, megabytes, user_cache_dir
from sitrep.errors import SitrepError
from sitrep.eval.evaluate import evaluate, sitrep_predictor
from sitrep.eval.html import render_html
from sitrep.eval.records import Evaluation, GoldFormat, Predict, Query, Results, evaluation_to_json
from sitrep.eval.render import render_evaluation
from sitrep.export.living import events_payload, figures_payload, render_events, render_figures
from sitrep.export.sitrep_json import build_payload, extraction_to_json
from sitrep.export.table import render_extractions
from sitrep.files import check_output_path, write_atomically
from sitrep.ingest.http import Fetcher, FetchSettings
from sitrep.ingest.remote import read_locations
from sitrep.model import Extraction, Rejection
from sitrep.options import (
    AllowPrivate,
    EncodingOption,
    InputFormatOption,
    Inputs,
    MaxMbOption,
    NoAnalysisOption,
    Timeout,
    TzOption,
)
from sitrep.pipeline import run
from sitrep.report.command import ReportFormat, export_events, make_report
from sitrep.report.exports import ExportFormat
from sitrep.resources import Resources
from sitrep.store import Change, EventQuery, Store, StoredFusedEvent
from sitrep.store.intake import LazyResources, Stored, ingest_inputs
from sitrep.watch.command import watch_command

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn live crisis news into a structured, source-attributed event record.",
)
# Messages are plain text: a file named "x:100:.jsonl" must not turn into an emoji, nor
# "[bold]" into style.
err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False, emoji=False)


class OutputFormat(StrEnum):
    JSON = "json"
    JSONL = "jsonl"
    TABLE = "table"


class OneLine(logging.Formatter):
    """``sitrep: warning: message``, a message always on one line (for pipes and log files)."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        return f"sitrep: {record.levelname.lower()}: {' '.join(record.getMessage().split())}"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sitrep {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress details.")] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Log debugging details, with the traceback of every rejection.")
    ] = False,
) -> None:
    """sitrep: what happened, where, when, who did it, how many were hurt, and who says so."""
    handler: logging.Handler
    if err.is_terminal:
        handler = RichHandler(console=err, show_time=False, show_path=False, markup=False)
        handler.setFormatter(logging.Formatter("%(message)s"))
    else:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(OneLine())
    level = logging.DEBUG if debug else logging.INFO if verbose else logging.WARNING
    logging.basicConfig(level=level, handlers=[handler], force=True)
    # A first run builds the place index: say why it pauses, even without --verbose.
    logging.getLogger("sitrep.geo.gazetteer").setLevel(min(level, logging.INFO))


def usage_error(message: object) -> typer.Exit:
    """Print one line about a usage error; the caller raises the returned exit (status 2)."""
    err.print(f"sitrep: error: {message}")
    return typer.Exit(2)


@app.command("extract")
def extract_command(
    inputs: Inputs,
    output_format: Annotated[
        OutputFormat,
        typer.Option(
            "--format", "-f", help="json: one sitrep/1 object; jsonl: one per document; table: for reading."
        ),
    ] = OutputFormat.JSON,
    tz: TzOption = None,
    input_format: InputFormatOption = None,
    encoding: EncodingOption = None,
    max_mb: MaxMbOption = 50.0,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (atomically) instead of standard output."),
    ] = None,
    no_analysis: NoAnalysisOption = False,
    cache_dir: Annotated[
        Path | None, typer.Option("--cache-dir", help="Where the gazetteer index is cached.")
    ] = None,
    allow_private: AllowPrivate = False,
    timeout: Timeout = 20.0,
) -> None:
    """Read documents (files, folders, URLs) into timed reports, events and entities."""
    try:
        settings = Settings(
            max_bytes=megabytes(max_mb),
            timezone=tz,
            input_format=input_format,
            encoding=encoding,
            cache_dir=cache_dir or user_cache_dir(os.environ),
        )
        fetching = FetchSettings(timeout=timeout, max_bytes=settings.max_bytes, allow_private=allow_private)
        if output is not None:
            check_output_path(output)
        resources = Resources.segment_only() if no_analysis else Resources.load(settings)
    except SitrepError as exc:
        raise usage_error(exc) from exc
    with resources, Fetcher(fetching) as fetcher:
        try:
            documents = read_locations(inputs, settings, fetcher)
        except SitrepError as exc:
            raise usage_error(exc) from exc
        extractions, rejections = _collect(run(documents, resources, settings))
    if output_format is OutputFormat.TABLE:
        _print(render_extractions(extractions), output)
    elif output_format is OutputFormat.JSONL:
        _write(
            "".join(json.dumps(extraction_to_json(e), ensure_ascii=False) + "\n" for e in extractions), output
        )
    else:
        _write(
            json.dumps(build_payload(extractions, rejections), ensure_ascii=False, indent=1) + "\n", output
        )
    if rejections:
        total = len(extractions) + len(rejections)
        err.print(f"sitrep: {len(rejections)} of {total} document(s) rejected")
        raise typer.Exit(1)


def _collect(results: Iterable[Extraction | Rejection]) -> tuple[list[Extraction], list[Rejection]]:
    """Split a run's results, naming each rejection on stderr as it comes."""
    extractions: list[Extraction] = []
    rejections: list[Rejection] = []
    for result in results:
        if isinstance(result, Rejection):
            rejections.append(result)
            err.print(f"sitrep: skipped {result.origin}: {result.reason}")
        else:
            extractions.append(result)
    return extractions, rejections


@contextlib.contextmanager
def eval_predictor(settings: Settings) -> Iterator[Predict]:
    """The real pipeline as a `Predict`, its resources open for the length of the block."""
    with Resources.load(settings) as resources:
        yield sitrep_predictor(settings, resources)


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
    """Measure sitrep against gold data: precision, recall and F1, confusion, worst errors.

    Exit status: 0 when the gold data was scored (skipped rows are listed, not fatal), 2 when
    the gold data or the options cannot be used.
    """
    try:
        if html is not None:
            check_output_path(html)
        with eval_predictor(Settings(cache_dir=cache_dir or user_cache_dir(os.environ))) as predict:
            evaluation = _evaluate(gold, gold_format, predict, limit)
    except SitrepError as exc:
        raise usage_error(exc) from exc
    if as_json:
        _write(json.dumps(evaluation_to_json(evaluation, misses=errors), ensure_ascii=False, indent=1) + "\n")
    else:
        _print(render_evaluation(evaluation, misses=errors), None, width=output_width())
    if html is not None:
        try:
            write_atomically(html, render_html(evaluation))
        except (OSError, SitrepError) as exc:
            raise usage_error(f"cannot write {html}: {getattr(exc, 'strerror', None) or exc}") from exc
        err.print(f"sitrep: report written to {html}")


def output_width() -> int | None:
    """The terminal's width; 160 columns when the tables go to a file or pipe (rich would
    otherwise squeeze them into 80), unless COLUMNS says otherwise."""
    if sys.stdout.isatty() or os.environ.get("COLUMNS"):
        return None
    return 160


def _evaluate(gold: Path, gold_format: GoldFormat | None, predict: Predict, limit: int | None) -> Evaluation:
    """Evaluate, with a progress line on a terminal."""
    if not err.is_terminal:
        return evaluate(gold, predict, gold_format, limit=limit)
    columns = (SpinnerColumn(), TextColumn("reading gold texts"), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("eval", total=limit)

        def predict_and_count(query: Query) -> Results:
            try:
                return predict(query)
            finally:
                progress.advance(task)

        return evaluate(gold, predict_and_count, gold_format, limit=limit)


def _print(renderables: Iterable[RenderableType], output: Path | None, *, width: int | None = None) -> None:
    """Render for a person: to standard output, or (recorded) into ``output``."""
    if output is None:
        console = Console(file=sys.stdout, soft_wrap=False, width=width)
        with _stdout_errors():
            for renderable in renderables:
                console.print(renderable)
        return
    recorder = Console(record=True, file=open(os.devnull, "w"), width=width or 160)  # noqa: SIM115
    with contextlib.closing(recorder.file):
        for renderable in renderables:
            recorder.print(renderable)
    _write(recorder.export_text(), output)


def _write(text: str, output: Path | None = None) -> None:
    """Write all of ``text`` or nothing: a file output is written to a temporary file first."""
    if output is None:
        with _stdout_errors():
            sys.stdout.write(text)
            sys.stdout.flush()
        return
    try:
        write_atomically(output, text)
    except (OSError, SitrepError) as exc:
        raise usage_error(f"cannot write {output}: {getattr(exc, 'strerror', None) or exc}") from exc


@contextlib.contextmanager
def _stdout_errors() -> Iterator[None]:
    """A standard output that cannot take the text (a full disk, a closed pipe) is one line
    on stderr and exit status 2, not a traceback."""
    try:
        yield
    except OSError as exc:
        # Point stdout at /dev/null so that the interpreter's own flush at exit stays quiet.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise usage_error(f"cannot write standard output: {exc.strerror or exc}") from exc


def main(argv: list[str] | None = None) -> Any:
    """Entry point of the ``sitrep`` console script."""
    return app(args=argv)


# ---------------------------------------------------------------------------------------------
# The living record: sitrep ingest, sitrep events, sitrep figures

DEFAULT_DB = "sitrep.db"
DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        envvar="SITREP_DB",
        help="The store: an SQLite file or URL (sqlite:///path), or postgresql://user@host/db. "
        "Default: ./sitrep.db, or SITREP_DB.",
    ),
]


def _open_store(db: str, *, create: bool) -> Store:
    try:
        return Store.open(db, create=create)
    except SitrepError as exc:
        err.print(f"sitrep: error: {exc}", markup=False)
        raise typer.Exit(2) from exc


@app.command("ingest")
def ingest_command(
    inputs: Inputs,
    db: DbOption = DEFAULT_DB,
    tz: TzOption = None,
    input_format: InputFormatOption = None,
    encoding: EncodingOption = None,
    max_mb: MaxMbOption = 50.0,
    allow_private: AllowPrivate = False,
    timeout: Timeout = 20.0,
) -> None:
    """Read documents (files, folders, URLs) and store them in the living record (the same document twice adds nothing)."""
    try:
        settings = Settings(
            max_bytes=megabytes(max_mb),
            timezone=tz,
            input_format=input_format,
            encoding=encoding,
            cache_dir=user_cache_dir(os.environ),
        )
        fetching = FetchSettings(timeout=timeout, max_bytes=settings.max_bytes, allow_private=allow_private)
        resources = LazyResources(settings)  # loaded when raw text first needs reading
    except SitrepError as exc:
        err.print(f"sitrep: error: {exc}", markup=False)
        raise typer.Exit(2) from exc
    tally: dict[Change, int] = dict.fromkeys(Change, 0)
    started = time.monotonic()
    with resources, Fetcher(fetching) as fetcher:
        store = _open_store(db, create=True)
        try:
            with _ingest_progress() as progress:
                for stored in ingest_inputs(inputs, settings, store, resources, fetcher):
                    tally[stored.outcome.change] += 1
                    _report_stored(stored, progress)
        except SitrepError as exc:
            err.print(f"sitrep: error: {exc}", markup=False)
            raise typer.Exit(2) from exc
        finally:
            store.close()
    done = sum(tally.values())
    seconds = time.monotonic() - started
    summary = ", ".join(f"{n} {change.value}" for change, n in tally.items() if n) or "nothing"
    err.print(f"sitrep: {done} document(s) in {seconds:.1f} s into {db}: {summary}", markup=False)
    if tally[Change.REJECTED]:
        raise typer.Exit(1)


class _Progress:
    """A rich progress line on a terminal (documents, documents/s, rejections); else nothing."""

    def __init__(self) -> None:
        self.bar: Progress | None = None
        self.task: TaskID | None = None
        self.rejected = 0

    def __enter__(self) -> _Progress:
        if err.is_terminal:
            self.bar = Progress(
                SpinnerColumn(),
                TextColumn("{task.completed} documents"),
                TextColumn("{task.fields[rate]} documents/s"),
                TextColumn("{task.fields[rejected]} rejected"),
                TimeElapsedColumn(),
                console=err,
                transient=True,
            )
            self.bar.__enter__()
            self.task = self.bar.add_task("ingest", total=None, rate="0.0", rejected=0)
        self.started = time.monotonic()
        return self

    def advance(self, rejected: bool) -> None:
        self.rejected += rejected
        if self.bar is not None and self.task is not None:
            done = self.bar.tasks[0].completed + 1
            rate = done / max(time.monotonic() - self.started, 1e-6)
            self.bar.update(self.task, completed=done, rate=f"{rate:.1f}", rejected=self.rejected)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def _ingest_progress() -> _Progress:
    return _Progress()


def _report_stored(stored: Stored, progress: _Progress) -> None:
    """One document's outcome: the bar advances; without a terminal, one log line."""
    outcome = stored.outcome
    rejected = outcome.change is Change.REJECTED
    progress.advance(rejected)
    if rejected and stored.rejection is not None:
        err.print(f"sitrep: skipped {stored.rejection.origin}: {stored.rejection.reason}", markup=False)
        return
    if progress.bar is not None:
        return
    what = outcome.change.value
    if outcome.change is Change.LINKED:
        what += f" to {outcome.duplicate_of} (similarity {outcome.similarity})"
    elif outcome.change in (Change.ADDED, Change.UPDATED):
        what += (
            f": {outcome.reports_added} new and {outcome.reports_changed} changed report(s), "
            f"{outcome.claims_added} claim(s), {outcome.events_created} new event(s)"
        )
    err.print(f"sitrep: {outcome.document_key} ({stored.origin}) {what}", markup=False)


class QueryFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


def _event_query(
    since: str | None,
    until: str | None,
    event_type: str | None,
    place: str | None,
    bbox: str | None,
    actor: str | None,
    source: str | None,
    text: str | None,
    limit: int | None,
    event_ids: tuple[str, ...] = (),
) -> EventQuery:
    try:
        box: tuple[float, float, float, float] | None = None
        if bbox:
            parts = [float(p) for p in bbox.split(",")]
            if len(parts) != 4:
                raise ValueError
            box = (parts[0], parts[1], parts[2], parts[3])
    except ValueError as exc:
        raise typer.BadParameter("--bbox takes WEST,SOUTH,EAST,NORTH in degrees") from exc
    try:
        return EventQuery(
            since=date.fromisoformat(since) if since else None,
            until=date.fromisoformat(until) if until else None,
            type=event_type,
            place=place,
            bbox=box,
            actor=actor,
            source=source,
            text=text,
            limit=limit,
            event_ids=event_ids,
        )
    except ValueError as exc:
        raise typer.BadParameter(f"dates are YYYY-MM-DD: {exc}") from exc


SinceOption = Annotated[str | None, typer.Option("--since", help="Events on or after this day (YYYY-MM-DD).")]
UntilOption = Annotated[
    str | None, typer.Option("--until", help="Events on or before this day (YYYY-MM-DD).")
]
TypeOption = Annotated[
    str | None,
    typer.Option("--type", help="A PLOVER type (FIGHT) or an ACLED event or sub-event type (Armed clash)."),
]
PlaceOption = Annotated[
    str | None, typer.Option("--place", help="A place name or country code (Almaty, KZ).")
]
BboxOption = Annotated[
    str | None, typer.Option("--bbox", help="A bounding box WEST,SOUTH,EAST,NORTH in degrees.")
]
ActorOption = Annotated[str | None, typer.Option("--actor", help="An actor's name or alias (words of it).")]
SourceOption = Annotated[
    str | None, typer.Option("--source", help="Who says so, or the outlet (words of it).")
]
TextOption = Annotated[str | None, typer.Option("--text", help="Words in a claim's summary.")]
LimitOption = Annotated[int | None, typer.Option("--limit", min=1, help="At most this many events.")]
FormatOption = Annotated[
    QueryFormat, typer.Option("--format", "-f", help="table: for reading; json: the sitrep/1 living record.")
]


@app.command("events")
def events_command(
    db: DbOption = DEFAULT_DB,
    since: SinceOption = None,
    until: UntilOption = None,
    event_type: TypeOption = None,
    place: PlaceOption = None,
    bbox: BboxOption = None,
    actor: ActorOption = None,
    source: SourceOption = None,
    text: TextOption = None,
    limit: LimitOption = None,
    output_format: FormatOption = QueryFormat.TABLE,
) -> None:
    """Fused events of the living record, with their claims, documents and figures."""
    query = _event_query(since, until, event_type, place, bbox, actor, source, text, limit)
    events = _query(db, query)
    if output_format is QueryFormat.JSON:
        _write(json.dumps(events_payload(events), ensure_ascii=False, indent=1) + "\n", None)
    else:
        render_events(events, Console(file=sys.stdout, soft_wrap=False))


@app.command("figures")
def figures_command(
    event_ids: Annotated[
        list[str] | None, typer.Argument(help="Fused event ids (f12); default: all.")
    ] = None,
    db: DbOption = DEFAULT_DB,
    since: SinceOption = None,
    until: UntilOption = None,
    event_type: TypeOption = None,
    place: PlaceOption = None,
    bbox: BboxOption = None,
    actor: ActorOption = None,
    source: SourceOption = None,
    text: TextOption = None,
    limit: LimitOption = None,
    output_format: FormatOption = QueryFormat.TABLE,
) -> None:
    """Casualty figures over time of an event or a place: every claim with its source."""
    query = _event_query(
        since, until, event_type, place, bbox, actor, source, text, limit, tuple(event_ids or ())
    )
    events = [e for e in _query(db, query) if e.figures]
    if output_format is QueryFormat.JSON:
        _write(json.dumps(figures_payload(events), ensure_ascii=False, indent=1) + "\n", None)
    else:
        render_figures(events, Console(file=sys.stdout, soft_wrap=False))


@app.command("report")
def report_command(
    db: DbOption = DEFAULT_DB,
    since: SinceOption = None,
    until: UntilOption = None,
    place: PlaceOption = None,
    since_last: Annotated[
        bool, typer.Option("--since-last", help="Say what changed since the last --since-last report.")
    ] = False,
    output_format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="md: Markdown; html: one self-contained page.")
    ] = ReportFormat.MD,
    max_words: Annotated[
        int | None,
        typer.Option("--max-words", min=1, help="Keep the most important sentences within N words."),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to FILE atomically.")] = None,
) -> None:
    """The situation report (figures, changes, restrictions, timeline, reactions, gaps), citing events."""
    if output is not None:
        _check_output(output)
    query = _event_query(since, until, None, place, None, None, None, None, None)
    with _stored(db) as store:
        text = make_report(store, query, output_format, max_words=max_words, since_last=since_last)
    _write(text, output)


@app.command("export")
def export_command(
    output_format: Annotated[ExportFormat, typer.Option("--format", "-f", help="The export format.")],
    db: DbOption = DEFAULT_DB,
    since: SinceOption = None,
    until: UntilOption = None,
    event_type: TypeOption = None,
    place: PlaceOption = None,
    bbox: BboxOption = None,
    actor: ActorOption = None,
    source: SourceOption = None,
    text: TextOption = None,
    limit: LimitOption = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to FILE atomically.")] = None,
) -> None:
    """Events as sitrep/1 JSON or JSON Lines, CSV in ACLED's columns, PLOVER records or GeoJSON."""
    if output is not None:
        _check_output(output)
    query = _event_query(since, until, event_type, place, bbox, actor, source, text, limit)
    with _stored(db) as store:
        exported = "".join(export_events(store, query, output_format))
    _write(exported, output)


def _check_output(output: Path) -> None:
    try:
        check_output_path(output)
    except SitrepError as exc:
        raise usage_error(exc) from exc


@contextlib.contextmanager
def _stored(db: str) -> Iterator[Store]:
    store = _open_store(db, create=False)
    try:
        yield store
    except SitrepError as exc:
        err.print(f"sitrep: error: {exc}", markup=False)
        raise typer.Exit(2) from exc
    finally:
        store.close()


def _query(db: str, query: EventQuery) -> list[StoredFusedEvent]:
    with _stored(db) as store:
        return store.events(query)


# The commands in the order a desk meets them: read, store, query, report; then watch, serve,
# batch and measure.
app.command("watch")(watch_command)
app.command("serve")(serve_command)
app.command("batch")(batch_command)
app.command("eval")(eval_command)
