"""Bytes → text: size, emptiness and binary checks, then strict decoding.

In: the raw bytes of one input, where they came from, and the settings. Out: the decoded text,
or an `InputError` subclass whose reason is the one line a user sees:

* `InputTooLarge`: over ``settings.max_bytes`` (``larger than the 50 MB limit (73.2 MB)``);
* `EmptyInput`: nothing, or nothing but white space;
* `BinaryInput`: a known binary signature (PNG, PDF, ZIP, gzip, ...; see ``magic.tsv``), NUL
  bytes, or a high share of control characters;
* `EncodingError`: bytes that do not decode (``not valid UTF-8 at byte 1234; pass --encoding``).

The encoding is chosen in this order: a byte-order mark (UTF-8, UTF-16, UTF-32), then
``settings.encoding``, then for HTML the page's own ``<meta charset>`` or XML declaration, then
UTF-8. Decoding is always strict: text is never silently altered, so every document offset
points at the characters the input really holds. An encoding name that Python does not know
is a `ConfigError` when it comes from the settings, and is ignored when a page declares it.
"""

from __future__ import annotations

import codecs
import contextlib
import logging
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from sitrep.config import Settings
from sitrep.errors import BinaryInput, ConfigError, EmptyInput, EncodingError, InputTooLarge

logger = logging.getLogger(__name__)

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian mark begins with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "UTF-32LE"),
    (codecs.BOM_UTF32_BE, "UTF-32BE"),
    (codecs.BOM_UTF8, "UTF-8"),
    (codecs.BOM_UTF16_LE, "UTF-16LE"),
    (codecs.BOM_UTF16_BE, "UTF-16BE"),
)

# WHATWG Encoding: pages labelled Latin-1 or ASCII are decoded as windows-1252 by browsers.
_HTML_LABEL_ALIASES = {"iso8859-1": "cp1252", "ascii": "cp1252"}

_CHARSET_DECLARATION = re.compile(
    rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})"""
    rb"""|<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""",
    re.IGNORECASE,
)
_DECLARATION_WINDOW = 4096

_CONTROL_SAMPLE = 100_000
_CONTROL_SHARE_LIMIT = 0.05
# Control characters (Unicode category Cc) other than tab, line feed, vertical tab, form feed, CR.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class Signature:
    """A binary file format recognised by fixed bytes at fixed offsets."""

    parts: tuple[tuple[int, bytes], ...]
    name: str

    def matches(self, data: bytes) -> bool:
        """Whether every part of the signature is found at its offset."""
        return all(data[offset : offset + len(part)] == part for offset, part in self.parts)


@dataclass(frozen=True, slots=True)
class EncodingChoice:
    """The codec to decode with, how many leading bytes to skip, and why it was chosen."""

    codec: str
    label: str
    skip: int
    source: str


def format_size(size: int) -> str:
    """A byte count as people say it: ``850 bytes``, ``12.5 KB``, ``50 MB``, ``73.2 MB``."""
    if size < 1024:
        return f"{size} bytes"
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    raise AssertionError("unreachable")


def check_size(size: int, origin: str, settings: Settings) -> None:
    """Raise `InputTooLarge` if ``size`` bytes exceed the configured limit."""
    if size > settings.max_bytes:
        limit = format_size(settings.max_bytes)
        raise InputTooLarge(f"larger than the {limit} limit ({format_size(size)})", origin=origin)


def resolve_encoding(name: str) -> str:
    """Python's codec name for a text encoding name; `LookupError` if there is none."""
    codec = codecs.lookup(name.strip()).name
    # LookupError for bytes-to-bytes codecs such as base64; a text codec may dislike the bytes.
    with contextlib.suppress(UnicodeDecodeError):
        b"\x00\x00\x00\x00".decode(codec)
    return codec


def resolve_setting_encoding(settings: Settings) -> str | None:
    """The codec named by ``settings.encoding``; `ConfigError` if Python does not know it."""
    if settings.encoding is None:
        return None
    try:
        return resolve_encoding(settings.encoding)
    except LookupError as exc:
        raise ConfigError(f"unknown text encoding {settings.encoding!r} (--encoding)") from exc


def check_bytes(data: bytes, origin: str, settings: Settings) -> None:
    """Reject inputs that are too large, empty or binary before anything decodes them."""
    check_size(len(data), origin, settings)
    if not data.strip():
        raise EmptyInput("empty input", origin=origin)
    for signature in load_signatures():
        if signature.matches(data):
            raise BinaryInput(f"binary data ({signature.name}), not text", origin=origin)
    if b"\x00" in data and not _is_wide(choose_encoding(data, settings, html=False).codec):
        raise BinaryInput("binary data (NUL bytes), not text", origin=origin)


def decode_bytes(data: bytes, origin: str, settings: Settings, *, html: bool = False) -> str:
    """Decode one input strictly and check that the result is text with something in it."""
    choice = choose_encoding(data, settings, html=html)
    try:
        text = data[choice.skip :].decode(choice.codec)
    except UnicodeDecodeError as exc:
        position = choice.skip + exc.start
        hint = "" if choice.source == "setting" else "; pass --encoding"
        because = {
            "default": "",
            "bom": f" (after a {choice.label} byte-order mark)",
            "declared": f" (the page declares {choice.label})",
            "setting": " (set by --encoding)",
        }[choice.source]
        raise EncodingError(
            f"not valid {choice.label} at byte {position}{because}{hint}", origin=origin
        ) from exc
    check_text(text, origin)
    return text


def check_text(text: str, origin: str) -> None:
    """Raise `EmptyInput` or `BinaryInput` for decoded text that is blank or not prose."""
    if not text.strip():
        raise EmptyInput("empty input", origin=origin)
    if "\x00" in text:
        raise BinaryInput("binary data (NUL characters), not text", origin=origin)
    sample = text[:_CONTROL_SAMPLE]
    share = len(_CONTROL.findall(sample)) / len(sample)
    if share > _CONTROL_SHARE_LIMIT:
        raise BinaryInput(f"binary data ({share:.0%} control characters), not text", origin=origin)


def choose_encoding(data: bytes, settings: Settings, *, html: bool) -> EncodingChoice:
    """Pick the codec for ``data``: byte-order mark, setting, HTML declaration, else UTF-8."""
    for bom, label in _BOMS:
        if data.startswith(bom):
            return EncodingChoice(codecs.lookup(label).name, label, len(bom), "bom")
    codec = resolve_setting_encoding(settings)
    if codec is not None:
        assert settings.encoding is not None
        return EncodingChoice(codec, settings.encoding, 0, "setting")
    if html:
        declared = find_declared_charset(data)
        if declared is not None:
            return declared
    return EncodingChoice("utf-8", "UTF-8", 0, "default")


def find_declared_charset(data: bytes) -> EncodingChoice | None:
    """The encoding an HTML page declares near its top, if Python knows it."""
    match = _CHARSET_DECLARATION.search(data[:_DECLARATION_WINDOW])
    if match is None:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii")
    try:
        codec = resolve_encoding(label)
    except LookupError:
        logger.warning("ignoring unknown charset %r declared in the page; reading it as UTF-8", label)
        return None
    if _is_wide(codec):
        # A declaration readable as ASCII cannot be UTF-16/32 without a byte-order mark.
        return None
    codec = _HTML_LABEL_ALIASES.get(codec, codec)
    return EncodingChoice(codec, label, 0, "declared")


def sniff_text(data: bytes | str, size: int = 4096) -> str:
    """A loose decoding of the first bytes, good enough to look for markers in."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")[:size]
    head = data[: size * 4]
    for bom, label in _BOMS:
        if head.startswith(bom):
            return head[len(bom) :].decode(label, errors="replace")[:size]
    return head.decode("utf-8", errors="replace")[:size]


@cache
def load_signatures() -> tuple[Signature, ...]:
    """The binary signatures listed in ``magic.tsv``."""
    table = resources.files("sitrep.ingest").joinpath("magic.tsv").read_text(encoding="utf-8")
    signatures = []
    for line in table.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        spec, name = line.split("\t")
        parts = []
        for part in spec.split():
            offset, hexbytes = part.split(":")
            parts.append((int(offset), bytes.fromhex(hexbytes)))
        signatures.append(Signature(tuple(parts), name))
    return tuple(signatures)


def _is_wide(codec: str) -> bool:
    return codec.startswith(("utf-16", "utf-32"))
