"""Write one batch of catalogue entries: the bulk half of ``Store.upsert_entries``.

Per batch: one SELECT per host for the rows that exist already, one bulk INSERT for
new repositories, one bulk UPDATE for known ones, and bulk writes of their publiccode
documents and observations. Cost is linear in the number of entries; the caller runs
each batch in its own transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Sequence, Unpack

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from catalogue.db.codec import content_hash, document_row, entry_row, facts_json
from catalogue.db.models import Base, Observation, PubliccodeDocumentRow, Repository, RepositoryURL
from catalogue.maintenance import facts_from_entry
from catalogue.records import CatalogueEntry


@dataclass(frozen=True)
class UpsertCounts:
    """What an upsert did: repositories ``created``, ``changed`` (content changed or a
    ``gone`` repository came back) and ``unchanged`` (only bookkeeping written)."""

    created: int = 0
    changed: int = 0
    unchanged: int = 0

    def __add__(self, other: UpsertCounts) -> UpsertCounts:
        return UpsertCounts(
            self.created + other.created,
            self.changed + other.changed,
            self.unchanged + other.unchanged,
        )

    @property
    def total(self) -> int:
        """Entries written, whatever happened to them."""
        return self.created + self.changed + self.unchanged


@dataclass
class _Prepared:
    row: dict[str, Any]
    document: dict[str, Any] | None
    hash: str
    facts: dict[str, Any]

    @property
    def key(self) -> tuple[str, str]:
        return self.row["host"], self.row["forge_id"]

    @property
    def observed(self) -> tuple[Any, ...]:
        valid = self.document["valid"] if self.document is not None else None
        return self.row["pushed_at"], self.row["last_commit_at"], self.row["archived"], valid, self.facts


def prepare(entry: CatalogueEntry) -> _Prepared:
    """Columns, document columns and content hash of one entry."""
    row = entry_row(entry)
    document = document_row(entry.publiccode) if entry.publiccode is not None else None
    return _Prepared(row, document, content_hash(row, document), facts_json(facts_from_entry(entry)))


def upsert_batch(
    session: Session, batch: Sequence[_Prepared], crawl_id: int, crawl_started_at: datetime
) -> UpsertCounts:
    """Insert or update ``batch`` (no two items with the same key) inside ``session``.

    ``crawl_started_at`` (UTC) becomes ``first_seen_at`` of new repositories and
    ``last_crawled_at`` of every repository in the batch.
    """
    existing = _existing(session, batch)
    seen = {"last_crawl_id": crawl_id, "last_crawled_at": crawl_started_at, "gone": False}
    created: list[_Prepared] = []
    changed: list[tuple[_Prepared, Row[Unpack[tuple[Any, ...]]]]] = []
    bookkeeping: list[dict[str, Any]] = []
    came_back = 0
    for item in batch:
        old = existing.get(item.key)
        if old is None:
            created.append(item)
        elif old.content_hash != item.hash:
            changed.append((item, old))
        else:
            came_back += old.gone
            bookkeeping.append(
                {
                    "id": old.id,
                    "fetched_at": item.row["fetched_at"],
                    "changed_crawl_id": crawl_id if old.gone else old.changed_crawl_id,
                    **seen,
                }
            )

    ids = _insert_created(session, created, crawl_id, crawl_started_at)
    documents = [(ids[item.key], item.document) for item in created if item.document is not None]
    observations = [(ids[item.key], item.observed) for item in created]

    latest_facts = _latest_facts(session, [old.id for _, old in changed])
    updates = []
    for item, old in changed:
        renamed = old.url != item.row["url"]
        if renamed:
            _keep_previous_url(session, old)
        updates.append(
            {
                **item.row,
                **seen,
                "id": old.id,
                "content_hash": item.hash,
                "changed_crawl_id": crawl_id,
                "url_since": crawl_started_at if renamed else old.url_since,
            }
        )
        if item.document is not None:
            documents.append((old.id, item.document))
        # History keeps a row when a fact the maintenance rule reads moved (the first
        # four are columns; the rest, such as a declared maintenance type, a release or
        # commit counts, are in ``facts``); other changes, such as stars, write none.
        if item.observed[:4] != (old.pushed_at, old.last_commit_at, old.archived, old.valid) or (
            item.facts != latest_facts.get(old.id)
        ):
            observations.append((old.id, item.observed))
    if updates:
        session.execute(update(Repository), updates)
        session.execute(
            delete(PubliccodeDocumentRow).where(
                PubliccodeDocumentRow.repository_id.in_([row["id"] for row in updates])
            )
        )
    if bookkeeping:
        session.execute(update(Repository), bookkeeping)
    if documents:
        session.execute(
            insert(_table(PubliccodeDocumentRow)),
            [{"repository_id": rid, **document} for rid, document in documents],
        )
    _write_observations(session, observations, crawl_id)
    return UpsertCounts(len(created), len(changed) + came_back, len(bookkeeping) - came_back)


def _table(model: type[Base]) -> Table:
    """The Core table of an ORM class (SQLAlchemy types ``__table__`` as any FromClause)."""
    table = model.__table__
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not mapped to a Table")
    return table


def _existing(session: Session, batch: Sequence[_Prepared]) -> dict[tuple[str, str], Row[Unpack[tuple[Any, ...]]]]:
    by_host: dict[str, list[str]] = {}
    for item in batch:
        by_host.setdefault(item.key[0], []).append(item.key[1])
    found: dict[tuple[str, str], Row[Unpack[tuple[Any, ...]]]] = {}
    for host, forge_ids in by_host.items():
        query = (
            select(
                Repository.id,
                Repository.forge_id,
                Repository.content_hash,
                Repository.url,
                Repository.url_since,
                Repository.last_crawled_at,
                Repository.changed_crawl_id,
                Repository.gone,
                Repository.pushed_at,
                Repository.last_commit_at,
                Repository.archived,
                PubliccodeDocumentRow.valid,
            )
            .outerjoin(PubliccodeDocumentRow)
            .where(Repository.host == host, Repository.forge_id.in_(forge_ids))
        )
        for row in session.execute(query):
            found[host, row.forge_id] = row
    return found


def _insert_created(
    session: Session, created: list[_Prepared], crawl_id: int, started_at: datetime
) -> dict[tuple[str, str], int]:
    if not created:
        return {}
    rows = [
        {
            **item.row,
            "content_hash": item.hash,
            "url_since": started_at,
            "first_seen_at": started_at,
            "last_crawled_at": started_at,
            "first_crawl_id": crawl_id,
            "last_crawl_id": crawl_id,
            "changed_crawl_id": crawl_id,
            "gone": False,
        }
        for item in created
    ]
    # Core INSERT .. RETURNING: one multi-row statement per few hundred rows
    # ("insertmanyvalues"), where the ORM's bulk path would group rows by their NULLs.
    table = _table(Repository)
    result = session.execute(
        insert(table).returning(table.c.id, table.c.host, table.c.forge_id), rows
    )
    return {(row.host, row.forge_id): row.id for row in result}


def _keep_previous_url(session: Session, old: Row[Unpack[tuple[Any, ...]]]) -> None:
    """Remember ``old.url`` (renames are rare: one row at a time is fine)."""
    known = session.scalars(
        select(RepositoryURL).where(
            RepositoryURL.repository_id == old.id, RepositoryURL.url == old.url
        )
    ).first()
    if known is None:
        session.add(
            RepositoryURL(
                repository_id=old.id,
                url=old.url,
                first_seen_at=old.url_since,
                last_seen_at=old.last_crawled_at,
            )
        )
    else:
        known.last_seen_at = old.last_crawled_at
    session.flush()


def _latest_facts(session: Session, repository_ids: list[int]) -> dict[int, Any]:
    """``repository id -> facts`` of each repository's newest observation (one query)."""
    if not repository_ids:
        return {}
    rows = session.execute(
        select(Observation.repository_id, Observation.facts)
        .where(Observation.repository_id.in_(repository_ids))
        .order_by(Observation.crawl_id)
    )
    return {rid: facts for rid, facts in rows}  # ordered by crawl: the newest wins


def _write_observations(
    session: Session, observations: list[tuple[int, tuple[Any, ...]]], crawl_id: int
) -> None:
    if not observations:
        return
    # A repository written twice in one crawl keeps its latest state for that crawl.
    session.execute(
        delete(Observation).where(
            Observation.crawl_id == crawl_id,
            Observation.repository_id.in_([rid for rid, _ in observations]),
        )
    )
    session.execute(
        insert(_table(Observation)),
        [
            {
                "crawl_id": crawl_id,
                "repository_id": rid,
                "pushed_at": pushed_at,
                "last_commit_at": last_commit_at,
                "archived": archived,
                "publiccode_valid": valid,
                "facts": facts,
            }
            for rid, (pushed_at, last_commit_at, archived, valid, facts) in observations
        ],
    )
