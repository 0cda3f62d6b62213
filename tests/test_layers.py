"""The layering, checked on the imports of every module (an import-linter "layers" contract,
written out): data flows one way, no stage imports a later one, ``geo`` imports no spaCy, and
only the command line prints or reads the environment."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "sitrep"

# Lowest first. A module may import its own layer and the layers below it, never one above.
LAYERS: tuple[frozenset[str], ...] = tuple(
    frozenset(names.split())
    for names in (
        "__init__ vocab errors model config contract files",
        "ingest",
        "segment",
        "geo",
        "nlp",
        "code",
        "resources pipeline",
        "fuse",
        "store",
        "export report api web",
        "batch watch options",
        "eval",
        "cli __main__",
    )
)
LAYER_OF = {name: rank for rank, names in enumerate(LAYERS) for name in names}
# api/command.py is the `sitrep serve` command's command-line side (it prints the address and
# reads the token from the environment); it belongs with cli. batch/command.py and watch/command.py
# are likewise the `sitrep batch` and `sitrep watch` commands' command-line sides.
PRINTING_ALLOWED = {"cli", "api/command.py", "batch/command.py", "watch/command.py"}
# Reads $XDG_CACHE_HOME for the gazetteer's default cache folder; issue 7 §3 (the move to
# geo/) takes the reading to the command line.
ENVIRONMENT_ALLOWED = {"cli", "nlp/gazetteer.py", "api/command.py", "watch/command.py"}


def modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(SRC.rglob("*.py")):
        yield path.relative_to(SRC).as_posix(), path


def part_of(relative: str) -> str:
    """The layer name of a module: its package, or its own name for a top-level module."""
    first = relative.split("/", 1)[0]
    return first.removesuffix(".py")


def imports(path: Path) -> Iterator[tuple[str, int]]:
    """Every module ``path`` imports (at any depth: function-level imports count), with its line."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, node.lineno


def test_every_module_belongs_to_a_layer() -> None:
    unknown = sorted({part_of(rel) for rel, _ in modules()} - set(LAYER_OF))
    assert not unknown, f"place {unknown} in LAYERS (tests/test_layers.py)"


@pytest.mark.parametrize(("relative", "path"), list(modules()), ids=[rel for rel, _ in modules()])
def test_no_module_imports_a_later_stage(relative: str, path: Path) -> None:
    own = LAYER_OF[part_of(relative)]
    later = []
    for name, line in imports(path):
        parts = name.split(".")
        if parts[0] != "sitrep" or len(parts) < 2:
            continue
        target = parts[1]
        if LAYER_OF.get(target, -1) > own:
            later.append(f"line {line}: {name}")
    assert not later, f"{relative} imports later stages: {later}"


def test_geo_imports_no_spacy() -> None:
    found = [
        f"{rel} line {line}"
        for rel, path in modules()
        if part_of(rel) == "geo"
        for name, line in imports(path)
        if name.split(".")[0] in ("spacy", "thinc")
    ]
    assert not found, found


def calls_that_print_or_read_the_environment(path: Path) -> Iterator[tuple[str, int]]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("print", "input")
        ):
            yield "print", node.lineno
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            pair = (node.value.id, node.attr)
            if pair in {("sys", "stdout"), ("sys", "stderr"), ("typer", "echo"), ("rich", "print")}:
                yield "print", node.lineno
            elif pair in {("sys", "exit")}:
                yield "exit", node.lineno
            elif pair in {("os", "environ"), ("os", "getenv"), ("os", "environb")}:
                yield "environment", node.lineno
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Console":
            yield "print", node.lineno


def test_only_the_command_line_prints_exits_or_reads_the_environment() -> None:
    found = []
    for rel, path in modules():
        for what, line in calls_that_print_or_read_the_environment(path):
            allowed = PRINTING_ALLOWED if what in ("print", "exit") else ENVIRONMENT_ALLOWED
            if part_of(rel) not in allowed and rel not in allowed:
                found.append(f"{rel} line {line}: {what}")
    assert not found, found


def test_the_checks_see_a_violation(tmp_path: Path) -> None:
    module = tmp_path / "bad.py"
    module.write_text("import os\nimport sys\nfrom sitrep.cli import app\nprint(os.environ, sys.stdout)\n")
    assert ("sitrep.cli", 3) in list(imports(module))
    assert {w for w, _ in calls_that_print_or_read_the_environment(module)} == {"print", "environment"}
