"""Reading and checking the operator's payments CSV, before anything is written.

The header is ``reference,amount,paid_at`` (UTF-8; a BOM is fine). Each row is checked
on its own: a reference, an amount with a dot for decimals (``150`` or ``150.00``,
at most two decimals, more than zero; ``150,00`` is refused because it could mean
150 or 15000), and ``paid_at`` as an ISO date (``2026-11-20``, taken as 12:00 UTC of
that day) or an ISO date and time with its offset (``2026-11-20T09:30:00+01:00``,
``...Z``). Whether the reference exists is checked against the database by
``services.payments.csv_import``. All problems are collected with their CSV line (the
header is line 1), worded in English for the operator.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import BinaryIO

from services.debts.csv_cells import MONEY_MAX
from services.debts.csv_rows import header_problem
from services.shared.csv_records import RowProblem, csv_records

__all__ = [
    "PAYMENTS_CSV_HEADER",
    "PaymentRow",
    "RowProblem",
    "ValidatedPayments",
    "read_payments_csv",
]

PAYMENTS_CSV_HEADER = ("reference", "amount", "paid_at")
NOON = time(12, tzinfo=UTC)
"""The time of day a payment given by its date alone is taken to have been made."""
REFERENCE_MAX = 128

_AMOUNT = re.compile(r"[0-9]+(?:\.[0-9]{1,2})?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?"
    r"(?:Z|[+-][0-9]{2}:?[0-9]{2})",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class PaymentRow:
    """One valid CSV row: ``amount`` in cents, ``paid_at`` timezone-aware UTC."""

    line: int
    reference: str
    amount: Decimal
    paid_at: datetime


@dataclass(frozen=True)
class ValidatedPayments:
    """The outcome of reading a file: its valid rows, or why it cannot be imported."""

    rows: tuple[PaymentRow, ...]
    problems: tuple[RowProblem, ...]


def read_payments_csv(lines: Iterable[str] | BinaryIO) -> ValidatedPayments:
    """Read and check CSV text (a text stream opened with ``newline=""``, or lines), or a
    file opened in binary (raises ``NotUtf8Text`` if it is not UTF-8)."""
    records = csv_records(lines)
    first = next(records, None)
    if first is None:
        return _rejected("the file is empty; the first line must be the header " + _header())
    _, header = first
    if isinstance(header, RowProblem):
        return _rejected(header.reason)
    columns = [name.strip().lstrip("\ufeff").strip().lower() for name in header]
    wrong_header = header_problem(columns, PAYMENTS_CSV_HEADER)
    if wrong_header is not None:
        return _rejected(wrong_header)
    rows: list[PaymentRow] = []
    problems: list[RowProblem] = []
    for line, fields in records:
        if isinstance(fields, RowProblem):
            problems.append(fields)
            continue
        if len(fields) != len(columns):
            problems.append(
                RowProblem(line, f"has {len(fields)} fields, the header has {len(columns)}")
            )
            continue
        record = dict(zip(columns, (field.strip() for field in fields), strict=True))
        reasons: list[str] = []
        row = PaymentRow(
            line=line,
            reference=_reference(record["reference"], reasons),
            amount=_amount(record["amount"], reasons),
            paid_at=_paid_at(record["paid_at"], reasons),
        )
        if reasons:
            problems.append(RowProblem(line, "; ".join(reasons)))
        else:
            rows.append(row)
    return ValidatedPayments(rows=tuple(rows), problems=tuple(problems))


def _header() -> str:
    return ",".join(PAYMENTS_CSV_HEADER)


def _rejected(reason: str) -> ValidatedPayments:
    return ValidatedPayments(rows=(), problems=(RowProblem(1, reason),))


def _reference(value: str, reasons: list[str]) -> str:
    if not value:
        reasons.append("reference is empty")
    elif len(value) > REFERENCE_MAX:
        reasons.append(f"reference is longer than {REFERENCE_MAX} characters")
    return value


def _amount(value: str, reasons: list[str]) -> Decimal:
    if not value:
        reasons.append("amount is empty")
        return Decimal(0)
    if not _AMOUNT.fullmatch(value):
        if value.startswith("-"):
            reasons.append(f"amount {value!r} is negative; it must be more than 0")
        elif "," in value:
            reasons.append(
                f"amount {value!r} has a comma, which could be a decimal or a thousands "
                "separator; write it with a dot and no separators, like 1500.00"
            )
        else:
            reasons.append(f"amount {value!r} is not a number like 150.00 (at most 2 decimals)")
        return Decimal(0)
    amount = Decimal(value).quantize(Decimal("0.01"))
    if amount <= 0:
        reasons.append(f"amount {value!r} is not more than 0")
    elif amount > MONEY_MAX:
        reasons.append(f"amount {value!r} is more than {MONEY_MAX}")
    return amount


def _paid_at(value: str, reasons: list[str]) -> datetime:
    placeholder = datetime(1970, 1, 1, tzinfo=UTC)
    if not value:
        reasons.append("paid_at is empty")
        return placeholder
    try:
        if _DATE.fullmatch(value):
            return datetime.combine(date.fromisoformat(value), NOON)
        if _DATETIME.fullmatch(value):
            return datetime.fromisoformat(value).astimezone(UTC)
    except ValueError:
        reasons.append(f"paid_at {value!r} is not a real date")
        return placeholder
    reasons.append(
        f"paid_at {value!r} is not an ISO date like 2026-11-20 or a date and time with "
        "its offset like 2026-11-20T09:30:00+01:00"
    )
    return placeholder
