"""Paying part of a debt now and the rest, discounted, in installments.

The discount on the rest comes from the tier the upfront payment reaches (none below
the lowest tier), and never takes the total below the operator's floor. The rest is a
schedule at the debt's annual rate that keeps the debt's plan limits (``fit_plan``):
by default the longest one allowed, so each installment is as small as it can be.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from db.models import OfferKind
from db.unit_of_work import UnitOfWork
from services.debts.owed import DebtView
from services.debts.policy import DebtPolicy
from services.negotiation.errors import InvalidUpfront
from services.negotiation.results import (
    NegotiationOptions,
    NegotiationResult,
    Outcome,
    PartialPlanView,
    TierOption,
)
from services.negotiation.rules import (
    NegotiationRules,
    PartialTerms,
    least_upfront_for,
    partial_terms,
)
from services.negotiation.state import issue_offer, load_debt, open_context
from services.negotiation.views import ANY_FIRST_DUE, offer_view, open_offer_view
from services.plans.policy import PlanPolicy, fit_plan
from services.plans.proposals import plan_policy
from services.plans.schedules import Schedule
from services.plans.terms import month_choices
from services.shared.amounts import MonthsNotPositive
from services.shared.money import ZERO, MoneyInput, to_cents


async def propose_partial_payment(
    uow: UnitOfWork,
    *,
    user_id: int,
    debt_id: int,
    upfront: MoneyInput,
    months: int | None = None,
    rules: NegotiationRules,
    default_policy: DebtPolicy,
    now: datetime,
) -> NegotiationResult:
    """An offer to pay `upfront` now and the discounted rest in `months` installments
    (the longest plan allowed when None; the closest allowed when `months` is not)."""
    if months is not None and months < 1:
        raise MonthsNotPositive()
    context = await open_context(
        uow, user_id=user_id, debt_id=debt_id, rules=rules, default_policy=default_policy, now=now
    )
    terms = _terms(context.debt, upfront, rules, context.policy.max_discount_pct)
    schedule = rest_schedule(context.debt, terms.discounted_rest, months)
    await issue_offer(
        context,
        kind=OfferKind.PARTIAL,
        amount=terms.amount,
        discount_pct=terms.rest_discount_pct,
        upfront=terms.upfront,
        remaining=terms.discounted_rest,
        months=schedule.months,
        reason="partial_payment_proposed",
    )
    assert context.open_offer is not None
    view = offer_view(
        offer=context.open_offer, debt=context.debt, rules=rules, negotiation=context.negotiation
    )
    return NegotiationResult(outcome=Outcome.PARTIAL_OFFER, offer=view, requested_months=months)


async def plan_options(
    uow: UnitOfWork,
    *,
    user_id: int,
    debt_id: int,
    rules: NegotiationRules,
    default_policy: DebtPolicy,
    now: datetime,
    upfront: MoneyInput | None = None,
) -> NegotiationOptions:
    """What the user can do with the debt: the open offer, the upfront tiers and, with an
    `upfront` amount, the partial plan over a few numbers of months. Changes nothing."""
    debt, policy = await load_debt(
        uow, user_id=user_id, debt_id=debt_id, default_policy=default_policy, lock=False
    )
    negotiation = await uow.negotiations.negotiation_for(user_id=user_id, debt_id=debt_id)
    open_view = await open_offer_view(uow, user_id=user_id, debt=debt, rules=rules, now=now)
    tiers = tuple(
        TierOption(
            upfront_pct=tier.upfront_pct,
            least_upfront=least_upfront_for(debt.balance, tier),
            rest_discount_pct=tier.rest_discount_pct,
        )
        for tier in rules.partial_tiers
        if least_upfront_for(debt.balance, tier) < debt.balance
    )
    choices: tuple[PartialPlanView, ...] = ()
    if upfront is not None:
        terms = _terms(debt, upfront, rules, policy.max_discount_pct)
        longest = rest_schedule(debt, terms.discounted_rest, None)
        choices = tuple(
            _preview(terms, rest_schedule(debt, terms.discounted_rest, count))
            for count in month_choices(longest.months)
        )
    return NegotiationOptions(
        debt_id=debt.id,
        creditor=debt.creditor,
        currency=debt.currency,
        balance=debt.balance,
        annual_rate=debt.annual_rate,
        max_months=policy.max_months,
        min_installment=policy.min_installment,
        paused=negotiation is not None and negotiation.paused_at is not None,
        open_offer=open_view,
        tiers=tiers,
        partial_choices=choices,
    )


def rest_plan_policy(debt: DebtView) -> PlanPolicy:
    """The operator's plan limits, which the rest of a partial payment keeps."""
    policy = plan_policy(debt)
    assert policy is not None, "only the operator's debts are negotiated"
    return policy


def rest_schedule(debt: DebtView, discounted_rest: Decimal, months: int | None) -> Schedule:
    """The rest's installments within the debt's limits: `months` or the closest allowed."""
    policy = rest_plan_policy(debt)
    wanted = months if months is not None else policy.months_limit
    fit = fit_plan(
        discounted_rest, debt.annual_rate, policy, months=wanted, first_due=ANY_FIRST_DUE
    )
    return fit.closest


def _terms(
    debt: DebtView, upfront: MoneyInput, rules: NegotiationRules, max_discount_pct: Decimal
) -> PartialTerms:
    try:
        amount = to_cents(upfront)
    except (TypeError, ValueError):
        raise InvalidUpfront(balance=debt.balance) from None
    if not ZERO < amount < debt.balance:
        raise InvalidUpfront(balance=debt.balance)
    return partial_terms(
        balance=debt.balance, upfront=amount, rules=rules, max_discount_pct=max_discount_pct
    )


def _preview(terms: PartialTerms, schedule: Schedule) -> PartialPlanView:
    return PartialPlanView(
        upfront=terms.upfront,
        rest=terms.rest,
        rest_discount_pct=terms.rest_discount_pct,
        discounted_rest=terms.discounted_rest,
        months=schedule.months,
        installment_amount=schedule.installment_amount,
        last_installment_amount=schedule.last_amount,
        total_interest=schedule.total_interest,
        total=terms.upfront + schedule.total,
    )
