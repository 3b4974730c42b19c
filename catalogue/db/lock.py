"""One crawl at a time per catalogue: a lock held for the whole crawl.

Two crawls on one database race each other: on a new database both create the tables
("table crawls already exists"), later both insert the same repositories ("UNIQUE
constraint failed"), the crawl records count each other's repositories, and the API
budget is spent twice. ``crawl_lock`` is taken before the store is opened (so before
any migration) and held until the crawl record is finished:

- SQLite: an exclusive lock on ``<database file>.lock`` beside the database
  (``filelock``, i.e. ``flock``; the operating system drops it when its holder dies,
  even by SIGKILL);
- PostgreSQL: a session-level advisory lock (``pg_try_advisory_lock`` /
  ``pg_advisory_lock``, PostgreSQL manual, "Advisory Lock Functions"), dropped with its
  connection;
- an in-memory SQLite database belongs to one process and needs none.

``mode`` is the ``crawl_lock`` setting: ``refuse`` raises ``CrawlLockedError`` at once,
``wait`` waits until the other crawl is done.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError

from catalogue.errors import CrawlLockedError, StoreError

ADVISORY_KEY = zlib.crc32(b"catalogue crawl")
"""The PostgreSQL advisory lock key of the crawl (one catalogue per database)."""


@contextmanager
def crawl_lock(db_url: str | URL, mode: str = "refuse") -> Iterator[None]:
    """Hold the crawl lock of the catalogue at ``db_url`` for the ``with`` block.

    Raises ``CrawlLockedError`` (one line, exit status 2) when ``mode`` is ``refuse``
    and another crawl holds it; ``StoreError`` when the database cannot be reached.
    """
    if isinstance(db_url, URL):
        url = db_url
    else:
        url = make_url(db_url) if "://" in db_url else URL.create("sqlite", database=db_url)
    shown = url.render_as_string(hide_password=True)
    if url.get_backend_name() == "sqlite":
        if url.database in (None, "", ":memory:"):
            yield
            return
        path = Path(f"{url.database}.lock")
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(path, timeout=-1 if mode == "wait" else 0)
        try:
            lock.acquire()
        except Timeout:
            raise CrawlLockedError(f"another crawl is running on {shown} (lock {path} is held); "
                                   "this crawl did not start (set crawl_lock = \"wait\" to wait instead)") from None
        try:
            yield
        finally:
            lock.release()
        return
    if url.get_backend_name() != "postgresql":  # another database: no lock of ours
        yield
        return
    engine = create_engine(url)
    try:
        connection = engine.connect()
    except SQLAlchemyError as exc:
        engine.dispose()
        raise StoreError(f"cannot open database {shown}: {str(getattr(exc, 'orig', exc)).splitlines()[0]}") from None
    try:
        connection = connection.execution_options(isolation_level="AUTOCOMMIT")
        if mode == "wait":
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": ADVISORY_KEY})
        elif not connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_KEY}).scalar():
            raise CrawlLockedError(f"another crawl is running on {shown} (advisory lock {ADVISORY_KEY} is held); "
                                   "this crawl did not start (set crawl_lock = \"wait\" to wait instead)")
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_KEY})
    finally:
        connection.close()
        engine.dispose()
