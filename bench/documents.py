"""Realistic documents for the benches, from the project's own fixtures (no downloads, no devdata).

    documents(count, seed=0) -> [(origin, bytes)]     the first ``count`` documents
    write_folder(docs, folder)                        one file a document

First come the fixture documents as they are (the demo ticker, the living-record tickers, the
dashboard tests' tickers and the golden corpora's tickers, wires, articles and HTML pages); then
live tickers composed from the sentences of `corpus/events/train.jsonl` (written for the
project): a title, a lead and four to nine stamped entries of one to three sentences each, in the
ticker styles the golden corpora use, dated within a fortnight so that fusion finds candidates as
it would on a desk following one crisis. The same seed gives the same documents.
"""

from __future__ import annotations

import json
import random
import re
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURE_FILES = (
    "examples/demo-ticker.txt",
    "examples/living/caspian-wire.txt",
    "examples/living/steppe-daily.txt",
    "tests/api/data/ticker-tbilisi.txt",
    "tests/api/data/wire-tbilisi.txt",
    "tests/api/data/late-entry.txt",
)
GOLDEN = ("tests/golden/events", "tests/golden/segment")
CORPUS = REPO / "corpus" / "events" / "train.jsonl"
FIRST_DAY = date(2025, 3, 3)
DAYS = 14
_LEADING_STAMP = re.compile(r"^\s*(\d{1,2}[:.]\d{2}|\+\+\+|[A-Z]{3,}, \w{3} \d)")


def fixture_documents() -> list[tuple[str, bytes]]:
    """The project's fixture documents, as (origin, bytes)."""
    found = [(Path(name).name, (REPO / name).read_bytes()) for name in FIXTURE_FILES]
    for folder in GOLDEN:
        for path in sorted((REPO / folder).glob("*.json")):
            case = json.loads(path.read_text(encoding="utf-8"))
            found.append((case.get("origin", path.stem + ".txt"), case["input"].encode("utf-8")))
    return found


def _sentences() -> list[str]:
    texts: list[str] = []
    with CORPUS.open(encoding="utf-8") as lines:
        for line in lines:
            item = json.loads(line)
            text = item["text"].strip()
            text = text if text[-1:] in '.!?"' else text + "."
            if item["plover"] != "NONE" and not text.startswith("^") and not _LEADING_STAMP.match(text):
                texts.append(text)
    return texts


def _stamp(style: int, day: date, minutes: int) -> str:
    hour, minute = divmod(minutes, 60)
    if style == 0:  # British live blog
        twelve = hour % 12 or 12
        return f"{twelve}.{minute:02d}{'am' if hour < 12 else 'pm'} GMT"
    if style == 1:  # German-style ticker
        twelve = hour % 12 or 12
        return f"+++ {twelve}.{minute:02d} {'a.m' if hour < 12 else 'p.m'} .:"
    return f"{day.isoformat()} {hour:02d}:{minute:02d} –"  # ISO log


def composed_ticker(number: int, sentences: list[str], rng: random.Random) -> tuple[str, bytes]:
    """One live ticker, newest entry first, from corpus sentences."""
    day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    style = rng.randrange(3)
    picked = rng.sample(sentences, rng.randint(6, 18))
    title, lead, rest = picked[0].rstrip("."), picked[1], picked[2:]
    entries: list[list[str]] = []
    while rest:
        size = min(len(rest), rng.randint(1, 3))
        entries.append(rest[:size])
        rest = rest[size:]
    times = sorted(rng.sample(range(6 * 60, 23 * 60 + 50), len(entries)), reverse=True)
    blocks = [f"date {day.isoformat()}", f"Live: {title}", lead]
    for minutes, entry in zip(times, entries, strict=True):
        stamp = _stamp(style, day, minutes)
        text = " ".join(entry)
        blocks.append(f"{stamp}\n{text}" if style == 0 else f"{stamp} {text}")
    return f"bench-ticker-{number:05d}.txt", ("\n\n".join(blocks) + "\n").encode("utf-8")


def documents(count: int, seed: int = 0) -> list[tuple[str, bytes]]:
    """``count`` documents: the fixtures first, then composed tickers."""
    found = fixture_documents()[:count]
    if len(found) < count:
        sentences = _sentences()
        rng = random.Random(seed)
        found.extend(composed_ticker(n, sentences, rng) for n in range(count - len(found)))
    return found


def write_folder(docs: list[tuple[str, bytes]], folder: Path) -> list[Path]:
    """Write each document to its own file in ``folder`` (made if missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for origin, data in docs:
        path = folder / origin
        path.write_bytes(data)
        paths.append(path)
    return paths
