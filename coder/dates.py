"""Dates: explicit and relative expressions in a sentence, resolved against the publication date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = {
    name: i
    for i, name in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})\b")),
    ("day_month", re.compile(rf"\b{_DAY}(?:\s+|-)(?:of\s+)?{_MONTH}(?:(?:,?\s+|-){_YEAR})?\b", re.I)),
    ("month_day", re.compile(rf"\b{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?\b", re.I)),
    ("month_year", re.compile(rf"\b(?:in|during|since|early|late|mid-?)\s+{_MONTH}(?:\s+{_YEAR})?\b", re.I)),
    (
        "weekday",
        re.compile(
            r"\b(?P<mod>last|past|this|late|early|on)?\s*(?P<weekday>monday|tuesday|wednesday|thursday|friday"
            r"|saturday|sunday)s?\b",
            re.I,
        ),
    ),
    ("ago", re.compile(r"\b(?P<n>\d+|one|two|three|four|five|six|seven|a)\s+days?\s+ago\b", re.I)),
    (
        "relative",
        re.compile(
            r"\b(?P<rel>yesterday|today|tonight|this morning|this afternoon|this evening|last night|overnight"
            r"|earlier this week|this week|last week|earlier this month|this month|last month)\b",
            re.I,
        ),
    ),
]
LEAD = re.compile(r"\W*(?:on|around|about|by|in|from|between)?\s*", re.I)
LEAD_END = re.compile(r"\s*(?:\([^)]*\))?\s*,")  # the opening date is set off by a comma
APPROXIMATE = re.compile(r"\b(?:around|about|approximately|circa)\s*$", re.I)
SMALL_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "a": 1}
RELATIVE: dict[str, tuple[int, int]] = {  # expression -> (days back, time precision)
    "yesterday": (1, 1),
    "today": (0, 1),
    "tonight": (0, 1),
    "this morning": (0, 1),
    "this afternoon": (0, 1),
    "this evening": (0, 1),
    "last night": (1, 1),
    "overnight": (1, 1),
    "earlier this week": (0, 2),
    "this week": (0, 2),
    "last week": (7, 2),
    "earlier this month": (0, 3),
    "this month": (0, 3),
}


@dataclass(frozen=True, slots=True)
class DateMention:
    """A resolved date expression: the date, its ACLED time precision and its character span."""

    value: date
    precision: int  # 1 day, 2 week or approximate, 3 month
    start: int
    end: int
    text: str


def find_dates(text: str, published: date | None) -> list[DateMention]:
    """Every date expression in `text` that can be resolved, in text order (overlaps removed)."""
    found: list[DateMention] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            if any(d.start <= m.start() < d.end or m.start() <= d.start < m.end() for d in found):
                continue
            resolved = _resolve(kind, m, published)
            if resolved is not None:
                value, precision = resolved
                if precision == 1 and APPROXIMATE.search(text[: m.start()]):
                    precision = 2  # ACLED: "around 15 May" is a date known to within the week
                found.append(DateMention(value, precision, m.start(), m.end(), m.group(0)))
    return sorted(found, key=lambda d: d.start)


def pick_date(text: str, published: date | None, anchor: int = 0) -> DateMention | None:
    """The date expression of `text` nearest to character `anchor` (the trigger), or None."""
    mentions = find_dates(text, published)
    if not mentions:
        return None
    # "On 8 March, ..." / "Around 8 March (between 4 - 8 March), ...": a sentence's opening date governs it.
    lead = next(
        (d for d in mentions if LEAD.fullmatch(text[: d.start]) and LEAD_END.match(text, d.end)), None
    )
    if lead is not None:
        return lead
    return min(mentions, key=lambda d: (abs(d.start - anchor), d.precision))


def _resolve(kind: str, m: re.Match[str], published: date | None) -> tuple[date, int] | None:
    groups = m.groupdict()
    if kind == "iso":
        return _safe_date(int(groups["year"]), int(groups["month"]), int(groups["day"]), 1)
    if kind in {"day_month", "month_day"}:
        month = MONTHS[groups["month"].lower()]
        day = int(groups["day"])
        if groups.get("year"):
            return _safe_date(int(groups["year"]), month, day, 1)
        return _in_year_before(published, month, day, 1)
    if kind == "month_year":
        month = MONTHS[groups["month"].lower()]
        if groups.get("year"):
            return _safe_date(int(groups["year"]), month, 1, 3)
        return _in_year_before(published, month, 1, 3)
    if published is None:
        return None
    if kind == "weekday":
        target = WEEKDAYS[groups["weekday"].lower()]
        back = (published.weekday() - target) % 7
        if back == 0 and (groups.get("mod") or "").lower() in {"last", "past"}:
            back = 7
        return published - timedelta(days=back), 1
    if kind == "ago":
        raw = groups["n"].lower()
        days = int(raw) if raw.isdigit() else SMALL_NUMBERS[raw]
        return published - timedelta(days=days), 1
    rel = groups["rel"].lower()
    if rel == "last month":
        first = published.replace(day=1) - timedelta(days=1)
        return first.replace(day=1), 3
    back, precision = RELATIVE[rel]
    return published - timedelta(days=back), precision


def _safe_date(year: int, month: int, day: int, precision: int) -> tuple[date, int] | None:
    try:
        return date(year, month, day), precision
    except ValueError:
        return None


def _in_year_before(published: date | None, month: int, day: int, precision: int) -> tuple[date, int] | None:
    """A day/month without a year: the latest such date not after publication (+1 day)."""
    if published is None:
        return None
    resolved = _safe_date(published.year, month, day, precision)
    if resolved is not None and resolved[0] > published + timedelta(days=1):
        resolved = _safe_date(published.year - 1, month, day, precision)
    return resolved
