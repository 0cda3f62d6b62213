"""Places on real text: toponym recognition and resolution measured on ``../shared/devdata``.

    .venv/bin/python scripts/devdata_places.py [--split dev|train|test] [--limit N] [--misses FILE]

Runs the whole sitrep pipeline (as ``sitrep extract`` does) over three real data sets, split
with the project's one rule (`sitrep.eval.splits.split_of`):

- **re3d** (``train_ok``; Dstl, conflict reporting on Syria and Iraq): gold ``Location`` spans
  that are proper names (capitalised, confidence ≥ 0.5, the innermost of nested spans) and the
  ``Nationality`` words that name a country. Toponym recall and precision, spans matched by
  overlap; no coordinates, so no resolution figure.
- **UCDP GED headlines** (``ged231_global_sample1000.csv`` rows with a headline, and a sample of
  ``ged191_syria_2016_2019.csv``): the event's gold point and its precision ``where_prec``.
  Shares of documents whose first event is placed within 161 km and 50 km of the gold point
  (end to end: no event or no place counts as a miss), and whose nearest resolved place mention
  is (the toponym resolution a perfect choice of the event's place would reach).
- **UCDP where_description** (global sample): the coder's free-text place phrase read as a
  document; the first resolved place within 161 / 50 km of the gold point.

Prints one table a data set. Reading the test part is for the final figure only.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEVDATA = REPO.parent / "shared" / "devdata"
KM_WIDE, KM_NEAR = 161.0, 50.0
SPELLING_SIMILARITY = 0.75
MIN_CONFIDENCE = 0.5

sys.path.insert(0, str(REPO / "src"))

from sitrep.config import Settings  # noqa: E402
from sitrep.eval.metrics import haversine_km, match_spans  # noqa: E402
from sitrep.eval.output import Reading, read_output  # noqa: E402
from sitrep.eval.splits import split_of  # noqa: E402
from sitrep.geo.build import alias_tokens  # noqa: E402
from sitrep.geo.gazetteer import Gazetteer  # noqa: E402
from sitrep.ingest import read_bytes  # noqa: E402
from sitrep.model import Extraction, InputFormat, Rejection  # noqa: E402
from sitrep.pipeline import run as run_pipeline  # noqa: E402
from sitrep.resources import Resources  # noqa: E402


@dataclass(slots=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Recognition:
    """Toponym counts over a data set."""

    gold: int = 0
    found: int = 0
    predicted: int = 0
    correct: int = 0
    demonyms: int = 0
    demonyms_found: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Resolution:
    """Distance shares over a data set."""

    name: str
    rows: int = 0
    event_wide: int = 0
    event_near: int = 0
    any_wide: int = 0
    any_near: int = 0
    misses: list[str] = field(default_factory=list)
    kinds: dict[str, int] = field(default_factory=dict)


def read_json_lines(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8-sig") as handle:
        return [json.loads(line.lstrip("\ufeff")) for line in handle if line.strip()]


def run(
    reader: Resources, settings: Settings, doc_id: str, text: str, **fields: str
) -> list[Extraction | Rejection]:
    """The pipeline's results for one document given as a JSON Lines record (as `sitrep extract`)."""
    record = {"id": doc_id, "text": text, **{k: v for k, v in fields.items() if v}}
    data = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    return list(run_pipeline(read_bytes(data, f"{doc_id}.jsonl", settings), reader, settings))


# ---------------------------------------------------------------------------------------------
# re3d


def re3d_documents(split: str) -> Iterator[tuple[str, str, list[Span], list[Span]]]:
    """(key, text, proper-name Location spans, Nationality spans) of the documents in ``split``."""
    for folder in sorted((DEVDATA / "re3d" / "train_ok").iterdir()):
        if not folder.is_dir():
            continue
        entities = read_json_lines(folder / "entities.json")
        for doc in read_json_lines(folder / "documents.json"):
            key = f"train_ok/{folder.name}/{doc['_id']}"
            if split_of("re3d", key) != split:
                continue
            text = str(doc["text"])
            mine = [e for e in entities if e["documentId"] == doc["_id"]]
            locations = [
                Span(int(e["begin"]), int(e["end"]), str(e["value"]))  # type: ignore[call-overload]
                for e in mine
                if e["type"] == "Location"
                and float(e["confidence"]) >= MIN_CONFIDENCE  # type: ignore[arg-type]
                and str(e["value"])[:1].isupper()
            ]
            innermost = [
                s
                for s in locations
                if not any(o is not s and s.start <= o.start and o.end <= s.end for o in locations)
            ]
            nationalities = [
                Span(int(e["begin"]), int(e["end"]), str(e["value"]))  # type: ignore[call-overload]
                for e in mine
                if e["type"] == "Nationality" and float(e["confidence"]) >= MIN_CONFIDENCE  # type: ignore[arg-type]
            ]
            yield key, text, _unique(innermost), _unique(nationalities)


def _unique(spans: list[Span]) -> list[Span]:
    seen: dict[tuple[int, int], Span] = {}
    for span in spans:
        seen.setdefault((span.start, span.end), span)
    return sorted(seen.values(), key=lambda s: s.start)


def score_re3d(reader: Resources, settings: Settings, split: str, limit: int | None) -> Recognition:
    counts = Recognition()
    from sitrep.geo.gazetteer import Gazetteer

    gazetteer = Gazetteer.from_settings(settings)
    for number, (key, text, locations, nationalities) in enumerate(re3d_documents(split)):
        if limit is not None and number >= limit:
            break
        reading = read_output(run(reader, settings, key.rsplit("/", 1)[1], text))
        places = list({(p.start, p.end): p for p in reading.places}.values())
        demonyms = [n for n in nationalities if gazetteer.demonym_country(n.text)]
        gold = locations + demonyms
        pairs = match_spans([(g.start, g.end) for g in gold], [(p.start, p.end) for p in places])
        counts.gold += len(locations)
        counts.demonyms += len(demonyms)
        matched_gold = {i for i, _ in pairs}
        counts.found += sum(1 for i in matched_gold if i < len(locations))
        counts.demonyms_found += sum(1 for i in matched_gold if i >= len(locations))
        # precision against every gold place word (names and country-naming demonyms)
        counts.predicted += len(places)
        counts.correct += len(pairs)
        matched_places = {j for _, j in pairs}
        counts.misses += [g.text for i, g in enumerate(gold) if i not in matched_gold]
        counts.extras += [text[p.start : p.end] for j, p in enumerate(places) if j not in matched_places]
    return counts


# ---------------------------------------------------------------------------------------------
# UCDP GED


def ucdp_rows(file: str, split: str) -> Iterator[dict[str, str]]:
    with (DEVDATA / "ucdp_ged" / file).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if split_of("ucdp_ged", f"{file}:{row['id']}") == split:
                yield row


def outlet_of(row: dict[str, str]) -> str:
    """The first reporting outlet of a GED row ("Xinhua News Agency,2015-04-20,..." → Xinhua ...)."""
    article = row.get("source_article", "").strip().strip('"')
    return article.split(",", 1)[0].strip() if "," in article else ""


def score_ucdp(
    reader: Resources,
    settings: Settings,
    name: str,
    file: str,
    split: str,
    limit: int | None,
    *,
    field_name: str,
) -> Resolution:
    result = Resolution(name)
    for row in ucdp_rows(file, split):
        text = row.get(field_name, "").strip()
        if not text or not row.get("latitude"):
            continue
        if limit is not None and result.rows >= limit:
            break
        if field_name == "source_headline":
            # one sentence each: a lone line without a full stop would be read as a headline only
            text = "\n\n".join(_sentence(h) for h in text.split(";") if h.strip())
        else:
            text = _sentence(text)
        gold = (float(row["latitude"]), float(row["longitude"]))
        payload = run(
            reader,
            settings,
            f"ucdp-{row['id']}",
            text,
            published=row.get("date_start", ""),
            outlet=outlet_of(row),
        )
        reading = read_output(payload)
        result.rows += 1
        if field_name == "source_headline":
            located = [e.location for e in reading.events if e.location and e.location.lat is not None]
            first = (located[0].lat, located[0].lon) if located else None
        else:
            placed = [p for p in reading.places if p.lat is not None and p.lon is not None]
            first = (placed[0].lat, placed[0].lon) if placed else None
        km = haversine_km(*gold, *first) if first else None  # type: ignore[arg-type]
        distances = [
            haversine_km(*gold, p.lat, p.lon)
            for p in reading.places
            if p.lat is not None and p.lon is not None
        ]  # type: ignore[arg-type]
        nearest = min(distances) if distances else None
        result.event_wide += km is not None and km <= KM_WIDE
        result.event_near += km is not None and km <= KM_NEAR
        result.any_wide += nearest is not None and nearest <= KM_WIDE
        result.any_near += nearest is not None and nearest <= KM_NEAR
        if km is None or km > KM_NEAR:
            kind = _miss_kind(
                reading,
                field_name,
                text,
                row.get("where_coordinates", ""),
                km,
                nearest,
                reader.gazetteer,
                gold,
            )
            result.kinds[kind] = result.kinds.get(kind, 0) + 1
            where = f"{kind}: " + ("nowhere" if km is None else f"{km:,.0f} km off")
            result.misses.append(f"{row['id']}\t{where}\t{row.get('where_coordinates', '')}\t{text[:160]!r}")
    return result


_GENERIC = frozenset(
    {"village", "town", "city", "district", "province", "governorate", "suburb", "area", "region",
     "municipality", "county", "sub-county", "subcounty", "department", "state", "oblast", "township",
     "lga", "colline", "airport", "airfield", "neighbourhood", "neighborhood", "camp", "market"}
)  # fmt: skip


def _name_keys(name: str) -> list[str]:
    """The coder's place name (``where_coordinates``) as lookup keys: each "/"-separated spelling
    less its generic noun and brackets ("Deir ez Zor district" → "deirezzor")."""
    keys = []
    for spelling in name.split("/"):
        words = [w for w in alias_tokens(re.sub(r"\(.*?\)", " ", spelling)) if w not in _GENERIC]
        if words:
            keys.append("".join(words))
    return keys


def _token_runs(text: str, most: int = 4) -> Iterator[str]:
    tokens = alias_tokens(text)
    for i in range(len(tokens)):
        for j in range(i + 1, min(i + most, len(tokens)) + 1):
            yield "".join(tokens[i:j])


def named_in(name: str, text: str, similarity: float = 1.0) -> bool:
    """Whether the coder's place name is written in the text: a run of its tokens has the name's
    letters ("Deir ez Zor district" in "Deir Ezzor countryside"), or, with ``similarity`` under
    1, letters that close ("Maarat al-Numaan" ~ "Maart Numan")."""
    keys = _name_keys(name)
    for run in _token_runs(text):
        for key in keys:
            if run == key or (similarity < 1 and SequenceMatcher(None, run, key).ratio() >= similarity):
                return True
    return False


def _miss_kind(
    reading: Reading,
    field_name: str,
    text: str,
    gold_name: str,
    km: float | None,
    nearest: float | None,
    gazetteer: Gazetteer | None,
    gold: tuple[float, float],
) -> str:
    """Why a document's event (first place) is not within 50 km, in the order a fix would look at it:
    whether the place is written at all, found, resolved, then chosen."""
    near = nearest is not None and nearest <= KM_NEAR
    if not near:
        if not named_in(gold_name, text):
            if named_in(gold_name, text, SPELLING_SIMILARITY):
                return "place in text in another spelling, not found"
            if not reading.places:
                return "place not in text, no place named"
            at_nearest = km is not None and nearest is not None and km <= nearest + 1
            return "place not in text, named places >50 km, " + (
                "placed at the nearest" if at_nearest else "not at the nearest"
            )
        spans = [p for p in reading.places if p.lat is not None]
        if not any(_covers(p.start, p.end, text, gold_name) for p in spans):
            known = gazetteer is not None and any(
                c.lat is not None and c.lon is not None and haversine_km(*gold, c.lat, c.lon) <= KM_NEAR
                for k in _name_keys(gold_name)
                for c in gazetteer.candidates(k)
            )
            return "toponym in text not found, " + (
                "in the gazetteer" if known else "not in the gazetteer within 50 km"
            )
        return "toponym found, resolved >50 km off"
    if field_name != "source_headline":
        return "right place found, another place first"
    if not reading.events:
        return "right place found, no event"
    if km is None:
        return "right place found, event without a place"
    location = next(e.location for e in reading.events if e.location and e.location.lat is not None)
    if location.precision == "country":
        return "right place found, event fell back to the country"
    return "right place found, event chose another place"


def _covers(start: int, end: int, text: str, gold_name: str) -> bool:
    return named_in(gold_name, text[start:end])


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=["train", "dev", "test"])
    parser.add_argument("--limit", type=int, default=None, help="at most N items a data set")
    parser.add_argument("--syria", type=int, default=300, help="rows of the Syria file to read (default 300)")
    parser.add_argument("--misses", type=Path, default=None, help="write the misses to this file")
    args = parser.parse_args()
    if not DEVDATA.is_dir():
        print(f"no development data at {DEVDATA}", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.ERROR)
    settings = Settings(timezone="UTC", input_format=InputFormat.JSONL)
    started = time.perf_counter()
    reader = Resources.load(settings)
    re3d = score_re3d(reader, settings, args.split, args.limit)
    ucdp = [
        score_ucdp(reader, settings, "UCDP GED global, headlines", "ged231_global_sample1000.csv", args.split,
                   args.limit, field_name="source_headline"),
        score_ucdp(reader, settings, "UCDP GED Syria, headlines", "ged191_syria_2016_2019.csv", args.split,
                   min(args.syria, args.limit or args.syria), field_name="source_headline"),
        score_ucdp(reader, settings, "UCDP GED global, where_description", "ged231_global_sample1000.csv",
                   args.split, args.limit, field_name="where_description"),
    ]  # fmt: skip
    print(f"split: {args.split}; {time.perf_counter() - started:.0f} s\n")
    print("| re3d train_ok (recognition) | value |")
    print("| --- | --- |")
    print(f"| gold place names | {re3d.gold} |")
    print(f"| place-name recall | {share(re3d.found, re3d.gold)} |")
    print(f'| country demonyms ("Syrian") | {re3d.demonyms} |')
    print(f"| demonym recall | {share(re3d.demonyms_found, re3d.demonyms)} |")
    print(
        f"| precision (places found that are gold names or demonyms) | {share(re3d.correct, re3d.predicted)} |"
    )
    print()
    print("| UCDP GED | documents | event placed ≤161 km | ≤50 km | nearest place ≤161 km | ≤50 km |")
    print("| --- | --- | --- | --- | --- | --- |")
    for r in ucdp:
        print(
            f"| {r.name} | {r.rows} | {share(r.event_wide, r.rows)} | {share(r.event_near, r.rows)} "
            f"| {share(r.any_wide, r.rows)} | {share(r.any_near, r.rows)} |"
        )
    for r in ucdp:
        print(f"\n{r.name}, misses by kind:")
        for kind, count in sorted(r.kinds.items(), key=lambda item: -item[1]):
            print(f"- {kind}: {count}")
    if args.misses:
        with args.misses.open("w", encoding="utf-8") as out:
            out.write(
                "## re3d missed\n" + "\n".join(re3d.misses) + "\n## re3d extra\n" + "\n".join(re3d.extras)
            )
            for r in ucdp:
                out.write(f"\n## {r.name}\n" + "\n".join(r.misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
