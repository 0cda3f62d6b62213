"""Batch inputs: JSON Lines plain and compressed, WARC, folders; bad lines and archives as rejections."""

from __future__ import annotations

import gzip
import io
import json
import random
from pathlib import Path
from types import ModuleType

import pytest
import zstandard
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from sitrep.batch.inputs import RawInput, partitions, read_batch_inputs
from sitrep.config import Settings
from sitrep.model import InputFormat, RawDocument, Rejection


def _lines(*docs: dict[str, str]) -> bytes:
    return b"".join(json.dumps(d).encode() + b"\n" for d in docs)


DOCS = [{"id": f"d{i}", "text": f"Police arrested {i} people in Lima."} for i in range(5)]


def _read(*paths: Path, settings: Settings | None = None) -> list[RawDocument | RawInput | Rejection]:
    return list(read_batch_inputs([str(p) for p in paths], settings or Settings()))


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz", ".jsonl.zst", ".ndjson"])
def test_json_lines_plain_and_compressed_give_the_same_documents(tmp_path: Path, suffix: str) -> None:
    data = _lines(*DOCS)
    path = tmp_path / f"news{suffix}"
    if suffix.endswith(".gz"):
        data = gzip.compress(data)
    elif suffix.endswith(".zst"):
        data = zstandard.ZstdCompressor().compress(data)
    path.write_bytes(data)
    items = _read(path)
    assert [i.id for i in items if isinstance(i, RawDocument)] == [d["id"] for d in DOCS]
    assert items[2].origin == f"{path}:3"


def test_multi_frame_zstandard_and_multi_member_gzip_are_read_whole(tmp_path: Path) -> None:
    first, second = _lines(*DOCS[:2]), _lines(*DOCS[2:])
    zst = tmp_path / "a.jsonl.zst"
    zst.write_bytes(zstandard.ZstdCompressor().compress(first) + zstandard.ZstdCompressor().compress(second))
    gz = tmp_path / "b.jsonl.gz"
    gz.write_bytes(gzip.compress(first) + gzip.compress(second))
    for path in (zst, gz):
        assert len([i for i in _read(path) if isinstance(i, RawDocument)]) == 5


@pytest.mark.parametrize("suffix", [".jsonl.gz", ".jsonl.zst"])
def test_truncated_archive_keeps_the_lines_before_the_cut_and_names_the_file(
    tmp_path: Path, suffix: str
) -> None:
    # Incompressible padding makes the archive span several blocks, so the cut falls after some lines.
    rng = random.Random(0)
    docs = [
        {"id": f"d{i}", "text": f"Protest in Lima number {i}. " + rng.randbytes(1500).hex()}
        for i in range(200)
    ]
    data = _lines(*docs)
    packed = (
        gzip.compress(data) if suffix.endswith(".gz") else zstandard.ZstdCompressor(level=1).compress(data)
    )
    path = tmp_path / f"cut{suffix}"
    path.write_bytes(packed[: len(packed) * 3 // 4])
    items = _read(path)
    assert isinstance(items[-1], Rejection)
    assert items[-1].origin == str(path)
    assert "truncated" in items[-1].reason
    read = [i for i in items if isinstance(i, RawDocument)]
    assert 0 < len(read) < 200
    assert [d.id for d in read] == [f"d{i}" for i in range(len(read))]


def test_corrupt_archive_is_one_rejection(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl.gz"
    path.write_bytes(b"this is not gzip at all\n")
    (item,) = _read(path)
    assert isinstance(item, Rejection)
    assert item.origin == str(path)
    assert "corrupt compressed data" in item.reason


def test_bad_lines_are_rejected_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        _lines(DOCS[0])
        + b'{"id": "broken", "text": \n'
        + b'{"id": "empty", "text": "   "}\n'
        + b'{"id": "latin", "text": "caf\xe9"}\n'
        + b"\n"
        + _lines(DOCS[1], DOCS[0])
    )
    items = _read(path)
    kinds = [(type(i).__name__, i.origin.rsplit(":", 1)[1]) for i in items]
    assert kinds == [
        ("RawDocument", "1"),
        ("Rejection", "2"),
        ("Rejection", "3"),
        ("Rejection", "4"),
        ("RawDocument", "6"),
        ("Rejection", "7"),
    ]
    rejections = [i for i in items if isinstance(i, Rejection)]
    assert "not valid JSON" in rejections[0].reason
    assert "not valid utf-8" in rejections[2].reason
    assert "duplicate id 'd0'" in rejections[3].reason


def test_a_line_over_the_size_limit_is_rejected_without_stopping_the_file(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_bytes(_lines(DOCS[0], {"id": "huge", "text": "word " * 400}, DOCS[1]))
    items = _read(path, settings=Settings(max_bytes=1000))
    assert [type(i).__name__ for i in items] == ["RawDocument", "Rejection", "RawDocument"]
    assert "line larger than the" in items[1].reason  # type: ignore[union-attr]


def test_duplicate_ids_across_inputs_are_rejected(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_bytes(_lines(DOCS[0]))
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(_lines(DOCS[0], DOCS[1])))
    items = _read(tmp_path / "a.jsonl", tmp_path / "b.jsonl.gz")
    assert [type(i).__name__ for i in items] == ["RawDocument", "Rejection", "RawDocument"]
    assert "already read from" in items[1].reason  # type: ignore[union-attr]


def _warc(path: Path, records: list[tuple[str, str, str, bytes]], *, gzip_records: bool = True) -> None:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=gzip_records)
        for kind, url, content_type, body in records:
            if kind == "response":
                status = "200 OK" if "missing" not in url else "404 Not Found"
                http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
                record = writer.create_warc_record(
                    url, "response", payload=io.BytesIO(body), length=len(body), http_headers=http
                )
            else:
                record = writer.create_warc_record(
                    url, kind, payload=io.BytesIO(body), length=len(body), warc_content_type=content_type
                )
            writer.write_record(record)


PAGE = "<html><head><title>Clashes in Goma</title></head><body><article><p>{}</p></article></body></html>"


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_warc_html_responses_become_documents_and_the_rest_is_skipped(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    body = PAGE.format("Fighting broke out in Goma on Monday, residents said.").encode()
    latin = PAGE.format("Des manifestants à Goma.").encode("latin-1")
    _warc(
        path,
        [
            ("response", "https://news.example.org/goma", "text/html; charset=utf-8", body),
            ("response", "https://news.example.org/logo.png", "image/png", b"\x89PNG..."),
            ("response", "https://news.example.org/missing", "text/html", body),
            ("metadata", "https://news.example.org/goma", "application/json", b"{}"),
            ("response", "https://news.example.org/fr", "text/html; charset=ISO-8859-1", latin),
        ],
        gzip_records=name.endswith(".gz"),
    )
    items = _read(path)
    assert [type(i).__name__ for i in items] == ["RawInput", "RawInput"]
    first, second = items
    assert isinstance(first, RawInput) and isinstance(second, RawInput)
    assert first.url == "https://news.example.org/goma"
    assert first.input_format == InputFormat.HTML
    assert first.origin.startswith(f"{path}#") and first.origin.endswith("https://news.example.org/goma")
    assert first.doc_id != second.doc_id
    assert second.encoding == "iso8859-1"


def test_truncated_warc_keeps_the_records_before_the_cut(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc.gz"
    pages = [
        ("response", f"https://news.example.org/{i}", "text/html", PAGE.format(f"Report {i} " * 200).encode())
        for i in range(6)
    ]
    _warc(path, pages)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 300])
    items = _read(path)
    assert isinstance(items[-1], Rejection)
    assert items[-1].origin == str(path)
    assert 0 < len(items) - 1 < 6


def test_a_file_that_is_not_warc_is_one_rejection(tmp_path: Path) -> None:
    path = tmp_path / "fake.warc"
    path.write_text("hello, this is not a web archive\n")
    (item,) = _read(path)
    assert isinstance(item, Rejection)
    assert "WARC" in item.reason


def test_folders_mix_formats_in_sorted_order(tmp_path: Path, corpus: ModuleType) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(_lines(*DOCS[:2])))
    (tmp_path / "a.txt").write_text("date 2024-05-01\nProtesters marched in Dhaka.\n")
    (tmp_path / ".hidden.jsonl").write_bytes(_lines(DOCS[4]))
    (tmp_path / "c.warc.gz").write_bytes(b"")
    corpus.write_corpus(tmp_path / "c.warc.gz", 3)
    items = _read(tmp_path, tmp_path / "missing.jsonl")
    names = [type(i).__name__ for i in items]
    assert names == [
        "RawInput",
        "RawDocument",
        "RawDocument",
        "RawInput",
        "RawInput",
        "RawInput",
        "Rejection",
    ]
    assert items[0].origin == str(tmp_path / "a.txt")
    assert items[-1].reason == "no such file or folder"  # type: ignore[union-attr]


def test_partitions_are_fixed_runs_of_the_input(tmp_path: Path) -> None:
    items = list(range(10))
    assert [(i, list(p)) for i, p in partitions(items, 4)] == [
        (0, [0, 1, 2, 3]),
        (1, [4, 5, 6, 7]),
        (2, [8, 9]),
    ]  # type: ignore[arg-type]
