"""The catalogue's store: open a database, record crawls, upsert and read entries.

``open_store(url)`` takes any SQLAlchemy URL (a SQLite file by default, PostgreSQL with
``postgresql+psycopg://...``), brings the schema to the newest Alembic migration and
returns a ``Store``. Every public method is one transaction (``upsert_entries``: one per
batch). Repositories are never deleted: a repository its account no longer lists is
marked ``gone``. See ``docs/store.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from itertools import islice
import re
from typing import Any

from alembic.util import CommandError
from sqlalchemy import Engine, case, create_engine, event, func, select, update
from sqlalchemy.engine import URL, CursorResult, make_url
from sqlalchemy.exc import (
    ArgumentError,
    DBAPIError,
    NoSuchModuleError,
    OperationalError,
    SQLAlchemyError,
    StatementError,
)
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from catalogue.db.codec import entry_from_rows
from catalogue.db.migrate import upgrade_to_head
from catalogue.db.models import Crawl, Observation, PubliccodeDocumentRow, Repository, RepositoryURL
from catalogue.db.upsert import UpsertCounts, prepare, upsert_batch
from catalogue.errors import StoreError
from catalogue.records import CatalogueEntry, CrawlRecord, StoredEntry

DEFAULT_URL = "sqlite:///catalogue.sqlite"
"""Where the catalogue lives when no URL is configured: a SQLite file in the working
directory."""

BATCH_SIZE = 500
"""Entries per transaction in ``upsert_entries`` (and forge ids per statement elsewhere);
small enough for SQLite's bound-parameter limit, large enough to amortise round trips."""


@dataclass(frozen=True)
class KnownState:
    """What an incremental crawl needs to decide whether to fetch a repository again:
    its canonical ``url``, ``pushed_at`` (UTC), the git blob id of its
    publiccode.yml (``None`` when it had none or the forge did not tell), ``updated_at``
    (UTC, the forge's last change of the repository object) and ``gone``."""

    url: str
    pushed_at: datetime | None
    publiccode_blob_id: str | None
    updated_at: datetime | None = None
    gone: bool = False


@dataclass(frozen=True)
class RepositoryObservation:
    """One history row: the state of a repository as of ``crawl_id`` (UTC times).
    ``publiccode_valid`` is ``None`` when it had no parsed publiccode.yml."""

    crawl_id: int
    pushed_at: datetime | None
    last_commit_at: datetime | None
    archived: bool
    publiccode_valid: bool | None
    facts: Mapping[str, Any] | None = None


def open_store(url: str | URL = DEFAULT_URL) -> Store:
    """Open (creating or upgrading its schema to the newest migration) the store at ``url``.

    ``url`` is any SQLAlchemy URL; a string without ``://`` is taken as the path of a
    SQLite file. Raises ``StoreError`` with one line naming the URL (password masked)
    when the URL is malformed, its driver is missing, or the database cannot be opened,
    read or migrated (for example a newer schema than this code knows).
    """
    parsed = _parse_url(url)
    shown = parsed.render_as_string(hide_password=True)
    try:
        engine = create_engine(parsed)
    except (ArgumentError, NoSuchModuleError, ImportError) as exc:
        raise StoreError(f"cannot open database {shown}: {_one_line(exc, parsed)}") from exc
    try:
        if engine.dialect.name == "sqlite":
            _upgrade_sqlite(parsed)
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            with engine.begin() as connection:
                upgrade_to_head(connection)
    except (SQLAlchemyError, CommandError) as exc:
        engine.dispose()
        raise StoreError(f"cannot open database {shown}: {_one_line(exc, parsed)}") from exc
    return Store(engine, shown)


def _upgrade_sqlite(url: URL) -> None:
    """Migrate a SQLite database on a connection of its own with foreign keys off.

    Alembic's batch mode alters a SQLite table by copying it and dropping the old one,
    which fails with "FOREIGN KEY constraint failed" while other tables point at it and
    enforcement is on (Alembic, "Running batch migrations for SQLite": "Dealing with
    Referencing Tables"). The pragma cannot change inside a transaction, so it is set on
    the fresh connection before the migrations begin; ``PRAGMA foreign_key_check``
    afterwards proves that no reference was broken. Raises ``sqlalchemy.exc.DBAPIError``
    (or ``StoreError`` for a broken reference).
    """
    engine = create_engine(url, poolclass=NullPool)

    @event.listens_for(engine, "connect")
    def _foreign_keys_off(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=OFF")
        cursor.close()

    try:
        with engine.begin() as connection:
            upgrade_to_head(connection)
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise StoreError(f"the migration broke {len(broken)} references: {broken[:3]}")
    finally:
        engine.dispose()


class Store:
    """The catalogue's memory across crawls; build it with ``open_store``.

    Times given to the store must be timezone-aware (``ValueError`` otherwise); times
    it returns are UTC. A database failure during use raises ``StoreError``.
    """

    def __init__(self, engine: Engine, shown_url: str) -> None:
        self._engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self.url = shown_url
        """The database URL with any password masked, for messages."""

    # -- crawls -----------------------------------------------------------------------

    def begin_crawl(self, started_at: datetime) -> int:
        """Record the start of a crawl; returns its id (``crawl_id`` of the other calls)."""
        with self._transaction() as session:
            crawl = Crawl(started_at=started_at, errors=[], stats={})
            session.add(crawl)
            session.flush()
            return crawl.id

    def finish_crawl(
        self,
        crawl_id: int,
        finished_at: datetime,
        *,
        requests: int,
        errors: list[str],
        stats: dict[str, Any],
    ) -> None:
        """Record the end of a crawl with its HTTP ``requests`` count, ``errors`` (short
        messages) and ``stats`` (JSON-compatible). ``repositories_seen`` / ``_changed``
        are counted from the repositories this crawl saw / changed (upserts, touches,
        gone marks). Raises ``StoreError`` for an unknown ``crawl_id``."""
        with self._transaction() as session:
            crawl = self._crawl(session, crawl_id)
            crawl.finished_at = finished_at
            crawl.requests = requests
            crawl.errors = list(errors)
            crawl.stats = dict(stats)
            crawl.repositories_seen = session.execute(
                select(func.count()).where(Repository.last_crawl_id == crawl_id)
            ).scalar_one()  # a count gives one row
            crawl.repositories_changed = session.execute(
                select(func.count()).where(Repository.changed_crawl_id == crawl_id)
            ).scalar_one()

    def crawls(self) -> list[CrawlRecord]:
        """Every crawl, oldest first."""
        with self._transaction() as session:
            return _crawls(session)

    def read_catalogue(self) -> tuple[list[StoredEntry], list[CrawlRecord],
                                      dict[tuple[str, str], list[RepositoryObservation]]]:
        """``(entries(), crawls(), all_observations())`` as of one moment, for a build
        that runs while a crawl writes: one read transaction (SQLite: an explicit
        ``BEGIN`` on a WAL database, PostgreSQL: ``REPEATABLE READ``), so the three
        agree with each other whatever the crawl commits meanwhile."""
        with self._transaction() as session:
            if self._engine.dialect.name == "postgresql":
                session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            elif self._engine.dialect.name == "sqlite":
                session.connection().exec_driver_sql("BEGIN")
            return _entries(session), _crawls(session), _all_observations(session)

    def last_crawl(self) -> CrawlRecord | None:
        """The most recently begun crawl, or ``None`` before the first."""
        with self._transaction() as session:
            crawl = session.scalars(select(Crawl).order_by(Crawl.id.desc()).limit(1)).first()
            return _crawl_record(crawl) if crawl is not None else None

    def account_confirmation(self, host: str, account_url: str) -> tuple[datetime | None, int]:
        """``(last confirmed, repositories)`` of an account: the latest crawl time at
        which any of its listed (not gone) repositories was seen, and how many it has
        (``(None, 0)`` for an account the store never listed)."""
        with self._transaction() as session:
            row = session.execute(
                select(func.max(Repository.last_crawled_at), func.count()).where(
                    Repository.host == host, Repository.account_url == account_url, Repository.gone.is_(False)
                )
            ).one()
            last = row[0]
            if isinstance(last, datetime) and last.tzinfo is None:
                last = last.replace(tzinfo=timezone.utc)
            return (last if isinstance(last, datetime) else None), int(row[1])

    def drop_figures(self, crawl_id: int) -> tuple[int, int]:
        """``(dropped, listed before)`` of crawl ``crawl_id``: repositories that were
        listed (not gone) before it and that it marked gone or did not confirm, and how
        many were listed before it. The publish guard compares the two."""
        with self._transaction() as session:
            self._crawl(session, crawl_id)
            new = Repository.first_crawl_id == crawl_id
            newly_gone = session.scalar(select(func.count()).where(
                Repository.gone.is_(True), Repository.changed_crawl_id == crawl_id, ~new))
            unconfirmed = session.scalar(select(func.count()).where(
                Repository.gone.is_(False), Repository.last_crawl_id != crawl_id))
            kept = session.scalar(select(func.count()).where(
                Repository.gone.is_(False), Repository.last_crawl_id == crawl_id, ~new))
            dropped = int(newly_gone or 0) + int(unconfirmed or 0)
            return dropped, dropped + int(kept or 0)

    def publisher_counts(self, crawl_id: int) -> dict[str, dict[str, int]]:
        """``{publisher id: {"seen": n, "changed": m}}`` of crawl ``crawl_id``."""
        with self._transaction() as session:
            rows = session.execute(
                select(
                    Repository.publisher_id,
                    func.count(),
                    func.sum(case((Repository.changed_crawl_id == crawl_id, 1), else_=0)),
                ).where(Repository.last_crawl_id == crawl_id).group_by(Repository.publisher_id)
            )
            return {row[0]: {"seen": int(row[1]), "changed": int(row[2] or 0)} for row in sorted(rows)}

    # -- writing entries --------------------------------------------------------------

    def upsert_entries(self, entries: Iterable[CatalogueEntry], crawl_id: int) -> UpsertCounts:
        """Insert or update ``entries``, seen by crawl ``crawl_id``, in batches of
        ``BATCH_SIZE`` (one transaction each; a failure keeps the earlier batches).

        Identity is ``(source.host, source.forge_id)``; a later entry with the same
        identity in one call wins. An entry equal to the stored one (``fetched_at``
        aside) is ``unchanged``: only its bookkeeping is written. A new canonical URL
        keeps the old one in ``previous_urls``. Raises ``StoreError`` for an unknown
        ``crawl_id`` or a database failure.
        """
        with self._transaction() as session:
            started_at = self._crawl(session, crawl_id).started_at
        counts = UpsertCounts()
        iterator = iter(entries)
        while chunk := list(islice(iterator, BATCH_SIZE)):
            batch = {}
            for entry in chunk:
                item = prepare(entry)
                batch[item.key] = item
            with self._transaction() as session:
                counts += upsert_batch(session, list(batch.values()), crawl_id, started_at)
        return counts

    def upsert_entry(self, entry: CatalogueEntry, crawl_id: int) -> bool:
        """Upsert one entry (see ``upsert_entries``); true when it was created or changed."""
        counts = self.upsert_entries([entry], crawl_id)
        return counts.created + counts.changed > 0

    def touch(self, host: str, forge_ids: Iterable[str], crawl_id: int) -> int:
        """Mark repositories of ``host`` as seen by crawl ``crawl_id`` without rewriting
        them (an incremental crawl that skipped unchanged ones); a ``gone`` one comes
        back. Unknown forge ids are ignored. Returns how many repositories were touched.
        """
        with self._transaction() as session:
            started_at = self._crawl(session, crawl_id).started_at
            touched = 0
            for chunk in _chunks(forge_ids):
                result = session.execute(
                    update(Repository)
                    .where(Repository.host == host, Repository.forge_id.in_(chunk))
                    .values(
                        last_crawl_id=crawl_id,
                        last_crawled_at=started_at,
                        changed_crawl_id=case(
                            (Repository.gone, crawl_id), else_=Repository.changed_crawl_id
                        ),
                        gone=False,
                    )
                    .execution_options(synchronize_session=False)
                )
                if not isinstance(result, CursorResult):  # an UPDATE's result, which counts rows
                    raise TypeError(f"an UPDATE gave a {type(result).__name__}, not a CursorResult")
                touched += result.rowcount
            return touched

    def reattribute(self, host: str, publisher_of_account: Mapping[str, str]) -> int:
        """Give the repositories of ``host`` listed from an account (``account_url``, the
        canonical hosting URL of a ``codeHosting`` entry) to the publisher that the
        publishers file now names for that account, ``{account_url: publisher id}``.

        An incremental crawl does not fetch unchanged repositories again, so without this
        a publisher renamed or an account moved to another publisher would keep its old
        attribution until a ``--full`` crawl. Returns how many repositories moved.
        """
        moved = 0
        with self._transaction() as session:
            for account_url, publisher_id in publisher_of_account.items():
                result = session.execute(
                    update(Repository)
                    .where(Repository.host == host, Repository.account_url == account_url,
                           Repository.publisher_id != publisher_id)
                    .values(publisher_id=publisher_id)
                    .execution_options(synchronize_session=False)
                )
                if not isinstance(result, CursorResult):  # an UPDATE's result, which counts rows
                    raise TypeError(f"an UPDATE gave a {type(result).__name__}, not a CursorResult")
                moved += result.rowcount
        return moved

    def mark_gone(
        self, host: str, account_url: str, seen_forge_ids: set[str], crawl_id: int
    ) -> int:
        """Mark the repositories of account ``account_url`` on ``host`` that are not in
        ``seen_forge_ids`` as gone (never deleted). Call only after a complete listing of
        the account. Returns how many were newly marked."""
        with self._transaction() as session:
            self._crawl(session, crawl_id)
            rows = session.execute(
                select(Repository.id, Repository.forge_id).where(
                    Repository.host == host,
                    Repository.account_url == account_url,
                    Repository.gone.is_(False),
                )
            )
            missing = [row.id for row in rows if row.forge_id not in seen_forge_ids]
            for chunk in _chunks(missing):
                session.execute(
                    update(Repository)
                    .where(Repository.id.in_(chunk))
                    .values(gone=True, changed_crawl_id=crawl_id)
                    .execution_options(synchronize_session=False)
                )
            return len(missing)

    # -- reading ----------------------------------------------------------------------

    def entries(self) -> list[StoredEntry]:
        """Every repository ever seen (gone ones included), sorted by canonical URL."""
        with self._transaction() as session:
            return _entries(session)

    def entry(self, host: str, forge_id: str) -> StoredEntry | None:
        """The repository ``(host, forge_id)``, or ``None`` when the store never saw it."""
        with self._transaction() as session:
            row = (
                session.execute(
                    select(Repository.__table__).where(
                        Repository.host == host, Repository.forge_id == forge_id
                    )
                )
                .mappings()
                .first()
            )
            if row is None:
                return None
            document = (
                session.execute(
                    select(PubliccodeDocumentRow.__table__).where(
                        PubliccodeDocumentRow.repository_id == row["id"]
                    )
                )
                .mappings()
                .first()
            )
            previous = self._previous_urls(session, row["id"])
            return _stored(row, document, previous.get(row["id"], ()))

    def known_state(self, host: str) -> dict[str, KnownState]:
        """``forge_id -> KnownState`` of every repository stored for ``host``."""
        with self._transaction() as session:
            rows = session.execute(
                select(
                    Repository.forge_id,
                    Repository.url,
                    Repository.pushed_at,
                    Repository.publiccode_blob_id,
                    Repository.updated_at,
                    Repository.gone,
                ).where(Repository.host == host)
            )
            return {
                row.forge_id: KnownState(row.url, row.pushed_at, row.publiccode_blob_id, row.updated_at, row.gone)
                for row in rows
            }

    def observations(self, host: str, forge_id: str) -> list[RepositoryObservation]:
        """The history rows of one repository, oldest crawl first (empty when unknown)."""
        with self._transaction() as session:
            rows = session.scalars(
                select(Observation)
                .join(Repository, Observation.repository_id == Repository.id)
                .where(Repository.host == host, Repository.forge_id == forge_id)
                .order_by(Observation.crawl_id)
            )
            return [
                RepositoryObservation(
                    o.crawl_id, o.pushed_at, o.last_commit_at, o.archived, o.publiccode_valid, o.facts
                )
                for o in rows
            ]

    def all_observations(self) -> dict[tuple[str, str], list[RepositoryObservation]]:
        """The history rows of every repository in one query: ``(host, forge_id) ->``
        its rows, oldest crawl first (a repository without rows is absent). For the site
        build, which shows every repository's trend."""
        with self._transaction() as session:
            return _all_observations(session)

    def close(self) -> None:
        """Release the database connections; the store cannot be used afterwards."""
        self._engine.dispose()

    # -- helpers ----------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        try:
            with self._sessions.begin() as session:
                yield session
        except OperationalError as exc:
            raise StoreError(f"database {self.url} failed: {_one_line(exc)}") from exc
        except StatementError as exc:
            # A bad value (a naive datetime) is the caller's bug: show it as raised.
            if isinstance(exc.orig, ValueError) and not isinstance(exc, DBAPIError):
                raise exc.orig from None
            raise

    @staticmethod
    def _crawl(session: Session, crawl_id: int) -> Crawl:
        crawl = session.get(Crawl, crawl_id)
        if crawl is None:
            raise StoreError(f"no crawl {crawl_id} in the store: call begin_crawl first")
        return crawl

    @staticmethod
    def _previous_urls(session: Session, repository_id: int | None) -> dict[int, tuple[str, ...]]:
        query = (
            select(RepositoryURL.repository_id, RepositoryURL.url)
            .join(Repository, RepositoryURL.repository_id == Repository.id)
            .where(RepositoryURL.url != Repository.url)
            .order_by(RepositoryURL.repository_id, RepositoryURL.last_seen_at, RepositoryURL.id)
        )
        if repository_id is not None:
            query = query.where(RepositoryURL.repository_id == repository_id)
        found: dict[int, list[str]] = {}
        for row in session.execute(query):
            found.setdefault(row.repository_id, []).append(row.url)
        return {rid: tuple(urls) for rid, urls in found.items()}


def _crawls(session: Session) -> list[CrawlRecord]:
    return [_crawl_record(c) for c in session.scalars(select(Crawl).order_by(Crawl.id))]


def _entries(session: Session) -> list[StoredEntry]:
    rows = session.execute(select(Repository.__table__).order_by(Repository.url, Repository.id)).mappings()
    documents = {
        row["repository_id"]: row for row in session.execute(select(PubliccodeDocumentRow.__table__)).mappings()
    }
    previous = Store._previous_urls(session, None)
    gone_at = {
        row.id: row.started_at
        for row in session.execute(
            select(Repository.id, Crawl.started_at)
            .join(Crawl, Crawl.id == Repository.changed_crawl_id)
            .where(Repository.gone.is_(True))
        )
    }
    return [
        _stored(row, documents.get(row["id"]), previous.get(row["id"], ()), gone_at.get(row["id"]))
        for row in rows
    ]


def _all_observations(session: Session) -> dict[tuple[str, str], list[RepositoryObservation]]:
    rows = session.execute(
        select(Repository.host, Repository.forge_id, Observation)
        .join(Repository, Observation.repository_id == Repository.id)
        .order_by(Observation.crawl_id, Observation.repository_id)
    )
    history: dict[tuple[str, str], list[RepositoryObservation]] = {}
    for host, forge_id, o in rows:
        history.setdefault((host, forge_id), []).append(
            RepositoryObservation(o.crawl_id, o.pushed_at, o.last_commit_at, o.archived, o.publiccode_valid, o.facts)
        )
    return history


def _stored(row: Any, document: Any, previous_urls: tuple[str, ...], gone_at: datetime | None = None) -> StoredEntry:
    return StoredEntry(
        entry=entry_from_rows(row, document),
        first_seen_at=row["first_seen_at"],
        last_crawled_at=row["last_crawled_at"],
        previous_urls=previous_urls,
        gone=row["gone"],
        gone_at=gone_at if row["gone"] else None,
    )


def _crawl_record(crawl: Crawl) -> CrawlRecord:
    return CrawlRecord(
        id=crawl.id,
        started_at=crawl.started_at,
        finished_at=crawl.finished_at,
        repositories_seen=crawl.repositories_seen,
        repositories_changed=crawl.repositories_changed,
        requests=crawl.requests,
        errors=tuple(crawl.errors),
        stats=crawl.stats,
    )


def _parse_url(url: str | URL) -> URL:
    if isinstance(url, URL):
        return url
    if "://" not in url:
        return URL.create("sqlite", database=url)
    try:
        return make_url(url)
    except (ArgumentError, ValueError) as exc:
        raise StoreError(f"cannot open database {_mask(url)}: {_one_line(exc)}") from exc


def _mask(url: str) -> str:
    """``url`` with the password of its ``user:password@`` part replaced by ``***``."""
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL: a build reads a snapshot while a crawl writes, and neither blocks the other.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _chunks(values: Iterable[Any]) -> Iterator[list[Any]]:
    iterator = iter(values)
    while chunk := list(islice(iterator, BATCH_SIZE)):
        yield chunk


def _one_line(exc: BaseException, url: URL | None = None) -> str:
    """The first line of the driver's message (SQLAlchemy's wrapper adds SQL and links)."""
    cause = getattr(exc, "orig", None) or exc
    text = (str(cause).strip() or type(cause).__name__).splitlines()[0]
    if url is not None and url.password:
        text = text.replace(str(url.password), "***")
    return text
