"""Column and constraint helpers shared by the model modules."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import CheckConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from db.types import UtcDateTime, utc_now

STATUS_LENGTH = 32
"""Length of every status/kind string column."""


def created_at_column() -> Mapped[dt.datetime]:
    """``created_at``: set by Python on ORM inserts, by the database otherwise."""
    return mapped_column(UtcDateTime, nullable=False, default=utc_now, server_default=func.now())


def updated_at_column() -> Mapped[dt.datetime]:
    """``updated_at``: like ``created_at`` and refreshed on every ORM update."""
    return mapped_column(
        UtcDateTime,
        nullable=False,
        default=utc_now,
        onupdate=utc_now,
        server_default=func.now(),
    )


def values_sql(values: type[StrEnum]) -> str:
    """``'a', 'b', 'c'``: an enum's values as a SQL literal list."""
    return ", ".join(f"'{member.value}'" for member in values)


def one_of(column: str, values: type[StrEnum]) -> CheckConstraint:
    """CHECK that ``column`` holds one of ``values``; named ``ck_<table>_<column>``."""
    return CheckConstraint(f"{column} IN ({values_sql(values)})", name=column)


def e164_phone(column: str = "phone") -> CheckConstraint:
    """Light CHECK that a phone number looks like E.164 (``+`` and at most 15 digits).

    Full validation (digits only) is the service layer's job: SQLite has no regex.
    """
    return CheckConstraint(f"{column} LIKE '+%' AND length({column}) BETWEEN 3 AND 16", name=column)
