"""Agreeing payment plans against real databases: one active plan per debt, agreed once,
only by the person whose debt it is, and exactly the plan that was offered."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from db.models import Debt, DebtStatus, Installment, PaymentPlan
from db.unit_of_work import UnitOfWork
from services.debts import owed as debts
from services.debts.policy import DebtPolicy
from services.plans import agree as plans
from services.plans import agreed as plans_agreed
from services.plans import proposals as plans_proposals
from services.plans.payoff import BudgetBelowMinimums
from services.plans.payoff_budget import MixedCurrencies, compare_payoff, payoff_setup
from services.plans.terms import amount_choices, first_due_date, month_choices
from tests.support.builders import add_debtor, add_operator_debt, add_user
from tests.support.rows import audit_entries

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
FIRST_DUE = date(2026, 12, 24)
DEFAULT_POLICY = DebtPolicy(
    max_months=24, min_installment=Decimal("20"), max_discount_pct=Decimal("20")
)


@pytest.fixture
async def people(session_factory):
    """Ana owes Banco Meridiano 4,850.00 at 7.95 % (36 months at most, 60.00 a month at
    least) and tracks a Visa card of her own; Luis owes Movistel."""
    async with UnitOfWork(session_factory) as uow:
        ana, luis = await add_user(uow.session), await add_user(uow.session)
        ana_debtor = await add_debtor(uow.session, user_id=ana.id)
        luis_debtor = await add_debtor(uow.session, user_id=luis.id, phone="+34611222333")
        loan = await add_operator_debt(
            uow.session,
            ana_debtor,
            creditor="Banco Meridiano",
            balance=Decimal("4850.00"),
            annual_rate=Decimal("7.95"),
            max_months=36,
            min_installment=Decimal("60.00"),
        )
        phone_bill = await add_operator_debt(
            uow.session, luis_debtor, creditor="Movistel", balance=Decimal("186.40")
        )
        visa = await debts.add_personal_debt(
            uow,
            user_id=ana.id,
            creditor="Visa",
            balance=Decimal("900"),
            annual_rate=Decimal("19.9"),
            minimum_payment=Decimal("40"),
            due_day=5,
            currency="EUR",
            now=NOW,
        )
        await uow.commit()
        return {
            "ana": ana.id,
            "luis": luis.id,
            "loan": loan.id,
            "bill": phone_bill.id,
            "visa": visa,
        }


async def agree(session_factory, user_id, debt_id, **terms):
    async with UnitOfWork(session_factory) as uow:
        agreed = await plans.agree_plan(
            uow,
            user_id=user_id,
            debt_id=debt_id,
            first_due=terms.pop("first_due", FIRST_DUE),
            default_policy=DEFAULT_POLICY,
            now=NOW,
            **terms,
        )
        await uow.commit()
        return agreed


async def plans_of(session_factory, debt_id) -> list[tuple[PaymentPlan, list[Installment]]]:
    async with UnitOfWork(session_factory) as uow:
        found = await uow.session.scalars(
            select(PaymentPlan).where(PaymentPlan.debt_id == debt_id).order_by(PaymentPlan.id)
        )
        result = []
        for plan in found:
            rows = await uow.session.scalars(
                select(Installment)
                .where(Installment.plan_id == plan.id)
                .order_by(Installment.number)
            )
            result.append((plan, list(rows)))
        return result


async def debt_status(session_factory, debt_id) -> str:
    async with UnitOfWork(session_factory) as uow:
        return (await uow.session.get(Debt, debt_id)).status


async def test_an_agreed_plan_is_active_and_its_installments_add_up(session_factory, people):
    agreed = await agree(session_factory, people["ana"], people["loan"], months=24)
    assert agreed.created and agreed.binding and agreed.schedule.months == 24
    [(plan, installments)] = await plans_of(session_factory, people["loan"])
    assert (plan.status, plan.kind, plan.user_id) == ("active", "installments", people["ana"])
    assert plan.agreed_at == NOW
    assert len(installments) == 24 and {i.status for i in installments} == {"open"}
    assert sum(i.principal for i in installments) == Decimal("4850.00") == plan.principal
    assert sum(i.amount for i in installments) == plan.total
    assert installments[0].due_date == FIRST_DUE
    assert installments[-1].due_date == date(2028, 11, 24)
    assert await debt_status(session_factory, people["loan"]) == DebtStatus.IN_PLAN
    [entry] = [e for e in await audit_entries(session_factory) if e.action == "plan.agreed"]
    assert entry.actor == f"user:{people['ana']}" and entry.entity_id == plan.id
    assert entry.details["months"] == "24"
    assert entry.details["total"] == str(plan.total)
    assert entry.details["first_due"] == "2026-12-24"


async def test_a_plan_by_monthly_amount_ends_with_a_smaller_installment(session_factory, people):
    agreed = await agree(session_factory, people["ana"], people["loan"], monthly_amount="300.50")
    amounts = [i.amount for i in agreed.schedule.installments]
    assert set(amounts[:-1]) == {Decimal("300.50")} and amounts[-1] <= Decimal("300.50")


async def test_a_new_plan_replaces_the_active_one(session_factory, people):
    first = await agree(session_factory, people["ana"], people["loan"], months=12)
    second = await agree(session_factory, people["ana"], people["loan"], months=24)
    assert second.created and second.replaced == (first.plan_id,)
    (old, old_installments), (new, new_installments) = await plans_of(
        session_factory, people["loan"]
    )
    assert (old.status, new.status) == ("cancelled", "active")
    assert {i.status for i in old_installments} == {"cancelled"}
    assert {i.status for i in new_installments} == {"open"}
    actions = [e.action for e in await audit_entries(session_factory)]
    assert actions.count("plan.agreed") == 2 and actions.count("plan.cancelled") == 1


async def test_agreeing_the_same_plan_twice_has_one_effect(session_factory, people):
    first = await agree(session_factory, people["ana"], people["loan"], months=18)
    again = await agree(session_factory, people["ana"], people["loan"], months=18)
    assert not again.created and again.plan_id == first.plan_id
    assert len(await plans_of(session_factory, people["loan"])) == 1
    actions = [e.action for e in await audit_entries(session_factory)]
    assert actions.count("plan.agreed") == 1


@pytest.mark.parametrize("debt", ["bill", "visa"])
async def test_nobody_agrees_a_plan_for_someone_elses_debt(session_factory, people, debt):
    owner_is_ana = debt == "visa"
    stranger = people["luis"] if owner_is_ana else people["ana"]
    with pytest.raises(debts.DebtNotFound):
        await agree(session_factory, stranger, people[debt], months=6)
    assert await plans_of(session_factory, people[debt]) == []
    assert await debt_status(session_factory, people[debt]) == DebtStatus.OPEN


async def test_terms_outside_the_policy_are_never_agreed(session_factory, people):
    with pytest.raises(plans.PlanOutsidePolicy):
        await agree(session_factory, people["ana"], people["loan"], months=48)
    with pytest.raises(plans.PlanOutsidePolicy):
        await agree(session_factory, people["ana"], people["loan"], monthly_amount="50")
    assert await plans_of(session_factory, people["loan"]) == []


async def test_a_plan_that_differs_from_the_one_shown_is_not_agreed(session_factory, people):
    with pytest.raises(plans.PlanTermsChanged):
        await agree(
            session_factory,
            people["ana"],
            people["loan"],
            months=24,
            expected_total=Decimal("4850.00"),
        )
    assert await plans_of(session_factory, people["loan"]) == []


async def test_a_first_due_date_far_away_is_refused(session_factory, people):
    with pytest.raises(plans.InvalidFirstDue):
        await agree(
            session_factory, people["ana"], people["loan"], months=12, first_due=date(2027, 6, 1)
        )


async def test_a_closed_debt_gets_no_plan(session_factory, people):
    async with UnitOfWork(session_factory) as uow:
        (await uow.session.get(Debt, people["loan"])).status = DebtStatus.PAID
        await uow.commit()
    with pytest.raises(plans_proposals.DebtNotPlannable):
        await agree(session_factory, people["ana"], people["loan"], months=12)


async def test_a_personal_plan_is_saved_without_being_binding(session_factory, people):
    agreed = await agree(
        session_factory, people["ana"], people["visa"], months=60, first_due=date(2026, 12, 5)
    )
    assert agreed.created and not agreed.binding and agreed.schedule.months == 60
    [(plan, installments)] = await plans_of(session_factory, people["visa"])
    assert plan.status == "active" and len(installments) == 60


async def test_an_agreed_schedule_is_read_back_only_by_its_owner(session_factory, people):
    agreed = await agree(session_factory, people["ana"], people["loan"], months=12)
    async with UnitOfWork(session_factory) as uow:
        again = await plans_agreed.agreed_schedule(
            uow, user_id=people["ana"], plan_id=agreed.plan_id, default_policy=DEFAULT_POLICY
        )
        assert again.schedule == agreed.schedule
        with pytest.raises(plans_agreed.PlanNotFound):
            await plans_agreed.agreed_schedule(
                uow, user_id=people["luis"], plan_id=agreed.plan_id, default_policy=DEFAULT_POLICY
            )
    await agree(session_factory, people["ana"], people["loan"], months=6)
    async with UnitOfWork(session_factory) as uow:
        with pytest.raises(plans_agreed.PlanNotActive):
            await plans_agreed.agreed_schedule(
                uow, user_id=people["ana"], plan_id=agreed.plan_id, default_policy=DEFAULT_POLICY
            )


async def test_the_payoff_minimums_come_from_each_kind_of_debt(session_factory, people):
    agreed = await agree(session_factory, people["ana"], people["loan"], months=24)
    async with UnitOfWork(session_factory) as uow:
        setup = await payoff_setup(uow, user_id=people["ana"], default_policy=DEFAULT_POLICY)
    minimums = {debt.id: debt.minimum_payment for debt in setup.debts}
    assert minimums == {
        people["loan"]: agreed.schedule.installment_amount,  # the active plan's installment
        people["visa"]: Decimal("40.00"),  # its own minimum payment
    }
    with pytest.raises(BudgetBelowMinimums) as refused:
        compare_payoff(setup, budget=Decimal("100"), start=FIRST_DUE)
    assert refused.value.values["shortfall"] > 0
    comparison = compare_payoff(setup, budget=Decimal("400"), start=FIRST_DUE)
    assert comparison.avalanche.total_interest <= comparison.snowball.total_interest


async def test_debts_in_different_currencies_share_no_budget(session_factory, people):
    async with UnitOfWork(session_factory) as uow:
        (await uow.session.get(Debt, people["visa"])).currency = "USD"
        await uow.commit()
    async with UnitOfWork(session_factory) as uow:
        with pytest.raises(MixedCurrencies):
            await payoff_setup(uow, user_id=people["ana"], default_policy=DEFAULT_POLICY)


def test_a_personal_plan_starts_on_its_next_due_day():
    assert first_due_date(today=date(2026, 11, 24), due_day=5) == date(2026, 12, 5)
    assert first_due_date(today=date(2026, 11, 24), due_day=28) == date(2026, 11, 28)
    assert first_due_date(today=date(2026, 11, 24), due_day=24) == date(2026, 12, 24)
    assert first_due_date(today=date(2027, 1, 31), due_day=31) == date(2027, 2, 28)
    assert first_due_date(today=date(2026, 11, 24)) == date(2026, 12, 24)


def test_quick_choices_stay_within_what_the_debt_allows():
    assert month_choices(36) == [6, 12, 18, 24]
    assert month_choices(18) == [3, 6, 12, 18]
    assert month_choices(9) == [3, 6, 9]
    assert month_choices(1) == [1]
    assert amount_choices(Decimal("151.87"), below=Decimal("4850")) == [
        Decimal("151.87"),
        Decimal("160.00"),
        Decimal("190.00"),
        Decimal("230.00"),
    ]
    assert amount_choices(Decimal("60"), below=Decimal("100")) == [
        Decimal("60.00"),
        Decimal("75.00"),
        Decimal("90.00"),
    ]


@pytest.mark.database_backends("postgresql")
async def test_two_confirmations_at_the_same_moment_agree_one_plan(session_factory, people):
    first, second = await asyncio.gather(
        agree(session_factory, people["ana"], people["loan"], months=12),
        agree(session_factory, people["ana"], people["loan"], months=12),
    )
    assert sorted([first.created, second.created]) == [False, True]
    assert first.plan_id == second.plan_id
    [(plan, _)] = await plans_of(session_factory, people["loan"])
    assert plan.status == "active"
