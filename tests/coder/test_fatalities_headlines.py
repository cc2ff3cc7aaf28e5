"""Fatalities in headline-style text: glued dashes, sources after a dash, garbled parses, running totals,
and how a second figure for the same dead is weighed."""

from __future__ import annotations

import pytest
from spacy.language import Language

from coder.fatalities import Fatalities, find_fatalities


def first(nlp: Language, sentence: str) -> Fatalities | None:
    return find_fatalities(next(nlp(sentence).sents))


@pytest.mark.parametrize(
    ("sentence", "best"),
    [
        ("Farmer killed- two wounded in raid on hamlet", 1),
        ("Three guards killed- one wounded in mortar fire near the depot", 3),
        ("Clashes in the valley kill four- including two herders", 4),
        ("Shelling of the market kills two - regional office", 2),
        ("Nurse killed in shelling of the clinic - district officials", 1),
        ("One herder dead in fresh valley clashes", 1),
        ("Mortar fire leaves one guard dead- two wounded", 1),
        ("2 dead- 9 injured in fighting near the border", 2),
        ("Militia fire kills farmer near the river", 1),
        ("Civilian killed- bridge damaged in night shelling", 1),
        ("Six people in the border district killed by artillery fire", 6),
        ("Forty-nine sailors killed as ferry sunk by rebels", 49),
        ("Between 10 and 15 villagers were killed.", 10),
        ("Five guards- two herders killed near the river", 7),
        ("Three police officers- one rebel killed in overnight fighting", 4),
    ],
)
def test_headline_victims_are_counted(nlp: Language, sentence: str, best: int) -> None:
    found = first(nlp, sentence)
    assert found is not None and found.best == best


@pytest.mark.parametrize(
    "sentence",
    [
        "Thirty guards killed in the insurgency this year",
        "So far 120 people have been killed in the fighting.",
    ],
)
def test_running_totals_are_not_the_days_dead(nlp: Language, sentence: str) -> None:
    found = first(nlp, sentence)
    assert found is None or found.best == 0


def test_another_sources_figure_is_marked_conflicting(nlp: Language) -> None:
    found = first(nlp, "Other sources report that 4 guards were killed.")
    assert found is not None and found.conflicting and found.best == 4


@pytest.mark.parametrize(
    ("current", "followup", "expected"),
    [
        (Fatalities(1, 1, 1), Fatalities(4, 4, 4, conflicting=True, figure=True), 1),  # other sources: 4
        (Fatalities(6, 6, 6), Fatalities(2, 2, 2, figure=True), 2),  # a second, lower figure
        (Fatalities(2, 2, 2), Fatalities(1, 1, 1), 2),  # "the man died": one of those counted
        (Fatalities(0, 0, 0), Fatalities(3, 3, 3, figure=True), 3),  # the first figure told
    ],
)
def test_second_figure_keeps_the_lower(current: Fatalities, followup: Fatalities, expected: int) -> None:
    assert followup.after(current).best == expected
