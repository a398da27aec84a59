"""Writing checked debt rows, ``BATCH_ROWS`` at a time, in the caller's transaction.

Each batch is compared with the database (its debtors by phone, its debts by reference)
and only the differences are written, with Core statements (no ORM object per row), so
memory does not grow with the file. A conflict with the database (a reference of another
person's debt, a phone two debtors share) stops the writing; every conflict of the file
is still collected and raised together, and the caller's transaction rolls back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from itertools import islice
from typing import Any

from db.repositories.debtors import DebtorContact, DebtorRepository
from db.repositories.debts import DebtRepository, DebtTerms
from db.unit_of_work import UnitOfWork
from services.debts.csv_rows import DebtRow, ImportRejected, RowProblem
from services.shared.audit import OPERATOR

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


BATCH_ROWS = 2_000
"""Rows written per round of statements: memory stays flat however long the file is."""


async def write_rows(uow: UnitOfWork, rows: Iterable[DebtRow], now: datetime) -> ImportReport:
    """Write the rows a batch at a time; every conflict with the database is collected
    (nothing more is written after the first) and raised together at the end."""
    counts = Counter[str]()
    problems: list[RowProblem] = []
    reported_phones: set[str] = set()
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH_ROWS)):
        counts["rows"] += len(batch)
        people = _people(batch)
        known_people, clashes = await _known_people(uow.debtors, people, reported_phones)
        stored = await uow.debts.terms_by_reference([row.reference for row in batch])
        clashes += await _moved_debts(uow.debtors, batch, stored, known_people)
        problems += clashes
        if problems:
            continue
        trail = _AuditTrail(now)
        debtor_ids, debtors_updated = await _write_debtors(uow.debtors, people, known_people, trail)
        counts["debtors_updated"] += debtors_updated
        counts["debtors_created"] += len(people) - len(known_people)
        created, updated = await _write_debts(uow.debts, batch, stored, debtor_ids, trail)
        counts["debts_created"] += created
        counts["debts_updated"] += updated
        await uow.audit.append_many(trail.entries)
    if problems:
        raise ImportRejected(problems=tuple(sorted(problems, key=lambda p: p.line)))
    return ImportReport(
        debts_created=counts["debts_created"],
        debts_updated=counts["debts_updated"],
        debts_unchanged=counts["rows"] - counts["debts_created"] - counts["debts_updated"],
        debtors_created=counts["debtors_created"],
        debtors_updated=counts["debtors_updated"],
    )


def _people(rows: Iterable[DebtRow]) -> dict[str, DebtRow]:
    """The first row of each phone: the file's description of that debtor."""
    people: dict[str, DebtRow] = {}
    for row in rows:
        people.setdefault(row.phone, row)
    return people


async def _known_people(
    debtors: DebtorRepository, people: Mapping[str, DebtRow], reported_phones: set[str]
) -> tuple[dict[str, DebtorContact], list[RowProblem]]:
    """The debtors of these phones (those an earlier batch wrote included)."""
    known: dict[str, DebtorContact] = {}
    problems: list[RowProblem] = []
    clashing: set[str] = set()
    for contact in await debtors.contacts_by_phone(people.keys()):
        phone = contact.phone or ""
        if phone in known and phone not in reported_phones:  # not by an earlier batch
            clashing.add(phone)
            problems.append(
                RowProblem(
                    people[phone].line,
                    f"phone {phone} belongs to several debtors in the database "
                    f"(ids {known[phone].id} and {contact.id}); only one may have it",
                )
            )
        if phone not in known:
            known[phone] = contact
    reported_phones |= clashing
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
