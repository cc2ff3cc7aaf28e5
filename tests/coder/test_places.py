"""Place mentions on hand-written sentences: hierarchies, city quarters, regions, look-alikes."""

from __future__ import annotations

from typing import Any

import pytest

from coder.gazetteer import Gazetteer
from coder.places import PlaceMention, context_place


def only(mentions: list[PlaceMention]) -> PlaceMention:
    assert len(mentions) == 1, [(m.text, m.place.name) for m in mentions]
    return mentions[0]


def test_town_then_region_picks_the_namesake_in_that_region(places: Any) -> None:
    mention = only(places("Artillery hit Voznesensk, Mykolaiv, on Monday."))
    assert (mention.text, mention.place.name, mention.place.admin1, mention.place.iso3) == (
        "Voznesensk",
        "Voznesensk",
        "Mykolaiv",
        "UKR",
    )
    assert mention.explicit and mention.place.geo_precision == 1


def test_unknown_village_sits_at_its_township(places: Any, gazetteer: Gazetteer) -> None:
    text = "Troops burned houses in Zyxwa village (Ann Township, Kyaukpyu District, Rakhine State)."
    mention = only(places(text))
    ann = gazetteer.within("Ann", "MMR", "Rakhine")
    assert ann is not None
    place = mention.place
    assert (mention.text, place.name, place.admin1, place.geo_precision) == ("Zyxwa", "Zyxwa", "Rakhine", 2)
    assert (place.latitude, place.longitude) == (ann.latitude, ann.longitude)


def test_unknown_village_with_only_its_region_known(places: Any) -> None:
    mention = only(places("Gunmen attacked Qorvlakta village, Papua province, at night."))
    assert (mention.place.name, mention.place.admin1, mention.place.iso3) == ("Qorvlakta", "Papua", "IDN")
    assert mention.place.geo_precision == 3


def test_a_list_of_towns_is_not_a_hierarchy(places: Any) -> None:
    mentions = places("Airstrikes hit Idlib, Hama and Aleppo.", "SYR")
    assert [m.text for m in mentions] == ["Idlib", "Hama", "Aleppo"]
    assert not any(m.explicit for m in mentions)


def test_town_then_country(places: Any) -> None:
    mention = only(places("A bomb exploded in Aleppo, Syria, on Friday."))
    assert (mention.place.name, mention.place.admin1, mention.place.feature) == ("Aleppo", "Aleppo", "PPL")


def test_city_quarter_is_placed_at_the_city(places: Any) -> None:
    mention = only(places("Police dispersed a rally in Dhaka - Mirpur on Sunday.", "BGD"))
    assert (mention.place.name, mention.place.admin1, mention.place.iso3) == (
        "Dhaka - Mirpur",
        "Dhaka",
        "BGD",
    )


def test_district_of_a_city_is_a_quarter(places: Any) -> None:
    mention = only(places("Youths attacked a camp in the Holosiivskyi district of Kyiv.", "UKR"))
    assert (mention.place.name, mention.place.admin1) == ("Kyiv - Holosiivskyi", "Kyiv City")


def test_part_of_a_region_keeps_its_written_name(places: Any) -> None:
    mention = only(places("A mine exploded in Lashio town (Lashio District, Shan-North State)."))
    assert (mention.place.name, mention.place.admin1) == ("Lashio", "Shan-North")


def test_region_word_beats_a_namesake_town_at_home(places: Any) -> None:
    mention = only(places("Soldiers fired on a bus in Donetsk region.", "RUS"))
    assert (mention.place.feature, mention.place.iso3, mention.place.admin1) == ("ADM1", "UKR", "Donetsk")
    assert mention.place.name == "Donetsk"  # a region stands at its capital and goes by its name


def test_mistagged_names_before_level_words(places: Any) -> None:
    # "Sagaing" is tagged as a verb: the level words around it still make it a name.
    mention = only(places("On Monday, in Kalay township (Kalay district, Sagaing region), a bomb exploded."))
    assert (mention.place.admin1, mention.place.iso3) == ("Sagaing", "MMR")


@pytest.mark.parametrize("text", ["Russian troops moved on.", "The army fired Grad missiles overnight."])
def test_nationalities_and_modifiers_are_not_look_alike_places(places: Any, text: str) -> None:
    assert places(text) == []


def test_facilities_are_not_chained_as_places(places: Any) -> None:
    mention = only(places("People rallied at the Regio Theater in Parma (Parma, Emilia-Romagna)."))
    assert (mention.text, mention.place.admin1) == ("Parma", "Emilia-Romagna")


def test_event_sentence_without_a_place_takes_the_last_one(nlp: Any, gazetteer: Gazetteer) -> None:
    doc = nlp("Protesters gathered in Voznesensk, Mykolaiv. Police later detained four of them.")
    second = list(doc.sents)[1]
    mention = context_place(second, gazetteer, "UKR")
    assert mention is not None and mention.place.name == "Voznesensk"


def test_place_told_after_the_event(nlp: Any, gazetteer: Gazetteer) -> None:
    doc = nlp("One man was killed by an arrow. LOCATION: Mtoto farm, Molo District")
    first = next(iter(doc.sents))
    mention = context_place(first, gazetteer, "KEN")
    assert mention is not None and (mention.place.name, mention.place.admin1) == ("Molo", "Nakuru")


def test_one_word_particle_is_a_name(places: Any) -> None:
    # "Beni" is an Arabic particle in "Beni Suef" but a town of its own before a region.
    mention = only(places("ADF rebels clashed with soldiers in Pamoli village (Beni, Nord-Kivu)."))
    assert (mention.text, mention.place.admin1, mention.place.iso3) == ("Pamoli", "Nord-Kivu", "COD")


def test_region_named_like_a_common_word(places: Any) -> None:
    mention = only(places("People staged a protest in Ingiriya (Ingiriya, Kalutara, Western)."))
    assert (mention.place.admin1, mention.place.iso3) == ("Western", "LKA")


def test_portuguese_particles_join_a_name(places: Any) -> None:
    mention = only(places("In Mossoro (Rio Grande do Norte), a man was shot."))
    assert mention.place.admin1 == "Rio Grande do Norte"


def test_split_region_takes_the_part_of_the_place(places: Any) -> None:
    mention = only(places("Shells fell near Nam Hai village (Lashio Township, Lashio District, Shan State)."))
    assert mention.place.admin1 == "Shan-North"
    mention = only(places("A bomb exploded in Nattalin town (Thayarwady district, Bago region)."))
    assert mention.place.admin1 == "Bago-West"


def test_village_namesake_in_the_region_the_text_names(places: Any) -> None:
    mentions = places("Ukrainian defender killed near Pivdenne in Donbas.", "UKR")
    pivdenne = next(m for m in mentions if m.text == "Pivdenne")
    assert pivdenne.place.admin1 == "Donetsk"


def test_region_holding_the_name_as_written_wins(places: Any) -> None:
    mention = only(places("Women took part in a demonstration in Matara (Matara, Southern)."))
    assert (mention.place.name, mention.place.iso3) == ("Matara", "LKA")


def test_spelling_of_the_text_is_kept_for_loose_matches(places: Any) -> None:
    mention = only(places("Turkish forces shelled regime positions in Saraqab, Idlib."))
    assert (mention.place.name, mention.place.admin1) == ("Saraqab", "Idlib")


def test_sadar_subdistrict_is_its_town(places: Any) -> None:
    mention = only(places("Students clashed in Kishoreganj Sadar over the quota system.", "BGD"))
    assert (mention.place.feature, mention.place.admin1) == ("PPL", "Dhaka")


def test_abbreviated_region_in_a_hierarchy(places: Any) -> None:
    mention = only(places("Locals held a protest in Karak city (Karak, KPK) against an incident."))
    assert (mention.place.admin1, mention.place.iso3) == ("Khyber Pakhtunkhwa", "PAK")


def test_institution_named_after_its_town(places: Any) -> None:
    mention = only(
        places("Journalists formed a human chain in front of Faridpur Press Club (Faridpur Sadar, Dhaka).")
    )
    assert (mention.place.name, mention.place.admin1, mention.place.geo_precision) == ("Farīdpur", "Dhaka", 1)
    mention = only(places("Students of Kisii University held a protest against the vice chancellor.", "KEN"))
    assert (mention.place.name, mention.place.admin1) == ("Kisii", "Kisii")


def test_institution_not_named_after_a_town(places: Any) -> None:
    assert places("Protesters gathered at Uhuru Park and the Regio Theater.", "KEN") == []


def test_small_town_tagged_as_a_nationality_after_in_is_a_place(places: Any) -> None:
    # The tagger reads "Halba" as a nationality word; after "in" it is still the Lebanese town.
    mention = only(places("On 2 May, dozens of teachers protested in Halba against unpaid wages."))
    assert (mention.place.name, mention.place.iso3, mention.place.admin1) == ("Halba", "LBN", "Akkar")


def test_district_named_after_a_town_chooses_among_its_spellings(places: Any, gazetteer: Gazetteer) -> None:
    # No town is spelled "Hsipaw" in the gazetteer; a look-alike lies far away in eastern Shan, so the
    # event stands at Kyaukme, the district the note names, rather than at the look-alike.
    text = "A mine exploded in Hsipaw town (Hsipaw Township, Kyaukme District, Shan State) on Friday."
    mention = only(places(text))
    kyaukme = gazetteer.within("Kyaukme", "MMR", "Shan")
    assert kyaukme is not None
    place = mention.place
    assert (place.name, place.admin1, place.geo_precision) == ("Hsipaw", "Shan-North", 2)
    assert (place.latitude, place.longitude) == (kyaukme.latitude, kyaukme.longitude)
