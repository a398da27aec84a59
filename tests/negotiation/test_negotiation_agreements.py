"""Partial payments, accepting offers, hardship and the operator's export."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from db.models import AuditLogEntry, Debt, Installment, Negotiation, PaymentPlan
from services import negotiation as talks
from services.negotiation import Outcome
from services.plans.agree import agree_plan
from tests.support.clock import NOW
from tests.support.negotiation import DEFAULT_POLICY, new_debt


def accepting(me: dict[str, object], offer_id: int) -> dict[str, object]:
    return {
        "user_id": me["user_id"],
        "offer_id": offer_id,
        "rules": me["rules"],
        "default_policy": me["default_policy"],
    }


async def plans_of(uow, debt_id: int) -> list[PaymentPlan]:
    return list(
        await uow.session.scalars(
            select(PaymentPlan).where(PaymentPlan.debt_id == debt_id).order_by(PaymentPlan.id)
        )
    )


async def test_partial_payment_of_75_percent_discounts_the_rest_15_percent(uow):
    me = await new_debt(uow)
    result = await talks.propose_partial_payment(uow, **me, upfront=Decimal(750), now=NOW)
    assert result.outcome is Outcome.PARTIAL_OFFER
    partial = result.offer.partial
    assert partial is not None
    assert (partial.upfront, partial.rest, partial.rest_discount_pct) == (
        Decimal("750.00"),
        Decimal("250.00"),
        Decimal(15),
    )
    assert partial.discounted_rest == Decimal("212.50")
    assert result.offer.amount == Decimal("962.50") and result.offer.savings == Decimal("37.50")


async def test_partial_payment_of_half_discounts_the_rest_7_5_percent(uow):
    me = await new_debt(uow)
    result = await talks.propose_partial_payment(uow, **me, upfront=Decimal(500), now=NOW)
    assert result.offer.partial.rest_discount_pct == Decimal("7.5")
    assert result.offer.partial.discounted_rest == Decimal("462.50")


async def test_partial_payment_below_half_gets_no_discount(uow):
    me = await new_debt(uow)
    result = await talks.propose_partial_payment(uow, **me, upfront=Decimal("499.99"), now=NOW)
    assert result.offer.partial.rest_discount_pct == 0
    assert result.offer.amount == Decimal("1000.00")


async def test_the_rest_of_a_partial_payment_keeps_the_debts_plan_limits(uow):
    me = await new_debt(uow, max_months=6, min_installment=Decimal(50), annual_rate=Decimal(12))
    result = await talks.propose_partial_payment(uow, **me, upfront=Decimal(600), now=NOW)
    partial = result.offer.partial  # 370.00 left: 6 months of about 63.8, with interest
    assert partial.months == 6 and partial.installment_amount >= Decimal(50)
    assert partial.total_interest > 0
    assert partial.total == partial.upfront + partial.discounted_rest + partial.total_interest
    asked = await talks.propose_partial_payment(uow, **me, upfront=Decimal(900), months=6, now=NOW)
    assert asked.requested_months == 6 and asked.offer.partial.months == 1  # 85.00 left


async def test_a_partial_payment_never_goes_below_the_floor(uow):
    me = await new_debt(uow, max_discount_pct=Decimal(2))  # floor 980.00
    result = await talks.propose_partial_payment(uow, **me, upfront=Decimal(800), now=NOW)
    assert result.offer.amount == Decimal("980.00")  # not 800 + 200 less 15 % = 970.00
    assert result.offer.partial.discounted_rest == Decimal("180.00")
    assert result.offer.partial.rest_discount_pct == Decimal(10)


@pytest.mark.parametrize("upfront", [Decimal(0), Decimal(1000), Decimal(1200), "x"])
async def test_the_upfront_payment_must_be_part_of_the_balance(uow, upfront):
    me = await new_debt(uow)
    with pytest.raises(talks.InvalidUpfront) as raised:
        await talks.propose_partial_payment(uow, **me, upfront=upfront, now=NOW)
    assert raised.value.values == {"balance": Decimal("1000.00")}


async def test_plan_options_show_the_tiers_and_month_choices(uow):
    me = await new_debt(uow)
    options = await talks.plan_options(uow, **me, now=NOW, upfront=Decimal(600))
    assert [(t.upfront_pct, t.least_upfront, t.rest_discount_pct) for t in options.tiers] == [
        (Decimal(50), Decimal("500.00"), Decimal("7.5")),
        (Decimal(75), Decimal("750.00"), Decimal(15)),
    ]
    assert [choice.months for choice in options.partial_choices] == [3, 6, 12, 18]
    assert options.open_offer is None and not options.paused


async def test_accepting_a_settlement_creates_one_payment_due_within_a_week(uow):
    me = await new_debt(uow)
    offer = (await talks.request_settlement_offer(uow, **me, now=NOW)).offer
    agreement = await talks.accept_offer(uow, **accepting(me, offer.id), now=NOW)
    assert (agreement.kind, agreement.amount, agreement.total) == (
        "settlement",
        Decimal("950.00"),
        Decimal("950.00"),
    )
    assert [(i.number, i.due_date, i.amount) for i in agreement.installments] == [
        (1, date(2026, 12, 1), Decimal("950.00"))
    ]
    debt = await uow.session.get(Debt, me["debt_id"])
    assert debt.status == "in_plan"
    (plan,) = await plans_of(uow, me["debt_id"])
    assert (plan.kind, plan.status, plan.offer_id) == ("settlement", "active", offer.id)


async def test_accepting_a_partial_payment_schedules_the_upfront_then_the_rest(uow):
    me = await new_debt(uow)
    offer = (await talks.propose_partial_payment(uow, **me, upfront=Decimal(750), now=NOW)).offer
    agreement = await talks.accept_offer(uow, **accepting(me, offer.id), now=NOW)
    assert agreement.kind == "partial"
    amounts = [installment.amount for installment in agreement.installments]
    assert amounts[0] == Decimal("750.00") and sum(amounts[1:]) == Decimal("212.50")
    assert len(amounts) - 1 == offer.partial.months
    assert all(i.amount >= Decimal(20) for i in agreement.installments[1:-1])
    (plan,) = await plans_of(uow, me["debt_id"])
    assert (plan.upfront_amount, plan.principal) == (Decimal("750.00"), Decimal("962.50"))


async def test_accepting_twice_creates_one_agreement(uow):
    me = await new_debt(uow)
    offer = (await talks.request_settlement_offer(uow, **me, now=NOW)).offer
    first = await talks.accept_offer(uow, **accepting(me, offer.id), now=NOW)
    again = await talks.accept_offer(uow, **accepting(me, offer.id), now=NOW + timedelta(days=5))
    assert not first.already_accepted and again.already_accepted
    assert again.plan_id == first.plan_id and again.installments == first.installments
    assert len(await plans_of(uow, me["debt_id"])) == 1
    accepted = await uow.session.scalar(
        select(func.count()).where(AuditLogEntry.action == "offer.accepted")
    )
    assert accepted == 1


async def test_expired_offer_cannot_be_accepted(uow):
    me = await new_debt(uow)
    offer = (await talks.request_settlement_offer(uow, **me, now=NOW)).offer
    with pytest.raises(talks.OfferExpired) as raised:
        await talks.accept_offer(uow, **accepting(me, offer.id), now=NOW + timedelta(hours=72))
    assert raised.value.code == "offer_expired"
    assert await plans_of(uow, me["debt_id"]) == []


async def test_superseded_offer_cannot_be_accepted(uow):
    me = await new_debt(uow)
    old = (await talks.request_settlement_offer(uow, **me, now=NOW)).offer
    await talks.request_better_offer(uow, **me, now=NOW)
    with pytest.raises(talks.OfferSuperseded):
        await talks.accept_offer(uow, **accepting(me, old.id), now=NOW)


async def test_someone_elses_offer_cannot_be_accepted(uow):
    me = await new_debt(uow)
    other = await new_debt(uow)
    offer = (await talks.request_settlement_offer(uow, **me, now=NOW)).offer
    with pytest.raises(talks.OfferNotFound):
        await talks.accept_offer(uow, **accepting(other, offer.id), now=NOW)


async def test_an_offer_on_a_balance_that_changed_cannot_be_accepted(uow):
    me = await new_debt(uow)
    offer = (await talks.request_settlement_offer(uow, **me, now=NOW)).offer
    debt = await uow.session.get(Debt, me["debt_id"])
    debt.balance = Decimal("400.00")
    with pytest.raises(talks.OfferTermsChanged):
        await talks.accept_offer(uow, **accepting(me, offer.id), now=NOW)


async def test_an_agreement_replaces_an_installment_plan_and_ends_the_negotiation(uow):
    me = await new_debt(uow)
    first_due = date(2026, 12, 24)
    plan = await agree_plan(
        uow, user_id=me["user_id"], debt_id=me["debt_id"], months=10, first_due=first_due,
        default_policy=DEFAULT_POLICY, now=NOW,
    )  # fmt: skip
    offer = (await talks.request_settlement_offer(uow, **me, now=NOW)).offer
    agreement = await talks.accept_offer(uow, **accepting(me, offer.id), now=NOW)
    assert agreement.replaced_plan_ids == (plan.plan_id,)
    assert [p.status for p in await plans_of(uow, me["debt_id"])] == ["cancelled", "active"]
    with pytest.raises(talks.AgreementExists):
        await talks.request_better_offer(uow, **me, now=NOW)


async def test_hardship_pauses_the_negotiation_until_the_operator_resumes_it(uow):
    me = await new_debt(uow)
    offer = (await talks.request_settlement_offer(uow, **me, now=NOW)).offer
    paused = await talks.request_hardship(uow, **me, note="  I lost my job last month.  ", now=NOW)
    assert paused.withdrawn_offer_id == offer.id and not paused.already_paused
    for ask in (talks.request_settlement_offer, talks.request_better_offer):
        with pytest.raises(talks.NegotiationPaused) as raised:
            await ask(uow, **me, now=NOW)
        assert raised.value.code == "negotiation_paused"
    with pytest.raises(talks.NegotiationPaused):
        await talks.propose_partial_payment(uow, **me, upfront=Decimal(600), now=NOW)
    with pytest.raises(talks.NegotiationPaused):
        await talks.accept_offer(uow, **accepting(me, offer.id), now=NOW)
    assert (await talks.plan_options(uow, **me, now=NOW)).paused

    assert await talks.resume_negotiation(uow, debt_id=me["debt_id"], now=NOW) == [me["user_id"]]
    resumed = await talks.request_settlement_offer(uow, **me, now=NOW)
    assert resumed.outcome is Outcome.RENEWED_OFFER and resumed.offer.amount == offer.amount
    with pytest.raises(talks.NegotiationNotPaused):
        await talks.resume_negotiation(uow, debt_id=me["debt_id"], now=NOW)


async def test_hardship_is_flagged_for_the_operator_without_the_note_in_the_audit_log(uow):
    me = await new_debt(uow)
    await talks.request_hardship(uow, **me, note="Medical bills", now=NOW)
    negotiation = await uow.session.scalar(select(Negotiation))
    assert (negotiation.hardship_note, negotiation.hardship_requested_at) == (
        "Medical bills",
        NOW,
    )
    entry = await uow.session.scalar(
        select(AuditLogEntry).where(AuditLogEntry.action == "negotiation.hardship_requested")
    )
    assert entry.details["has_note"] is True
    assert "Medical bills" not in str(entry.details)
    with pytest.raises(talks.HardshipNoteTooLong):
        await talks.request_hardship(uow, **me, note="x" * 1001, now=NOW)


async def test_the_export_lists_agreements_and_hardship_cases(uow):
    settled, partial, struggling = await new_debt(uow), await new_debt(uow), await new_debt(uow)
    offer = (await talks.request_settlement_offer(uow, **settled, now=NOW)).offer
    await talks.accept_offer(uow, **accepting(settled, offer.id), now=NOW)
    offer = (
        await talks.propose_partial_payment(uow, **partial, upfront=Decimal(800), now=NOW)
    ).offer
    await talks.accept_offer(uow, **accepting(partial, offer.id), now=NOW)
    await talks.request_hardship(uow, **struggling, note="Job loss", now=NOW)
    rows = await talks.list_agreements_and_hardship(uow)
    assert [(row.case, row.debt_id, row.offer_kind) for row in rows] == [
        ("agreement", settled["debt_id"], "settlement"),
        ("agreement", partial["debt_id"], "partial"),
        ("hardship", struggling["debt_id"], None),
    ]
    assert rows[0].agreed_amount == Decimal("950.00") and rows[0].plan_status == "active"
    assert rows[1].upfront_amount == Decimal("800.00") and rows[1].months is not None
    assert rows[2].hardship_note == "Job loss" and rows[2].paused is True
    cells = rows[2].csv_values()
    assert len(cells) == len(talks.EXPORT_COLUMNS) and "yes" in cells and "Job loss" in cells
    assert await uow.session.scalar(select(func.count()).select_from(Installment)) > 2
