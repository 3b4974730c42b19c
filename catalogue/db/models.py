"""The store's tables as SQLAlchemy 2 typed models.

``repositories``          one row per repository, identified by ``(host, forge_id)``;
                          every ``SourceRepository`` field plus the normalised entry
                          fields and the store's bookkeeping (first/last seen, gone).
``repository_urls``       canonical URLs a repository had before a rename or transfer.
``publiccode_documents``  the parsed ``publiccode.yml`` of a repository (0 or 1 per row).
``crawls``                one row per crawl: times, counts, requests, errors, stats.
``observations``          a small history for trends: written only when a repository's
                          push time, last commit, archived flag or publiccode validity
                          changed since its previous observation.

The schema is owned by the Alembic migrations in ``catalogue/db/migrations``; a test
checks that the migrations' head and these models agree.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from catalogue.db.types import JSONDocument, UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

int_pk = Annotated[int, mapped_column(Integer, primary_key=True)]
utc_time = Annotated[datetime, mapped_column(UTCDateTime)]
json_value = Annotated[Any, mapped_column(JSONDocument)]


class Base(DeclarativeBase):
    """Declarative base of every store model; constraints are named by convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Crawl(Base):
    """One crawl; counts are filled in by ``Store.finish_crawl``."""

    __tablename__ = "crawls"

    id: Mapped[int_pk]
    started_at: Mapped[utc_time]
    finished_at: Mapped[utc_time | None]
    repositories_seen: Mapped[int] = mapped_column(default=0)
    repositories_changed: Mapped[int] = mapped_column(default=0)
    requests: Mapped[int] = mapped_column(default=0)
    errors: Mapped[json_value] = mapped_column(default=list)
    stats: Mapped[json_value] = mapped_column(default=dict)


class Repository(Base):
    """A repository: identity ``(host, forge_id)``, shown by its canonical ``url``.

    ``content_hash`` is a SHA-256 of everything stored about the entry except
    ``fetched_at``; an upsert whose hash matches changes only the bookkeeping
    (``fetched_at``, ``last_crawl_id``, ``last_crawled_at``, ``gone``).
    ``changed_crawl_id`` is the latest crawl that changed the row (content or gone).
    """

    __tablename__ = "repositories"
    __table_args__ = (
        UniqueConstraint("host", "forge_id"),
        Index("ix_repositories_host_account_url", "host", "account_url"),
    )

    id: Mapped[int_pk]
    host: Mapped[str] = mapped_column(String(255))
    forge_id: Mapped[str] = mapped_column(String(64))
    forge_type: Mapped[str] = mapped_column(String(16))
    url: Mapped[str] = mapped_column(Text, index=True)
    full_name: Mapped[str] = mapped_column(Text)
    repository_name: Mapped[str] = mapped_column(Text)
    fetched_at: Mapped[utc_time]
    publisher_id: Mapped[str] = mapped_column(String(255), index=True)
    account_url: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    homepage: Mapped[str | None] = mapped_column(Text)
    default_branch: Mapped[str | None] = mapped_column(Text)
    license_spdx: Mapped[str | None] = mapped_column(Text)
    primary_language: Mapped[str | None] = mapped_column(Text)
    languages: Mapped[json_value]
    topics: Mapped[json_value]
    stars: Mapped[int | None]
    forks: Mapped[int | None]
    open_issues: Mapped[int | None]
    open_pull_requests: Mapped[int | None]
    good_first_issues: Mapped[int | None]
    help_wanted_issues: Mapped[int | None]
    archived: Mapped[bool] = mapped_column(Boolean)
    is_fork: Mapped[bool] = mapped_column(Boolean)
    fork_parent_url: Mapped[str | None] = mapped_column(Text)
    is_empty: Mapped[bool] = mapped_column(Boolean)
    has_repository: Mapped[bool] = mapped_column(Boolean)
    is_mirror: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    mirror_of_url: Mapped[str | None] = mapped_column(Text)
    is_template: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[utc_time | None]
    pushed_at: Mapped[utc_time | None]
    updated_at: Mapped[utc_time | None]
    last_commit_at: Mapped[utc_time | None]
    commits_last_90_days: Mapped[int | None]
    commits_last_365_days: Mapped[int | None]
    latest_release: Mapped[json_value | None]
    publiccode_path: Mapped[str | None] = mapped_column(Text)
    publiccode_text: Mapped[str | None] = mapped_column(Text)
    publiccode_url: Mapped[str | None] = mapped_column(Text)
    publiccode_blob_id: Mapped[str | None] = mapped_column(String(128))
    publiccode_raw: Mapped[bytes | None] = mapped_column(LargeBinary)
    # Why a publiccode.yml was not read (catalogue.publiccode.bounds.REFUSALS), and its size.
    publiccode_size: Mapped[int | None]
    publiccode_refused: Mapped[str | None] = mapped_column(Text)
    readme_excerpt: Mapped[str | None] = mapped_column(Text)
    problems: Mapped[json_value]
    # The normalised CatalogueEntry fields.
    name: Mapped[str] = mapped_column(Text)
    short_description: Mapped[str | None] = mapped_column(Text)
    long_description: Mapped[str | None] = mapped_column(Text)
    description_language: Mapped[str | None] = mapped_column(String(35))
    # Bookkeeping across crawls.
    content_hash: Mapped[str] = mapped_column(String(64))
    url_since: Mapped[utc_time]
    first_seen_at: Mapped[utc_time]
    last_crawled_at: Mapped[utc_time]
    first_crawl_id: Mapped[int] = mapped_column(ForeignKey("crawls.id"))
    last_crawl_id: Mapped[int] = mapped_column(ForeignKey("crawls.id"), index=True)
    changed_crawl_id: Mapped[int] = mapped_column(ForeignKey("crawls.id"), index=True)
    gone: Mapped[bool] = mapped_column(Boolean, default=False)


class RepositoryURL(Base):
    """A canonical URL a repository had, and the first and last time it had it."""

    __tablename__ = "repository_urls"
    __table_args__ = (UniqueConstraint("repository_id", "url"),)

    id: Mapped[int_pk]
    repository_id: Mapped[int] = mapped_column(ForeignKey("repositories.id"))
    url: Mapped[str] = mapped_column(Text)
    first_seen_at: Mapped[utc_time]
    last_seen_at: Mapped[utc_time]


class PubliccodeDocumentRow(Base):
    """The parsed ``publiccode.yml`` of one repository (``records.PubliccodeDocument``)."""

    __tablename__ = "publiccode_documents"

    repository_id: Mapped[int] = mapped_column(ForeignKey("repositories.id"), primary_key=True)
    path: Mapped[str] = mapped_column(Text)
    version: Mapped[str | None] = mapped_column(Text)
    valid: Mapped[bool] = mapped_column(Boolean)
    data: Mapped[json_value]
    messages: Mapped[json_value]
    url: Mapped[str | None] = mapped_column(Text)
    nl: Mapped[json_value | None]


class Observation(Base):
    """What trends need of one repository at one crawl, written only on change."""

    __tablename__ = "observations"
    __table_args__ = (
        UniqueConstraint("repository_id", "crawl_id"),
        Index("ix_observations_crawl_id", "crawl_id"),
    )

    id: Mapped[int_pk]
    crawl_id: Mapped[int] = mapped_column(ForeignKey("crawls.id"))
    repository_id: Mapped[int] = mapped_column(ForeignKey("repositories.id"))
    pushed_at: Mapped[utc_time | None]
    last_commit_at: Mapped[utc_time | None]
    archived: Mapped[bool] = mapped_column(Boolean)
    publiccode_valid: Mapped[bool | None] = mapped_column(Boolean)
    # Every fact the maintenance rule reads (catalogue.db.codec.facts_json), so that the
    # status at this crawl can be judged again later.
    facts: Mapped[json_value | None]
