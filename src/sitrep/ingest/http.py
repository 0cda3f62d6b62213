"""A URL → its bytes, fetched carefully: the one way sitrep reaches the network.

    fetcher = Fetcher(FetchSettings(...), transport=None, resolve=resolve_host)
    fetched = fetcher.fetch(url, validators)      # Fetched, or raises a FetchError

What every fetch guarantees:

* **Only http and https**, and only to public addresses: the host is resolved first and every
  address it resolves to is checked (`sitrep.ingest.addresses.refusal`); the connection then goes
  to the checked address itself (the URL is pinned to it, the ``Host`` header and TLS server name
  keep the name), so a second DNS answer cannot swap in another address. Redirects are followed
  here, one hop at a time, and each hop is checked the same way. ``allow_private`` lifts the
  address check (for a newsroom's intranet, or tests on 127.0.0.1).
* **Bounded**: ``timeout`` seconds for connecting and between bytes, ``deadline`` seconds for the
  whole fetch, ``max_bytes`` of (decompressed) body, checked against ``Content-Length`` and again
  while the body streams in, so an oversized or endless answer is cut off early.
* **Conditional**: given the `Validators` of an earlier answer, it sends ``If-None-Match`` and
  ``If-Modified-Since``; a ``304 Not Modified`` comes back as a `Fetched` whose ``not_modified``
  is true and whose content is empty.
* **One-line errors**: every failure is a `FetchError` (or `AddressRefused`, `InputTooLarge`)
  whose ``origin`` is the URL asked for and whose reason says what went wrong
  (``HTTP 503 Service Unavailable``, ``timed out after 20 s``, ``redirect to
  http://127.0.0.1/ refused: 127.0.0.1 is a loopback address (use --allow-private to allow)``).

The transport is a parameter, so tests replace it (httpx ``MockTransport``) or point the fetcher
at a server on 127.0.0.1 with ``allow_private``; the environment (proxy variables) is never read.
"""

from __future__ import annotations

import codecs
import logging
import time
from dataclasses import dataclass, field
from email.message import Message
from email.utils import parsedate_to_datetime
from types import TracebackType
from urllib.parse import urljoin

import httpx

from sitrep import __version__
from sitrep.config import described
from sitrep.errors import AddressRefused, ConfigError, FetchError, InputTooLarge
from sitrep.ingest.addresses import IPAddress, Resolver, parse_address, refusal, resolve_host
from sitrep.ingest.decode import format_size

logger = logging.getLogger(__name__)

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_SCHEMES = frozenset({"http", "https"})
_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, "
    "text/html;q=0.9, application/xhtml+xml;q=0.9, text/plain;q=0.8, */*;q=0.5"
)


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """How URLs are fetched; each setting with its help text."""

    timeout: float = field(
        default=20.0, metadata=described("Seconds to wait for a connection, and between bytes of an answer.")
    )
    deadline: float = field(
        default=120.0,
        metadata=described("Longest time one fetch may take in all, redirects and download included."),
    )
    max_bytes: int = field(
        default=50 * 1024 * 1024,
        metadata=described("Largest answer accepted, in bytes after decompression; larger ones are cut off."),
    )
    max_redirects: int = field(default=5, metadata=described("Most redirects followed for one URL."))
    allow_private: bool = field(
        default=False,
        metadata=described("Also fetch from private, loopback, link-local and reserved addresses."),
    )
    user_agent: str = field(
        default=f"sitrep/{__version__} (crisis event monitor)",
        metadata=described("The User-Agent header sent with every request."),
    )

    def __post_init__(self) -> None:
        if self.timeout <= 0 or self.deadline <= 0:
            raise ConfigError(f"timeouts must be positive, not {self.timeout} and {self.deadline}")
        if self.max_bytes <= 0:
            raise ConfigError(f"max_bytes must be positive, not {self.max_bytes}")
        if self.max_redirects < 0:
            raise ConfigError(f"max_redirects must not be negative, not {self.max_redirects}")


@dataclass(frozen=True, slots=True)
class Validators:
    """What a server said identifies the version it sent (``ETag``, ``Last-Modified``)."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        """The conditional request headers these validators call for."""
        found = {}
        if self.etag:
            found["If-None-Match"] = self.etag
        if self.last_modified:
            found["If-Modified-Since"] = self.last_modified
        return found


@dataclass(frozen=True, slots=True)
class Fetched:
    """One successful answer (a 2xx with its body, or a 304 without one)."""

    url: str
    """The URL the answer came from, after redirects."""
    status: int
    content: bytes
    content_type: str | None
    """The media type, lower case, without parameters (``application/rss+xml``)."""
    charset: str | None
    """The charset the ``Content-Type`` header names, if Python knows it."""
    validators: Validators

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def is_url(value: str) -> bool:
    """Whether a command-line input names a URL rather than a path."""
    return value.lower().startswith(("http://", "https://"))


class Fetcher:
    """Fetches URLs under one set of `FetchSettings`; close it (or use ``with``) when done."""

    def __init__(
        self,
        settings: FetchSettings | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        resolve: Resolver = resolve_host,
    ) -> None:
        self.settings = settings or FetchSettings()
        self._resolve = resolve
        # No connection is kept for reuse: connections go to pinned addresses, and a TLS
        # connection set up for one host name must never carry a request for another.
        unpooled = httpx.Limits(max_keepalive_connections=0)
        self._client = httpx.Client(
            transport=transport or httpx.HTTPTransport(retries=0, limits=unpooled),
            timeout=httpx.Timeout(self.settings.timeout),
            follow_redirects=False,
            trust_env=False,
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(self, url: str, validators: Validators | None = None) -> Fetched:
        """Fetch ``url`` (following redirects one checked hop at a time).

        Raises `AddressRefused` for a URL or redirect that leads to a refused address,
        `InputTooLarge` for an answer over ``max_bytes``, `FetchError` for everything else
        that goes wrong (bad URL, DNS, connection, timeout, HTTP error status).
        """
        deadline = time.monotonic() + self.settings.deadline
        current = url
        for hop in range(self.settings.max_redirects + 1):
            target = _parse_url(current, url, redirected=hop > 0)
            response = self._open(target, url, validators, deadline, redirected=hop > 0)
            try:
                location = response.headers.get("location")
                if response.status_code in _REDIRECTS and location:
                    current = urljoin(str(target), location)
                    logger.debug("%s: %d redirect to %s", url, response.status_code, current)
                    continue
                return self._answer(response, str(target), url, deadline)
            finally:
                response.close()
        raise FetchError(f"too many redirects (more than {self.settings.max_redirects})", origin=url)

    def _open(
        self,
        target: httpx.URL,
        origin: str,
        validators: Validators | None,
        deadline: float,
        *,
        redirected: bool,
    ) -> httpx.Response:
        address = self._address(target, origin, redirected=redirected)
        headers = {"Host": _host_header(target), "User-Agent": self.settings.user_agent, "Accept": _ACCEPT}
        if validators is not None:
            headers.update(validators.headers())
        extensions = {}
        if target.scheme == "https" and parse_address(target.host) is None:
            extensions["sni_hostname"] = target.host
        request = self._client.build_request(
            "GET", target.copy_with(host=str(address)), headers=headers, extensions=extensions
        )
        _check_deadline(deadline, origin, self.settings.deadline)
        try:
            return self._client.send(request, stream=True)
        except httpx.HTTPError as exc:
            raise _map_error(exc, origin, self.settings) from exc

    def _address(self, target: httpx.URL, origin: str, *, redirected: bool) -> IPAddress:
        """The address to connect to; every address the host has must be allowed."""
        port = target.port or (443 if target.scheme == "https" else 80)
        literal = parse_address(target.host)
        try:
            addresses = [literal] if literal is not None else list(self._resolve(target.host, port))
        except (OSError, UnicodeError) as exc:
            raise FetchError(f"cannot resolve host {target.host!r}", origin=origin) from exc
        if not addresses:
            raise FetchError(f"cannot resolve host {target.host!r}", origin=origin)
        if not self.settings.allow_private:
            for address in addresses:
                why = refusal(address)
                if why is not None:
                    prefix = f"redirect to {target} refused" if redirected else "refused"
                    shown = target.host if str(address) == target.host else f"{target.host} ({address})"
                    raise AddressRefused(
                        f"{prefix}: {shown} is {why} (use --allow-private to allow)", origin=origin
                    )
        return addresses[0]

    def _answer(self, response: httpx.Response, url: str, origin: str, deadline: float) -> Fetched:
        status = response.status_code
        validators = Validators(response.headers.get("etag"), response.headers.get("last-modified"))
        content_type, charset = _content_type(response.headers.get("content-type"))
        if status == 304:
            return Fetched(url, status, b"", content_type, charset, validators)
        if not 200 <= status < 300:
            raise FetchError(
                f"HTTP {status} {response.reason_phrase}".rstrip(),
                origin=origin,
                retry_after=_retry_after(response.headers.get("retry-after")),
            )
        content = self._read_body(response, origin, deadline)
        return Fetched(url, status, content, content_type, charset, validators)

    def _read_body(self, response: httpx.Response, origin: str, deadline: float) -> bytes:
        limit = self.settings.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit and "content-encoding" not in response.headers:
            raise InputTooLarge(
                f"larger than the {format_size(limit)} limit ({format_size(int(declared))} announced)",
                origin=origin,
            )
        chunks: list[bytes] = []
        total = 0
        try:
            for chunk in response.iter_bytes():
                total += len(chunk)
                if total > limit:
                    raise InputTooLarge(f"larger than the {format_size(limit)} limit", origin=origin)
                chunks.append(chunk)
                _check_deadline(deadline, origin, self.settings.deadline)
        except httpx.HTTPError as exc:
            raise _map_error(exc, origin, self.settings) from exc
        return b"".join(chunks)


def _parse_url(value: str, origin: str, *, redirected: bool) -> httpx.URL:
    what = f"redirect to {value!r}" if redirected else "URL"
    try:
        url = httpx.URL(value)
    except (httpx.InvalidURL, ValueError, UnicodeError) as exc:
        raise FetchError(f"not a valid {what} ({exc})", origin=origin) from exc
    if url.scheme not in _SCHEMES:
        raise FetchError(f"{what} is not http or https", origin=origin)
    if not url.host:
        raise FetchError(f"{what} names no host", origin=origin)
    return url


def _host_header(url: httpx.URL) -> str:
    host = f"[{url.host}]" if ":" in url.host else url.host
    return host if url.port is None else f"{host}:{url.port}"


def _check_deadline(deadline: float, origin: str, seconds: float) -> None:
    if time.monotonic() > deadline:
        raise FetchError(f"took longer than {seconds:g} s", origin=origin)


def _map_error(exc: httpx.HTTPError, origin: str, settings: FetchSettings) -> FetchError:
    """An httpx exception as the one-line `FetchError` a user sees."""
    if isinstance(exc, httpx.TimeoutException):
        return FetchError(f"timed out after {settings.timeout:g} s", origin=origin)
    if isinstance(exc, httpx.ConnectError):
        return FetchError(f"cannot connect ({_first_line(exc) or 'connection failed'})", origin=origin)
    if isinstance(exc, httpx.DecodingError):
        return FetchError(f"answer not decodable ({_first_line(exc)})", origin=origin)
    if isinstance(exc, httpx.RemoteProtocolError):
        return FetchError(f"broken HTTP answer ({_first_line(exc) or 'protocol error'})", origin=origin)
    return FetchError(f"network error ({_first_line(exc) or type(exc).__name__})", origin=origin)


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().split("\n", 1)[0]


def _content_type(value: str | None) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    message = Message()
    message["content-type"] = value
    media = message.get_content_type().lower()
    charset = message.get_param("charset")
    name = charset if isinstance(charset, str) else None
    if name:
        try:
            codecs.lookup(name)
        except LookupError:
            name = None
    return media, name


def _retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (a number of seconds, or an HTTP date)."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, moment.timestamp() - time.time())
