#!/usr/bin/env bash
# Set everything up, then run the whole test suite: lint, types, fast tests, model tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --group train
# The store's tests also run on a real PostgreSQL server (a throwaway cluster the tests start).
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "PostgreSQL server binaries missing: the store's PostgreSQL tests will be skipped" >&2
  fi
fi
# The dashboard's browser tests drive Debian's chromium (never a downloaded browser).
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi
.venv/bin/ruff check src tests scripts bench
.venv/bin/ruff format --check src tests scripts bench
.venv/bin/mypy
.venv/bin/pytest -W error -m "not model" -q
.venv/bin/pytest -W error -m model -q
