#!/usr/bin/env bash
# Set everything up, then run the whole test suite: lint, types, fast tests, model tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check src tests scripts bench
.venv/bin/ruff format --check src tests scripts bench
.venv/bin/mypy
.venv/bin/pytest -W error -m "not model" -q
.venv/bin/pytest -W error -m model -q
