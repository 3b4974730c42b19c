"""open_store: migrations build the schema; bad URLs fail with one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import URL

from catalogue.db import open_store
from catalogue.db.migrate import MIGRATIONS, head_revision
from catalogue.db.models import Base
from catalogue.errors import StoreError

from .factory import T0, make_entry

TABLES = {"alembic_version", "crawls", "repositories", "repository_urls", "publiccode_documents",
          "observations"}


def test_migrations_create_the_schema_from_empty_and_match_the_models(store_url: URL) -> None:
    open_store(store_url).close()

    engine = create_engine(store_url)
    try:
        with engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) == TABLES
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert context.get_current_revision() == head_revision()
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_reopening_keeps_the_data(store_url: URL) -> None:
    store = open_store(store_url)
    crawl = store.begin_crawl(T0)
    store.upsert_entry(make_entry(1), crawl)
    store.close()

    again = open_store(store_url)
    try:
        assert [s.entry for s in again.entries()] == [make_entry(1)]
        assert again.last_crawl().id == crawl
    finally:
        again.close()


def test_migrations_are_found_inside_the_package() -> None:
    assert MIGRATIONS.parent == Path(__file__).resolve().parents[2] / "catalogue" / "db"
    assert (MIGRATIONS / "env.py").is_file()
    assert head_revision() == "0003"


def test_a_plain_path_is_a_sqlite_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    open_store("data.sqlite").close()
    assert (tmp_path / "data.sqlite").stat().st_size > 0


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("nosuchdb://host/x", "nosuchdb://host/x"),
        ("postgresql+psycopg://u:s3cret@127.0.0.1:1/x", "postgresql+psycopg://u:***@127.0.0.1:1/x"),
        ("postgresql://u:s3cret@host:notaport/db", "postgresql://u:***@host:notaport/db"),
    ],
)
def test_a_wrong_url_is_one_line_naming_it_without_password(url: str, shown: str) -> None:
    with pytest.raises(StoreError) as raised:
        open_store(url)
    message = str(raised.value)
    assert "\n" not in message
    assert shown in message
    assert "s3cret" not in message


def test_an_unopenable_sqlite_file_is_a_store_error(tmp_path: Path) -> None:
    missing_dir = tmp_path / "no" / "such" / "dir" / "c.sqlite"
    with pytest.raises(StoreError, match="unable to open database file"):
        open_store(f"sqlite:///{missing_dir}")
    not_a_database = tmp_path / "notes.sqlite"
    not_a_database.write_bytes(b"this is not SQLite " * 100)
    with pytest.raises(StoreError, match=r"notes\.sqlite: file is not a database"):
        open_store(f"sqlite:///{not_a_database}")
