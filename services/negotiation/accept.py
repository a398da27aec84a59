"""Accepting an offer: what the bot calls only after the user's own press of the confirm
button bound to that offer.

The offer is accepted with one conditional UPDATE (``status = 'open'`` and unexpired),
so of two concurrent acceptances exactly one creates the agreement; the other, like any
repeated press, gets the same agreement back with ``already_accepted=True``.

The agreement is a payment plan made here rather than with ``services.plans.agree.agree_plan``,
which plans the whole balance as installments: a settlement is ONE installment of the
agreed amount, a partial payment is the upfront installment followed by the schedule of
the discounted rest. Like ``agree_plan`` it locks the debt, cancels the debt's active
plan (through ``uow.plans``) and puts the debt ``in_plan``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from db.models import (
    DebtStatus,
    Installment,
    Offer,
    OfferKind,
    OfferStatus,
    PaymentPlan,
    PlanKind,
    PlanStatus,
)
from db.repositories.negotiations import NegotiationRepository
from db.unit_of_work import UnitOfWork
from services.debts.owed import OPERATOR, DebtNotFound, DebtView, get_debt
from services.debts.policy import DebtPolicy
from services.negotiation.errors import (
    NegotiationPaused,
    OfferExpired,
    OfferNotFound,
    OfferSuperseded,
    OfferTermsChanged,
)
from services.negotiation.partial import rest_plan_policy
from services.negotiation.results import AgreedInstallment, AgreementSummary
from services.negotiation.rules import NegotiationRules, settlement_floor
from services.negotiation.state import NEGOTIABLE
from services.negotiation.views import SETTLEMENT_KINDS
from services.plans.policy import fit_plan
from services.plans.schedules import Schedule
from services.plans.terms import first_due_date
from services.shared import audit
from services.shared.clock import local_today
from services.shared.money import ZERO


async def accept_offer(
    uow: UnitOfWork,
    *,
    user_id: int,
    offer_id: int,
    rules: NegotiationRules,
    default_policy: DebtPolicy,
    now: datetime,
    timezone: str = "UTC",
) -> AgreementSummary:
    """Turn the user's open offer into an agreement (a plan of kind settlement or partial).

    Raises OfferNotFound (not this user's), NegotiationPaused, OfferSuperseded,
    OfferExpired or OfferTermsChanged (the debt changed since the offer). Dates are the
    user's: `timezone` is their IANA zone.
    """
    repository = uow.negotiations
    plans = uow.plans
    offer = await repository.offer_of_user(offer_id=offer_id, user_id=user_id)
    stored = None if offer is None else await uow.debts.lock_debt(offer.debt_id)
    if offer is None or stored is None:
        raise OfferNotFound()
    try:
        debt = await get_debt(
            uow, user_id=user_id, debt_id=offer.debt_id, default_policy=default_policy
        )
    except DebtNotFound:
        raise OfferNotFound() from None
    offer = await repository.offer_of_user(offer_id=offer_id, user_id=user_id)  # after the lock
    assert offer is not None
    if offer.status == OfferStatus.ACCEPTED:
        return await _already_accepted(repository, offer, debt)
    negotiation = await repository.negotiation_for(user_id=user_id, debt_id=debt.id)
    if negotiation is not None and negotiation.paused_at is not None:
        raise NegotiationPaused()
    _check_open(offer, now)
    today = local_today(now, timezone)
    schedule = _rest_schedule(offer, debt, today)
    if not await repository.accept_if_open(offer_id=offer.id, now=now):
        offer = await repository.offer_of_user(offer_id=offer_id, user_id=user_id)
        assert offer is not None
        if offer.status == OfferStatus.ACCEPTED:
            return await _already_accepted(repository, offer, debt)
        _check_open(offer, now)
        raise OfferSuperseded()
    offer = await repository.offer_of_user(offer_id=offer_id, user_id=user_id)  # as updated
    assert offer is not None
    replaced = tuple(plan.id for plan in await plans.active_for_debt(debt.id))
    await plans.cancel(replaced)
    pay_by = today + timedelta(days=rules.settlement_payment_days)
    plan = _agreement_plan(offer, debt, user_id=user_id, pay_by=pay_by, rest=schedule, now=now)
    plans.add(plan)
    stored.status, stored.updated_at = DebtStatus.IN_PLAN, now
    await uow.flush()
    _audit_acceptance(uow, offer, plan, replaced, user_id=user_id, now=now)
    return _summary(offer, plan, debt, already_accepted=False, replaced=replaced)


def _check_open(offer: Offer, now: datetime) -> None:
    if offer.status in (OfferStatus.SUPERSEDED, OfferStatus.REJECTED):
        raise OfferSuperseded()
    expires_at = offer.expires_at or offer.created_at
    if offer.status == OfferStatus.EXPIRED or expires_at <= now:
        raise OfferExpired(expired_at=expires_at)
    if offer.status != OfferStatus.OPEN:
        raise OfferSuperseded()


def _rest_schedule(offer: Offer, debt: DebtView, today: date) -> Schedule | None:
    """Check the offer still fits the debt as it is now; the partial's rest schedule."""
    policy = debt.policy
    if (
        debt.kind != OPERATOR
        or policy is None
        or debt.status not in NEGOTIABLE
        or offer.balance != debt.balance
        or offer.amount < settlement_floor(debt.balance, policy.max_discount_pct)
    ):
        raise OfferTermsChanged()
    if offer.kind in SETTLEMENT_KINDS:
        return None
    rest, months = offer.remaining_amount, offer.months
    if offer.kind != OfferKind.PARTIAL or rest is None or months is None or rest <= ZERO:
        raise OfferTermsChanged()
    first_due = first_due_date(today=today)
    fit = fit_plan(
        rest, debt.annual_rate, rest_plan_policy(debt), months=months, first_due=first_due
    )
    if not fit.fits:
        raise OfferTermsChanged()
    return fit.closest


def _agreement_plan(
    offer: Offer,
    debt: DebtView,
    *,
    user_id: int,
    pay_by: date,
    rest: Schedule | None,
    now: datetime,
) -> PaymentPlan:
    first_payment = offer.amount if rest is None else offer.upfront_amount
    assert first_payment is not None
    installments = [
        Installment(
            number=1, due_date=pay_by, amount=first_payment, principal=first_payment, interest=ZERO
        )
    ]
    for row in rest.installments if rest is not None else ():
        installments.append(
            Installment(
                number=row.number + 1,
                due_date=row.due_date,
                amount=row.amount,
                principal=row.principal,
                interest=row.interest,
            )
        )
    return PaymentPlan(
        debt_id=debt.id,
        user_id=user_id,
        kind=PlanKind.SETTLEMENT if rest is None else PlanKind.PARTIAL,
        status=PlanStatus.ACTIVE,
        principal=offer.amount,
        annual_rate=ZERO if rest is None else rest.annual_rate,
        total=offer.amount + (rest.total_interest if rest is not None else ZERO),
        upfront_amount=None if rest is None else first_payment,
        offer_id=offer.id,
        agreed_at=now,
        created_at=now,
        installments=installments,
    )


def _audit_acceptance(
    uow: UnitOfWork,
    offer: Offer,
    plan: PaymentPlan,
    replaced: tuple[int, ...],
    *,
    user_id: int,
    now: datetime,
) -> None:
    actor = audit.user_actor(user_id)
    audit.record(
        uow,
        actor=actor,
        action="offer.accepted",
        entity_type="offer",
        entity_id=offer.id,
        now=now,
        details={
            "debt_id": offer.debt_id,
            "kind": offer.kind,
            "balance": str(offer.balance),
            "amount": str(offer.amount),
            "discount_pct": str(offer.discount_pct),
            "upfront": None if offer.upfront_amount is None else str(offer.upfront_amount),
            "remaining": None if offer.remaining_amount is None else str(offer.remaining_amount),
            "months": offer.months,
            "plan_id": plan.id,
        },
    )
    for old_id in replaced:
        audit.record(
            uow,
            actor=actor,
            action="plan.cancelled",
            entity_type="payment_plan",
            entity_id=old_id,
            now=now,
            details={"replaced_by": plan.id},
        )
    audit.record(
        uow,
        actor=actor,
        action="plan.agreed",
        entity_type="payment_plan",
        entity_id=plan.id,
        now=now,
        details={
            "debt_id": offer.debt_id,
            "kind": plan.kind,
            "offer_id": offer.id,
            "installments": len(plan.installments),
            "total": str(plan.total),
            "first_due": plan.installments[0].due_date.isoformat(),
            "replaces": [str(old_id) for old_id in replaced],
        },
    )


async def _already_accepted(
    repository: NegotiationRepository, offer: Offer, debt: DebtView
) -> AgreementSummary:
    plan = await repository.agreement_for_offer(offer.id)
    if plan is None:  # the agreement was removed since: nothing to show
        raise OfferNotFound()
    return _summary(offer, plan, debt, already_accepted=True)


def _summary(
    offer: Offer,
    plan: PaymentPlan,
    debt: DebtView,
    *,
    already_accepted: bool,
    replaced: tuple[int, ...] = (),
) -> AgreementSummary:
    balance = offer.balance if offer.balance is not None else debt.balance
    return AgreementSummary(
        offer_id=offer.id,
        plan_id=plan.id,
        debt_id=offer.debt_id,
        kind=str(plan.kind),
        creditor=debt.creditor,
        currency=debt.currency,
        balance=balance,
        amount=offer.amount,
        savings=balance - offer.amount,
        total=plan.total,
        installments=tuple(
            AgreedInstallment(number=row.number, due_date=row.due_date, amount=row.amount)
            for row in sorted(plan.installments, key=lambda row: row.number)
        ),
        already_accepted=already_accepted,
        replaced_plan_ids=replaced,
    )
