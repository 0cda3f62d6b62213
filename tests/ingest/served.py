"""A small HTTP server on 127.0.0.1 for fetch and watch tests: routes that change between polls.

Each route serves a body with its validators (an ETag and/or Last-Modified), answers
conditional requests with 304, and can instead answer with an error status, a redirect or an
endless chunked body. Every request is recorded with its headers and time.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(slots=True)
class Route:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    etag: bool = True
    last_modified: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    failures: list[int] = field(default_factory=list)
    """Statuses to answer with first, one a request, before the body is served."""
    chunked: bool = False


@dataclass(frozen=True, slots=True)
class Seen:
    path: str
    headers: dict[str, str]
    at: float
    status: int
    client: tuple[str, int] = ("", 0)


class Site:
    """Routes served by a `ThreadingHTTPServer` on 127.0.0.1, and the requests it saw."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.routes: dict[str, Route] = {}
        self.requests: list[Seen] = []
        self.lock = threading.Lock()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def put(self, path: str, body: str | bytes, **options: object) -> Route:
        route = Route(body=body.encode("utf-8") if isinstance(body, str) else body, **options)  # type: ignore[arg-type]
        with self.lock:
            self.routes[path] = route
        return route

    def seen(self, path: str) -> list[Seen]:
        with self.lock:
            return [r for r in self.requests if r.path == path]


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            with site.lock:
                route = site.routes.get(self.path)
                failure = route.failures.pop(0) if route and route.failures else None
            status, body, headers = self._answer(route, failure)
            # Recorded before the answer goes out, so a test that got it sees the request.
            with site.lock:
                site.requests.append(
                    Seen(
                        self.path,
                        dict(self.headers.items()),
                        time.monotonic(),
                        status,
                        self.client_address[:2],
                    )
                )
            if route is not None and route.chunked and status == 200:
                self._send_chunked(body, headers)
            else:
                self._send(status, body, headers)

        def _answer(self, route: Route | None, failure: int | None) -> tuple[int, bytes, dict[str, str]]:
            if route is None:
                return 404, b"not here", {}
            if failure is not None:
                return failure, b"failing", {"Retry-After": "0"} if failure == 503 else {}
            if route.status != 200:
                return route.status, route.body, dict(route.headers)
            headers = {"Content-Type": route.content_type, **route.headers}
            etag = '"' + hashlib.sha1(route.body).hexdigest()[:16] + '"'
            if route.etag:
                headers["ETag"] = etag
            if route.last_modified:
                headers["Last-Modified"] = route.last_modified
            if (route.etag and self.headers.get("If-None-Match") == etag) or (
                route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified
            ):
                return 304, b"", headers
            return 200, route.body, headers

        def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                self.wfile.write(body)

        def _send_chunked(self, chunk: bytes, headers: dict[str, str]) -> None:
            """The same chunk again and again, never announcing a length (up to 64 MB)."""
            self.send_response(200)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            try:
                for _ in range(64 * 1024 * 1024 // max(len(chunk), 1)):
                    self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


@contextmanager
def serve() -> Iterator[Site]:
    """Start a server on a free port of 127.0.0.1; stop it when done."""
    site = Site(0)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    site.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
