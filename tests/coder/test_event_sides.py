"""Who is actor 1 when the parse names no agent: a group the sentence blames, ACLED's unidentified armed
group for a nameless battle, and civilians first in an evacuation."""

from __future__ import annotations

from datetime import date

from coder.code import Coder
from coder.events import ArticleMeta

PUBLISHED = date(2023, 5, 10)


def first(coder: Coder, text: str) -> dict[str, object]:
    meta = ArticleMeta("4" * 64, "unit", PUBLISHED, "Unit Wire", None)
    return next(r for r in coder.events.code(coder.nlp(text), meta) if r["event_type"])


def test_a_group_that_claimed_the_attack_is_its_perpetrator(coder: Coder) -> None:
    row = first(
        coder,
        "On 7 May 2023, a roadside bomb hit a police truck near Mandera town, in an attack later "
        "claimed by al-Shabaab.",
    )
    assert row["actor1"] == "Al Shabaab"


def test_a_battle_with_no_side_named_is_fought_by_an_unidentified_group(coder: Coder) -> None:
    row = first(coder, "On 7 May 2023, a shootout took place at a checkpoint near Gao.")
    assert (row["event_type"], row["actor1"]) == ("Battles", "Unidentified Armed Group (Mali)")


def test_evacuated_civilians_are_actor_one(coder: Coder) -> None:
    row = first(coder, "On 7 May 2023, about 300 civilians were evacuated from Bakhmut.")
    assert (row["actor1"], row["actor2"]) == ("Civilians (Ukraine)", None)


def test_they_refers_to_the_subject_of_a_sentence_without_an_event(coder: Coder) -> None:
    row = first(
        coder, "On 7 May 2023, police officers arrived at the market in Gao. They then beat two traders."
    )
    assert row["actor1"] == "Police Forces of Mali"


def test_the_subject_of_a_light_verb_acts_for_a_compound_event_noun(coder: Coder) -> None:
    row = first(coder, "On 7 May 2023, Russian forces launched a rocket attack on a barracks in Zhytomyr.")
    assert (row["actor1"], row["actor1_type"]) == ("Military Forces of Russia", "External/Other forces")


def test_a_party_that_protests_is_no_actor_one(coder: Coder) -> None:
    row = first(coder, "On 7 May 2023, BNP activists staged a demonstration in Sylhet city.")
    assert (row["event_type"], row["actor1"]) == ("Protests", "Protesters (Bangladesh)")


def test_explosions_counted_by_monitors_are_blamed_on_no_one(coder: Coder) -> None:
    # Who fired is not in the text: the row says unidentified rather than guess a side.
    row = first(
        coder, "On 7 May 2023, the OSCE SMM recorded 14 explosions of undetermined origin near Horlivka."
    )
    assert str(row["actor1"]).startswith("Unidentified Armed Group")
