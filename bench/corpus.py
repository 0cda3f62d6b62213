"""Build large, realistic batch inputs from sitrep's own fixture paragraphs, with nothing from outside.

    .venv/bin/python bench/corpus.py OUT --documents 100000 [--paragraphs 3] [--seed 1]

OUT's name picks the format: ``.jsonl``, ``.jsonl.gz``, ``.jsonl.zst`` (JSON Lines documents)
or ``.warc`` / ``.warc.gz`` (crawled HTML pages, one HTTP response a page). Each document is a
wire story or a live ticker (``+++ 10.30 p.m .:`` entries, newest first) about one real city,
built from the paragraphs in ``bench/fixtures/news_paragraphs.txt`` with their slots filled:
places, figures, weekdays, outlets, and people's names made up from syllables, so that new
words keep arriving as in a real archive (which is what makes a worker's memory grow if
nothing frees it). The same seed always gives the same corpus.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import random
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "news_paragraphs.txt"

CITIES = [
    ("Almaty", "Kazakhstan"),
    ("Goma", "the Democratic Republic of the Congo"),
    ("Mosul", "Iraq"),
    ("Kharkiv", "Ukraine"),
    ("Tripoli", "Libya"),
    ("Dhaka", "Bangladesh"),
    ("Nairobi", "Kenya"),
    ("Lima", "Peru"),
    ("Tbilisi", "Georgia"),
    ("Khartoum", "Sudan"),
    ("Niamey", "Niger"),
    ("Mandalay", "Myanmar"),
    ("Cali", "Colombia"),
    ("Peshawar", "Pakistan"),
    ("Durban", "South Africa"),
]
OUTLETS = ["Reuters", "the AFP news agency", "Tass", "Al Jazeera", "local media", "the state broadcaster"]
GROUPS = ["Northern Front", "People's Liberation Movement", "Free Valley Brigade", "Union of the South"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SYLLABLES = ["ka", "lo", "mir", "sa", "den", "tu", "vik", "ar", "bel", "zo", "ni", "ro", "han", "el", "dru"]


def read_paragraphs(path: Path = FIXTURES) -> list[str]:
    """The fixture paragraphs (blank-line separated blocks, ``#`` comment lines dropped)."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return [block.strip() for block in "\n".join(lines).split("\n\n") if block.strip()]


def made_up_name(rng: random.Random) -> str:
    def word() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()

    return f"{word()} {word()}"


def documents(count: int, paragraphs: int = 3, seed: int = 1) -> Iterator[dict[str, Any]]:
    """``count`` JSON Lines documents of about ``paragraphs`` fixture paragraphs each."""
    rng = random.Random(seed)
    blocks = read_paragraphs()
    start = date(2024, 1, 1)
    for number in range(count):
        city, country = rng.choice(CITIES)
        day = start + timedelta(days=rng.randrange(700))

        def fill(block: str, city: str = city) -> str:
            return block.format(
                city=city,
                weekday=rng.choice(WEEKDAYS),
                killed=rng.choice(["two", "five", "eight", "12", "23"]),
                injured=rng.choice(["dozens of", "40", "317", "about 60"]),
                arrested=rng.choice(["more than 100", "about 2,000", "35"]),
                troops=rng.choice(["300", "1,500", "2,000"]),
                displaced=rng.choice(["hundreds of", "1,200", "thousands of"]),
                person=made_up_name(rng),
                outlet=rng.choice(OUTLETS),
                group=rng.choice(GROUPS),
            )

        chosen = [fill(rng.choice(blocks)) for _ in range(paragraphs)]
        doc_id = f"synthetic-{seed}-{number:07d}"
        if rng.random() < 0.3 and paragraphs > 1:
            hours = sorted(rng.sample(range(7, 23), min(paragraphs, 16)), reverse=True)
            entries = [
                f"+++ {h % 12 or 12}.{rng.choice(['00', '15', '30', '45'])} {'p' if h >= 12 else 'a'}.m .:\n\n{p}"
                for h, p in zip(hours, chosen, strict=False)
            ]
            text = f"Unrest in {country}: the latest\n\n" + "\n\n".join(entries)
            title = f"Live: unrest in {city}"
        else:
            text = f"{city.upper()}, {day:%b} {day.day} - " + "\n\n".join(chosen)
            title = f"Violence in {city} as tensions rise"
        yield {
            "id": doc_id,
            "text": text,
            "title": title,
            "published": day.isoformat(),
            "url": f"https://news.example.org/{day:%Y/%m/%d}/{doc_id}",
        }


def html_page(document: dict[str, Any]) -> str:
    """A small news page holding one document (for WARC inputs)."""
    from html import escape

    body = "".join(f"<p>{escape(p)}</p>" for p in document["text"].split("\n\n"))
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(document["title"])}</title>'
        f'<meta property="article:published_time" content="{document["published"]}"></head>'
        f"<body><article><h1>{escape(document['title'])}</h1>{body}</article></body></html>"
    )


def write_corpus(out: Path, count: int, paragraphs: int = 3, seed: int = 1) -> int:
    """Write ``count`` documents to ``out`` in the format its name says; return the bytes written."""
    name = out.name.lower()
    if name.endswith((".warc", ".warc.gz")):
        return _write_warc(out, documents(count, paragraphs, seed), gzip_records=name.endswith(".gz"))
    lines = (
        json.dumps(d, ensure_ascii=False).encode("utf-8") + b"\n" for d in documents(count, paragraphs, seed)
    )
    if name.endswith(".zst"):
        import zstandard

        with out.open("wb") as raw, zstandard.ZstdCompressor().stream_writer(raw) as stream:
            for line in lines:
                stream.write(line)
    else:
        opener: Any = gzip.open if name.endswith(".gz") else open
        with opener(out, "wb") as stream:
            for line in lines:
                stream.write(line)
    return out.stat().st_size


def _write_warc(out: Path, docs: Iterator[dict[str, Any]], *, gzip_records: bool) -> int:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with out.open("wb") as stream:
        writer = WARCWriter(stream, gzip=gzip_records)
        for document in docs:
            page = html_page(document).encode("utf-8")
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                document["url"], "response", payload=io.BytesIO(page), length=len(page), http_headers=headers
            )
            writer.write_record(record)
    return out.stat().st_size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--paragraphs", type=int, default=3, help="fixture paragraphs a document")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    size = write_corpus(args.out, args.documents, args.paragraphs, args.seed)
    print(f"{args.documents} documents, {size / 1e6:.1f} MB: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
