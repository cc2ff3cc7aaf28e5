"""Event types decided by how an act turned out: ground taken without a fight, a walkout that is no air
strike, harm done by hand, roads forced shut, prisoners traded."""

from __future__ import annotations

from datetime import date

from coder.code import Coder
from coder.events import ArticleMeta

PUBLISHED = date(2023, 5, 10)


def code(coder: Coder, text: str) -> list[dict[str, object]]:
    meta = ArticleMeta("3" * 64, "unit", PUBLISHED, "Unit Wire", None)
    return [r for r in coder.events.code(coder.nlp(text), meta) if r["event_type"]]


def types(rows: list[dict[str, object]]) -> list[tuple[object, object]]:
    return [(r["event_type"], r["sub_event_type"]) for r in rows]


def test_a_town_retaken_with_no_fighting_known_is_a_non_violent_transfer(coder: Coder) -> None:
    rows = code(
        coder, "On 8 May 2023, Ukrainian forces retook Kupiansk. It is unclear whether fighting took place."
    )
    assert types(rows) == [("Strategic developments", "Non-violent transfer of territory")]


def test_a_town_entered_without_fighting_has_no_clash(coder: Coder) -> None:
    rows = code(coder, "On 8 May 2023, the rebels reached Kidal and entered the town without fighting.")
    assert ("Battles", "Armed clash") not in types(rows)


def test_rebels_seizing_a_district_centre_overtake_territory(coder: Coder) -> None:
    rows = code(coder, "On 8 May 2023, Taliban fighters seized a district centre in Helmand.")
    assert types(rows) == [("Battles", "Non-state actor overtakes territory")]


def test_police_beating_a_man_at_their_station_is_violence_against_civilians(coder: Coder) -> None:
    rows = code(coder, "On 8 May 2023, police beat him at the station in Nakuru.")
    assert types(rows) == [("Violence against civilians", "Attack")]


def test_staging_a_strike_is_no_attack(coder: Coder) -> None:
    rows = code(coder, "On 8 May 2023, nurses staged strike and a protest at the hospital in Nakuru.")
    assert types(rows) == [("Protests", "Peaceful protest")]


def test_protesters_blockading_a_highway_is_a_violent_demonstration(coder: Coder) -> None:
    rows = code(coder, "On 8 May 2023, villagers blockaded the highway near Nakuru, demanding a new bridge.")
    assert types(rows) == [("Riots", "Violent demonstration")]


def test_prisoners_released_in_exchange_are_an_agreement(coder: Coder) -> None:
    rows = code(
        coder, "On 8 May 2023, the government released 12 rebels in Gao in exchange for nine soldiers."
    )
    assert types(rows) == [("Strategic developments", "Agreement")]
