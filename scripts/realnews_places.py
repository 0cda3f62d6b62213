"""Places in real news: per-toponym recognition and resolution on hand-labelled real articles.

    .venv/bin/python scripts/realnews_places.py show --split dev [--limit N] [--skip N]
    .venv/bin/python scripts/realnews_places.py label            # labels.txt → gold.jsonl
    .venv/bin/python scripts/realnews_places.py score [--split dev|test|all] [--misses FILE]

The documents are real news read from ``../shared/devdata`` (never copied here): ECB+ articles
(``ecbplus/ecbplus_docs.jsonl``, web news of 2008–2013, local and international; the source URL
that begins each document gives its outlet) and Wikipedia Current Events "armed conflicts and
attacks" items (``wcep_armed_conflicts/items.jsonl``, one-line reports citing an outlet). The
labels (``corpus/realnews/labels.txt``, rules in the README there) hold only document keys,
surfaces, occurrences and hints; ``label`` looks every hint up in the gazetteer's own data and
writes ``gold.jsonl`` (keys, offsets, GeoNames ids, kinds and points; no text).

Split: ECB+ keeps its official split (topics 36–45 test, 2, 5, 12, 18, 21, 23, 34, 35 dev; one
seminal event's documents share their places, so a split by document would leak them); WCEP by
``sitrep.eval.splits.split_of("wcep_armed_conflicts", date + "\\x1f" + text)``
(docs/devdata-splits.md).

``score`` runs the whole pipeline (as ``sitrep extract``) over each labelled document and counts,
per gold toponym, whether a place mention overlaps its span (found) and whether that mention
resolved to the gold GeoNames id or within 161 km of the gold point; by kind; demonyms apart.
``show`` prints documents with the pipeline's place mentions and ECB+'s own location mentions
marked, to help the labeller (the labels are decided by reading the text, not taken from it).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEVDATA = REPO.parent / "shared" / "devdata"
FOLDER = REPO / "corpus" / "realnews"
KM_WIDE = 161.0
MIN_ECB_LOCATIONS = 2
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "scripts"))

from localnews_places import Tally, look_up, mentions, share  # noqa: E402

from sitrep.config import Settings  # noqa: E402
from sitrep.eval.metrics import haversine_km  # noqa: E402
from sitrep.eval.splits import split_of  # noqa: E402
from sitrep.geo.gazetteer import Gazetteer  # noqa: E402
from sitrep.ingest import read_bytes  # noqa: E402
from sitrep.model import InputFormat  # noqa: E402
from sitrep.pipeline import run as run_pipeline  # noqa: E402
from sitrep.resources import Resources  # noqa: E402

_MISSING = re.compile(r"^missing:([a-z0-9]+):([A-Z]{2}|--)@(-?[\d.]+),(-?[\d.]+)=([^#]+)(?:#(\d+))?$")
_SURFACE = re.compile(r"^(.+?)(?:@([\d,]+))?$")


@dataclass(slots=True)
class Doc:
    id: str
    dataset: str
    split: str
    text: str
    outlet: str
    published: str
    locations: tuple[str, ...] = ()
    """ECB+'s own LOC_GEO mentions (for ``show`` only)."""


# ---------------------------------------------------------------------------------------------
# Reading the documents


def detokenise(tokens: str) -> str:
    """ECB+'s space-separated tokens as running text ("B . C ." → "B.C.", "Reid 's" → "Reid's")."""
    text = tokens.replace("``", '"').replace("''", '"')
    text = re.sub(r"\b([A-Z]) \. (?=[A-Z] \.)", r"\1.", text)
    text = re.sub(r"\b([A-Z])\.([A-Z]) \.", r"\1.\2.", text)
    text = re.sub(r" (?=[,.;:!?%)\]]|'s\b|'re\b|n't\b|'ll\b|'ve\b|'d\b)", "", text)
    text = re.sub(r"([(\[$]) ", r"\1", text)
    return text


def split_url(tokens: list[str]) -> tuple[str, list[str]]:
    """(outlet's host, the remaining tokens) of an ECB+ first sentence that begins with its URL."""
    if not tokens or tokens[0].lower() not in ("http", "https") or "/" not in tokens:
        return "", tokens
    slashes = [i for i, t in enumerate(tokens[:120]) if t == "/"]
    end = slashes[-1] + 1
    while end < len(tokens) and re.fullmatch(r"[a-z0-9_.=?&-]+", tokens[end]):
        end += 1
    host = "".join(tokens[4 : slashes[2] if len(slashes) > 2 else end])
    return host.removeprefix("www."), tokens[end:]


def ecbplus_docs() -> Iterator[Doc]:
    with (DEVDATA / "ecbplus" / "ecbplus_docs.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            sentences = list(row["sentences"])
            host, first = split_url(sentences[0].split(" ")) if sentences else ("", [])
            body = [" ".join(first), *sentences[1:]] if sentences else []
            text = detokenise(" ".join(s for s in body if s))
            locations = tuple(m["text"] for m in row["mentions"] if m["tag"] == "LOC_GEO")
            yield Doc(f"ecbplus:{row['doc_name']}", "ecbplus", row["split"], text, host, "",
                      locations)  # fmt: skip


def wcep_key(date: str, text: str) -> str:
    """The document id of a WCEP item: its date and a hash of its text (the key itself, date
    and text, would put the text in the labels)."""
    return f"wcep:{date}:{hashlib.sha256(text.encode()).hexdigest()[:10]}"


def wcep_docs() -> Iterator[Doc]:
    with (DEVDATA / "wcep_armed_conflicts" / "items.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            split = str(split_of("wcep_armed_conflicts", f"{row['date']}\x1f{row['text']}"))
            outlet = row["sources"][0]["outlet"] if row.get("sources") else ""
            yield Doc(wcep_key(row["date"], row["text"]), "wcep", split, row["text"], outlet,
                      row["date"])  # fmt: skip


def all_docs() -> dict[str, Doc]:
    if not DEVDATA.is_dir():
        raise SystemExit(f"{DEVDATA}: not found (the real data is read from ../shared/devdata)")
    return {d.id: d for d in [*ecbplus_docs(), *wcep_docs()]}


# ---------------------------------------------------------------------------------------------
# Labels


def parse_labels(path: Path) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """(document id, [(surface, occurrences, hint)]) for every ``### id`` block of labels.txt."""
    docs: list[tuple[str, list[tuple[str, str, str]]]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split(" # ", 1)[0].rstrip()
        if line.startswith("### "):
            docs.append((line[4:].strip(), []))
            continue
        if not line.strip() or line.startswith("#"):
            continue
        if not docs or " | " not in line:
            raise ValueError(f"{path}:{number}: expected '### id' or 'surface | hint'")
        surface, hint = (part.strip() for part in line.split(" | ", 1))
        parsed = _SURFACE.match(surface)
        assert parsed
        docs[-1][1].append((parsed.group(1), parsed.group(2) or "", hint))
    return docs


def occurrences(text: str, surface: str) -> list[tuple[int, int]]:
    """Whole-word, case-sensitive occurrences of ``surface`` in ``text``."""
    pattern = r"(?<![\w])" + re.escape(surface) + (r"(?![\w])" if surface[-1].isalnum() else "")
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


def resolve_occurrences(text: str, surfaces: list[str]) -> dict[str, list[tuple[int, int]]]:
    """Each labelled surface's occurrences, less those inside an occurrence of another, longer
    surface of the same document ("Sudan" in "South Sudan", or in a name labelled ``-``)."""
    every = {surface: occurrences(text, surface) for surface in surfaces}
    kept: dict[str, list[tuple[int, int]]] = {}
    for surface, spans in every.items():
        longer = [s for other, o in every.items() if len(other) > len(surface) for s in o]
        kept[surface] = [(a, b) for a, b in spans if not any(c <= a and b <= d for c, d in longer)]
    return kept


def gold_of(gazetteer: Gazetteer, surface: str, hint: str) -> dict[str, object]:
    """The gold place of a hint: the localnews hints, ``demonym:CC`` (a word naming the country
    CC) and ``missing:KIND:CC@lat,lon=Name#geonamesid`` for a place the gazetteer lacks."""
    if hint.startswith("demonym:"):
        place = gazetteer.country(hint.split(":", 1)[1])
        assert place is not None, hint
        return {"kind": "demonym", "geonames_id": place.geonames_id, "name": place.name,
                "lat": place.lat, "lon": place.lon}  # fmt: skip
    missing = _MISSING.match(hint)
    if missing:
        kind, country, lat, lon, name, gid = missing.groups()
        return {"kind": kind, "geonames_id": int(gid) if gid else None, "name": name,
                "lat": float(lat), "lon": float(lon), "missing": True, "country": country}  # fmt: skip
    return look_up(gazetteer, surface, hint)


def label() -> int:
    docs = all_docs()
    gazetteer = Gazetteer.from_settings(Settings(timezone="UTC", input_format=InputFormat.JSONL))
    rows, failed = [], 0
    for doc_id, labels in parse_labels(FOLDER / "labels.txt"):
        doc = docs.get(doc_id)
        if doc is None:
            print(f"{doc_id}: no such document")
            failed += 1
            continue
        toponyms = []
        spans_of = resolve_occurrences(doc.text, [surface for surface, _, _ in labels])
        for surface, which, hint in labels:
            if hint == "-":
                continue
            spans = spans_of[surface]
            chosen = [int(n) for n in which.split(",")] if which else range(1, len(spans) + 1)
            try:
                gold = gold_of(gazetteer, surface, hint)
                if gold["lat"] is None:
                    raise LookupError(f"{surface!r} [{hint}]: the gazetteer's place has no point")
                if not spans or any(n > len(spans) for n in chosen):
                    raise LookupError(f"{surface!r}@{which}: {len(spans)} occurrences in the text")
            except (LookupError, ValueError, AssertionError) as exc:
                print(f"{doc_id}: {exc}")
                failed += 1
                continue
            for n in chosen:
                start, end = spans[n - 1]
                toponyms.append({"start": start, "end": end, "surface": surface, "occurrence": n,
                                 "hint": hint, **gold})  # fmt: skip
        rows.append({"id": doc_id, "dataset": doc.dataset, "split": doc.split, "toponyms": toponyms})
    if failed:
        print(f"{failed} labels failed: gold.jsonl not written", file=sys.stderr)
        return 1
    with (FOLDER / "gold.jsonl").open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    by_split = Counter(r["split"] for r in rows for _ in r["toponyms"])  # type: ignore[union-attr]
    print(f"{len(rows)} documents; toponyms by split: {dict(by_split)}")
    return 0


# ---------------------------------------------------------------------------------------------
# Running the pipeline


def extract(doc: Doc, reader: Resources, settings: Settings) -> list[object]:
    record = {"id": doc.id, "text": doc.text, "outlet": doc.outlet, "published": doc.published}
    data = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    return list(run_pipeline(read_bytes(data, "doc.jsonl", settings), reader, settings))


def show(split: str, limit: int, skip: int, dataset: str) -> int:
    """The documents to label, in a fixed order (a hash of their ids); ECB+ documents with at
    least two of ECB+'s own location mentions only (most of its test topics are about phones and
    computers). The pipeline's output is not shown, so as not to steer the labels."""
    docs = [d for d in all_docs().values() if d.split == split and d.dataset == dataset]
    docs = [d for d in docs if dataset != "ecbplus" or len(d.locations) >= MIN_ECB_LOCATIONS]
    docs.sort(key=lambda d: hashlib.sha256(d.id.encode()).hexdigest())
    for doc in docs[skip : skip + limit]:
        print(f"### {doc.id}\noutlet: {doc.outlet}\n{doc.text}\n")
        if doc.locations:
            print(f"  ECB+ LOC_GEO: {sorted(set(doc.locations))}")
        print()
    return 0


def score(split: str, misses_path: Path | None) -> int:
    logging.basicConfig(level=logging.ERROR)
    settings = Settings(timezone="UTC", input_format=InputFormat.JSONL)
    reader = Resources.load(settings)
    docs = all_docs()
    with (FOLDER / "gold.jsonl").open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    total, demonyms = Tally(), Tally()
    by_kind: dict[str, Tally] = {}
    by_set: dict[str, Tally] = {}
    count = 0
    for row in rows:
        if split != "all" and row["split"] != split:
            continue
        count += 1
        doc = docs[row["id"]]
        found = mentions(extract(doc, reader, settings))
        for gold in row["toponyms"]:
            demonym = gold["kind"] == "demonym"
            kind = Tally() if demonym else by_kind.setdefault(gold["kind"], Tally())
            of_set = Tally() if demonym else by_set.setdefault(row["dataset"], Tally())
            over = [m for m in found if m[0] < gold["end"] and gold["start"] < m[1]]
            ok = any(
                (gold["geonames_id"] is not None and m[2] == gold["geonames_id"])
                or (m[3] is not None and haversine_km(gold["lat"], gold["lon"], m[3], m[4]) <= KM_WIDE)
                for m in over
            )
            for t in (demonyms,) if demonym else (total, kind, of_set):
                t.gold += 1
                t.found += bool(over)
                t.resolved += ok
            if not ok:
                why = "not found" if not over else "resolved elsewhere"
                if over and over[0][3] is not None:
                    why += f" ({haversine_km(gold['lat'], gold['lon'], over[0][3], over[0][4]):,.0f} km off)"
                elif over:
                    why += " (unresolved)"
                context = doc.text[max(0, gold["start"] - 40) : gold["end"] + 40].replace("\n", " ")
                (demonyms if demonym else total).misses.append(
                    f"{row['id']}\t{why}\t{gold['surface']}\t[{gold['hint']}]\t…{context}…"
                )
    print(f"split: {split}; {count} documents\n")
    print("| real news, per toponym | toponyms | found | found and ≤161 km |")
    print("| --- | --- | --- | --- |")
    print(f"| **all toponyms** | {total.gold} | {share(total.found, total.gold)} | "
          f"**{share(total.resolved, total.gold)}** |")  # fmt: skip
    for name, t in sorted(by_set.items()):
        print(f"| — {name} | {t.gold} | {share(t.found, t.gold)} | {share(t.resolved, t.gold)} |")
    for name, t in sorted(by_kind.items()):
        print(f"| — {name} | {t.gold} | {share(t.found, t.gold)} | {share(t.resolved, t.gold)} |")
    print(f"| demonyms naming a country (apart) | {demonyms.gold} | {share(demonyms.found, demonyms.gold)} "
          f"| {share(demonyms.resolved, demonyms.gold)} |")  # fmt: skip
    reasons = Counter(m.split("\t")[1].split(" (")[0] for m in total.misses)
    print("\nmisses: " + ", ".join(f"{k} {v}" for k, v in reasons.most_common()))
    if misses_path:
        misses_path.write_text("\n".join(total.misses + demonyms.misses) + "\n", encoding="utf-8")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    showing = sub.add_parser("show", help="print documents with the places found, for labelling")
    showing.add_argument("--split", default="dev", choices=["train", "dev", "test"])
    showing.add_argument("--dataset", default="ecbplus", choices=["ecbplus", "wcep"])
    showing.add_argument("--limit", type=int, default=10)
    showing.add_argument("--skip", type=int, default=0)
    sub.add_parser("label", help="look the hints up and write gold.jsonl")
    scoring = sub.add_parser("score", help="run the pipeline and score every toponym")
    scoring.add_argument("--split", default="dev", choices=["dev", "test", "all"])
    scoring.add_argument("--misses", type=Path, default=None, help="write the misses to this file")
    args = parser.parse_args()
    if args.command == "show":
        return show(args.split, args.limit, args.skip, args.dataset)
    if args.command == "label":
        return label()
    return score(args.split, args.misses)


if __name__ == "__main__":
    sys.exit(main())
