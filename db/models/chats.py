"""Chat state: assistant threads and their items, the flow each chat is in,
and group chats the bot was added to."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base
from db.models.columns import STATUS_LENGTH, created_at_column, one_of, updated_at_column
from db.models.enums import ThreadItemType, ThreadStatus
from db.types import BigIntId, UtcDateTime


class AssistantThread(Base):
    """The assistant's thread with a user in one chat (its items, or an OpenAI Conversation)."""

    __tablename__ = "assistant_threads"
    __table_args__ = (
        one_of("status", ThreadStatus),
        Index(None, "chat_id", "status"),
    )

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        BigIntId, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    chat_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    openai_conversation_id: Mapped[str | None] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(
        String(STATUS_LENGTH),
        nullable=False,
        default=ThreadStatus.ACTIVE,
        server_default=ThreadStatus.ACTIVE.value,
    )
    created_at: Mapped[dt.datetime] = created_at_column()
    closed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)

    items: Mapped[list[ThreadItem]] = relationship(
        back_populates="thread",
        order_by="ThreadItem.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="raise_on_sql",
    )


class ThreadItem(Base):
    """One item of a thread (message, function call or output, reasoning).

    ``position`` orders items within the thread; items produced by one user turn
    share ``turn``, so trimming old context drops whole turns.
    """

    __tablename__ = "thread_items"
    __table_args__ = (
        UniqueConstraint("thread_id", "position"),
        one_of("item_type", ThreadItemType),
        CheckConstraint("token_estimate >= 0", name="token_estimate_not_negative"),
    )

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True)
    thread_id: Mapped[int] = mapped_column(
        BigIntId, ForeignKey("assistant_threads.id", ondelete="CASCADE"), nullable=False
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    turn: Mapped[int] = mapped_column(Integer, nullable=False)
    item_type: Mapped[str] = mapped_column(String(STATUS_LENGTH), nullable=False)
    role: Mapped[str | None] = mapped_column(String(STATUS_LENGTH))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    token_estimate: Mapped[int] = mapped_column(
        Integer, nullable=False, default=0, server_default=text("0")
    )
    created_at: Mapped[dt.datetime] = created_at_column()

    thread: Mapped[AssistantThread] = relationship(back_populates="items", lazy="raise_on_sql")


class ChatFlow(Base):
    """The step a chat is at in a multi-step flow, so any process can continue it.

    ``data`` is plain JSON: assign a new dict to change it (in-place mutation of the
    loaded dict is not tracked).
    """

    __tablename__ = "chat_flows"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, nullable=False, unique=True)
    user_id: Mapped[int | None] = mapped_column(
        BigIntId, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    flow: Mapped[str] = mapped_column(String(64), nullable=False)
    step: Mapped[str] = mapped_column(String(64), nullable=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=lambda: {})
    created_at: Mapped[dt.datetime] = created_at_column()
    updated_at: Mapped[dt.datetime] = updated_at_column()


class GroupChat(Base):
    """A group the bot was added to; it says once that it only works in private."""

    __tablename__ = "group_chats"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, nullable=False, unique=True)
    notified_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[dt.datetime] = created_at_column()
