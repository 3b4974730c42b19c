"""Alembic, configured in code: find the migrations inside the installed package.

``alembic_config`` works from an editable or a regular install alike, because the
script location is taken from this package's path, never from the working directory.
``catalogue/db/alembic.ini`` holds the same settings for the ``alembic`` command
(``alembic -c catalogue/db/alembic.ini -x url=sqlite:///catalogue.sqlite revision ...``).
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic ``Config`` for the store's migrations.

    With ``connection``, migrations run on it (inside its transaction); ``env.py``
    reads it from ``config.attributes["connection"]``.
    """
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The revision id of the newest migration."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships migrations
        raise RuntimeError(f"no migrations in {MIGRATIONS}")
    return head


def upgrade_to_head(connection: Connection) -> None:
    """Create or upgrade the schema on ``connection`` to the newest migration.

    Raises whatever SQLAlchemy raises (``sqlalchemy.exc.DBAPIError``) when the
    database cannot be read or written; ``open_store`` turns that into ``StoreError``.
    """
    command.upgrade(alembic_config(connection), "head")
