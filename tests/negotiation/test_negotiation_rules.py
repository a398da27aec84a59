"""The negotiation's arithmetic, without a database: examples, then properties."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.negotiation.rules import (
    CounterofferDecision,
    NegotiationRules,
    PartialTier,
    first_round,
    judge_counteroffer,
    next_round,
    partial_terms,
    price_at,
    rest_discount_for,
    settlement_floor,
)

RULES = NegotiationRules()
balances = st.decimals(min_value=Decimal("0.02"), max_value=Decimal(10_000_000), places=2)
discounts = st.decimals(min_value=Decimal(0), max_value=Decimal(99), places=4)
rules = st.builds(
    NegotiationRules,
    start_discount_pct=st.decimals(min_value=Decimal(0), max_value=Decimal(30), places=2),
    step_pct=st.decimals(min_value=Decimal("0.5"), max_value=Decimal(20), places=2),
    round_limit=st.integers(min_value=1, max_value=15),
)


def test_prices_and_the_floor_round_up_to_the_cent():
    assert price_at(Decimal("999.99"), Decimal(5)) == Decimal("950.00")  # 949.9905 rounds up
    assert settlement_floor(Decimal("999.99"), Decimal(20)) == Decimal("800.00")
    assert settlement_floor(Decimal("1000.00"), Decimal(0)) == Decimal("1000.00")


def test_rounds_go_from_the_starting_discount_by_steps_to_the_maximum():
    reached = [first_round(RULES, Decimal(20))]
    for _ in range(5):
        reached.append(next_round(RULES, reached[-1], Decimal(20)))
    assert [(r.number, r.discount_pct, r.final) for r in reached] == [
        (1, Decimal(5), False),
        (2, Decimal(10), False),
        (3, Decimal(15), False),
        (4, Decimal(20), True),
        (4, Decimal(20), True),
        (4, Decimal(20), True),
    ]


def test_the_round_limit_makes_the_offer_final_below_the_maximum():
    rules = NegotiationRules(round_limit=3)
    third = next_round(
        rules, next_round(rules, first_round(rules, Decimal(80)), Decimal(80)), Decimal(80)
    )
    assert (third.number, third.discount_pct, third.final) == (3, Decimal(15), True)
    assert next_round(rules, third, Decimal(80)) == third


@pytest.mark.parametrize(
    ("counteroffer", "decision"),
    [
        (Decimal(950), CounterofferDecision.CURRENT_OFFER_IS_LOWER),
        (Decimal(960), CounterofferDecision.CURRENT_OFFER_IS_LOWER),
        (Decimal(900), CounterofferDecision.ACCEPTED),
        (Decimal("899.99"), CounterofferDecision.CONCEDED),
        (Decimal(800), CounterofferDecision.CONCEDED),
        (Decimal("799.99"), CounterofferDecision.REFUSED),
    ],
)
def test_counteroffers_are_judged_against_the_offer_the_next_step_and_the_floor(
    counteroffer, decision
):
    judged = judge_counteroffer(
        counteroffer=counteroffer,
        standing_price=Decimal(950),
        next_price=Decimal(900),
        floor=Decimal(800),
    )
    assert judged is decision


def test_nothing_is_conceded_once_no_step_is_left():
    judged = judge_counteroffer(
        counteroffer=Decimal(850),
        standing_price=Decimal(900),
        next_price=Decimal(900),
        floor=Decimal(800),
    )
    assert judged is CounterofferDecision.REFUSED


def test_the_highest_tier_reached_sets_the_discount_on_the_rest():
    tiers = RULES.partial_tiers
    balance = Decimal(1000)
    assert rest_discount_for(balance=balance, upfront=Decimal("499.99"), tiers=tiers) == 0
    assert rest_discount_for(balance=balance, upfront=Decimal(500), tiers=tiers) == Decimal("7.5")
    assert rest_discount_for(balance=balance, upfront=Decimal(750), tiers=tiers) == Decimal(15)


def test_rules_refuse_impossible_settings():
    with pytest.raises(ValueError):
        NegotiationRules(step_pct=Decimal(0))
    with pytest.raises(ValueError):
        NegotiationRules(
            partial_tiers=(PartialTier(upfront_pct=Decimal(100), rest_discount_pct=Decimal(5)),)
        )


@settings(max_examples=500)
@given(balance=balances, low=discounts, high=discounts)
def test_a_larger_discount_never_raises_the_price_and_no_price_is_below_the_floor(
    balance, low, high
):
    low, high = sorted((low, high))
    assert price_at(balance, high) <= price_at(balance, low) <= balance
    exact = balance * (100 - high) / 100
    assert exact <= price_at(balance, high) < exact + Decimal("0.01")
    assert price_at(balance, low) >= settlement_floor(balance, high)


@settings(max_examples=300)
@given(rules=rules, maximum=discounts, rounds=st.integers(min_value=1, max_value=40))
def test_rounds_never_go_backwards_and_end_in_a_final_offer(rules, maximum, rounds):
    reached = [first_round(rules, maximum)]
    for _ in range(rounds):
        reached.append(next_round(rules, reached[-1], maximum))
    for before, after in itertools.pairwise(reached):
        assert before.discount_pct <= after.discount_pct <= max(maximum, before.discount_pct)
        if before.final:
            assert after == before
    assert all(r.number <= rules.round_limit for r in reached)
    assert reached[-1].final or reached[-1].number < rules.round_limit


@settings(max_examples=500)
@given(
    standing=st.decimals(min_value=Decimal(1), max_value=Decimal(100_000), places=2),
    step_off=st.decimals(min_value=Decimal(0), max_value=Decimal(1), places=4),
    floor_off=st.decimals(min_value=Decimal(0), max_value=Decimal(1), places=4),
    counteroffer=st.decimals(min_value=Decimal("0.01"), max_value=Decimal(200_000), places=2),
)
def test_a_counteroffer_is_never_accepted_below_the_floor_or_above_the_offer(
    standing, step_off, floor_off, counteroffer
):
    next_price = (standing * (1 - step_off)).quantize(Decimal("0.01"))
    floor = min(next_price, (standing * (1 - floor_off)).quantize(Decimal("0.01")))
    decision = judge_counteroffer(
        counteroffer=counteroffer, standing_price=standing, next_price=next_price, floor=floor
    )
    if decision is CounterofferDecision.ACCEPTED:
        assert floor <= next_price <= counteroffer < standing
    elif decision is CounterofferDecision.CONCEDED:
        assert floor <= counteroffer < next_price < standing
    elif decision is CounterofferDecision.CURRENT_OFFER_IS_LOWER:
        assert counteroffer >= standing
    else:
        assert counteroffer < floor or (counteroffer < standing and next_price >= standing)


@settings(max_examples=500)
@given(
    balance=balances,
    share=st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("0.9999"), places=4),
    maximum=discounts,
)
def test_a_partial_payment_never_goes_below_the_floor(balance, share, maximum):
    upfront = (balance * share).quantize(Decimal("0.01"))
    if not 0 < upfront < balance:
        return
    terms = partial_terms(balance=balance, upfront=upfront, rules=RULES, max_discount_pct=maximum)
    assert terms.amount >= settlement_floor(balance, maximum)
    assert 0 < terms.discounted_rest <= terms.rest == balance - upfront
    assert terms.rest_discount_pct <= rest_discount_for(
        balance=balance, upfront=upfront, tiers=RULES.partial_tiers
    )
