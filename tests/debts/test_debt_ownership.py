"""Whatever id a user types or a tool passes, only their own debts are reachable."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from services.debts import owed as debts
from services.debts.policy import DebtPolicy
from tests.support.builders import add_debtor, add_operator_debt, add_user

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
DEFAULT_POLICY = DebtPolicy(
    max_months=24, min_installment=Decimal("20"), max_discount_pct=Decimal("20")
)


@pytest.fixture
async def two_users(uow):
    ana, luis = await add_user(uow.session), await add_user(uow.session)
    debtor = await add_debtor(uow.session, user_id=ana.id)
    operator_debt = await add_operator_debt(uow.session, debtor)
    personal = await debts.add_personal_debt(
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
    return ana.id, luis.id, operator_debt.id, personal


async def test_a_user_sees_the_operator_debts_linked_to_them_and_their_own(uow, two_users):
    ana, luis, operator_debt, personal = two_users
    assert {
        d.id for d in await debts.list_debts(uow, user_id=ana, default_policy=DEFAULT_POLICY)
    } == {
        operator_debt,
        personal,
    }
    assert await debts.list_debts(uow, user_id=luis, default_policy=DEFAULT_POLICY) == []


@pytest.mark.parametrize("which", ["operator", "personal", "missing"])
async def test_another_users_debt_is_indistinguishable_from_none(uow, two_users, which):
    _, luis, operator_debt, personal = two_users
    debt_id = {"operator": operator_debt, "personal": personal, "missing": 10**9}[which]
    with pytest.raises(debts.DebtNotFound):
        await debts.get_debt(uow, user_id=luis, debt_id=debt_id, default_policy=DEFAULT_POLICY)
    with pytest.raises(debts.DebtNotFound):
        await debts.update_personal_debt(
            uow, user_id=luis, debt_id=debt_id, field="balance", value=Decimal("1"), now=NOW
        )
    with pytest.raises(debts.DebtNotFound):
        await debts.delete_personal_debt(uow, user_id=luis, debt_id=debt_id, now=NOW)


async def test_the_operators_debt_cannot_be_edited_by_its_debtor(uow, two_users):
    ana, _, operator_debt, _ = two_users
    with pytest.raises(debts.NotAPersonalDebt):
        await debts.update_personal_debt(
            uow, user_id=ana, debt_id=operator_debt, field="balance", value=Decimal("1"), now=NOW
        )


async def test_a_personal_debt_gets_the_operator_policy_only_for_operator_debts(uow, two_users):
    ana, _, operator_debt, personal = two_users
    views = {
        d.id: d for d in await debts.list_debts(uow, user_id=ana, default_policy=DEFAULT_POLICY)
    }
    assert views[operator_debt].policy == DEFAULT_POLICY
    assert views[personal].policy is None and views[personal].is_personal


async def test_a_personal_debt_with_a_plan_can_be_deleted(uow, two_users):
    from tests.support.builders import add_plan

    ana, _, _, personal = two_users
    debt = await debts.get_debt(uow, user_id=ana, debt_id=personal, default_policy=DEFAULT_POLICY)
    from db.models import Debt

    await add_plan(uow.session, await uow.session.get(Debt, debt.id))
    await debts.delete_personal_debt(uow, user_id=ana, debt_id=personal, now=NOW)
    await uow.flush()
    assert [
        d.id for d in await debts.list_debts(uow, user_id=ana, default_policy=DEFAULT_POLICY)
    ] != [personal]
    with pytest.raises(debts.DebtNotFound):
        await debts.get_debt(uow, user_id=ana, debt_id=personal, default_policy=DEFAULT_POLICY)
