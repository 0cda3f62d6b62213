"""An input's name and first bytes → its `InputFormat` (text, HTML or JSON Lines).

The file extension decides when it is one we know (``.html .htm .xhtml``, ``.jsonl .ndjson
.json-lines``, ``.txt .text .md``); otherwise, and for standard input, the content does:

* HTML: a doctype, an ``<html>``/``<head>``/``<body>`` tag near the top, or a first tag that
  is a common HTML element;
* JSON Lines: the first non-blank line opens a JSON object (``{"``);
* anything else is plain text.

``settings.input_format`` overrides both; that choice is made by the caller.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from sitrep.ingest.decode import sniff_text
from sitrep.model import InputFormat

_EXTENSIONS = {
    ".html": InputFormat.HTML,
    ".htm": InputFormat.HTML,
    ".xhtml": InputFormat.HTML,
    ".jsonl": InputFormat.JSONL,
    ".ndjson": InputFormat.JSONL,
    ".json-lines": InputFormat.JSONL,
    ".txt": InputFormat.TEXT,
    ".text": InputFormat.TEXT,
    ".md": InputFormat.TEXT,
}

_HTML_DOCUMENT = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
_HTML_FIRST_TAG = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    r"<(?:article|div|main|section|p|h[1-6]|meta|title|link|script|style|ul|ol|table|time|span|a)[\s>/]",
    re.IGNORECASE | re.DOTALL,
)
_JSON_OBJECT_LINE = re.compile(r"\s*\{\s*(?:\"|\})")


def detect_format(data: bytes | str, origin: str) -> InputFormat:
    """Tell text, HTML and JSON Lines apart by ``origin``'s extension, else by content."""
    by_name = _EXTENSIONS.get(PurePath(origin).suffix.lower()) if origin != "-" else None
    if by_name is not None:
        return by_name
    head = sniff_text(data)
    if _HTML_DOCUMENT.search(head[:1024]) or _HTML_FIRST_TAG.match(head):
        return InputFormat.HTML
    first_line = next((line for line in head.split("\n") if line.strip()), "")
    if _JSON_OBJECT_LINE.match(first_line):
        return InputFormat.JSONL
    return InputFormat.TEXT
