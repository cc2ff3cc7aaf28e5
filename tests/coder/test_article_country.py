"""The article's country: which votes count how much, and what a mission or a named group says."""

from __future__ import annotations

from datetime import date

from coder.code import Coder
from coder.events import ArticleMeta


def country(coder: Coder, text: str) -> str | None:
    return coder.events.article_country(coder.nlp(text))


def rows(coder: Coder, text: str) -> list[dict[str, object]]:
    meta = ArticleMeta("0" * 64, "unit", date(2024, 3, 6), "Unit Wire", None)
    return coder.events.code(coder.nlp(text), meta)


def test_a_named_group_says_the_country_when_no_place_does(coder: Coder) -> None:
    assert country(coder, "Mungiki members clashed with police overnight.") == "KEN"


def test_a_country_word_modifying_a_company_does_not_outvote_the_home_town(coder: Coder) -> None:
    assert country(coder, "Farmers protested against a Chinese mining firm in Kitui.") == "KEN"


def test_a_demonym_of_plural_place_nouns_says_where(coder: Coder) -> None:
    assert country(coder, "Ugandan raiders attacked Kenyan villages and stole cattle.") == "KEN"


def test_a_town_found_under_another_name_counts_less_than_a_region(coder: Coder) -> None:
    text = "Insurgents torched homes in Nangade on Sunday, officials in Cabo Delgado said."
    assert country(coder, text) == "MOZ"


def test_a_mission_working_in_one_country_says_the_country_and_region(coder: Coder) -> None:
    text = "The OSCE SMM recorded 12 explosions near Vesele."
    assert country(coder, text) == "UKR"
    assert [(r["country"], r["admin1"], r["location"]) for r in rows(coder, text)] == [
        ("Ukraine", "Donetsk", "Vesele")
    ]


def test_a_protest_in_a_town_written_with_its_region_is_there_not_in_the_cause(coder: Coder) -> None:
    text = (
        "Students from Manipur, India, protested in Rangpur city (Rangpur, Bangladesh) "
        "against the killings in Manipur."
    )
    protests = [r for r in rows(coder, text) if r["event_type"] == "Protests"]
    assert [(r["country"], r["admin1"]) for r in protests] == [("Bangladesh", "Rangpur")]
