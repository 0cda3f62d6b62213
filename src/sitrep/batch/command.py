"""``sitrep batch INPUT... --out DIR``: the command line of batch runs (registered by `sitrep.cli`).

Shows progress (shards, documents, documents a second, rejections) on standard error, names
each rejected document there in one line, and ends with a summary. Exit status: 0 when every
document of this run went through, 1 when some were rejected (they are in
``DIR/rejections/``), 2 when the options, the output folder or the engine cannot be used.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress as Bar
from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn

from sitrep.batch.run import BatchOptions, EngineName, Progress, run_batch
from sitrep.batch.tables import OutputFormat
from sitrep.batch.work import ShardOutput
from sitrep.config import Settings
from sitrep.errors import SitrepError
from sitrep.model import InputFormat, Rejection
from sitrep.options import EncodingOption, NoAnalysisOption, TzOption

err = Console(stderr=True, highlight=False, soft_wrap=True)


def batch_command(
    inputs: Annotated[
        list[str], typer.Argument(help="JSON Lines (.jsonl, .jsonl.gz, .jsonl.zst), WARC files, folders.")
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder: shards and manifest.json.")],
    output_format: Annotated[
        OutputFormat,
        typer.Option(
            "--format", "-f", help="jsonl: sitrep/1 objects; parquet: tables of reports, events, entities."
        ),
    ] = OutputFormat.JSONL,
    engine: Annotated[
        EngineName, typer.Option("--engine", help="local: processes of this machine; dask: a Dask cluster.")
    ] = EngineName.LOCAL,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            "-w",
            help="Worker processes (local engine, or a local Dask cluster); default: cores.",
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Address of an existing Dask scheduler, e.g. tcp://10.0.0.5:8786."),
    ] = None,
    partition_size: Annotated[
        int,
        typer.Option("--partition-size", help="Documents per shard (fixed for a run and its resumption)."),
    ] = 64,
    memory_limit: Annotated[
        str,
        typer.Option(
            "--memory-limit", help="Memory limit of each local Dask worker, e.g. 2GB (auto: share)."
        ),
    ] = "auto",
    db: Annotated[
        str | None,
        typer.Option("--db", help="Also load every document into this store (sitrep.db, postgresql://...)."),
    ] = None,
    restart: Annotated[
        bool, typer.Option("--restart", help="Start over in an output folder that holds another run.")
    ] = False,
    no_analysis: NoAnalysisOption = False,
    tz: TzOption = None,
    input_format: Annotated[
        InputFormat | None, typer.Option("--input-format", help="Force the format of single-document files.")
    ] = None,
    encoding: EncodingOption = None,
    max_mb: Annotated[
        float, typer.Option("--max-mb", help="Largest document accepted, in megabytes.")
    ] = 50.0,
) -> None:
    """Run the pipeline over a corpus into shards; rerun the same command to resume."""
    try:
        settings = Settings(
            max_bytes=int(max_mb * 1024 * 1024), timezone=tz, input_format=input_format, encoding=encoding
        )
        options = BatchOptions(
            inputs=tuple(inputs),
            out=out,
            output_format=output_format,
            engine=engine,
            workers=workers or os.cpu_count() or 1,
            scheduler=scheduler,
            partition_size=partition_size,
            analyse=not no_analysis,
            restart=restart,
            memory_limit=memory_limit,
            db=db,
            worker_log_level=logging.INFO if logging.getLogger().level <= logging.INFO else logging.ERROR,
        )
    except SitrepError as exc:
        err.print(f"sitrep: error: {exc}", markup=False)
        raise typer.Exit(2) from exc
    bar = Bar(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err, transient=True
    )
    task = bar.add_task("starting workers and loading the pipeline", total=None)

    def on_shard(shard: ShardOutput, progress: Progress) -> None:
        bar.update(
            task,
            description=f"{progress.shards} shard(s), {progress.documents} document(s), "
            f"{progress.rate:.1f} documents/s, {progress.rejections} rejected",
        )

    def on_rejection(rejection: Rejection) -> None:
        bar.console.print(f"sitrep: skipped {rejection.origin}: {rejection.reason}", markup=False)

    try:
        with bar:
            summary = run_batch(options, settings, on_shard=on_shard, on_rejection=on_rejection)
    except SitrepError as exc:
        err.print(f"sitrep: error: {exc}", markup=False)
        raise typer.Exit(2) from exc
    progress = summary.progress
    resumed = f", {progress.resumed_shards} shard(s) done before" if progress.resumed_shards else ""
    err.print(
        f"sitrep: {progress.documents} document(s) in {progress.shards} shard(s){resumed}, "
        f"{progress.rejections} rejected, {progress.rate:.1f} documents/s ({summary.engine}); "
        f"{summary.totals.get('documents', 0)} document(s) in {out}",
        markup=False,
    )
    if progress.rejections:
        raise typer.Exit(1)
