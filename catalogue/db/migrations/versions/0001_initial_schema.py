"""Initial schema: crawls, repositories, their previous URLs, publiccode documents,
observations.

Revision ID: 0001
Revises:
Create Date: 2026-11-29

Types are spelled as the database sees them (``DateTime(timezone=True)``, ``JSON``) so
that this file never depends on the application's type decorators.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TIME = sa.DateTime(timezone=True)


def _json() -> sa.JSON:
    return sa.JSON(none_as_null=True)


def upgrade() -> None:
    op.create_table(
        "crawls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", TIME, nullable=False),
        sa.Column("finished_at", TIME, nullable=True),
        sa.Column("repositories_seen", sa.Integer(), nullable=False),
        sa.Column("repositories_changed", sa.Integer(), nullable=False),
        sa.Column("requests", sa.Integer(), nullable=False),
        sa.Column("errors", _json(), nullable=False),
        sa.Column("stats", _json(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_crawls"),
    )
    op.create_table(
        "repositories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("forge_id", sa.String(length=64), nullable=False),
        sa.Column("forge_type", sa.String(length=16), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("full_name", sa.Text(), nullable=False),
        sa.Column("repository_name", sa.Text(), nullable=False),
        sa.Column("fetched_at", TIME, nullable=False),
        sa.Column("publisher_id", sa.String(length=255), nullable=False),
        sa.Column("account_url", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("homepage", sa.Text(), nullable=True),
        sa.Column("default_branch", sa.Text(), nullable=True),
        sa.Column("license_spdx", sa.Text(), nullable=True),
        sa.Column("primary_language", sa.Text(), nullable=True),
        sa.Column("languages", _json(), nullable=False),
        sa.Column("topics", _json(), nullable=False),
        sa.Column("stars", sa.Integer(), nullable=True),
        sa.Column("forks", sa.Integer(), nullable=True),
        sa.Column("open_issues", sa.Integer(), nullable=True),
        sa.Column("open_pull_requests", sa.Integer(), nullable=True),
        sa.Column("good_first_issues", sa.Integer(), nullable=True),
        sa.Column("help_wanted_issues", sa.Integer(), nullable=True),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("is_fork", sa.Boolean(), nullable=False),
        sa.Column("fork_parent_url", sa.Text(), nullable=True),
        sa.Column("is_empty", sa.Boolean(), nullable=False),
        sa.Column("has_repository", sa.Boolean(), nullable=False),
        sa.Column("created_at", TIME, nullable=True),
        sa.Column("pushed_at", TIME, nullable=True),
        sa.Column("updated_at", TIME, nullable=True),
        sa.Column("last_commit_at", TIME, nullable=True),
        sa.Column("commits_last_90_days", sa.Integer(), nullable=True),
        sa.Column("commits_last_365_days", sa.Integer(), nullable=True),
        sa.Column("latest_release", _json(), nullable=True),
        sa.Column("publiccode_path", sa.Text(), nullable=True),
        sa.Column("publiccode_text", sa.Text(), nullable=True),
        sa.Column("publiccode_url", sa.Text(), nullable=True),
        sa.Column("publiccode_blob_id", sa.String(length=128), nullable=True),
        sa.Column("publiccode_raw", sa.LargeBinary(), nullable=True),
        sa.Column("readme_excerpt", sa.Text(), nullable=True),
        sa.Column("problems", _json(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("short_description", sa.Text(), nullable=True),
        sa.Column("long_description", sa.Text(), nullable=True),
        sa.Column("description_language", sa.String(length=35), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("url_since", TIME, nullable=False),
        sa.Column("first_seen_at", TIME, nullable=False),
        sa.Column("last_crawled_at", TIME, nullable=False),
        sa.Column("first_crawl_id", sa.Integer(), nullable=False),
        sa.Column("last_crawl_id", sa.Integer(), nullable=False),
        sa.Column("changed_crawl_id", sa.Integer(), nullable=False),
        sa.Column("gone", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["first_crawl_id"], ["crawls.id"], name="fk_repositories_first_crawl_id_crawls"
        ),
        sa.ForeignKeyConstraint(
            ["last_crawl_id"], ["crawls.id"], name="fk_repositories_last_crawl_id_crawls"
        ),
        sa.ForeignKeyConstraint(
            ["changed_crawl_id"], ["crawls.id"], name="fk_repositories_changed_crawl_id_crawls"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_repositories"),
        sa.UniqueConstraint("host", "forge_id", name="uq_repositories_host_forge_id"),
    )
    op.create_index("ix_repositories_url", "repositories", ["url"])
    op.create_index("ix_repositories_publisher_id", "repositories", ["publisher_id"])
    op.create_index("ix_repositories_host_account_url", "repositories", ["host", "account_url"])
    op.create_index("ix_repositories_last_crawl_id", "repositories", ["last_crawl_id"])
    op.create_index("ix_repositories_changed_crawl_id", "repositories", ["changed_crawl_id"])

    op.create_table(
        "repository_urls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("repository_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("first_seen_at", TIME, nullable=False),
        sa.Column("last_seen_at", TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["repository_id"],
            ["repositories.id"],
            name="fk_repository_urls_repository_id_repositories",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_repository_urls"),
        sa.UniqueConstraint("repository_id", "url", name="uq_repository_urls_repository_id_url"),
    )
    op.create_table(
        "publiccode_documents",
        sa.Column("repository_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("version", sa.Text(), nullable=True),
        sa.Column("valid", sa.Boolean(), nullable=False),
        sa.Column("data", _json(), nullable=False),
        sa.Column("messages", _json(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("nl", _json(), nullable=True),
        sa.ForeignKeyConstraint(
            ["repository_id"],
            ["repositories.id"],
            name="fk_publiccode_documents_repository_id_repositories",
        ),
        sa.PrimaryKeyConstraint("repository_id", name="pk_publiccode_documents"),
    )
    op.create_table(
        "observations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("crawl_id", sa.Integer(), nullable=False),
        sa.Column("repository_id", sa.Integer(), nullable=False),
        sa.Column("pushed_at", TIME, nullable=True),
        sa.Column("last_commit_at", TIME, nullable=True),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("publiccode_valid", sa.Boolean(), nullable=True),
        sa.Column("facts", _json(), nullable=True),
        sa.ForeignKeyConstraint(["crawl_id"], ["crawls.id"], name="fk_observations_crawl_id_crawls"),
        sa.ForeignKeyConstraint(
            ["repository_id"],
            ["repositories.id"],
            name="fk_observations_repository_id_repositories",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_observations"),
        sa.UniqueConstraint(
            "repository_id", "crawl_id", name="uq_observations_repository_id_crawl_id"
        ),
    )
    op.create_index("ix_observations_crawl_id", "observations", ["crawl_id"])


def downgrade() -> None:
    op.drop_table("observations")
    op.drop_table("publiccode_documents")
    op.drop_table("repository_urls")
    op.drop_table("repositories")
    op.drop_table("crawls")
