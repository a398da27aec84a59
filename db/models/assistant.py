"""What the assistant spends and where it hands over: token usage per model response,
the day's spend and turns on the operator's model, and chats flagged for a person at
the operator."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.models.columns import STATUS_LENGTH, created_at_column
from db.types import BigIntId, UtcDateTime


class AssistantUsage(Base):
    """The tokens one model response used, for the user's daily budget and /usage."""

    __tablename__ = "assistant_usage"
    __table_args__ = (
        Index(None, "user_id", "created_at"),
        CheckConstraint(
            "input_tokens >= 0 AND cached_tokens >= 0 AND output_tokens >= 0",
            name="tokens_not_negative",
        ),
    )

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        BigIntId, ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    model: Mapped[str] = mapped_column(String(128), nullable=False)
    input_tokens: Mapped[int] = mapped_column(Integer, nullable=False)
    cached_tokens: Mapped[int] = mapped_column(Integer, nullable=False)
    output_tokens: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[dt.datetime] = created_at_column()


class Handover(Base):
    """A chat the user (or the assistant on their behalf) asked a person to take over."""

    __tablename__ = "handovers"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        BigIntId, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    chat_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    source: Mapped[str] = mapped_column(String(STATUS_LENGTH), nullable=False)
    summary: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[dt.datetime] = created_at_column()
    notified_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class AssistantDailySpend(Base):
    """Tokens reserved and spent on the operator's model by one subject on one operator day.

    The subject is a keyed hash of a person's Telegram id (or ``operator`` for everyone's
    total): nothing here names anyone, so erasure leaves the row and a person who erases
    their data and comes back the same day finds the day's spend where it was."""

    __tablename__ = "assistant_daily_spend"
    __table_args__ = (
        CheckConstraint("reserved_tokens >= 0 AND spent_tokens >= 0", name="tokens_not_negative"),
    )

    subject: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    reserved_tokens: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    spent_tokens: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    limit_noticed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    """When the operator was told the budget was reached (the operator's row only)."""


class AssistantTurnCount(Base):
    """Assistant turns one subject (a keyed hash, as above) started in one UTC hour."""

    __tablename__ = "assistant_turn_counts"

    subject: Mapped[str] = mapped_column(String(64), primary_key=True)
    hour: Mapped[dt.datetime] = mapped_column(UtcDateTime, primary_key=True)
    turns: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
