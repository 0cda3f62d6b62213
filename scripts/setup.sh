#!/usr/bin/env bash
# Set up sitrep's environment: uv (from PyPI) and the locked dependencies in .venv, then the
# dashboard: its npm packages from web/package-lock.json and its build into src/sitrep/web/dist.
set -euo pipefail
cd "$(dirname "$0")/.."
export UV_PYTHON_DOWNLOADS=never
if ! command -v uv >/dev/null 2>&1; then
  python3 -m pip install --quiet --disable-pip-version-check "uv==0.13.9"
fi
uv sync --frozen --quiet "$@"

if ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
  else
    echo "setup: the dashboard needs Node.js and npm (apt-get install nodejs npm)" >&2
    exit 1
  fi
fi
# npm ci only when the lock file changed since the last install (it re-extracts everything).
lock_sum="$(sha256sum web/package-lock.json | cut -d' ' -f1)"
if [ "$(cat web/node_modules/.sitrep-lock 2>/dev/null || true)" != "$lock_sum" ]; then
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_sum" > web/node_modules/.sitrep-lock
fi
(cd web && npm run --silent build)
