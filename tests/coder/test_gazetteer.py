"""The GeoNames gazetteer: name keys, resolution order, disambiguation, the cache file."""

from __future__ import annotations

import pickle
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coder import gazetteer as gazetteer_module
from coder.gazetteer import GAZETTEER_VERSION, Gazetteer, Place, cache_file, load_gazetteer
from coder.placenames import clean_admin_name, is_common_word, normalize, skeleton


@dataclass(frozen=True)
class Built:
    gazetteer: Gazetteer
    cache_dir: Path
    seconds: float


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    cache_dir = tmp_path_factory.mktemp("gazetteer-cache")
    started = time.perf_counter()
    gazetteer = load_gazetteer(cache_dir)
    return Built(gazetteer, cache_dir, time.perf_counter() - started)


@pytest.fixture(scope="session")
def gaz(built: Built) -> Gazetteer:
    return built.gazetteer


def near(place: Place | None, latitude: float, longitude: float, degrees: float = 0.05) -> bool:
    return (
        place is not None
        and abs(place.latitude - latitude) <= degrees
        and abs(place.longitude - longitude) <= degrees
    )


# -- name keys --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Tall Rif‘at", "tall rifat"),
        ("Deir ez-Zor", "deir ez zor"),
        ("Ḩamāh", "hamah"),
        ("Ma’rib", "marib"),
        ("  Saint-Étienne ", "saint etienne"),
        ("Łódź", "lodz"),
        ("Karbalāʼ", "karbala"),
        ("St. Louis", "st louis"),
    ],
)
def test_normalize_strips_accents_quotes_and_hyphens(raw: str, key: str) -> None:
    assert normalize(raw) == key


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Tel Rifaat", "Tall Rif'at"),
        ("Deir ez-Zor", "Dayr az Zawr"),
        ("Deir el-Zour", "Dayr az Zawr"),
        ("Kharkov", "Kharkiv"),
        ("Lugansk", "Luhansk"),
        ("Idleb", "Idlib"),
        ("Maarat al-Numan", "Ma‘arrat an Nu‘mān"),
        ("Hasakeh", "Al Hasakah"),
    ],
)
def test_transliteration_variants_share_a_skeleton(one: str, other: str) -> None:
    assert skeleton(normalize(one)) == skeleton(normalize(other)) != ""


def test_skeleton_keeps_distinct_names_apart_and_drops_short_ones() -> None:
    assert skeleton(normalize("Homs")) != skeleton(normalize("Hama"))
    assert skeleton(normalize("Idlib")) != skeleton(normalize("Dlib"))
    assert skeleton("dara") == ""
    assert skeleton("dara", min_letters=1) == "dr"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Zamfara State", "Zamfara"),
        ("Muhafazat Hadramaout", "Hadramaout"),
        ("Kharkivs’ka Oblast’", "Kharkiv"),
        ("Idlib Governorate", "Idlib"),
        ("Province of Aleppo", "Aleppo"),
        ("Región de Murcia", "Murcia"),
        ("District of Columbia", "District of Columbia"),
        ("Free State", "Free State"),
        ("Texas", "Texas"),
    ],
)
def test_clean_admin_name(raw: str, clean: str) -> None:
    assert clean_admin_name(raw) == clean


def test_common_words_but_not_acronyms() -> None:
    assert is_common_word("said")
    assert is_common_word("The")
    assert not is_common_word("US")
    assert not is_common_word("Aleppo")


@given(st.text(max_size=40))
def test_normalize_is_idempotent(text: str) -> None:
    assert normalize(normalize(text)) == normalize(text)


# -- lookups ----------------------------------------------------------------------------------


def test_tel_rifaat_resolves_in_aleppo(gaz: Gazetteer) -> None:
    place = gaz.lookup("Tel Rifaat", "SYR")
    assert place is not None
    assert (place.iso3, place.admin1, place.feature, place.geo_precision) == ("SYR", "Aleppo", "PPL", 1)
    assert near(place, 36.47, 37.09)
    assert gaz.lookup("Tall Rif'at") == place


@pytest.mark.parametrize(("name", "governorate"), [("Hama", "Hama"), ("Idlib", "Idlib")])
def test_syrian_cities_carry_their_governorate(gaz: Gazetteer, name: str, governorate: str) -> None:
    place = gaz.lookup(name)
    assert place is not None
    assert (place.country, place.iso3, place.iso2, place.admin1, place.feature) == (
        "Syria",
        "SYR",
        "SY",
        governorate,
        "PPL",
    )


def test_prefer_admin1_picks_the_governorate(gaz: Gazetteer) -> None:
    place = gaz.lookup("Idlib", "SYR", prefer_admin1=True)
    assert place is not None
    assert (place.feature, place.geo_precision, place.name, place.admin1) == ("ADM1", 3, "Idlib", "Idlib")
    assert near(place, 35.93, 36.63)  # placed at its most populous place, Idlib city


@pytest.mark.parametrize("spelling", ["Deir ez-Zor", "Dayr az Zawr", "Deir el-Zour"])
def test_deir_ez_zor_spellings(gaz: Gazetteer, spelling: str) -> None:
    place = gaz.lookup(spelling, "SYR")
    assert place is not None
    assert (place.iso3, place.admin1) == ("SYR", "Deir-ez-Zor")
    assert near(place, 35.34, 40.14)


def test_kharkov_is_kharkiv(gaz: Gazetteer) -> None:
    place = gaz.lookup("Kharkov")
    assert place is not None
    assert (place.name, place.iso3, place.admin1) == ("Kharkiv", "UKR", "Kharkiv")


def test_paris_without_and_with_a_hint(gaz: Gazetteer) -> None:
    france = gaz.lookup("Paris")
    texas = gaz.lookup("Paris", "USA")
    assert france is not None and (france.iso3, france.population > 1_000_000) == ("FRA", True)
    assert texas is not None and texas.iso3 == "USA" and texas.admin1 is not None


def test_springfield_in_the_us_is_the_biggest_one(gaz: Gazetteer) -> None:
    place = gaz.lookup("Springfield", "USA")
    assert place is not None
    assert place.iso3 == "USA"
    others = [p for p in gaz.candidates("Springfield", "USA", limit=50) if p.iso3 == "USA"]
    assert len(others) > 3
    assert place.population == max(p.population for p in others)


def test_lagos_is_in_nigeria(gaz: Gazetteer) -> None:
    place = gaz.lookup("Lagos")
    assert place is not None
    assert (place.iso3, place.admin1, place.feature) == ("NGA", "Lagos", "PPL")


@pytest.mark.parametrize("mention", ["Nowhereville Xyz", "said", "The", "the", "of", "", "  ", "?!"])
def test_junk_resolves_to_nothing(gaz: Gazetteer, mention: str) -> None:
    assert gaz.lookup(mention) is None
    assert gaz.lookup(mention, "SYR") is None
    assert gaz.candidates(mention) == []


@pytest.mark.parametrize(
    ("mention", "iso3"),
    [
        ("Syria", "SYR"),
        ("Ukraine", "UKR"),
        ("Mexico", "MEX"),
        ("Georgia", "GEO"),
        ("Democratic Republic of Congo", "COD"),
        ("Republic of Congo", "COG"),
        ("Syrian Arab Republic", "SYR"),
        ("US", "USA"),
    ],
)
def test_country_names_resolve_to_the_country(gaz: Gazetteer, mention: str, iso3: str) -> None:
    place = gaz.lookup(mention)
    assert place is not None
    assert (place.feature, place.geo_precision, place.iso3) == ("PCLI", 3, iso3)
    capital = gaz.country(iso3)
    assert capital is not None and place.admin1 == capital.admin1  # the capital's region


def test_country_by_code_sits_at_the_capital(gaz: Gazetteer) -> None:
    syria = gaz.country("SYR")
    assert syria is not None
    assert (syria.name, syria.iso2, syria.feature, syria.geonames_id) == ("Syria", "SY", "PCLI", 163843)
    assert near(syria, 33.51, 36.29)  # Damascus
    assert gaz.country("syr") == syria
    assert gaz.country("XXX") is None


def test_hint_picks_the_namesake_at_home(gaz: Gazetteer) -> None:
    georgia = gaz.lookup("Georgia", "USA")
    assert georgia is not None and (georgia.iso3, georgia.feature) == ("USA", "ADM1")


def test_country_names_beat_home_towns_but_not_home_regions(gaz: Gazetteer) -> None:
    lebanon = gaz.lookup("Lebanon", "USA")
    assert lebanon is not None and (lebanon.iso3, lebanon.feature) == ("LBN", "PCLI")
    georgia = gaz.lookup("Georgia", "RUS")
    assert georgia is not None and (georgia.iso3, georgia.feature) == ("GEO", "PCLI")


def test_possessive_and_punctuation(gaz: Gazetteer) -> None:
    assert gaz.lookup("Aleppo’s") == gaz.lookup("Aleppo,") == gaz.lookup("Aleppo")


def test_hint_does_not_pull_foreign_capitals_home(gaz: Gazetteer) -> None:
    beirut = gaz.lookup("Beirut", "SYR")
    moscow = gaz.lookup("Moscow", "SYR")
    assert beirut is not None and beirut.iso3 == "LBN"
    assert moscow is not None and moscow.iso3 == "RUS"


def test_capitals_beat_bigger_namesakes(gaz: Gazetteer) -> None:
    tripoli = gaz.lookup("Tripoli")
    washington = gaz.lookup("Washington")
    assert tripoli is not None and tripoli.iso3 == "LBY"
    assert washington is not None and washington.admin1 == "District of Columbia"


def test_region_mentions_with_generic_words(gaz: Gazetteer) -> None:
    for mention in ["Idlib Governorate", "Aleppo Province", "Zamfara State", "Washington State"]:
        place = gaz.lookup(mention)
        assert place is not None and place.feature == "ADM1", mention


def test_fuzzy_match_for_a_typo(gaz: Gazetteer) -> None:
    # "Kramatorst" is neither a name nor a skeleton of one: only the fuzzy path finds it, at home.
    place = gaz.lookup("Kramatorst", "UKR")
    assert place is not None
    assert (place.name, place.iso3, place.admin1) == ("Kramatorsk", "UKR", "Donetsk")


def test_no_fuzzy_or_loose_match_abroad(gaz: Gazetteer) -> None:
    # Across the world some town is always a letter or a skeleton away: "Likuyani" is not London,
    # "Konton" not Guangzhou (Canton), "Chekulo" not Chiclayo; at home a misspelling still counts.
    assert gaz.lookup("Kramatorst") is None
    for mention in ["Likuyani", "Konton", "Chekulo"]:
        for hint in ["KEN", None]:
            assert gaz.lookup(mention, hint) is None, (mention, hint)
    place = gaz.lookup("Elwak", "KEN")
    assert place is not None and place.name == "El Wak"


def test_candidates_are_ranked_and_limited(gaz: Gazetteer) -> None:
    found = gaz.candidates("Paris", limit=5)
    assert len(found) == 5
    assert found[0].iso3 == "FRA"
    assert len({p.geonames_id for p in found}) == 5
    assert gaz.candidates("Paris", "USA", limit=3)[0].iso3 == "USA"


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=30))
def test_any_text_gives_a_place_or_none(gaz: Gazetteer, text: str) -> None:
    place = gaz.lookup(text)
    assert place is None or isinstance(place, Place)


# -- admin1 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("iso3", "name", "expected"),
    [
        ("SYR", "Aleppo", "Aleppo"),
        ("SYR", "Idleb", "Idlib"),
        ("SYR", "Idlib Governorate", "Idlib"),
        ("SYR", "Rif Dimashq", "Rural Damascus"),
        ("SYR", "Rural Damascus", "Rural Damascus"),
        ("SYR", "Damascus", "Damascus"),
        ("SYR", "Deir ez-Zor", "Deir-ez-Zor"),
        ("SYR", "Al-Hasakah", "Al-Hasakeh"),
        ("SYR", "As-Suwayda", "As-Sweida"),
        ("SYR", "Homs", "Homs"),
        ("UKR", "Kharkiv", "Kharkiv"),
        ("UKR", "Donetsk", "Donetsk"),
        ("UKR", "Odessa", "Odesa"),
        ("UKR", "Kiev", "Kyiv"),
        ("NGA", "Borno State", "Borno"),
        ("NGA", "Zamfara", "Zamfara"),
        ("USA", "Texas", "Texas"),
        ("RUS", "Moscow Oblast", "Moscow Oblast"),
        ("RUS", "Moscow", "Moscow"),
    ],
)
def test_admin1_by_name(gaz: Gazetteer, iso3: str, name: str, expected: str) -> None:
    place = gaz.admin1(iso3, name)
    assert place is not None
    assert (place.name, place.admin1, place.iso3, place.feature, place.geo_precision) == (
        expected,
        expected,
        iso3,
        "ADM1",
        3,
    )


def test_admin1_unknown(gaz: Gazetteer) -> None:
    assert gaz.admin1("SYR", "Bavaria") is None
    assert gaz.admin1("XXX", "Aleppo") is None


def test_every_us_state_is_named(gaz: Gazetteer) -> None:
    states = ["California", "New York", "Wyoming", "District of Columbia", "Hawaii", "Alaska"]
    assert all(gaz.admin1("USA", state) is not None for state in states)


# -- cache ------------------------------------------------------------------------------------


def test_cache_file_is_reused_and_faster(built: Built) -> None:
    path = cache_file(built.cache_dir)
    assert path.exists() and f"v{GAZETTEER_VERSION}" in path.name
    assert load_gazetteer(built.cache_dir) is built.gazetteer  # memoised in this process
    started = time.perf_counter()
    again = Gazetteer.from_file(path)
    seconds = time.perf_counter() - started
    assert seconds < built.seconds / 3
    assert len(again) == len(built.gazetteer) > 200_000
    for mention, hint in [("Tel Rifaat", "SYR"), ("Paris", None), ("Paris", "USA"), ("Kharkov", None)]:
        assert again.lookup(mention, hint) == built.gazetteer.lookup(mention, hint)
    assert again.admin1("SYR", "Idlib") == built.gazetteer.admin1("SYR", "Idlib")


def test_corrupt_or_outdated_cache_is_rebuilt(
    built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gazetteer_module, "build_gazetteer", lambda: built.gazetteer)
    path = cache_file(tmp_path)
    path.write_bytes(b"not a pickle")
    assert load_gazetteer.__wrapped__(tmp_path) is built.gazetteer
    assert len(Gazetteer.from_file(path)) == len(built.gazetteer)

    path.write_bytes(pickle.dumps({"version": GAZETTEER_VERSION - 1, "tables": None}))
    with pytest.raises(ValueError, match="version"):
        Gazetteer.from_file(path)
    assert load_gazetteer.__wrapped__(tmp_path) is built.gazetteer


@pytest.mark.parametrize(
    ("town", "region"),
    [
        ("Lodz", "Lodzkie"),
        ("Lublin", "Lubelskie"),
        ("Makhachkala", "Republic of Dagestan"),
        ("Kazan", "Republic of Tatarstan"),
        ("Petah Tikva", "HaMerkaz"),
        ("Tallinn", "Harju"),
        ("Lisbon", "Lisboa"),
        ("Ghent", "Vlaanderen"),
    ],
)
def test_regions_carry_the_names_acled_codes(gaz: Gazetteer, town: str, region: str) -> None:
    place = gaz.lookup(town)
    assert place is not None and place.admin1 == region


def test_region_found_under_its_english_name(gaz: Gazetteer) -> None:
    central, mazovia = gaz.admin1("ISR", "Central District"), gaz.admin1("POL", "Mazovia")
    assert central is not None and central.admin1 == "HaMerkaz"
    assert mazovia is not None and mazovia.admin1 == "Mazowieckie"
