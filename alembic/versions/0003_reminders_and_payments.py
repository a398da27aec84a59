"""reminders and payments

What the reminder scheduler and the payments import need: per-debt reminder opt-out,
the time of a user's last reminder (one a day at most), which active plans already
have their reminders, and a key that makes importing the same payment twice a no-op.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("debts") as debts:
        debts.add_column(
            sa.Column("reminders_enabled", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
    with op.batch_alter_table("users") as users:
        users.add_column(sa.Column("last_reminded_at", TIMESTAMP, nullable=True))
    with op.batch_alter_table("payment_plans") as plans:
        plans.add_column(sa.Column("reminders_scheduled_at", TIMESTAMP, nullable=True))
        plans.create_index(
            "ix_payment_plans_status_reminders_scheduled_at", ["status", "reminders_scheduled_at"]
        )
    with op.batch_alter_table("payments") as payments:
        payments.add_column(sa.Column("import_key", sa.String(64), nullable=True))
        payments.create_unique_constraint("uq_payments_import_key", ["import_key"])


def downgrade() -> None:
    with op.batch_alter_table("payments") as payments:
        payments.drop_constraint("uq_payments_import_key", type_="unique")
        payments.drop_column("import_key")
    with op.batch_alter_table("payment_plans") as plans:
        plans.drop_index("ix_payment_plans_status_reminders_scheduled_at")
        plans.drop_column("reminders_scheduled_at")
    with op.batch_alter_table("users") as users:
        users.drop_column("last_reminded_at")
    with op.batch_alter_table("debts") as debts:
        debts.drop_column("reminders_enabled")
