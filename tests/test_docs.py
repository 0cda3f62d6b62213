"""The documentation against the code (datasette's ``tests/test_docs.py`` is the model): every
option of every command and every setting is documented in the README's option tables."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import typer.main

from sitrep.cli import app
from sitrep.config import describe_settings, setting_options

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
ROWS = [line for line in README.splitlines() if line.startswith("| `")]
COMMAND: Any = typer.main.get_command(app)


def documented(names: list[str]) -> bool:
    """Whether a README table row names the option (by any of its names)."""
    first_cells = [row.split("|")[1] for row in ROWS]
    return any(re.search(rf"`{re.escape(name)}(?=[ `|\\])", cell) for cell in first_cells for name in names)


def options(command: Any) -> list[Any]:
    return [p for p in command.params if p.param_type_name == "option" and p.name != "help"]


@pytest.mark.parametrize("name", sorted(COMMAND.commands))
def test_every_option_of_every_command_is_in_the_readme(name: str) -> None:
    missing = [o.opts[0] for o in options(COMMAND.commands[name]) if not documented(o.opts)]
    assert not missing, f"sitrep {name}: undocumented options {missing}"


def test_every_global_option_is_in_the_readme() -> None:
    missing = [o.opts[0] for o in options(COMMAND) if not documented(o.opts)]
    assert not missing, f"undocumented options {missing}"


def test_every_setting_has_help_and_an_extract_option_that_is_documented() -> None:
    extract = {opt for o in options(COMMAND.commands["extract"]) for opt in o.opts}
    helps, settings_options = describe_settings(), setting_options()
    assert set(helps) == set(settings_options)
    for name, help_text in helps.items():
        assert len(help_text) > 20, name
        assert settings_options[name] in extract, (
            f"setting {name}: no extract option {settings_options[name]}"
        )
        assert documented([settings_options[name]]), name
