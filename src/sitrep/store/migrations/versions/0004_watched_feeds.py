"""Feeds registered to be watched (POST /api/feeds, polled by sitrep watch --db)

Revision ID: 0004
Revises: 0003_fusion
Create Date: 2026-12-02 15:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003_fusion"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "watched_feeds",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("interval", sa.Float(), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=False), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watched_feeds")),
        sa.UniqueConstraint("url", name=op.f("uq_watched_feeds_url")),
    )


def downgrade() -> None:
    op.drop_table("watched_feeds")
