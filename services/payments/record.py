"""Recording a payment Telegram has charged: once, whatever happens to its update.

``record_telegram_payment`` reads the signed payload again, locks the installment's debt
(so two deliveries of one payment, even in two processes, take turns) and looks for the
charge: Telegram's ``telegram_payment_charge_id`` is unique among payments, so a
repeated update finds it and changes nothing. Otherwise the amount charged is settled
by the same ledger as the operator's payments import (``services.payments.ledger``):
the installment it paid first, then, should the plan have changed meanwhile, the next
ones in order; the balance goes down; a plan with nothing left is completed; the
reminders of what was paid are cancelled. The payment's source is ``telegram``.

Audited: ``payment.telegram`` on the debt (by the person who paid) and
``plan.completed`` when it finishes the plan. Everything is written in a savepoint: if
another process recorded the same charge after all (the unique index says so), nothing
of this one stays.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from db.errors import ConstraintViolated
from db.models import Payment
from db.models.enums import PaymentSource
from db.unit_of_work import UnitOfWork
from services.payments.csv_import import cancel_reminders_of_paid, covered_amounts
from services.payments.ledger import UNPAID, PaymentLedger, Settlement
from services.payments.payload import from_minor_units, read_payload
from services.payments.telegram import PaymentChanged, PaymentForged, PaymentNotOpen
from services.shared.audit import SYSTEM, user_actor
from services.shared.money import ZERO


@dataclass(frozen=True, kw_only=True)
class TelegramReceipt:
    """What the person paid and what is left, for their receipt."""

    amount: Decimal
    currency: str
    creditor: str
    reference: str
    number: int
    """The installment paid (its number in the plan)."""
    left_count: int
    """Installments of the plan still to pay (0 once it is completed)."""
    left_amount: Decimal
    balance: Decimal
    """The debt's balance after the payment."""
    plan_completed: bool


@dataclass(frozen=True, kw_only=True)
class Charge:
    """A successful payment as Telegram reports it."""

    payload: str
    currency: str
    total_amount: int
    telegram_charge_id: str
    provider_charge_id: str | None


async def record_telegram_payment(
    uow: UnitOfWork, *, telegram_id: int, charge: Charge, secret_key: str, now: datetime
) -> TelegramReceipt | None:
    """Record `charge`, paid by the person with this Telegram id; None when the charge
    was recorded before (nothing changes). Raises PaymentForged (not our payload),
    PaymentChanged (charged in another currency than the debt's) or PaymentNotOpen (the
    installment no longer exists): the money was taken, so the caller must tell the
    person and the operator."""
    terms = read_payload(charge.payload, secret_key=secret_key)
    if terms is None:
        raise PaymentForged()
    target = await uow.payments.number_and_reference(terms.installment_id)
    if target is None or target.reference is None:
        raise PaymentNotOpen()
    debts = await uow.payments.lock_debts({target.reference})
    if await uow.payments.is_charge_recorded(charge.telegram_charge_id):
        return None
    debt = debts[target.reference]
    amount = from_minor_units(charge.total_amount, charge.currency)
    if charge.currency != debt.currency or amount <= ZERO:
        raise PaymentChanged()
    plans = await uow.payments.active_plans({debt.id})
    user_id = await uow.payments.user_id_of(telegram_id, erased_too=True)
    ledger = PaymentLedger(
        debts=debts,
        plans=plans,
        covered=await covered_amounts(uow, plans.values()),
        now=now,
        actor=SYSTEM if user_id is None else user_actor(user_id),
    )
    try:
        async with uow.savepoint():
            settled = ledger.settle(debt, amount, paid_at=now, first=terms.installment_id)
            uow.payments.add_all(_payments(settled, charge, now))
            ledger.record("payment.telegram", "debt", debt.id, _details(settled, charge, amount))
            completed = ledger.finish(settled)
            await uow.audit.append_many(ledger.audit)
            await cancel_reminders_of_paid(uow, [i.id for i in settled.installments_paid])
    except ConstraintViolated:  # another process recorded this charge a moment ago
        return None
    plan = plans.get(debt.id)
    left = [] if plan is None else [i for i in plan.installments if i.status in UNPAID]
    return TelegramReceipt(
        amount=amount,
        currency=debt.currency,
        creditor=debt.creditor,
        reference=target.reference,
        number=target.number,
        left_count=len(left),
        left_amount=sum((ledger.owed(i) for i in left), ZERO),
        balance=debt.balance,
        plan_completed=completed is not None,
    )


def _payments(settled: Settlement, charge: Charge, now: datetime) -> list[Payment]:
    """One payment per portion; the first carries Telegram's charge id (unique), all
    carry the provider's."""
    return [
        Payment(
            installment_id=None if installment is None else installment.id,
            debt_id=settled.debt.id,
            amount=portion,
            currency=settled.debt.currency,
            telegram_payment_charge_id=charge.telegram_charge_id if number == 0 else None,
            provider_payment_charge_id=charge.provider_charge_id,
            source=PaymentSource.TELEGRAM,
            created_at=now,
        )
        for number, (installment, portion) in enumerate(settled.portions)
    ]


def _details(settled: Settlement, charge: Charge, amount: Decimal) -> dict[str, Any]:
    return {
        "reference": settled.debt.reference,
        "amount": format(amount, "f"),
        "currency": charge.currency,
        "telegram_payment_charge_id": charge.telegram_charge_id,
        "provider_payment_charge_id": charge.provider_charge_id,
        "balance": {
            "old": format(settled.old_balance, "f"),
            "new": format(settled.debt.balance, "f"),
        },
        "installments_paid": [installment.id for installment in settled.installments_paid],
        "outside_installments": format(settled.outside_installments, "f"),
    }
