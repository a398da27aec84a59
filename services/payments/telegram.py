"""Paying an installment inside Telegram: what a person can pay now, and the check made
before Telegram charges them.

Only installments of the operator's debts are paid here (a person's own debts are paid
to whoever they owe): an ``open`` installment of the debt's ``active`` plan, the debt
still open or in a plan, for what payments have not covered of it yet. A settlement or a
partial payment agreement is a plan too, so its lump sums are installments like any
other. The person is always the one behind the Telegram update: the debt's debtor must
be linked to them.

Recording the payment once Telegram has charged it: ``services.payments.record``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from db.models.enums import DebtKind, DebtStatus, InstallmentStatus, PlanStatus
from db.repositories.debts import chunked
from db.repositories.payments import PayableRow
from db.unit_of_work import UnitOfWork
from services.payments.payload import InvoiceTerms, read_payload, to_minor_units
from services.shared.errors import DomainError
from services.shared.money import ZERO, to_cents

OUTSTANDING_DEBT = (DebtStatus.OPEN, DebtStatus.IN_PLAN)


class PaymentForged(DomainError):
    """The invoice's payload is not one this bot signed."""

    code = "payment_forged"


class PaymentNotOpen(DomainError):
    """The installment is paid, cancelled or its plan ended: nothing to pay."""

    code = "payment_not_open"


class PaymentChanged(DomainError):
    """What is due (amount or currency) is no longer what the invoice says."""

    code = "payment_changed"


class PaymentNotYours(DomainError):
    """The installment is not of a debt of the person paying."""

    code = "payment_not_yours"


@dataclass(frozen=True, kw_only=True)
class PayableInstallment:
    installment_id: int
    debt_id: int
    reference: str
    creditor: str
    number: int
    installments_in_plan: int
    due_date: date
    amount: Decimal
    """What is due now: the installment's amount less what payments covered of it."""
    currency: str

    @property
    def terms(self) -> InvoiceTerms:
        """What the invoice for this installment charges."""
        return InvoiceTerms(
            installment_id=self.installment_id,
            minor_units=to_minor_units(self.amount, self.currency),
            currency=self.currency,
        )


async def next_payable(
    uow: UnitOfWork, *, user_id: int, debt_ids: Collection[int]
) -> dict[int, PayableInstallment]:
    """The first installment (by number) the user can pay now of each of these debts;
    debts with none are left out."""
    found: dict[int, PayableInstallment] = {}
    for chunk in chunked(sorted(set(debt_ids))):
        rows = await uow.payments.payable_rows_of_debts(chunk)
        for installment in await _payable(uow, [row for row in rows if _open(row, user_id)]):
            kept = found.get(installment.debt_id)
            if kept is None or installment.number < kept.number:
                found[installment.debt_id] = installment
    return found


async def payable(uow: UnitOfWork, *, user_id: int, installment_id: int) -> PayableInstallment:
    """The installment if the user can pay it now. Raises PaymentNotYours or
    PaymentNotOpen."""
    row = await uow.payments.payable_row(installment_id)
    if row is None:
        raise PaymentNotOpen()
    if row.debt_kind != DebtKind.OPERATOR or row.user_id != user_id:
        raise PaymentNotYours()
    found = await _payable(uow, [row] if _open(row, user_id) else [])
    if not found:
        raise PaymentNotOpen()
    return found[0]


async def check_checkout(
    uow: UnitOfWork,
    *,
    telegram_id: int,
    payload: str,
    currency: str,
    total_amount: int,
    secret_key: str,
) -> PayableInstallment:
    """May Telegram charge `total_amount` (minor units) of `currency` for `payload`?

    Yes (the installment is returned) when the payload is one this bot signed, for the
    amount and currency asked, of an installment still open of a debt of the person
    with this Telegram id, and still due for exactly that. Otherwise raises
    PaymentForged, PaymentChanged, PaymentNotYours or PaymentNotOpen. Reads only.
    """
    terms = read_payload(payload, secret_key=secret_key)
    if terms is None:
        raise PaymentForged()
    if (currency, total_amount) != (terms.currency, terms.minor_units):
        raise PaymentChanged()
    user_id = await uow.payments.user_id_of(telegram_id, erased_too=False)
    if user_id is None:
        raise PaymentNotYours()
    installment = await payable(uow, user_id=user_id, installment_id=terms.installment_id)
    if installment.terms != terms:
        raise PaymentChanged()
    return installment


def _invoiceable(amount: Decimal, currency: str) -> bool:
    """Telegram counts prices in whole minor units (no cents of a yen)."""
    try:
        to_minor_units(amount, currency)
    except ValueError:
        return False
    return True


def _open(row: PayableRow, user_id: int) -> bool:
    return (
        row.debt_kind == DebtKind.OPERATOR
        and row.user_id == user_id
        and row.status == InstallmentStatus.OPEN
        and row.plan_status == PlanStatus.ACTIVE
        and row.debt_status in OUTSTANDING_DEBT
    )


async def _payable(uow: UnitOfWork, rows: Sequence[PayableRow]) -> list[PayableInstallment]:
    if not rows:
        return []
    covered = await uow.payments.covered_amounts([row.id for row in rows])
    counts = await uow.payments.installment_counts({row.plan_id for row in rows})
    found = []
    for row in rows:
        due = to_cents(row.amount - (covered.get(row.id) or ZERO))
        if due <= ZERO or not _invoiceable(due, row.currency):
            continue
        found.append(
            PayableInstallment(
                installment_id=row.id,
                debt_id=row.debt_id,
                reference=row.reference,
                creditor=row.creditor,
                number=row.number,
                installments_in_plan=counts[row.plan_id],
                due_date=row.due_date,
                amount=due,
                currency=row.currency,
            )
        )
    return found
