"""Debian's chromium driven by Playwright (never a downloaded browser), for dashboard tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def need_chromium() -> None:
    if not CHROMIUM.exists() and shutil.which("chromium") is None:
        pytest.skip(
            "Debian's chromium is not installed (scripts/test.sh installs it: apt-get install chromium)"
        )


@dataclass
class Watch:
    """What a page did that it must not: dialogs (alert from article text), errors, blocked content."""

    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    """Requests anywhere but the server on 127.0.0.1 (a CDN, a tile server): the page works offline."""


@contextmanager
def browser() -> Iterator[object]:
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            yield launched
        finally:
            launched.close()


def watch(page) -> Watch:  # type: ignore[no-untyped-def]
    seen = Watch()

    def on_dialog(dialog) -> None:  # type: ignore[no-untyped-def]
        seen.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: seen.errors.append(str(error)))
    page.on("console", lambda message: seen.console.append(f"{message.type}: {message.text}"))

    def on_request(request) -> None:  # type: ignore[no-untyped-def]
        if not request.url.startswith(("http://127.0.0.1:", "data:", "blob:")):
            seen.foreign.append(request.url)

    page.on("request", on_request)
    return seen
