"""Column types that behave the same on PostgreSQL and SQLite.

* ``UtcDateTime``: timezone-aware UTC datetimes in and out; naive datetimes are refused.
* ``Money`` (``NUMERIC(14, 2)``) and ``Percent`` (``NUMERIC(7, 4)``): exact ``Decimal``
  in and out, never ``float``.
* ``BigIntId``: ``BIGINT`` on PostgreSQL, ``INTEGER`` on SQLite (only an
  ``INTEGER PRIMARY KEY`` is an auto-incrementing rowid alias there).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import BigInteger, DateTime, Integer, Numeric
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

UTC = dt.UTC

BigIntId = BigInteger().with_variant(Integer(), "sqlite")
"""Primary/foreign key type for tables that may grow large."""


def utc_now() -> dt.datetime:
    """The current time as an aware UTC datetime (used for client-side defaults)."""
    return dt.datetime.now(UTC)


class UtcDateTime(TypeDecorator[dt.datetime]):
    """``TIMESTAMP WITH TIME ZONE`` that only accepts and only returns aware UTC datetimes.

    Binding a naive datetime raises ``ValueError`` (SQLAlchemy wraps it in a
    ``StatementError``). Aware values are converted to UTC. SQLite has no time zone
    support, so UTC is stored without an offset there and attached again on read.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if not isinstance(value, dt.datetime):
            raise TypeError(f"UtcDateTime expects a datetime, got {type(value).__name__}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: pass a timezone-aware datetime")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    @property
    def python_type(self) -> type[dt.datetime]:
        return dt.datetime


class _SQLiteDecimalStorage(Numeric):  # type: ignore[type-arg]
    """``NUMERIC(p, s)`` on SQLite whose values cross the driver untouched.

    Values are bound as exact decimal text and SQLite's NUMERIC affinity stores them
    as INTEGER or REAL keeping 15 significant digits; ``ExactDecimal`` only declares
    precisions <= 15, so storage is lossless and the exact ``Decimal`` is rebuilt on
    read. This replaces SQLAlchemy's generic float conversion (and its warning).
    """

    def bind_processor(self, dialect: Dialect) -> None:
        return None

    def result_processor(self, dialect: Dialect, coltype: object) -> None:
        return None


SQLITE_EXACT_DIGITS = 15
"""Significant decimal digits SQLite keeps when it converts text to REAL."""


class ExactDecimal(TypeDecorator[Decimal]):
    """Fixed-point ``NUMERIC(precision, scale)`` mapped to ``Decimal`` on every engine.

    Binding accepts ``Decimal`` and ``int`` only (never ``float``/``bool``) and raises
    ``ValueError`` for values with more decimal places than ``scale`` (callers round
    explicitly; money is never rounded silently) or too large for ``precision``.
    Values read back always carry exactly ``scale`` decimal places.
    """

    impl = Numeric
    cache_ok = True

    precision: ClassVar[int]
    scale: ClassVar[int]

    def __init__(self) -> None:
        if self.precision > SQLITE_EXACT_DIGITS:
            raise TypeError(f"precision {self.precision} is not exact on SQLite")
        super().__init__(precision=self.precision, scale=self.scale, asdecimal=True)

    @property
    def _quantum(self) -> Decimal:
        return Decimal(1).scaleb(-self.scale)

    @property
    def _limit(self) -> Decimal:
        return Decimal(1).scaleb(self.precision - self.scale)

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.supports_native_decimal:
            return Numeric(precision=self.precision, scale=self.scale, asdecimal=True)
        return _SQLiteDecimalStorage(precision=self.precision, scale=self.scale)

    def process_bind_param(self, value: Any, dialect: Dialect) -> Decimal | str | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, Decimal | int):
            raise TypeError(
                f"{type(self).__name__} expects Decimal or int, got {type(value).__name__}"
            )
        value = Decimal(value)
        if not value.is_finite():
            raise ValueError(f"{type(self).__name__} cannot store {value}")
        if abs(value) >= self._limit:
            raise ValueError(f"{value} does not fit NUMERIC({self.precision}, {self.scale})")
        exact = value.quantize(self._quantum)
        if exact != value:
            raise ValueError(f"{value} has more than {self.scale} decimal places; round it first")
        if dialect.supports_native_decimal:
            return exact
        return str(exact)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        if isinstance(value, float):
            # repr() is the shortest text that round-trips the double, i.e. the
            # decimal SQLite stored (<= 15 significant digits).
            value = repr(value)
        return Decimal(value).quantize(self._quantum)

    @property
    def python_type(self) -> type[Decimal]:
        return Decimal


class Money(ExactDecimal):
    """An amount of money: ``NUMERIC(14, 2)`` (up to 999,999,999,999.99)."""

    cache_ok = True
    precision = 14
    scale = 2


class Percent(ExactDecimal):
    """A rate or percentage, e.g. ``Decimal('12.5000')`` for 12.5 %: ``NUMERIC(7, 4)``."""

    cache_ok = True
    precision = 7
    scale = 4
