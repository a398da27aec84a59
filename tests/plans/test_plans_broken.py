"""A plan with an installment unpaid 30 days after its due date is broken: the debt is
open again, its reminders stop, and the operator's export shows it."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import event, select

from db.models import AuditLogEntry, Debt, Installment, PaymentPlan, PlanKind
from services import negotiation as talks
from services.plans.broken import break_overdue_plans
from tests.support.builders import add_plan, add_user
from tests.support.clock import NOW, TODAY
from tests.support.negotiation import new_debt
from tests.support.payments import installments_of, refreshed, reminders_of, run_payments, seed_plan

DUE = TODAY - timedelta(days=30)


async def break_plans(uow, *, today=TODAY, days=30):
    return await break_overdue_plans(uow, today=today, days=days, now=NOW)


async def test_an_installment_30_days_overdue_breaks_the_plan(uow):
    debt = await seed_plan(
        uow, "100.00", "100.00", first_due=DUE, reminder_kinds=("due", "after_7")
    )
    first_id, second_id = debt.installment_ids
    (await reminders_of(uow, first_id))["due"].status = "sent"
    await uow.flush()

    assert await break_plans(uow) == [debt.plan_id]

    assert (await refreshed(uow, PaymentPlan, debt.plan_id)).status == "broken"
    assert (await refreshed(uow, Debt, debt.debt_id)).status == "open"
    first, second = await reminders_of(uow, first_id), await reminders_of(uow, second_id)
    assert first["due"].status == "sent"  # what already went out stays as it was
    assert (first["after_7"].status, first["after_7"].last_error) == ("cancelled", "plan broken")
    assert {(r.status, r.last_error) for r in second.values()} == {("cancelled", "plan broken")}
    entry = await uow.session.scalar(
        select(AuditLogEntry).where(AuditLogEntry.action == "plan.broken")
    )
    assert (entry.actor, entry.entity_id) == ("system", debt.plan_id)
    assert entry.details == {"debt_id": debt.debt_id, "overdue_since": DUE.isoformat(), "days": 30}


async def test_29_days_overdue_leaves_the_plan_alone(uow):
    debt = await seed_plan(
        uow, "100.00", first_due=DUE + timedelta(days=1), reminder_kinds=("due",)
    )

    assert await break_plans(uow) == []

    assert (await refreshed(uow, PaymentPlan, debt.plan_id)).status == "active"
    assert (await refreshed(uow, Debt, debt.debt_id)).status == "in_plan"
    assert (await reminders_of(uow, debt.installment_ids[0]))["due"].status == "pending"


async def test_a_reported_but_unconfirmed_installment_still_counts_as_unpaid(uow):
    debt = await seed_plan(uow, "100.00", first_due=DUE)
    [installment] = await installments_of(uow, debt.plan_id)
    installment.status = "reported_paid"
    await uow.flush()

    assert await break_plans(uow) == [debt.plan_id]


async def test_a_paid_old_installment_does_not_break_the_plan(uow):
    debt = await seed_plan(uow, "100.00", "100.00", first_due=DUE - timedelta(days=20))
    await run_payments(uow, (debt.reference, "100", "2026-10-20"))  # the second is due in 10 days

    assert await break_plans(uow) == []
    assert await break_plans(uow, today=TODAY + timedelta(days=40)) == [debt.plan_id]


async def test_breaking_twice_changes_nothing_the_second_time(uow):
    debt = await seed_plan(uow, "100.00", first_due=DUE)
    assert await break_plans(uow) == [debt.plan_id]
    assert await break_plans(uow) == []
    entries = await uow.session.scalars(
        select(AuditLogEntry).where(AuditLogEntry.action == "plan.broken")
    )
    assert len(list(entries)) == 1


async def test_when_nothing_is_broken_it_costs_one_query(uow, engine):
    await seed_plan(uow, "100.00", first_due=TODAY)
    await uow.flush()
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        assert await break_plans(uow) == []
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)
    assert len(statements) == 1


async def test_the_export_shows_a_broken_plan_made_with_plan(uow):
    broken = await seed_plan(uow, "100.00", "100.00", first_due=DUE)
    await seed_plan(uow, "100.00", first_due=TODAY)  # on time: not in the export
    await break_plans(uow)

    rows = await talks.list_agreements_and_hardship(uow)

    [row] = rows
    assert (row.case, row.debt_id, row.plan_id, row.plan_status) == (
        "broken_plan",
        broken.debt_id,
        broken.plan_id,
        "broken",
    )
    assert (row.debt_reference, row.months, str(row.agreed_amount)) == (
        broken.reference,
        2,
        "200.00",
    )
    assert len(row.csv_values()) == len(talks.EXPORT_COLUMNS)


async def test_the_export_shows_a_broken_negotiated_agreement_as_broken(uow):
    me = await new_debt(uow)
    offer = (await talks.request_settlement_offer(uow, **me, now=NOW)).offer
    accepting = {k: me[k] for k in ("user_id", "rules", "default_policy")}
    await talks.accept_offer(uow, **accepting, offer_id=offer.id, now=NOW)

    assert len(await break_plans(uow, today=TODAY + timedelta(days=60))) == 1

    [row] = await talks.list_agreements_and_hardship(uow)
    assert (row.case, row.offer_id, row.plan_status) == ("agreement", offer.id, "broken")
    assert (await refreshed(uow, Debt, me["debt_id"])).status == "open"


async def test_a_broken_plan_of_a_settlement_is_an_agreement_only_when_negotiated(uow):
    await seed_plan(uow, "500.00", first_due=DUE, kind=PlanKind.SETTLEMENT)
    await break_plans(uow)
    [row] = await talks.list_agreements_and_hardship(uow)
    assert row.case == "broken_plan" and row.offer_id is None


async def test_a_plan_of_a_personal_debt_never_breaks_and_stays_out_of_the_export(uow):
    user = await add_user(uow.session)
    debt = Debt(
        kind="personal",
        owner_user_id=user.id,
        creditor="My sister",
        balance=Decimal("100.00"),
        currency="EUR",
        status="in_plan",
    )
    uow.session.add(debt)
    await uow.flush()
    plan = await add_plan(uow.session, debt, status="active", user_id=user.id)
    uow.session.add(
        Installment(
            plan_id=plan.id,
            number=1,
            due_date=DUE,
            amount=Decimal("100.00"),
            principal=Decimal("100.00"),
            interest=Decimal("0.00"),
        )
    )
    await uow.flush()

    assert await break_plans(uow) == []  # the person's own plan is theirs to keep or redo
    assert plan.status == "active"
    assert await talks.list_agreements_and_hardship(uow) == []
