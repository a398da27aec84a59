"""assistant usage and handovers

Token usage per model response (daily budgets, /usage) and chats flagged for a person.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TIMESTAMP = sa.DateTime(timezone=True)


def _user_id() -> sa.Column:
    return sa.Column("user_id", ID, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False)


def _created_at() -> sa.Column:
    return sa.Column("created_at", TIMESTAMP, server_default=sa.func.now(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "assistant_usage",
        sa.Column("id", ID, primary_key=True),
        _user_id(),
        sa.Column("model", sa.String(128), nullable=False),
        sa.Column("input_tokens", sa.Integer(), nullable=False),
        sa.Column("cached_tokens", sa.Integer(), nullable=False),
        sa.Column("output_tokens", sa.Integer(), nullable=False),
        _created_at(),
        sa.CheckConstraint(
            "input_tokens >= 0 AND cached_tokens >= 0 AND output_tokens >= 0",
            name="tokens_not_negative",
        ),
    )
    op.create_index(
        op.f("ix_assistant_usage_user_id_created_at"), "assistant_usage", ["user_id", "created_at"]
    )
    op.create_table(
        "handovers",
        sa.Column("id", ID, primary_key=True),
        _user_id(),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        _created_at(),
        sa.Column("notified_at", TIMESTAMP),
        sa.Column("resolved_at", TIMESTAMP),
    )
    op.create_index(op.f("ix_handovers_user_id"), "handovers", ["user_id"])


def downgrade() -> None:
    op.drop_table("handovers")
    op.drop_table("assistant_usage")
