"""The operator's reconciliation export (``finbot export-payments FILE.csv``): every
payment recorded, whatever its source (paid in Telegram, imported from the operator's
file, or reported by the person), oldest first.

A payment made in Telegram carries Telegram's charge id (on its first row, should it
have covered several installments) and the provider's charge id, which is what the
provider's own statement shows.
"""

from __future__ import annotations

import csv
from collections.abc import AsyncIterator
from dataclasses import dataclass, fields
from datetime import datetime
from decimal import Decimal
from typing import TextIO

from db.unit_of_work import UnitOfWork

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A text cell starting with one of these would run as a formula in a spreadsheet."""


@dataclass(frozen=True, kw_only=True)
class PaymentExportRow:
    recorded_at: datetime
    reference: str | None
    creditor: str
    debtor_name: str | None
    installment_number: int | None
    amount: Decimal
    currency: str
    source: str
    telegram_payment_charge_id: str | None
    provider_payment_charge_id: str | None

    def csv_values(self) -> list[str]:
        """Money as plain "1234.56", times in ISO 8601 UTC, None empty, and names that
        look like formulas as text."""
        return [_cell(getattr(self, name)) for name in PAYMENT_COLUMNS]


PAYMENT_COLUMNS = tuple(field.name for field in fields(PaymentExportRow))
"""The CSV header, in column order."""


async def exported_payments(uow: UnitOfWork) -> AsyncIterator[PaymentExportRow]:
    """Every payment, oldest first, read in batches."""
    async for row in uow.payments.exported_rows():
        yield PaymentExportRow(
            recorded_at=row.created_at,
            reference=row.reference,
            creditor=row.creditor,
            debtor_name=row.full_name or row.owner_full_name or row.owner_first_name,
            installment_number=row.number,
            amount=row.amount,
            currency=row.currency,
            source=row.source,
            telegram_payment_charge_id=row.telegram_payment_charge_id,
            provider_payment_charge_id=row.provider_payment_charge_id,
        )


async def write_payments_csv(uow: UnitOfWork, file: TextIO) -> int:
    """Write the header and every payment to `file`; returns how many payments."""
    writer = csv.writer(file)
    writer.writerow(PAYMENT_COLUMNS)
    count = 0
    async for row in exported_payments(uow):
        writer.writerow(row.csv_values())
        count += 1
    return count


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
