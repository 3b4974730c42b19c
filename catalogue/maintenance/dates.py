"""Calendar arithmetic of the rule: whole months, UTC, declared dates."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any


def months_before(moment: datetime, months: int) -> datetime:
    """Return ``moment`` shifted back ``months`` calendar months, keeping the time.

    The day is clamped to the target month's length (31 March minus one month is
    28 or 29 February). Raises ``ValueError`` for negative ``months``.
    """
    if months < 0:
        raise ValueError("months must not be negative")
    index = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    day = min(moment.day, _days_in_month(year, month))
    return moment.replace(year=year, month=month, day=day)


def whole_months_between(earlier: datetime, later: datetime) -> int:
    """Return the number of whole calendar months from ``earlier`` to ``later`` (0 when
    ``later`` is not after ``earlier``)."""
    months = (later.year - earlier.year) * 12 + (later.month - earlier.month)
    while months > 0 and months_before(later, months) < earlier:
        months -= 1
    return max(months, 0)


def _days_in_month(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


def utc(moment: datetime) -> datetime:
    """Return ``moment`` in UTC; a naive value is read as UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def read_date(value: Any) -> date | None:
    """Read a publiccode.yml date (``YYYY-MM-DD`` string, ``date`` or ``datetime``);
    ``None`` when missing or not a date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
