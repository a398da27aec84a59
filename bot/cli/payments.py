"""`finbot import-payments FILE.csv`: record the payments the operator received;
`finbot export-payments FILE.csv`: every payment recorded, for reconciliation.

`bot/cli/main.py` registers them with ``add_payment_commands`` and runs them with
``run_payment_command``, which returns the exit code: 0 done, 1 the file is wrong (every
problem is on stderr with its line, and nothing was imported) or cannot be written, 2 a
setting or an argument is missing.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.files import fail, import_all_or_nothing, not_utf8

if TYPE_CHECKING:
    from bot.settings import Settings
    from services.payments import PaymentsReport, ValidatedPayments

PAYMENT_COMMANDS = ("import-payments", "export-payments")


def add_payment_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    importer = commands.add_parser(
        "import-payments",
        help="record the payments received, from a CSV file (all rows or none)",
        description=lambda: (
            "Record the payments in a UTF-8 CSV file whose header is: "
            f"{','.join(_payments().PAYMENTS_CSV_HEADER)}. amount uses a dot for decimals "
            "(150.00); paid_at is a date (2026-11-20, taken as 12:00 UTC) or a date and time "
            "with its offset (2026-11-20T09:30:00+01:00). Each payment pays the installments of "
            "the debt's active plan in order, and lowers its balance. If any row is wrong, every "
            "problem is listed with its line and nothing is imported. Rows imported before are "
            "skipped, so importing the same file again changes nothing."
        ),
    )
    importer.add_argument("file", metavar="FILE", type=Path, help="the CSV file")
    exporter = commands.add_parser(
        "export-payments",
        help="write every payment recorded to a CSV file, for reconciliation",
        description=lambda: (
            "Write a CSV (UTF-8) with every payment recorded, oldest first: "
            "paid in Telegram, imported, or reported. Columns: "
            f"{','.join(_payments().PAYMENT_COLUMNS)}. Amounts use a dot for decimals; times "
            "are UTC."
        ),
    )
    exporter.add_argument("file", metavar="FILE", type=Path, help="the CSV file to write")


async def run_payment_command(settings: Settings, arguments: argparse.Namespace) -> int:
    if arguments.command == "export-payments":
        return await _export_payments(settings, arguments.file)
    if arguments.command != "import-payments":
        raise ValueError(f"not a payment command: {arguments.command}")
    source: Path | None = arguments.file
    if source is None:
        fail("import-payments needs a FILE")
        return 2
    validated = _read(source)
    if validated is None:
        return 1
    from services.shared import system_clock

    report = await import_all_or_nothing(
        settings,
        source,
        validated.problems,
        lambda uow: _payments().import_payments(uow, rows=validated, now=system_clock()),
    )
    if report is None:
        return 1
    print(summary(source, report))
    return 0


async def _export_payments(settings: Settings, target: Path) -> int:
    """Written to a temporary file beside `target`, which replaces it only when complete."""
    from bot.app import migrated_database

    partial = target.with_name(f".{target.name}.partial")
    try:
        async with migrated_database(settings) as database:
            with partial.open("w", encoding="utf-8", newline="") as file:
                async with database.unit_of_work() as uow:
                    count = await _payments().write_payments_csv(uow, file)
        partial.replace(target)
    except OSError as error:
        fail(f"cannot write {target}: {error.strerror or error}")
        return 1
    finally:
        partial.unlink(missing_ok=True)  # nothing left of it once it replaced the target
    print(f"wrote {target}: {_count(count, 'payment')}")
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
    """The file read and checked, or None after saying why it cannot be."""
    from services.shared import NotUtf8Text

    try:
        with source.open("rb") as file:
            return _payments().read_payments_csv(file)
    except OSError as error:
        fail(f"cannot read {source}: {error.strerror or error}")
    except NotUtf8Text as wrong:
        not_utf8(source, wrong.values["line"])
    return None


def _payments():
    """The payments capability, imported when a command or its help needs it."""
    from services import payments

    return payments
