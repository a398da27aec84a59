"""The operator's limits on a plan, and the closest plan offered when a request breaks them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from services.plans.policy import PlanPolicy, fit_plan
from services.plans.schedules import schedule_by_months

FIRST_DUE = date(2025, 2, 1)


def test_a_plan_within_the_limits_fits_as_asked():
    fit = fit_plan(
        Decimal(1200),
        Decimal(0),
        PlanPolicy(max_months=24, min_installment=Decimal(20)),
        months=12,
        first_due=FIRST_DUE,
    )
    assert fit.fits
    assert fit.reason is None
    assert fit.schedule == fit.closest
    assert fit.schedule is not None and fit.schedule.installment_amount == Decimal("100.00")


def test_asking_thirty_six_months_when_twenty_four_is_the_most_offers_twenty_four():
    fit = fit_plan(
        Decimal(2400), Decimal(5), PlanPolicy(max_months=24), months=36, first_due=FIRST_DUE
    )
    assert not fit.fits
    assert fit.reason == "too_many_months"
    assert fit.closest.months == 24
    assert fit.values["months"] == 36
    assert fit.values["max_months"] == 24
    assert fit.values["closest_months"] == 24
    assert fit.values["closest_amount"] == fit.closest.installment_amount
    assert fit.schedule is not None and fit.schedule.months == 36  # what was asked, for contrast


def test_five_a_month_when_twenty_is_the_least_offers_twenty_a_month():
    fit = fit_plan(
        Decimal(300),
        Decimal(0),
        PlanPolicy(min_installment=Decimal(20)),
        monthly_amount=Decimal(5),
        first_due=FIRST_DUE,
    )
    assert not fit.fits
    assert fit.reason == "installment_below_minimum"
    assert fit.values["amount"] == Decimal("5.00")
    assert fit.values["min_installment"] == Decimal("20.00")
    assert fit.closest.installment_amount == Decimal("20.00")
    assert fit.closest.months == 15


def test_too_many_months_for_the_minimum_offers_the_most_months_that_keep_it():
    fit = fit_plan(
        Decimal(610),
        Decimal(0),
        PlanPolicy(min_installment=Decimal(20)),
        months=60,
        first_due=FIRST_DUE,
    )
    assert fit.reason == "installment_below_minimum"
    assert fit.values["amount"] == Decimal("10.17")
    assert fit.closest.months == 30  # 30 × 20.34; 31 months would be 19.68 each
    assert fit.closest.installment_amount == Decimal("20.34")


def test_a_smaller_last_installment_is_allowed_below_the_minimum():
    fit = fit_plan(
        Decimal(1000),
        Decimal(0),
        PlanPolicy(min_installment=Decimal(300)),
        monthly_amount=Decimal(300),
        first_due=FIRST_DUE,
    )
    assert fit.fits
    assert fit.closest.last_amount == Decimal("100.00")


def test_a_debt_smaller_than_the_minimum_is_one_installment():
    fit = fit_plan(
        Decimal(50),
        Decimal(0),
        PlanPolicy(min_installment=Decimal(100)),
        months=6,
        first_due=FIRST_DUE,
    )
    assert not fit.fits
    assert fit.closest.months == 1
    assert fit.closest.installment_amount == Decimal("50.00")


def test_an_amount_that_takes_too_long_offers_the_least_amount_within_the_limit():
    policy = PlanPolicy(max_months=12)
    fit = fit_plan(
        Decimal(1200), Decimal(10), policy, monthly_amount=Decimal(50), first_due=FIRST_DUE
    )
    assert fit.reason == "too_many_months"
    assert fit.values["months"] == fit.schedule.months > 12  # type: ignore[union-attr]
    assert fit.closest.months <= 12
    assert (
        fit.closest.installment_amount
        == schedule_by_months(Decimal(1200), Decimal(10), 12, FIRST_DUE).installment_amount
    )
    cheaper = fit_plan(
        Decimal(1200),
        Decimal(10),
        policy,
        monthly_amount=fit.closest.installment_amount - Decimal("0.01"),
        first_due=FIRST_DUE,
    )
    assert not cheaper.fits


def test_an_amount_below_the_interest_offers_the_least_that_repays_the_debt():
    fit = fit_plan(
        Decimal(10000), Decimal(12), None, monthly_amount=Decimal(90), first_due=FIRST_DUE
    )
    assert fit.reason == "payment_too_small"
    assert fit.schedule is None
    assert fit.values["amount"] == Decimal("90.00")
    assert fit.values["minimum"] == fit.closest.installment_amount > Decimal(100)
    assert fit.closest.months <= 600


def test_a_personal_debt_takes_any_terms():
    fit = fit_plan(Decimal(5000), Decimal("19.9"), None, months=120, first_due=FIRST_DUE)
    assert fit.fits
    assert fit.closest.months == 120


def test_a_personal_debt_still_stops_at_fifty_years():
    fit = fit_plan(Decimal(5000), Decimal(0), None, months=700, first_due=FIRST_DUE)
    assert fit.reason == "too_many_months"
    assert fit.schedule is None
    assert fit.values["max_months"] == 600
    assert fit.closest.months == 600


def test_when_both_limits_bind_the_offer_keeps_both():
    policy = PlanPolicy(max_months=24, min_installment=Decimal(100))
    fit = fit_plan(Decimal(1000), Decimal(0), policy, months=36, first_due=FIRST_DUE)
    assert fit.reason == "too_many_months"
    assert fit.closest.months == 10
    assert fit.values["min_installment"] == Decimal("100.00")
    assert policy.breach(fit.closest) is None


def test_asking_both_months_and_an_amount_is_a_programming_error():
    with pytest.raises(ValueError):
        fit_plan(
            Decimal(100),
            Decimal(0),
            None,
            months=3,
            monthly_amount=Decimal(10),
            first_due=FIRST_DUE,
        )
    with pytest.raises(ValueError):
        fit_plan(Decimal(100), Decimal(0), None, first_due=FIRST_DUE)


@pytest.mark.parametrize("policy", [{"max_months": 0}, {"min_installment": Decimal(0)}])
def test_a_policy_with_impossible_limits_is_refused(policy):
    with pytest.raises(ValueError):
        PlanPolicy(**policy)
