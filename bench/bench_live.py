"""How live the dashboard is, and how fast the API answers, in one run.

    .venv/bin/python bench/bench_live.py [--entries N] [--clients C] [--requests R] [--interval S]

1. Latency to the page: a store is filled with the fixture tickers, `sitrep serve` serves it, and
   Debian's chromium (Playwright) keeps the dashboard open. Then, after one untimed entry that
   waits out the watcher's start, N times a new ticker file is written to a watched folder and
   the time until its entry shows on the open page (the ticker view, without a reload) is taken. The folder is watched by `sitrep watch FOLDER --interval S`
   when this sitrep has that command; until then by a loop in this script that, every S seconds,
   runs `sitrep ingest` on each new file (labelled "ingest loop" in the output: each run loads
   the language model again, which a long-running watcher does once). Target: under 5 s at S=2.
2. API latency: C concurrent clients (httpx, asyncio, loopback) send R requests in all for
   `GET /api/events?limit=50`; then for the same page asked with a different (and harmless)
   `since` each time, so the server's answer cache never holds it and every answer is built
   from the store; then for the same response body served as a static file by the same server
   software (uvicorn, Starlette's StaticFiles) - the baseline, same run. Prints p50 and p99 of
   each and their ratios to the baseline.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import httpx
from documents import REPO
from starlette.applications import Starlette
from starlette.staticfiles import StaticFiles

sys.path.insert(0, str(REPO / "tests" / "api"))

from browser import ARGS, CHROMIUM
from serving import free_port, running

SITREP = Path(sys.executable).with_name("sitrep")
FIXTURES = [REPO / "tests" / "api" / "data" / n for n in ("ticker-tbilisi.txt", "wire-tbilisi.txt")] + [
    REPO / "examples" / "demo-ticker.txt"
]
TOWNS = (
    "Kutaisi",
    "Batumi",
    "Rustavi",
    "Gori",
    "Zugdidi",
    "Poti",
    "Telavi",
    "Senaki",
    "Samtredia",
    "Khashuri",
)


def has_watch() -> bool:
    """Whether this sitrep has `sitrep watch`."""
    out = subprocess.run([str(SITREP), "--help"], capture_output=True, text=True, check=True).stdout
    return any(line.strip("│ ").startswith("watch ") for line in out.splitlines())  # rich's box


def entry(number: int) -> tuple[str, str]:
    """A new ticker file's name and text; the town marks it on the page."""
    town = TOWNS[number % len(TOWNS)]
    marker = f"{town} bench {number}"
    text = (
        f"date 2030-05-{15 + number % 10:02d}\n\n"
        f"{town.upper()}, May {15 + number % 10} (Caucasus Wire) - Police fired tear gas at hundreds of "
        f"protesters in {town} on Wednesday, injuring at least {number + 3} people, the Health Ministry "
        f"said. Witnesses called it the {marker}.\n"
    )
    return f"bench-entry-{number:03d}.txt", text


@contextmanager
def serve(db: Path) -> Iterator[str]:
    port = free_port()
    server = subprocess.Popen(
        [str(SITREP), "serve", "--db", str(db), "--port", str(port), "--poll", "0.5"],
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                httpx.get(f"{base}/api/meta", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


@contextmanager
def ingest_loop(folder: Path, db: Path, interval: float) -> Iterator[str]:
    """Until `sitrep watch` exists: every ``interval`` s, `sitrep ingest` each new file of ``folder``."""
    stop = threading.Event()
    done: set[str] = set()

    def loop() -> None:
        while not stop.wait(interval):
            for path in sorted(folder.iterdir()):
                if path.name not in done:
                    done.add(path.name)
                    subprocess.run(
                        [str(SITREP), "ingest", str(path), "--db", str(db)], capture_output=True, check=False
                    )

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield f"ingest loop (sitrep ingest of each new file, polled every {interval:g} s)"
    finally:
        stop.set()
        thread.join(timeout=120)


@contextmanager
def watcher(folder: Path, db: Path, interval: float) -> Iterator[str]:
    process = subprocess.Popen(
        [str(SITREP), "watch", str(folder), "--db", str(db), "--interval", str(interval)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(interval)  # let it load the model and take its first look
        yield f"sitrep watch FOLDER --interval {interval:g}"
    finally:
        process.terminate()
        process.wait(timeout=60)


def live_latency(base: str, folder: Path, entries: int, timeout: float) -> list[float]:
    """Seconds from writing each new file to its entry showing on the open page."""
    from playwright.sync_api import sync_playwright

    seconds: list[float] = []
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            page = chromium.new_page(viewport={"width": 1366, "height": 900})
            page.goto(base + "/")
            page.wait_for_selector("body[data-ready=true]")
            page.wait_for_selector("#live.live")
            # A first entry, not timed, waits out the watcher's start (loading the language model
            # takes far longer than a poll on a busy machine): then every entry finds it watching.
            for number in [entries, *range(entries)]:
                name, text = entry(number)
                marker = text.split("Witnesses called it the ")[1].rstrip(".\n")
                temporary = folder.parent / name
                temporary.write_text(text, encoding="utf-8")
                started = time.perf_counter()
                temporary.rename(folder / name)  # appears whole
                page.wait_for_selector(f"#ticker .report:has-text('{marker}')", timeout=timeout * 1000)
                if number != entries:
                    seconds.append(time.perf_counter() - started)
                page.wait_for_timeout(300)
        finally:
            chromium.close()
    return seconds


async def _load(url: str | Callable[[int], str], clients: int, requests: int, first: int = 0) -> list[float]:
    seconds: list[float] = []
    remaining = iter(range(first, first + requests))
    address = url if callable(url) else lambda _: url
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=60) as client:

        async def worker() -> None:
            for number in remaining:
                started = time.perf_counter()
                response = await client.get(address(number))
                response.raise_for_status()
                seconds.append(time.perf_counter() - started)

        await asyncio.gather(*(worker() for _ in range(clients)))
    return seconds


def load(url: str | Callable[[int], str], clients: int, requests: int) -> list[float]:
    asyncio.run(_load(url, clients, max(clients, requests // 10), first=requests))  # warm up
    return asyncio.run(_load(url, clients, requests))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=5, help="new ticker files written (default 5)")
    parser.add_argument("--interval", type=float, default=2.0, help="poll interval of the watcher (s)")
    parser.add_argument("--clients", type=int, default=50, help="concurrent API clients (default 50)")
    parser.add_argument("--requests", type=int, default=2000, help="API requests in all (default 2000)")
    parser.add_argument("--timeout", type=float, default=120.0, help="longest wait for one entry (s)")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print("bench_live: Debian's chromium is not installed (apt-get install chromium)")
        return 2
    with tempfile.TemporaryDirectory(prefix="sitrep-live-") as tmp:
        root = Path(tmp)
        db, folder, static = root / "sitrep.db", root / "watched", root / "static"
        folder.mkdir()
        static.mkdir()
        subprocess.run(
            [str(SITREP), "ingest", *map(str, FIXTURES), "--db", str(db)], capture_output=True, check=True
        )
        with serve(db) as base:
            drive = watcher if has_watch() else ingest_loop
            with drive(folder, db, args.interval) as label:
                seconds = live_latency(base, folder, args.entries, args.timeout)
            print(f"file written -> entry on the open dashboard, {label}:")
            print(
                "  "
                + ", ".join(f"{s:.2f}" for s in seconds)
                + f" s; median {statistics.median(seconds):.2f} s, "
                f"max {max(seconds):.2f} s (target < 5 s at a 2 s poll interval)"
            )
            api = f"{base}/api/events?limit=50"
            body = httpx.get(api, timeout=60).content

            def uncached(number: int) -> str:  # a new request each time, every event still passes
                return f"{api}&since={date(1900, 1, 1) + timedelta(days=number)}"

            assert httpx.get(uncached(7), timeout=60).content == body
            (static / "events.json").write_bytes(body)
            app = Starlette()
            app.mount("/", StaticFiles(directory=static))
            with running(app) as static_base:  # type: ignore[arg-type]
                timings = {
                    "GET /api/events?limit=50": load(api, args.clients, args.requests),
                    "same, never from the cache": load(uncached, args.clients, args.requests),
                    "same body, static file": load(f"{static_base}/events.json", args.clients, args.requests),
                }
        print(
            f"API under {args.clients} concurrent clients, {args.requests} requests in all, {len(body)} bytes:"
        )
        p50s, p99s = [], []
        for name, values in timings.items():
            p50s.append(percentile(values, 0.5))
            p99s.append(percentile(values, 0.99))
            print(f"  {name:28} p50 {p50s[-1] * 1000:8.1f} ms  p99 {p99s[-1] * 1000:8.1f} ms")
        for name, p50, p99 in zip(timings, p50s, p99s, strict=True):
            if name != "same body, static file":
                print(f"  {name} / static: p50 {p50 / p50s[-1]:.1f}x, p99 {p99 / p99s[-1]:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
