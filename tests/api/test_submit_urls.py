"""Write endpoints for URLs and feeds: ``POST /api/urls`` fetches a page or feed once and stores
it; ``POST /api/feeds`` registers a feed in the store, where ``sitrep watch --db`` finds it.
Both need the token; a URL reaching a private address (directly or by a redirect) is refused
unless the server allows private addresses. The pages are served on 127.0.0.1 by the test."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from api_client import TOKEN, client_for
from memory_catalog import MemoryCatalog
from serving import running

from sitrep.api.app import create_app
from sitrep.api.settings import ServeSettings
from sitrep.api.store_catalog import StoreCatalog
from sitrep.config import Settings
from sitrep.ingest.http import Fetcher, FetchSettings
from sitrep.resources import Resources
from sitrep.store import Store
from sitrep.watch.command import Delivery
from sitrep.watch.poller import UrlSource, Watcher

AUTH = {"Authorization": f"Bearer {TOKEN}"}
FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Desk</title><link>https://desk.example/</link>
<item><guid>urn:desk:1</guid><title>Protesters gather in Almaty</title>
<pubDate>Wed, 05 Jan 2022 09:15:00 +0600</pubDate>
<description>Several thousand protesters gathered in Almaty on Wednesday, Vesti reported.</description></item>
<item><guid>urn:desk:2</guid><title>Airport closed</title>
<pubDate>Wed, 05 Jan 2022 18:05:00 +0600</pubDate>
<description>The airport of Almaty was closed on Wednesday evening, a spokesman said.</description></item>
</channel></rss>
"""
PAGE = """<html><head><title>Live: Almaty</title></head><body><article>
<p>+++ 10.30 p.m.: Police detained at least 40 people in Almaty, the Interior Ministry said.</p>
</article></body></html>"""


@contextmanager
def site() -> Iterator[str]:
    """A feed at /feed.xml and a page at any other path."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body, kind = (FEED, "application/rss+xml") if self.path == "/feed.xml" else (PAGE, "text/html")
            data = body.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture
def pages() -> Iterator[str]:
    with site() as base:
        yield base


def test_a_submitted_feed_url_is_fetched_and_each_entry_stored(catalog: MemoryCatalog, pages: str) -> None:
    with client_for(catalog, ServeSettings(token=TOKEN, allow_private=True)) as client:
        assert client.post("/api/urls", json={"url": f"{pages}/feed.xml"}).status_code == 401
        response = client.post("/api/urls", json={"url": f"{pages}/feed.xml"}, headers=AUTH)
        assert response.status_code == 201, response.text
        body = response.json()
        assert len(body["documents"]) == 2 and body["reports"] == 2 and body["rejections"] == []
        page = client.post("/api/urls", json={"url": f"{pages}/live"}, headers=AUTH).json()
        assert page["documents"] == ["127-0-0-1-" + pages.rsplit(":", 1)[1] + "-live"]
    texts = [r["text"] for r in catalog._reports.values()]
    assert any("airport of Almaty was closed" in t for t in texts)
    assert any("detained at least 40 people" in t for t in texts)


def test_a_private_address_is_refused_unless_allowed(catalog: MemoryCatalog, pages: str) -> None:
    before = len(catalog._reports)
    with client_for(catalog, ServeSettings(token=TOKEN)) as client:
        for url, kind in ((f"{pages}/feed.xml", "loopback"), ("http://10.0.0.5/feed", "private")):
            response = client.post("/api/urls", json={"url": url}, headers=AUTH)
            assert response.status_code == 422, response.text
            error = response.json()["error"]
            assert error["code"] == "address_refused" and f"a {kind} address" in error["message"], error
    assert len(catalog._reports) == before


def test_an_unreachable_server_is_a_422_fetch_failed(catalog: MemoryCatalog) -> None:
    settings = ServeSettings(token=TOKEN, allow_private=True, fetch_timeout=2)
    with client_for(catalog, settings) as client, socket_closed() as port:
        response = client.post("/api/urls", json={"url": f"http://127.0.0.1:{port}/x"}, headers=AUTH)
    assert response.status_code == 422 and response.json()["error"]["code"] == "fetch_failed"


@contextmanager
def socket_closed() -> Iterator[int]:
    """A port nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    yield port


def test_a_registered_feed_is_stored_and_polled_by_a_watcher(tmp_path: Path, pages: str) -> None:
    settings = Settings()
    store = Store.open(str(tmp_path / "desk.db"))
    catalog = StoreCatalog(store, settings, Resources.segment_only)
    app = create_app(lambda: catalog, ServeSettings(token=TOKEN), None)
    feed = f"{pages}/feed.xml"
    with running(app) as base, httpx.Client(base_url=base, timeout=10) as client:
        assert client.post("/api/feeds", json={"url": feed}).status_code == 401
        response = client.post("/api/feeds", json={"url": feed, "interval": 60}, headers=AUTH)
        assert response.status_code == 201 and response.json() == {"url": feed, "interval": 60.0}
        again = client.post("/api/feeds", json={"url": feed, "interval": 30}, headers=AUTH)
        assert again.status_code == 201
    # the catalog closed the store with the server; a watcher process opens it on its own
    with Store.open(str(tmp_path / "desk.db")) as watched_store:
        assert watched_store.watched_feeds() == [(feed, 30.0)]
        fetching = FetchSettings(timeout=5, allow_private=True)
        with Fetcher(fetching) as fetcher, Resources.segment_only() as resources:
            delivery = Delivery(settings, resources, None, watched_store)
            watcher = Watcher(
                [],
                delivery,
                discover=lambda: [
                    UrlSource(url, fetcher, settings, interval=every)
                    for url, every in watched_store.watched_feeds()
                ],
            )
            stats = watcher.run(once=True)
        assert stats.polls == 1 and stats.documents == 2
        assert delivery.stored == 2 and watched_store.counts().documents == 2
