"""Fusion's blocking indexes seek by an event's last day: (type group, last day) and (type
group, place cell, last day), so a live claim's candidate search reads only recent events
however large the store grows (the old (type group, first day) index made it scan every
earlier event of the group)

Revision ID: 0003_fusion
Revises: 0002
Create Date: 2026-12-02 16:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003_fusion"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("fused_events", schema=None) as batch_op:
        batch_op.drop_index("ix_fused_events_block_days")
        batch_op.drop_index("ix_fused_events_block_place")
        batch_op.create_index("ix_fused_events_block_last_day", ["type_group", "date_to", "date_from"])
        batch_op.create_index("ix_fused_events_block_cell_day", ["type_group", "cell", "date_to"])


def downgrade() -> None:
    with op.batch_alter_table("fused_events", schema=None) as batch_op:
        batch_op.drop_index("ix_fused_events_block_cell_day")
        batch_op.drop_index("ix_fused_events_block_last_day")
        batch_op.create_index("ix_fused_events_block_place", ["type_group", "cell"])
        batch_op.create_index("ix_fused_events_block_days", ["type_group", "date_from", "date_to"])
