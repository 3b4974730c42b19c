"""A refused publiccode.yml keeps its reason and size, not its content.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-08

``repositories.publiccode_refused`` holds why a file was not read (``too large``,
``too deep``, ``too many aliases``, ...; see ``catalogue.publiccode.bounds``) and
``publiccode_size`` its size in bytes. Both are empty for every earlier row, which
keeps their meaning (a file that was read).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("repositories") as batch:
        batch.add_column(sa.Column("publiccode_size", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("publiccode_refused", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("repositories") as batch:
        batch.drop_column("publiccode_refused")
        batch.drop_column("publiccode_size")
