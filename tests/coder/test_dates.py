"""Dates: explicit and relative expressions resolved against the publication date."""

from datetime import date

import pytest

from coder.dates import find_dates, pick_date

MONDAY = date(2024, 12, 2)


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("Fighters crossed late Sunday night.", date(2024, 12, 1), 1),
        ("The offensive began on November 27.", date(2024, 11, 27), 1),
        ("Clashes erupted on 3 March 2020 in the north.", date(2020, 3, 3), 1),
        ("Talks resumed on Dec. 1, 2024.", date(2024, 12, 1), 1),
        ("It happened yesterday.", date(2024, 12, 1), 1),
        ("Police fired tear gas on Monday.", date(2024, 12, 2), 1),
        ("The ministry said so last Monday.", date(2024, 11, 25), 1),
        ("Two days ago the town fell.", date(2024, 11, 30), 1),
        ("Fighting intensified last week.", date(2024, 11, 25), 2),
        ("Attacks rose in October.", date(2024, 10, 1), 3),
        ("Protests spread last month.", date(2024, 11, 1), 3),
        ("The report is dated 2024-11-30.", date(2024, 11, 30), 1),
    ],
)
def test_expressions_resolve_against_published(text: str, expected: date, precision: int) -> None:
    found = pick_date(text, MONDAY)
    assert found is not None
    assert (found.value, found.precision) == (expected, precision)
    assert text[found.start : found.end] == found.text


def test_day_month_after_publication_is_last_year() -> None:
    found = pick_date("The siege began on December 20.", date(2024, 1, 5))
    assert found is not None and found.value == date(2023, 12, 20)


def test_nearest_expression_to_the_anchor_wins() -> None:
    text = "On Sunday rebels took the town; the offensive began on November 27."
    assert pick_date(text, MONDAY, anchor=0).value == date(2024, 12, 1)  # type: ignore[union-attr]
    assert pick_date(text, MONDAY, anchor=len(text) - 5).value == date(2024, 11, 27)  # type: ignore[union-attr]


def test_relative_dates_need_a_publication_date() -> None:
    assert pick_date("It happened yesterday.", None) is None
    assert find_dates("Clashes on 3 March 2020.", None)[0].value == date(2020, 3, 3)


def test_no_date_and_impossible_dates() -> None:
    assert pick_date("Rebels took the town.", MONDAY) is None
    assert pick_date("It happened on February 30.", MONDAY) is None


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("On 3 March 2024, gunmen attacked a convoy set to leave on 5 March 2024.", date(2024, 3, 3), 1),
        ("Around 20 November 2024 (between 18 - 22 November), a bomb exploded.", date(2024, 11, 20), 2),
        ("On 02-November-2024, in the town, a rally was held.", date(2024, 11, 2), 1),
    ],
)
def test_opening_date_governs_the_sentence(text: str, expected: date, precision: int) -> None:
    found = pick_date(text, MONDAY, anchor=len(text) - 10)
    assert found is not None and (found.value, found.precision) == (expected, precision)
