"""read_inputs: files, folders, standard input; bad inputs become rejections, the rest go on."""

from __future__ import annotations

import io
import json
import os
import sys
import time
from pathlib import Path

import pytest

from sitrep.config import Settings
from sitrep.errors import ConfigError
from sitrep.ingest import MemorySource, StdinSource, read_inputs, read_sources
from sitrep.model import InputFormat, RawDocument, Rejection
from sitrep.vocab import Stage


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def documents(results: list[RawDocument | Rejection]) -> list[RawDocument]:
    return [r for r in results if isinstance(r, RawDocument)]


def rejections(results: list[RawDocument | Rejection]) -> list[Rejection]:
    return [r for r in results if isinstance(r, Rejection)]


class FakeStdin(io.TextIOWrapper):
    """A text stream over bytes, as ``sys.stdin`` is, with ``.buffer`` the bytes."""

    def __init__(self, data: bytes) -> None:
        super().__init__(io.BytesIO(data), encoding="utf-8")


def test_folder_is_read_recursively_in_order_and_one_bad_file_is_skipped(tmp_path: Path) -> None:
    write(tmp_path / "b_second.txt", "date 2023-02-01\nSnow closes the Kiran pass.")
    write(tmp_path / "a_first.txt", "Avalanche warning for Kiran.")
    write(tmp_path / "c_broken.txt", b"\x89PNG\r\n\x1a\n\x00\x00")
    write(tmp_path / "d_sub" / "e_page.html", "<html><body><p>Roads cleared in Kiran.</p></body></html>")
    write(tmp_path / "d_sub" / "f_lines.jsonl", json.dumps({"id": "line-1", "text": "Power back."}) + "\n")
    write(tmp_path / "g_last.md", "Schools reopen.")
    write(tmp_path / ".hidden.txt", "Never read.")
    write(tmp_path / ".cache" / "h_hidden_folder.txt", "Never read either.")

    results = list(read_inputs([str(tmp_path)], Settings()))

    assert [r.id if isinstance(r, RawDocument) else "REJECTED" for r in results] == [
        "a_first",
        "b_second",
        "REJECTED",
        "e_page",
        "line-1",
        "g_last",
    ]
    [rejection] = rejections(results)
    assert rejection.origin == str(tmp_path / "c_broken.txt")
    assert rejection.stage == "ingest"
    assert rejection.reason == "binary data (PNG image), not text"
    formats = [d.format for d in documents(results)]
    assert formats == [
        InputFormat.TEXT,
        InputFormat.TEXT,
        InputFormat.HTML,
        InputFormat.JSONL,
        InputFormat.TEXT,
    ]
    assert documents(results)[3].origin == f"{tmp_path / 'd_sub' / 'f_lines.jsonl'}:1"


def test_missing_path_is_a_rejection_and_the_rest_go_on(tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", "Ferry service resumes.")
    missing = tmp_path / "nowhere.txt"
    results = list(read_inputs([str(missing), str(good)], Settings()))
    assert results[0] == Rejection(origin=str(missing), stage="ingest", reason="no such file or folder")
    assert isinstance(results[1], RawDocument)
    assert results[1].text == "Ferry service resumes."


def test_every_kind_of_bad_file_in_one_batch(tmp_path: Path) -> None:
    write(tmp_path / "1_empty.txt", "")
    write(tmp_path / "2_binary.txt", b"abc\x00def")
    write(tmp_path / "3_latin1.txt", "Café".encode("latin-1"))
    write(tmp_path / "4_large.txt", "x" * 200)
    write(tmp_path / "5_page.html", "<html><body><script>1</script></body></html>")
    write(tmp_path / "6_good.txt", "Harbour reopened.")
    results = list(read_inputs([str(tmp_path)], Settings(max_bytes=100)))
    assert [(Path(r.origin).name, r.reason) for r in rejections(results)] == [
        ("1_empty.txt", "empty input"),
        ("2_binary.txt", "binary data (NUL bytes), not text"),
        ("3_latin1.txt", "not valid UTF-8 at byte 3; pass --encoding"),
        ("4_large.txt", "larger than the 100 bytes limit (200 bytes)"),
        ("5_page.html", "no readable text in HTML"),
    ]
    assert [d.id for d in documents(results)] == ["6_good"]


def test_huge_sparse_file_is_rejected_by_its_size_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(int(73.2 * 1024 * 1024))  # sparse: no disk space, no time

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("a file over the limit must not be opened")

    monkeypatch.setattr(Path, "open", no_reading)
    started = time.perf_counter()
    [rejection] = list(read_inputs([str(huge)], Settings()))
    assert time.perf_counter() - started < 1
    assert rejection == Rejection(
        origin=str(huge), stage="ingest", reason="larger than the 50 MB limit (73.2 MB)"
    )


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", FakeStdin(b"date 2023-02-01\nSnow closes the Kiran pass."))
    [document] = list(read_inputs(["-"], Settings()))
    assert isinstance(document, RawDocument)
    assert document.id == "stdin"
    assert document.origin == "-"
    assert document.text == "date 2023-02-01\nSnow closes the Kiran pass."


def test_stdin_is_sniffed(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = "\n".join(json.dumps({"id": f"s{i}", "text": f"Update {i}."}) for i in range(3))
    monkeypatch.setattr(sys, "stdin", FakeStdin(lines.encode()))
    results = list(read_inputs(["-"], Settings()))
    assert [(r.id, r.origin) for r in documents(results)] == [("s0", "-:1"), ("s1", "-:2"), ("s2", "-:3")]


def test_stdin_over_the_limit_is_read_only_up_to_it(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = io.BytesIO(b"y" * 5000)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(raw, encoding="utf-8"))
    [rejection] = list(read_inputs(["-"], Settings(max_bytes=100)))
    assert rejection == Rejection(origin="-", stage="ingest", reason="larger than the 100 bytes limit")
    assert raw.tell() == 101


def test_bad_stdin_is_a_rejection(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", FakeStdin(b""))
    assert list(read_inputs(["-"], Settings())) == [
        Rejection(origin="-", stage="ingest", reason="empty input")
    ]


def test_same_id_from_two_inputs_rejects_the_later(tmp_path: Path) -> None:
    first = write(tmp_path / "north" / "bulletin.txt", "Northern roads open.")
    second = write(tmp_path / "south" / "bulletin.txt", "Southern roads closed.")
    results = list(read_inputs([str(first), str(second)], Settings()))
    assert isinstance(results[0], RawDocument)
    assert results[1] == Rejection(
        origin=str(second),
        stage="ingest",
        reason=f"duplicate id 'bulletin' (already read from {first})",
        document_id="bulletin",
    )


def test_unknown_encoding_fails_before_any_input_is_read(tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", "Ferry service resumes.")
    with pytest.raises(ConfigError):
        next(read_inputs([str(good)], Settings(encoding="no-such-codec")))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_not_read(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    [rejection] = list(read_inputs([str(pipe)], Settings()))
    assert isinstance(rejection, Rejection)
    assert rejection.reason == "not a regular file"


def test_symlinked_folder_loop_does_not_trap_the_walk(tmp_path: Path) -> None:
    write(tmp_path / "news" / "one.txt", "Bridge repaired.")
    (tmp_path / "news" / "loop").symlink_to(tmp_path / "news", target_is_directory=True)
    results = list(read_inputs([str(tmp_path / "news")], Settings()))
    assert [d.id for d in documents(results)] == ["one"]


def test_unreadable_file_is_a_rejection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = write(tmp_path / "locked.txt", "Sealed report.")
    good = write(tmp_path / "open.txt", "Open report.")
    real_open = Path.open

    def guarded_open(self: Path, *args: object, **kwargs: object) -> object:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", guarded_open)
    results = list(read_inputs([str(tmp_path)], Settings()))
    assert results[0] == Rejection(
        origin=str(locked), stage="ingest", reason="cannot read: Permission denied"
    )
    assert isinstance(results[1], RawDocument)
    assert results[1].origin == str(good)


def test_memory_source_reads_as_files_of_those_names_would() -> None:
    source = MemorySource({"a.txt": b"Rain over Tarsk.", "b.html": b"<p>Floods in Ostrel.</p>", "c.txt": b""})
    results = list(read_sources([source], Settings()))
    assert [r.id for r in documents(results)] == ["a", "b"]
    assert documents(results)[1].format is InputFormat.HTML
    assert rejections(results) == [Rejection(origin="c.txt", stage=Stage.INGEST, reason="empty input")]


def test_stdin_source_reads_the_stream_it_is_given() -> None:
    [document] = documents(list(StdinSource(io.BytesIO(b"Snow in Kiran.")).read(Settings())))
    assert (document.id, document.origin, document.text) == ("stdin", "-", "Snow in Kiran.")


def test_ids_are_unique_across_sources() -> None:
    first, second = MemorySource({"x/a.txt": b"One."}), MemorySource({"y/a.txt": b"Two."})
    results = list(read_sources([first, second], Settings()))
    assert [r.reason for r in rejections(results)] == ["duplicate id 'a' (already read from x/a.txt)"]


def test_an_unknown_encoding_is_refused_before_anything_is_read() -> None:
    with pytest.raises(ConfigError):
        read_sources([MemorySource({"a.txt": b"One."})], Settings(encoding="bogus"))


def test_a_symbolic_link_loop_in_a_folder_is_a_rejection_and_the_walk_goes_on(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "Rain over Tarsk.")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "z.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "up").symlink_to(tmp_path)
    results = list(read_inputs([str(tmp_path)], Settings()))
    assert [r.id for r in documents(results)] == ["a", "z"]
    [loop] = rejections(results)
    assert loop.origin == str(tmp_path / "loop.txt")
    assert loop.reason.startswith("cannot follow the link: ")


def test_a_file_name_that_is_not_utf8_is_shown_with_escapes(tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9.txt")
    write(tmp_path / name, "Rain over Tarsk.")
    [document] = documents(list(read_inputs([str(tmp_path)], Settings())))
    assert document.origin == str(tmp_path / "caf\\xe9.txt")
    assert document.id == "caf\\xe9"
    json.dumps(document.origin, ensure_ascii=False).encode("utf-8")
