"""A URL → documents: fetched with a `Fetcher`, then read as a feed, a page, a text or JSON Lines.

    read_locations(inputs, settings, fetcher) -> Iterator[RawDocument | Rejection]
    read_url(url, settings, fetcher) -> list[RawDocument | Rejection]
    read_answer(fetched, origin, settings) -> Feed | list[RawDocument | Rejection]
    answer_items(answer) -> list[RawDocument | Rejection]

An answer is a feed when its media type says so or its root element is ``<rss>``, ``<feed>``
or ``<rdf:RDF>`` (each entry then becomes a document, see `sitrep.ingest.feeds`). Otherwise its
format is the one ``settings`` forces, else the one its media type names (``text/html``,
``text/plain``, ``application/x-ndjson``), else the one its content shows; a charset in the
``Content-Type`` header is honoured unless ``settings.encoding`` says otherwise. A page's id is a
slug of its URL (``example-org-live-kazakhstan``) so that the same page polled again is the
same document; a page that names no canonical URL keeps the URL it was fetched from.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterator, Sequence

from sitrep.config import Settings
from sitrep.errors import InputError
from sitrep.ingest.decode import resolve_setting_encoding
from sitrep.ingest.feeds import Feed, looks_like_feed, read_feed
from sitrep.ingest.http import Fetched, Fetcher, is_url
from sitrep.ingest.sources import read_bytes, read_inputs
from sitrep.model import InputFormat, RawDocument, Rejection
from sitrep.vocab import Stage

_MEDIA_FORMATS = {
    "text/html": InputFormat.HTML,
    "application/xhtml+xml": InputFormat.HTML,
    "text/plain": InputFormat.TEXT,
    "text/markdown": InputFormat.TEXT,
    "application/x-ndjson": InputFormat.JSONL,
    "application/jsonl": InputFormat.JSONL,
    "application/x-jsonlines": InputFormat.JSONL,
}
_SLUG = re.compile(r"[^A-Za-z0-9]+")


def read_locations(
    inputs: Sequence[str], settings: Settings, fetcher: Fetcher
) -> Iterator[RawDocument | Rejection]:
    """Read paths and URLs in the order given; ids stay unique across all of them.

    Without URLs among the inputs this is `read_inputs`. Raises `ConfigError` at once (before
    anything is read or fetched) if ``settings.encoding`` is unknown.
    """
    if not any(is_url(item) for item in inputs):
        return read_inputs(inputs, settings)
    resolve_setting_encoding(settings)
    return _locations(inputs, settings, fetcher)


def _locations(
    inputs: Sequence[str], settings: Settings, fetcher: Fetcher
) -> Iterator[RawDocument | Rejection]:
    first_origin: dict[str, str] = {}
    for item in inputs:
        results = read_url(item, settings, fetcher) if is_url(item) else read_inputs([item], settings)
        for result in results:
            if isinstance(result, RawDocument):
                if result.id in first_origin:
                    reason = f"duplicate id {result.id!r} (already read from {first_origin[result.id]})"
                    yield Rejection(result.origin, Stage.INGEST, reason, result.id)
                    continue
                first_origin[result.id] = result.origin
            yield result


def read_url(url: str, settings: Settings, fetcher: Fetcher) -> list[RawDocument | Rejection]:
    """Fetch ``url`` and read it; a URL that cannot be fetched or read becomes one `Rejection`."""
    try:
        answer = read_answer(fetcher.fetch(url), url, settings)
    except InputError as exc:
        return [Rejection(origin=url, stage=exc.stage, reason=exc.reason)]
    return answer_items(answer)


def answer_items(answer: Feed | list[RawDocument | Rejection]) -> list[RawDocument | Rejection]:
    """What an answer holds: a feed's entries as documents (and its rejections), else the list."""
    if isinstance(answer, Feed):
        return [*(entry.document for entry in answer.entries), *answer.rejections]
    return answer


def read_answer(fetched: Fetched, origin: str, settings: Settings) -> Feed | list[RawDocument | Rejection]:
    """Read a fetched answer; raises an `InputError` subclass when it is not readable."""
    # The media type can name a feed that sniffing would miss; read_bytes sniffs only.
    if settings.input_format is None and looks_like_feed(fetched.content, fetched.content_type):
        return read_feed(fetched.content, origin, content_type=fetched.content_type)
    input_format = settings.input_format or _MEDIA_FORMATS.get(fetched.content_type or "")
    encoding = settings.encoding or fetched.charset
    local = dataclasses.replace(settings, input_format=input_format, encoding=encoding)
    results = read_bytes(fetched.content, origin, local, doc_id=page_id(fetched.url))
    return [
        dataclasses.replace(item, url=fetched.url) if isinstance(item, RawDocument) and not item.url else item
        for item in results
    ]


def page_id(url: str) -> str:
    """A stable, readable id for the document at ``url``: its host and path as a slug.

    A query string adds a short hash of itself, so two pages that differ only there differ.
    """
    rest = url.split("://", 1)[-1].removeprefix("www.")
    rest, _, query = rest.partition("?")
    rest = rest.partition("#")[0]
    slug = _SLUG.sub("-", rest).strip("-")[:80].rstrip("-") or "page"
    if query:
        slug += "-" + hashlib.sha1(query.encode("utf-8"), usedforsecurity=False).hexdigest()[:8]
    return slug
