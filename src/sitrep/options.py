"""Command-line options that several `sitrep` commands share, typed once for typer.

A command that reads documents takes the same reading options with the same help, whether it
prints (`extract`), stores (`ingest`), polls (`watch`) or shards (`batch`) what it reads.
"""

from __future__ import annotations

from typing import Annotated

import typer

from sitrep.model import InputFormat

Inputs = Annotated[list[str], typer.Argument(help="Files, folders, URLs, or - for standard input.")]
TzOption = Annotated[
    str | None,
    typer.Option("--tz", help="Time zone for ticker times that name none, e.g. Europe/Berlin."),
]
InputFormatOption = Annotated[
    InputFormat | None,
    typer.Option("--input-format", help="Force the input format instead of detecting it."),
]
EncodingOption = Annotated[
    str | None, typer.Option("--encoding", help="Text encoding of the inputs (default UTF-8).")
]
MaxMbOption = Annotated[float, typer.Option("--max-mb", help="Largest input accepted, in megabytes.")]
NoAnalysisOption = Annotated[
    bool, typer.Option("--no-analysis", help="Only read documents into timed reports; code no events.")
]
AllowPrivate = Annotated[
    bool, typer.Option("--allow-private", help="Let URLs reach private, loopback and link-local addresses.")
]
Timeout = Annotated[
    float,
    typer.Option("--timeout", min=0.1, help="Seconds to wait for a server (to connect, between bytes)."),
]
