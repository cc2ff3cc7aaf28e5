"""Publication dates: ISO 8601 and RFC 2822 to a UTC date; anything else is NULL, never an error."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from sources import parse_published


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05", date(2024, 3, 5)),
        ("20240305", date(2024, 3, 5)),
        ("2024-03-05T10:00:00Z", date(2024, 3, 5)),
        ("2024-03-05 10:00", date(2024, 3, 5)),
        ("2024-03-05T10:00:00.123456+00:00", date(2024, 3, 5)),
        # An offset moves the moment across midnight in UTC.
        ("2024-03-05T23:30:00-05:00", date(2024, 3, 6)),
        ("2024-03-05T01:00:00+03:00", date(2024, 3, 4)),
        ("2024-05-12T22:40:00-0400", date(2024, 5, 13)),
        ("Tue, 05 Mar 2024 10:00:00 +0200", date(2024, 3, 5)),
        ("Tue, 05 Mar 2024 23:00:00 -0300", date(2024, 3, 6)),
        ("Tue, 05 Mar 2024 10:00:00 GMT", date(2024, 3, 5)),
        ("Tue, 05 Mar 2024", date(2024, 3, 5)),
        ("5 March 2024", date(2024, 3, 5)),
        ("March 5, 2024", date(2024, 3, 5)),
        ("  2024-03-05  ", date(2024, 3, 5)),
    ],
)
def test_parse_published_reads_iso_and_rfc2822(value: str, expected: date) -> None:
    assert parse_published(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        "yesterday",
        "2024-13-01",
        "2024-02-30",
        "Mon, 32 Mar 2024 10:00:00 +0000",
        None,
        1709632800,
        ["2024-03-05"],
    ],
)
def test_parse_published_gives_none_for_anything_else(value: object) -> None:
    assert parse_published(value) is None


def test_parse_published_accepts_date_and_datetime_objects() -> None:
    plus_two = timezone(timedelta(hours=2))
    assert parse_published(date(2024, 1, 2)) == date(2024, 1, 2)
    assert parse_published(datetime(2024, 1, 2, 1, 0, tzinfo=plus_two)) == date(2024, 1, 1)
    assert parse_published(datetime(2024, 1, 2, 23, 0, tzinfo=UTC)) == date(2024, 1, 2)
