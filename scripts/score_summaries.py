"""Score sitrep end to end on the project's ACLED-style conflict-event summaries (``corpus/summaries``).

    .venv/bin/python scripts/score_summaries.py label                  # fill in the gold places
    .venv/bin/python scripts/score_summaries.py score --split dev [--misses]
    .venv/bin/python scripts/score_summaries.py score --split test     # once, at the end

``corpus/summaries/{dev,test}.tsv`` hold one summary a row in an ACLED export's columns
(``event_id_cnty``, ``event_date``, ``sub_event_type``, ``fatalities``, ``notes``, ``location``,
``latitude``, ``longitude``; ``sitrep eval --format acled`` reads them as they are) plus
``claimed_by`` (the party whose claim a toll of the text is), ``place`` (the gold place as a hint,
``kind:CC/Admin1=Name``, as ``corpus/localnews`` writes it), ``geonames_id`` and ``level``.

``label`` looks every hint up in the gazetteer's own data (the place of that name and kind in that
country and first-level region, `localnews_places.look_up`; not the resolver) and writes the
GeoNames id, the level (city, admin2, admin1, country), the name and the point into the file.

``score`` reads every summary as ``sitrep extract`` does (the text alone, a plain-text document)
and takes the event sitrep is surest of (highest confidence, the first of equals, as ``sitrep
eval`` does). It prints:

- **type**: the best event's ACLED sub-event type against the gold code: support-weighted F1,
  accuracy (no event is ``none``);
- **fatalities exact**: the best event's killed figures (the sum of their minimums, as ``sitrep
  eval`` counts them) equal ACLED's fatalities; also over the whole document (every distinct
  killed figure of every event once), the toll wherever sitrep put it;
- **place within 50 km** (and 25 km, ``sitrep eval``'s distance) of the gold point, and the share
  whose GeoNames id is the gold one; no event or no place is a miss;
- **claims marked**: of the summaries whose toll a party claims, the share where an event carrying
  a killed figure is ``claimed`` with a source naming that party.

``--sitrep-src`` scores another source tree (an older revision unpacked with ``git archive``) for
"before" figures. Run from the repository root.
"""

from __future__ import annotations

import argparse
import csv
import logging
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "corpus" / "summaries"
KM_NEAR, KM_EVAL = 50.0, 25.0
COLUMNS = (
    "event_id_cnty",
    "event_date",
    "country",
    "sub_event_type",
    "fatalities",
    "claimed_by",
    "place",
    "geonames_id",
    "level",
    "location",
    "latitude",
    "longitude",
    "notes",
)
sys.path.insert(0, str(ROOT / "scripts"))


def read_rows(path: Path) -> list[dict[str, str]]:
    """The summaries of one split file (``#`` lines are comments)."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def write_rows(path: Path, rows: Sequence[dict[str, str]], comments: Sequence[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.writelines(comments)
        writer = csv.DictWriter(handle, COLUMNS, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE)
        writer.writeheader()
        writer.writerows(rows)


def label() -> int:
    """Fill in every split file's gold place columns from the gazetteer's data."""
    sys.path.insert(0, str(ROOT / "src"))
    from localnews_places import look_up

    from sitrep.config import Settings
    from sitrep.geo.gazetteer import Gazetteer

    gazetteer = Gazetteer.from_settings(Settings(timezone="UTC"))
    failed = 0
    for path in sorted(FOLDER.glob("*.tsv")):
        comments = [line for line in path.open(encoding="utf-8") if line.startswith("#")]
        rows = read_rows(path)
        for row in rows:
            hint = row["place"]
            kind, _, rest = hint.partition(":")
            surface = rest.split("=", 1)[1] if "=" in rest else rest.split("/", 1)[-1]
            try:
                gold = look_up(gazetteer, surface, hint)
            except (LookupError, ValueError) as exc:
                print(f"{path.name} {row['event_id_cnty']}: {exc}")
                failed += 1
                continue
            row.update(
                geonames_id=str(gold["geonames_id"]),
                level=kind,
                location=str(gold["name"]),
                latitude=f"{gold['lat']:.5f}",
                longitude=f"{gold['lon']:.5f}",
                country=rest[:2],
            )
            print(
                f"{row['event_id_cnty']}\t{hint}\t→ {gold['name']} {gold['geonames_id']} {row['latitude']},{row['longitude']}"
            )
        write_rows(path, rows, comments)
    if failed:
        print(f"{failed} places not found in the gazetteer", file=sys.stderr)
    return 1 if failed else 0


@dataclass(slots=True)
class Reading:
    """What sitrep read in one summary."""

    sub_event: str
    killed_best: int
    killed_document: int
    km: float | None
    geonames_id: int | None
    place: str
    claimed: bool
    events: list[dict[str, Any]]


def killed(events: Sequence[dict[str, Any]]) -> int:
    """Killed figures counted once each (a figure shared by two events once), their minimums."""
    seen: dict[tuple[object, ...], int] = {}
    for event in events:
        for figure in event.get("casualties") or []:
            if figure.get("outcome") == "killed":
                key = (figure.get("report_id"), figure.get("start"), figure.get("end"))
                seen[key] = figure.get("min") or 0
    return sum(seen.values())


def read_summary(row: dict[str, str], extract: Any) -> Reading:
    from sitrep.eval.metrics import haversine_km

    payload = extract(row["notes"])
    events: list[dict[str, Any]] = payload.get("events") or []
    best = max(events, key=lambda e: e.get("confidence") or 0.0) if events else None
    location = (best or {}).get("location") or {}
    km = None
    if location.get("lat") is not None and location.get("lon") is not None:
        km = haversine_km(float(row["latitude"]), float(row["longitude"]), location["lat"], location["lon"])
    party = row["claimed_by"].lower()
    claimed = bool(party) and any(
        e.get("attribution") == "claimed"
        and any(party in (s.get("name") or "").lower() for s in e.get("sources") or [])
        and any(f.get("outcome") == "killed" for f in e.get("casualties") or [])
        for e in events
    )
    return Reading(
        sub_event=((best or {}).get("acled") or {}).get("sub_event_type") or "none",
        killed_best=killed([best]) if best else 0,
        killed_document=killed(events),
        km=km,
        geonames_id=location.get("geonames_id"),
        place=f"{location.get('name')} ({location.get('precision')})" if location else "nowhere",
        claimed=claimed,
        events=events,
    )


def share(hits: Sequence[bool]) -> str:
    return f"{100 * sum(hits) / len(hits):.1f}% ({sum(hits)}/{len(hits)})" if hits else "—"


def score(split: str, misses: bool, sitrep_src: Path) -> int:
    logging.basicConfig(level=logging.WARNING)
    sys.path.insert(0, str(sitrep_src.resolve()))
    from score_devdata_events import scores

    from sitrep.config import Settings
    from sitrep.eval.vocab import sub_event_type_of
    from sitrep.export.sitrep_json import extract_json
    from sitrep.resources import Resources

    settings = Settings(timezone="UTC")
    resources = Resources.load(settings)
    rows = read_rows(FOLDER / f"{split}.tsv")
    if any(not row["latitude"] for row in rows):
        print(f"{split}.tsv has rows without a gold point: run `label` first", file=sys.stderr)
        return 1

    def extract(text: str) -> dict[str, Any]:
        return extract_json(text.encode("utf-8"), "summary.txt", settings, resources)

    started = time.perf_counter()
    readings = [read_summary(row, extract) for row in rows]
    seconds = time.perf_counter() - started
    gold_types = [sub_event_type_of(row["sub_event_type"]) or "?" for row in rows]
    typed = scores(gold_types, [r.sub_event for r in readings])
    deaths = [int(row["fatalities"]) for row in rows]
    claims = [r.claimed for row, r in zip(rows, readings, strict=True) if row["claimed_by"]]
    print(f"{len(rows)} {split} summaries, read in {seconds:.0f} s\n")
    print("| measure | value |\n| --- | --- |")
    print(f"| sub-event type, weighted F1 | {100 * float(typed['weighted_f1']):.1f} |")  # type: ignore[arg-type]
    print(f"| sub-event type, accuracy | {100 * float(typed['accuracy']):.1f} |")  # type: ignore[arg-type]
    print(
        f"| fatalities exact, best event | {share([r.killed_best == d for r, d in zip(readings, deaths, strict=True)])} |"
    )
    print(
        f"| fatalities exact, document | {share([r.killed_document == d for r, d in zip(readings, deaths, strict=True)])} |"
    )
    print(
        f"| fatalities exact, best event, tolls > 0 | {share([r.killed_best == d for r, d in zip(readings, deaths, strict=True) if d])} |"
    )
    print(
        f"| place within {KM_NEAR:g} km | {share([r.km is not None and r.km <= KM_NEAR for r in readings])} |"
    )
    print(
        f"| place within {KM_EVAL:g} km | {share([r.km is not None and r.km <= KM_EVAL for r in readings])} |"
    )
    print(
        f"| place's GeoNames id is the gold one | {share([str(r.geonames_id) == row['geonames_id'] for row, r in zip(rows, readings, strict=True)])} |"
    )
    print(f"| claimed tolls marked claimed by their party | {share(claims)} |")
    print(f"| summaries with no event | {share([not r.events for r in readings])} |")
    if misses:
        print()
        for row, reading, gold_type in zip(rows, readings, gold_types, strict=True):
            wrong = []
            if reading.sub_event != gold_type:
                wrong.append(f"type {reading.sub_event} (gold {gold_type})")
            if reading.killed_best != int(row["fatalities"]):
                wrong.append(
                    f"killed {reading.killed_best}/doc {reading.killed_document} (gold {row['fatalities']})"
                )
            if reading.km is None or reading.km > KM_NEAR:
                where = "nowhere" if reading.km is None else f"{reading.km:,.0f} km off"
                wrong.append(f"place {reading.place} {where} (gold {row['location']}, {row['level']})")
            if row["claimed_by"] and not reading.claimed:
                wrong.append(f"claim by {row['claimed_by']} not marked")
            if wrong:
                print(f"{row['event_id_cnty']}\t{'; '.join(wrong)}\t{row['notes']}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("label", help="fill in the gold places from the gazetteer's data")
    scoring = commands.add_parser("score", help="score the pipeline on one split")
    scoring.add_argument("--split", choices=("dev", "test"), default="dev")
    scoring.add_argument("--misses", action="store_true", help="print every summary read wrongly")
    scoring.add_argument(
        "--sitrep-src", type=Path, default=ROOT / "src", help="the sitrep source tree to score"
    )
    args = parser.parse_args(argv)
    if args.command == "label":
        return label()
    return score(args.split, args.misses, args.sitrep_src)


if __name__ == "__main__":
    raise SystemExit(main())
