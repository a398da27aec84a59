"""Debts and what is done about them: payment plans, their installments, payments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    UniqueConstraint,
    text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base
from db.models.columns import STATUS_LENGTH, created_at_column, one_of, updated_at_column
from db.models.enums import (
    DebtKind,
    DebtStatus,
    InstallmentStatus,
    PaymentSource,
    PlanKind,
    PlanStatus,
)
from db.types import BigIntId, Money, Percent, UtcDateTime

if TYPE_CHECKING:
    from db.models.people import Debtor

DEBT_OWNER_MATCHES_KIND = (
    "(kind = 'operator' AND debtor_id IS NOT NULL AND owner_user_id IS NULL"
    " AND reference IS NOT NULL)"
    " OR (kind = 'personal' AND owner_user_id IS NOT NULL AND debtor_id IS NULL)"
)
"""Operator debts belong to a debtor and carry the operator's reference; personal
debts belong to the user who tracks them."""


class Debt(Base):
    """An operator's debt (``kind='operator'``) or one a user tracks (``'personal'``).

    ``max_months``, ``min_installment`` and ``max_discount_pct`` are the operator's
    negotiation limits; ``minimum_payment`` is a personal debt's monthly minimum.
    """

    __tablename__ = "debts"
    __table_args__ = (
        one_of("kind", DebtKind),
        one_of("status", DebtStatus),
        CheckConstraint(DEBT_OWNER_MATCHES_KIND, name="owner_matches_kind"),
        CheckConstraint("balance >= 0", name="balance_not_negative"),
        CheckConstraint("length(currency) = 3", name="currency"),
        CheckConstraint("annual_rate >= 0", name="annual_rate_not_negative"),
        CheckConstraint("max_months > 0", name="max_months_positive"),
        CheckConstraint("due_day BETWEEN 1 AND 31", name="due_day_range"),
        CheckConstraint(
            "max_discount_pct >= 0 AND max_discount_pct <= 100", name="max_discount_pct_range"
        ),
    )

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True)
    kind: Mapped[str] = mapped_column(String(STATUS_LENGTH), nullable=False)
    reference: Mapped[str | None] = mapped_column(String(128), unique=True)
    """The operator's own identifier of the debt; ``None`` for personal debts."""
    debtor_id: Mapped[int | None] = mapped_column(
        BigIntId, ForeignKey("debtors.id", ondelete="RESTRICT"), index=True
    )
    owner_user_id: Mapped[int | None] = mapped_column(
        BigIntId, ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    creditor: Mapped[str] = mapped_column(String(255), nullable=False)
    concept: Mapped[str | None] = mapped_column(String(255))
    balance: Mapped[Decimal] = mapped_column(Money, nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    annual_rate: Mapped[Decimal] = mapped_column(
        Percent, nullable=False, default=Decimal(0), server_default=text("0")
    )
    minimum_payment: Mapped[Decimal | None] = mapped_column(Money)
    due_day: Mapped[int | None] = mapped_column(SmallInteger)
    """A personal debt's day of the month its payment is due (1-31; short months clamp)."""
    max_months: Mapped[int | None] = mapped_column(Integer)
    min_installment: Mapped[Decimal | None] = mapped_column(Money)
    max_discount_pct: Mapped[Decimal | None] = mapped_column(Percent)
    status: Mapped[str] = mapped_column(
        String(STATUS_LENGTH),
        nullable=False,
        default=DebtStatus.OPEN,
        server_default=DebtStatus.OPEN.value,
    )
    reminders_enabled: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=True, server_default=true()
    )
    """False when the person turned this debt's reminders off."""
    created_at: Mapped[dt.datetime] = created_at_column()
    updated_at: Mapped[dt.datetime] = updated_at_column()

    debtor: Mapped[Debtor | None] = relationship(back_populates="debts", lazy="raise_on_sql")
    payment_plans: Mapped[list[PaymentPlan]] = relationship(
        back_populates="debt", lazy="raise_on_sql"
    )


class PaymentPlan(Base):
    """An agreed (or proposed) way to pay a debt: installments, a settlement, a partial."""

    __tablename__ = "payment_plans"
    __table_args__ = (
        one_of("kind", PlanKind),
        one_of("status", PlanStatus),
        CheckConstraint("principal >= 0 AND total >= 0", name="amounts_not_negative"),
        Index(None, "status", "reminders_scheduled_at"),
    )

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True)
    debt_id: Mapped[int] = mapped_column(
        BigIntId, ForeignKey("debts.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    user_id: Mapped[int | None] = mapped_column(
        BigIntId, ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(String(STATUS_LENGTH), nullable=False)
    status: Mapped[str] = mapped_column(
        String(STATUS_LENGTH),
        nullable=False,
        default=PlanStatus.PROPOSED,
        server_default=PlanStatus.PROPOSED.value,
    )
    principal: Mapped[Decimal] = mapped_column(Money, nullable=False)
    annual_rate: Mapped[Decimal] = mapped_column(
        Percent, nullable=False, default=Decimal(0), server_default=text("0")
    )
    total: Mapped[Decimal] = mapped_column(Money, nullable=False)
    upfront_amount: Mapped[Decimal | None] = mapped_column(Money)
    offer_id: Mapped[int | None] = mapped_column(
        BigIntId, ForeignKey("offers.id", ondelete="SET NULL"), index=True
    )
    agreed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    reminders_scheduled_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    """When the reminder scheduler created this plan's reminders (None: not yet)."""
    created_at: Mapped[dt.datetime] = created_at_column()

    debt: Mapped[Debt] = relationship(back_populates="payment_plans", lazy="raise_on_sql")
    installments: Mapped[list[Installment]] = relationship(
        back_populates="plan",
        order_by="Installment.number",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="raise_on_sql",
    )


class Installment(Base):
    """One scheduled payment of a plan; ``number`` counts from 1 within the plan."""

    __tablename__ = "installments"
    __table_args__ = (
        UniqueConstraint("plan_id", "number"),
        one_of("status", InstallmentStatus),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint(
            "amount >= 0 AND principal >= 0 AND interest >= 0", name="amounts_not_negative"
        ),
        Index(None, "status", "due_date"),
    )

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        BigIntId, ForeignKey("payment_plans.id", ondelete="CASCADE"), nullable=False
    )
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    due_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    amount: Mapped[Decimal] = mapped_column(Money, nullable=False)
    principal: Mapped[Decimal] = mapped_column(Money, nullable=False)
    interest: Mapped[Decimal] = mapped_column(Money, nullable=False)
    status: Mapped[str] = mapped_column(
        String(STATUS_LENGTH),
        nullable=False,
        default=InstallmentStatus.OPEN,
        server_default=InstallmentStatus.OPEN.value,
    )
    paid_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    reported_paid_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    """When the user said they paid (awaiting the operator's confirmation)."""

    plan: Mapped[PaymentPlan] = relationship(back_populates="installments", lazy="raise_on_sql")


class Payment(Base):
    """Money received against a debt (optionally a specific installment)."""

    __tablename__ = "payments"
    __table_args__ = (
        one_of("source", PaymentSource),
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("length(currency) = 3", name="currency"),
    )

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True)
    installment_id: Mapped[int | None] = mapped_column(
        BigIntId, ForeignKey("installments.id", ondelete="SET NULL"), index=True
    )
    debt_id: Mapped[int] = mapped_column(
        BigIntId, ForeignKey("debts.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    amount: Mapped[Decimal] = mapped_column(Money, nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    telegram_payment_charge_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    provider_payment_charge_id: Mapped[str | None] = mapped_column(String(255))
    source: Mapped[str] = mapped_column(String(STATUS_LENGTH), nullable=False)
    import_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    """For payments imported from the operator's file: a hash of the row, so importing
    the same file again changes nothing."""
    created_at: Mapped[dt.datetime] = created_at_column()
