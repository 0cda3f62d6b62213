"""Screenshots of the dashboard from a real browser (Debian's chromium), for the README.

    .venv/bin/python scripts/screenshots.py [OUT_DIR]

Ingests the seed (from ../shared, when present), the extra tickers (the fixture tickers of
tests/api/data, examples/demo-ticker.txt and the seed days' tickers of examples/living/) into a
fresh SQLite file, serves it with `sitrep serve`, and saves laptop and phone views as PNG files
(default: docs/screenshots/).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "000_6a952856eb75bdcb.txt"
DATA = ROOT / "tests" / "api" / "data"
EXTRA = [
    DATA / "ticker-tbilisi.txt",
    DATA / "wire-tbilisi.txt",
    ROOT / "examples" / "demo-ticker.txt",
    *sorted((ROOT / "examples" / "living").glob("*.txt")),
]
VIEWS = [
    ("laptop", 1440, 900, "/"),
    ("laptop-event", 1440, 900, "/?place=Tbilisi"),
    ("phone", 390, 844, "/"),
    ("phone-map", 390, 844, "/?tab=map"),
    ("phone-figures", 390, 844, "/?tab=figures&place=Almaty"),
]


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "sitrep.db"
        files = [*([SEED] if SEED.exists() else []), *EXTRA]
        ingest = [sys.executable, str(ROOT / "tests" / "api" / "ingest_process.py"), str(db)]
        subprocess.run([*ingest, *map(str, files)], check=True)
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        sitrep = Path(sys.executable).with_name("sitrep")
        server = subprocess.Popen([str(sitrep), "serve", "--db", str(db), "--port", str(port)])
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    httpx.get(f"{base}/api/meta", timeout=1)
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox", "--disable-gpu"]
                )
                for name, width, height, path in VIEWS:
                    page = browser.new_page(viewport={"width": width, "height": height})
                    page.goto(base + path)
                    page.wait_for_selector("body[data-ready=true]")
                    if name == "laptop-event":
                        page.locator("#ticker mark.fact-evidence").first.click()
                        page.wait_for_selector("#evidence:not([hidden]) .claim")
                    page.wait_for_timeout(1500)
                    page.screenshot(path=str(out / f"dashboard-{name}.png"))
                    print(out / f"dashboard-{name}.png")
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
