"""ROUGE of the situation report against key points of the seed, beside two classic extractive
summarisers (the lead sentences; SumBasic word-frequency selection) given the same word budget.

The key points (bench/data/seed_key_points.txt) were written by the report's author, who had read
the report: they are not the blog journalists' own key points, and one 830-word ticker is not a
measurement of real live blogs. The figures say how this one seed compares, no more.

    .venv/bin/python scripts/rouge_seed.py [--db FILE]   (ingests the seed into a fresh store)
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "000_6a952856eb75bdcb.txt"
KEYS = ROOT / "bench" / "data" / "seed_key_points.txt"
SITREP = ROOT / ".venv" / "bin" / "sitrep"
STOP = set(
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
    ]
)


def tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def rouge_n(candidate: list[str], reference: list[str], n: int) -> tuple[float, float, float]:
    grams = lambda words: Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))  # noqa: E731
    c, r = grams(candidate), grams(reference)
    overlap = sum((c & r).values())
    p, rec = overlap / max(sum(c.values()), 1), overlap / max(sum(r.values()), 1)
    return p, rec, 2 * p * rec / (p + rec) if p + rec else 0.0


def rouge_l(candidate: list[str], reference: list[str]) -> tuple[float, float, float]:
    previous = [0] * (len(reference) + 1)
    for word in candidate:
        row = [0]
        for j, other in enumerate(reference):
            row.append(previous[j] + 1 if word == other else max(previous[j + 1], row[j]))
        previous = row
    lcs = previous[-1]
    p, rec = lcs / max(len(candidate), 1), lcs / max(len(reference), 1)
    return p, rec, 2 * p * rec / (p + rec) if p + rec else 0.0


def sentences(text: str) -> list[str]:
    body = re.sub(r"^\s*date \d{4}-\d{2}-\d{2}", "", text)
    body = re.sub(r"\+\+\+[^:]*:|Update from [^:]*:|First report from [^:]*:|©[^\n]*", " ", body)
    return [s.strip() for s in re.split(r"(?<=[.!?”])\s+", body) if len(s.split()) > 3]


def budget(chosen: list[str], words: int) -> str:
    out: list[str] = []
    for sentence in chosen:
        if sum(len(s.split()) for s in out) + len(sentence.split()) > words:
            break
        out.append(sentence)
    return " ".join(out)


def sumbasic(all_sentences: list[str], words: int) -> str:
    """SumBasic (Nenkova and Vanderwende 2005): pick the sentence of the most probable words, then
    square the probabilities of the words it used, until the budget is spent."""
    counts = Counter(w for s in all_sentences for w in tokens(s) if w not in STOP)
    total = sum(counts.values())
    prob = {w: c / total for w, c in counts.items()}
    left, chosen = list(all_sentences), []
    while left and sum(len(s.split()) for s in chosen) < words:

        def score(s: str) -> float:
            content = [w for w in tokens(s) if w in prob]
            return sum(prob[w] for w in content) / max(len(content), 1)

        best = max(left, key=score)
        if sum(len(s.split()) for s in chosen) + len(best.split()) > words:
            left.remove(best)
            continue
        chosen.append(best)
        left.remove(best)
        for w in set(tokens(best)):
            if w in prob:
                prob[w] **= 2
    return " ".join(sorted(chosen, key=all_sentences.index))


def report_text(db: Path, words: int) -> str:
    subprocess.run([SITREP, "ingest", str(SEED), "--db", str(db)], check=True, capture_output=True)
    markdown = subprocess.run(
        [SITREP, "report", "--db", str(db), "--max-words", str(words)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    lines = [re.sub(r" \[[^\]]+\]$", "", line[2:]) for line in markdown.splitlines() if line.startswith("- ")]
    return " ".join(lines)


def main() -> int:
    if not SEED.is_file():
        print(f"the seed is not at {SEED}", file=sys.stderr)
        return 1
    reference = tokens(
        " ".join(line for line in KEYS.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
    )
    words = len(reference)
    seed_sentences = sentences(SEED.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        systems = {
            "sitrep report": report_text(Path(tmp) / "seed.db", words),
            "lead sentences": budget(seed_sentences, words),
            "SumBasic": sumbasic(seed_sentences, words),
        }
    print(f"key points: {words} words; every system gets at most {words} words")
    print(f"{'system':16} {'words':>5} {'R1 P/R/F':>20} {'R2 P/R/F':>20} {'RL P/R/F':>20}")
    for name, text in systems.items():
        words_of = tokens(text)
        scores = [
            rouge_n(words_of, reference, 1),
            rouge_n(words_of, reference, 2),
            rouge_l(words_of, reference),
        ]
        cells = ["/".join(f"{x:.3f}" for x in s) for s in scores]
        print(f"{name:16} {len(words_of):>5} {cells[0]:>20} {cells[1]:>20} {cells[2]:>20}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
