"""Fixtures shared by every test area: real databases and a real Redis.

The store runs on SQLite and on PostgreSQL. PostgreSQL is the server at
``CATALOGUE_TEST_POSTGRES`` (default ``postgresql+psycopg://postgres@127.0.0.1:5432/test``,
trust auth, as ``.ci/run`` sets it); one database with a unique name is created per test
session and dropped after it, and every test starts from an empty schema in it. Redis is
the server at ``CATALOGUE_TEST_REDIS`` (default ``redis://127.0.0.1:6379/0``); every test
gets a key prefix of its own, deleted after it, so parallel runs never meet.

Where a server does not answer, the tests that need it are skipped with the reason,
except under ``CI=true``, where they fail: CI must run them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import OperationalError

POSTGRES_SERVER = os.environ.get("CATALOGUE_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_SERVER = os.environ.get("CATALOGUE_TEST_REDIS", "redis://127.0.0.1:6379/0")


def missing_server(reason: str) -> None:
    """Skip the test for a server that does not answer; fail it under ``CI=true``."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: the tests that need it must run)")
    pytest.skip(reason)


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
        missing_server(f"PostgreSQL at {server.render_as_string()} does not answer: {exc.orig}")
    try:
        yield server.set(database=name)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def empty_postgres(url: URL) -> None:
    """Drop every table of the database at ``url`` (a fresh ``public`` schema)."""
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
    empty_postgres(url)
    return url


@pytest.fixture
def postgres_url(postgres_database: URL) -> str:
    """URL (text, password shown) of an empty PostgreSQL database, for tests that need one."""
    empty_postgres(postgres_database)
    return postgres_database.render_as_string(hide_password=False)


@pytest.fixture
def redis_url() -> str:
    """URL of the test Redis server (its keys are shared: use ``redis_prefix``)."""
    return REDIS_SERVER


@pytest.fixture
def redis_prefix(redis_url: str) -> Iterator[str]:
    """A Redis key prefix unique to this test (``catalogue-test:<hex>``); its keys are
    deleted after the test. Skips (fails under CI=true) when Redis does not answer."""
    try:
        import redis
    except ImportError:
        missing_server("the redis client is not installed (pip install -e '.[distributed]')")
    client = redis.Redis.from_url(redis_url)
    try:
        client.ping()
    except redis.RedisError as exc:
        missing_server(f"Redis at {redis_url} does not answer: {exc}")
    prefix = f"catalogue-test:{uuid.uuid4().hex[:12]}"
    try:
        yield prefix
    finally:
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
        client.close()
