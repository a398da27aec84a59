"""Negotiation state per (user, debt) and the offers made during it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.models.columns import STATUS_LENGTH, created_at_column, one_of, updated_at_column
from db.models.enums import OfferKind, OfferStatus
from db.types import BigIntId, Money, Percent, UtcDateTime

OPEN_OFFER = f"status = '{OfferStatus.OPEN.value}'"
"""SQL predicate of the partial unique index ``ix_offers_one_open_per_debt``."""
HARDSHIP_NOTE_LENGTH = 1000


class Negotiation(Base):
    """Where a user's negotiation of one debt stands (one row per user and debt)."""

    __tablename__ = "negotiations"
    __table_args__ = (
        UniqueConstraint("user_id", "debt_id"),
        CheckConstraint("round >= 0", name="round_not_negative"),
        CheckConstraint("discount_pct >= 0 AND discount_pct <= 100", name="discount_pct_range"),
    )

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        BigIntId, ForeignKey("users.id", ondelete="RESTRICT"), nullable=False
    )
    debt_id: Mapped[int] = mapped_column(
        BigIntId, ForeignKey("debts.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    round: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default=text("0"))
    discount_pct: Mapped[Decimal] = mapped_column(
        Percent, nullable=False, default=Decimal(0), server_default=text("0")
    )
    """The discount currently on the table, in percent of the balance."""
    final_offer_made: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default=false()
    )
    paused_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    """Set while the negotiation is paused (the user asked for hardship help): no offers
    are made or accepted until the operator resumes it."""
    hardship_requested_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    """When the user last told us they are going through hardship (kept after resuming)."""
    hardship_note: Mapped[str | None] = mapped_column(String(HARDSHIP_NOTE_LENGTH))
    """What the user said about their situation, for the operator."""
    created_at: Mapped[dt.datetime] = created_at_column()
    updated_at: Mapped[dt.datetime] = updated_at_column()


class Offer(Base):
    """An offer to a user about one debt. At most one offer per debt is ``open``."""

    __tablename__ = "offers"
    __table_args__ = (
        one_of("kind", OfferKind),
        one_of("status", OfferStatus),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
        CheckConstraint("discount_pct >= 0 AND discount_pct <= 100", name="discount_pct_range"),
        CheckConstraint("months > 0", name="months_positive"),
        Index(
            "ix_offers_one_open_per_debt",
            "debt_id",
            unique=True,
            sqlite_where=text(OPEN_OFFER),
            postgresql_where=text(OPEN_OFFER),
        ),
    )

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True)
    debt_id: Mapped[int] = mapped_column(
        BigIntId, ForeignKey("debts.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    user_id: Mapped[int] = mapped_column(
        BigIntId, ForeignKey("users.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    negotiation_id: Mapped[int | None] = mapped_column(
        BigIntId, ForeignKey("negotiations.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(String(STATUS_LENGTH), nullable=False)
    amount: Mapped[Decimal] = mapped_column(Money, nullable=False)
    discount_pct: Mapped[Decimal] = mapped_column(
        Percent, nullable=False, default=Decimal(0), server_default=text("0")
    )
    upfront_amount: Mapped[Decimal | None] = mapped_column(Money)
    remaining_amount: Mapped[Decimal | None] = mapped_column(Money)
    months: Mapped[int | None] = mapped_column(Integer)
    balance: Mapped[Decimal | None] = mapped_column(Money)
    """The debt's balance the offer was computed from; accepting it needs the same one."""
    status: Mapped[str] = mapped_column(
        String(STATUS_LENGTH),
        nullable=False,
        default=OfferStatus.OPEN,
        server_default=OfferStatus.OPEN.value,
    )
    expires_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[dt.datetime] = created_at_column()
