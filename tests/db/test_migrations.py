"""Alembic migrations on SQLite and PostgreSQL: upgrade, downgrade, upgrade again; and an
old database (the first schema, 0001, with data in it) upgrades to the newest without
losing a row or a value."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, create_engine, inspect, select
from sqlalchemy.engine import URL

from catalogue.db import open_store
from catalogue.db.migrate import alembic_config, head_revision
from catalogue.db.models import Base

from .factory import T0, full_entry, make_entry

OLDEST = "0001"


def _migrate(url: URL, direction: str, revision: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            getattr(command, direction)(alembic_config(connection), revision)
    finally:
        engine.dispose()


def _revision_and_tables(url: URL) -> tuple[str | None, set[str], list]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            tables = set(inspect(connection).get_table_names()) - {"alembic_version"}
            return context.get_current_revision(), tables, compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()


def _rows(url: URL, columns: dict[str, list[str]]) -> dict[str, list[tuple]]:
    """Every row of ``columns``' tables, only those columns, sorted."""
    engine = create_engine(url)
    meta = MetaData()
    meta.reflect(engine, only=list(columns))
    try:
        with engine.connect() as connection:
            return {name: sorted(tuple(repr(v) for v in row) for row in connection.execute(
                select(*(meta.tables[name].c[c] for c in cols))))
                for name, cols in columns.items()}
    finally:
        engine.dispose()


def test_every_migration_goes_up_down_and_up_again(store_url: URL) -> None:
    _migrate(store_url, "upgrade", "head")
    revision, tables, diff = _revision_and_tables(store_url)
    assert revision == head_revision() and diff == []
    assert {"repositories", "crawls", "observations"} <= tables

    _migrate(store_url, "downgrade", "base")
    revision, tables, _ = _revision_and_tables(store_url)
    assert revision is None and tables == set()

    _migrate(store_url, "upgrade", "head")
    revision, _, diff = _revision_and_tables(store_url)
    assert revision == head_revision() and diff == []


def test_the_chain_starts_at_the_oldest_schema() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert [r.revision for r in script.walk_revisions() if r.down_revision is None] == [OLDEST]


def test_an_old_database_with_data_upgrades_without_loss(store_url: URL) -> None:
    # Data written by the store, then the schema taken back to the oldest revision:
    # what a database made by the first release holds.
    store = open_store(store_url)
    crawl = store.begin_crawl(T0)
    store.upsert_entries([full_entry(), *(make_entry(n) for n in range(1, 6))], crawl)
    store.mark_gone("github.com", "https://github.com/minbzk", {"1", "2", "3", "4", "5"}, crawl)
    store.finish_crawl(crawl, T0, requests=7, errors=["one error"], stats={"k": 1})
    store.close()
    _migrate(store_url, "downgrade", OLDEST)

    engine = create_engine(store_url)
    try:
        with engine.connect() as connection:
            inspector = inspect(connection)
            old_columns = {t: [c["name"] for c in inspector.get_columns(t)]
                           for t in inspector.get_table_names() if t != "alembic_version"}
    finally:
        engine.dispose()
    before = _rows(store_url, old_columns)
    assert sum(len(rows) for rows in before.values()) >= 8  # rows in several tables

    reopened = open_store(store_url)  # upgrades to the newest migration
    try:
        assert len(reopened.entries()) == 6
    finally:
        reopened.close()
    assert _revision_and_tables(store_url)[0] == head_revision()
    assert _rows(store_url, old_columns) == before


def test_sqlite_migrates_with_foreign_keys_off_and_the_store_enforces_them(tmp_path) -> None:
    """The migrations run with enforcement off (Alembic's batch mode rebuilds tables that
    others point at); the store's own connections have it on again."""
    url = URL.create("sqlite", database=str(tmp_path / "catalogue.sqlite"))
    store = open_store(url)
    try:
        with store._engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        store.close()
