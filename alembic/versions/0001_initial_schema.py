"""initial schema

Every table, the one-open-offer-per-debt index and the append-only triggers of
audit_log.

Revision ID: 0001
Revises:
Create Date: 2026-11-25

Self-contained on purpose (no imports from ``db``), so later model changes cannot
change what this migration does. Types, spelled out once below:

* ids: BIGINT on PostgreSQL, INTEGER on SQLite (an auto-incrementing rowid alias);
* timestamps: TIMESTAMP WITH TIME ZONE (``db.types.UtcDateTime``);
* money: NUMERIC(14, 2) (``db.types.Money``); rates: NUMERIC(7, 4) (``db.types.Percent``).
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TIMESTAMP = sa.DateTime(timezone=True)
MONEY = sa.Numeric(14, 2)
PERCENT = sa.Numeric(7, 4)
STATUS = sa.String(32)

AUDIT_LOG_APPEND_ONLY_MESSAGE = "audit_log is append-only"


def id_column() -> sa.Column:
    return sa.Column("id", ID, primary_key=True)


def fk_column(name: str, target: str, *, nullable: bool, ondelete: str) -> sa.Column:
    return sa.Column(name, ID, sa.ForeignKey(target, ondelete=ondelete), nullable=nullable)


def timestamp(name: str, *, nullable: bool = True) -> sa.Column:
    return sa.Column(name, TIMESTAMP, nullable=nullable)


def created_at() -> sa.Column:
    return sa.Column("created_at", TIMESTAMP, server_default=sa.func.now(), nullable=False)


def updated_at() -> sa.Column:
    return sa.Column("updated_at", TIMESTAMP, server_default=sa.func.now(), nullable=False)


def status_column(default: str) -> sa.Column:
    return sa.Column("status", STATUS, server_default=default, nullable=False)


def one_of(name: str, values: Sequence[str]) -> sa.CheckConstraint:
    allowed = ", ".join(f"'{value}'" for value in values)
    return sa.CheckConstraint(f"{name} IN ({allowed})", name=name)


def e164_phone() -> sa.CheckConstraint:
    return sa.CheckConstraint("phone LIKE '+%' AND length(phone) BETWEEN 3 AND 16", name="phone")


def zero() -> sa.TextClause:
    return sa.text("0")


DEBT_KINDS = ("operator", "personal")
DEBT_STATUSES = ("open", "in_plan", "settled", "paid", "cancelled")
PLAN_KINDS = ("installments", "settlement", "partial")
PLAN_STATUSES = ("proposed", "active", "completed", "cancelled", "defaulted")
INSTALLMENT_STATUSES = ("open", "reported_paid", "paid", "cancelled")
PAYMENT_SOURCES = ("telegram", "operator", "user_report")
OFFER_KINDS = ("settlement", "counteroffer_accepted", "partial")
OFFER_STATUSES = ("open", "accepted", "expired", "superseded", "rejected")
THREAD_STATUSES = ("active", "closed")
THREAD_ITEM_TYPES = ("message", "function_call", "function_call_output", "reasoning")
REMINDER_STATUSES = ("pending", "claimed", "sent", "skipped", "cancelled", "failed")


def upgrade() -> None:
    create_people_tables()
    create_debt_tables()
    create_conversation_tables()
    create_document_tables()
    create_audit_log()


def downgrade() -> None:
    drop_audit_log()
    for table in (
        "document_chunks",
        "documents",
        "group_chats",
        "conversation_states",
        "thread_items",
        "conversation_threads",
        "reminders",
        "payments",
        "installments",
        "payment_plans",
        "offers",
        "negotiations",
        "debts",
        "invites",
        "debtors",
        "users",
    ):
        op.drop_table(table)


def create_people_tables() -> None:
    op.create_table(
        "users",
        id_column(),
        sa.Column("telegram_id", sa.BigInteger(), nullable=False),
        sa.Column("first_name", sa.String(255), nullable=False),
        sa.Column("full_name", sa.String(255)),
        sa.Column("email", sa.String(320)),
        sa.Column("phone", sa.String(16)),
        timestamp("phone_verified_at"),
        sa.Column("language", sa.String(2)),
        sa.Column("timezone", sa.String(64)),
        timestamp("privacy_consent_at"),
        timestamp("reminders_consent_at"),
        sa.Column("reminders_enabled", sa.Boolean(), server_default=sa.true(), nullable=False),
        timestamp("unreachable_at"),
        sa.Column("openai_api_key_encrypted", sa.LargeBinary()),
        timestamp("deleted_at"),
        created_at(),
        updated_at(),
        sa.UniqueConstraint("telegram_id"),
        e164_phone(),
        sa.CheckConstraint("length(language) = 2", name="language"),
    )
    op.create_table(
        "debtors",
        id_column(),
        sa.Column("full_name", sa.String(255), nullable=False),
        sa.Column("email", sa.String(320)),
        sa.Column("phone", sa.String(16)),
        fk_column("user_id", "users.id", nullable=True, ondelete="SET NULL"),
        timestamp("linked_at"),
        created_at(),
        sa.UniqueConstraint("user_id"),
        e164_phone(),
    )
    op.create_index(op.f("ix_debtors_email"), "debtors", ["email"])
    op.create_index(op.f("ix_debtors_phone"), "debtors", ["phone"])

    op.create_table(
        "invites",
        id_column(),
        sa.Column("token", sa.String(64), nullable=False),
        fk_column("debtor_id", "debtors.id", nullable=False, ondelete="CASCADE"),
        timestamp("expires_at", nullable=False),
        timestamp("used_at"),
        fk_column("used_by_user_id", "users.id", nullable=True, ondelete="SET NULL"),
        created_at(),
        sa.UniqueConstraint("token"),
    )
    op.create_index(op.f("ix_invites_debtor_id"), "invites", ["debtor_id"])
    op.create_index(op.f("ix_invites_used_by_user_id"), "invites", ["used_by_user_id"])


def create_debt_tables() -> None:
    op.create_table(
        "debts",
        id_column(),
        sa.Column("kind", STATUS, nullable=False),
        sa.Column("reference", sa.String(128)),
        fk_column("debtor_id", "debtors.id", nullable=True, ondelete="RESTRICT"),
        fk_column("owner_user_id", "users.id", nullable=True, ondelete="RESTRICT"),
        sa.Column("creditor", sa.String(255), nullable=False),
        sa.Column("concept", sa.String(255)),
        sa.Column("balance", MONEY, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("annual_rate", PERCENT, server_default=zero(), nullable=False),
        sa.Column("minimum_payment", MONEY),
        sa.Column("due_day", sa.SmallInteger()),
        sa.Column("max_months", sa.Integer()),
        sa.Column("min_installment", MONEY),
        sa.Column("max_discount_pct", PERCENT),
        status_column("open"),
        created_at(),
        updated_at(),
        sa.UniqueConstraint("reference"),
        one_of("kind", DEBT_KINDS),
        one_of("status", DEBT_STATUSES),
        sa.CheckConstraint(
            "(kind = 'operator' AND debtor_id IS NOT NULL AND owner_user_id IS NULL"
            " AND reference IS NOT NULL)"
            " OR (kind = 'personal' AND owner_user_id IS NOT NULL AND debtor_id IS NULL)",
            name="owner_matches_kind",
        ),
        sa.CheckConstraint("balance >= 0", name="balance_not_negative"),
        sa.CheckConstraint("length(currency) = 3", name="currency"),
        sa.CheckConstraint("annual_rate >= 0", name="annual_rate_not_negative"),
        sa.CheckConstraint("max_months > 0", name="max_months_positive"),
        sa.CheckConstraint("due_day BETWEEN 1 AND 31", name="due_day_range"),
        sa.CheckConstraint(
            "max_discount_pct >= 0 AND max_discount_pct <= 100", name="max_discount_pct_range"
        ),
    )
    op.create_index(op.f("ix_debts_debtor_id"), "debts", ["debtor_id"])
    op.create_index(op.f("ix_debts_owner_user_id"), "debts", ["owner_user_id"])

    op.create_table(
        "negotiations",
        id_column(),
        fk_column("user_id", "users.id", nullable=False, ondelete="RESTRICT"),
        fk_column("debt_id", "debts.id", nullable=False, ondelete="RESTRICT"),
        sa.Column("round", sa.Integer(), server_default=zero(), nullable=False),
        sa.Column("discount_pct", PERCENT, server_default=zero(), nullable=False),
        sa.Column("final_offer_made", sa.Boolean(), server_default=sa.false(), nullable=False),
        timestamp("paused_at"),
        timestamp("hardship_requested_at"),
        sa.Column("hardship_note", sa.String(1000)),
        created_at(),
        updated_at(),
        sa.UniqueConstraint("user_id", "debt_id"),
        sa.CheckConstraint("round >= 0", name="round_not_negative"),
        sa.CheckConstraint("discount_pct >= 0 AND discount_pct <= 100", name="discount_pct_range"),
    )
    op.create_index(op.f("ix_negotiations_debt_id"), "negotiations", ["debt_id"])

    op.create_table(
        "offers",
        id_column(),
        fk_column("debt_id", "debts.id", nullable=False, ondelete="RESTRICT"),
        fk_column("user_id", "users.id", nullable=False, ondelete="RESTRICT"),
        fk_column("negotiation_id", "negotiations.id", nullable=True, ondelete="SET NULL"),
        sa.Column("kind", STATUS, nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("discount_pct", PERCENT, server_default=zero(), nullable=False),
        sa.Column("upfront_amount", MONEY),
        sa.Column("remaining_amount", MONEY),
        sa.Column("months", sa.Integer()),
        sa.Column("balance", MONEY),
        status_column("open"),
        timestamp("expires_at"),
        timestamp("decided_at"),
        created_at(),
        one_of("kind", OFFER_KINDS),
        one_of("status", OFFER_STATUSES),
        sa.CheckConstraint("amount >= 0", name="amount_not_negative"),
        sa.CheckConstraint("discount_pct >= 0 AND discount_pct <= 100", name="discount_pct_range"),
        sa.CheckConstraint("months > 0", name="months_positive"),
    )
    op.create_index(op.f("ix_offers_debt_id"), "offers", ["debt_id"])
    op.create_index(op.f("ix_offers_user_id"), "offers", ["user_id"])
    op.create_index(op.f("ix_offers_negotiation_id"), "offers", ["negotiation_id"])
    # At most one open offer per debt (a partial unique index on both engines).
    op.create_index(
        "ix_offers_one_open_per_debt",
        "offers",
        ["debt_id"],
        unique=True,
        sqlite_where=sa.text("status = 'open'"),
        postgresql_where=sa.text("status = 'open'"),
    )

    op.create_table(
        "payment_plans",
        id_column(),
        fk_column("debt_id", "debts.id", nullable=False, ondelete="RESTRICT"),
        fk_column("user_id", "users.id", nullable=True, ondelete="SET NULL"),
        sa.Column("kind", STATUS, nullable=False),
        status_column("proposed"),
        sa.Column("principal", MONEY, nullable=False),
        sa.Column("annual_rate", PERCENT, server_default=zero(), nullable=False),
        sa.Column("total", MONEY, nullable=False),
        sa.Column("upfront_amount", MONEY),
        fk_column("offer_id", "offers.id", nullable=True, ondelete="SET NULL"),
        timestamp("agreed_at"),
        created_at(),
        one_of("kind", PLAN_KINDS),
        one_of("status", PLAN_STATUSES),
        sa.CheckConstraint("principal >= 0 AND total >= 0", name="amounts_not_negative"),
    )
    op.create_index(op.f("ix_payment_plans_debt_id"), "payment_plans", ["debt_id"])
    op.create_index(op.f("ix_payment_plans_user_id"), "payment_plans", ["user_id"])
    op.create_index(op.f("ix_payment_plans_offer_id"), "payment_plans", ["offer_id"])

    op.create_table(
        "installments",
        id_column(),
        fk_column("plan_id", "payment_plans.id", nullable=False, ondelete="CASCADE"),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("principal", MONEY, nullable=False),
        sa.Column("interest", MONEY, nullable=False),
        status_column("open"),
        timestamp("paid_at"),
        timestamp("reported_paid_at"),
        sa.UniqueConstraint("plan_id", "number"),
        one_of("status", INSTALLMENT_STATUSES),
        sa.CheckConstraint("number >= 1", name="number_positive"),
        sa.CheckConstraint(
            "amount >= 0 AND principal >= 0 AND interest >= 0", name="amounts_not_negative"
        ),
    )
    op.create_index(op.f("ix_installments_status_due_date"), "installments", ["status", "due_date"])

    op.create_table(
        "payments",
        id_column(),
        fk_column("installment_id", "installments.id", nullable=True, ondelete="SET NULL"),
        fk_column("debt_id", "debts.id", nullable=False, ondelete="RESTRICT"),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("telegram_payment_charge_id", sa.String(255)),
        sa.Column("provider_payment_charge_id", sa.String(255)),
        sa.Column("source", STATUS, nullable=False),
        created_at(),
        sa.UniqueConstraint("telegram_payment_charge_id"),
        one_of("source", PAYMENT_SOURCES),
        sa.CheckConstraint("amount > 0", name="amount_positive"),
        sa.CheckConstraint("length(currency) = 3", name="currency"),
    )
    op.create_index(op.f("ix_payments_installment_id"), "payments", ["installment_id"])
    op.create_index(op.f("ix_payments_debt_id"), "payments", ["debt_id"])

    op.create_table(
        "reminders",
        id_column(),
        fk_column("installment_id", "installments.id", nullable=False, ondelete="CASCADE"),
        fk_column("user_id", "users.id", nullable=False, ondelete="CASCADE"),
        sa.Column("kind", STATUS, nullable=False),  # unconstrained: new kinds need no migration
        timestamp("due_at", nullable=False),
        status_column("pending"),
        timestamp("claimed_at"),
        sa.Column("claimed_by", sa.Text()),
        timestamp("sent_at"),
        sa.Column("telegram_message_id", sa.BigInteger()),
        sa.Column("attempts", sa.Integer(), server_default=zero(), nullable=False),
        sa.Column("last_error", sa.Text()),
        created_at(),
        sa.UniqueConstraint("installment_id", "kind"),
        one_of("status", REMINDER_STATUSES),
        sa.CheckConstraint("attempts >= 0", name="attempts_not_negative"),
    )
    op.create_index(op.f("ix_reminders_user_id"), "reminders", ["user_id"])
    op.create_index(op.f("ix_reminders_status_due_at"), "reminders", ["status", "due_at"])


def create_conversation_tables() -> None:
    op.create_table(
        "conversation_threads",
        id_column(),
        fk_column("user_id", "users.id", nullable=False, ondelete="CASCADE"),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("openai_conversation_id", sa.String(128)),
        status_column("active"),
        created_at(),
        timestamp("closed_at"),
        one_of("status", THREAD_STATUSES),
    )
    op.create_index(op.f("ix_conversation_threads_user_id"), "conversation_threads", ["user_id"])
    op.create_index(
        op.f("ix_conversation_threads_chat_id_status"),
        "conversation_threads",
        ["chat_id", "status"],
    )

    op.create_table(
        "thread_items",
        id_column(),
        fk_column("thread_id", "conversation_threads.id", nullable=False, ondelete="CASCADE"),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("turn", sa.Integer(), nullable=False),
        sa.Column("item_type", STATUS, nullable=False),
        sa.Column("role", STATUS),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("token_estimate", sa.Integer(), server_default=zero(), nullable=False),
        created_at(),
        sa.UniqueConstraint("thread_id", "position"),
        one_of("item_type", THREAD_ITEM_TYPES),
        sa.CheckConstraint("token_estimate >= 0", name="token_estimate_not_negative"),
    )

    op.create_table(
        "conversation_states",
        id_column(),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        fk_column("user_id", "users.id", nullable=True, ondelete="CASCADE"),
        sa.Column("flow", sa.String(64), nullable=False),
        sa.Column("step", sa.String(64), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        created_at(),
        updated_at(),
        sa.UniqueConstraint("chat_id"),
    )
    op.create_index(op.f("ix_conversation_states_user_id"), "conversation_states", ["user_id"])

    op.create_table(
        "group_chats",
        id_column(),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        timestamp("notified_at"),
        created_at(),
        sa.UniqueConstraint("chat_id"),
    )


def create_document_tables() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("path", sa.String(1024), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("title", sa.String(512), nullable=False),
        sa.Column("language", sa.String(2)),
        sa.Column("pages", sa.Integer(), server_default=zero(), nullable=False),
        sa.Column("indexed_at", TIMESTAMP, server_default=sa.func.now(), nullable=False),
        created_at(),
        sa.UniqueConstraint("path"),
        sa.CheckConstraint("pages >= 0", name="pages_not_negative"),
    )
    op.create_table(
        "document_chunks",
        id_column(),
        sa.Column(
            "document_id",
            sa.Integer(),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("page", sa.Integer()),
        sa.Column("heading", sa.String(512)),
        sa.Column("text", sa.Text(), nullable=False),
        sa.UniqueConstraint("document_id", "ordinal"),
    )


def create_audit_log() -> None:
    op.create_table(
        "audit_log",
        id_column(),
        sa.Column("occurred_at", TIMESTAMP, server_default=sa.func.now(), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("entity_type", sa.String(64), nullable=False),
        sa.Column("entity_id", sa.BigInteger()),
        sa.Column("details", sa.JSON()),
    )
    op.create_index(
        op.f("ix_audit_log_entity_type_entity_id"), "audit_log", ["entity_type", "entity_id"]
    )

    # Append-only: reject UPDATE and DELETE (and TRUNCATE on PostgreSQL). Both
    # engines report the rejection as an integrity error.
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"""
            CREATE FUNCTION audit_log_reject_change() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '{AUDIT_LOG_APPEND_ONLY_MESSAGE}'
                    USING ERRCODE = 'restrict_violation';
            END;
            $$
            """
        )
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log"
            " FOR EACH ROW EXECUTE FUNCTION audit_log_reject_change()"
        )
        op.execute(
            "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log"
            " FOR EACH STATEMENT EXECUTE FUNCTION audit_log_reject_change()"
        )
    elif op.get_bind().dialect.name == "sqlite":
        for operation in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{operation.lower()}"
                f" BEFORE {operation} ON audit_log"
                f" BEGIN SELECT RAISE(ABORT, '{AUDIT_LOG_APPEND_ONLY_MESSAGE}'); END"
            )
    else:
        raise NotImplementedError(f"no audit_log triggers for {op.get_bind().dialect.name}")


def drop_audit_log() -> None:
    # Dropping the table drops its triggers; the PostgreSQL function goes afterwards.
    op.drop_table("audit_log")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION audit_log_reject_change()")
