"""Fixtures of the store's tests: a fresh store on SQLite and on PostgreSQL.

The databases (``store_url``: a SQLite file, then a PostgreSQL database) come from
``tests/conftest.py``; when PostgreSQL does not answer, its variants are skipped with
the reason (they fail under ``CI=true``).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import URL

from catalogue.db import Store, open_store


@pytest.fixture
def store(store_url: URL) -> Iterator[Store]:
    """An open store on an empty database (closed after the test)."""
    opened = open_store(store_url)
    yield opened
    opened.close()
