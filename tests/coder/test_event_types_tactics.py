"""Event types decided by tactics and weapons: barricades, partisan clashes, heavy guns, hauls, bases."""

from __future__ import annotations

from datetime import date

import pytest

from coder.code import Coder
from coder.events import ArticleMeta

PUBLISHED = date(2023, 5, 10)


def code(coder: Coder, text: str) -> list[dict[str, object]]:
    meta = ArticleMeta("2" * 64, "unit", PUBLISHED, "Unit Wire", None)
    return [r for r in coder.events.code(coder.nlp(text), meta) if r["event_type"]]


def types(rows: list[dict[str, object]]) -> list[tuple[object, object]]:
    return [(r["event_type"], r["sub_event_type"]) for r in rows]


def test_burning_tyres_in_a_protest_is_a_violent_demonstration(coder: Coder) -> None:
    rows = code(
        coder, "On 8 May 2023, residents burned tyres on the main road in Arequipa to protest water cuts."
    )
    assert types(rows) == [("Riots", "Violent demonstration")]


def test_barricading_a_highway_is_a_violent_demonstration(coder: Coder) -> None:
    rows = code(coder, "On 8 May 2023, workers barricaded the highway near Nakuru, demanding unpaid wages.")
    assert ("Riots", "Violent demonstration") in types(rows)


def test_barricading_oneself_in_a_room_is_no_blockade(coder: Coder) -> None:
    rows = code(coder, "On 8 May 2023, a thief barricaded himself inside a shop in Nakuru.")
    assert types(rows) == []


def test_burning_an_effigy_stays_a_peaceful_protest(coder: Coder) -> None:
    rows = code(
        coder, "On 8 May 2023, students burned an effigy of the minister in Lahore to protest fee hikes."
    )
    assert types(rows) == [("Protests", "Peaceful protest")]


def test_a_clash_between_party_cadres_is_mob_violence(coder: Coder) -> None:
    rows = code(
        coder, "On 8 May 2023, a clash broke out between cadres of two parties at a polling booth in Pokhara."
    )
    assert types(rows) == [("Riots", "Mob violence")]


def test_a_clash_between_named_rebels_stays_a_battle(coder: Coder) -> None:
    rows = code(coder, "On 8 May 2023, militants and soldiers clashed near Maiduguri.")
    assert types(rows) == [("Battles", "Armed clash")]


def test_mortars_with_heavy_machine_guns_are_shelling(coder: Coder) -> None:
    rows = code(
        coder,
        "On 8 May 2023, rebel forces fired 120mm mortars and heavy machine guns at army positions "
        "near Avdiivka.",
    )
    assert types(rows) == [("Explosions/Remote violence", "Shelling/artillery/missile attack")]


def test_mortars_with_small_arms_are_a_clash(coder: Coder) -> None:
    rows = code(
        coder,
        "On 8 May 2023, rebels fired 120mm mortars, heavy machine guns and small arms at Ukrainian soldiers "
        "near Avdiivka.",
    )
    assert types(rows) == [("Battles", "Armed clash")]


def test_a_calibre_alone_names_artillery(coder: Coder) -> None:
    rows = code(coder, "On 8 May 2023, government forces fired 122mm at rebel positions near Horlivka.")
    assert types(rows) == [("Explosions/Remote violence", "Shelling/artillery/missile attack")]


def test_an_attack_with_grenades_on_a_checkpoint_is_a_grenade_attack(coder: Coder) -> None:
    rows = code(
        coder, "On 8 May 2023, gunmen attacked police officers at a checkpoint with hand grenades in Bago."
    )
    assert types(rows)[0] == ("Explosions/Remote violence", "Grenade")


def test_a_missile_fired_in_the_passive_is_a_missile_attack(coder: Coder) -> None:
    rows = code(coder, "On 8 May 2023, two missiles were fired at an army base in Marib.")
    assert types(rows) == [("Explosions/Remote violence", "Shelling/artillery/missile attack")]


def test_a_seized_total_of_rifles_is_disrupted_weapons_use(coder: Coder) -> None:
    rows = code(coder, "On 8 May 2023, police in Kano seized a total of 50 rifles and 3,000 bullets.")
    assert types(rows) == [("Strategic developments", "Disrupted weapons use")]


def test_destroyed_mines_are_disrupted_weapons_use_not_an_explosion(coder: Coder) -> None:
    rows = code(
        coder, "On 8 May 2023, soldiers destroyed 40 mines and 12 improvised explosive devices near Gao."
    )
    assert types(rows) == [("Strategic developments", "Disrupted weapons use")]


def test_intercepted_parcel_bombs_are_disrupted_weapons_use(coder: Coder) -> None:
    rows = code(
        coder,
        "On 8 May 2023, three parcels containing explosive devices were intercepted by police in Leeds.",
    )
    assert types(rows) == [("Strategic developments", "Disrupted weapons use")]


@pytest.mark.parametrize(
    "text",
    [
        "On 8 May 2023, the army established a number of barracks near Kirkuk.",
        "On 8 May 2023, Turkish forces created a new base near Duhok.",
    ],
)
def test_new_barracks_and_bases_are_bases_established(coder: Coder, text: str) -> None:
    assert types(code(coder, text)) == [("Strategic developments", "Headquarters or base established")]
