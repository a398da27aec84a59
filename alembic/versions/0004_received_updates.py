"""received updates

Updates that reached a replica by webhook, kept until handled, so that several replicas
handle each chat's updates once and in order.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "received_updates",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("chat_key", sa.BigInteger(), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=True),
        sa.Column("received_at", TIMESTAMP, nullable=False),
        sa.Column("handled_at", TIMESTAMP, nullable=True),
        sa.PrimaryKeyConstraint("update_id", name=op.f("pk_received_updates")),
    )
    op.create_index(
        op.f("ix_received_updates_chat_key_handled_at_update_id"),
        "received_updates",
        ["chat_key", "handled_at", "update_id"],
    )
    op.create_index(
        op.f("ix_received_updates_handled_at_received_at"),
        "received_updates",
        ["handled_at", "received_at"],
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_received_updates_handled_at_received_at"), table_name="received_updates")
    op.drop_index(
        op.f("ix_received_updates_chat_key_handled_at_update_id"), table_name="received_updates"
    )
    op.drop_table("received_updates")
