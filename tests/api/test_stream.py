"""Server-sent events: changes stored by anyone reach an open stream; a reconnection gets what it missed."""

from __future__ import annotations

import json
import threading
import time

import httpx
from memory_catalog import MemoryCatalog
from world import event


def read_messages(response: httpx.Response, wanted: int, timeout: float = 10) -> list[dict[str, str]]:
    messages: list[dict[str, str]] = []
    current: dict[str, str] = {}
    deadline = time.monotonic() + timeout
    for line in response.iter_lines():
        if time.monotonic() > deadline:
            break
        if not line.strip():
            if current:
                messages.append(current)
                current = {}
                if len([m for m in messages if m.get("event") != "hello"]) >= wanted:
                    break
            continue
        if line.startswith(":"):
            continue
        key, _, value = line.partition(":")
        current[key] = value.strip()
    return [m for m in messages if m.get("event") != "hello"]


def later(seconds: float, action) -> None:  # type: ignore[no-untyped-def]
    threading.Timer(seconds, action).start()


def test_new_reports_and_events_are_pushed(client: httpx.Client, catalog: MemoryCatalog) -> None:
    new_report = {
        "id": "late-r1",
        "document_id": "late",
        "time": None,
        "headline": None,
        "text": "New entry.",
    }
    new_event = event("ev9", summary="a new clash", figures={})
    later(0.3, lambda: catalog.add(reports=[new_report], events=[new_event]))
    with client.stream("GET", "/api/stream") as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        messages = read_messages(response, 3)
    kinds = [(m["event"], json.loads(m["data"])["ids"]) for m in messages]
    assert kinds[:2] == [("report", ["late-r1"]), ("event", ["ev9"])]
    ids = [int(m["id"]) for m in messages]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)


def test_a_reconnection_gets_what_it_missed(client: httpx.Client, catalog: MemoryCatalog) -> None:
    later(0.2, lambda: catalog.add(reports=[{"id": "a-r1", "document_id": "a", "text": "One."}]))
    with client.stream("GET", "/api/stream") as response:
        first = read_messages(response, 1)
    last_id = first[-1]["id"]
    catalog.add(reports=[{"id": "b-r1", "document_id": "b", "text": "Two."}])
    time.sleep(0.3)  # stored while no stream was open
    with client.stream("GET", "/api/stream", headers={"Last-Event-ID": last_id}) as response:
        missed = read_messages(response, 1)
    assert json.loads(missed[0]["data"])["ids"] == ["b-r1"]
