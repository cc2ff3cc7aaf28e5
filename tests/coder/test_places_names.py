"""Place mentions on hand-written sentences: names with particles, organisation names, acronyms,
words capitalised by their position, regions named like countries and split regions."""

from __future__ import annotations

from typing import Any

from coder.gazetteer import Gazetteer


def test_a_particle_stays_when_the_name_is_known_with_it(places: Any) -> None:
    mentions = places("Farmers blocked a supermarket in Le Mans on Friday.")
    assert [(m.text, m.place.iso3) for m in mentions] == [("Le Mans", "FRA")]
    mention = places("Teachers marched in La Paz (La Paz) on Monday.")[0]
    assert (mention.text, mention.place.iso3, mention.place.admin1) == ("La Paz", "BOL", "La Paz")


def test_an_organisation_named_x_of_y_is_no_place(places: Any) -> None:
    text = "Members of the Union of Civil Servants protested in Sfax on Monday."
    assert [(m.text, m.place.iso3) for m in places(text)] == [("Sfax", "TUN")]


def test_a_region_written_as_republic_of_keeps_its_chain(places: Any) -> None:
    mentions = places("Men threw stones at a police post in Gedzhukh, Republic of Dagestan, at night.")
    explicit = [m for m in mentions if m.explicit]
    assert [(m.text, m.place.iso3) for m in explicit] == [("Gedzhukh", "RUS")]


def test_an_acronym_in_brackets_is_no_region(places: Any) -> None:
    mentions = places("In Santa Fe province, members of the Southern Freedom Movement (MLS) marched.", "ARG")
    assert all(m.place.iso3 == "ARG" for m in mentions), [(m.text, m.place.admin1) for m in mentions]


def test_short_capitals_are_initials_not_towns(places: Any) -> None:
    mentions = places("Members of KAS and YAN held a rally in Jakarta.")
    assert [m.text for m in mentions] == ["Jakarta"]


def test_a_country_acronym_still_counts(places: Any) -> None:
    mention = places("Fighting was reported in Goma (DRC) overnight.")[0]
    assert (mention.text, mention.place.iso3) == ("Goma", "COD")


def test_a_word_capitalised_by_its_position_matches_no_look_alike(places: Any) -> None:
    mentions = places("Grenade attack at a bar outside Mombasa leaves two dead.")
    assert [(m.text, m.place.iso3) for m in mentions] == [("Mombasa", "KEN")]
    mentions = places("Chaos erupted after rival supporters clashed in Kisumu.")
    assert [(m.text, m.place.iso3) for m in mentions] == [("Kisumu", "KEN")]


def test_a_region_named_like_a_country_when_it_holds_the_names(places: Any) -> None:
    mention = places("Gunmen abducted traders near Pandogari (Rafi LGA, Niger) on Sunday.")[0]
    assert (mention.text, mention.place.iso3, mention.place.admin1) == ("Pandogari", "NGA", "Niger")


def test_a_city_quarter_written_with_city(places: Any) -> None:
    mention = places("Activists held a press conference (Seoul City - Mapo) on Tuesday.")[0]
    assert (mention.place.name, mention.place.iso3) == ("Seoul City - Mapo", "KOR")


def test_a_part_of_a_region_is_kept_only_where_acled_splits_it(places: Any) -> None:
    kenya = places("Raiders stole cattle in Rumuruti division, Laikipia West, at dawn.")[0]
    assert (kenya.place.iso3, kenya.place.admin1) == ("KEN", "Laikipia")
    myanmar = places("Troops shelled Kutkai township (Kyaukme district, Shan-North) on Monday.")[0]
    assert myanmar.place.admin1 == "Shan-North"


def test_a_loose_look_alike_abroad_must_be_big(gazetteer: Gazetteer) -> None:
    # Without a country, a name the gazetteer lacks is not taken for a mid-sized town abroad
    # whose skeleton it shares.
    assert gazetteer.lookup("Kombewa") is None
    assert gazetteer.lookup("Kharkov") is not None
