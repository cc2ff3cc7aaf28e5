"""Admin1 names, aliases and region-scoped lookups of the gazetteer."""

from __future__ import annotations

import pytest

from coder.gazetteer import ADMIN1_NAMES_FILE, Gazetteer, admin1_renames
from coder.placenames import is_common_word


@pytest.fixture(scope="module")
def gaz(gazetteer: Gazetteer) -> Gazetteer:
    return gazetteer


@pytest.mark.parametrize(
    ("iso3", "written", "expected"),
    [
        ("SYR", "Deir ez-Zor", "Deir-ez-Zor"),
        ("SDN", "Northern Darfur", "North Darfur"),
        ("UKR", "Zaporizhzhia", "Zaporizhia"),
        ("UKR", "Donbas", "Donetsk"),
        ("IDN", "Bangka Belitung Islands", "Bangka-Belitung"),
        ("IRQ", "Nineveh", "Ninewa"),
        ("DEU", "Bavaria", "Bayern"),
    ],
)
def test_regions_go_by_their_acled_names(gaz: Gazetteer, iso3: str, written: str, expected: str) -> None:
    region = gaz.admin1(iso3, written)
    assert region is not None and (region.name, region.admin1) == (expected, expected)


def test_every_renamed_region_exists(gaz: Gazetteer) -> None:
    renames = admin1_renames(ADMIN1_NAMES_FILE)
    assert renames
    for (iso2, _), (name, aliases) in renames.items():
        for written in [name, *aliases]:
            if is_common_word(written):
                continue  # "North" (Lebanon) is found through its country only
            assert any(r.iso2 == iso2 and r.admin1 == name for r in gaz.regions(written)), (iso2, written)


def test_regions_across_countries_hint_first(gaz: Gazetteer) -> None:
    assert [r.iso3 for r in gaz.regions("Punjab", "IND")][:2] == ["IND", "PAK"]
    assert [r.iso3 for r in gaz.regions("Punjab", "PAK")][:2] == ["PAK", "IND"]
    assert gaz.regions("Uttara") == []  # a skeleton of "Ituri", only when asked for loose matches
    assert [r.name for r in gaz.regions("Uttara", loose=True)][:1] == ["Ituri"]


def test_within_a_region(gaz: Gazetteer) -> None:
    town = gaz.within("Hostomel", "UKR", "Kyiv")
    assert town is not None and (town.name, town.admin1) == ("Hostomel", "Kyiv")
    assert gaz.within("Hostomel", "UKR", "Lviv") is None
    spelled = gaz.within("Berdiansk", "UKR", "Zaporizhia")  # a spelling variant, safe inside a region
    assert spelled is not None and spelled.name == "Berdyansk"


def test_known_names_are_exact(gaz: Gazetteer) -> None:
    assert gaz.known("Aleppo") and gaz.known("Idlib Governorate")
    assert not gaz.known("Russian")


def test_seat_of_a_region(gaz: Gazetteer) -> None:
    region = gaz.admin1("SYR", "Aleppo")
    assert region is not None
    seat = gaz.seat(region)
    assert seat is not None and (seat.name, seat.feature) == ("Aleppo", "PPL")
    assert gaz.seat(seat) is None


def test_country_carries_its_capitals_region(gaz: Gazetteer) -> None:
    kenya = gaz.country("KEN")
    assert kenya is not None and (kenya.feature, kenya.admin1) == ("PCLI", "Nairobi")


def test_regions_acled_splits_take_the_part_of_the_point(gaz: Gazetteer) -> None:
    for name, iso3, part in [
        ("Lashio", "MMR", "Shan-North"),
        ("Taunggyi", "MMR", "Shan-South"),
        ("Pyay", "MMR", "Bago-West"),
        ("Bago", "MMR", "Bago-East"),
        ("Batam", "IDN", "Riau Islands"),
        ("Pekanbaru", "IDN", "Riau"),
    ]:
        place = gaz.lookup(name, iso3)
        assert place is not None and place.admin1 == part, (name, place)
    shan = gaz.regions("Shan", "MMR")[0]
    assert shan.admin1 == "Shan"  # the region itself stays whole
    assert gaz.within("Lashio", "MMR", "Shan-North") is not None
    assert gaz.within("Lashio", "MMR", "Shan-South") is None
    assert gaz.within("Batam", "IDN", "Riau Islands") is not None


def test_acled_admin1_names(gaz: Gazetteer) -> None:
    for name, iso3, admin1 in [
        ("Sundsvall", "SWE", "Vasternorrlands"),
        ("Diyarbakir", "TUR", "Diyarbakir"),
        ("Bamenda", "CMR", "Nord-Ouest"),
        ("Seoul", "KOR", "Seoul Special City"),
    ]:
        place = gaz.lookup(name, iso3)
        assert place is not None and place.admin1 == admin1, (name, place)


def test_district_is_placed_at_its_main_town(gaz: Gazetteer) -> None:
    place = gaz.within("Pohuwato", "IDN", "Gorontalo")
    assert place is not None and place.name == "Pohuwato" and place.admin2 == "Pohuwato"
    assert abs(place.latitude - 0.47) < 0.2 and abs(place.longitude - 121.94) < 0.2
