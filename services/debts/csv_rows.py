"""Reading and checking the operator's debts CSV, before anything is written.

Every row is checked on its own (required fields, E.164 phone, email shape, amounts,
rates, months) and against the rest of the file (a reference appears once; rows with
the same phone are one debtor and must agree on the name and email). All problems
are collected, each with the CSV line it is on (the header is line 1).

Problems are worded in English for the operator (the CLI prints them as they are).
Empty ``max_months``, ``min_installment`` and ``max_discount_pct`` stay ``None``:
they mean "the current policy defaults" (see ``services.debts.policy``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal

from services.debts.csv_cells import MONEY_MAX, PERCENT_MAX, Cells
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


@dataclass(frozen=True, slots=True)
class RowProblem:
    line: int
    reason: str


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


def read_debts_csv(lines: Iterable[str], *, default_currency: str) -> ValidatedImport:
    """Read and check CSV text (a text stream opened with ``newline=""``, or lines)."""
    reader = csv.reader(lines)
    header = next(reader, None)
    if header is None:
        return _rejected(1, "the file is empty; the first line must be the header " + _header())
    columns = [name.strip().lstrip("\ufeff").strip().lower() for name in header]
    wrong_header = header_problem(columns, DEBTS_CSV_HEADER)
    if wrong_header is not None:
        return _rejected(1, wrong_header)
    return _validate(_numbered_records(reader, columns), default_currency=default_currency)


def validate_records(
    records: Iterable[Mapping[str, str]], *, default_currency: str, first_line: int = 2
) -> ValidatedImport:
    """Check rows given as dicts keyed by the header names; the first is on ``first_line``."""
    numbered = ((first_line + index, record) for index, record in enumerate(records))
    return _validate(numbered, default_currency=default_currency)


def _header() -> str:
    return ",".join(DEBTS_CSV_HEADER)


def _rejected(line: int, reason: str) -> ValidatedImport:
    return ValidatedImport(rows=(), problems=(RowProblem(line, reason),))


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


def _numbered_records(
    reader: Iterator[list[str]], columns: list[str]
) -> Iterator[tuple[int, Mapping[str, str] | str]]:
    """(line, record) pairs, or (line, reason) for a row of the wrong width."""
    last_line = reader.line_num  # type: ignore[attr-defined]
    width = len(columns)
    for fields in reader:
        line = last_line + 1
        last_line = reader.line_num  # type: ignore[attr-defined]
        if not fields or (len(fields) == 1 and not fields[0].strip()):
            continue
        if len(fields) != width:
            yield line, f"has {len(fields)} fields, the header has {width}"
            continue
        yield line, dict(zip(columns, fields, strict=True))


def _validate(
    numbered: Iterable[tuple[int, Mapping[str, str] | str]], *, default_currency: str
) -> ValidatedImport:
    rows: list[DebtRow] = []
    problems: list[RowProblem] = []
    reference_lines: dict[str, int] = {}
    debtors: dict[str, tuple[int, str, str | None]] = {}
    for line, record in numbered:
        if isinstance(record, str):
            problems.append(RowProblem(line, record))
            continue
        reasons: list[str] = []
        row = _parse_row(line, record, default_currency, reasons)
        _check_against_file(row, reference_lines, debtors, reasons)
        if reasons:
            problems.append(RowProblem(line, "; ".join(reasons)))
        else:
            rows.append(row)
    return ValidatedImport(rows=tuple(rows), problems=tuple(problems))


def _check_against_file(
    row: DebtRow,
    reference_lines: dict[str, int],
    debtors: dict[str, tuple[int, str, str | None]],
    reasons: list[str],
) -> None:
    """Checks against earlier rows; fields that are themselves wrong (empty) are skipped."""
    earlier = reference_lines.setdefault(row.reference, row.line)
    if row.reference and earlier != row.line:
        reasons.append(f"reference {row.reference!r} is already on line {earlier}")
    if not row.phone or not row.full_name:
        return
    first = debtors.setdefault(row.phone, (row.line, row.full_name, row.email))
    first_line, first_name, first_email = first
    if first_line == row.line:
        return
    if first_name != row.full_name:
        reasons.append(
            f"phone {row.phone} belongs to {first_name!r} on line {first_line}, "
            f"not {row.full_name!r}"
        )
    if first_email != row.email:
        reasons.append(
            f"phone {row.phone} has email {first_email or '(empty)'} on line {first_line}, "
            f"not {row.email or '(empty)'}"
        )


def _parse_row(
    line: int, record: Mapping[str, str], default_currency: str, reasons: list[str]
) -> DebtRow:
    """The row; where a cell is wrong, a reason is added and its value is a placeholder
    (an empty text or zero)."""
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
