"""A debt's schedule and a payoff plan as files to keep: calendar, spreadsheet and PDF.

Pure functions returning bytes; the words come from the caller's catalogue through the
label dataclasses. The calendar lives in `ics`, the PDF in `pdf`; this module holds the
CSVs.

The CSVs are for spreadsheets and programs, not for reading aloud: amounts are plain
decimal strings with a dot ("1234.50", never "1.234,50 €"), dates are ISO 8601, and the
currency has its own column. They are UTF-8 with a byte order mark so that Excel reads
accents right, and rows end in CRLF.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from services.plans.exports.labels import PayoffCsvLabels, ScheduleLabels
from services.plans.payoff import PayoffPlan
from services.plans.schedules import Schedule

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A text cell starting with one of these would run as a formula in a spreadsheet."""


def schedule_csv(
    schedule: Schedule, *, currency: str, language: str, labels: ScheduleLabels
) -> bytes:
    """One row per installment, then a totals row: the amounts add up to `schedule.total`.

    `language` does not change the file: its numbers and dates are machine-readable
    in every language; only the header (from `labels`) is in the reader's language.
    """
    header = (
        labels.number,
        labels.due_date,
        labels.amount,
        labels.principal,
        labels.interest,
        labels.balance_after,
        labels.currency,
    )
    code = currency.upper()
    rows = [
        (
            str(installment.number),
            installment.due_date.isoformat(),
            _plain_number(installment.amount),
            _plain_number(installment.principal),
            _plain_number(installment.interest),
            _plain_number(installment.balance_after),
            code,
        )
        for installment in schedule.installments
    ]
    totals = (
        labels.total,
        "",
        _plain_number(schedule.total),
        _plain_number(schedule.principal),
        _plain_number(schedule.total_interest),
        "",
        code,
    )
    return _csv_bytes([header, *rows, totals])


def payoff_csv(
    plan: PayoffPlan,
    *,
    currency: str,
    language: str,
    labels: PayoffCsvLabels,
    names: Mapping[int, str] | None = None,
) -> bytes:
    """One row per debt still open each month, in priority order, then a totals row.

    `names` maps debt ids to the names to write; it defaults to the names the plan
    carries. The payments add up to `plan.total_paid`, the interest to
    `plan.total_interest`. `language` does not change the file (see `schedule_csv`).
    """
    debt_names = {payoff.debt_id: payoff.name for payoff in plan.payoffs} | dict(names or {})
    code = currency.upper()
    header = (
        labels.number,
        labels.month,
        labels.debt,
        labels.interest,
        labels.payment,
        labels.balance_after,
        labels.currency,
    )
    rows = [
        (
            str(month.number),
            month.month.strftime("%Y-%m"),
            _text_cell(debt_names[line.debt_id]),
            _plain_number(line.interest),
            _plain_number(line.payment),
            _plain_number(line.balance_after),
            code,
        )
        for month in plan.months
        for line in month.debts
    ]
    totals = (
        labels.total,
        "",
        "",
        _plain_number(plan.total_interest),
        _plain_number(plan.total_paid),
        "",
        code,
    )
    return _csv_bytes([header, *rows, totals])


def _plain_number(amount: Decimal) -> str:
    """ "1234.50": a dot, no grouping, no exponent, whatever the reader's language."""
    return format(amount, "f")


def _text_cell(text: str) -> str:
    """A name as text: one that looks like a formula gets a leading apostrophe, which
    spreadsheets read as "this is text" (names come from people and imported files)."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _csv_bytes(rows: Iterable[Sequence[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")
