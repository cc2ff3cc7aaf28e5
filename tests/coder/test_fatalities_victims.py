"""Fatalities from death predicates and their victims; follow-up tolls merged into the event's toll."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from coder.code import Coder
from coder.events import ArticleMeta
from coder.fatalities import Fatalities, find_fatalities


def first(nlp: Language, sentence: str) -> Fatalities | None:
    return find_fatalities(next(nlp(sentence).sents))


@pytest.mark.parametrize(
    ("sentence", "best"),
    [
        # one victim without a number
        ("Bandits killed a herder near the river.", 1),
        ("A teacher was killed in the raid.", 1),
        ("The shopkeeper later died in hospital.", 1),
        ("Soldiers shot dead a fisherman at the checkpoint.", 1),
        ("A trader was beaten to death by a crowd.", 1),
        ("Villagers lynched a suspected thief.", 1),
        ("Gunmen stopped the mayor and killed him.", 1),
        # numbers, conjoined victims, vague and headline forms
        ("Three farmers were shot dead by gunmen.", 3),
        ("One policeman and two traders were killed.", 3),
        ("A girl, a nurse, and a driver were killed by stray bullets.", 3),
        ("Clashes resulted in the death of 1 guard.", 1),
        ("Both of the drivers died.", 2),
        ("Three guards found killed near the depot", 3),
        ("Nine fighters killed in rebel east", 9),
        ("Fourteen villagers died of their wounds.", 14),
        ("The raid claimed four lives.", 4),
        ("The bodies of six traders were found.", 6),
        ("Seventy soldiers were killed and four members of the militia were also killed.", 74),
        ("Gunmen raided the camp, killing at least 9, including two guards.", 9),
    ],
)
def test_victims_are_counted(nlp: Language, sentence: str, best: int) -> None:
    found = first(nlp, sentence)
    assert found is not None and found.best == best


@pytest.mark.parametrize(
    "sentence",
    [
        "Raiders killed 40 goats and stole cattle.",  # animals are not fatalities
        "He was sentenced to death in 2019.",
        "The men tried to kill a guard.",
        "Police arrested a man suspected of killing two traders.",
        "Students protested the death of a classmate.",
        "Relatives demanded justice for two men who died in custody.",
        "Riots broke out after a local councillor was killed.",
        "More than 2,000 people have been killed since 2014.",
        "A nurse was shot and injured during the raid.",
    ],
)
def test_background_attempts_and_injuries_are_not_deaths(nlp: Language, sentence: str) -> None:
    found = first(nlp, sentence)
    assert found is None or found.best == 0


def test_stated_total_other_victims_and_killer(nlp: Language) -> None:
    total = first(nlp, "4 fatalities.")
    more = first(nlp, "Two other traders were also killed.")
    agentless = first(nlp, "Two traders were killed in the blast.")
    agent = first(nlp, "Bandits killed two traders.")
    assert total is not None and total.total and total.best == 4
    assert more is not None and more.more
    assert agentless is not None and agentless.bare
    assert agent is not None and not agent.bare


@pytest.mark.parametrize(
    ("current", "followup", "expected"),
    [
        (Fatalities(1, 1, 1), Fatalities(2, 2, 2, more=True), 3),  # "two others were also killed"
        (Fatalities(2, 2, 2), Fatalities(3, 3, 3, total=True), 3),  # "3 fatalities."
        (Fatalities(5, 5, 5), Fatalities(1, 1, 1), 5),  # "the man died": already counted
        (Fatalities(0, 0, 0), Fatalities(1, 1, 1), 1),  # "the man later died": a death not yet counted
    ],
)
def test_followup_merges(current: Fatalities, followup: Fatalities, expected: int) -> None:
    assert followup.after(current).best == expected


def code(coder: Coder, text: str) -> list[dict[str, object]]:
    meta = ArticleMeta("0" * 64, "unit", date(2024, 3, 6), "Unit Wire", None)
    return coder.events.code(coder.nlp(text), meta)


def test_bare_toll_in_next_sentence_goes_to_the_event(coder: Coder) -> None:
    rows = code(coder, "On 4 March 2024, rebels shelled the town of Goma. Two civilians were killed.")
    shelling = [r for r in rows if r["event_type"] == "Explosions/Remote violence"]
    assert shelling and shelling[0]["fatalities"] == 2


def test_followup_victims_add_up_and_a_stated_total_wins(coder: Coder) -> None:
    rows = code(
        coder,
        "On 4 March 2024, gunmen shot and killed a trader in Goma. "
        "Two other people were also killed. The attackers fled. 3 fatalities.",
    )
    violent = [r for r in rows if r["event_type"] == "Violence against civilians"]
    assert violent and violent[0]["fatalities"] == 3
