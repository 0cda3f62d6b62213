"""Server-sent events: new reports, new or changed events and changed figures as they are
stored, by this server or by any other process writing to the same database."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request
from sse_starlette.sse import EventSourceResponse

from sitrep.api.deps import FeedDep, may_stream

router = APIRouter(prefix="/api", tags=["stream"])

HEARTBEAT_SECONDS = 15.0


@router.get(
    "/stream",
    dependencies=[Depends(may_stream)],
    summary="Live changes as server-sent events",
    response_class=EventSourceResponse,
    responses={
        200: {"content": {"text/event-stream": {}}, "description": "report, event and figures messages"}
    },
)
async def stream_changes(
    request: Request,
    feed: FeedDep,
    last_event_id: Annotated[str | None, Header(include_in_schema=False)] = None,
    token: str | None = None,
) -> EventSourceResponse:
    """Each message's ``event`` is ``report``, ``event`` or ``figures``, its ``data`` is
    ``{"ids": [...]}`` and its ``id`` the store's change sequence (sent back as Last-Event-ID on
    reconnection, so nothing stored meanwhile is missed)."""
    cursor = feed.seq
    if last_event_id and last_event_id.isdigit() and int(last_event_id) <= feed.seq:
        cursor = int(last_event_id)  # a reconnection: send what it missed

    async def messages() -> AsyncIterator[dict[str, Any]]:
        nonlocal cursor
        yield {"event": "hello", "data": json.dumps({"change": cursor}), "id": str(cursor)}
        while not await request.is_disconnected():
            for numbered in feed.since(cursor):
                change = numbered.change
                yield {
                    "event": change.kind,
                    "data": json.dumps({"ids": list(change.ids)}),
                    "id": str(numbered.seq),
                }
                cursor = numbered.seq
            await feed.wait(cursor, 1.0)

    return EventSourceResponse(messages(), ping=int(HEARTBEAT_SECONDS))
