"""Paying installments in Telegram: what can be paid, the check before charging,
recording a charge exactly once, and the payments export. (The signed payload itself:
tests/payments/test_telegram_payments_payload.py.)"""

from __future__ import annotations

import asyncio
import io
from decimal import Decimal

import pytest
from sqlalchemy import func, select, update

from db.models import AuditLogEntry, Debt, Installment, Payment, PaymentPlan, PlanKind, User
from db.models.enums import InstallmentStatus, PaymentSource
from db.unit_of_work import UnitOfWork
from services.payments.export import PAYMENT_COLUMNS, write_payments_csv
from services.payments.payload import InvoiceTerms, sign_payload
from services.payments.record import Charge, record_telegram_payment
from services.payments.telegram import (
    PaymentChanged,
    PaymentForged,
    PaymentNotOpen,
    PaymentNotYours,
    check_checkout,
    next_payable,
)
from tests.support.builders import add_plan, add_user
from tests.support.clock import NOW
from tests.support.payments import (
    installments_of,
    payments_of,
    refreshed,
    reminders_of,
    run_payments,
    seed_plan,
)

D = Decimal
SECRET = "a-secret-key-of-at-least-32-characters!"


# --- the check before charging ------------------------------------------------------------
async def telegram_id_of(uow: UnitOfWork, user_id: int) -> int:
    return await uow.session.scalar(select(User.telegram_id).where(User.id == user_id))


async def checkout(uow, seeded, *, installment: int = 0, telegram_id=None, **changes):
    [payable] = (
        await next_payable(uow, user_id=seeded.user_id, debt_ids=[seeded.debt_id])
    ).values()
    terms = InvoiceTerms(
        installment_id=seeded.installment_ids[installment],
        minor_units=payable.terms.minor_units,
        currency=payable.currency,
    )
    values = {
        "payload": sign_payload(terms, secret_key=SECRET),
        "currency": terms.currency,
        "total_amount": terms.minor_units,
        **changes,
    }
    return await check_checkout(
        uow,
        telegram_id=telegram_id or await telegram_id_of(uow, seeded.user_id),
        secret_key=SECRET,
        **values,
    )


async def test_the_next_open_installment_is_payable_for_what_is_left_of_it(uow):
    seeded = await seed_plan(uow, "100.00", "100.00")
    await run_payments(uow, (seeded.reference, "30", "2026-11-20"))

    found = await next_payable(uow, user_id=seeded.user_id, debt_ids=[seeded.debt_id])

    payable = found[seeded.debt_id]
    assert (payable.installment_id, payable.number, payable.amount) == (
        seeded.installment_ids[0],
        1,
        D("70.00"),
    )
    assert payable.installments_in_plan == 2 and payable.reference == seeded.reference


async def test_only_the_debts_own_person_pays_and_only_the_operators_debts(uow):
    seeded = await seed_plan(uow, "100.00")
    stranger = await add_user(uow.session)
    personal = Debt(
        kind="personal",
        owner_user_id=seeded.user_id,
        creditor="Mi hermana",
        balance=D("100.00"),
        currency="EUR",
    )
    uow.session.add(personal)
    await uow.flush()
    plan = await add_plan(uow.session, personal, status="active", user_id=seeded.user_id)
    uow.session.add(
        Installment(
            plan_id=plan.id,
            number=1,
            due_date=NOW.date(),
            amount=D("100.00"),
            principal=D("100.00"),
            interest=D("0.00"),
        )
    )
    await uow.flush()

    assert await next_payable(uow, user_id=stranger.id, debt_ids=[seeded.debt_id]) == {}
    assert await next_payable(uow, user_id=seeded.user_id, debt_ids=[personal.id]) == {}


async def test_a_genuine_invoice_for_an_open_installment_may_be_charged(uow):
    seeded = await seed_plan(uow, "100.00", "50.00")

    payable = await checkout(uow, seeded)

    assert payable.installment_id == seeded.installment_ids[0]


async def test_a_paid_installment_is_refused_before_charging(uow):
    seeded = await seed_plan(uow, "100.00", "50.00")
    await uow.session.execute(
        update(Installment)
        .where(Installment.id == seeded.installment_ids[0])
        .values(status=InstallmentStatus.PAID)
    )
    with pytest.raises(PaymentNotOpen):
        await check_checkout(
            uow,
            telegram_id=await telegram_id_of(uow, seeded.user_id),
            payload=sign_payload(
                InvoiceTerms(
                    installment_id=seeded.installment_ids[0], minor_units=10000, currency="EUR"
                ),
                secret_key=SECRET,
            ),
            currency="EUR",
            total_amount=10000,
            secret_key=SECRET,
        )


async def test_a_changed_amount_a_forged_payload_and_another_payer_are_refused(uow):
    seeded = await seed_plan(uow, "100.00", "50.00")
    stranger = await add_user(uow.session)

    with pytest.raises(PaymentChanged):
        await checkout(uow, seeded, total_amount=9000)  # not what the payload says
    with pytest.raises(PaymentChanged):
        await checkout(uow, seeded, currency="USD")
    with pytest.raises(PaymentForged):
        await checkout(uow, seeded, payload="v1:1:10000:EUR:AAAAAAAAAAAAAAAAAAAAAA")
    with pytest.raises(PaymentNotYours):
        await checkout(uow, seeded, telegram_id=stranger.telegram_id)
    with pytest.raises(PaymentNotYours):
        await checkout(uow, seeded, telegram_id=999_999_999)  # never talked to the bot
    payload = await _payload_for(uow, seeded)  # the amount due changes after the invoice
    await uow.session.execute(
        update(Installment)
        .where(Installment.id == seeded.installment_ids[0])
        .values(amount=D("120.00"))
    )
    with pytest.raises(PaymentChanged):
        await checkout(uow, seeded, payload=payload, total_amount=10000)


async def _payload_for(uow, seeded) -> str:
    terms = InvoiceTerms(
        installment_id=seeded.installment_ids[0], minor_units=10000, currency="EUR"
    )
    return sign_payload(terms, secret_key=SECRET)


# --- recording the charge -----------------------------------------------------------------
def charge_for(installment_id: int, minor_units: int, charge_id: str = "tg-1") -> Charge:
    terms = InvoiceTerms(installment_id=installment_id, minor_units=minor_units, currency="EUR")
    return Charge(
        payload=sign_payload(terms, secret_key=SECRET),
        currency="EUR",
        total_amount=minor_units,
        telegram_charge_id=charge_id,
        provider_charge_id=f"provider-{charge_id}",
    )


async def record(uow, seeded, charge: Charge):
    return await record_telegram_payment(
        uow,
        telegram_id=await telegram_id_of(uow, seeded.user_id),
        charge=charge,
        secret_key=SECRET,
        now=NOW,
    )


async def test_a_charge_pays_its_installment_once_and_cancels_its_reminders(uow):
    seeded = await seed_plan(uow, "100.00", "50.00", reminder_kinds=("before", "due"))
    charge = charge_for(seeded.installment_ids[0], 10000)

    receipt = await record(uow, seeded, charge)
    again = await record(uow, seeded, charge)

    assert again is None
    assert (receipt.amount, receipt.number, receipt.left_count, receipt.left_amount) == (
        D("100.00"),
        1,
        1,
        D("50.00"),
    )
    [payment] = await payments_of(uow, seeded.debt_id)
    assert (payment.installment_id, payment.amount, payment.source) == (
        seeded.installment_ids[0],
        D("100.00"),
        PaymentSource.TELEGRAM,
    )
    assert (payment.telegram_payment_charge_id, payment.provider_payment_charge_id) == (
        "tg-1",
        "provider-tg-1",
    )
    first, second = await installments_of(uow, seeded.plan_id)
    assert (first.status, first.paid_at, second.status) == ("paid", NOW, "open")
    assert {r.status for r in (await reminders_of(uow, first.id)).values()} == {"cancelled"}
    assert {r.status for r in (await reminders_of(uow, second.id)).values()} == {"pending"}
    assert (await refreshed(uow, Debt, seeded.debt_id)).balance == D("50.00")
    entries = await uow.session.scalars(select(AuditLogEntry).order_by(AuditLogEntry.id))
    [entry] = list(entries)
    assert (entry.action, entry.actor) == ("payment.telegram", f"user:{seeded.user_id}")
    assert entry.details["telegram_payment_charge_id"] == "tg-1"


async def test_paying_a_later_installment_first_pays_that_one(uow):
    seeded = await seed_plan(uow, "100.00", "50.00")

    receipt = await record(uow, seeded, charge_for(seeded.installment_ids[1], 5000))

    first, second = await installments_of(uow, seeded.plan_id)
    assert (first.status, second.status) == ("open", "paid")
    assert (receipt.number, receipt.left_count, receipt.left_amount) == (2, 1, D("100.00"))


async def test_paying_the_last_lump_sum_of_a_settlement_settles_the_debt(uow):
    seeded = await seed_plan(uow, "800.00", balance="1000.00", kind=PlanKind.SETTLEMENT)

    receipt = await record(uow, seeded, charge_for(seeded.installment_ids[0], 80000))

    assert receipt.plan_completed and receipt.left_count == 0
    assert (await refreshed(uow, PaymentPlan, seeded.plan_id)).status == "completed"
    debt = await refreshed(uow, Debt, seeded.debt_id)
    assert (debt.status, debt.balance) == ("settled", D("200.00"))
    actions = await uow.session.scalars(select(AuditLogEntry.action).order_by(AuditLogEntry.id))
    assert list(actions) == ["payment.telegram", "plan.completed"]


async def test_a_charge_whose_payload_is_not_ours_is_not_recorded(uow):
    seeded = await seed_plan(uow, "100.00")
    charge = charge_for(seeded.installment_ids[0], 10000)
    forged = Charge(**{**charge.__dict__, "payload": charge.payload[:-1] + "x"})

    with pytest.raises(PaymentForged):
        await record(uow, seeded, forged)
    assert await payments_of(uow, seeded.debt_id) == []


async def test_the_export_lists_every_payment_with_its_charge_ids(uow):
    seeded = await seed_plan(uow, "100.00", "50.00")
    await record(uow, seeded, charge_for(seeded.installment_ids[0], 10000))
    await run_payments(uow, (seeded.reference, "50", "2026-11-20"))
    file = io.StringIO()

    count = await write_payments_csv(uow, file)

    header, *rows = [line.split(",") for line in file.getvalue().splitlines()]
    assert count == 2 and tuple(header) == PAYMENT_COLUMNS
    assert [(row[1], row[4], row[5], row[7], row[8]) for row in rows] == [
        (seeded.reference, "1", "100.00", "telegram", "tg-1"),
        (seeded.reference, "2", "50.00", "operator", ""),
    ]


@pytest.mark.database_backends("postgresql")
async def test_one_charge_delivered_twice_at_once_is_recorded_once(session_factory):
    async with UnitOfWork(session_factory) as uow:
        seeded = await seed_plan(uow, "100.00", "100.00")
        telegram_id = await telegram_id_of(uow, seeded.user_id)
        await uow.commit()
    charge = charge_for(seeded.installment_ids[0], 10000)

    async def deliver():
        async with UnitOfWork(session_factory) as uow:
            receipt = await record_telegram_payment(
                uow, telegram_id=telegram_id, charge=charge, secret_key=SECRET, now=NOW
            )
            await uow.commit()
            return receipt

    receipts = await asyncio.gather(deliver(), deliver())

    assert sorted(receipt is None for receipt in receipts) == [False, True]
    async with UnitOfWork(session_factory) as uow:
        assert await uow.session.scalar(select(func.count()).select_from(Payment)) == 1
        assert (await refreshed(uow, Debt, seeded.debt_id)).balance == D("100.00")
