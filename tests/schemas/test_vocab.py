"""The controlled vocabularies in `schemas/vocab/` are complete and internally consistent."""

from __future__ import annotations

import polars as pl

from schemas.vocab import acled_actor_types, acled_event_types, cameo_codes

QUAD_CLASS_BY_ROOT = {
    f"{root:02d}": 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4 for root in range(1, 21)
}


def test_acled_has_six_event_types() -> None:
    """ACLED defines six event types."""
    assert acled_event_types()["event_type"].n_unique() == 6


def test_acled_sub_types_each_belong_to_one_type() -> None:
    """The 25 sub-event types are distinct and each sits under exactly one event type."""
    types = acled_event_types()
    assert types.height == 25
    assert types["sub_event_type"].is_unique().all()
    per_sub = types.group_by("sub_event_type").agg(pl.col("event_type").n_unique().alias("n"))
    assert per_sub["n"].to_list() == [1] * 25


def test_acled_has_eight_actor_types() -> None:
    """ACLED actor types are the inter codes 1..8, one label each."""
    actors = acled_actor_types()
    assert actors["inter_code"].to_list() == list(range(1, 9))
    assert actors["actor_type"].is_unique().all()


def test_cameo_codes_are_unique_strings_of_two_to_four_digits() -> None:
    """CAMEO codes are unique and written as 2-4 digit strings, leading zeros kept."""
    codes = cameo_codes()["cameo_code"]
    assert codes.dtype == pl.String
    assert codes.is_unique().all()
    assert codes.str.contains(r"^\d{2,4}$").all(), codes.filter(~codes.str.contains(r"^\d{2,4}$")).to_list()


def test_cameo_root_is_first_two_digits() -> None:
    """`cameo_root` is the first two digits of `cameo_code`."""
    book = cameo_codes()
    wrong = book.filter(pl.col("cameo_root") != pl.col("cameo_code").str.slice(0, 2))
    assert wrong.is_empty(), wrong


def test_cameo_all_twenty_roots_present() -> None:
    """The root codes "01".."20" are all codes of the book."""
    assert set(QUAD_CLASS_BY_ROOT) <= set(cameo_codes()["cameo_code"].to_list())


def test_cameo_quad_class_follows_root() -> None:
    """Roots 01-05 are quad class 1, 06-09 class 2, 10-14 class 3, 15-20 class 4."""
    book = cameo_codes()
    expected = book["cameo_root"].replace_strict(QUAD_CLASS_BY_ROOT, return_dtype=pl.Int8)
    wrong = book.filter(book["quad_class"] != expected)
    assert wrong.is_empty(), wrong


def test_cameo_goldstein_in_range() -> None:
    """Goldstein values lie in -10..10 and none is missing."""
    goldstein = cameo_codes()["goldstein"]
    assert goldstein.null_count() == 0
    assert goldstein.is_between(-10, 10).all()


def test_cameo_every_code_has_its_parent() -> None:
    """Every 3- or 4-digit code's parent (the code without its last digit) is in the book."""
    codes = set(cameo_codes()["cameo_code"].to_list())
    orphans = sorted(code for code in codes if len(code) > 2 and code[:-1] not in codes)
    assert orphans == []
