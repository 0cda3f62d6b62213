#!/usr/bin/env bash
# Set everything up, then run sitrep on the bundled demo ticker and show what it read.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --no-dev
.venv/bin/sitrep extract examples/demo-ticker.txt --format table
.venv/bin/sitrep extract examples/demo-ticker.txt --format json --output demo-output.json
echo "The full sitrep/1 record is in demo-output.json"
