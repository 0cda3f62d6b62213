"""Server-sent events: changes stored by anyone reach an open stream; a reconnection gets what it missed."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import httpx
from memory_catalog import MemoryCatalog
from world import event


def messages(response: httpx.Response) -> Iterator[dict[str, str]]:
    """The stream's messages, as field → value (comments and heartbeats skipped)."""
    current: dict[str, str] = {}
    for line in response.iter_lines():
        if not line.strip():
            if current:
                yield current
                current = {}
            continue
        if line.startswith(":"):
            continue
        key, _, value = line.partition(":")
        current[key] = value.strip()


def test_new_reports_and_events_are_pushed(client: httpx.Client, catalog: MemoryCatalog) -> None:
    with client.stream("GET", "/api/stream") as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        stream = messages(response)
        assert next(stream)["event"] == "hello"
        new_report = {
            "id": "late-r1",
            "document_id": "late",
            "time": None,
            "headline": None,
            "text": "New entry.",
        }
        catalog.add(reports=[new_report], events=[event("ev9", summary="a new clash", figures={})])
        received = [next(stream), next(stream)]
    assert [(m["event"], json.loads(m["data"])["ids"]) for m in received] == [
        ("report", ["late-r1"]),
        ("event", ["ev9"]),
    ]
    assert int(received[0]["id"]) < int(received[1]["id"])


def test_a_reconnection_gets_what_it_missed(client: httpx.Client, catalog: MemoryCatalog) -> None:
    with client.stream("GET", "/api/stream") as response:
        stream = messages(response)
        next(stream)
        catalog.add(reports=[{"id": "a-r1", "document_id": "a", "text": "One."}])
        last_id = next(stream)["id"]
    catalog.add(reports=[{"id": "b-r1", "document_id": "b", "text": "Two."}])
    time.sleep(0.5)  # stored while no stream was open
    with client.stream("GET", "/api/stream", headers={"Last-Event-ID": last_id}) as response:
        stream = messages(response)
        assert next(stream)["event"] == "hello"
        missed = next(stream)
    assert json.loads(missed["data"])["ids"] == ["b-r1"]
