"""Mirrors and templates: ``repositories.is_mirror``, ``mirror_of_url``, ``is_template``.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-08

Pull mirrors (Forgejo/Gitea ``mirror`` with ``original_url``, GitLab ``mirror``) and
template repositories. Existing rows get ``false`` / ``NULL``: nothing stored is lost.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("repositories") as batch:
        batch.add_column(sa.Column("is_mirror", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("mirror_of_url", sa.Text(), nullable=True))
        batch.add_column(sa.Column("is_template", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("repositories") as batch:
        batch.drop_column("is_template")
        batch.drop_column("mirror_of_url")
        batch.drop_column("is_mirror")
