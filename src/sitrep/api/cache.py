"""Answers of the read routes kept as JSON bytes until the store's version moves.

A dashboard asks the same pages again and again (every open page on every change it is told
of), and the answer only changes when something is stored. So a list route's answer is built
once per request and store version (`Catalog.version`, which moves with every write by any
process) and served from memory after that: checking the version is one small query, where
building a page of events is six and the folding of every claim. Concurrent requests for the
same answer wait for the one that builds it instead of all building it.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from fastapi import Request, Response

from sitrep.api.catalog import Catalog

MAX_BYTES = 64 * 1024 * 1024
MAX_ENTRIES = 512


def encode(body: Any) -> bytes:
    """JSON as Starlette's `JSONResponse` writes it."""
    return json.dumps(body, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")


class AnswerCache:
    """JSON answers by request, each valid for one store version; least recently used go first
    beyond ``max_entries`` answers or ``max_bytes`` bytes."""

    def __init__(self, max_bytes: int = MAX_BYTES, max_entries: int = MAX_ENTRIES) -> None:
        self.max_bytes = max_bytes
        self.max_entries = max_entries
        self._answers: OrderedDict[str, tuple[str, bytes]] = OrderedDict()
        self._building: dict[str, threading.Lock] = {}
        self._bytes = 0
        self._lock = threading.Lock()

    def _kept(self, key: str, version: str) -> bytes | None:
        with self._lock:
            found = self._answers.get(key)
            if found is None or found[0] != version:
                return None
            self._answers.move_to_end(key)
            return found[1]

    def answer(self, key: str, version: str, build: Callable[[], Any]) -> bytes:
        """The answer to ``key`` at ``version``: kept, or built (once, however many ask) and kept.
        The version is read before building, so a kept answer is never older than its version."""
        kept = self._kept(key, version)
        if kept is not None:
            return kept
        with self._lock:
            gate = self._building.setdefault(key, threading.Lock())
        with gate:
            kept = self._kept(key, version)
            if kept is not None:
                return kept
            body = encode(build())
            self._keep(key, version, body)
        return body

    def _keep(self, key: str, version: str, body: bytes) -> None:
        with self._lock:
            old = self._answers.pop(key, None)
            if old is not None:
                self._bytes -= len(old[1])
            if len(body) > self.max_bytes:
                return
            self._answers[key] = (version, body)
            self._bytes += len(body)
            while len(self._answers) > self.max_entries or self._bytes > self.max_bytes:
                dropped, (_, gone) = self._answers.popitem(last=False)
                self._bytes -= len(gone)
                self._building.pop(dropped, None)


def cached_json(request: Request, catalog: Catalog, build: Callable[[], Any]) -> Response:
    """The route's answer for this request (its path and query string) at the store's current
    version, from the app's cache."""
    cache: AnswerCache = request.app.state.answers
    key = f"{request.url.path}?{request.url.query}"
    body = cache.answer(key, catalog.version(), build)
    return Response(body, media_type="application/json")
