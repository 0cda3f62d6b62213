"""Bad input: each kind raises its own error with a clear one-line reason, never a traceback."""

from __future__ import annotations

import gzip
import io
import zipfile

import pytest

from sitrep.config import Settings
from sitrep.errors import BinaryInput, ConfigError, EmptyInput, EncodingError, InputError, InputTooLarge
from sitrep.ingest import read_bytes
from sitrep.ingest.decode import format_size
from sitrep.model import RawDocument


def reason_for(data: bytes, origin: str = "in.txt", settings: Settings | None = None) -> InputError:
    with pytest.raises(InputError) as caught:
        read_bytes(data, origin, settings or Settings())
    assert caught.value.origin == origin
    assert "\n" not in str(caught.value)
    return caught.value


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("story.txt", "Rain.")
    return buffer.getvalue()


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n ", b"\xef\xbb\xbf", b"\xef\xbb\xbf  \n"])
def test_empty(data: bytes) -> None:
    error = reason_for(data)
    assert isinstance(error, EmptyInput)
    assert error.reason == "empty input"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data (PNG image), not text"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "binary data (PDF document), not text"),
        (gzip.compress(b"Rain over Tarsk."), "binary data (gzip archive), not text"),
        (zip_bytes(), "binary data (ZIP archive), not text"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "binary data (JPEG image), not text"),
        (b"Rain over\x00Tarsk.", "binary data (NUL bytes), not text"),
        (b"Rain\x01\x02\x03\x04\x05\x06\x07\x08 over", "binary data (47% control characters), not text"),
    ],
)
def test_binary(data: bytes, reason: str) -> None:
    error = reason_for(data, "in.html")
    assert isinstance(error, BinaryInput)
    assert error.reason == reason
    assert str(error) == f"in.html: {reason}"


def test_a_few_control_characters_are_still_text() -> None:
    text = "Rain over Tarsk\x1b and the coast" + " with more words" * 10
    [document] = read_bytes(text.encode(), "in.txt", Settings())
    assert isinstance(document, RawDocument)
    assert document.text == text


def test_not_utf8() -> None:
    error = reason_for("Rain over Kraków, café closed.".encode("latin-1") + b" more")
    assert isinstance(error, EncodingError)
    assert error.reason == "not valid UTF-8 at byte 14; pass --encoding"


def test_truncated_utf8_character_at_the_end() -> None:
    data = "Rain over Kraków".encode()[:-2]
    error = reason_for(data)
    assert isinstance(error, EncodingError)
    assert error.reason == "not valid UTF-8 at byte 14; pass --encoding"


def test_encoding_setting_decodes() -> None:
    data = "Rain over Kraków, café closed.".encode("latin-1")
    [document] = read_bytes(data, "in.txt", Settings(encoding="latin-1"))
    assert isinstance(document, RawDocument)
    assert document.text == "Rain over Kraków, café closed."


def test_encoding_setting_that_does_not_fit() -> None:
    error = reason_for(
        "Rain over Kraków".encode("utf-16-le") + b"\x00", settings=Settings(encoding="utf-16-le")
    )
    assert isinstance(error, EncodingError)
    assert error.reason == "not valid utf-16-le at byte 32 (set by --encoding)"


@pytest.mark.parametrize("name", ["no-such-codec", "base64", "rot13"])
def test_unknown_encoding_setting_is_a_config_error(name: str) -> None:
    with pytest.raises(ConfigError) as caught:
        read_bytes(b"Rain.", "in.txt", Settings(encoding=name))
    assert str(caught.value) == f"unknown text encoding {name!r} (--encoding)"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-32-le", "utf-8-sig"])
def test_byte_order_marks_are_honoured(codec: str) -> None:
    text = "date 2023-11-19\nRain over Kraków."
    data = text.encode(codec)
    if codec in ("utf-16-be", "utf-32-le"):
        bom = {"utf-16-be": b"\xfe\xff", "utf-32-le": b"\xff\xfe\x00\x00"}[codec]
        data = bom + data
    [document] = read_bytes(data, "in.txt", Settings())
    assert isinstance(document, RawDocument)
    assert document.text == text


def test_byte_order_mark_wins_over_the_setting() -> None:
    text = "Rain over Kraków."
    [document] = read_bytes(text.encode("utf-16"), "in.txt", Settings(encoding="latin-1"))
    assert isinstance(document, RawDocument)
    assert document.text == text


def test_utf16_without_bom_needs_the_setting() -> None:
    data = "Rain over Kraków.".encode("utf-16-le")
    assert isinstance(reason_for(data), BinaryInput)
    [document] = read_bytes(data, "in.txt", Settings(encoding="utf-16-le"))
    assert isinstance(document, RawDocument)
    assert document.text == "Rain over Kraków."


def test_html_charset_declaration_is_honoured() -> None:
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-2"></head>'
    page += "<body><p>Powódź w Łodzi.</p></body></html>"
    [document] = read_bytes(page.encode("iso-8859-2"), "in.html", Settings())
    assert isinstance(document, RawDocument)
    assert document.text == "Powódź w Łodzi."


def test_html_declared_latin1_reads_as_windows_1252() -> None:
    page = "<html><head><meta charset='iso-8859-1'></head><body><p>“Quoted” café</p></body></html>"
    [document] = read_bytes(page.encode("cp1252"), "in.html", Settings())
    assert isinstance(document, RawDocument)
    assert document.text == "“Quoted” café"


def test_html_whose_declaration_is_wrong() -> None:
    page = '<html><head><meta charset="utf-8"></head><body><p>Café</p></body></html>'
    error = reason_for(page.encode("latin-1"), "in.html")
    assert isinstance(error, EncodingError)
    assert error.reason == "not valid utf-8 at byte 53 (the page declares utf-8); pass --encoding"


def test_html_with_an_unknown_declared_charset_falls_back_to_utf8() -> None:
    page = '<html><head><meta charset="x-klingon"></head><body><p>Café</p></body></html>'
    [document] = read_bytes(page.encode(), "in.html", Settings())
    assert isinstance(document, RawDocument)
    assert document.text == "Café"


def test_too_large() -> None:
    error = reason_for(b"Rain over Tarsk. " * 9, settings=Settings(max_bytes=100))
    assert isinstance(error, InputTooLarge)
    assert error.reason == "larger than the 100 bytes limit (153 bytes)"


@pytest.mark.parametrize(
    ("size", "text"),
    [(850, "850 bytes"), (12_800, "12.5 KB"), (50 * 1024**2, "50 MB"), (int(73.2 * 1024**2), "73.2 MB"),
     (3 * 1024**3, "3 GB")],
)  # fmt: skip
def test_sizes_read_as_people_say_them(size: int, text: str) -> None:
    assert format_size(size) == text
