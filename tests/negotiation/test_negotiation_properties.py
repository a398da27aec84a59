"""Whatever a user does, in whatever order, the negotiation keeps its promises.

Each example is a fresh user and debt with random limits and rules, and a random
sequence of requests, counteroffers, partial payments, clock jumps past expiry,
hardship pauses and acceptances (of the open offer and of stale ones). Each operation
runs in a savepoint that is rolled back when it raises a domain error, as a handler's
unit of work would be. Checked: nothing below the floor is ever offered or agreed,
concessions never go backwards, no expired or superseded offer is ever accepted, and
no offer makes two agreements.
"""

from __future__ import annotations

import itertools
import os
from datetime import timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from db.models import Negotiation, Offer, OfferStatus, PaymentPlan, PlanStatus
from db.unit_of_work import UnitOfWork
from services import negotiation as talks
from services.debts.policy import DebtPolicy
from services.negotiation import NegotiationRules, Outcome
from services.negotiation.rules import settlement_floor
from services.shared.errors import DomainError
from tests.support.builders import add_debtor, add_operator_debt, add_user
from tests.support.clock import NOW

pytestmark = pytest.mark.slow

SQLITE_EXAMPLES = int(os.environ.get("NEGOTIATION_PROPERTY_EXAMPLES", "250"))
POSTGRESQL_EXAMPLES = SQLITE_EXAMPLES // 2
"""Sized so that the file runs in under a minute on a 2-core machine shared with the rest
of the run; set NEGOTIATION_PROPERTY_EXAMPLES for a longer run."""
CENT = Decimal("0.01")
SETTLEMENT_KINDS = {"settlement", "counteroffer_accepted"}

shares = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("1.2"), places=4)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("offer")),
        st.tuples(st.just("better")),
        st.tuples(st.just("counter"), shares),
        st.tuples(st.just("partial"), shares, st.one_of(st.none(), st.integers(0, 40))),
        st.tuples(st.just("wait"), st.integers(min_value=1, max_value=100)),
        st.tuples(st.just("accept"), st.sampled_from(["open", "last", "first", "any"])),
        st.tuples(st.just("hardship")),
        st.tuples(st.just("resume")),
    ),
    min_size=1,
    max_size=14,
)
scenarios = st.fixed_dictionaries(
    {
        "balance": st.decimals(min_value=Decimal("0.05"), max_value=Decimal(50_000), places=2),
        "max_discount_pct": st.decimals(min_value=Decimal(0), max_value=Decimal(60), places=2),
        "annual_rate": st.sampled_from([Decimal(0), Decimal("7.95"), Decimal(24)]),
        "max_months": st.integers(min_value=1, max_value=36),
        "min_installment": st.sampled_from([Decimal(1), Decimal(20), Decimal(150)]),
    }
)
rule_sets = st.builds(
    NegotiationRules,
    start_discount_pct=st.sampled_from([Decimal(0), Decimal(5), Decimal("7.5")]),
    step_pct=st.sampled_from([Decimal(1), Decimal(5), Decimal("12.5")]),
    round_limit=st.integers(min_value=1, max_value=8),
)
DEFAULT_POLICY = DebtPolicy(
    max_months=24, min_installment=Decimal(20), max_discount_pct=Decimal(20)
)


def negotiations(max_examples: int):
    return lambda test: settings(
        max_examples=max_examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )(given(scenario=scenarios, rules=rule_sets, steps=operations)(test))


@pytest.mark.database_backends("sqlite")
@negotiations(SQLITE_EXAMPLES)
async def test_random_negotiations_keep_every_promise(session_factory, scenario, rules, steps):
    await negotiate(session_factory, scenario, rules, steps)


@pytest.mark.database_backends("postgresql")
@negotiations(POSTGRESQL_EXAMPLES)
async def test_random_negotiations_keep_every_promise_on_postgresql(
    session_factory, scenario, rules, steps
):
    await negotiate(session_factory, scenario, rules, steps)


async def negotiate(session_factory, scenario, rules, steps) -> None:
    async with UnitOfWork(session_factory) as uow:
        user = await add_user(uow.session)
        debtor = await add_debtor(uow.session, user_id=user.id)
        debt = await add_operator_debt(uow.session, debtor, **scenario)
        run = Run(uow, user.id, debt.id, scenario, rules)
        for step in steps:
            await run.step(step)
        await run.check_the_stored_rows()


class Run:
    def __init__(self, uow: UnitOfWork, user_id: int, debt_id: int, scenario, rules) -> None:
        self.uow, self.user_id, self.debt_id, self.rules = uow, user_id, debt_id, rules
        self.balance: Decimal = scenario["balance"]
        self.floor = settlement_floor(self.balance, scenario["max_discount_pct"])
        self.max_months: int = scenario["max_months"]
        self.min_installment: Decimal = scenario["min_installment"]
        self.now = NOW
        self.me = {
            "user_id": user_id,
            "debt_id": debt_id,
            "rules": rules,
            "default_policy": DEFAULT_POLICY,
        }
        self.offer_ids: list[int] = []
        self.agreements: dict[int, int] = {}
        self.discount = Decimal(0)

    async def step(self, step: tuple) -> None:
        savepoint = await self.uow.session.begin_nested()
        try:
            result = await self.operate(step)
        except DomainError:
            await savepoint.rollback()
            return
        await savepoint.commit()
        if isinstance(result, talks.NegotiationResult):
            self.check_result(step, result)
        await self.check_concessions()

    async def operate(self, step: tuple) -> object:
        kind, *args = step
        if kind == "offer":
            return await talks.request_settlement_offer(self.uow, **self.me, now=self.now)
        if kind == "better":
            return await talks.request_better_offer(self.uow, **self.me, now=self.now)
        if kind == "counter":
            amount = (self.balance * args[0]).quantize(CENT)
            return await talks.make_counteroffer(self.uow, **self.me, amount=amount, now=self.now)
        if kind == "partial":
            upfront = (self.balance * args[0]).quantize(CENT)
            return await talks.propose_partial_payment(
                self.uow, **self.me, upfront=upfront, months=args[1], now=self.now
            )
        if kind == "wait":
            self.now += timedelta(hours=args[0])
            return None
        if kind == "hardship":
            return await talks.request_hardship(self.uow, **self.me, note=None, now=self.now)
        if kind == "resume":
            return await talks.resume_negotiation(self.uow, debt_id=self.debt_id, now=self.now)
        return await self.accept(args[0])

    async def accept(self, which: str) -> object:
        open_offer = await self.offer_where(Offer.status == OfferStatus.OPEN)
        choices = {
            "open": open_offer.id if open_offer else None,
            "last": self.offer_ids[-1] if self.offer_ids else None,
            "first": self.offer_ids[0] if self.offer_ids else None,
            "any": self.offer_ids[len(self.offer_ids) // 2] if self.offer_ids else None,
        }
        offer_id = choices[which]
        if offer_id is None:
            return None
        before = await self.offer_where(Offer.id == offer_id)
        status, expires_at = before.status, before.expires_at
        agreement = await talks.accept_offer(
            self.uow,
            user_id=self.user_id,
            offer_id=offer_id,
            rules=self.rules,
            default_policy=DEFAULT_POLICY,
            now=self.now,
        )
        if agreement.already_accepted:
            assert status == OfferStatus.ACCEPTED
            assert self.agreements[offer_id] == agreement.plan_id
        else:
            assert status == OfferStatus.OPEN and self.now < expires_at, "stale offer accepted"
            assert offer_id not in self.agreements, "a second agreement for one offer"
            self.agreements[offer_id] = agreement.plan_id
        assert agreement.amount >= self.floor
        assert sum(i.amount for i in agreement.installments) == agreement.total
        return agreement

    def check_result(self, step: tuple, result: talks.NegotiationResult) -> None:
        offer = result.offer
        assert offer.amount >= self.floor, "an offer below the floor"
        assert offer.status == "open" and offer.expires_at > self.now
        if offer.id not in self.offer_ids:
            self.offer_ids.append(offer.id)
        if step[0] == "counter":
            counteroffer = result.counteroffer
            assert counteroffer is not None
            if counteroffer < self.floor:
                assert result.outcome is Outcome.COUNTEROFFER_REFUSED
            if result.outcome is Outcome.COUNTEROFFER_ACCEPTED:
                assert offer.amount == counteroffer >= self.floor
            assert offer.kind in SETTLEMENT_KINDS
            if result.outcome is Outcome.COUNTEROFFER_CONCEDED:
                assert counteroffer < offer.amount
        if offer.partial is not None:
            partial = offer.partial
            assert partial.upfront + partial.discounted_rest == offer.amount
            assert partial.months <= self.max_months
            assert partial.months == 1 or partial.installment_amount >= self.min_installment

    async def check_concessions(self) -> None:
        open_offers = (
            select(func.count())
            .select_from(Offer)
            .where(Offer.debt_id == self.debt_id, Offer.status == OfferStatus.OPEN)
            .scalar_subquery()
        )
        discount, open_count = (
            await self.uow.session.execute(
                select(func.max(Negotiation.discount_pct), open_offers).where(
                    Negotiation.debt_id == self.debt_id
                )
            )
        ).one()
        assert open_count <= 1
        if discount is not None:
            assert discount >= self.discount, "a concession went backwards"
            self.discount = discount

    async def offer_where(self, condition) -> Offer | None:
        return await self.uow.session.scalar(
            select(Offer)
            .where(Offer.debt_id == self.debt_id, condition)
            .execution_options(populate_existing=True)
        )

    async def check_the_stored_rows(self) -> None:
        offers = list(
            await self.uow.session.scalars(
                select(Offer).where(Offer.debt_id == self.debt_id).order_by(Offer.id)
            )
        )
        assert all(offer.amount >= self.floor for offer in offers)
        settlements = [offer.amount for offer in offers if offer.kind in SETTLEMENT_KINDS]
        assert all(a >= b for a, b in itertools.pairwise(settlements)), "a price went up"
        accepted = [offer for offer in offers if offer.status == OfferStatus.ACCEPTED]
        assert len(accepted) <= 1
        for offer in accepted:
            assert offer.decided_at < offer.expires_at
        plans = list(
            await self.uow.session.scalars(
                select(PaymentPlan).where(PaymentPlan.debt_id == self.debt_id)
            )
        )
        by_offer = [plan.offer_id for plan in plans if plan.offer_id is not None]
        assert len(by_offer) == len(set(by_offer)) == len(accepted)
        assert sum(plan.status == PlanStatus.ACTIVE for plan in plans) <= 1
