"""Applying payments to debts, their active plans and installments, in memory.

``PaymentLedger`` holds the debts of one import (loaded and locked by
``services.payments.csv_import``), each debt's active plan with its installments, and what
earlier payments already covered of each unpaid installment. ``apply`` takes one row:

* the amount covers the plan's unpaid installments (``open`` or ``reported_paid``) in
  order of ``number``, continuing a partly covered one; each portion is one payment of
  that installment, and an installment fully covered becomes ``paid`` at the row's
  ``paid_at``;
* what is left (everything, without an active plan) is one payment of the debt alone;
* the debt's balance goes down by the amount, never below zero;
* when no installment is left unpaid the plan is ``completed`` and its debt ``paid``
  (installments) or ``settled`` (a settlement or partial payment agreement).

The ORM objects are changed in place; the payments to insert and the audit entries are
collected for the caller, who writes them in bulk.

``settle`` and ``finish`` are the same rules for one amount from elsewhere: a payment
made in Telegram (``services.payments.telegram``) settles the installment it paid first.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from db.models import (
    Debt,
    DebtStatus,
    Installment,
    InstallmentStatus,
    PaymentPlan,
    PaymentSource,
    PlanKind,
    PlanStatus,
)
from services.payments.csv_rows import PaymentRow
from services.shared.audit import OPERATOR
from services.shared.money import ZERO, to_cents

UNPAID = (InstallmentStatus.OPEN, InstallmentStatus.REPORTED_PAID)
"""Installment statuses that still wait for money."""
FINISHED_DEBT = {PlanKind.INSTALLMENTS: DebtStatus.PAID}
"""A debt's status once its plan is completed (any other kind: settled)."""


def import_key(row: PaymentRow, occurrence: int, portion: int) -> str:
    """The key of one payment of a row: identical rows of a file differ by
    ``occurrence`` (0 for the first), the payments of one row by ``portion``."""
    identity = [row.reference, format(row.amount, "f"), row.paid_at.isoformat()]
    text = json.dumps([*identity, occurrence, portion], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def split(amount: Decimal, owed: Iterable[Decimal]) -> tuple[list[Decimal], Decimal]:
    """The portions of ``amount`` that cover ``owed`` in order, and what is left over.

    The portions stop at the first amount not fully covered (that one included): an
    amount owed later is never covered, not even one of zero, before it."""
    portions = []
    left = amount
    for remaining in owed:
        if remaining > ZERO and left <= ZERO:
            break
        portion = min(left, max(remaining, ZERO))
        portions.append(portion)
        left -= portion
        if portion < remaining:
            break
    return portions, left


@dataclass
class AppliedRow:
    payments: list[dict[str, Any]]
    installments_paid: list[Installment]
    plan_completed: PaymentPlan | None


@dataclass
class Settlement:
    """What ``PaymentLedger.settle`` did with one amount."""

    debt: Debt
    portions: list[tuple[Installment | None, Decimal]]
    """Each installment covered and by how much; ``None``: outside any installment."""
    installments_paid: list[Installment]
    old_balance: Decimal
    outside_installments: Decimal
    completes: PaymentPlan | None
    """The plan this amount finishes (``finish`` marks it completed), if any."""


class PaymentLedger:
    def __init__(
        self,
        *,
        debts: Mapping[str, Debt],
        plans: Mapping[int, PaymentPlan],
        covered: Mapping[int, Decimal],
        now: datetime,
        actor: str = OPERATOR,
    ) -> None:
        """``debts`` by reference; ``plans``: each debt's active plan (installments
        loaded) by debt id; ``covered``: what payments cover of each installment;
        ``actor``: who the audit entries name."""
        self.debts = debts
        self.plans = dict(plans)
        self.covered = dict(covered)
        self.now = now
        self.actor = actor
        self.audit: list[dict[str, Any]] = []

    def apply(self, row: PaymentRow, occurrence: int) -> AppliedRow:
        debt = self.debts[row.reference]
        settled = self.settle(debt, row.amount, paid_at=row.paid_at)
        payments = [
            self._payment(debt, installment, amount, import_key(row, occurrence, number))
            for number, (installment, amount) in enumerate(settled.portions)
        ]
        self._record(row, settled)
        completed = self.finish(settled)
        return AppliedRow(
            payments=payments, installments_paid=settled.installments_paid, plan_completed=completed
        )

    def settle(
        self, debt: Debt, amount: Decimal, *, paid_at: datetime, first: int | None = None
    ) -> Settlement:
        """Apply ``amount`` to the debt's unpaid installments (the one whose id is
        ``first`` before the others, when it is one of them) and lower its balance."""
        plan = self.plans.get(debt.id)
        unpaid = _unpaid(plan, first)
        portions, left = split(amount, (self._owed(i) for i in unpaid))
        paid: list[Installment] = []
        targets: list[tuple[Installment | None, Decimal]] = []
        for installment, portion in zip(unpaid, portions, strict=False):
            if portion > ZERO:
                targets.append((installment, portion))
                self.covered[installment.id] = self._covered(installment) + portion
            if self._owed(installment) <= ZERO:
                _mark_paid(installment, paid_at)
                paid.append(installment)
        still_unpaid = [i for i in unpaid if i.status in UNPAID]
        completes = plan is not None and all(self._owed(i) <= ZERO for i in still_unpaid)
        if completes:
            for installment in still_unpaid:  # nothing owed: installments of 0.00
                _mark_paid(installment, paid_at)
                paid.append(installment)
        if left > ZERO:
            targets.append((None, left))
        old_balance = debt.balance
        debt.balance = to_cents(max(ZERO, debt.balance - amount))
        debt.updated_at = self.now
        return Settlement(
            debt=debt,
            portions=targets,
            installments_paid=paid,
            old_balance=old_balance,
            outside_installments=max(left, ZERO),
            completes=plan if completes else None,
        )

    def finish(self, settled: Settlement) -> PaymentPlan | None:
        """Mark the plan ``settled`` finishes completed (audited after the payment)."""
        if settled.completes is None:
            return None
        return self._complete(settled.completes, settled.debt)

    def owed(self, installment: Installment) -> Decimal:
        """What is still to pay of ``installment`` after the payments so far."""
        return self._owed(installment)

    def record(
        self, action: str, entity_type: str, entity_id: int, details: dict[str, Any]
    ) -> None:
        """Add an audit entry (by this ledger's actor) for the caller to write."""
        self._entry(action, entity_type, entity_id, details)

    def _covered(self, installment: Installment) -> Decimal:
        return self.covered.get(installment.id, ZERO)

    def _owed(self, installment: Installment) -> Decimal:
        return installment.amount - self._covered(installment)

    def _payment(
        self, debt: Debt, installment: Installment | None, amount: Decimal, key: str
    ) -> dict[str, Any]:
        return {
            "installment_id": installment.id if installment is not None else None,
            "debt_id": debt.id,
            "amount": amount,
            "currency": debt.currency,
            "source": PaymentSource.OPERATOR.value,
            "import_key": key,
            "created_at": self.now,
        }

    def _complete(self, plan: PaymentPlan, debt: Debt) -> PaymentPlan:
        plan.status = PlanStatus.COMPLETED
        del self.plans[debt.id]
        if debt.status in (DebtStatus.OPEN, DebtStatus.IN_PLAN):
            debt.status = FINISHED_DEBT.get(PlanKind(plan.kind), DebtStatus.SETTLED).value
        self._entry(
            "plan.completed",
            "payment_plan",
            plan.id,
            {"debt_id": debt.id, "reference": debt.reference, "debt_status": str(debt.status)},
        )
        return plan

    def _record(self, row: PaymentRow, settled: Settlement) -> None:
        debt = settled.debt
        details = {
            "reference": row.reference,
            "line": row.line,
            "amount": format(row.amount, "f"),
            "paid_at": row.paid_at.isoformat(),
            "balance": {"old": format(settled.old_balance, "f"), "new": format(debt.balance, "f")},
            "installments_paid": [installment.id for installment in settled.installments_paid],
            "outside_installments": format(settled.outside_installments, "f"),
        }
        self._entry("payment.imported", "debt", debt.id, details)

    def _entry(
        self, action: str, entity_type: str, entity_id: int, details: dict[str, Any]
    ) -> None:
        self.audit.append(
            {
                "actor": self.actor,
                "action": action,
                "entity_type": entity_type,
                "entity_id": entity_id,
                "details": details,
                "occurred_at": self.now,
            }
        )


def _unpaid(plan: PaymentPlan | None, first: int | None = None) -> list[Installment]:
    """The plan's unpaid installments by number, the one whose id is ``first`` first."""
    if plan is None:
        return []
    unpaid = [i for i in plan.installments if i.status in UNPAID]
    return sorted(unpaid, key=lambda installment: (installment.id != first, installment.number))


def _mark_paid(installment: Installment, paid_at: datetime) -> None:
    installment.status = InstallmentStatus.PAID
    installment.paid_at = paid_at
