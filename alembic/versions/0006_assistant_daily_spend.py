"""assistant daily spend

* ``assistant_daily_spend``: tokens reserved and spent on the operator's model, per
  subject (a keyed hash of a Telegram id, or ``operator``) and operator day.
* ``assistant_turn_counts``: assistant turns per subject and UTC hour.

Neither holds anything personal, so erasure leaves them; old rows are purged as new days
begin.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "assistant_daily_spend",
        sa.Column("subject", sa.String(64), primary_key=True),
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("reserved_tokens", sa.BigInteger(), nullable=False),
        sa.Column("spent_tokens", sa.BigInteger(), nullable=False),
        sa.Column("limit_noticed_at", TIMESTAMP),
        sa.CheckConstraint(
            "reserved_tokens >= 0 AND spent_tokens >= 0", name="tokens_not_negative"
        ),
    )
    op.create_table(
        "assistant_turn_counts",
        sa.Column("subject", sa.String(64), primary_key=True),
        sa.Column("hour", TIMESTAMP, primary_key=True),
        sa.Column("turns", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("assistant_turn_counts")
    op.drop_table("assistant_daily_spend")
