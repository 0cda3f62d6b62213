"""The `sitrep` command line: ``sitrep extract FILE|URL... --format json|jsonl|table``, ``sitrep watch``.

The only place that prints, sets up logging and picks exit codes. Exit status: 0 when every
document went through, 1 when some were rejected (each named on stderr in one line), 2 for a
usage error.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.logging import RichHandler

from sitrep import __version__
from sitrep.config import Settings, user_cache_dir
from sitrep.errors import SitrepError
from sitrep.eval.command import eval_command
from sitrep.export.files import write_atomically
from sitrep.export.sitrep_json import build_payload, extraction_to_json
from sitrep.export.table import render_extractions
from sitrep.ingest.http import Fetcher, FetchSettings
from sitrep.ingest.remote import read_locations
from sitrep.model import Extraction, InputFormat, Rejection
from sitrep.pipeline import extract, load_reader
from sitrep.watch_command import AllowPrivate, Timeout, watch_command

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn live crisis news into a structured, source-attributed event record.",
)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class OutputFormat(StrEnum):
    JSON = "json"
    JSONL = "jsonl"
    TABLE = "table"


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
) -> None:
    """sitrep: what happened, where, when, who did it, how many were hurt, and who says so."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(message)s",
        handlers=[RichHandler(console=err, show_time=False, show_path=False)],
    )
    # A first run builds the place index: say why it pauses, even without --verbose.
    logging.getLogger("sitrep.geo.gazetteer").setLevel(logging.INFO)


@app.command("extract")
def extract_command(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders, or - for standard input.")],
    output_format: Annotated[
        OutputFormat,
        typer.Option(
            "--format", "-f", help="json: one sitrep/1 object; jsonl: one per document; table: for reading."
        ),
    ] = OutputFormat.JSON,
    tz: Annotated[
        str | None,
        typer.Option("--tz", help="Time zone for ticker times that name none, e.g. Europe/Berlin."),
    ] = None,
    input_format: Annotated[
        InputFormat | None,
        typer.Option("--input-format", help="Force the input format instead of detecting it."),
    ] = None,
    encoding: Annotated[
        str | None, typer.Option("--encoding", help="Text encoding of the inputs (default UTF-8).")
    ] = None,
    max_mb: Annotated[float, typer.Option("--max-mb", help="Largest input accepted, in megabytes.")] = 50.0,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (atomically) instead of standard output."),
    ] = None,
    no_analysis: Annotated[
        bool, typer.Option("--no-analysis", help="Only read documents into timed reports; code no events.")
    ] = False,
    allow_private: AllowPrivate = False,
    timeout: Timeout = 20.0,
) -> None:
    """Read documents (files, folders, URLs) into timed reports, events and entities."""
    try:
        settings = Settings(
            max_bytes=int(max_mb * 1024 * 1024),
            timezone=tz,
            input_format=input_format,
            encoding=encoding,
            cache_dir=user_cache_dir(os.environ),
        )
        fetching = FetchSettings(timeout=timeout, max_bytes=settings.max_bytes, allow_private=allow_private)
    except SitrepError as exc:
        err.print(f"sitrep: error: {exc}")
        raise typer.Exit(2) from exc
    extractions: list[Extraction] = []
    rejections: list[Rejection] = []
    lines: list[str] = []
    try:
        reader = None if no_analysis else load_reader(settings)
    except SitrepError as exc:
        err.print(f"sitrep: error: {exc}", markup=False)
        raise typer.Exit(2) from exc
    with Fetcher(fetching) as fetcher:
        results = list(extract(read_locations(inputs, settings, fetcher), settings, reader))
    for result in results:
        if isinstance(result, Rejection):
            rejections.append(result)
            err.print(f"sitrep: skipped {result.origin}: {result.reason}", markup=False)
            continue
        extractions.append(result)
        if output_format is OutputFormat.JSONL:
            lines.append(json.dumps(extraction_to_json(result), ensure_ascii=False))
    if output_format is OutputFormat.TABLE:
        render_extractions(extractions, Console(file=sys.stdout, soft_wrap=False))
    else:
        text = (
            "".join(line + "\n" for line in lines)
            if output_format is OutputFormat.JSONL
            else json.dumps(build_payload(extractions, rejections), ensure_ascii=False, indent=1) + "\n"
        )
        _write(text, output)
    if rejections:
        total = len(extractions) + len(rejections)
        err.print(f"sitrep: {len(rejections)} of {total} document(s) rejected", markup=False)
        raise typer.Exit(1)


app.command("eval")(eval_command)
app.command("watch")(watch_command)


def _write(text: str, output: Path | None) -> None:
    """Write all of ``text`` or nothing: a file output is written to a temporary file first."""
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    write_atomically(output, text)


def main(argv: list[str] | None = None) -> Any:
    """Entry point of the ``sitrep`` console script."""
    return app(args=argv)
