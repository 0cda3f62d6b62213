"""Make the README's screenshot of the HTML situation report: ingest the seed (when ../shared
holds it) and examples/living/ into a fresh SQLite store, write the report, open it in Debian's
chromium through Playwright and save the first screen as docs/images/report.png.

    .venv/bin/python scripts/report_screenshot.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "000_6a952856eb75bdcb.txt"
SITREP = ROOT / ".venv" / "bin" / "sitrep"


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        db, html = Path(tmp) / "report.db", Path(tmp) / "report.html"
        inputs = [str(ROOT / "examples" / "living"), *([str(SEED)] if SEED.is_file() else [])]
        subprocess.run([SITREP, "ingest", *inputs, "--db", str(db)], check=True)
        subprocess.run([SITREP, "report", "--db", str(db), "--format", "html", "-o", str(html)], check=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 900, "height": 1200})
            page.goto(html.as_uri())
            target = ROOT / "docs" / "images" / "report.png"
            page.screenshot(path=str(target))
            browser.close()
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
