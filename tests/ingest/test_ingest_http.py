"""Fetching: the address guard, redirects, limits, conditional requests and one-line errors.

Most tests use httpx's MockTransport and a fake resolver, so no name is looked up and no
packet leaves the process; the rest talk to a server of the test's own on 127.0.0.1.
"""

from __future__ import annotations

import gzip
import ipaddress
from collections.abc import Callable, Iterator

import httpx
import pytest
from served import Site

from sitrep.errors import AddressRefused, FetchError, InputTooLarge
from sitrep.ingest.addresses import IPAddress, refusal, resolve_host
from sitrep.ingest.http import Fetcher, FetchSettings, Validators

PUBLIC = "198.51.100.7"  # documentation range: refused too, so tests map names to a global one
GLOBAL = "93.184.215.14"


def resolver(table: dict[str, list[str]]) -> Callable[[str, int], list[IPAddress]]:
    def resolve(host: str, port: int) -> list[IPAddress]:
        if host not in table:
            raise OSError(f"unknown host {host}")
        return [ipaddress.ip_address(a) for a in table[host]]

    return resolve


def fetcher(
    handler: Callable[[httpx.Request], httpx.Response],
    table: dict[str, list[str]] | None = None,
    **settings: object,
) -> Fetcher:
    return Fetcher(
        FetchSettings(**settings),  # type: ignore[arg-type]
        transport=httpx.MockTransport(handler),
        resolve=resolver(table or {"news.example": [GLOBAL]}),
    )


def ok(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, text="<p>hello</p>", headers={"Content-Type": "text/html; charset=utf-8"})


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("127.0.0.1", "a loopback address"),
        ("127.8.9.10", "a loopback address"),
        ("::1", "a loopback address"),
        ("10.1.2.3", "a private address"),
        ("172.20.0.1", "a private address"),
        ("192.168.1.1", "a private address"),
        ("fd00::1", "a private address"),
        ("169.254.169.254", "a link-local address"),
        ("fe80::1", "a link-local address"),
        ("224.0.0.251", "a multicast address"),
        ("ff02::1", "a multicast address"),
        ("0.0.0.0", "an unspecified address"),
        ("240.0.0.1", "a reserved address"),
        ("100.64.0.1", "not a public address"),
        (PUBLIC, "a private address"),
        ("::ffff:127.0.0.1", "a loopback address"),
        ("::ffff:10.0.0.1", "a private address"),
        ("2002:7f00:1::", "a loopback address"),  # 6to4 wrapping 127.0.0.1
    ],
)
def test_refused_addresses(address: str, why: str) -> None:
    assert refusal(ipaddress.ip_address(address)) == why


@pytest.mark.parametrize("address", [GLOBAL, "8.8.4.4", "2606:4700:4700::1111"])
def test_public_addresses_pass(address: str) -> None:
    assert refusal(ipaddress.ip_address(address)) is None


def test_literal_addresses_resolve_to_themselves() -> None:
    assert resolve_host("127.0.0.1", 80) == [ipaddress.ip_address("127.0.0.1")]
    assert resolve_host("[::1]", 80) == [ipaddress.ip_address("::1")]


def test_the_name_is_judged_by_what_it_resolves_to() -> None:
    calls: list[httpx.Request] = []
    table = {"intranet.example": ["10.0.0.5"]}
    with fetcher(lambda r: calls.append(r) or ok(r), table) as f, pytest.raises(AddressRefused) as caught:
        f.fetch("http://intranet.example/status")
    assert str(caught.value) == (
        "http://intranet.example/status: refused: intranet.example (10.0.0.5) is a private address "
        "(use --allow-private to allow)"
    )
    assert calls == []


def test_a_name_with_any_private_address_is_refused() -> None:
    with fetcher(ok, {"mixed.example": [GLOBAL, "127.0.0.1"]}) as f, pytest.raises(AddressRefused):
        f.fetch("https://mixed.example/")


def test_localhost_is_refused_after_real_resolution(site: Site) -> None:
    site.put("/feed", "<p>x</p>")
    with Fetcher(FetchSettings()) as f, pytest.raises(AddressRefused, match="a loopback address"):
        f.fetch(f"http://localhost:{site.port}/feed")
    with (
        Fetcher(FetchSettings()) as f,
        pytest.raises(AddressRefused, match=r"refused: 127\.0\.0\.1 is a loopback"),
    ):
        f.fetch(site.url("/feed"))
    assert site.requests == []


def test_allow_private_reaches_the_loopback_server(site: Site) -> None:
    site.put("/page", "<p>hello</p>")
    with Fetcher(FetchSettings(allow_private=True)) as f:
        fetched = f.fetch(site.url("/page"))
    assert fetched.status == 200
    assert fetched.content == b"<p>hello</p>"
    assert fetched.content_type == "text/html"
    assert fetched.charset == "utf-8"
    assert fetched.validators.etag


def test_no_connection_is_reused(site: Site) -> None:
    site.put("/a", "<p>a</p>")
    with Fetcher(FetchSettings(allow_private=True)) as f:
        f.fetch(site.url("/a"))
        f.fetch(site.url("/a"))
    first, second = site.seen("/a")
    assert first.client != second.client


def test_the_connection_goes_to_the_checked_address() -> None:
    seen: list[httpx.Request] = []
    with fetcher(lambda r: seen.append(r) or ok(r)) as f:
        f.fetch("https://news.example:8443/live?x=1")
    request = seen[0]
    assert request.url.host == GLOBAL
    assert request.url.port == 8443
    assert request.url.path == "/live"
    assert request.headers["host"] == "news.example:8443"
    assert request.extensions["sni_hostname"] == "news.example"


def test_redirects_are_followed_and_each_hop_checked() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/old":
            return httpx.Response(301, headers={"Location": "/new"})
        return ok(request)

    with fetcher(handler) as f:
        fetched = f.fetch("http://news.example/old")
    assert fetched.url == "http://news.example/new"


def test_a_redirect_to_loopback_is_refused_before_connecting() -> None:
    hosts: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        hosts.append(request.url.host)
        return httpx.Response(302, headers={"Location": "http://127.0.0.1:8080/admin"})

    with fetcher(handler) as f, pytest.raises(AddressRefused) as caught:
        f.fetch("https://news.example/feed")
    assert str(caught.value) == (
        "https://news.example/feed: redirect to http://127.0.0.1:8080/admin refused: "
        "127.0.0.1 is a loopback address (use --allow-private to allow)"
    )
    assert hosts == [GLOBAL]


def test_a_redirect_to_a_private_name_is_refused() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(307, headers={"Location": "http://metadata.example/latest"})

    table = {"news.example": [GLOBAL], "metadata.example": ["169.254.169.254"]}
    with fetcher(handler, table) as f, pytest.raises(AddressRefused, match="a link-local address"):
        f.fetch("http://news.example/")


def test_redirect_loops_and_other_schemes_end_with_a_reason() -> None:
    looping = fetcher(lambda r: httpx.Response(302, headers={"Location": "/again"}))
    with looping as f, pytest.raises(FetchError, match=r"too many redirects \(more than 5\)"):
        f.fetch("http://news.example/")
    elsewhere = fetcher(lambda r: httpx.Response(302, headers={"Location": "file:///etc/passwd"}))
    with (
        elsewhere as f,
        pytest.raises(FetchError, match="redirect to 'file:///etc/passwd' is not http or https"),
    ):
        f.fetch("http://news.example/")


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://news.example/feed", "URL is not http or https"),
        ("http:///feed", "URL names no host"),
        ("http://nowhere.example/", "cannot resolve host 'nowhere.example'"),
    ],
)
def test_bad_urls(url: str, reason: str) -> None:
    with fetcher(ok) as f, pytest.raises(FetchError) as caught:
        f.fetch(url)
    assert caught.value.reason == reason
    assert caught.value.origin == url


def test_an_announced_oversized_answer_is_refused_unread() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"x" * 2048)

    with fetcher(handler, max_bytes=1024) as f, pytest.raises(InputTooLarge, match="limit"):
        f.fetch("http://news.example/big")


def test_a_streamed_answer_is_cut_off_at_the_limit() -> None:
    produced: list[int] = []

    def endless() -> Iterator[bytes]:
        for n in range(10_000):
            produced.append(n)
            yield b"y" * 1024

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=endless())

    with fetcher(handler, max_bytes=8 * 1024) as f, pytest.raises(InputTooLarge):
        f.fetch("http://news.example/stream")
    assert len(produced) < 20


def test_the_limit_applies_to_the_decompressed_body() -> None:
    bomb = gzip.compress(b"\0" * 4_000_000)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=bomb, headers={"Content-Encoding": "gzip"})

    assert len(bomb) < 64 * 1024
    with fetcher(handler, max_bytes=1024 * 1024) as f, pytest.raises(InputTooLarge):
        f.fetch("http://news.example/bomb")


def test_a_chunked_endless_answer_from_a_real_server_is_cut_off(site: Site) -> None:
    site.put("/endless", b"z" * 4096, chunked=True)
    small = Fetcher(FetchSettings(allow_private=True, max_bytes=256 * 1024))
    with small as f, pytest.raises(InputTooLarge, match="larger than the 256 KB limit"):
        f.fetch(site.url("/endless"))


def test_conditional_requests_get_304(site: Site) -> None:
    site.put("/feed", "<rss/>", last_modified="Wed, 05 Jan 2022 12:00:00 GMT")
    with Fetcher(FetchSettings(allow_private=True)) as f:
        first = f.fetch(site.url("/feed"))
        again = f.fetch(site.url("/feed"), first.validators)
        only_date = f.fetch(site.url("/feed"), Validators(last_modified=first.validators.last_modified))
    assert first.status == 200 and not first.not_modified
    assert again.not_modified and again.content == b""
    assert only_date.not_modified
    headers = site.seen("/feed")[1].headers
    assert headers["If-None-Match"] == first.validators.etag
    assert headers["If-Modified-Since"] == "Wed, 05 Jan 2022 12:00:00 GMT"


def test_error_statuses_carry_retry_after() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503, headers={"Retry-After": "120"})

    with fetcher(handler) as f, pytest.raises(FetchError) as caught:
        f.fetch("http://news.example/feed")
    assert str(caught.value) == "http://news.example/feed: HTTP 503 Service Unavailable"
    assert caught.value.retry_after == 120.0


@pytest.mark.parametrize(
    ("exc", "reason"),
    [
        (httpx.ReadTimeout("slow"), "timed out after 3 s"),
        (
            httpx.ConnectError("[Errno 111] Connection refused"),
            "cannot connect ([Errno 111] Connection refused)",
        ),
        (httpx.RemoteProtocolError("peer closed"), "broken HTTP answer (peer closed)"),
    ],
)
def test_transport_errors_become_one_line(exc: Exception, reason: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    with fetcher(handler, timeout=3.0) as f, pytest.raises(FetchError) as caught:
        f.fetch("http://news.example/")
    assert caught.value.reason == reason


def test_a_closed_port_is_a_connection_error() -> None:
    with Fetcher(FetchSettings(allow_private=True, timeout=2.0)) as f, pytest.raises(FetchError) as caught:
        f.fetch("http://127.0.0.1:9/")
    assert caught.value.reason.startswith("cannot connect")
