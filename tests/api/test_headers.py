"""Security headers: a Content-Security-Policy that forbids inline script, on every response."""

from __future__ import annotations

import httpx

from sitrep.api.security import CONTENT_SECURITY_POLICY


def directives(policy: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_policy_forbids_inline_and_foreign_script() -> None:
    policy = directives(CONTENT_SECURITY_POLICY)
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert all("unsafe" not in value for values in policy.values() for value in values)
    assert all("http" not in value and "*" not in value for values in policy.values() for value in values)


def test_every_response_carries_the_headers(client: httpx.Client) -> None:
    for path in ("/api/events", "/api/no-such-thing", "/openapi.json"):
        response = client.get(path)
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert response.headers["x-content-type-options"] == "nosniff"
