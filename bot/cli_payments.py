"""`finbot import-payments FILE.csv`: record the payments the operator received.

`bot/cli.py` registers it with ``add_payment_commands`` and runs it with
``run_payment_command``, which returns the exit code: 0 done, 1 the file is wrong (every
problem is on stderr with its line, and nothing was imported), 2 a setting or an
argument is missing.
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

from sqlalchemy.exc import IntegrityError

from bot.cli_files import fail, read_text, report_problems
from bot.settings import Settings
from db.engine import create_engine, create_session_factory
from db.migrations import upgrade_to_head
from db.unit_of_work import UnitOfWork
from services.clock import system_clock
from services.payments_import import ImportRejected, PaymentsReport, import_payments
from services.payments_import_rows import HEADER, ValidatedPayments, read_payments_csv

PAYMENT_COMMANDS = ("import-payments",)


def add_payment_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    importer = commands.add_parser(
        "import-payments",
        help="record the payments received, from a CSV file (all rows or none)",
        description="Record the payments in a UTF-8 CSV file whose header is: "
        f"{','.join(HEADER)}. amount uses a dot for decimals (150.00); paid_at is a date "
        "(2026-11-20, taken as 12:00 UTC) or a date and time with its offset "
        "(2026-11-20T09:30:00+01:00). Each payment pays the installments of the debt's "
        "active plan in order, and lowers its balance. If any row is wrong, every problem "
        "is listed with its line and nothing is imported. Rows imported before are "
        "skipped, so importing the same file again changes nothing.",
    )
    importer.add_argument("file", metavar="FILE", type=Path, help="the CSV file")


async def run_payment_command(settings: Settings, arguments: argparse.Namespace) -> int:
    if arguments.command != "import-payments":
        raise ValueError(f"not a payment command: {arguments.command}")
    source: Path | None = arguments.file
    if source is None:
        fail("import-payments needs a FILE")
        return 2
    validated = _read(source)
    if validated is None:
        return 1
    if validated.problems:
        report_problems(source, validated.problems)
        return 1
    await upgrade_to_head(settings.database_url)
    engine = create_engine(settings.database_url)
    try:
        async with UnitOfWork(create_session_factory(engine)) as uow:
            report = await import_payments(uow, rows=validated, now=system_clock())
            await uow.commit()
    except ImportRejected as rejected:
        report_problems(source, rejected.values["problems"])  # type: ignore[arg-type]
        return 1
    except IntegrityError:
        fail(f"the database changed while importing {source}; nothing was imported, try again")
        return 1
    finally:
        await engine.dispose()
    print(summary(source, report))
    return 0


def summary(source: Path, report: PaymentsReport) -> str:
    amounts = ", ".join(f"{amount} {currency}" for currency, amount in report.amounts.items())
    return (
        f"imported {source.name}: {_count(report.rows_applied, 'payment')} applied"
        f"{f' ({amounts})' if amounts else ''}, {report.rows_already_imported} already "
        f"imported; {_count(report.installments_paid, 'installment')} paid, "
        f"{_count(report.plans_completed, 'plan')} completed, "
        f"{_count(report.reminders_cancelled, 'reminder')} cancelled"
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _read(source: Path) -> ValidatedPayments | None:
    text = read_text(source)
    return None if text is None else read_payments_csv(io.StringIO(text, newline=""))
