#!/usr/bin/env bash
# Set everything up, then run sitrep on the bundled demo ticker and show what it read; then store
# it, with two more tickers about the seed's days (and the seed, when ../shared holds it), in an
# embedded SQLite living record, show its fused events and the Almaty figures over time, print the
# situation report and write it as HTML, and say how to open the live dashboard on it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --no-dev
.venv/bin/sitrep extract examples/demo-ticker.txt --format table
.venv/bin/sitrep extract examples/demo-ticker.txt --format json --output demo-output.json
echo "The full sitrep/1 record is in demo-output.json"
rm -f demo.db demo.db-wal demo.db-shm
inputs=(examples/demo-ticker.txt examples/living/)
seed=../shared/seed/000_6a952856eb75bdcb.txt
if [ -f "$seed" ]; then inputs+=("$seed"); fi
.venv/bin/sitrep ingest "${inputs[@]}" --db demo.db
.venv/bin/sitrep events --db demo.db
.venv/bin/sitrep figures --db demo.db --place Almaty
.venv/bin/sitrep report --db demo.db
.venv/bin/sitrep report --db demo.db --format html --output demo-report.html
echo "The living record is in demo.db (sitrep events --db demo.db --format json)"
echo "The situation report is in demo-report.html (open it in a browser; it prints on A4)"
echo "Open the live dashboard on it: .venv/bin/sitrep serve --db demo.db, then http://127.0.0.1:8000/"
