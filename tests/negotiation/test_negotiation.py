"""Settling a debt with one payment: offers, better offers and counteroffers."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from db.models import AuditLogEntry, Offer, OfferStatus
from services import negotiation as talks
from services.debts import owed as debts
from services.negotiation import Outcome
from tests.support.builders import add_user
from tests.support.clock import NOW
from tests.support.negotiation import DEFAULT_POLICY, RULES, new_debt


async def offers_of(uow, debt_id: int) -> list[Offer]:
    return list(await uow.session.scalars(select(Offer).where(Offer.debt_id == debt_id)))


async def test_first_offer_is_the_balance_less_the_starting_discount(uow):
    me = await new_debt(uow)
    result = await talks.request_settlement_offer(uow, **me, now=NOW)
    assert result.outcome is Outcome.FIRST_OFFER
    offer = result.offer
    assert (offer.amount, offer.discount_pct, offer.savings) == (
        Decimal("950.00"),
        Decimal(5),
        Decimal("50.00"),
    )
    assert offer.kind == "settlement" and offer.status == "open" and not offer.is_final
    assert offer.expires_at == NOW + timedelta(hours=72)


async def test_asking_for_the_offer_again_repeats_it_without_conceding(uow):
    me = await new_debt(uow)
    first = await talks.request_settlement_offer(uow, **me, now=NOW)
    again = await talks.request_settlement_offer(uow, **me, now=NOW + timedelta(hours=1))
    assert again.outcome is Outcome.SAME_OFFER
    assert again.offer == first.offer


async def test_each_better_offer_adds_a_step_up_to_the_maximum_discount(uow):
    me = await new_debt(uow)
    await talks.request_settlement_offer(uow, **me, now=NOW)
    results = [await talks.request_better_offer(uow, **me, now=NOW) for _ in range(4)]
    assert [r.offer.amount for r in results] == [
        Decimal("900.00"),
        Decimal("850.00"),
        Decimal("800.00"),
        Decimal("800.00"),
    ]
    assert [r.outcome for r in results] == [Outcome.BETTER_OFFER] * 3 + [Outcome.SAME_OFFER]
    assert [r.offer.is_final for r in results] == [False, False, True, True]


async def test_final_offer_after_round_limit_is_only_repeated(uow):
    me = await new_debt(uow, max_discount_pct=Decimal(80))
    first = await talks.request_settlement_offer(uow, **me, now=NOW)
    offers = [first] + [await talks.request_better_offer(uow, **me, now=NOW) for _ in range(9)]
    final = offers[-1].offer
    assert final.discount_pct == Decimal(50) and final.amount == Decimal("500.00")
    assert final.is_final and not offers[-2].offer.is_final

    repeated = await talks.request_better_offer(uow, **me, now=NOW)
    assert repeated.outcome is Outcome.SAME_OFFER and repeated.offer == final
    countered = await talks.make_counteroffer(uow, **me, amount=Decimal(450), now=NOW)
    assert countered.outcome is Outcome.COUNTEROFFER_REFUSED and countered.offer == final
    later = NOW + timedelta(days=4)
    renewed = await talks.request_better_offer(uow, **me, now=later)
    assert renewed.outcome is Outcome.RENEWED_OFFER
    assert (renewed.offer.amount, renewed.offer.is_final) == (Decimal("500.00"), True)


async def test_counteroffer_below_floor_repeats_current_offer(uow):
    me = await new_debt(uow)
    current = await talks.request_settlement_offer(uow, **me, now=NOW)
    result = await talks.make_counteroffer(uow, **me, amount=Decimal("799.99"), now=NOW)
    assert result.outcome is Outcome.COUNTEROFFER_REFUSED
    assert result.counteroffer == Decimal("799.99")
    assert result.offer == current.offer


async def test_counteroffer_at_or_above_the_offer_keeps_the_lower_offer(uow):
    me = await new_debt(uow)
    current = await talks.request_settlement_offer(uow, **me, now=NOW)
    for amount in (Decimal("950.00"), Decimal("990")):
        result = await talks.make_counteroffer(uow, **me, amount=amount, now=NOW)
        assert result.outcome is Outcome.CURRENT_OFFER_IS_LOWER
        assert result.offer == current.offer


async def test_counteroffer_one_step_away_is_accepted_at_the_users_amount(uow):
    me = await new_debt(uow)
    await talks.request_settlement_offer(uow, **me, now=NOW)  # 950.00
    result = await talks.make_counteroffer(uow, **me, amount=Decimal("920"), now=NOW)
    assert result.outcome is Outcome.COUNTEROFFER_ACCEPTED
    assert result.offer.kind == "counteroffer_accepted"
    assert (result.offer.amount, result.offer.status) == (Decimal("920.00"), "open")
    assert result.offer.discount_pct == Decimal(8)


async def test_counteroffer_further_than_one_step_gets_one_step_closer(uow):
    me = await new_debt(uow)
    await talks.request_settlement_offer(uow, **me, now=NOW)  # 950.00
    result = await talks.make_counteroffer(uow, **me, amount=Decimal("810"), now=NOW)
    assert result.outcome is Outcome.COUNTEROFFER_CONCEDED
    assert (result.offer.kind, result.offer.amount) == ("settlement", Decimal("900.00"))
    closer = await talks.make_counteroffer(uow, **me, amount=Decimal("810"), now=NOW)
    assert closer.offer.amount == Decimal("850.00")
    reached = await talks.make_counteroffer(uow, **me, amount=Decimal("810"), now=NOW)
    assert reached.outcome is Outcome.COUNTEROFFER_ACCEPTED
    assert reached.offer.amount == Decimal("810.00")


async def test_a_counteroffer_before_any_offer_starts_the_negotiation(uow):
    me = await new_debt(uow)
    result = await talks.make_counteroffer(uow, **me, amount=Decimal(500), now=NOW)
    assert result.outcome is Outcome.COUNTEROFFER_REFUSED
    assert result.offer.amount == Decimal("950.00")


async def test_the_floor_is_rounded_up_to_the_cent(uow):
    me = await new_debt(uow, balance=Decimal("999.99"))  # 20 % off: 799.992 -> 800.00
    await talks.request_settlement_offer(uow, **me, now=NOW)
    for _ in range(3):
        await talks.request_better_offer(uow, **me, now=NOW)
    best = await talks.request_better_offer(uow, **me, now=NOW)
    assert best.offer.amount == Decimal("800.00")
    refused = await talks.make_counteroffer(uow, **me, amount=Decimal("799.99"), now=NOW)
    assert refused.outcome is Outcome.COUNTEROFFER_REFUSED


async def test_an_expired_offer_is_renewed_at_the_same_discount(uow):
    me = await new_debt(uow)
    await talks.request_settlement_offer(uow, **me, now=NOW)
    better = await talks.request_better_offer(uow, **me, now=NOW)
    later = NOW + timedelta(hours=72)
    assert await talks.current_offer(uow, **me, now=later) is None
    renewed = await talks.request_settlement_offer(uow, **me, now=later)
    assert renewed.outcome is Outcome.RENEWED_OFFER
    assert renewed.offer.amount == better.offer.amount and renewed.offer.id != better.offer.id
    statuses = [offer.status for offer in await offers_of(uow, me["debt_id"])]
    assert statuses == [OfferStatus.SUPERSEDED, OfferStatus.EXPIRED, OfferStatus.OPEN]


async def test_a_new_offer_supersedes_the_open_one(uow):
    me = await new_debt(uow)
    first = await talks.request_settlement_offer(uow, **me, now=NOW)
    second = await talks.request_better_offer(uow, **me, now=NOW)
    assert first.offer.id != second.offer.id
    current = await talks.current_offer(uow, **me, now=NOW)
    assert current == second.offer
    offers = await offers_of(uow, me["debt_id"])
    assert [(o.status, o.decided_at) for o in offers] == [
        (OfferStatus.SUPERSEDED, NOW),
        (OfferStatus.OPEN, None),
    ]


async def test_a_personal_debt_is_not_negotiated(uow):
    user = await add_user(uow.session)
    debt_id = await debts.add_personal_debt(
        uow,
        user_id=user.id,
        creditor="Visa",
        balance=Decimal(900),
        annual_rate=Decimal(20),
        minimum_payment=Decimal(40),
        due_day=5,
        currency="EUR",
        now=NOW,
    )
    me = {"user_id": user.id, "debt_id": debt_id, "rules": RULES, "default_policy": DEFAULT_POLICY}
    with pytest.raises(talks.NotNegotiable) as raised:
        await talks.request_settlement_offer(uow, **me, now=NOW)
    assert raised.value.code == "negotiation_personal_debt"


async def test_another_users_debt_cannot_be_negotiated(uow):
    mine = await new_debt(uow)
    stranger = await add_user(uow.session)
    theirs = {**mine, "user_id": stranger.id}
    with pytest.raises(debts.DebtNotFound):
        await talks.request_settlement_offer(uow, **theirs, now=NOW)
    with pytest.raises(debts.DebtNotFound):
        await talks.make_counteroffer(uow, **theirs, amount=Decimal(900), now=NOW)


@pytest.mark.parametrize("amount", [Decimal(0), Decimal("-5"), "lots"])
async def test_a_counteroffer_must_be_an_amount_of_money(uow, amount):
    me = await new_debt(uow)
    with pytest.raises(talks.InvalidCounteroffer):
        await talks.make_counteroffer(uow, **me, amount=amount, now=NOW)


async def test_offers_and_counteroffers_are_audited_with_their_amounts(uow):
    me = await new_debt(uow)
    await talks.request_settlement_offer(uow, **me, now=NOW)
    await talks.make_counteroffer(uow, **me, amount=Decimal(700), now=NOW)
    entries = list(await uow.session.scalars(select(AuditLogEntry).order_by(AuditLogEntry.id)))
    assert [entry.action for entry in entries] == [
        "offer.made",
        "counteroffer.made",
        "counteroffer.refused",
    ]
    made, countered, refused = entries
    assert made.actor == f"user:{me['user_id']}" and made.occurred_at == NOW
    assert made.details["amount"] == "950.00" and made.details["balance"] == "1000.00"
    assert countered.details["amount"] == "700.00"
    assert countered.details["decision"] == "refused"
    assert refused.details == {"debt_id": me["debt_id"], "amount": "700.00"}
    assert all("floor" not in entry.details for entry in entries)
