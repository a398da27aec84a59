"""Negotiations at the same time: one agreement per offer, and no user sees another's."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from db.models import AuditLogEntry, Offer, PaymentPlan
from db.unit_of_work import UnitOfWork
from services import negotiation as talks
from services.debts import owed as debts
from services.negotiation import Outcome
from tests.support.clock import NOW
from tests.support.negotiation import DEFAULT_POLICY, RULES, new_debt

ATTEMPTS = 15


async def committed(session_factory, operation):
    """Run `operation(uow)` in its own unit of work and commit it, like a handler does."""
    async with UnitOfWork(session_factory) as uow:
        result = await operation(uow)
        await uow.commit()
        return result


@pytest.mark.database_backends("postgresql")
async def test_two_simultaneous_acceptances_of_one_offer_make_one_agreement(session_factory):
    for _ in range(ATTEMPTS):
        me = await committed(session_factory, new_debt)
        result = await committed(
            session_factory,
            lambda uow, me=me: talks.request_settlement_offer(uow, **me, now=NOW),
        )

        def accept(uow, me=me, offer_id=result.offer.id):
            return talks.accept_offer(
                uow,
                user_id=me["user_id"],
                offer_id=offer_id,
                rules=RULES,
                default_policy=DEFAULT_POLICY,
                now=NOW,
            )

        first, second = await asyncio.gather(
            committed(session_factory, accept), committed(session_factory, accept)
        )
        assert first.plan_id == second.plan_id
        assert sorted([first.already_accepted, second.already_accepted]) == [False, True]
        async with UnitOfWork(session_factory) as uow:
            plans = await uow.session.scalar(
                select(func.count()).where(PaymentPlan.offer_id == result.offer.id)
            )
            acceptances = await uow.session.scalar(
                select(func.count()).where(
                    AuditLogEntry.action == "offer.accepted",
                    AuditLogEntry.entity_id == result.offer.id,
                )
            )
        assert (plans, acceptances) == (1, 1)


async def test_two_users_negotiating_at_the_same_time_never_see_each_others_state(
    session_factory,
):
    ana = await committed(session_factory, new_debt)
    luis = await committed(session_factory, lambda uow: new_debt(uow, balance=Decimal(2000)))

    async def negotiate(me, counteroffer: Decimal) -> list[talks.NegotiationResult]:
        results = []
        for step in range(4):
            if step % 2:
                operation = lambda uow: talks.make_counteroffer(  # noqa: E731
                    uow, **me, amount=counteroffer, now=NOW
                )
            else:
                operation = lambda uow: talks.request_better_offer(uow, **me, now=NOW)  # noqa: E731
            results.append(await committed(session_factory, operation))
            await asyncio.sleep(0)
        return results

    for_ana, for_luis = await asyncio.gather(
        negotiate(ana, Decimal(820)), negotiate(luis, Decimal(1880))
    )
    assert [r.offer.amount for r in for_ana] == [
        Decimal("950.00"),
        Decimal("900.00"),
        Decimal("850.00"),
        Decimal("820.00"),
    ]
    assert [r.outcome for r in for_luis] == [
        Outcome.FIRST_OFFER,
        Outcome.COUNTEROFFER_ACCEPTED,
        Outcome.BETTER_OFFER,
        Outcome.CURRENT_OFFER_IS_LOWER,
    ]
    assert {r.offer.debt_id for r in for_ana} == {ana["debt_id"]}
    assert {r.offer.debt_id for r in for_luis} == {luis["debt_id"]}

    async with UnitOfWork(session_factory) as uow:
        offers = list(await uow.session.scalars(select(Offer)))
        assert {(o.user_id, o.debt_id) for o in offers} == {
            (ana["user_id"], ana["debt_id"]),
            (luis["user_id"], luis["debt_id"]),
        }
        mine = await talks.current_offer(uow, **ana, now=NOW)
        assert mine is not None and mine.debt_id == ana["debt_id"]
        with pytest.raises(debts.DebtNotFound):
            await talks.current_offer(uow, **{**ana, "debt_id": luis["debt_id"]}, now=NOW)
        luis_offer = await talks.current_offer(uow, **luis, now=NOW)
        with pytest.raises(talks.OfferNotFound):
            await talks.accept_offer(
                uow,
                user_id=ana["user_id"],
                offer_id=luis_offer.id,
                rules=RULES,
                default_policy=DEFAULT_POLICY,
                now=NOW,
            )
