"""Each rule that chooses among the places a name may mean, on a small invented world."""

from __future__ import annotations

import pytest

from sitrep.geo.context import PlaceContext, choose, outlet_country
from sitrep.geo.gazetteer import Candidate


def place(
    kind: str,
    name: str,
    country: str,
    population: int,
    *,
    admin1: str | None = None,
    at: tuple[float, float] = (0.0, 0.0),
    primary: bool = True,
    subtype: str | None = None,
) -> Candidate:
    return Candidate(
        kind=kind,
        geonames_id=hash((kind, name, country, admin1)) % 10**7,
        name=name,
        country=country,
        country_name=None,
        admin1_code=admin1,
        admin1=admin1,
        lat=at[0],
        lon=at[1],
        population=population,
        is_capital=False,
        primary=primary,
        subtype=subtype,
    )


# Veloria (VL) and Ostria (OS), each with a town called Marrow; Ostria has a region Keld.
VELORIA = place("country", "Veloria", "VL", 9_000_000, at=(40.0, 10.0))
VELORIA_VILLAGE = place("city", "Veloria", "OS", 900, admin1="03", at=(50.0, 20.0))
KELD_REGION = place("admin1", "Keld", "OS", 3_000_000, admin1="07", at=(52.0, 22.0))
KELD_COUNTRY = place("country", "Keld", "KL", 4_000_000, at=(10.0, 60.0))
MARROW_BIG = place("city", "Marrow", "VL", 2_000_000, admin1="01", at=(40.5, 10.5))
MARROW_SMALL = place("city", "Marrow", "OS", 300_000, admin1="07", at=(52.1, 22.1))


def test_a_country_beats_a_village_of_its_name() -> None:
    assert choose([VELORIA_VILLAGE, VELORIA]) == VELORIA
    assert choose([VELORIA_VILLAGE, VELORIA], PlaceContext(countries={"OS": 3})) == VELORIA


def test_a_region_of_a_country_the_document_is_about_beats_a_country_named_nowhere_else() -> None:
    assert choose([KELD_COUNTRY, KELD_REGION]) == KELD_COUNTRY
    about_ostria = PlaceContext(countries={"OS": 2})
    assert choose([KELD_COUNTRY, KELD_REGION], about_ostria) == KELD_REGION
    both = PlaceContext(countries={"OS": 2, "KL": 1})
    assert choose([KELD_COUNTRY, KELD_REGION], both) == KELD_COUNTRY


def test_the_larger_place_wins_without_context() -> None:
    assert choose([MARROW_SMALL, MARROW_BIG]) == MARROW_BIG


def test_the_documents_country_and_region_steer_an_ambiguous_name() -> None:
    assert choose([MARROW_BIG, MARROW_SMALL], PlaceContext(countries={"OS": 1})) == MARROW_SMALL
    assert choose([MARROW_BIG, MARROW_SMALL], PlaceContext(regions={("OS", "07"): 1})) == MARROW_SMALL


def test_nearness_to_the_documents_other_places_steers_it() -> None:
    near_small = PlaceContext(points=((52.2, 22.3),))
    assert choose([MARROW_BIG, MARROW_SMALL], near_small) == MARROW_SMALL
    assert choose([MARROW_BIG, MARROW_SMALL], near=(52.2, 22.3)) == MARROW_SMALL


def test_the_outlets_country_tips_a_close_call() -> None:
    twin_a = place("city", "Tarn", "VL", 100_000, admin1="01")
    twin_b = place("city", "Tarn", "OS", 120_000, admin1="02")
    assert choose([twin_a, twin_b]) == twin_b
    assert choose([twin_a, twin_b], PlaceContext(outlet_country="VL")) == twin_a


def test_the_own_name_counts_more_than_an_alternate_name() -> None:
    own = place("city", "Lisk", "VL", 100_000, admin1="01")
    alternate = place("city", "Old Lisk", "OS", 200_000, admin1="02", primary=False)
    assert choose([alternate, own]) == own


def test_a_city_beats_its_own_region_and_a_region_beats_a_far_small_town() -> None:
    city = place("city", "Keld", "OS", 2_000_000, admin1="07")
    assert choose([KELD_REGION, city]) == city
    hamlet = place("city", "Keld", "VL", 2_000, admin1="01")
    assert choose([KELD_REGION, hamlet]) == KELD_REGION


def test_a_region_of_the_documents_country_beats_a_big_city_abroad() -> None:
    abroad = place("city", "Keld", "VL", 175_000, admin1="01")
    assert choose([KELD_REGION, abroad]) == abroad
    assert choose([KELD_REGION, abroad], PlaceContext(countries={"OS": 2})) == KELD_REGION


def test_a_preferred_kind_is_taken_when_there_is_one() -> None:
    assert choose([MARROW_BIG, KELD_REGION], prefer="admin1") == KELD_REGION
    assert choose([MARROW_BIG], prefer="admin1") == MARROW_BIG


@pytest.mark.parametrize(
    ("outlet", "url", "country"),
    [
        ("fr.de", None, "DE"),
        (None, "https://www.bbc.co.uk/news/world-123", "GB"),
        ("Velorian Times", "https://times.example.com/a", None),
        ("stream.tv", None, None),
        (None, None, None),
    ],
)
def test_outlet_country_comes_from_the_web_address(
    outlet: str | None, url: str | None, country: str | None
) -> None:
    assert outlet_country(outlet, url) == country


def test_a_region_by_its_own_name_beats_a_city_by_an_alternate_one() -> None:
    # "Maine" is the state, not Des Plaines, once called Maine; a city of a million may win
    state = place("admin1", "Orla", "VL", 1_300_000, admin1="05", at=(44.0, 12.0))
    renamed = place("city", "Orla", "VL", 60_000, admin1="02", at=(41.0, 11.0), primary=False)
    assert choose([state, renamed], PlaceContext(countries={"VL": 3})) == state
    metropolis = place("city", "Orla", "VL", 2_000_000, admin1="02", at=(41.0, 11.0), primary=False)
    assert choose([state, metropolis], PlaceContext(countries={"VL": 3})) == metropolis


def test_of_a_city_and_a_region_the_one_in_the_documents_country_wins() -> None:
    # "Georgetown" among Kentucky's towns is the town, not George Town in the Cayman Islands
    town = place("city", "Tolm", "VL", 30_000, admin1="01", at=(40.2, 10.2))
    islands = place("admin1", "Tolm", "KL", 40_000, admin1="02", at=(10.0, 60.0))
    assert choose([town, islands], PlaceContext(countries={"VL": 4})) == town
    assert choose([town, islands], PlaceContext(countries={"KL": 4})) == islands


def test_a_district_in_the_documents_country_beats_a_town_abroad() -> None:
    # "Bhojpur" among places in Bihar is the district, not the town in Nepal
    district = place("admin2", "Brack", "OS", 400_000, admin1="07", at=(52.3, 22.3))
    town = place("city", "Brack", "KL", 3_000, admin1="01", at=(10.0, 60.0))
    assert choose([district, town], PlaceContext(countries={"OS": 3})) == district
    assert choose([district, town], PlaceContext(countries={"KL": 3})) == town


def test_a_village_never_beats_a_region_of_its_name_even_in_the_documents_country() -> None:
    # "Chechnya" in an article about Ukraine: the Russian republic, not a Ukrainian village
    region = place("admin1", "Keldskaya Respublika", "OS", 900_000, admin1="01", primary=False)
    village = place("city", "Keld", "VL", 1_350, admin1="02")
    context = PlaceContext(countries={"VL": 3.0})
    assert choose([region, village], context) == region
    town = place("city", "Keld", "VL", 30_000, admin1="02")
    assert choose([region, town], context) == town
