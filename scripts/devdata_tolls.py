"""Killed and injured counts on real text: how often sitrep reads a toll exactly as a coder does.

Reads ``../shared/devdata`` (never copied into the repository) and prints, for one split of the
fixed rule `sitrep.eval.splits.split_of`:

* **wcep**: Wikipedia Current Events items that mention a death or an injury, hand-labelled for
  this project (``corpus/devdata/tolls_wcep_labels.tsv``: only the labels, keyed by a digest of
  the item's key, never its text). Per item, the *document toll* is the sum of the ``min`` of
  every distinct casualty figure of that outcome over all of sitrep's events (a figure shared by
  two events counts once; at_most figures count their ``max``); the *best-event toll* is the
  same sum over the single event sitrep is surest of. An item is exact when the toll equals the
  label (no figure at all reads as 0). Labels marked ``x`` (no number a coder could code) are
  left out of that outcome.
* **ucdp**: UCDP GED rows with one headline that speaks of a death; UCDP's ``best`` deaths against the document's killed
  toll. Weak gold (see its SOURCE.md: a headline may sum several GED events, or none).
* **rams** and **geneva**: life.die / life.injure windows (RAMS) and Killing / Death /
  Bodily_harm frames (GENEVA) whose victim argument names a countable group: a number ("three
  policemen") or one person ("a man", "the victim", a name). Exact when the document toll of that
  outcome equals the victim count.
* **local**: local crime reports written for the project (``corpus/tolls_local``: shootings,
  stabbings, crashes, fires, blotters, roundups), each article hand-labelled with its killed and
  injured totals; split by article number (see its README), scored as **wcep** is. Needs no
  devdata.

    .venv/bin/python scripts/devdata_tolls.py --split dev [--show-misses 20] [--only wcep]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitrep.config import Settings
from sitrep.eval.splits import split_of
from sitrep.export.sitrep_json import extract_json
from sitrep.resources import Resources

ROOT = Path(__file__).resolve().parent.parent
DEVDATA = ROOT.parent / "shared" / "devdata"
LABELS = ROOT / "corpus" / "devdata" / "tolls_wcep_labels.tsv"
LOCAL = ROOT / "corpus" / "tolls_local"
OUTCOMES = ("killed", "injured")
# The outlets cited after a WCEP item ("... injured. (Reuters) (AP)"): a one-line text that ends
# in them is read as a bare headline by the segmenter, so they are cut before reading.
_DEATH_WORDS = re.compile(r"\b(?:kill|dead|die|death|massacre|slain|execut|shot)", re.IGNORECASE)
_CITATIONS = re.compile(r"(?:\s*\([^()]*\)\)?)+\s*$")

_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
_PERSON_HEADS = frozenset(
    [
        "man",
        "woman",
        "boy",
        "girl",
        "child",
        "person",
        "victim",
        "officer",
        "policeman",
        "soldier",
        "teenager",
        "student",
        "journalist",
        "driver",
        "resident",
        "civilian",
        "worker",
        "farmer",
        "priest",
        "nun",
        "guard",
        "suspect",
        "gunman",
        "father",
        "mother",
        "son",
        "daughter",
        "wife",
        "husband",
        "brother",
        "sister",
        "baby",
        "toddler",
    ]
)


@dataclass(frozen=True, slots=True)
class Item:
    dataset: str
    key: str
    text: str
    gold: dict[str, int | None]
    date: str | None = None


def wcep_key(date: str, text: str) -> str:
    """The label file's key of a WCEP item: the first 12 hex digits of SHA-256 of its split key."""
    return hashlib.sha256(f"{date}\x1f{text}".encode()).hexdigest()[:12]


def read_labels() -> dict[str, dict[str, int | None]]:
    labels: dict[str, dict[str, int | None]] = {}
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, killed, injured, *_note = line.split("\t")
        labels[key] = {
            "killed": None if killed == "x" else int(killed),
            "injured": None if injured == "x" else int(injured),
        }
    return labels


def wcep_items(split: str) -> Iterator[Item]:
    labels = read_labels()
    for line in (DEVDATA / "wcep_armed_conflicts" / "items.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        if split_of("wcep_armed_conflicts", f"{row['date']}\x1f{row['text']}") != split:
            continue
        key = wcep_key(row["date"], row["text"])
        if key in labels:
            yield Item("wcep", key, row["text"], labels[key], row["date"])


def local_items(split: str) -> Iterator[Item]:
    """The local crime reports of ``split`` (``corpus/tolls_local/labels.tsv``), in file order."""
    for line in (LOCAL / "labels.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, part, killed, injured, *_phrasings = line.split("\t")
        if part == split:
            text = (LOCAL / "articles" / f"{key}.txt").read_text(encoding="utf-8")
            yield Item("local", key, text, {"killed": int(killed), "injured": int(injured)})


def ucdp_items(split: str) -> Iterator[Item]:
    name = "ged231_global_sample1000.csv"
    with (DEVDATA / "ucdp_ged" / name).open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            headline = (row.get("source_headline") or "").strip()
            key = f"{name}:{row['id']}"
            if not _DEATH_WORDS.search(headline) or ";" in headline or split_of("ucdp_ged", key) != split:
                continue
            # A headline alone reads as a document title; a full stop makes it the text.
            text = headline if headline[-1] in ".!?" else f"{headline}."
            yield Item("ucdp", key, text, {"killed": int(float(row["best"])), "injured": None})


def _victim_count(words: list[str]) -> int | None:
    """How many people a victim argument names, when it says so plainly; None otherwise."""
    if not words:
        return None
    first = words[0].lower()
    if first.isdigit():
        return int(first)
    if first in _NUMBER_WORDS and first != "zero":
        return _NUMBER_WORDS[first]
    last = words[-1].lower()
    if first in ("a", "an", "the", "his", "her", "their") and last in _PERSON_HEADS and len(words) <= 5:
        return 1
    if len(words) <= 3 and all(w[:1].isupper() for w in words) and not any(w.endswith("s") for w in words):
        return 1  # a person's name
    return None


def rams_items(split: str) -> Iterator[Item]:
    outcome_of = {
        "life.die.deathcausedbyviolentevents": "killed",
        "life.injure.injurycausedbyviolentevents": "injured",
    }
    for name in ("dev.jsonlines", "test.jsonlines"):
        for line in (DEVDATA / "rams_devtest" / name).open(encoding="utf-8"):
            doc = json.loads(line)
            outcome = outcome_of.get(doc["evt_triggers"][0][2][0][0])
            if outcome is None or split_of("rams_devtest", doc["doc_key"]) != split:
                continue
            tokens = [t for sentence in doc["sentences"] for t in sentence]
            victims = [
                tokens[a : b + 1]
                for _trigger, (a, b), role in doc["gold_evt_links"]
                if role.endswith("victim")
            ]
            if len(victims) != 1:
                continue
            count = _victim_count(victims[0])
            if count is not None:
                text = "\n".join(" ".join(s) for s in doc["sentences"])
                yield Item("rams", doc["doc_key"], text, {outcome: count})


def geneva_items(split: str) -> Iterator[Item]:
    files = {"train": ["train_reconstructed.jsonl"], "dev": ["val.jsonl"], "test": ["test.jsonl"]}[split]
    outcome_of = {
        "Killing": ("killed", "Victim"),
        "Death": ("killed", "Deceased"),
        "Bodily_harm": ("injured", "Victim"),
    }
    for name in files:
        for line in (DEVDATA / "geneva" / name).open(encoding="utf-8"):
            row = json.loads(line)
            for event in row["event_mentions"]:
                if event["event_type"] not in outcome_of:
                    continue
                outcome, role = outcome_of[event["event_type"]]
                victims = [a["text"].split() for a in event["arguments"] if a["role"] == role]
                count = _victim_count(victims[0]) if len(victims) == 1 else None
                if count is not None:
                    yield Item("geneva", row["wnd_id"], row["sentence"], {outcome: count})
                    break


SOURCES: dict[str, Callable[[str], Iterator[Item]]] = {
    "wcep": wcep_items,
    "ucdp": ucdp_items,
    "rams": rams_items,
    "geneva": geneva_items,
    "local": local_items,
}
NEEDS_DEVDATA = frozenset({"wcep", "ucdp", "rams", "geneva"})


def _figure_value(figure: dict[str, Any]) -> int:
    value = figure.get("min")
    if value is None:
        value = figure.get("max")
    return int(value or 0)


def tolls(payload: dict[str, Any]) -> tuple[dict[str, int], dict[str, int]]:
    """(document toll, best-event toll) per outcome, as the module docstring defines them."""
    events = payload.get("events") or []
    seen: set[tuple[str, int, int, str]] = set()
    document = dict.fromkeys(OUTCOMES, 0)
    for event in events:
        for figure in event.get("casualties") or []:
            key = (event["report_id"], figure.get("start", -1), figure.get("end", -1), figure["outcome"])
            if figure["outcome"] in document and key not in seen:
                seen.add(key)
                document[figure["outcome"]] += _figure_value(figure)
    best_event = max(events, key=lambda e: e.get("confidence", 0), default=None)
    best = dict.fromkeys(OUTCOMES, 0)
    for figure in (best_event or {}).get("casualties") or []:
        if figure["outcome"] in best:
            best[figure["outcome"]] += _figure_value(figure)
    return document, best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("train", "dev", "test"), default="dev")
    parser.add_argument("--only", choices=sorted(SOURCES), action="append")
    parser.add_argument("--show-misses", type=int, default=0, metavar="N")
    args = parser.parse_args(argv)
    names = args.only or list(SOURCES)
    if not DEVDATA.is_dir() and NEEDS_DEVDATA & set(names):
        print(f"devdata_tolls: {DEVDATA} is missing (--only local needs none)", file=sys.stderr)
        return 2
    settings = Settings(timezone="UTC")
    reader = Resources.load(settings)
    rows = []
    for name in names:
        misses: list[str] = []
        hits: dict[tuple[str, str], list[bool]] = {}
        for item in SOURCES[name](args.split):
            text = _CITATIONS.sub("", item.text)
            text = f"date {item.date}\n{text}" if item.date else text
            payload = extract_json(text.encode("utf-8"), f"{item.key}.txt", settings, reader)
            document, best = tolls(payload)
            for outcome, gold in item.gold.items():
                if gold is None:
                    continue
                hits.setdefault((outcome, "document"), []).append(document[outcome] == gold)
                hits.setdefault((outcome, "best event"), []).append(best[outcome] == gold)
                if document[outcome] != gold or best[outcome] != gold:
                    text = " ".join(item.text.split())
                    got = f"{document[outcome]}" if document[outcome] != gold else "ok"
                    misses.append(
                        f"  {outcome} {got} best {best[outcome]} (gold {gold}) {item.key}: {text[:200]}"
                    )
        for (outcome, view), marks in sorted(hits.items()):
            rows.append((name, outcome, view, sum(marks), len(marks)))
        for miss in misses[: args.show_misses]:
            print(miss)
    print(f"\n{'data':8} {'outcome':8} {'toll':11} {'exact':>6} {'n':>5}")
    for name, outcome, view, good, total in rows:
        print(f"{name:8} {outcome:8} {view:11} {100 * good / total:5.1f}% {total:5d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
