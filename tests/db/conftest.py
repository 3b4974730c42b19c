"""Fixtures of the store's tests: a fresh store on SQLite and on PostgreSQL.

SQLite lives in a temporary file. PostgreSQL runs locally (127.0.0.1:5432, user
``postgres``, trust auth, or ``CATALOGUE_TEST_POSTGRES`` with a server URL); one
database with a unique name is created per test session and dropped after it, and
every test starts from an empty schema in it. When the server does not answer,
the PostgreSQL variants are skipped with the reason.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import OperationalError

from catalogue.db import Store, open_store

POSTGRES_SERVER = os.environ.get(
    "CATALOGUE_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[URL]:
    """URL of a PostgreSQL database created for this test session (dropped after)."""
    server = make_url(POSTGRES_SERVER)
    name = f"catalogue_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        admin.dispose()
        pytest.skip(f"PostgreSQL at {server.render_as_string()} does not answer: {exc.orig}")
    try:
        yield server.set(database=name)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _empty_postgres(url: URL) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path) -> URL:
    """URL of an empty database: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return URL.create("sqlite", database=str(tmp_path / "catalogue.sqlite"))
    url = request.getfixturevalue("postgres_database")
    _empty_postgres(url)
    return url


@pytest.fixture
def store(store_url: URL) -> Iterator[Store]:
    """An open store on an empty database (closed after the test)."""
    opened = open_store(store_url)
    yield opened
    opened.close()
