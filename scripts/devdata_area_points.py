"""Countries' and first-level regions' points against UCDP GED's, on ``../shared/devdata``.

    .venv/bin/python scripts/devdata_area_points.py [--split traindev|test]

No package ships GeoNames' own points for countries and first-level regions. The index takes
countries' points from countryinfo (`sitrep.geo.build.read_country_points`) and derives
first-level regions' from their populated places (`sitrep.geo.build.area_centre`); before, both
were the most central populated place (`representative_point`). UCDP GED codes an event it can place no finer than a country or a
first-level region (``where_prec`` 6 and 4) at that area's point, taken from GeoNames: those
distinct points, from the rows of the split (`sitrep.eval.splits.split_of`), are the gold this
script measures both derivations against (median distance, shares within 161 and 50 km).
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEVDATA = REPO.parent / "shared" / "devdata" / "ucdp_ged"
FILES = ("ged231_global_sample1000.csv", "ged191_syria_2016_2019.csv")
sys.path.insert(0, str(REPO / "src"))

from sitrep.eval.splits import split_of  # noqa: E402
from sitrep.geo import build  # noqa: E402
from sitrep.geo.context import distance_km  # noqa: E402

Point = tuple[float, float]
Derivation = Callable[[tuple[str, ...], list[Point]], Point | None]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="traindev", choices=["traindev", "test"])
    args = parser.parse_args()
    if not DEVDATA.is_dir():
        print(f"no development data at {DEVDATA}", file=sys.stderr)
        return 2
    sources = build._Sources()
    stems = build.StemFinder(build.read_lines(build.DATA_DIR / "admin_terms.txt"))
    next_id = build.read_countries(sources, 1)
    next_id = build.read_regions(sources, next_id, stems)
    build.read_cities(sources, next_id)
    by_country: dict[str, list[Point]] = defaultdict(list)
    by_region: dict[tuple[str, str], list[Point]] = defaultdict(list)
    for city in sources.cities:
        assert city.lat is not None and city.lon is not None and city.country
        by_country[city.country].append((city.lat, city.lon))
        if city.admin1_code:
            by_region[(city.country, city.admin1_code)].append((city.lat, city.lon))
    code_of = {build.alias_key(n): c.country for c in sources.countries for n in (c.name, *c.alternates)}
    region_keys = {
        (r.country, r.admin1_code): {build.alias_key(n) for n in (r.name, *r.names, *r.alternates)}
        for r in sources.regions
        if r.admin1_code
    }
    targets: dict[tuple[str, ...], tuple[Point, list[Point]]] = {}
    for file in FILES:
        with (DEVDATA / file).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                in_test = split_of("ucdp_ged", f"{file}:{row['id']}") == "test"
                if in_test != (args.split == "test"):
                    continue
                country = code_of.get(build.alias_key(row["country"].split(" (")[0]))
                if not country:
                    continue
                gold = (float(row["latitude"]), float(row["longitude"]))
                if row["where_prec"] == "6.0":
                    targets[("country", country)] = (gold, by_country[country])
                elif row["where_prec"] == "4.0" and row["adm_1"]:
                    region = _region(region_keys, country, row["adm_1"])
                    if region and by_region.get((country, region)):
                        targets[("admin1", country, region)] = (gold, by_region[(country, region)])
    build.read_country_points(sources)
    derivations: dict[str, Derivation] = {
        "median place (before)": lambda key, places: build.representative_point(places),
        "area centre": lambda key, places: build.area_centre(places),
        "countryinfo point (after, countries)": lambda key, places: (
            sources.country_points.get(key[1]) if key[0] == "country" else None
        ),
    }
    print(f"split: {args.split}\n")
    print("| UCDP GED area points | points | derivation | median km | ≤161 km | ≤50 km |")
    print("| --- | --- | --- | --- | --- | --- |")
    for kind in ("country", "admin1"):
        items = [(k, v) for k, v in targets.items() if k[0] == kind]
        for name, derive in derivations.items():
            km = [distance_km(gold, point) for key, (gold, places) in items if (point := derive(key, places))]
            if km:
                print(
                    f"| {kind} | {len(items)} | {name} | {statistics.median(km):.0f} "
                    f"| {sum(d <= 161 for d in km)} | {sum(d <= 50 for d in km)} |"
                )
    return 0


def _region(keys: dict[tuple[str | None, str | None], set[str]], country: str, name: str) -> str | None:
    """The admin1 code of a UCDP ``adm_1`` name ("Idlib governorate") in the country."""
    words = name.split()
    for cut in (name, " ".join(words[:-1])):
        key = build.alias_key(cut)
        for (code_country, code), names in keys.items():
            if code_country == country and key in names:
                return code
    return None


if __name__ == "__main__":
    sys.exit(main())
