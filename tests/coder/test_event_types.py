"""Event type rules on hand-written sentences: riots, remote weapons, folded protests, armed individuals."""

from __future__ import annotations

from datetime import date

import pytest

from coder.code import Coder
from coder.events import ArticleMeta

PUBLISHED = date(2023, 5, 10)


def code(coder: Coder, text: str) -> list[dict[str, object]]:
    meta = ArticleMeta("1" * 64, "unit", PUBLISHED, "Unit Wire", None)
    return [r for r in coder.events.code(coder.nlp(text), meta) if r["event_type"]]


def types(rows: list[dict[str, object]]) -> list[tuple[object, object]]:
    return [(r["event_type"], r["sub_event_type"]) for r in rows]


def test_two_groups_of_villagers_clashing_is_mob_violence(coder: Coder) -> None:
    rows = code(
        coder, "On 7 May 2023, villagers from two hamlets clashed with sticks over a land dispute in Patna."
    )
    assert types(rows) == [("Riots", "Mob violence")]
    assert rows[0]["actor1"] == "Rioters (India)"


def test_demonstrators_fighting_police_is_a_violent_demonstration(coder: Coder) -> None:
    rows = code(
        coder,
        "On 7 May 2023, demonstrators clashed with police in Lahore during a protest against fuel prices.",
    )
    assert types(rows) == [("Riots", "Violent demonstration")]
    assert rows[0]["actor1"] == "Rioters (Pakistan)"
    assert rows[0]["actor2"] == "Police Forces of Pakistan"


def test_a_protest_and_the_arrests_that_ended_it_are_one_event(coder: Coder) -> None:
    rows = code(
        coder,
        "On 7 May 2023, hundreds of teachers held a protest in Nairobi to demand unpaid salaries. "
        "Police arrested 12 of the protesters.",
    )
    assert types(rows) == [("Protests", "Protest with intervention")]
    assert rows[0]["actor1"] == "Protesters (Kenya)"
    assert rows[0]["actor2"] == "Police Forces of Kenya"


def test_a_sit_in_is_a_protest(coder: Coder) -> None:
    rows = code(coder, "On 7 May 2023, nurses staged a sit-in outside the health ministry in Accra.")
    assert types(rows) == [("Protests", "Peaceful protest")]


def test_police_blocking_a_road_is_no_protest(coder: Coder) -> None:
    assert code(coder, "On 7 May 2023, police blocked the main road into Accra.") == []


def test_firing_mortars_is_shelling_but_mortars_with_small_arms_is_a_clash(coder: Coder) -> None:
    shelling = code(coder, "On 7 May 2023, the army fired mortars at rebel positions near Goma.")
    clash = code(coder, "On 7 May 2023, the army fired mortars and small arms at rebel positions near Goma.")
    assert types(shelling) == [("Explosions/Remote violence", "Shelling/artillery/missile attack")]
    assert types(clash) == [("Battles", "Armed clash")]


def test_an_ambush_with_a_landmine_is_remote_violence(coder: Coder) -> None:
    rows = code(coder, "On 7 May 2023, militants attacked an army convoy with a landmine near Goma.")
    assert types(rows) == [("Explosions/Remote violence", "Remote explosive/landmine/IED")]


def test_stun_grenades_against_protesters_are_no_grenade_attack(coder: Coder) -> None:
    rows = code(coder, "On 7 May 2023, police fired stun grenades at protesters in Lahore.")
    assert ("Explosions/Remote violence", "Grenade") not in types(rows)
    assert types(rows)[0][0] == "Protests"


def test_two_men_shooting_a_shopkeeper_are_an_unidentified_armed_group(coder: Coder) -> None:
    rows = code(coder, "On 7 May 2023, two men shot and killed a shopkeeper in Lahore.")
    assert types(rows) == [("Violence against civilians", "Attack")]
    assert rows[0]["actor1"] == "Unidentified Armed Group (Pakistan)"


def test_soldiers_keep_the_country_they_were_given_earlier(coder: Coder) -> None:
    rows = code(
        coder,
        "On 7 May 2023, Israeli soldiers raided Jenin. Soldiers then shot a man near the camp.",
    )
    assert {r["actor1"] for r in rows} == {"Military Forces of Israel"}


def test_members_of_a_named_group_are_that_group(coder: Coder) -> None:
    rows = code(coder, "On 7 May 2023, members of Al Shabaab attacked a police station in Mandera.")
    assert rows[0]["actor1"] == "Al Shabaab"


def test_seized_weapons_are_disrupted_weapons_use_not_territory(coder: Coder) -> None:
    rows = code(coder, "On 7 May 2023, police seized rifles and ammunition in a raid in Mombasa.")
    assert ("Strategic developments", "Disrupted weapons use") in types(rows)
    assert not any(t == "Battles" for t, _ in types(rows))


def test_a_factory_explosion_is_an_accident_not_an_attack(coder: Coder) -> None:
    assert (
        code(
            coder,
            "On 7 May 2023, a boiler exploded at a textile factory in Faisalabad, killing four workers.",
        )
        == []
    )


def test_claiming_an_attack_is_not_a_new_attack(coder: Coder) -> None:
    assert code(coder, "The group claimed responsibility for the attack on the hotel in Mogadishu.") == []


def test_troops_setting_up_a_base_establish_a_base(coder: Coder) -> None:
    rows = code(coder, "On 7 May 2023, Turkish troops set up a new military base near Idlib.")
    assert types(rows) == [("Strategic developments", "Headquarters or base established")]


def test_a_statement_is_a_cameo_only_event_below_any_acled_event(coder: Coder) -> None:
    meta = ArticleMeta("2" * 64, "unit", PUBLISHED, None, None)
    text = "The defence minister said on Monday that militants attacked an army post near Goma."
    rows = coder.events.code(coder.nlp(text), meta)
    statement = [r for r in rows if r["cameo_code"] == "010"]
    attack = [r for r in rows if r["event_type"]]
    assert statement and statement[0]["event_type"] is None
    assert attack and max(float(str(r["confidence"])) for r in attack) > float(
        str(statement[0]["confidence"])
    )


def test_a_toll_in_the_next_sentence_is_the_attacks_toll_not_a_new_event(coder: Coder) -> None:
    rows = code(coder, "On 7 May 2023, militants attacked an army post near Goma. Two civilians were killed.")
    assert types(rows) == [("Battles", "Armed clash")]
    assert rows[0]["fatalities"] == 2


def test_a_bombing_without_a_named_perpetrator_is_an_unidentified_armed_group(coder: Coder) -> None:
    rows = code(coder, "On 7 May 2023, a roadside bomb exploded near a market in Mogadishu.")
    assert rows[0]["actor1"] == "Unidentified Armed Group (Somalia)"


def test_a_demonym_inside_a_named_state_force_still_gives_the_country(coder: Coder) -> None:
    rows = code(coder, "On 7 May 2023, Russian military forces shelled Kherson.")
    assert rows[0]["actor1"] == "Military Forces of Russia"
    assert rows[0]["actor1_type"] == "External/Other forces"  # in Ukraine


def test_a_named_group_beats_the_role_noun_it_qualifies(coder: Coder) -> None:
    rows = code(coder, "On 7 May 2023, Al Shabaab militants attacked a police station in Mandera.")
    assert rows[0]["actor1"] == "Al Shabaab"


def test_the_abbreviation_of_an_acled_style_name_is_an_alias(coder: Coder) -> None:
    from coder.actors import load_actor_dictionary

    assert load_actor_dictionary().acronyms["PDF"].name == "PDF: People's Defense Force"


def test_a_war_toll_and_old_events_are_background(coder: Coder) -> None:
    assert code(coder, "The war has killed tens of thousands of people since 2015.") == []
    assert code(coder, "The army seized power in a coup in February 2021.") == []  # published May 2023


def test_the_attack_mentioned_again_is_not_a_second_attack(coder: Coder) -> None:
    rows = code(
        coder,
        "On 7 May 2023, gunmen attacked a bus near Garissa, killing four passengers. "
        "The government condemned the attack.",
    )
    assert len(rows) == 1


def test_attack_drones_are_drones_not_an_attack(coder: Coder) -> None:
    rows = code(coder, "On 7 May 2023, Russian attack drones struck port facilities in Odesa.")
    assert types(rows) == [("Explosions/Remote violence", "Air/drone strike")]


def test_a_suicide_bombing_and_its_toll_are_one_event(coder: Coder) -> None:
    rows = code(
        coder, "On 7 May 2023, a suicide bomber blew himself up at a market in Maiduguri, killing 12 people."
    )
    assert types(rows) == [("Explosions/Remote violence", "Suicide bomb")]
    assert rows[0]["fatalities"] == 12


def test_weapons_found_are_disrupted_weapons_use_not_an_explosion(coder: Coder) -> None:
    rows = code(
        coder, "On 7 May 2023, soldiers found two improvised explosive devices near a bridge in Kismayo."
    )
    assert types(rows) == [("Strategic developments", "Disrupted weapons use")]


def test_fighters_defecting_change_group_activity(coder: Coder) -> None:
    rows = code(coder, "On 7 May 2023, dozens of rebel fighters defected to the army in Bambari.")
    assert types(rows) == [("Strategic developments", "Change to group/activity")]


def test_what_a_protest_is_against_is_not_an_event(coder: Coder) -> None:
    rows = code(
        coder, "On 7 May 2023, journalists protested in Lahore against the arrest of a newspaper editor."
    )
    assert types(rows) == [("Protests", "Peaceful protest")]


def test_several_explosions_without_a_device_are_shelling(coder: Coder) -> None:
    rows = code(coder, "On 7 May 2023, residents heard several explosions near Avdiivka.")
    assert types(rows) == [("Explosions/Remote violence", "Shelling/artillery/missile attack")]


def test_a_protest_against_an_assault_stays_peaceful(coder: Coder) -> None:
    rows = code(
        coder,
        "On 7 May 2023, teachers staged a human chain protest in Bogra against the assault on a colleague.",
    )
    assert types(rows) == [("Protests", "Peaceful protest")]


def test_police_officers_can_protest_but_not_by_blocking_a_road(coder: Coder) -> None:
    assert types(
        code(coder, "On 7 May 2023, traffic police officers demonstrated in Puebla to demand pay.")
    ) == [("Protests", "Peaceful protest")]


def test_soldiers_beating_a_clerk_is_violence_against_civilians(coder: Coder) -> None:
    rows = code(coder, "On 7 May 2023, soldiers beat a railway clerk in Mandalay.")
    assert types(rows) == [("Violence against civilians", "Attack")]


def test_two_factions_clashing_with_sticks_is_mob_violence(coder: Coder) -> None:
    rows = code(coder, "On 7 May 2023, two factions of a student union clashed with sticks in Rajshahi.")
    assert types(rows) == [("Riots", "Mob violence")]


def test_fighting_between_two_forces_names_both_sides(coder: Coder) -> None:
    rows = code(
        coder, "On 7 May 2023, fighting took place between Russian forces and Ukrainian forces in Irpin."
    )
    assert (rows[0]["actor1"], rows[0]["actor2"]) == (
        "Military Forces of Russia",
        "Military Forces of Ukraine",
    )


def test_whoever_planted_the_mine_set_it_off(coder: Coder) -> None:
    rows = code(coder, "On 7 May 2023, a landmine planted by Al Shabaab exploded near a school in Baidoa.")
    assert rows[0]["actor1"] == "Al Shabaab"


def test_one_event_told_twice_is_one_row(coder: Coder) -> None:
    rows = code(
        coder,
        "On 7 May 2023, the army fired mortars at rebel positions near Kidal. "
        "Several explosions were heard near Kidal that day.",
    )
    assert types(rows) == [("Explosions/Remote violence", "Shelling/artillery/missile attack")]
    assert rows[0]["actor1"] == "Military Forces of Mali"


def test_police_firing_tear_gas_is_an_intervention_on_protesters(coder: Coder) -> None:
    rows = code(coder, "On 7 May 2023, police fired tear gas to disperse a crowd in Mombasa.")
    assert types(rows) == [("Protests", "Protest with intervention")]
    assert (rows[0]["actor1"], rows[0]["actor2"]) == ("Protesters (Kenya)", "Police Forces of Kenya")


def test_the_government_deploying_the_army_moves_the_army(coder: Coder) -> None:
    rows = code(coder, "On 7 May 2023, the government deployed the army to Nairobi.")
    assert rows[0]["actor1"] == "Military Forces of Kenya"


def test_a_statement_by_a_source_no_dictionary_knows_keeps_its_words(coder: Coder) -> None:
    meta = ArticleMeta("3" * 64, "unit", PUBLISHED, None, None)
    rows = coder.events.code(coder.nlp("Local medics said the clinic was full."), meta)
    assert [(r["cameo_code"], r["actor1"]) for r in rows] == [("010", "Local medics")]


def test_continued_shelling_is_shelling(coder: Coder) -> None:
    rows = code(coder, "On 7 May 2023, Russian forces continued shelling Kherson.")
    assert types(rows) == [("Explosions/Remote violence", "Shelling/artillery/missile attack")]


def test_a_body_found_dead_is_a_killing_by_someone(coder: Coder) -> None:
    rows = code(coder, "On 7 May 2023, a man was found dead with gunshot wounds in Culiacan.")
    assert types(rows) == [("Violence against civilians", "Attack")]


def test_a_mislemmatised_form_listed_in_the_lexicon_still_triggers(coder: Coder) -> None:
    rows = code(coder, "On 7 May 2023, two women were raped by militiamen near Bunia.")
    assert types(rows) == [("Violence against civilians", "Sexual violence")]


def test_a_protest_whose_crowd_then_builds_barricades_is_a_violent_demonstration(coder: Coder) -> None:
    rows = code(
        coder,
        "On 7 May 2023, residents held a demonstration in Kisumu over water cuts. "
        "They lit bonfires and barricaded roads.",
    )
    assert types(rows) == [("Riots", "Violent demonstration")]
    assert rows[0]["actor1"] == "Rioters (Kenya)"


def test_one_victim_shot_by_no_one_named_is_violence_against_civilians(coder: Coder) -> None:
    rows = code(coder, "On 7 May 2023, a police officer was shot dead at his home in Kitengela.")
    assert types(rows) == [("Violence against civilians", "Attack")]


def test_deployments_change_group_activity(coder: Coder) -> None:
    rows = code(coder, "On 7 May 2023, the army deployed troops to Kidal.")
    assert types(rows) == [("Strategic developments", "Change to group/activity")]


def test_a_shoot_out_between_gangs_is_a_battle_not_a_riot(coder: Coder) -> None:
    rows = code(
        coder, "On 7 May 2023, a shoot-out between rival drug trafficking groups took place in Maceio."
    )
    assert types(rows) == [("Battles", "Armed clash")]


def test_a_headline_dash_glued_to_a_word_is_split_off(coder: Coder) -> None:
    assert [t.text for t in coder.nlp("Soldier killed- 2 wounded")] == [
        "Soldier",
        "killed",
        "-",
        "2",
        "wounded",
    ]


def test_acronym_triggers_in_capitals_match(coder: Coder) -> None:
    rows = code(coder, "On 7 May 2023, an IED hit a police vehicle near Mandera.")
    assert types(rows) == [("Explosions/Remote violence", "Remote explosive/landmine/IED")]


def test_a_date_after_since_is_no_event_date(coder: Coder) -> None:
    rows = code(coder, "Four soldiers were killed near Avdiivka in the bloodiest day since August.")
    assert rows and rows[0]["event_date"] == PUBLISHED


def test_chemicals_used_in_an_attack_make_a_chemical_weapon_event(coder: Coder) -> None:
    rows = code(coder, "On 7 May 2023, government forces used chlorine gas in an attack on Douma.")
    assert types(rows) == [("Explosions/Remote violence", "Chemical weapon")]


def test_an_attack_on_military_bases_is_a_battle(coder: Coder) -> None:
    rows = code(coder, "On 7 May 2023, Boko Haram militants attacked two military bases near Gwoza.")
    assert types(rows) == [("Battles", "Armed clash")]


def test_security_force_members_are_security_forces(coder: Coder) -> None:
    rows = code(coder, "On 7 May 2023, Taliban fighters killed 12 security force members in Jawzjan.")
    assert rows[0]["actor2_type"] == "State forces"


def test_dropping_charges_is_no_air_strike(coder: Coder) -> None:
    assert code(coder, "On 7 May 2023, prosecutors dropped the charges against the editor in Nairobi.") == []


def test_a_bomb_test_is_no_bombing(coder: Coder) -> None:
    assert code(coder, "On 7 May 2023, the government condemned the test of a hydrogen bomb.") == []


def test_a_furnace_exploding_at_a_plant_is_an_accident(coder: Coder) -> None:
    assert (
        code(coder, "On 7 May 2023, a furnace exploded at a steel plant in Rayong, injuring nine workers.")
        == []
    )


def test_people_indicted_by_no_one_named_were_indicted_by_the_state(coder: Coder) -> None:
    meta = ArticleMeta("4" * 64, "unit", PUBLISHED, None, None)
    rows = coder.events.code(coder.nlp("On 7 May 2023, four men were indicted in Nairobi for fraud."), meta)
    assert [(r["cameo_root"], r["actor1"]) for r in rows] == [("17", "Government of Kenya")]


def test_members_of_an_unknown_party_fighting_are_rioters(coder: Coder) -> None:
    rows = code(coder, "On 7 May 2023, members of the Sylhet Youth League attacked a shop owner in Sylhet.")
    assert types(rows)[0][0] == "Riots"


def test_burning_a_flag_is_a_protest(coder: Coder) -> None:
    rows = code(coder, "On 7 May 2023, supporters of a losing candidate burned the party flag in Tabanan.")
    assert types(rows) == [("Protests", "Peaceful protest")]


def test_event_country_uses_acled_names(coder: Coder) -> None:
    rows = code(coder, "On 7 May 2023, Israeli air strikes hit a camp in Khan Younis in the Gaza Strip.")
    assert rows[0]["country"] == "Palestine"


def test_relatives_killed_in_earlier_protests_are_background(coder: Coder) -> None:
    rows = code(
        coder, "On 7 May 2023, marchers in Lima carried photographs of relatives killed in earlier protests."
    )
    assert all(t != "Violence against civilians" for t, _ in types(rows))


def test_a_strike_that_would_begin_is_not_an_event(coder: Coder) -> None:
    assert (
        code(coder, "On 7 May 2023, union leaders said a national strike would begin on Monday in Puno.")
        == []
    )


def test_a_government_extending_a_state_of_emergency_is_a_strategic_development(coder: Coder) -> None:
    rows = code(coder, "On 7 May 2023, the government extended a state of emergency in Puno for 30 days.")
    assert types(rows) == [("Strategic developments", "Other")]


def test_police_dispersing_a_protest_in_the_next_sentence_is_an_intervention(coder: Coder) -> None:
    rows = code(
        coder, "On 7 May 2023, traders held a protest in Mombasa over new fees. Police dispersed the crowd."
    )
    assert types(rows) == [("Protests", "Protest with intervention")]
    assert rows[0]["actor2"] == "Police Forces of Kenya"


def test_a_militia_bombing_an_office_is_an_explosive_not_an_air_strike(coder: Coder) -> None:
    rows = code(coder, "On 7 May 2023, the Myittha PDF bombed the electricity office in Myittha.")
    assert types(rows) == [("Explosions/Remote violence", "Remote explosive/landmine/IED")]


def test_militants_attacking_a_named_village_attack_civilians(coder: Coder) -> None:
    rows = code(coder, "On 7 May 2023, Islamic militants attacked Namava in Cabo Delgado.")
    assert types(rows) == [("Violence against civilians", "Attack")]


def test_an_anti_russia_rally_is_held_by_protesters_not_by_russia(coder: Coder) -> None:
    rows = code(coder, "On 7 May 2023, hundreds of people held an anti-Russia rally in Vilnius.")
    assert types(rows) == [("Protests", "Peaceful protest")]
    assert rows[0]["actor1"] == "Protesters (Lithuania)"


def test_a_looted_fund_named_by_protesters_is_no_riot(coder: Coder) -> None:
    rows = code(
        coder, "On 7 May 2023, depositors protested in Beirut and demanded the recovery of looted funds."
    )
    assert types(rows) == [("Protests", "Peaceful protest")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "On 7 May 2023, monitors counted 14 projectiles fired near Zuhra village in Donetsk region.",
            ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
        ),
        (
            "On 7 May 2023, monitors counted 30 explosions in both directions of the line near Horlivka.",
            ("Battles", "Armed clash"),
        ),
        (
            "On 7 May 2023, monitors counted 9 explosions/shots involving small arms near Horlivka.",
            ("Battles", "Armed clash"),
        ),
        (
            "On 7 May 2023, monitors counted 12 bursts of fire involving small arms near Horlivka.",
            ("Battles", "Armed clash"),
        ),
    ],
)
def test_ceasefire_monitor_counts_are_coded_by_what_was_fired(
    coder: Coder, text: str, expected: tuple[str, str]
) -> None:
    assert types(code(coder, text))[:1] == [expected]


def test_a_stash_of_projectiles_is_no_shelling(coder: Coder) -> None:
    rows = code(coder, "On 7 May 2023, police showed a stash of projectiles found in a barn near Horlivka.")
    assert ("Explosions/Remote violence", "Shelling/artillery/missile attack") not in types(rows)
