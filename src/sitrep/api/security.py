"""Security headers on every response, and the bearer-token rules for reading and writing."""

from __future__ import annotations

import hmac

from fastapi import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sitrep.api.problems import ApiProblem
from sitrep.api.settings import ServeSettings

# Scripts and styles only from the server's own files: no inline script, no eval, no other origin.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)

SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class SecurityHeaders:
    """ASGI middleware adding the security headers to every HTTP response (streams included)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    header for header in SECURITY_HEADERS if header[0] not in names
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _presented_token(request: Request, *, allow_query: bool) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    if allow_query:
        # EventSource cannot send headers: the stream alone also takes ?token=.
        return request.query_params.get("token")
    return None


def _check(request: Request, settings: ServeSettings, *, allow_query: bool = False) -> None:
    presented = _presented_token(request, allow_query=allow_query)
    if settings.token is None:
        raise ApiProblem(
            403, "writing_disabled", "this server has no API token configured, so it accepts no writes"
        )
    if presented is None:
        raise ApiProblem(
            401, "token_required", "this request needs a bearer token", {"WWW-Authenticate": "Bearer"}
        )
    if not hmac.compare_digest(presented.encode(), settings.token.encode()):
        raise ApiProblem(
            401, "token_invalid", "the bearer token is not valid", {"WWW-Authenticate": "Bearer"}
        )


def check_read(request: Request, settings: ServeSettings, *, allow_query: bool = False) -> None:
    """Reading is open unless the settings say it needs the token."""
    if settings.read_needs_token:
        _check(request, settings, allow_query=allow_query)


def check_write(request: Request, settings: ServeSettings) -> None:
    """Writing always needs the token; without a configured token it is refused."""
    _check(request, settings)
