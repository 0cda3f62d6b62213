"""Settings: each declared once, with its default and help text, and passed explicitly.

The CLI builds one `Settings` from its options; library code receives it as an argument and
never reads globals or the environment itself.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sitrep.errors import ConfigError
from sitrep.model import InputFormat

MAX_MEGABYTES = 1024 * 1024
"""The largest input size a user may allow, in megabytes (one terabyte)."""


def described(help: str, option: str | None = None) -> dict[str, str]:
    """Field metadata holding a setting's help text and the command-line option that sets it."""
    return {"help": help} | ({"option": option} if option else {})


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run of sitrep can be told."""

    max_bytes: int = field(
        default=50 * 1024 * 1024,
        metadata=described("Largest input accepted, in bytes; larger inputs are rejected.", "--max-mb"),
    )
    timezone: str | None = field(
        default=None,
        metadata=described(
            "Time zone for ticker times that do not name one (e.g. Europe/Berlin). "
            "Without it the document's own zone is used, else UTC.",
            "--tz",
        ),
    )
    input_format: InputFormat | None = field(
        default=None,
        metadata=described(
            "Force the input format (text, html, jsonl) instead of detecting it.", "--input-format"
        ),
    )
    encoding: str | None = field(
        default=None,
        metadata=described(
            "Text encoding of the inputs; default: UTF-8 (a byte-order mark or an HTML charset "
            "declaration is honoured).",
            "--encoding",
        ),
    )
    cache_dir: Path | None = field(
        default=None,
        metadata=described(
            "Where built indexes (the gazetteer) are cached; default: the user cache folder.", "--cache-dir"
        ),
    )

    @property
    def index_dir(self) -> Path:
        """The cache folder to use: ``cache_dir``, else ``~/.cache/sitrep`` (the command line
        passes `user_cache_dir`, which honours ``XDG_CACHE_HOME``)."""
        return self.cache_dir if self.cache_dir is not None else Path.home() / ".cache" / "sitrep"

    def __post_init__(self) -> None:
        if not 0 < self.max_bytes <= MAX_MEGABYTES * 1024 * 1024:
            raise ConfigError(
                f"max_bytes must be above 0 and at most {MAX_MEGABYTES:,} MB, not {self.max_bytes}"
            )
        if self.timezone is not None:
            try:
                ZoneInfo(self.timezone)
            except (ZoneInfoNotFoundError, ValueError) as exc:
                raise ConfigError(f"unknown time zone {self.timezone!r}") from exc


def user_cache_dir(environ: Mapping[str, str]) -> Path:
    """sitrep's folder in the user cache folder an environment names: ``$XDG_CACHE_HOME/sitrep``,
    else ``~/.cache/sitrep``. Only the command line calls it (with ``os.environ``)."""
    base = environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "sitrep"


def describe_settings() -> dict[str, str]:
    """Name → help text of every setting (``tests/test_docs.py`` checks the docs against it)."""
    return {f.name: f.metadata["help"] for f in fields(Settings)}


def setting_options() -> dict[str, str]:
    """Name → the ``sitrep extract`` option that sets it, of every setting."""
    return {f.name: f.metadata.get("option", "") for f in fields(Settings)}


def megabytes(value: float) -> int:
    """``--max-mb`` as bytes: a finite, positive number of megabytes."""
    if not math.isfinite(value) or not 0 < value <= MAX_MEGABYTES:
        raise ConfigError(f"--max-mb must be a number above 0 and at most {MAX_MEGABYTES:,}, not {value}")
    return max(1, int(value * 1024 * 1024))
