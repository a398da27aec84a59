"""The operator's payments import: money received, from a CSV, all rows or none.

The file is read and checked first (``read_payments_csv``: ``reference,amount,paid_at``);
then ``import_payments`` locks the rows' debts, checks every reference exists and no
payment is dated in the future, and applies the rows in file order in the caller's
unit of work (how one row is applied: ``services.payments.ledger``). If any row
is wrong, ``ImportRejected`` carries every problem by CSV line and nothing is written.

Importing the same file again changes nothing: each payment written carries an
``import_key`` made of its row (reference, amount, paid_at, and how many identical rows
came before it in the file) and its portion, and a row whose first payment's key is
stored already is counted as imported before and skipped.

The reminders still pending of every installment paid are cancelled (``last_error``
"paid"). Audited: ``payment.imported`` for each row applied (on the debt) and
``plan.completed`` for each plan it finishes, with the operator as actor.

Payments made in Telegram (``services.payments.record``) take the same steps: lock the
debt and load its active plan (``uow.payments``), what payments cover of it
(``covered_amounts``), settle with the ledger, cancel the reminders of what was paid
(``cancel_reminders_of_paid``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, TextIO

from db.models import Debt, PaymentPlan
from db.unit_of_work import UnitOfWork
from services.debts.csv_rows import ImportRejected, RowProblem
from services.payments.csv_rows import PaymentRow, ValidatedPayments, read_payments_csv
from services.payments.ledger import UNPAID, PaymentLedger, import_key
from services.shared.money import ZERO

__all__ = [
    "ImportRejected",
    "PaymentsReport",
    "cancel_reminders_of_paid",
    "covered_amounts",
    "import_payments",
]

FUTURE_SLACK = timedelta(days=1)
"""How far past now a ``paid_at`` may be (a date alone means 12:00 UTC of that day)."""
PAID = "paid"
"""``last_error`` of a reminder cancelled because its installment was paid."""


@dataclass(frozen=True, kw_only=True)
class PaymentsReport:
    rows_applied: int
    rows_already_imported: int
    installments_paid: int
    plans_completed: int
    reminders_cancelled: int
    amounts: Mapping[str, Decimal] = field(default_factory=dict)
    """The amounts applied by currency (ISO 4217), for the rows applied now."""


async def import_payments(
    uow: UnitOfWork, *, rows: ValidatedPayments | TextIO, now: datetime
) -> PaymentsReport:
    """Apply the operator's payments in file order; the caller commits.

    ``rows`` is a file already read with ``read_payments_csv`` or a CSV text stream.
    Raises ``ImportRejected`` before writing anything when a row is wrong.
    """
    validated = rows if isinstance(rows, ValidatedPayments) else read_payments_csv(rows)
    if validated.problems:
        raise ImportRejected(problems=validated.problems)
    debts = await uow.payments.lock_debts({row.reference for row in validated.rows})
    problems = _problems(validated.rows, debts, now)
    if problems:
        raise ImportRejected(problems=problems)

    numbered = _with_occurrences(validated.rows)
    first_keys = [import_key(row, n, 0) for row, n in numbered]
    stored_keys = await uow.payments.stored_import_keys(first_keys)
    fresh = [(row, n) for row, n in numbered if import_key(row, n, 0) not in stored_keys]
    plans = await uow.payments.active_plans({debts[row.reference].id for row, _ in fresh})
    ledger = PaymentLedger(
        debts=debts, plans=plans, covered=await covered_amounts(uow, plans.values()), now=now
    )
    payments: list[dict[str, Any]] = []
    paid: list[int] = []
    completed = 0
    amounts: dict[str, Decimal] = {}
    for row, occurrence in fresh:
        applied = ledger.apply(row, occurrence)
        payments += applied.payments
        paid += [installment.id for installment in applied.installments_paid]
        completed += applied.plan_completed is not None
        currency = debts[row.reference].currency
        amounts[currency] = amounts.get(currency, ZERO) + row.amount
    await uow.flush()
    await uow.payments.insert_imported(payments)
    cancelled = await cancel_reminders_of_paid(uow, paid)
    await uow.audit.append_many(ledger.audit)
    await uow.flush()
    return PaymentsReport(
        rows_applied=len(fresh),
        rows_already_imported=len(numbered) - len(fresh),
        installments_paid=len(paid),
        plans_completed=completed,
        reminders_cancelled=cancelled,
        amounts={currency: amounts[currency] for currency in sorted(amounts)},
    )


def _problems(
    rows: Sequence[PaymentRow], debts: Mapping[str, Debt], now: datetime
) -> tuple[RowProblem, ...]:
    problems = []
    for row in rows:
        reasons = []
        if row.reference not in debts:
            reasons.append(
                f"no debt has the reference {row.reference!r}; check it, or import the debt first"
            )
        if row.paid_at > now + FUTURE_SLACK:
            reasons.append(f"paid_at {row.paid_at.isoformat()} is in the future")
        if reasons:
            problems.append(RowProblem(row.line, "; ".join(reasons)))
    return tuple(problems)


def _with_occurrences(rows: Sequence[PaymentRow]) -> list[tuple[PaymentRow, int]]:
    """Each row with the number of identical rows (same debt, amount, time) before it."""
    seen: Counter[tuple[str, Decimal, datetime]] = Counter()
    numbered = []
    for row in rows:
        identity = (row.reference, row.amount, row.paid_at)
        numbered.append((row, seen[identity]))
        seen[identity] += 1
    return numbered


async def covered_amounts(uow: UnitOfWork, plans: Collection[PaymentPlan]) -> dict[int, Decimal]:
    """What payments already cover of each unpaid installment of ``plans``."""
    unpaid = [i.id for plan in plans for i in plan.installments if i.status in UNPAID]
    covered = await uow.payments.covered_amounts_in_chunks(unpaid)
    return {installment_id: total or ZERO for installment_id, total in covered.items()}


async def cancel_reminders_of_paid(uow: UnitOfWork, installment_ids: Sequence[int]) -> int:
    """Cancel the pending reminders of these installments, paid; how many."""
    return await uow.reminders.cancel_pending_of_installments(installment_ids, reason=PAID)
