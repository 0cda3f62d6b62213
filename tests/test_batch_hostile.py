"""Issue 7, done when: a batch of 1,000 mixed good and hostile documents runs to the end.

The batch is built here: good documents (tickers, articles, HTML pages, JSON Lines, and
strange but readable ones: CR-only line ends, U+2028 separators, a 5,001-digit number, a
``+99:99`` stamp, a word of 20,000 characters, a page of numeric entities) among hostile ones
(binary, empty, not UTF-8, placeholder dates, lone surrogates, broken JSON lines, pages of
nothing but scripts, over the size limit, link loops, dangling links, named pipes). It goes
through the real command line twice: once mixed, once with the good documents alone. The fast
run is segment-only (``sitrep extract --no-analysis``); the model run reads every document with
the whole pipeline (language model, gazetteer, event model), where a 5,001-digit number once
rejected its document. Every bad
document must be rejected with a reason, none lost, no traceback, exit status 1, and the good
documents' output must be byte-identical to the run without the bad ones.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

TOTAL = 1000
LIMIT_MB = "0.06"


def good_kinds(i: int) -> list[tuple[str, bytes]]:
    """Readable documents, the i-th of each kind: (file name, bytes)."""
    town = ["Goma", "Mosul", "Sagaing", "Kharkiv", "Cali", "Dhaka"][i % 6]
    return [
        (
            f"ticker{i}.txt",
            (
                f"date 2024-06-{1 + i % 28:02d}\nLive: clashes in {town}\n\n"
                f"+++ 10.{i % 60:02d} p.m .: Police closed the bridge in {town}, officials said.\n\n"
                f"Rescue teams at the river © Jane Roe / AP\n\n"
                f"+++ 9.00 p.m .: {i % 9 + 2} people were hurt when shells hit the market.\n"
            ).encode(),
        ),
        (
            f"article{i}.txt",
            f"date 2023-11-{1 + i % 28:02d}\n{town}: protest over fuel prices\n\n"
            f"{town.upper()}, Nov {1 + i % 28} (Reuters) - Thousands marched on Friday. "
            f"Police used tear gas, a spokesman said. Document {i}.\n".encode(),
        ),
        (
            f"page{i}.html",
            f"<html><head><title>{town} floods</title></head><body><nav>Home | World</nav>"
            f"<article><h1>Floods in {town}</h1><p>Water cut the road on Monday, case {i}.</p>"
            f"<p>Two bridges were closed.</p></article></body></html>".encode(),
        ),
        (
            f"cr{i}.txt",
            f"date 2024-06-25\rFloods in {town}\r\rThe river rose in {town}, case {i}.\r".encode(),
        ),
        (
            f"sep{i}.txt",
            f"date 2024-06-25\u2028Curfew\u2028\u2028A curfew began in {town}, {i}.\u2028".encode(),
        ),
        (
            f"digits{i}.txt",
            f"date 2024-06-25\nToll\n\nOfficials said {'9' * 5001} people fled, {i}.\n".encode(),
        ),
        (f"offset{i}.txt", f"Live\n\n12:00 +99:99\nShelling in {town}, {i}.\n\n11:00\nCalm.\n".encode()),
        (f"word{i}.txt", f"date 2024-06-25\nLong\n\n{'police.killed-two' * 1200}{i}\n".encode()),
        (
            f"entities{i}.html",
            f"<html><body><article><p>{'&#8364;&#169;&#x263A;' * 400} {i}</p></article></body></html>".encode(),
        ),
    ]


def jsonl_lines(i: int) -> list[str]:
    return [
        json.dumps(
            {
                "id": f"line{i}-{k}",
                "text": f"Clashes near the border on day {k}, batch {i}.",
                "published": "2024-05-02T10:00+02:00",
                "outlet": "example.org",
            }
        )
        for k in range(3)
    ]


BAD_JSONL_LINES = [
    json.dumps({"id": "early", "text": "A date no calendar reckons from.", "published": "0001-01-01"}),
    json.dumps({"id": "late", "text": "A date past every calendar.", "published": "9999-12-31"}),
    '{"id": "half", "text": "A lone surrogate \\ud800 here."}',
    '{"id": "cut", "text": "trunc',
    "[1, 2, 3]",
    json.dumps({"id": "blank", "text": "   "}),
]


def hostile_files(i: int) -> list[tuple[str, Callable[[Path], object]]]:
    """Bad documents, the i-th of each kind: (file name, how to make it in a folder)."""

    def data(content: bytes) -> Callable[[Path], object]:
        return lambda path: path.write_bytes(content)

    makers: list[tuple[str, Callable[[Path], object]]] = [
        (f"binary{i}.txt", data(bytes(range(256)) * 4)),
        (f"empty{i}.txt", data(b"")),
        (f"blank{i}.txt", data(b" \n\t\n  ")),
        (
            f"latin{i}.txt",
            data(f"date 2024-06-25\nCaf\xe9 \xe9t\xe9 {i}\n".encode("latin-1") + b"\xff\xfe\x80"),
        ),
        (
            f"scripts{i}.html",
            data(b"<html><body><script>var a = 1;</script><script>b()</script></body></html>"),
        ),
        (f"headeronly{i}.txt", data(b"title: Nothing follows\nurl: https://example.org/a\n\n")),
        (f"huge{i}.txt", data(b"date 2024-06-25\nBig\n\n" + b"Words and more words. " * 4000)),
        (f"loop{i}.txt", lambda path: path.symlink_to(path)),
        (f"dangling{i}.txt", lambda path: path.symlink_to(path.parent / f"nowhere{i}.txt")),
    ]
    if hasattr(os, "mkfifo"):
        makers.append((f"pipe{i}.txt", lambda path: os.mkfifo(path)))
    return makers


def build(mixed: Path, good: Path) -> tuple[set[str], set[str]]:
    """Both folders, and the origins of the good and of the bad documents in the mixed one."""
    mixed.mkdir()
    good.mkdir()
    good_origins: set[str] = set()
    bad_origins: set[str] = set()
    i = 0
    while len(good_origins) + len(bad_origins) < TOTAL:
        for name, content in good_kinds(i):
            for folder in (mixed, good):
                (folder / name).write_bytes(content)
            good_origins.add(name)
        for name, make in hostile_files(i):
            make(mixed / name)
            bad_origins.add(name)
        lines = jsonl_lines(i)
        (good / f"feed{i}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        # The bad lines come last, so the good lines keep their line numbers in both folders.
        (mixed / f"feed{i}.jsonl").write_text("\n".join(lines + BAD_JSONL_LINES) + "\n", encoding="utf-8")
        good_origins.update(f"feed{i}.jsonl:{n}" for n in range(1, len(lines) + 1))
        bad_origins.update(
            f"feed{i}.jsonl:{n}" for n in range(len(lines) + 1, len(lines) + len(BAD_JSONL_LINES) + 1)
        )
        i += 1
    return good_origins, bad_origins


def extract(folder: Path, output: Path, *, analysis: bool) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sitrep",
            "extract",
            ".",
            "-f",
            "jsonl",
            *(() if analysis else ("--no-analysis",)),
            "--tz",
            "UTC",
            "--max-mb",
            LIMIT_MB,
            "-o",
            str(output),
        ],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.mark.parametrize(
    "analysis", [False, pytest.param(True, marks=pytest.mark.model)], ids=["segment", "full"]
)
def test_a_thousand_mixed_documents_run_to_the_end(tmp_path: Path, analysis: bool) -> None:
    good_origins, bad_origins = build(tmp_path / "mixed", tmp_path / "good")
    assert len(good_origins) + len(bad_origins) >= TOTAL and len(bad_origins) >= 300

    mixed = extract(tmp_path / "mixed", tmp_path / "mixed.jsonl", analysis=analysis)
    alone = extract(tmp_path / "good", tmp_path / "good.jsonl", analysis=analysis)

    assert "Traceback" not in mixed.stderr and "Traceback" not in alone.stderr
    assert alone.returncode == 0, alone.stderr
    assert mixed.returncode == 1, mixed.stderr
    skipped = {}
    for line in mixed.stderr.splitlines():
        if line.startswith("sitrep: skipped "):
            origin, _, reason = line.removeprefix("sitrep: skipped ").partition(": ")
            assert reason.strip() and "internal error" not in reason, line
            skipped[origin] = reason
    # Every bad document is named once with its reason; no good one is.
    assert set(skipped) == bad_origins, sorted(set(skipped) ^ bad_origins)[:10]
    total = len(good_origins) + len(bad_origins)
    assert f"sitrep: {len(bad_origins)} of {total} document(s) rejected" in mixed.stderr
    # None lost: every good document is in the output, and its output is the same as without the bad ones.
    out = (tmp_path / "mixed.jsonl").read_text(encoding="utf-8")
    origins = [json.loads(line)["documents"][0]["origin"] for line in out.splitlines()]
    assert sorted(origins) == sorted(good_origins)
    assert out == (tmp_path / "good.jsonl").read_text(encoding="utf-8")
