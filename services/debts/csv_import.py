"""The operator's debt import: debtors and their debts from a CSV, all or nothing.

The file is read and checked first (``csv_check``: every row, and the rows against each
other); then ``import_debts`` reads it again and, ``BATCH_ROWS`` rows at a time, compares
them with the database and writes the differences in the caller's unit of work (one
transaction). A file is streamed, never held whole: memory stays flat however many rows
it has. Debtors are known by phone; debts by the operator's ``reference``.

* A new reference creates the debt (and its debtor when the phone is new):
  audited ``debt.imported`` (and ``debtor.imported``).
* A known reference whose terms differ is updated: ``debt.balance_changed`` for the
  balance, ``debt.terms_changed`` for the rest; a debtor whose name or email
  differs is updated too (``debtor.updated``, naming the fields only: the log is
  append-only and keeps no personal data). Old and new values are strings.
* Anything else is left as it is: importing the same file again writes nothing.
  Debts missing from the file are not touched (the import adds and updates only).

A reference already in the database for a debtor with another phone is refused
rather than moved to another person. If anything is wrong, ``ImportRejected``
carries every problem by CSV line, and the caller's transaction (with any batch
already written) is rolled back: nothing is imported.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import TextIO

from db.unit_of_work import UnitOfWork
from services.debts.csv_check import check_records
from services.debts.csv_rows import (
    DebtRow,
    ImportRejected,
    Record,
    RowProblem,
    ValidatedImport,
    numbered_records,
    parse_row,
)
from services.debts.csv_write import ImportReport, write_rows

__all__ = ["ImportRejected", "ImportReport", "import_debts"]


async def import_debts(
    uow: UnitOfWork,
    *,
    rows: Path | ValidatedImport | TextIO | Iterable[Mapping[str, str]],
    default_currency: str,
    now: datetime,
) -> ImportReport:
    """Create and update debtors and debts from ``rows``; the caller commits.

    ``rows`` is the path of a CSV file (read as a stream, twice: checked, then written
    ``csv_write.BATCH_ROWS`` at a time), a file already read with ``read_debts_csv``, a CSV
    text stream, or dicts keyed by the CSV header. Raises ``ImportRejected`` when a row is
    invalid or conflicts with the database: what was written is then in the caller's
    transaction, which the exception rolls back. Raises ``NotUtf8Text`` for a file that
    is not UTF-8.
    """
    if isinstance(rows, ValidatedImport):
        if rows.problems:
            raise ImportRejected(problems=rows.problems)
        return await write_rows(uow, rows.rows, now)
    records = _records(rows)
    problems = check_records(records, default_currency=default_currency)
    if problems:
        raise ImportRejected(problems=problems)
    return await write_rows(uow, _valid_rows(records, default_currency), now)


def _records(rows: Path | TextIO | Iterable[Mapping[str, str]]) -> Callable[[], Iterable[Record]]:
    """Reads the records from the start each time it is called."""
    if isinstance(rows, Path):

        def from_file() -> Iterator[Record]:
            with rows.open("rb") as file:
                yield from numbered_records(file)

        return from_file
    if isinstance(rows, io.TextIOBase):
        records = list(numbered_records(rows))
    else:
        records = [(2 + index, record) for index, record in enumerate(rows)]  # type: ignore[arg-type]
    return lambda: iter(records)


def _valid_rows(
    records: Callable[[], Iterable[Record]], default_currency: str
) -> Iterator[DebtRow]:
    for line, record in records():
        row = record if isinstance(record, str) else parse_row(line, record, default_currency)
        if isinstance(row, str):  # the file changed since it was checked
            raise ImportRejected(problems=(RowProblem(line, row),))
        yield row
