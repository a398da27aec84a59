"""Reading the operator's debts CSV and checking each row, before anything is written.

``numbered_records`` streams the file's records with their CSV line (the header is line
1); ``read_row`` checks one row's cells (required fields, E.164 phone, email shape,
amounts, rates, months). The rows against each other (a reference appears once; rows with
the same phone are one debtor and must agree on the name and email) are checked in
``services.debts.csv_check``. ``read_debts_csv`` does both for a small file held in memory.

Problems are worded in English for the operator (the CLI prints them as they are).
Empty ``max_months``, ``min_installment`` and ``max_discount_pct`` stay ``None``:
they mean "the current policy defaults" (see ``services.debts.policy``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import BinaryIO

from services.debts.csv_cells import MONEY_MAX, PERCENT_MAX, Cells
from services.shared.csv_records import RowProblem, csv_records
from services.shared.errors import DomainError

DEBTS_CSV_HEADER = (
    "reference",
    "full_name",
    "email",
    "phone",
    "creditor",
    "concept",
    "balance",
    "currency",
    "annual_rate",
    "max_months",
    "min_installment",
    "max_discount_pct",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class DebtRow:
    """One valid CSV row: the debt, and the debtor it belongs to (known by phone)."""

    line: int
    reference: str
    full_name: str
    email: str | None
    phone: str
    creditor: str
    concept: str | None
    balance: Decimal
    currency: str
    annual_rate: Decimal
    max_months: int | None
    min_installment: Decimal | None
    max_discount_pct: Decimal | None


Record = tuple[int, Mapping[str, str] | str]
"""A record of the file and its line: the cells by column, or why it cannot be read."""


@dataclass(frozen=True)
class ValidatedImport:
    """The outcome of reading a file: its valid rows, or why it cannot be imported."""

    rows: tuple[DebtRow, ...]
    problems: tuple[RowProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


class ImportRejected(DomainError):
    """Some rows are wrong (values: ``problems``, a tuple of ``RowProblem``); nothing
    was written."""

    code = "import_rejected"


def read_debts_csv(lines: Iterable[str] | BinaryIO, *, default_currency: str) -> ValidatedImport:
    """Read and check CSV text (a text stream opened with ``newline=""``, lines, or a file
    opened in binary), keeping its rows in memory: for small files (``import_debts``
    streams a file from its path)."""
    records = list(numbered_records(lines))
    return _validate(lambda: iter(records), default_currency=default_currency)


def validate_records(
    records: Iterable[Mapping[str, str]], *, default_currency: str, first_line: int = 2
) -> ValidatedImport:
    """Check rows given as dicts keyed by the header names; the first is on ``first_line``."""
    numbered = [(first_line + index, record) for index, record in enumerate(records)]
    return _validate(lambda: iter(numbered), default_currency=default_currency)


def numbered_records(source: Iterable[str] | BinaryIO) -> Iterator[Record]:
    """(line, record) pairs after the header, or (line, reason) for what cannot be read:
    a row of the wrong width, a line too long, a wrong or missing header (then nothing
    else). Streams: one record in memory at a time."""
    records = csv_records(source)
    first = next(records, None)
    if first is None:
        yield 1, "the file is empty; the first line must be the header " + _header()
        return
    line, header = first
    if isinstance(header, RowProblem):
        yield line, header.reason
        return
    columns = [name.strip().lstrip("\ufeff").strip().lower() for name in header]
    wrong_header = header_problem(columns, DEBTS_CSV_HEADER)
    if wrong_header is not None:
        yield line, wrong_header
        return
    width = len(columns)
    for line, fields in records:
        if isinstance(fields, RowProblem):
            yield line, fields.reason
        elif len(fields) != width:
            yield line, f"has {len(fields)} fields, the header has {width}"
        else:
            yield line, dict(zip(columns, fields, strict=True))


def parse_row(line: int, record: Mapping[str, str], default_currency: str) -> DebtRow | str:
    """The row, or why its cells are wrong (every reason, joined)."""
    reasons: list[str] = []
    row = read_row(line, record, default_currency, reasons)
    return "; ".join(reasons) if reasons else row


def _header() -> str:
    return ",".join(DEBTS_CSV_HEADER)


def header_problem(columns: list[str], expected: tuple[str, ...]) -> str | None:
    """What is wrong with a CSV header against the `expected` columns (None: nothing)."""
    missing = [name for name in expected if name not in columns]
    unknown = [name for name in columns if name not in expected]
    repeated = sorted({name for name in columns if columns.count(name) > 1})
    reasons = []
    if missing:
        reasons.append("missing columns: " + ", ".join(missing))
    if unknown:
        reasons.append("unknown columns: " + ", ".join(repr(name) for name in unknown))
    if repeated:
        reasons.append("repeated columns: " + ", ".join(repeated))
    if not reasons:
        return None
    return "; ".join(reasons) + "; the header must be " + ",".join(expected)


def _validate(records: Callable[[], Iterable[Record]], *, default_currency: str) -> ValidatedImport:
    from services.debts.csv_check import check_records  # it reads rows with this module

    problems = check_records(records, default_currency=default_currency)
    wrong = {problem.line for problem in problems}
    rows = []
    for line, record in records():
        if line not in wrong and not isinstance(record, str):
            row = parse_row(line, record, default_currency)
            if isinstance(row, DebtRow):  # not, past where reading stopped
                rows.append(row)
    return ValidatedImport(rows=tuple(rows), problems=problems)


def read_row(
    line: int, record: Mapping[str, str], default_currency: str, reasons: list[str]
) -> DebtRow:
    """The row; where a cell is wrong, a reason is added to ``reasons`` and its value is
    a placeholder (an empty text or zero)."""
    cell = Cells(record, reasons)
    row = DebtRow(
        line=line,
        reference=cell.required_text("reference", collapse=False),
        full_name=cell.required_text("full_name"),
        email=cell.email(),
        phone=cell.phone(),
        creditor=cell.required_text("creditor"),
        concept=cell.optional_text("concept"),
        balance=cell.required_decimal("balance", places=2, maximum=MONEY_MAX),
        currency=cell.currency(default_currency),
        annual_rate=cell.required_decimal("annual_rate", places=4, maximum=PERCENT_MAX),
        max_months=cell.months(),
        min_installment=cell.optional_decimal("min_installment", places=2, maximum=MONEY_MAX),
        max_discount_pct=cell.optional_decimal("max_discount_pct", places=4, maximum=PERCENT_MAX),
    )
    return row
