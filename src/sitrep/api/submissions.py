"""A submitted document (the body of ``POST /api/documents``) → a `RawDocument`, read by the
same code as a JSON Lines line of `sitrep ingest` (text) or an HTML page (html); a submitted URL
(``POST /api/urls``) → its documents, fetched as `sitrep ingest URL` fetches it."""

from __future__ import annotations

import hashlib

from sitrep.api.problems import ApiProblem
from sitrep.api.schemas import SubmitDocument
from sitrep.api.settings import ServeSettings
from sitrep.config import Settings
from sitrep.errors import AddressRefused, FetchError, InputError
from sitrep.ingest.html import read_html
from sitrep.ingest.http import Fetcher, FetchSettings
from sitrep.ingest.jsonl import LineRecord, build_document
from sitrep.ingest.remote import answer_items, read_answer
from sitrep.model import RawDocument, Rejection


def submitted_document(body: SubmitDocument) -> RawDocument:
    """The document a request submitted; `InputError` when its text or a field is unusable."""
    doc_id = body.id or "api-" + hashlib.sha256(body.text.encode("utf-8")).hexdigest()[:16]
    origin = f"POST /api/documents ({doc_id})"
    if body.format == "html":
        return read_html(body.text, origin, doc_id)
    optional = {
        name: str(value)
        for name, value in (
            ("published", body.published),
            ("title", body.title),
            ("url", body.url),
            ("outlet", body.outlet),
        )
        if value
    }
    return build_document(LineRecord(doc_id, body.text, optional), origin)


def fetched_documents(url: str, settings: ServeSettings) -> list[RawDocument | Rejection]:
    """Fetch ``url`` (guarded: public addresses only unless ``settings.allow_private``, size and
    time limits) and read it: a page is one document, a feed one document an entry.

    Raises `ApiProblem`: 422 ``address_refused`` for a private address (or a redirect to one),
    422 ``fetch_failed`` when the server cannot be fetched, 422 ``unreadable`` for an answer
    that is not a document."""
    reading = Settings(max_bytes=settings.max_submit_bytes)
    fetching = FetchSettings(
        timeout=settings.fetch_timeout,
        max_bytes=settings.max_submit_bytes,
        allow_private=settings.allow_private,
    )
    try:
        with Fetcher(fetching) as fetcher:
            fetched = fetcher.fetch(url)
        return answer_items(read_answer(fetched, url, reading))
    except AddressRefused as exc:
        raise ApiProblem(422, "address_refused", exc.reason) from exc
    except FetchError as exc:
        raise ApiProblem(422, "fetch_failed", exc.reason) from exc
    except InputError as exc:
        raise ApiProblem(422, "unreadable", exc.reason) from exc
