"""Checking a whole debts file before anything is written, in bounded memory.

Each row is checked on its own as it is read (``csv_rows.read_row``), and against the
rest of the file: a reference appears once, and rows with the same phone are one debtor
who must have the same name and email on each. The file is read as a stream, so a
million rows are not held at once: the first reading keeps only a hash of each
reference (8 bytes) and, by phone, a hash of that debtor's name and email; only the
rows whose hashes clash (repeated references, a phone with two descriptions) are read
again and checked exactly, against the line that came first.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable
from itertools import pairwise

from services.debts.csv_rows import DebtRow, Record, read_row
from services.shared.csv_records import RowProblem

MAX_PROBLEMS = 1_000
"""Problems collected before reading stops: a file whose every row is wrong is reported by
its first thousand (and where reading stopped), not by a million."""


def check_records(
    records: Callable[[], Iterable[Record]], *, default_currency: str
) -> tuple[RowProblem, ...]:
    """Every problem of the file, by line (at most ``MAX_PROBLEMS``). ``records`` reads
    the file from its start each time it is called (it is called once or twice)."""
    reasons: dict[int, list[str]] = {}
    references = array("q")
    person_by_phone: dict[int, int] = {}
    unsure_phones: set[int] = set()
    stopped_at = None
    for line, record in records():
        if len(reasons) >= MAX_PROBLEMS:
            stopped_at = line
            break
        if isinstance(record, str):
            _add(reasons, line, [record])
            continue
        row_reasons: list[str] = []
        row = read_row(line, record, default_currency, row_reasons)
        if row_reasons:
            _add(reasons, line, row_reasons)
        if row.reference:
            references.append(hash(row.reference))
        if row.phone and row.full_name:
            phone, person = hash(row.phone), hash((row.full_name, row.email))
            if person_by_phone.setdefault(phone, person) != person:
                unsure_phones.add(phone)
    unsure_references = _repeated(references)
    del references, person_by_phone
    if unsure_references or unsure_phones:
        for line, clash in _clashes(records, default_currency, unsure_references, unsure_phones):
            _add(reasons, line, clash)
    problems = [RowProblem(line, "; ".join(why)) for line, why in sorted(reasons.items())]
    if stopped_at is not None:
        stop = f"not read: reading stopped after {MAX_PROBLEMS:,} problems; fix those first"
        problems = [p for p in problems if p.line < stopped_at] + [RowProblem(stopped_at, stop)]
    return tuple(problems)


def _add(reasons: dict[int, list[str]], line: int, more: list[str]) -> None:
    reasons.setdefault(line, []).extend(more)


def _repeated(hashes: array[int]) -> set[int]:
    ordered = sorted(hashes)
    return {first for first, second in pairwise(ordered) if first == second}


def _clashes(
    records: Callable[[], Iterable[Record]],
    default_currency: str,
    references: set[int],
    phones: set[int],
) -> Iterable[tuple[int, list[str]]]:
    """The file read again: each clash of the rows whose hashes clashed, exactly."""
    reference_lines: dict[str, int] = {}
    debtors: dict[str, tuple[int, str, str | None]] = {}
    for line, record in records():
        if isinstance(record, str):
            continue
        row = read_row(line, record, default_currency, [])
        if hash(row.reference) not in references and hash(row.phone) not in phones:
            continue
        found: list[str] = []
        _check_against_file(row, reference_lines, debtors, found)
        if found:
            yield line, found


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
