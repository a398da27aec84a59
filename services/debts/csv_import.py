"""The operator's debt import: debtors and their debts from a CSV, all or nothing.

The file is read and checked first (``read_debts_csv``); then ``import_debts``
compares it with the database and writes the differences in the caller's unit of
work. Debtors are known by phone; debts by the operator's ``reference``.

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
carries every problem by CSV line and nothing is written.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, TextIO

from db.repositories.debtors import DebtorContact, DebtorRepository
from db.repositories.debts import DebtRepository, DebtTerms
from db.unit_of_work import UnitOfWork
from services.debts.csv_rows import (
    DebtRow,
    ImportRejected,
    RowProblem,
    ValidatedImport,
    read_debts_csv,
    validate_records,
)
from services.shared.audit import OPERATOR

__all__ = ["ImportRejected", "ImportReport", "import_debts"]

DEBT_TERMS = (
    "creditor",
    "concept",
    "currency",
    "annual_rate",
    "max_months",
    "min_installment",
    "max_discount_pct",
)
"""Terms besides the balance that the CSV sets and a re-import may change."""


@dataclass(frozen=True, kw_only=True)
class ImportReport:
    debts_created: int
    debts_updated: int
    debts_unchanged: int
    debtors_created: int
    debtors_updated: int


async def import_debts(
    uow: UnitOfWork,
    *,
    rows: ValidatedImport | TextIO | Iterable[Mapping[str, str]],
    default_currency: str,
    now: datetime,
) -> ImportReport:
    """Create and update debtors and debts from ``rows``; the caller commits.

    ``rows`` is a file already read with ``read_debts_csv``, a CSV text stream, or
    dicts keyed by the CSV header. Raises ``ImportRejected`` before writing anything
    when a row is invalid or conflicts with the database.
    """
    validated = _validated(rows, default_currency)
    if validated.problems:
        raise ImportRejected(problems=validated.problems)
    debtors = uow.debtors
    debts = uow.debts

    people = _people(validated.rows)
    known_people, problems = await _known_people(debtors, people)
    stored = await debts.terms_by_reference([row.reference for row in validated.rows])
    problems += await _moved_debts(debtors, validated.rows, stored, known_people)
    if problems:
        raise ImportRejected(problems=tuple(sorted(problems, key=lambda p: p.line)))

    trail = _AuditTrail(now)
    debtor_ids, debtors_updated = await _write_debtors(debtors, people, known_people, trail)
    created, updated = await _write_debts(debts, validated.rows, stored, debtor_ids, trail)
    await uow.audit.append_many(trail.entries)
    return ImportReport(
        debts_created=created,
        debts_updated=updated,
        debts_unchanged=len(validated.rows) - created - updated,
        debtors_created=len(people) - len(known_people),
        debtors_updated=debtors_updated,
    )


def _validated(
    rows: ValidatedImport | TextIO | Iterable[Mapping[str, str]], default_currency: str
) -> ValidatedImport:
    if isinstance(rows, ValidatedImport):
        return rows
    if isinstance(rows, io.TextIOBase):
        return read_debts_csv(rows, default_currency=default_currency)
    return validate_records(rows, default_currency=default_currency)  # type: ignore[arg-type]


def _people(rows: Iterable[DebtRow]) -> dict[str, DebtRow]:
    """The first row of each phone: the file's description of that debtor."""
    people: dict[str, DebtRow] = {}
    for row in rows:
        people.setdefault(row.phone, row)
    return people


async def _known_people(
    debtors: DebtorRepository, people: Mapping[str, DebtRow]
) -> tuple[dict[str, DebtorContact], list[RowProblem]]:
    known: dict[str, DebtorContact] = {}
    problems: list[RowProblem] = []
    for contact in await debtors.contacts_by_phone(people.keys()):
        phone = contact.phone or ""
        if phone in known:
            problems.append(
                RowProblem(
                    people[phone].line,
                    f"phone {phone} belongs to several debtors in the database "
                    f"(ids {known[phone].id} and {contact.id}); only one may have it",
                )
            )
            continue
        known[phone] = contact
    return known, problems


async def _moved_debts(
    debtors: DebtorRepository,
    rows: Iterable[DebtRow],
    stored: Mapping[str, DebtTerms],
    known_people: Mapping[str, DebtorContact],
) -> list[RowProblem]:
    """Rows whose reference the database has for someone else: refused, not moved."""
    clashes: list[tuple[DebtRow, DebtTerms]] = []
    for row in rows:
        terms = stored.get(row.reference)
        if terms is None:
            continue
        person = known_people.get(row.phone)
        if terms.kind != "operator" or person is None or terms.debtor_id != person.id:
            clashes.append((row, terms))
    if not clashes:
        return []
    owners = await debtors.contacts_by_id({t.debtor_id for _, t in clashes if t.debtor_id})
    problems = []
    for row, terms in clashes:
        owner = owners.get(terms.debtor_id or 0)
        holder = f"{owner.full_name} ({owner.phone or 'no phone'})" if owner else "a user"
        problems.append(
            RowProblem(
                row.line,
                f"reference {row.reference!r} belongs to {holder} in the database, "
                f"not to {row.phone}; a debt cannot move to another person",
            )
        )
    return problems


async def _write_debtors(
    debtors: DebtorRepository,
    people: Mapping[str, DebtRow],
    known_people: Mapping[str, DebtorContact],
    trail: _AuditTrail,
) -> tuple[dict[str, int], int]:
    """Insert new debtors, update changed ones; every debtor's id by phone."""
    new = [row for phone, row in people.items() if phone not in known_people]
    ids = await debtors.insert_many(
        [
            {"full_name": r.full_name, "email": r.email, "phone": r.phone, "created_at": trail.now}
            for r in new
        ]
    )
    for row in new:
        trail.record("debtor.imported", "debtor", ids[row.phone], None)
    changes = []
    for phone, contact in known_people.items():
        ids[phone] = contact.id
        row = people[phone]
        changed = _differences(contact, row, ("full_name", "email"))
        if changed:
            changes.append({"id": contact.id, **{name: getattr(row, name) for name in changed}})
            # Field names only: the log is append-only and must not keep personal data.
            trail.record("debtor.updated", "debtor", contact.id, {"fields": [*changed]})
    await debtors.update_many(changes)
    return ids, len(changes)


async def _write_debts(
    debts: DebtRepository,
    rows: Iterable[DebtRow],
    stored: Mapping[str, DebtTerms],
    debtor_ids: Mapping[str, int],
    trail: _AuditTrail,
) -> tuple[int, int]:
    """Insert new debts and update changed ones; (created, updated)."""
    new: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    for row in rows:
        terms = stored.get(row.reference)
        if terms is None:
            new.append(_debt_values(row, debtor_ids[row.phone], trail.now))
            continue
        balance = _differences(terms, row, ("balance",))
        others = _differences(terms, row, DEBT_TERMS)
        if not balance and not others:
            continue
        changed = [*balance, *others]
        changes.append(
            {
                "id": terms.id,
                "updated_at": trail.now,
                **{name: getattr(row, name) for name in changed},
            }
        )
        if balance:
            detail = {"reference": row.reference, **balance["balance"]}
            trail.record("debt.balance_changed", "debt", terms.id, detail)
        if others:
            detail = {"reference": row.reference, "changes": others}
            trail.record("debt.terms_changed", "debt", terms.id, detail)
    ids = await debts.insert_operator_debts(new)
    for values in new:
        details = {
            "reference": values["reference"],
            "debtor_id": values["debtor_id"],
            "balance": str(values["balance"]),
            "currency": values["currency"],
        }
        trail.record("debt.imported", "debt", ids[values["reference"]], details)
    await debts.update_many(changes)
    return len(new), len(changes)


def _debt_values(row: DebtRow, debtor_id: int, now: datetime) -> dict[str, Any]:
    return {
        "reference": row.reference,
        "debtor_id": debtor_id,
        "balance": row.balance,
        **{name: getattr(row, name) for name in DEBT_TERMS},
        "created_at": now,
        "updated_at": now,
    }


def _differences(
    stored: object, row: DebtRow, names: Iterable[str]
) -> dict[str, dict[str, str | None]]:
    """``{name: {"old": ..., "new": ...}}`` for each of ``names`` that differs."""
    changed = {}
    for name in names:
        old, new = getattr(stored, name), getattr(row, name)
        if old != new:
            changed[name] = {"old": _text(old), "new": _text(new)}
    return changed


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


class _AuditTrail:
    """The import's audit entries, appended in one go (``services.shared.audit.record`` adds
    one ORM object each, too slow for 100,000 rows)."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.entries: list[dict[str, Any]] = []

    def record(
        self, action: str, entity_type: str, entity_id: int, details: dict[str, Any] | None
    ) -> None:
        self.entries.append(
            {
                "actor": OPERATOR,
                "action": action,
                "entity_type": entity_type,
                "entity_id": entity_id,
                "details": details,
                "occurred_at": self.now,
            }
        )
