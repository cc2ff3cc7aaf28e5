"""Fatalities: numbers of dead near death words; injuries and arrests are not deaths."""

import pytest
from spacy.language import Language

from coder.fatalities import find_fatalities, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12),
        ("1,200", 1200),
        ("three", 3),
        ("twenty-five", 25),
        ("two hundred", 200),
        ("dozens", 12),
        ("hundreds", 100),
        ("several", 3),
        ("banana", None),
    ],
)
def test_parse_number(text: str, value: int | None) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("sentence", "best", "high"),
    [
        ("At least 12 people were killed in the attack.", 12, 12),
        ("The blast killed three soldiers near the base.", 3, 3),
        ("Gunmen stormed the village, killing five civilians.", 5, 5),
        ("The death toll rose to 30 on Tuesday.", 30, 30),
        ("Dozens of people died in the fighting.", 12, 12),
        ("Two soldiers and four militants were killed.", 6, 6),
        ("Between 10 and 15 people were killed.", 10, 15),
        ("The attack left 7 dead.", 7, 7),
    ],
)
def test_deaths_are_counted(nlp: Language, sentence: str, best: int, high: int) -> None:
    found = find_fatalities(next(nlp(sentence).sents))
    assert found is not None
    assert (found.best, found.high) == (best, high)


@pytest.mark.parametrize(
    "sentence",
    [
        "Five people were injured in the blast.",
        "Police arrested 40 protesters in the capital.",
        "Gunmen abducted 23 villagers on Sunday.",
        "The army deployed 200 troops to the border.",
        "The attack happened in 2019 near the river.",
    ],
)
def test_injuries_arrests_and_other_numbers_are_not_deaths(nlp: Language, sentence: str) -> None:
    assert find_fatalities(next(nlp(sentence).sents)) is None


def test_explicit_zero(nlp: Language) -> None:
    found = find_fatalities(next(nlp("No one was killed in the shelling.").sents))
    assert found is not None and found.best == 0
