"""Times: parsing the forges' ISO 8601 strings and the one clock of a run.

Every time in the catalogue is a timezone-aware ``datetime`` in UTC.
"""

from __future__ import annotations

from datetime import datetime, timezone


def parse_time(value: object) -> datetime | None:
    """Parse an ISO 8601 time as the forges send it (``2024-03-01T10:00:00Z``,
    ``2024-03-01T11:00:00.000+01:00``) into an aware UTC datetime.

    ``None``, empty and unparseable values give ``None`` (a forge that sends nonsense
    loses that one fact, not the repository). A naive time is taken as UTC.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


def utcnow() -> datetime:
    """The current time, aware, in UTC, to the second."""
    return datetime.now(timezone.utc).replace(microsecond=0)


def format_time(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with ``Z`` (``2024-03-01T10:00:00Z``), or ``None``."""
    if value is None:
        return None
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
