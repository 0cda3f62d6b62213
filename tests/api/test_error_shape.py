"""Every error leaves in one shape: {"error": {"status", "code", "message"}}."""

from __future__ import annotations

import pytest
from api_client import TOKEN
from httpx import Client


def assert_shape(response, status: int, code: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message"}
    assert body["error"]["status"] == status and body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status", "code"),
    [
        ("get", "/api/events/nope", {}, 404, "not_found"),
        ("get", "/api/reports/nope", {}, 404, "not_found"),
        ("get", "/api/entities/nope", {}, 404, "not_found"),
        ("get", "/api/figures?event=nope", {}, 404, "not_found"),
        ("get", "/api/no-such-route", {}, 404, "not_found"),
        ("get", "/api/events?limit=0", {}, 422, "invalid_request"),
        ("get", "/api/events?limit=many", {}, 422, "invalid_request"),
        ("get", "/api/events?type=PARTY", {}, 422, "invalid_request"),
        ("get", "/api/events?bbox=1,2,3", {}, 422, "invalid_request"),
        ("get", "/api/events?colour=red", {}, 422, "invalid_request"),
        ("delete", "/api/events", {}, 405, "method_not_allowed"),
        ("post", "/api/documents", {"json": {"text": "x"}}, 401, "token_required"),
        (
            "post",
            "/api/documents",
            {"json": {"text": "x"}, "headers": {"Authorization": "Bearer wrong-token-wrong-token"}},
            401,
            "token_invalid",
        ),
        (
            "post",
            "/api/documents",
            {"json": {"words": "x"}, "headers": {"Authorization": f"Bearer {TOKEN}"}},
            422,
            "invalid_request",
        ),
        (
            "post",
            "/api/documents",
            {"json": {"text": "   "}, "headers": {"Authorization": f"Bearer {TOKEN}"}},
            422,
            "bad_input",
        ),
        (
            "post",
            "/api/documents",
            {
                "content": b"{not json",
                "headers": {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
            },
            422,
            "invalid_request",
        ),
    ],
)
def test_error_shape(client: Client, method: str, path: str, kwargs: dict, status: int, code: str) -> None:  # type: ignore[type-arg]
    assert_shape(getattr(client, method)(path, **kwargs), status, code)


def test_unexpected_failures_keep_the_shape(client: Client, catalog) -> None:  # type: ignore[no-untyped-def]
    def broken(*_args: object) -> None:
        raise RuntimeError("disk on fire")

    catalog.events = broken
    response = client.get("/api/events")
    assert_shape(response, 500, "internal_error")
    assert "disk on fire" not in response.text
