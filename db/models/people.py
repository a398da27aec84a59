"""People: Telegram users, the operator's debtors, and invites that link the two."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    LargeBinary,
    String,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base
from db.models.columns import created_at_column, e164_phone, updated_at_column
from db.types import BigIntId, UtcDateTime

if TYPE_CHECKING:
    from db.models.debts import Debt


class User(Base):
    """A Telegram account that talks to the bot.

    Deleting a user for privacy is a service's job (scrub personal data, set
    ``deleted_at``); foreign keys from financial records do not cascade.
    """

    __tablename__ = "users"
    __table_args__ = (
        e164_phone(),
        CheckConstraint("length(language) = 2", name="language"),
    )

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, nullable=False, unique=True)
    first_name: Mapped[str] = mapped_column(String(255), nullable=False)
    full_name: Mapped[str | None] = mapped_column(String(255))
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(16))
    """E.164, e.g. ``+34600111222``."""
    phone_verified_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    language: Mapped[str | None] = mapped_column(String(2))
    """ISO 639-1 code chosen by the user; ``None`` means use Telegram's language."""
    timezone: Mapped[str | None] = mapped_column(String(64))
    """IANA time zone name, e.g. ``Europe/Madrid``."""
    privacy_consent_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    reminders_consent_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    reminders_enabled: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=True, server_default=true()
    )
    unreachable_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    """When Telegram answered 403 (the user blocked the bot)."""
    last_reminded_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    """When the user's latest reminder message was claimed (one a day at most)."""
    openai_api_key_encrypted: Mapped[bytes | None] = mapped_column(LargeBinary)
    """The user's own OpenAI API key, encrypted at rest (never stored in clear)."""
    deleted_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[dt.datetime] = created_at_column()
    updated_at: Mapped[dt.datetime] = updated_at_column()

    debtor: Mapped[Debtor | None] = relationship(back_populates="user", lazy="raise_on_sql")


class Debtor(Base):
    """A person in the operator's books, imported from CSV; linked to at most one user."""

    __tablename__ = "debtors"
    __table_args__ = (e164_phone(),)

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True)
    full_name: Mapped[str] = mapped_column(String(255), nullable=False)
    email: Mapped[str | None] = mapped_column(String(320), index=True)
    phone: Mapped[str | None] = mapped_column(String(16), index=True)
    user_id: Mapped[int | None] = mapped_column(
        BigIntId, ForeignKey("users.id", ondelete="SET NULL"), unique=True
    )
    linked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[dt.datetime] = created_at_column()

    user: Mapped[User | None] = relationship(back_populates="debtor", lazy="raise_on_sql")
    debts: Mapped[list[Debt]] = relationship(back_populates="debtor", lazy="raise_on_sql")


class Invite(Base):
    """A one-time token (deep link) that lets a debtor link their Telegram account."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True)
    token: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    debtor_id: Mapped[int] = mapped_column(
        BigIntId, ForeignKey("debtors.id", ondelete="CASCADE"), nullable=False, index=True
    )
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, nullable=False)
    used_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    used_by_user_id: Mapped[int | None] = mapped_column(
        BigIntId, ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[dt.datetime] = created_at_column()
