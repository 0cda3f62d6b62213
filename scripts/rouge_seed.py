"""ROUGE of the situation report against key points written for two tickers, beside two classic
extractive summarisers (the lead sentences; SumBasic word-frequency selection) given the same word
budget, all in one run.

Two tickers, each with key points one a line:
- the seed (../shared/seed/...) with bench/data/seed_key_points.txt, written by the report's
  first author after reading the report;
- bench/data/second_ticker.txt (fictional text written for this measurement) with
  bench/data/second_ticker_key_points.txt, written by its author from the ticker alone, before any
  report of it was read, so that the report is not tuned to one set of key points.
Neither is the blog journalists' own key points, and two short tickers are not a measurement of
real live blogs: the figures say how these two compare, no more.

Rows: ``key points`` is the report's summary section alone and ``report`` every sentence of the
report, both from ``sitrep report --max-words W`` with W the key points' length; ``report, no
budget`` is every sentence of ``sitrep report`` (longer than W: its recall, at low precision).

    .venv/bin/python scripts/rouge_seed.py   (ingests each ticker into a fresh store)
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
TICKERS = (
    ("seed", SEED, ROOT / "bench" / "data" / "seed_key_points.txt"),
    (
        "second ticker",
        ROOT / "bench" / "data" / "second_ticker.txt",
        ROOT / "bench" / "data" / "second_ticker_key_points.txt",
    ),
)
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
    body = re.sub(
        r"\+\+\+[^:]*:|Update from [^:]*:|First report from [^:]*:|©[^\n]*|^\*[^\n]*", " ", body, flags=re.M
    )
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


def report_lines(db: Path, ticker: Path, *args: str) -> dict[str, list[str]]:
    """Section title → the sentences of ``sitrep report`` (citations cut off)."""
    if not db.exists():
        subprocess.run([SITREP, "ingest", str(ticker), "--db", str(db)], check=True, capture_output=True)
    markdown = subprocess.run(
        [SITREP, "report", "--db", str(db), *args], check=True, capture_output=True, text=True
    ).stdout
    found: dict[str, list[str]] = {}
    section = ""
    for line in markdown.splitlines():
        if line.startswith("## "):
            section = line[3:]
        elif line.startswith("- "):
            found.setdefault(section, []).append(re.sub(r" \[[^\]]+\]$", "", line[2:]))
    return found


def score(name: str, ticker: Path, keys: Path, tmp: Path) -> None:
    reference = tokens(
        " ".join(line for line in keys.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
    )
    words = len(reference)
    ticker_sentences = sentences(ticker.read_text(encoding="utf-8"))
    db = tmp / f"{ticker.stem}.db"
    budgeted = report_lines(db, ticker, "--max-words", str(words))
    unbudgeted = report_lines(db, ticker)
    systems = {
        "key points": " ".join(budgeted.get("Key points", [])),
        "report": " ".join(s for lines in budgeted.values() for s in lines),
        "report, no budget": " ".join(s for lines in unbudgeted.values() for s in lines),
        "lead sentences": budget(ticker_sentences, words),
        "SumBasic": sumbasic(ticker_sentences, words),
    }
    print(
        f"\n{name} ({ticker.name}): key points {words} words; every system but the last report gets at most {words}"
    )
    print(f"{'system':18} {'words':>5} {'R1 P/R/F':>20} {'R2 P/R/F':>20} {'RL P/R/F':>20}")
    for system, text in systems.items():
        words_of = tokens(text)
        scores = [
            rouge_n(words_of, reference, 1),
            rouge_n(words_of, reference, 2),
            rouge_l(words_of, reference),
        ]
        cells = ["/".join(f"{x:.3f}" for x in s) for s in scores]
        print(f"{system:18} {len(words_of):>5} {cells[0]:>20} {cells[1]:>20} {cells[2]:>20}")


def main() -> int:
    for _, ticker, _ in TICKERS:
        if not ticker.is_file():
            print(f"the ticker is not at {ticker}", file=sys.stderr)
            return 1
    with tempfile.TemporaryDirectory() as tmp:
        for name, ticker, keys in TICKERS:
            score(name, ticker, keys, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
