"""Debts in tests: the operator's CSV rows and import, the debts stored, and /adddebt in chat."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import Debt, Debtor
from db.unit_of_work import UnitOfWork
from services.debts.csv_import import ImportReport, import_debts
from services.debts.csv_rows import DEBTS_CSV_HEADER
from tests.support.chat import answer
from tests.support.clock import NOW

DEFAULT_CURRENCY = "EUR"
DEBTS_PER_DEBTOR = 3

Factory = async_sessionmaker[AsyncSession]


def debt_row(**overrides: str) -> dict[str, str]:
    """A valid CSV row as a dict; ``overrides`` change cells."""
    row = {
        "reference": "BMR-1",
        "full_name": "Lucía Fernández",
        "email": "lucia@example.com",
        "phone": "+34600000000",
        "creditor": "Banco Meridiano",
        "concept": "Préstamo personal",
        "balance": "1500.00",
        "currency": "EUR",
        "annual_rate": "7.95",
        "max_months": "36",
        "min_installment": "60.00",
        "max_discount_pct": "15",
    }
    row.update(overrides)
    return row


def csv_text(*rows: dict[str, str], header: tuple[str, ...] = DEBTS_CSV_HEADER) -> io.StringIO:
    """The rows as CSV text (lines end in \\n), ready to read from the start."""
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([row[name] for name in header] for row in rows)
    text.seek(0)
    return text


def write_debts_csv(path, rows: int) -> None:
    """A valid operator file of ``rows`` debts, ``DEBTS_PER_DEBTOR`` to each debtor."""
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(DEBTS_CSV_HEADER)
        for number in range(rows):
            person = number // DEBTS_PER_DEBTOR
            writer.writerow(
                [
                    f"REF-{number:07d}",
                    f"Deudor Número {person}",
                    f"debtor{person}@example.com",
                    f"+3460{person:07d}",
                    ("Banco Meridiano", "Movistel", "Iberluz", "Northbank")[number % 4],
                    "Préstamo personal",
                    f"{100 + number % 9000}.{number % 100:02d}",
                    "EUR",
                    f"{number % 25}.5",
                    "" if number % 3 else str(6 + number % 48),
                    "" if number % 2 else "25.00",
                    "" if number % 5 else "15",
                ]
            )


async def run_import(factory: Factory, rows: Any, *, now: datetime = NOW) -> ImportReport:
    async with UnitOfWork(factory) as uow:
        report = await import_debts(uow, rows=rows, default_currency=DEFAULT_CURRENCY, now=now)
        await uow.commit()
    return report


async def all_debts(factory: Factory) -> dict[str, Debt]:
    async with UnitOfWork(factory) as uow:
        debts = await uow.session.scalars(select(Debt))
        return {debt.reference: debt for debt in debts}


async def all_debtors(factory: Factory) -> list[Debtor]:
    async with UnitOfWork(factory) as uow:
        return list(await uow.session.scalars(select(Debtor).order_by(Debtor.id)))


async def add_personal_debt(user, *, balance: str = "2.500,00") -> str:
    """/adddebt in the chat: a Visa card of the user's own; returns the confirmation asked."""
    assert "deuda tuya" in await answer(user, "/adddebt")
    await answer(user, "Tarjeta Visa")
    await answer(user, balance)
    await answer(user, "19,9")
    await answer(user, "60")
    confirm = await answer(user, "5")
    await user.press("✅ Guardar")
    return confirm
