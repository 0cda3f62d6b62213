"""The gazetteer: names, aliases and demonyms resolved against the GeoNames index."""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import statistics
import threading
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from sitrep.config import Settings, user_cache_dir
from sitrep.errors import ResourceError
from sitrep.geo import gazetteer as gazetteer_module
from sitrep.geo.build import (
    DATA_DIR,
    BuildStats,
    alias_key,
    area_centre,
    data_version,
    read_lines,
    remove_abandoned_builds,
    representative_point,
    select_notable_aliases,
    skeleton,
)
from sitrep.geo.gazetteer import (
    GEONAMES_CREDIT,
    Gazetteer,
    distance_km,
    index_path,
)

ALMATY = 1526384
ALMATY_REGION = 1537162
ASTANA = 1526273
KAZAKHSTAN = 1522867
KAZAKHSTAN_VILLAGE = 1529689
PARIS_FRANCE = 2988507
PARIS_TEXAS = 4717560
SPRINGFIELD_MISSOURI = 4409896
SPRINGFIELD_MASSACHUSETTS = 4951788


# ---------------------------------------------------------------------------------------------
# Normalisation (no index needed)


@pytest.mark.parametrize(
    "variant",
    ["Nur-Sultan", "Nur Sultan", "nur sultan", "NUR–SULTAN", "  Nur  -  Sultan ", "NurSultan", "Nur‐Sultán"],
)
def test_spellings_of_one_name_share_a_key(variant: str) -> None:
    assert alias_key(variant) == "nursultan"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("St. Petersburg", "Saint Petersburg"),
        ("Côte d’Ivoire", "Cote d'Ivoire"),
        ("The Hague", "Hague"),
        ("U.S.", "US"),
        ("Almatý", "Almaty"),
        ("Łódź", "Lodz"),
        ("Trinidad & Tobago", "Trinidad and Tobago"),
    ],
)
def test_normalisation_ignores_accents_abbreviations_and_punctuation(one: str, other: str) -> None:
    assert alias_key(one) == alias_key(other)


def test_different_names_keep_different_keys() -> None:
    assert alias_key("Almaty") != alias_key("Astana")
    assert alias_key("") == ""
    assert alias_key(" - ") == ""


def test_skeleton_groups_spellings_across_languages() -> None:
    assert skeleton(alias_key("Nur-Sultan")) == skeleton(alias_key("Nour-Soultan"))
    assert skeleton(alias_key("Akmola")) == skeleton(alias_key("Aqmola"))
    assert skeleton(alias_key("Akmola")) != skeleton(alias_key("Astana"))


def test_notable_aliases_drop_respellings_of_the_own_name() -> None:
    # an invented town: two respellings of its own name and one older, different name
    notable = select_notable_aliases(
        "Velikograd", ["Velikohrad", "Velikogradas", "Stary Most", "Starii Most"]
    )
    assert notable == ("Stary Most",)


def test_demonym_table_covers_the_world() -> None:
    rows = [line.split("\t") for line in read_lines(DATA_DIR / "country_names.tsv")][1:]
    codes = [row[0] for row in rows]
    assert len(rows) >= 200
    assert len(codes) == len(set(codes))
    assert all(len(code) == 2 and code.isupper() for code in codes)
    assert sum(1 for row in rows if row[2].strip()) >= 200


def test_user_cache_dir_follows_xdg(tmp_path: Path) -> None:
    assert user_cache_dir({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "sitrep"
    assert user_cache_dir({}) == Path.home() / ".cache" / "sitrep"
    assert Settings().index_dir == Path.home() / ".cache" / "sitrep"
    assert Settings(cache_dir=tmp_path).index_dir == tmp_path


def test_credit_names_geonames_and_licence() -> None:
    assert "GeoNames" in GEONAMES_CREDIT
    assert "CC BY 4.0" in GEONAMES_CREDIT
    assert "GeoNames" in (gazetteer_module.__doc__ or "")


# ---------------------------------------------------------------------------------------------
# Resolution


def test_almaty_is_the_city(gazetteer: Gazetteer) -> None:
    place = gazetteer.resolve("Almaty")
    assert place is not None
    assert place.geonames_id == ALMATY
    assert place.precision == "city"
    assert (place.country, place.country_name, place.admin1) == ("KZ", "Kazakhstan", "Almaty")
    assert place.lat is not None and place.lon is not None
    assert distance_km((place.lat, place.lon), (43.25, 76.92)) < 5


def test_former_name_resolves_to_the_same_city(gazetteer: Gazetteer) -> None:
    place = gazetteer.resolve("Alma-Ata")
    assert place is not None and place.geonames_id == ALMATY
    assert "Alma-Ata" in place.aliases


def test_nur_sultan_is_astana(gazetteer: Gazetteer) -> None:
    place = gazetteer.resolve("Nur-Sultan")
    assert place is not None
    assert place.geonames_id == ASTANA
    assert place.name == "Astana"
    assert {"Nur-Sultan", "Akmola"} <= set(place.aliases)
    assert all(alias.isascii() for alias in place.aliases[:2])


@pytest.mark.parametrize("variant", ["nur sultan", "NUR SULTAN", " Nur–Sultan ", "Nursultan"])
def test_spelling_variants_resolve(gazetteer: Gazetteer, variant: str) -> None:
    place = gazetteer.resolve(variant)
    assert place is not None and place.geonames_id == ASTANA


def test_a_country_beats_a_same_named_village(gazetteer: Gazetteer) -> None:
    candidates = gazetteer.candidates("Kazakhstan")
    assert [c.geonames_id for c in candidates] == [KAZAKHSTAN, KAZAKHSTAN_VILLAGE]
    assert candidates[1].kind == "city" and candidates[1].population < 5000
    place = gazetteer.resolve("Kazakhstan")
    assert place is not None
    assert (place.precision, place.country, place.geonames_id) == ("country", "KZ", KAZAKHSTAN)
    assert place.admin1 is None


def test_candidates_come_countries_then_regions_then_cities_by_population(gazetteer: Gazetteer) -> None:
    candidates = gazetteer.candidates("Almaty")
    kinds = [c.kind for c in candidates]
    assert kinds == sorted(kinds, key=("country", "admin1", "city").index)
    cities = [c.population for c in candidates if c.kind == "city"]
    assert cities == sorted(cities, reverse=True)
    assert {ALMATY, ALMATY_REGION} <= {c.geonames_id for c in candidates}
    assert gazetteer.candidates("Xylophonia Nowhere") == []


def test_city_beats_its_region_unless_a_region_is_wanted(gazetteer: Gazetteer) -> None:
    city = gazetteer.resolve("Almaty")
    region = gazetteer.resolve("Almaty", prefer="admin1")
    assert city is not None and city.geonames_id == ALMATY
    assert region is not None
    assert (region.geonames_id, region.precision) == (ALMATY_REGION, "admin1")
    assert "Almaty Region" in region.aliases


@pytest.mark.parametrize(
    ("phrase", "geonames_id"),
    [("Almaty Region", ALMATY_REGION), ("Karaganda oblast", 1523401), ("Pavlodar region", 1520239)],
)
def test_region_phrases_resolve_to_regions(gazetteer: Gazetteer, phrase: str, geonames_id: int) -> None:
    place = gazetteer.resolve(phrase)
    assert place is not None
    assert (place.geonames_id, place.precision, place.country) == (geonames_id, "admin1", "KZ")


def test_a_district_phrase_is_the_district_of_its_stem(gazetteer: Gazetteer) -> None:
    # GeoNames spells the district Puruliya; "Purulia" is an alternate name of it and its town
    place = gazetteer.resolve("Purulia District")
    assert place is not None
    assert (place.geonames_id, place.precision, place.country) == (1259164, "admin2", "IN")


def test_a_generic_word_of_an_unknown_name_is_no_place(gazetteer: Gazetteer) -> None:
    # "The Village" is a town in Oklahoma; "Zorvekh village" is an unknown village, not it
    assert gazetteer.resolve("Zorvekh village") is None
    assert gazetteer.resolve("Zorvekh District") is None


def test_a_region_beats_same_named_villages(gazetteer: Gazetteer) -> None:
    assert any(c.kind == "city" for c in gazetteer.candidates("Texas"))
    place = gazetteer.resolve("Texas")
    assert place is not None and (place.precision, place.country) == ("admin1", "US")


def test_country_hint_picks_the_place_in_that_country(gazetteer: Gazetteer) -> None:
    default = gazetteer.resolve("Paris")
    assert default is not None and default.geonames_id == PARIS_FRANCE
    for hint in ("US", "United States", "American", "usa"):
        place = gazetteer.resolve("Paris", country=hint)
        assert place is not None and place.geonames_id == PARIS_TEXAS, hint
        assert place.admin1 == "Texas"
    unmatched = gazetteer.resolve("Paris", country="KZ")
    assert unmatched is not None and unmatched.geonames_id == PARIS_FRANCE


def test_population_breaks_ties_and_nearness_overrides_it(gazetteer: Gazetteer) -> None:
    largest = gazetteer.resolve("Springfield")
    assert largest is not None and largest.geonames_id == SPRINGFIELD_MISSOURI
    near_boston = gazetteer.resolve("Springfield", near=(42.36, -71.06))
    assert near_boston is not None and near_boston.geonames_id == SPRINGFIELD_MASSACHUSETTS


def test_prefer_must_be_a_kind(gazetteer: Gazetteer) -> None:
    with pytest.raises(ValueError, match="prefer"):
        gazetteer.resolve("Almaty", prefer="town")


def test_unknown_and_empty_names_resolve_to_nothing(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("Xylophonia Nowhere") is None
    assert gazetteer.resolve("   ") is None
    assert gazetteer.resolve("--") is None


# ---------------------------------------------------------------------------------------------
# Countries, capitals, demonyms


@pytest.mark.parametrize("country", ["KZ", "KAZ", "Kazakhstan", "kazakhstan", "Kazakh"])
def test_capital_of_kazakhstan_is_astana(gazetteer: Gazetteer, country: str) -> None:
    capital = gazetteer.capital_of(country)
    assert capital is not None
    assert capital.geonames_id == ASTANA
    assert "Nur-Sultan" in capital.aliases


def test_capitals_are_flagged(gazetteer: Gazetteer) -> None:
    astana = gazetteer.resolve_candidate("Astana")
    almaty = gazetteer.resolve_candidate("Almaty")
    assert astana is not None and astana.is_capital
    assert almaty is not None and not almaty.is_capital
    capital = gazetteer.capital_of("Armenia")
    assert capital is not None and capital.name == "Yerevan"
    assert gazetteer.capital_of("Atlantis") is None


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("Kazakh", "KZ"),
        ("Kazakhs", "KZ"),
        ("Russian", "RU"),
        ("Armenian", "AM"),
        ("North Korean", "KP"),
        ("British", "GB"),
        ("Côte d'Ivoire", "CI"),
        ("US", "US"),
        ("U.S.", "US"),
        ("USA", "US"),
        ("United States", "US"),
        ("GBR", "GB"),
    ],
)
def test_country_codes_from_names_codes_and_demonyms(gazetteer: Gazetteer, word: str, code: str) -> None:
    assert gazetteer.country_code(word) == code
    place = gazetteer.country(word)
    assert place is not None and (place.country, place.precision) == (code, "country")


def test_a_demonym_resolves_to_its_country_not_a_same_named_town(gazetteer: Gazetteer) -> None:
    assert any(c.kind == "city" for c in gazetteer.candidates("Kazakh"))
    place = gazetteer.resolve("Kazakh")
    assert place is not None and (place.precision, place.country) == ("country", "KZ")
    assert gazetteer.demonym_country("Kazakh") == "KZ"
    assert gazetteer.demonym_country("Almaty") is None


def test_eu_is_not_a_country(gazetteer: Gazetteer) -> None:
    assert gazetteer.country_code("EU") is None
    assert gazetteer.country("EU") is None
    assert gazetteer.resolve("EU") is None
    assert gazetteer.resolve("US") is not None


# ---------------------------------------------------------------------------------------------
# is_place_name


@pytest.mark.parametrize(
    "word", ["Mobile", "Nice", "Bath", "Of", "Police", "Along", "Most", "Reading", "Central"]
)
def test_common_words_are_not_place_names(gazetteer: Gazetteer, word: str) -> None:
    assert gazetteer.candidates(word), f"{word} should be in GeoNames for this test to mean anything"
    assert not gazetteer.is_place_name(word)


@pytest.mark.parametrize("word", ["EU", "CSTO", "Kazakh", "Facebook", "", "x"])
def test_acronyms_demonyms_and_others_are_not_place_names(gazetteer: Gazetteer, word: str) -> None:
    assert not gazetteer.is_place_name(word)


@pytest.mark.parametrize(
    "word",
    ["Almaty", "Alma-Ata", "Nur-Sultan", "Kazakhstan", "Armenia", "US", "U.S.", "Almaty Region", "Texas"],
)
def test_known_places_are_place_names(gazetteer: Gazetteer, word: str) -> None:
    assert gazetteer.is_place_name(word)


@pytest.mark.parametrize("word", ["Tape", "Okay", "VII"])
def test_stray_alternate_names_are_not_place_names(gazetteer: Gazetteer, word: str) -> None:
    # "Tape" is an alternate name of Szeged, "Okay" of Les Cayes, "VII" of a Philippine region
    assert gazetteer.candidates(word)
    assert not gazetteer.is_place_name(word)


def test_villages_are_not_place_names(gazetteer: Gazetteer) -> None:
    # "Sovkhoz Kazakhstan" is only an alternate name of the village of 3,050
    assert gazetteer.candidates("Sovkhoz Kazakhstan")
    assert not gazetteer.is_place_name("Sovkhoz Kazakhstan")


# ---------------------------------------------------------------------------------------------
# Cache, concurrency, speed


def test_index_file_carries_the_data_version(gazetteer: Gazetteer, gazetteer_cache: Path) -> None:
    version = data_version()
    assert gazetteer.version == version
    assert gazetteer.path == index_path(gazetteer_cache, version)
    assert version in gazetteer.path.name
    assert not list(gazetteer_cache.glob("*.tmp")), "a build leaves no temporary file behind"


def test_second_open_reuses_the_cache(gazetteer_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = index_path(gazetteer_cache, data_version())
    before = path.stat().st_mtime_ns

    def refuse(*args: object) -> BuildStats:
        raise AssertionError("the index was rebuilt")

    monkeypatch.setattr(gazetteer_module, "build_index", refuse)
    with Gazetteer.open(gazetteer_cache) as again:
        assert again.resolve("Almaty") is not None
    assert path.stat().st_mtime_ns == before


def copy_builder(source: Path, calls: list[Path]) -> Callable[..., BuildStats]:
    """A stand-in for `build_index` that copies a built index instead of building it again."""

    def build(target: Path, version: str | None = None) -> BuildStats:
        calls.append(target)
        tmp = target.with_name(target.name + ".tmp")
        shutil.copyfile(source, tmp)
        with closing(sqlite3.connect(tmp)) as conn, conn:
            conn.execute("UPDATE meta SET value = ? WHERE key = 'version'", (version,))
        tmp.replace(target)
        return BuildStats(target, version or "", 0, 0, 0.0, target.stat().st_size)

    return build


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_corrupt_cache_is_rebuilt_with_a_warning(
    gazetteer: Gazetteer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    damage: str,
) -> None:
    target = index_path(tmp_path, data_version())
    if damage == "garbage":
        target.write_bytes(b"this is not an index" * 100)
    else:
        target.write_bytes(gazetteer.path.read_bytes()[: 4096 * 10])
    calls: list[Path] = []
    monkeypatch.setattr(gazetteer_module, "build_index", copy_builder(gazetteer.path, calls))
    with caplog.at_level(logging.WARNING, logger="sitrep.geo.gazetteer"), Gazetteer.open(tmp_path) as rebuilt:
        place = rebuilt.resolve("Nur-Sultan")
    assert calls == [target]
    assert place is not None and place.geonames_id == ASTANA
    assert any("rebuilding" in r.getMessage() and r.levelno == logging.WARNING for r in caplog.records)


def test_a_new_data_version_builds_a_new_index(
    gazetteer: Gazetteer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = index_path(tmp_path, gazetteer.version)
    shutil.copyfile(gazetteer.path, old)
    calls: list[Path] = []
    monkeypatch.setattr(gazetteer_module, "build_index", copy_builder(gazetteer.path, calls))
    monkeypatch.setattr(gazetteer_module, "data_version", lambda: "v1-newdata")
    with Gazetteer.open(tmp_path) as fresh:
        assert fresh.version == "v1-newdata"
        assert fresh.path == index_path(tmp_path, "v1-newdata") != old
    assert calls == [index_path(tmp_path, "v1-newdata")]
    assert old.exists()


def test_an_index_of_another_version_is_refused(gazetteer: Gazetteer) -> None:
    with pytest.raises(ResourceError, match="another version"):
        Gazetteer(gazetteer.path, "v1-newdata")


def test_lookups_are_fast(gazetteer: Gazetteer) -> None:
    for name in ("Almaty", "Nur-Sultan", "Springfield", "Xylophonia"):
        timings = []
        for _ in range(50):
            started = time.perf_counter()
            gazetteer.resolve(name)
            timings.append(time.perf_counter() - started)
        assert statistics.median(timings) < 0.001, name


def test_one_gazetteer_serves_many_threads(gazetteer: Gazetteer) -> None:
    names = ["Almaty", "Nur-Sultan", "Kazakhstan", "Paris", "Texas", "Alma-Ata"] * 20
    expected = {name: gazetteer.resolve(name) for name in set(names)}
    results: dict[int, list[tuple[str, object]]] = {}

    def work(worker: int) -> None:
        results[worker] = [(name, gazetteer.resolve(name)) for name in names]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4
    for answers in results.values():
        assert all(place == expected[name] for name, place in answers)


def test_abandoned_build_files_are_removed(tmp_path: Path) -> None:
    target = tmp_path / "gazetteer-v1-x.sqlite3"
    old = tmp_path / f".{target.name}.abc123.tmp"
    recent = tmp_path / f".{target.name}.def456.tmp"
    old.write_bytes(b"half an index")
    recent.write_bytes(b"a build in progress")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    remove_abandoned_builds(target)
    assert not old.exists()
    assert recent.exists()


def test_settings_choose_the_cache_folder(gazetteer_cache: Path) -> None:
    with Gazetteer.from_settings(Settings(cache_dir=gazetteer_cache)) as opened:
        assert opened.path.parent == gazetteer_cache


# ---------------------------------------------------------------------------------------------
# Abbreviations, districts and a document's places together


@pytest.mark.parametrize(
    ("written", "region"), [("Ky.", "Kentucky"), ("B.C.", "British Columbia"), ("Ont.", "Ontario")]
)
def test_written_region_abbreviations_name_their_region(
    gazetteer: Gazetteer, written: str, region: str
) -> None:
    assert gazetteer.is_place_name(written)
    place = gazetteer.resolve(written)
    assert place is not None and place.name == region and place.precision == "admin1"


def test_second_level_regions_are_in_the_index(gazetteer: Gazetteer) -> None:
    place = gazetteer.resolve("Greater London")
    assert place is not None and place.precision == "admin2" and place.country == "GB"
    assert place.lat is not None and abs(place.lat - 51.5) < 0.5


def test_a_documents_places_steer_each_other(gazetteer: Gazetteer) -> None:
    london, ontario, _ = gazetteer.resolve_names(["London", "Ontario", "Toronto"])
    assert london is not None and london.country == "CA"
    assert ontario is not None and ontario.kind == "admin1" and ontario.country == "CA"
    alone = gazetteer.resolve_names(["London"])[0]
    assert alone is not None and alone.country == "GB"
    edmonton = gazetteer.resolve_names(["Edmonton", "Enfield", "Tottenham"])[0]
    assert edmonton is not None and edmonton.country == "GB"
    georgia = gazetteer.resolve_names(["Georgia", "Atlanta", "Alabama"])[0]
    assert georgia is not None and georgia.kind == "admin1" and georgia.country == "US"
    russia = gazetteer.resolve_names(["Russia", "Ohio", "Cleveland"])[0]
    assert russia is not None and russia.kind == "country"


def test_small_towns_count_only_when_asked(gazetteer: Gazetteer) -> None:
    # Tremseh, a Syrian village of about 7,000
    assert any(c.kind == "city" and 1_000 <= c.population < 15_000 for c in gazetteer.candidates("Tremseh"))
    assert not gazetteer.is_place_name("Tremseh")
    assert gazetteer.is_place_name("Tremseh", min_population=1_000)


def test_an_arabic_article_may_be_left_out(gazetteer: Gazetteer) -> None:
    raqqa = gazetteer.resolve("Al-Raqqah")
    assert raqqa is not None and raqqa.country == "SY" and gazetteer.is_place_name("al-Raqqa")
    assert gazetteer.resolve("Al-Xyzzyqq") is None


def test_alternate_names_of_towns_count_only_when_asked(gazetteer: Gazetteer) -> None:
    assert not gazetteer.is_place_name("Der-Ezzor")
    assert gazetteer.is_place_name("Der-Ezzor", alternate_min_population=50_000)


def test_a_span_drawn_too_wide_resolves_by_its_known_part(gazetteer: Gazetteer) -> None:
    place = gazetteer.resolve("Kandahar Raids")
    assert place is not None and place.country == "AF"
    assert gazetteer.resolve("Quarterly Review") is None


def test_an_areas_centre_follows_its_land_not_its_crowds() -> None:
    # a crowded west (fifty towns in one cell) and an empty east (one town a cell)
    west = [(50.0 + i * 0.001, 0.1 + i * 0.001) for i in range(50)]
    east = [(50.2, 1.0 + lon) for lon in range(1, 10)]
    centre = area_centre(west + east)
    assert centre is not None and 4.0 < centre[1] < 6.0
    median = representative_point(west + east)
    assert median is not None and median[1] < 1.0
    # across the antimeridian the centre stays between the two sides
    fiji = area_centre([(-17.0, 178.5), (-17.0, 179.5), (-17.0, -179.5)])
    assert fiji is not None and abs(fiji[1]) > 178
    assert area_centre([]) is None


@pytest.mark.parametrize(
    ("name", "country", "south", "west", "north", "east"),
    [
        ("Donbas", "UA", 47.0, 36.5, 50.2, 40.3),
        ("Sinai Peninsula", "EG", 27.7, 32.3, 31.4, 34.9),
        ("Mindanao", "PH", 5.0, 121.5, 10.0, 126.7),
        ("South Island", "NZ", -46.7, 166.4, -40.4, 174.5),
        ("Darfur", "SD", 9.5, 21.8, 20.0, 27.9),
    ],
)
def test_areas_of_several_regions_are_placed_within_them(
    gazetteer: Gazetteer, name: str, country: str, south: float, west: float, north: float, east: float
) -> None:
    # areas.tsv writes no coordinate: the point is the centre of the member regions' towns
    place = gazetteer.resolve(name)
    assert place is not None and place.country == country and place.precision == "admin1"
    assert place.geonames_id is None  # an area is no GeoNames feature: no invented id
    assert place.lat is not None and place.lon is not None
    assert south < place.lat < north and west < place.lon < east


def test_every_area_names_regions_the_gazetteer_holds(gazetteer: Gazetteer) -> None:
    rows = read_lines(DATA_DIR / "areas.tsv")
    header = next(rows).split("\t")
    assert header == ["name", "other names", "kind", "members"]
    for line in rows:
        name, _, _, members = line.split("\t")
        place = gazetteer.resolve(name)
        assert place is not None and place.name == name, name
        assert {m.split(".")[0] for m in members.split("|")} == {place.country}, name


def test_a_name_is_its_own_without_its_arabic_article(gazetteer: Gazetteer) -> None:
    # GeoNames writes Al Qāmishlī; text writes "Qamishli", and that is the town's own name
    qamishli = gazetteer.candidates("Qamishli")
    assert qamishli and qamishli[0].country == "SY" and qamishli[0].primary
    assert gazetteer.is_place_name("Qamishli")
    # but a part of a wider span is no place by its article-less name: "Jadid" is not Al Jadīd
    assert gazetteer.resolve("Jadid Bakarah") is None


def test_a_feature_word_is_no_known_part_of_a_wider_span(gazetteer: Gazetteer) -> None:
    # "the Kurds Mountain" (Jabal al-Akrad) is not The Mountain, Cayman Islands
    assert gazetteer.resolve("Mountain") is not None
    assert gazetteer.resolve("Kurds Mountain") is None
    hill = gazetteer.resolve("South Richmond Hill")  # a part that only ends in one still counts
    assert hill is not None and hill.name == "Richmond Hill"
