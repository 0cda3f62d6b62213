"""A submitted document (the body of ``POST /api/documents``) → a `RawDocument`, read by the
same code as a JSON Lines line of `sitrep ingest` (text) or an HTML page (html)."""

from __future__ import annotations

import hashlib

from sitrep.api.schemas import SubmitDocument
from sitrep.ingest.html import read_html
from sitrep.ingest.jsonl import LineRecord, build_document
from sitrep.model import RawDocument


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
