"""Places in local news: per-toponym recognition and resolution on ``corpus/localnews``.

    .venv/bin/python scripts/localnews_places.py label             # articles.txt → gold.jsonl
    .venv/bin/python scripts/localnews_places.py score [--split dev|test|all] [--misses FILE]

``label`` reads the articles written for the project (``corpus/localnews/articles.txt``, markup
``[[surface|hint]]``, see the README) and looks every hint up in the gazetteer's own data: the
place of that name and kind in that country (and first-level region), the most populous if
several. It writes ``gold.jsonl`` (one article a line: text without markup, outlet, published
date, toponyms with offsets, GeoNames id, kind and point) and prints each choice for review.

``score`` runs the whole pipeline (as ``sitrep extract``) over each article and counts, per gold
toponym, whether a place mention overlaps its span (found) and whether that mention resolved
to the same GeoNames id or to a point within 161 km of the gold point (resolved). Streets,
neighbourhoods and buildings that GeoNames does not list are scored on their own line, with
the point of the city they lie in as gold. The split is fixed: an article whose number is odd
is **test**, even is **dev**.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FOLDER = REPO / "corpus" / "localnews"
KM_WIDE = 161.0
sys.path.insert(0, str(REPO / "src"))

from sitrep.config import Settings  # noqa: E402
from sitrep.eval.metrics import haversine_km  # noqa: E402
from sitrep.geo.build import alias_key  # noqa: E402
from sitrep.geo.gazetteer import Gazetteer  # noqa: E402
from sitrep.ingest import read_bytes  # noqa: E402
from sitrep.model import Extraction, InputFormat  # noqa: E402
from sitrep.pipeline import run as run_pipeline  # noqa: E402
from sitrep.resources import Resources  # noqa: E402
from sitrep.vocab import EntityKind  # noqa: E402

_MARK = re.compile(r"\[\[([^|\]]+)\|([^\]]+)\]\]")
_HINT = re.compile(
    r"^(?:(city|admin1|admin2|country|street):)?([A-Z]{2})(?:/([^=#]+))?(?:=([^#]+))?(?:#(\d+))?$"
)


def split_of(article_id: str) -> str:
    """The fixed rule: odd article numbers are test, even are dev."""
    return "test" if int(article_id.rsplit("-", 1)[1]) % 2 else "dev"


def parse(path: Path) -> list[dict[str, object]]:
    """The articles of ``articles.txt``: id, outlet, published, raw body with markup."""
    articles: list[dict[str, object]] = []
    current: dict[str, object] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") and not line.startswith("### "):
            continue
        if line.startswith("### "):
            current = {"id": line[4:].strip(), "body": []}
            articles.append(current)
        elif current is not None and re.match(r"^(outlet|published): ", line):
            key, value = line.split(": ", 1)
            current[key] = value.strip()
        elif current is not None and line.strip():
            current["body"].append(line)  # type: ignore[attr-defined]
    return articles


def strip_markup(body: str) -> tuple[str, list[tuple[int, int, str, str]]]:
    """The text without markup and (start, end, surface, hint) of every marked toponym."""
    out, spans, last = [], [], 0
    length = 0
    for match in _MARK.finditer(body):
        out.append(body[last : match.start()])
        length += match.start() - last
        surface, hint = match.group(1), match.group(2)
        spans.append((length, length + len(surface), surface, hint))
        out.append(surface)
        length += len(surface)
        last = match.end()
    out.append(body[last:])
    return "".join(out), spans


def look_up(gazetteer: Gazetteer, surface: str, hint: str) -> dict[str, object]:
    """The gold place of one hint, from the gazetteer's data (not its resolver)."""
    parsed = _HINT.match(hint)
    if not parsed:
        raise ValueError(f"bad hint {hint!r}")
    kind, country, region, name, pinned = parsed.groups()
    kind = kind or "city"
    if kind == "country":
        place = gazetteer.country(country)
        assert place is not None, hint
        return {"kind": "country", "geonames_id": place.geonames_id, "name": place.name,
                "lat": place.lat, "lon": place.lon}  # fmt: skip
    wanted = name or (region if kind == "admin1" else surface)
    lookup_kind = "city" if kind == "street" else kind
    found = [
        c
        for c in gazetteer.candidates(wanted)
        if c.kind == lookup_kind
        and c.country == country
        and (region is None or alias_key(c.admin1 or "") == alias_key(region))
        and (pinned is None or c.geonames_id == int(pinned))
    ]
    if not found:
        raise LookupError(f"{surface!r} [{hint}]: no {lookup_kind} {wanted!r} in the gazetteer")
    best = max(found, key=lambda c: (c.primary, c.population))
    return {"kind": kind, "geonames_id": best.geonames_id, "name": best.name, "lat": best.lat,
            "lon": best.lon, "admin1": best.admin1, "population": best.population}  # fmt: skip


def label() -> int:
    settings = Settings(timezone="UTC", input_format=InputFormat.JSONL)
    gazetteer = Gazetteer.from_settings(settings)
    rows, failed = [], 0
    for article in parse(FOLDER / "articles.txt"):
        text, spans = strip_markup("\n\n".join(article["body"]))  # type: ignore[arg-type]
        toponyms = []
        for start, end, surface, hint in spans:
            try:
                gold = look_up(gazetteer, surface, hint)
            except LookupError as exc:
                print(f"{article['id']}: {exc}")
                failed += 1
                continue
            toponyms.append({"start": start, "end": end, "text": surface, "hint": hint, **gold})
            print(f"{article['id']}\t{surface}\t{hint}\t→ {gold['name']} ({gold.get('admin1')}) "
                  f"{gold['geonames_id']} {gold['lat']:.3f},{gold['lon']:.3f}")  # fmt: skip
        rows.append({"id": article["id"], "split": split_of(str(article["id"])),
                     "outlet": article.get("outlet", ""), "published": article.get("published", ""),
                     "text": text, "toponyms": toponyms})  # fmt: skip
    if failed:
        print(f"{failed} hints not found: gold.jsonl not written", file=sys.stderr)
        return 1
    with (FOLDER / "gold.jsonl").open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    count = sum(len(r["toponyms"]) for r in rows)  # type: ignore[arg-type]
    print(f"{len(rows)} articles, {count} toponyms written to {FOLDER / 'gold.jsonl'}")
    return 0


@dataclass(slots=True)
class Tally:
    gold: int = 0
    found: int = 0
    resolved: int = 0
    misses: list[str] = field(default_factory=list)


def mentions(results: list[object]) -> list[tuple[int, int, int | None, float | None, float | None]]:
    """(start, end, GeoNames id, lat, lon) of every place mention in the pipeline's results."""
    found = []
    for result in results:
        if not isinstance(result, Extraction):
            continue
        for entity in result.entities:
            if entity.kind != EntityKind.PLACE:
                continue
            place = entity.place
            for m in entity.mentions:
                found.append((m.doc_start, m.doc_end, place.geonames_id if place else None,
                              place.lat if place else None, place.lon if place else None))  # fmt: skip
    return found


def score(split: str, misses_path: Path | None) -> int:
    logging.basicConfig(level=logging.ERROR)
    settings = Settings(timezone="UTC", input_format=InputFormat.JSONL)
    reader = Resources.load(settings)
    tallies: dict[str, Tally] = {"places": Tally(), "streets": Tally()}
    by_kind: dict[str, Tally] = {}
    articles = 0
    with (FOLDER / "gold.jsonl").open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    for row in rows:
        if split != "all" and row["split"] != split:
            continue
        articles += 1
        record = {
            "id": row["id"],
            "text": row["text"],
            "outlet": row["outlet"],
            "published": row["published"],
        }
        data = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        results = list(run_pipeline(read_bytes(data, f"{row['id']}.jsonl", settings), reader, settings))
        found = mentions(results)
        for gold in row["toponyms"]:
            tally = tallies["streets" if gold["kind"] == "street" else "places"]
            kind = by_kind.setdefault(gold["kind"], Tally())
            over = [m for m in found if m[0] < gold["end"] and gold["start"] < m[1]]
            ok = any(
                m[2] == gold["geonames_id"]
                or (m[3] is not None and haversine_km(gold["lat"], gold["lon"], m[3], m[4]) <= KM_WIDE)
                for m in over
            )
            for t in (tally, kind):
                t.gold += 1
                t.found += bool(over)
                t.resolved += ok
            if not ok:
                why = "not found" if not over else "resolved elsewhere"
                where = ""
                if over and over[0][3] is not None:
                    km = haversine_km(gold["lat"], gold["lon"], over[0][3], over[0][4])
                    where = f" ({km:,.0f} km off)"
                elif over:
                    where = " (unresolved)"
                tally.misses.append(f"{row['id']}\t{why}{where}\t{gold['text']}\t[{gold['hint']}]")
    print(f"split: {split}; {articles} articles\n")
    print("| local news, per toponym | toponyms | found | found and ≤161 km |")
    print("| --- | --- | --- | --- |")
    for name, t in (("GeoNames places", tallies["places"]), ("streets, neighbourhoods (city point)",
                                                                tallies["streets"])):  # fmt: skip
        print(f"| {name} | {t.gold} | {share(t.found, t.gold)} | {share(t.resolved, t.gold)} |")
    for name, t in sorted(by_kind.items()):
        print(f"| — {name} | {t.gold} | {share(t.found, t.gold)} | {share(t.resolved, t.gold)} |")
    reasons = Counter(m.split("\t")[1].split(" (")[0] for t in tallies.values() for m in t.misses)
    print("\nmisses: " + ", ".join(f"{k} {v}" for k, v in reasons.most_common()))
    if misses_path:
        misses_path.write_text(
            "\n".join(m for t in tallies.values() for m in t.misses) + "\n", encoding="utf-8"
        )
    return 0


def share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("label", help="look the hints up and write gold.jsonl")
    scoring = sub.add_parser("score", help="run the pipeline and score every toponym")
    scoring.add_argument("--split", default="dev", choices=["dev", "test", "all"])
    scoring.add_argument("--misses", type=Path, default=None, help="write the misses to this file")
    args = parser.parse_args()
    if args.command == "label":
        return label()
    return score(args.split, args.misses)


if __name__ == "__main__":
    sys.exit(main())
