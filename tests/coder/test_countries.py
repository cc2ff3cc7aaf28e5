"""coder/data/countries.csv: shape, codes, regions, unambiguous surface forms and spot checks."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import polars as pl
import pytest

PATH = Path(__file__).resolve().parents[2] / "coder" / "data" / "countries.csv"
HEADER = ["iso3", "iso2", "name", "cameo", "aliases", "demonyms", "capital", "capital_aliases", "region"]
REGIONS = {
    "Middle East",
    "Northern Africa",
    "Western Africa",
    "Middle Africa",
    "Eastern Africa",
    "Southern Africa",
    "South Asia",
    "Southeast Asia",
    "East Asia",
    "Caucasus and Central Asia",
    "Europe",
    "North America",
    "Central America",
    "South America",
    "Caribbean",
    "Oceania",
}
# Territories with no capital, or one that is a common word/name ("The Valley", "Douglas", "Hamilton").
NO_CAPITAL = {"AIA", "BMU", "CCK", "IMN", "NFK", "TKL", "UMI"}

# Surface forms shared by several countries, and the owner chosen (None: deliberately left out).
RESOLVED: dict[str, str | None] = {
    "congo": "COD",  # bare "Congo" in wire copy is the DRC; Republic of Congo keeps "Congo-Brazzaville"
    "congolese": "COD",
    "guinean": "GIN",  # Bissau-Guinean, Equatorial Guinean, Papua New Guinean are separate forms
    "nigerien": "NER",
    "nigerian": "NGA",
    "dominican": "DOM",  # Dominica gets no demonym
    "sudanese": "SDN",  # South Sudanese is its own form
    "korean": None,  # North/South Korean only
    "korea": None,
    "samoan": "WSM",  # American Samoan is its own form
    "macedonia": "MKD",
    "republic of china": "TWN",
    "car": None,  # Central African Republic only as "C.A.R."; "car" is an English word
    "male": None,  # Maldives' capital only as "Malé"
    "kingston": "JAM",  # not Norfolk Island
    "serb": None,  # ethnic usage (Bosnian Serbs) dominates; Serbia has Serbian(s)
    "croat": None,
}


def _norm(text: str) -> str:
    """The actor dictionary's key: casefolded, punctuation as spaces, "'s" and a leading "the" dropped."""
    key = " ".join(re.sub(r"[^\w]+", " ", text.replace("’", "'").replace("'s", "").casefold()).split())
    return key[4:] if key.startswith("the ") else key


@pytest.fixture(scope="module")
def df() -> pl.DataFrame:
    return pl.read_csv(PATH, infer_schema_length=0)


@pytest.fixture(scope="module")
def rows(df: pl.DataFrame) -> dict[str, dict[str, str]]:
    return {row["iso3"]: {k: v or "" for k, v in row.items()} for row in df.iter_rows(named=True)}


@pytest.fixture(scope="module")
def owners(rows: dict[str, dict[str, str]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for iso3, row in rows.items():
        for column in ("name", "aliases", "demonyms", "capital", "capital_aliases"):
            for form in row[column].split("|"):
                if form:
                    out[_norm(form)].add(iso3)
    return out


def test_header_and_size(df: pl.DataFrame) -> None:
    assert df.columns == HEADER
    assert df.height >= 240


def test_codes(df: pl.DataFrame) -> None:
    iso3 = df["iso3"].to_list()
    iso2 = df["iso2"].to_list()
    assert len(set(iso3)) == len(iso3)
    assert all(re.fullmatch(r"[A-Z]{3}", code) for code in iso3)
    assert len(set(iso2)) == len(iso2)
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in iso2)
    assert all(re.fullmatch(r"[A-Z]{3}", code or "") for code in df["cameo"].to_list())
    assert df["name"].n_unique() == df.height


def test_regions(df: pl.DataFrame) -> None:
    assert set(df["region"].to_list()) <= REGIONS
    assert set(df["region"].to_list()) == REGIONS


def test_capitals(rows: dict[str, dict[str, str]]) -> None:
    assert {iso3 for iso3, row in rows.items() if not row["capital"]} == NO_CAPITAL


def test_no_form_shared_by_two_countries(owners: dict[str, set[str]]) -> None:
    shared = {form: sorted(isos) for form, isos in owners.items() if len(isos) > 1}
    assert shared == {}


def test_no_empty_or_padded_forms(rows: dict[str, dict[str, str]]) -> None:
    for row in rows.values():
        for column in ("aliases", "demonyms", "capital_aliases"):
            if row[column]:
                assert all(form and form == form.strip() for form in row[column].split("|")), row


def test_resolved_ambiguities(owners: dict[str, set[str]]) -> None:
    print("resolved collisions:")
    for form, iso3 in RESOLVED.items():
        print(f"  {form!r} -> {iso3}")
        assert owners.get(form, set()) == ({iso3} if iso3 else set()), form


def test_no_ethnic_or_religious_demonyms(owners: dict[str, set[str]]) -> None:
    ethnic = (
        "kurd",
        "kurdish",
        "kurds",
        "arab",
        "arabs",
        "berber",
        "pashtun",
        "fulani",
        "shiite",
        "sunni",
        "tuareg",
        "hausa",
        "tamil",
        "baloch",
        "jewish",
        "muslim",
    )
    for word in ethnic:
        assert word not in owners, word


def test_spot_checks(rows: dict[str, dict[str, str]]) -> None:
    syria = rows["SYR"]
    assert (syria["name"], syria["capital"], syria["region"]) == ("Syria", "Damascus", "Middle East")
    assert "Syrian Arab Republic" in syria["aliases"].split("|")
    drc = rows["COD"]
    assert drc["name"] == "Democratic Republic of Congo"
    assert {"DRC", "DR Congo", "Congo-Kinshasa"} <= set(drc["aliases"].split("|"))
    assert rows["COG"]["name"] == "Republic of Congo" and rows["COG"]["capital"] == "Brazzaville"
    usa = rows["USA"]
    assert usa["name"] == "United States" and usa["capital"] == "Washington"
    assert {"American", "Americans"} <= set(usa["demonyms"].split("|"))
    assert {"U.S.", "USA", "America"} <= set(usa["aliases"].split("|"))
    assert rows["UKR"]["capital"] == "Kyiv" and rows["UKR"]["capital_aliases"] == "Kiev"
    assert rows["MMR"]["capital"] == "Naypyidaw" and "Burma" in rows["MMR"]["aliases"].split("|")
    assert rows["CIV"]["name"] == "Ivory Coast" and "Côte d'Ivoire" in rows["CIV"]["aliases"].split("|")
    assert rows["SWZ"]["name"] == "eSwatini" and "Swaziland" in rows["SWZ"]["aliases"].split("|")
    assert {"Türkiye", "Turkiye"} <= set(rows["TUR"]["aliases"].split("|"))
    assert rows["GBR"]["demonyms"].startswith("British|Briton|Britons")
    assert rows["NGA"]["capital"] == "Abuja" and rows["NGA"]["region"] == "Western Africa"
    assert rows["PSE"]["name"] == "Palestine" and rows["XKX"]["cameo"] == "KSV"
    assert rows["ROU"]["cameo"] == "ROM" and rows["TLS"]["name"] == "East Timor"
