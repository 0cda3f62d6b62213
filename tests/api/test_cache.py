"""List answers are kept per store version: built once while nothing is stored, built again as
soon as anything is, and never built twice at once for the same request."""

from __future__ import annotations

import json
import threading
import time

import httpx
from memory_catalog import MemoryCatalog
from world import event

from sitrep.api.cache import AnswerCache


def test_an_answer_is_built_once_a_version() -> None:
    cache = AnswerCache()
    built: list[int] = []

    def build(n: int):  # type: ignore[no-untyped-def]
        return lambda: built.append(n) or {"n": n}

    assert json.loads(cache.answer("/api/events?", "1", build(1))) == {"n": 1}
    assert json.loads(cache.answer("/api/events?", "1", build(2))) == {"n": 1}
    assert json.loads(cache.answer("/api/events?", "2", build(3))) == {"n": 3}  # the store moved
    assert json.loads(cache.answer("/api/events?type=FIGHT", "2", build(4))) == {"n": 4}
    assert built == [1, 3, 4]


def test_concurrent_requests_wait_for_one_build() -> None:
    cache = AnswerCache()
    builds: list[int] = []

    def build() -> dict[str, int]:
        builds.append(1)
        time.sleep(0.2)
        return {"events": 3}

    answers: list[bytes] = []
    threads = [
        threading.Thread(target=lambda: answers.append(cache.answer("k", "v", build))) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(builds) == 1 and len(set(answers)) == 1 and len(answers) == 8


def test_least_recently_used_answers_go_first() -> None:
    cache = AnswerCache(max_bytes=30, max_entries=2)
    for key in ("a", "b", "c"):
        cache.answer(key, "1", lambda: {"x": 1})
    rebuilt: list[str] = []
    cache.answer("a", "1", lambda: rebuilt.append("a") or {"x": 1})
    cache.answer("c", "1", lambda: rebuilt.append("c") or {"x": 1})
    assert rebuilt == ["a"]  # a was dropped (two at most), c was kept
    cache.answer("big", "1", lambda: {"x": "y" * 100})  # larger than the whole cache: not kept
    cache.answer("big", "1", lambda: rebuilt.append("big") or {})
    assert rebuilt == ["a", "big"]


def test_a_write_shows_in_the_next_answer(client: httpx.Client, catalog: MemoryCatalog) -> None:
    first = client.get("/api/events").json()
    assert client.get("/api/events").json() == first
    assert client.get("/api/actors").status_code == 200
    guards = [{"name": "Border Guard", "role": "actor", "kind": "state"}]
    catalog.add(events=[event("ev9", summary="a late clash", actors=guards)])
    after = client.get("/api/events").json()
    assert after["total"] == first["total"] + 1 and "ev9" in {e["id"] for e in after["events"]}
    pairs = client.get("/api/actors").json()["pairs"]
    assert any("ev9" in pair["event_ids"] for pair in pairs)
