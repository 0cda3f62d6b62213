"""ROUGE of the situation report's key points against the key points written for live blogs,
beside four classic extractive summarisers given the same word budget, all in one run.

    .venv/bin/python scripts/rouge_liveblogs.py --split dev     # while tuning
    .venv/bin/python scripts/rouge_liveblogs.py --split test    # once, at the end

Blogs and their key points (one bullet a line, ``#`` lines are notes):
- dev: the seed (../shared/seed/...) with bench/data/seed_key_points.txt, written by the report's
  first author after reading the report; bench/data/second_ticker.txt with its key points, written
  from the ticker alone; corpus/liveblogs/dev/*.txt with their *.keypoints.txt;
- test: corpus/liveblogs/test/*.txt with their *.keypoints.txt, written and committed before any
  tuning (corpus/liveblogs/README.md).
All but the seed are fictional text written for sitrep; none are a real blog's journalists' key
points, and self-written text is easier than real text.

Every system reads the same text: the entries of the blog as sitrep's segmenter reads them
(``sitrep extract --no-analysis``: headlines and texts, stamps, captions and boilerplate removed),
in the page's order, and gets at most W words, W the key points' length:
- ``key points``: the Key points section of ``sitrep report --max-words W``;
- ``lead``: the first sentences of the page (for a newest-first blog, the newest);
- ``SumBasic`` (Nenkova and Vanderwende 2005): the sentence of the most probable words, then those
  words' probabilities squared, until the budget is spent;
- ``TextRank`` (Mihalcea and Tarau 2004): PageRank over sentences linked by their word overlap
  normalised by the logs of their lengths; the best ranked first;
- ``LexRank`` (Erkan and Radev 2004, continuous): PageRank over the TF-IDF cosine similarity of the
  sentences (IDF over the blog's sentences), the best ranked first, a sentence whose cosine with a
  chosen one is above 0.5 skipped (the redundancy step of the paper's MMR-free variant).
ROUGE-1/2/L F (lowercased word tokens, no stemming, no stop words removed; L over the joined text).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "000_6a952856eb75bdcb.txt"
BLOGS = ROOT / "corpus" / "liveblogs"
SITREP = ROOT / ".venv" / "bin" / "sitrep"
# Function words the frequency-based summarisers do not count (SumBasic and TextRank as published).
STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "and",
        "in",
        "to",
        "for",
        "on",
        "at",
        "by",
        "with",
        "was",
        "were",
        "is",
        "are",
        "has",
        "have",
        "had",
        "that",
        "this",
        "it",
        "as",
        "from",
        "its",
        "be",
        "been",
        "said",
        "says",
        "he",
        "she",
        "they",
        "their",
        "his",
        "her",
        "which",
        "who",
        "after",
    ]
)


def blogs(split: str) -> list[tuple[str, Path, Path]]:
    found = []
    if split == "dev":
        data = ROOT / "bench" / "data"
        found += [
            ("seed", SEED, data / "seed_key_points.txt"),
            ("second ticker", data / "second_ticker.txt", data / "second_ticker_key_points.txt"),
        ]
    for text in sorted((BLOGS / split).glob("*.txt")):
        if not text.name.endswith(".keypoints.txt"):
            found.append((text.stem, text, text.with_name(f"{text.stem}.keypoints.txt")))
    return found


def tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def rouge_n(candidate: list[str], reference: list[str], n: int) -> float:
    def grams(words: list[str]) -> Counter[tuple[str, ...]]:
        return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))

    c, r = grams(candidate), grams(reference)
    overlap = sum((c & r).values())
    p, rec = overlap / max(sum(c.values()), 1), overlap / max(sum(r.values()), 1)
    return 2 * p * rec / (p + rec) if p + rec else 0.0


def rouge_l(candidate: list[str], reference: list[str]) -> float:
    previous = [0] * (len(reference) + 1)
    for word in candidate:
        row = [0]
        for j, other in enumerate(reference):
            row.append(previous[j] + 1 if word == other else max(previous[j + 1], row[j]))
        previous = row
    lcs = previous[-1]
    p, rec = lcs / max(len(candidate), 1), lcs / max(len(reference), 1)
    return 2 * p * rec / (p + rec) if p + rec else 0.0


def page_sentences(blog: Path) -> list[str]:
    """The blog's sentences as sitrep's segmenter reads its entries, in the page's order."""
    out = subprocess.run(
        [SITREP, "extract", str(blog), "--no-analysis"], check=True, capture_output=True, text=True
    ).stdout
    found: list[str] = []
    for report in json.loads(out)["reports"]:
        for part in (report.get("headline") or "", report.get("text") or ""):
            for paragraph in part.splitlines():
                found += [s.strip() for s in re.split(r"(?<=[.!?”\"])\s+", paragraph) if len(s.split()) > 3]
    return list(dict.fromkeys(found))


def within(ranked: list[str], order: list[str], words: int) -> str:
    """The best ranked sentences that fit ``words``, in the page's order."""
    chosen: list[str] = []
    for sentence in ranked:
        if sum(len(s.split()) for s in chosen) + len(sentence.split()) <= words:
            chosen.append(sentence)
    return " ".join(sorted(chosen, key=order.index))


def lead(sentences: list[str], words: int) -> str:
    chosen: list[str] = []
    for sentence in sentences:
        if sum(len(s.split()) for s in chosen) + len(sentence.split()) > words:
            break
        chosen.append(sentence)
    return " ".join(chosen)


def sumbasic(sentences: list[str], words: int) -> str:
    counts = Counter(w for s in sentences for w in tokens(s) if w not in STOP)
    total = sum(counts.values()) or 1
    prob = {w: c / total for w, c in counts.items()}
    left, chosen = list(sentences), []

    def score(s: str) -> float:
        content = [w for w in tokens(s) if w in prob]
        return sum(prob[w] for w in content) / max(len(content), 1)

    while left:
        best = max(left, key=score)
        left.remove(best)
        if sum(len(s.split()) for s in chosen) + len(best.split()) > words:
            continue
        chosen.append(best)
        for w in set(tokens(best)):
            if w in prob:
                prob[w] **= 2
    return " ".join(sorted(chosen, key=sentences.index))


def pagerank(weights: list[list[float]], damping: float = 0.85, rounds: int = 100) -> list[float]:
    """PageRank over a weighted graph (each row normalised to sum 1; a row of zeros links nowhere)."""
    n = len(weights)
    sums = [sum(row) for row in weights]
    rank = [1.0 / n] * n
    for _ in range(rounds):
        rank = [
            (1 - damping) / n + damping * sum(rank[j] * weights[j][i] / sums[j] for j in range(n) if sums[j])
            for i in range(n)
        ]
    return rank


def textrank(sentences: list[str], words: int) -> str:
    bags = [set(w for w in tokens(s) if w not in STOP) for s in sentences]

    def overlap(a: set[str], b: set[str]) -> float:
        if len(a) < 2 or len(b) < 2:
            return 0.0
        return len(a & b) / (math.log(len(a)) + math.log(len(b)))

    graph = [[overlap(a, b) if i != j else 0.0 for j, b in enumerate(bags)] for i, a in enumerate(bags)]
    rank = pagerank(graph)
    ranked = [s for _, s in sorted(zip(rank, sentences, strict=True), key=lambda x: -x[0])]
    return within(ranked, sentences, words)


def lexrank(sentences: list[str], words: int) -> str:
    docs = [Counter(tokens(s)) for s in sentences]
    df = Counter(w for d in docs for w in d)
    idf = {w: math.log(len(docs) / c) for w, c in df.items()}
    vectors = [{w: tf * idf[w] for w, tf in d.items()} for d in docs]
    norms = [math.sqrt(sum(x * x for x in v.values())) or 1.0 for v in vectors]

    def cosine(i: int, j: int) -> float:
        a, b = vectors[i], vectors[j]
        return sum(a[w] * b[w] for w in a if w in b) / (norms[i] * norms[j])

    graph = [[cosine(i, j) for j in range(len(docs))] for i in range(len(docs))]
    rank = pagerank(graph)
    order = sorted(range(len(docs)), key=lambda i: -rank[i])
    kept: list[int] = []
    for i in order:
        if all(graph[i][j] <= 0.5 for j in kept):
            kept.append(i)
    return within([sentences[i] for i in kept], sentences, words)


BASELINES: dict[str, Callable[[list[str], int], str]] = {
    "lead": lead,
    "SumBasic": sumbasic,
    "TextRank": textrank,
    "LexRank": lexrank,
}


def key_points(blog: Path, db: Path, words: int) -> str:
    """The Key points section of ``sitrep report --max-words words`` (citations cut off)."""
    subprocess.run([SITREP, "ingest", str(blog), "--db", str(db)], check=True, capture_output=True)
    markdown = subprocess.run(
        [SITREP, "report", "--db", str(db), "--max-words", str(words)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    section, found = "", []
    for line in markdown.splitlines():
        if line.startswith("## "):
            section = line[3:]
        elif line.startswith("- ") and section == "Key points":
            found.append(re.sub(r" \[[^\]]+\]$", "", line[2:]))
    return " ".join(found)


def score(blog: Path, keys: Path, tmp: Path, show: bool) -> dict[str, tuple[float, float, float]]:
    lines = [x for x in keys.read_text(encoding="utf-8").splitlines() if x.strip() and not x.startswith("#")]
    reference = tokens(" ".join(lines))
    words = len(reference)
    sentences = page_sentences(blog)
    systems = {"key points": key_points(blog, tmp / f"{blog.stem}.db", words)}
    systems |= {name: summarise(sentences, words) for name, summarise in BASELINES.items()}
    if show:
        print(f"\n--- {blog.name}: the key points sitrep gives\n{systems['key points']}")
    return {
        name: (
            rouge_n(tokens(text), reference, 1),
            rouge_n(tokens(text), reference, 2),
            rouge_l(tokens(text), reference),
        )
        for name, text in systems.items()
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--show", action="store_true", help="print the key points sitrep gives")
    args = parser.parse_args()
    found = blogs(args.split)
    for name, text, keys in found:
        if not text.is_file() or not keys.is_file():
            print(f"{name}: the blog or its key points are missing ({text}, {keys})", file=sys.stderr)
            return 1
    table: dict[str, dict[str, tuple[float, float, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, text, keys in found:
            table[name] = score(text, keys, Path(tmp), args.show)
    systems = list(next(iter(table.values())))
    print(f"\nROUGE F, split {args.split}: R1 / R2 / RL; every system gets the key points' length in words")
    print(f"{'blog':22}" + "".join(f"{s:>22}" for s in systems))
    for name, row in table.items():
        print(f"{name:22}" + "".join(f"{'/'.join(f'{x:.3f}' for x in row[s]):>22}" for s in systems))
    mean = {
        s: tuple(sum(row[s][k] for row in table.values()) / len(table) for k in range(3)) for s in systems
    }
    print(f"{'mean':22}" + "".join(f"{'/'.join(f'{x:.3f}' for x in mean[s]):>22}" for s in systems))
    return 0


if __name__ == "__main__":
    sys.exit(main())
