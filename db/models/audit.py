"""The append-only audit log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.types import BigIntId, UtcDateTime, utc_now

AUDIT_LOG_APPEND_ONLY_MESSAGE = "audit_log is append-only"
"""Error message of the triggers (installed by migration 0001) that reject UPDATE
and DELETE on ``audit_log``."""


class AuditLogEntry(Base):
    """Something that happened, who did it and to what. Rows are never changed.

    ``actor`` is e.g. ``'user:12'``, ``'operator'`` or ``'system'``.
    """

    __tablename__ = "audit_log"
    __table_args__ = (Index(None, "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(
        UtcDateTime, nullable=False, default=utc_now, server_default=func.now()
    )
    actor: Mapped[str] = mapped_column(String(64), nullable=False)
    action: Mapped[str] = mapped_column(String(64), nullable=False)
    entity_type: Mapped[str] = mapped_column(String(64), nullable=False)
    entity_id: Mapped[int | None] = mapped_column(BigInteger)
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
