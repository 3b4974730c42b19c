"""Column types shared by the store's models.

``UTCDateTime`` keeps every time in UTC whatever the database does with time zones:
SQLite has no time zone type (we store naive UTC text), PostgreSQL's ``timestamptz``
answers in the session's zone (we convert back to UTC). ``JSONDocument`` is plain
``JSON`` on every database: PostgreSQL's ``jsonb`` would reorder a publiccode.yml's
keys, and we show documents as their authors wrote them.
"""

from __future__ import annotations

from datetime import datetime, timezone
from sqlalchemy import JSON, DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware ``datetime``, stored and returned in UTC.

    Binding a naive ``datetime`` raises ``ValueError``: the record types promise aware
    times, and guessing a zone would silently shift them.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: the store keeps aware UTC times only")
        value = value.astimezone(timezone.utc)
        if dialect.name == "sqlite":
            # SQLite's DATETIME text has no zone; we agree it is always UTC.
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


JSONDocument = JSON(none_as_null=True)
"""A JSON column: dicts, lists, strings, numbers, booleans; Python ``None`` is SQL ``NULL``."""
