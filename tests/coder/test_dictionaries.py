"""The named-actor dictionaries: actors.csv, leaders.csv and titles.csv in coder/data."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import polars as pl
import pytest

DATA = Path(__file__).resolve().parents[2] / "coder" / "data"

HEADERS = {
    "actors.csv": ["name", "aliases", "actor_type", "cameo", "iso3", "kind"],
    "leaders.csv": ["name", "aliases", "iso3", "office", "cameo", "from_year", "to_year"],
    "titles.csv": ["title", "cameo_role"],
}
ACTOR_TYPES = {
    "State forces",
    "Rebel group",
    "Political militia",
    "Identity militia",
    "Rioters",
    "Protesters",
    "Civilians",
    "External/Other forces",
}
KINDS = {"armed_group", "militia", "igo", "ngo", "pmc", "party", "state_unit", "media"}
CAMEO_ROLES = {"GOV", "MIL", "COP", "JUD", "LEG", "ELI", "SPY"}

# Surface forms that would have pointed to two entries; how each was settled when the data was written.
RESOLVED_COLLISIONS = {
    "JEM": "Justice and Equality Movement (Sudan) vs Jaish-e-Mohammed (JeM): dropped from both",
    "RSF": "Rapid Support Forces vs Reporters Without Borders: kept for the Rapid Support Forces",
    "SNA": "Syrian National Army vs Somali National Army: dropped from both",
    "ADF": "Allied Democratic Forces (DRC) vs Ambazonia Defence Forces: kept for the DRC group",
    "People's Defence Forces": "HPG (PKK) vs Myanmar PDF: kept for the Myanmar PDF",
    "ASWJ": "Ahlu Sunna Wal Jamaa (Somalia) vs Mozambique insurgents: only qualified forms kept",
    "MSS": "Haiti security mission vs China's Ministry of State Security: dropped",
    "Islamic Emirate of Afghanistan": "country alias in countries.csv: dropped from Taliban",
    "Maliki": "Nouri al-Maliki vs Riyad al-Maliki: full names only",
    "Aoun": "Michel Aoun vs Joseph Aoun: full names only",
    "Sharif": "Nawaz vs Shehbaz vs Raheel Sharif: full names only",
    "Deby": "Idriss vs Mahamat Idriss Deby: full names only",
    "Barzani": "Masoud vs Nechirvan vs Masrour Barzani: full names only",
    "King Abdullah": "Saudi King Abdullah vs Abdullah II of Jordan: qualified forms only",
    "Eli Cohen": "Israeli foreign minister vs the 1960s spy: qualified form only",
}

_NORM = re.compile(r"[^\w]+")


def _key(text: str) -> str:
    """Same normalisation as coder.actors.normalise: casefold, punctuation to spaces, no leading 'the'."""
    key = _NORM.sub(" ", text.replace("\u2019", "'").replace("'s", "").casefold()).strip()
    return key[4:] if key.startswith("the ") else key


def _load(name: str) -> pl.DataFrame:
    return pl.read_csv(DATA / name, infer_schema_length=0).fill_null("")


def _surface_forms(frame: pl.DataFrame) -> dict[str, set[str]]:
    forms: dict[str, set[str]] = defaultdict(set)
    for row in frame.iter_rows(named=True):
        for form in [row["name"], *row["aliases"].split("|")]:
            if form.strip():
                forms[_key(form)].add(row["name"])
    return forms


@pytest.fixture(scope="module")
def actors() -> pl.DataFrame:
    return _load("actors.csv")


@pytest.fixture(scope="module")
def leaders() -> pl.DataFrame:
    return _load("leaders.csv")


@pytest.fixture(scope="module")
def titles() -> pl.DataFrame:
    return _load("titles.csv")


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_headers(name: str) -> None:
    assert _load(name).columns == HEADERS[name]


@pytest.mark.parametrize(
    ("name", "column"), [("actors.csv", "name"), ("leaders.csv", "name"), ("titles.csv", "title")]
)
def test_no_duplicate_names(name: str, column: str) -> None:
    values = _load(name)[column]
    assert values.str.strip_chars().str.len_chars().min() > 0
    duplicated = values.filter(values.is_duplicated()).unique().to_list()
    assert not duplicated


def test_row_counts(actors: pl.DataFrame, leaders: pl.DataFrame, titles: pl.DataFrame) -> None:
    assert actors.height >= 250
    assert leaders.height >= 200
    assert titles.height >= 40


def test_actor_types_and_kinds(actors: pl.DataFrame) -> None:
    assert set(actors["actor_type"].unique()) <= ACTOR_TYPES
    assert set(actors["kind"].unique()) <= KINDS
    # IGOs and PMCs are external forces; activist NGOs (Extinction Rebellion, BYC...) are coded as protesters.
    external = actors.filter(pl.col("kind").is_in(["igo", "pmc"]))
    assert set(external["actor_type"].unique()) == {"External/Other forces"}
    ngo_types = set(actors.filter(pl.col("kind") == "ngo")["actor_type"].unique())
    assert ngo_types <= {"External/Other forces", "Protesters"}
    assert actors.filter(pl.col("cameo") == "").is_empty()


def test_titles_roles(titles: pl.DataFrame) -> None:
    assert set(titles["cameo_role"].unique()) <= CAMEO_ROLES


def test_leader_years(leaders: pl.DataFrame) -> None:
    assert leaders["from_year"].str.contains(r"^\d{4}$").all()
    ended = leaders.filter(pl.col("to_year") != "")
    assert ended["to_year"].str.contains(r"^\d{4}$").all()
    assert (ended["to_year"].cast(pl.Int32) >= ended["from_year"].cast(pl.Int32)).all()
    assert (leaders["from_year"].cast(pl.Int32) <= 2026).all()


@pytest.mark.parametrize("name", ["actors.csv", "leaders.csv"])
def test_iso3_shape(name: str) -> None:
    iso3 = _load(name)["iso3"]
    bad = iso3.filter((iso3 != "") & ~iso3.str.contains(r"^[A-Z]{3}$")).to_list()
    assert not bad


@pytest.mark.parametrize("name", ["actors.csv", "leaders.csv"])
def test_iso3_known_country(name: str) -> None:
    countries_path = DATA / "countries.csv"
    if not countries_path.exists():
        pytest.skip("coder/data/countries.csv is missing: cannot check ISO3 codes against it")
    known = set(_load("countries.csv")["iso3"].to_list())
    iso3 = _load(name)["iso3"]
    unknown = sorted(set(iso3.filter(iso3 != "").to_list()) - known)
    assert not unknown


@pytest.mark.parametrize("name", ["actors.csv", "leaders.csv"])
def test_no_alias_maps_to_two_entries(name: str) -> None:
    print(f"\nCollisions resolved while writing the dictionaries ({len(RESOLVED_COLLISIONS)}):")
    for form, how in RESOLVED_COLLISIONS.items():
        print(f"  {form!r}: {how}")
    clashes = {form: sorted(names) for form, names in _surface_forms(_load(name)).items() if len(names) > 1}
    assert not clashes


def test_no_alias_shared_between_actors_and_leaders(actors: pl.DataFrame, leaders: pl.DataFrame) -> None:
    shared = set(_surface_forms(actors)) & set(_surface_forms(leaders))
    assert not shared


def test_resolved_forms_are_really_gone(actors: pl.DataFrame, leaders: pl.DataFrame) -> None:
    forms = _surface_forms(actors) | _surface_forms(leaders)
    for dropped in ["JEM", "SNA", "MSS", "KIA", "Maliki", "Aoun", "Sharif", "Deby", "Barzani"]:
        assert _key(dropped) not in forms, dropped


def _lookup(frame: pl.DataFrame, form: str) -> dict[str, str]:
    names = _surface_forms(frame)[_key(form)]
    assert len(names) == 1, (form, names)
    return frame.filter(pl.col("name") == next(iter(names))).row(0, named=True)


# Spot checks.
def test_spot_hts(actors: pl.DataFrame) -> None:
    row = _lookup(actors, "HTS")
    assert (row["name"], row["actor_type"], row["iso3"]) == ("Hayat Tahrir al-Sham", "Rebel group", "SYR")


def test_spot_houthis(actors: pl.DataFrame) -> None:
    assert _lookup(actors, "Ansar Allah")["name"] == _lookup(actors, "Houthis")["name"] == "Houthi Movement"


def test_spot_irgc(actors: pl.DataFrame) -> None:
    row = _lookup(actors, "Revolutionary Guards")
    assert (row["actor_type"], row["kind"], row["cameo"]) == ("State forces", "state_unit", "IRNMIL")


def test_spot_wagner(actors: pl.DataFrame) -> None:
    row = _lookup(actors, "Wagner Group")
    assert (row["actor_type"], row["kind"]) == ("External/Other forces", "pmc")


def test_spot_un_and_rsf(actors: pl.DataFrame) -> None:
    un = _lookup(actors, "U.N.")
    assert (un["name"], un["cameo"], un["iso3"]) == ("UN: United Nations", "IGOUNO", "")
    rsf = _lookup(actors, "RSF")
    assert (rsf["name"], rsf["iso3"]) == ("RSF: Rapid Support Forces", "SDN")


def test_spot_boko_haram_iswap(actors: pl.DataFrame) -> None:
    assert _lookup(actors, "Boko Haram")["name"] == "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad"
    assert _lookup(actors, "ISWAP")["name"] == "Islamic State West Africa Province (ISWAP)"


def test_spot_assad_and_araghchi(leaders: pl.DataFrame) -> None:
    assad = _lookup(leaders, "President Assad")
    assert (assad["iso3"], assad["cameo"], assad["from_year"], assad["to_year"]) == (
        "SYR",
        "SYRGOV",
        "2000",
        "2024",
    )
    araghchi = _lookup(leaders, "Araghchi")
    assert (araghchi["office"], araghchi["to_year"]) == ("Foreign Minister", "")


def test_spot_titles(titles: pl.DataFrame) -> None:
    roles = dict(titles.iter_rows())
    assert (roles["Prime Minister"], roles["General"], roles["Senator"], roles["Judge"]) == (
        "GOV",
        "MIL",
        "LEG",
        "JUD",
    )
