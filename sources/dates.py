"""Publication dates: ISO 8601 and RFC 2822 strings to a UTC calendar date."""

from __future__ import annotations

from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

# Date-only spellings that RFC 2822 parsing refuses because they carry no time of day.
_DATE_ONLY = ("%a, %d %b %Y", "%d %b %Y", "%d %B %Y", "%B %d, %Y", "%b %d, %Y")


def parse_published(value: object) -> date | None:
    """The UTC date of a publication timestamp, or None when `value` is missing or unparseable.

    Accepts ISO 8601 dates and datetimes (`2024-03-05`, `2024-03-05T23:30:00-05:00`, `...Z`) and
    RFC 2822 (`Tue, 05 Mar 2024 10:00:00 +0200`, as in RSS), also without the time, and
    `March 5, 2024` / `5 March 2024`. A datetime with an offset is converted to
    UTC before taking its date; one without an offset is taken as UTC.
    """
    if isinstance(value, datetime):
        return _utc_date(value)
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return _utc_date(datetime.fromisoformat(text))
    except ValueError:
        pass
    try:
        return _utc_date(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    for layout in _DATE_ONLY:
        try:
            return datetime.strptime(text, layout).date()
        except ValueError:
            continue
    return None


def _utc_date(moment: datetime) -> date:
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(UTC).date()
