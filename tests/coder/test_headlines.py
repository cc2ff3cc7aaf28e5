"""Wire headlines: clauses cut at a glued hyphen, a toll clause before the attack it belongs to, and bare
participles read as passives ("Guard killed in ambush": the guard is the victim)."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from coder.code import Coder
from coder.events import ArticleMeta
from coder.nlp import ends_headline_clause, passive_voice

PUBLISHED = date(2023, 5, 10)


def code(coder: Coder, text: str) -> list[dict[str, object]]:
    meta = ArticleMeta("3" * 64, "unit", PUBLISHED, "Unit Wire", None)
    return coder.events.code(coder.nlp(text), meta)


def test_a_glued_hyphen_ends_a_headline_clause(nlp: Language) -> None:
    sents = list(nlp("Two herders die- one wounded near the river").sents)
    assert sents[0].text == "Two herders die-"
    assert ends_headline_clause(sents[0]) and not ends_headline_clause(sents[-1])


def test_a_hyphen_after_a_bare_noun_phrase_only_separates_a_list(nlp: Language) -> None:
    assert len(list(nlp("Five guards- two herders killed near the river").sents)) == 1


def test_hyphens_inside_words_and_spaced_dashes_do_not_cut(nlp: Language) -> None:
    assert len(list(nlp("A well-known pro-government figure spoke - briefly - on Monday").sents)) == 1


def test_a_toll_clause_goes_to_the_attack_told_next(coder: Coder) -> None:
    rows = code(coder, "Three guards killed- five wounded in shelling near Kramatorsk")
    lethal = [r for r in rows if r["event_type"] is not None]
    assert len(lethal) == 1
    assert lethal[0]["sub_event_type"] == "Shelling/artillery/missile attack"
    assert lethal[0]["fatalities"] == 3


def test_a_toll_clause_without_an_attack_after_it_stays_an_event(coder: Coder) -> None:
    rows = code(coder, "Three guards killed- talks to resume in Geneva")
    assert [r["fatalities"] for r in rows if r["event_type"] is not None] == [3]


@pytest.mark.parametrize(
    ("text", "verb", "passive"),
    [
        ("Guard killed in ambush near the depot", "killed", True),
        ("Student leader released after two weeks", "released", True),
        ("Two reporters arrested in the capital", "arrested", True),
        ("The guards killed two intruders", "killed", False),
        ("On 5 May, the army shelled with mortars Zuhra, a village.", "shelled", False),
        ("Rebels were ambushed near the bridge", "ambushed", True),
    ],
)
def test_bare_participles_of_headlines_are_passive(
    nlp: Language, text: str, verb: str, passive: bool
) -> None:
    token = next(t for t in nlp(text) if t.text == verb)
    assert passive_voice(token) is passive


def test_who_was_released_in_a_headline_is_the_target_of_the_state(coder: Coder) -> None:
    rows = code(coder, "Kenyan activist released in case that worries rights groups")
    released = [r for r in rows if r["cameo_code"] == "084"]
    assert released, rows
    assert released[0]["actor1"] == "Government of Kenya"
