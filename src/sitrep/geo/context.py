"""Choosing among the places a name may mean, given the document's other places.

In: the candidates of one name (`sitrep.geo.gazetteer.Candidate`, as the index holds them) and
a `PlaceContext`: the countries, first-level regions and points of the other places the
document names, and the outlet's country. Out: the candidate the name most likely means.

The rules, in order (each is a test in ``tests/geo/test_context.py``):

1. A country beats anything else of the same name ("Russia" is never Russia, Ohio) — unless a
   first-level region of that name lies in a country the document is about and the country of
   that name is named nowhere else ("Georgia" in an article about Atlanta and Alabama).
2. A city beats a first-level region of the same name when it lies in that region. Otherwise
   a region matched by its own name beats a city matched by an alternate one ("Maine" is not
   Des Plaines); of a city and a region only one of which lies in a country the document is
   about, that one wins ("Ontario" among Canadian places is the province, "Georgetown" among
   Kentucky's towns the town); else the city wins if it is a real city
   (``CITY_OVER_REGION_POPULATION``). A second-level region wins when nothing else fits, or
   when it lies in a country the document is about and the place otherwise chosen does not
   ("Bhojpur" among places in Bihar).
3. Within one kind, a score: the place's size (log population), a bonus for matching its own
   name rather than an alternate one, bonuses for lying in a country and in a first-level
   region the document names, a penalty growing with the distance to the nearest other place
   the document names, and a small bonus for the outlet's country. "London" in an article
   about Ontario is London, Ontario; "Edmonton" among north London boroughs is the London one.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sitrep.geo.gazetteer import Candidate

CITY_OVER_REGION_POPULATION = 50_000
"""A city this large beats a same-named region even when it lies outside that region."""
ALTERNATE_CITY_OVER_REGION_POPULATION = 1_000_000
"""A city known by an alternate name beats a region of that very name only when this large
("Bombay"); a smaller one does not ("Maine", an old name of Des Plaines, is the state)."""
VILLAGE_UNDER_REGION_POPULATION = 5_000
"""A village this small never beats a first-level region of its name, wherever the document is."""
PRIMARY_NAME_BONUS = 0.5
"""Score for matching a place's own name rather than an alternate: a factor of ~3 in population."""
COUNTRY_BONUS = 2.0
"""For lying in a country the document's other places are in: London, Ontario (346,000) then
beats London, England (8.9 million) in a Canadian article."""
REGION_BONUS = 1.0
"""For lying in a first-level region the document's other places are in."""
OUTLET_BONUS = 0.5
"""For lying in the outlet's country: a local paper's "Paris" is more often its own."""
NEAR_WEIGHT = 1.0
NEAR_SCALE_KM = 50.0
NEAR_CAP = 3.0
"""The distance penalty stops growing past ~50,000 km·scale: far is far."""
EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True, slots=True)
class PlaceContext:
    """What the rest of a document says about where it is."""

    countries: Mapping[str, float] = field(default_factory=dict)
    """Country code → how many of the document's other places are in it."""
    regions: Mapping[tuple[str, str], float] = field(default_factory=dict)
    """(country, admin1 code) → how many of the other places are in it."""
    points: Sequence[tuple[float, float]] = ()
    """Coordinates of the other places finer than a country."""
    outlet_country: str | None = None

    @property
    def empty(self) -> bool:
        return not (self.countries or self.regions or self.points or self.outlet_country)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def score(candidate: Candidate, context: PlaceContext, near: tuple[float, float] | None = None) -> float:
    """How likely the name means this candidate, in this context (higher is likelier)."""
    value = math.log10(candidate.population + 10) + (PRIMARY_NAME_BONUS if candidate.primary else 0.0)
    if candidate.country and context.countries.get(candidate.country):
        value += COUNTRY_BONUS
    if (
        candidate.country
        and candidate.admin1_code
        and context.regions.get((candidate.country, candidate.admin1_code))
    ):
        value += REGION_BONUS
    if context.outlet_country and candidate.country == context.outlet_country:
        value += OUTLET_BONUS
    if candidate.lat is not None and candidate.lon is not None and candidate.kind != "country":
        here = (candidate.lat, candidate.lon)
        points = [near] if near is not None else list(context.points)
        if points:
            nearest = min(distance_km(here, p) for p in points)
            value -= NEAR_WEIGHT * min(NEAR_CAP, math.log10(1 + nearest / NEAR_SCALE_KM))
    return value


def best(
    pool: Sequence[Candidate], context: PlaceContext, near: tuple[float, float] | None = None
) -> Candidate:
    """The highest-scoring candidate; a region that is itself a city comes after true regions
    (asked for a region, "Almaty" means Almaty Region, not the city's own first-level unit)."""
    return max(pool, key=lambda c: (not c.is_city_region, score(c, context, near)))


def choose(
    found: Sequence[Candidate],
    context: PlaceContext | None = None,
    *,
    near: tuple[float, float] | None = None,
    prefer: str | None = None,
) -> Candidate:
    """The candidate a name most likely means (rules 1–3 of the module docstring)."""
    context = context or PlaceContext()
    if prefer:
        preferred = [c for c in found if c.kind == prefer]
        if preferred:
            return best(preferred, context, near)
    countries = [c for c in found if c.kind == "country"]
    regions = [c for c in found if c.kind == "admin1"]
    if countries:
        country = best(countries, context, near)
        named_elsewhere = bool(country.country and context.countries.get(country.country))
        local = [r for r in regions if r.country and context.countries.get(r.country)]
        if local and not named_elsewhere:
            return best(local, context, near)
        return country
    cities = [c for c in found if c.kind == "city"]
    chosen = best(cities or regions or list(found), context, near)
    if cities and regions:
        city, region = chosen, best(regions, context, near)
        chosen = _city_or_region(city, region, context)
    districts = [c for c in found if c.kind == "admin2"]
    if districts and chosen.kind != "admin2":
        # "Bhojpur" among places in Bihar is the Indian district, not the Nepalese town
        district = best(districts, context, near)
        if _is_local(district, context) and not _is_local(chosen, context):
            return district
    return chosen


def _is_local(candidate: Candidate, context: PlaceContext) -> bool:
    """Whether the candidate lies in a country the document's other places are in."""
    return bool(candidate.country and context.countries.get(candidate.country))


def _city_or_region(city: Candidate, region: Candidate, context: PlaceContext) -> Candidate:
    """Rule 2: the city or the first-level region of one name."""
    if region.primary and not city.primary and city.population < ALTERNATE_CITY_OVER_REGION_POPULATION:
        return region  # "Maine" is the state, not Des Plaines (once "Maine"); "Bihar" not Bihar Sharif
    if (city.country, city.admin1_code) == (region.country, region.admin1_code):
        return city
    if city.population < VILLAGE_UNDER_REGION_POPULATION and not region.is_city_region:
        return region  # "Chechnya" is the Russian republic, not the Ukrainian village of 1,350
    region_local, city_local = _is_local(region, context), _is_local(city, context)
    if region_local != city_local:
        # "Ontario" in an article about Toronto is the province, not the Californian city;
        # "Georgetown" among Kentucky's towns is the town, not George Town in the Cayman Islands
        return city if city_local else region
    return city if city.population >= CITY_OVER_REGION_POPULATION else region


_GENERIC_TLDS = frozenset({"tv", "io", "co", "me", "fm", "ai", "cc", "ws", "to", "ly", "am", "gg", "eu"})
"""Country-code domains used as generic ones ("youtu.be" aside): they say nothing of the outlet."""
_TLD_COUNTRY = {"uk": "GB"}


def outlet_country(outlet: str | None, url: str | None = None) -> str | None:
    """The country an outlet's web address names ("fr.de" → DE, "bbc.co.uk" → GB), else None."""
    for value in (url, outlet):
        if not value:
            continue
        host = value.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0].strip().lower().rstrip(".")
        if "." not in host:
            continue
        tld = host.rsplit(".", 1)[1]
        if len(tld) == 2 and tld.isalpha() and tld not in _GENERIC_TLDS:
            return _TLD_COUNTRY.get(tld, tld.upper())
    return None
