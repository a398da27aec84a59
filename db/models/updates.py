"""Telegram updates received by webhook, kept until handled.

Any replica may receive any update; the one that handles a chat's turn takes that chat's
waiting updates from here in `update_id` order. A redelivered update finds its row and is
not handled twice. The payload is cleared once handled.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, Index
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.types import UtcDateTime


class ReceivedUpdate(Base):
    __tablename__ = "received_updates"
    __table_args__ = (
        Index(None, "chat_key", "handled_at", "update_id"),  # a chat's waiting updates
        Index(None, "handled_at", "received_at"),  # stalled ones, and old ones to forget
    )

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    # The chat (or, for updates without one, the user) whose updates run in order.
    chat_key: Mapped[int | None] = mapped_column(BigInteger)
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, nullable=False)
    handled_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
