"""Installment reminders, claimed by workers and sent through Telegram."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.models.columns import STATUS_LENGTH, created_at_column, one_of
from db.models.enums import ReminderStatus
from db.types import BigIntId, UtcDateTime


class Reminder(Base):
    """One reminder of one installment. ``kind`` (see ``ReminderKind``) is not
    constrained so new kinds need no migration; each kind exists once per installment.

    Workers claim due reminders (``status='claimed'``, ``claimed_at``, ``claimed_by``)
    before sending, so several processes never send the same reminder.
    """

    __tablename__ = "reminders"
    __table_args__ = (
        UniqueConstraint("installment_id", "kind"),
        one_of("status", ReminderStatus),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        Index(None, "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True)
    installment_id: Mapped[int] = mapped_column(
        BigIntId, ForeignKey("installments.id", ondelete="CASCADE"), nullable=False
    )
    user_id: Mapped[int] = mapped_column(
        BigIntId, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    kind: Mapped[str] = mapped_column(String(STATUS_LENGTH), nullable=False)
    due_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, nullable=False)
    status: Mapped[str] = mapped_column(
        String(STATUS_LENGTH),
        nullable=False,
        default=ReminderStatus.PENDING,
        server_default=ReminderStatus.PENDING.value,
    )
    claimed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    claimed_by: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger)
    attempts: Mapped[int] = mapped_column(
        Integer, nullable=False, default=0, server_default=text("0")
    )
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = created_at_column()
