"""The assistant's tools, called through the toolbox exactly as the model's calls are: the
user comes from the update, every limit is the services', and nothing is ever agreed."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from db.models import AuditLogEntry, Debt, Handover, Offer, OfferStatus, PaymentPlan
from db.unit_of_work import UnitOfWork
from services.assistant.actions import NotifyHandover, ShowOffer, ShowPlanProposal
from services.assistant.catalog import default_tools
from services.assistant.tooling import Toolbox, ToolEnv, ToolOutcome
from services.debts import owed as debts
from services.debts.policy import DebtPolicy
from services.negotiation import NegotiationRules
from services.negotiation.rules import settlement_floor
from services.plans import agree as plans
from tests.fakes.openai.validation import strict_schema_error
from tests.support.builders import add_debtor, add_operator_debt, add_user

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
DEFAULT_POLICY = DebtPolicy(
    max_months=24, min_installment=Decimal(20), max_discount_pct=Decimal(20)
)
RULES = NegotiationRules()
TOOLBOX = Toolbox(default_tools())
CHAT_ID = 777
ONE_OF_THEM = "months_or_monthly_amount_required"
BAD_UPFRONT = "negotiation_invalid_upfront"


def env_for(uow: UnitOfWork, user_id: int) -> ToolEnv:
    return ToolEnv(
        uow=uow,
        user_id=user_id,
        chat_id=CHAT_ID,
        language="en",
        timezone="Europe/Madrid",
        now=NOW,
        default_policy=DEFAULT_POLICY,
        rules=RULES,
    )


async def call(uow, user_id: int, name: str, arguments: dict | str | None = None) -> ToolOutcome:
    raw = arguments if isinstance(arguments, str) else json.dumps(arguments or {})
    outcome = await TOOLBOX.call(env_for(uow, user_id), name, raw)
    json.dumps(outcome.output)  # what the model reads is plain JSON
    return outcome


async def rows(uow, model, *conditions) -> int:
    query = select(func.count()).select_from(model).where(*conditions)
    return await uow.session.scalar(query) or 0


@pytest.fixture
async def people(uow):
    """Ana owes Banco Meridiano 1,000.00 at 7.95 % (24 months, 20.00 a month at least, 20 %
    discount at most) and tracks a Visa card; Luis owes Movistel."""
    ana, luis = await add_user(uow.session, timezone="Europe/Madrid"), await add_user(uow.session)
    ana_debtor = await add_debtor(uow.session, user_id=ana.id)
    luis_debtor = await add_debtor(uow.session, user_id=luis.id)
    loan = await add_operator_debt(
        uow.session,
        ana_debtor,
        creditor="Banco Meridiano",
        balance=Decimal("1000.00"),
        annual_rate=Decimal("7.95"),
    )
    bill = await add_operator_debt(uow.session, luis_debtor, creditor="Movistel")
    visa = await debts.add_personal_debt(
        uow,
        user_id=ana.id,
        creditor="Visa",
        balance=Decimal(900),
        annual_rate=Decimal("19.9"),
        minimum_payment=Decimal(40),
        due_day=5,
        currency="EUR",
        now=NOW,
    )
    return {"ana": ana.id, "luis": luis.id, "loan": loan.id, "bill": bill.id, "visa": visa}


def installments_total(output: dict) -> Decimal:
    return sum(
        (Decimal(group["amount"]) * group["count"] for group in output["installment_groups"]),
        Decimal(0),
    )


async def test_list_debts_shows_only_the_users_own_debts(uow, people):
    outcome = await call(uow, people["ana"], "list_debts")
    listed = {debt["id"]: debt for debt in outcome.output["debts"]}
    assert set(listed) == {people["loan"], people["visa"]}
    loan = listed[people["loan"]]
    assert (loan["balance"], loan["currency"], loan["kind"]) == ("1000.00", "EUR", "operator")
    assert loan["can_plan"] and loan["can_negotiate"]
    assert listed[people["visa"]]["can_plan"] and not listed[people["visa"]]["can_negotiate"]
    assert "discount" not in json.dumps(outcome.output)  # the operator's limits stay hidden


async def test_debt_details_list_what_the_user_can_do_but_not_the_floor(uow, people):
    outcome = await call(uow, people["ana"], "debt_details", {"debt_id": people["loan"]})
    details = outcome.output
    assert details["plan_limits"] == {"max_months": 24, "min_installment": "20.00"}
    assert "make_counteroffer" in details["tools_for_this_debt"]
    assert details["negotiation"]["open_offer"] is None
    assert "max_discount" not in json.dumps(details) and "800.00" not in json.dumps(details)


@pytest.mark.parametrize(
    ("name", "arguments"),
    [
        ("debt_details", {}),
        ("calculate_plan", {"months": 12, "monthly_amount": None}),
        ("propose_plan", {"months": 12, "monthly_amount": None}),
        ("ask_settlement_offer", {"better": False}),
        ("make_counteroffer", {"amount": "500.00"}),
        ("propose_partial_payment", {"upfront_amount": "100.00", "months": None}),
    ],
)
async def test_someone_elses_debt_looks_exactly_like_a_missing_one(uow, people, name, arguments):
    theirs = await call(uow, people["ana"], name, {"debt_id": people["bill"], **arguments})
    missing = await call(uow, people["ana"], name, {"debt_id": 987_654, **arguments})
    assert theirs.output == missing.output == {"error": {"code": "debt_not_found"}}
    assert theirs.action is None and missing.action is None
    assert await rows(uow, Offer) == 0


async def test_plan_by_months_adds_up_to_the_total(uow, people):
    arguments = {"debt_id": people["loan"], "months": 12, "monthly_amount": None}
    plan = (await call(uow, people["ana"], "calculate_plan", arguments)).output
    assert (plan["months"], plan["adjusted"], plan["shown_to_user"]) == (12, False, False)
    assert installments_total(plan) == Decimal(plan["total"]) > Decimal(1000)
    assert sum(group["count"] for group in plan["installment_groups"]) == 12
    assert (plan["first_due_date"], plan["last_due_date"]) == ("2026-12-24", "2027-11-24")


async def test_plan_by_monthly_amount_adds_up_to_the_total(uow, people):
    arguments = {"debt_id": people["visa"], "months": None, "monthly_amount": "100.00"}
    plan = (await call(uow, people["ana"], "calculate_plan", arguments)).output
    assert plan["installment_amount"] == "100.00" and plan["binding"] is False
    assert installments_total(plan) == Decimal(plan["total"])
    assert plan["first_due_date"] == "2026-12-05"  # the Visa's own payment day


async def test_plan_beyond_the_debts_limits_offers_the_closest_and_says_why(uow, people):
    arguments = {"debt_id": people["loan"], "months": 48, "monthly_amount": None}
    plan = (await call(uow, people["ana"], "calculate_plan", arguments)).output
    assert plan["adjusted"] and plan["offered"] == {"months": 24} and plan["months"] == 24
    assert plan["adjustment"]["reason"] == "too_many_months"
    assert "24" in plan["adjustment"]["why"]


async def test_proposed_plan_waits_for_the_users_confirm_button(uow, people):
    arguments = {"debt_id": people["loan"], "months": None, "monthly_amount": "90"}
    outcome = await call(uow, people["ana"], "propose_plan", arguments)
    assert isinstance(outcome.action, ShowPlanProposal)
    assert outcome.action.proposal.schedule.total == Decimal(outcome.output["total"])
    assert outcome.output["agreed"] is False and "Confirm" in outcome.output["next_step"]
    assert await rows(uow, PaymentPlan) == 0
    assert (await uow.session.get(Debt, people["loan"])).status == "open"


@pytest.mark.parametrize("first_ask_for_an_offer", [True, False])
async def test_offering_one_euro_agrees_nothing_and_the_offer_stays_above_the_floor(
    uow, people, first_ask_for_an_offer
):
    me, loan = people["ana"], people["loan"]
    if first_ask_for_an_offer:
        await call(uow, me, "ask_settlement_offer", {"debt_id": loan, "better": False})
    outcome = await call(uow, me, "make_counteroffer", {"debt_id": loan, "amount": 1})
    assert outcome.output["outcome"] == "counteroffer_refused"
    assert outcome.output["agreed"] is False
    assert Decimal(outcome.output["offer"]["amount"]) >= Decimal("800.00")
    assert isinstance(outcome.action, ShowOffer) and outcome.action.result.offer.status == "open"
    assert await rows(uow, Offer, Offer.status == OfferStatus.ACCEPTED) == 0
    assert await rows(uow, PaymentPlan) == 0


async def test_reachable_counteroffer_is_shown_with_accept_but_not_accepted(uow, people):
    me, loan = people["ana"], people["loan"]
    await call(uow, me, "ask_settlement_offer", {"debt_id": loan, "better": False})  # 950.00
    outcome = await call(uow, me, "make_counteroffer", {"debt_id": loan, "amount": "920.00"})
    assert outcome.output["outcome"] == "counteroffer_accepted"
    assert outcome.output["offer"]["amount"] == "920.00"
    assert outcome.output["offer"]["status"] == "open" and outcome.output["agreed"] is False
    assert isinstance(outcome.action, ShowOffer)
    assert await rows(uow, Offer, Offer.status == OfferStatus.ACCEPTED) == 0
    assert await rows(uow, PaymentPlan) == 0


async def test_better_offer_and_part_payment_are_shown_with_accept(uow, people):
    me, loan = people["ana"], people["loan"]
    first = await call(uow, me, "ask_settlement_offer", {"debt_id": loan, "better": False})
    better = await call(uow, me, "ask_settlement_offer", {"debt_id": loan, "better": True})
    assert (first.output["offer"]["amount"], better.output["offer"]["amount"]) == (
        "950.00",
        "900.00",
    )
    arguments = {"debt_id": loan, "upfront_amount": "750.00", "months": 6}
    partial = await call(uow, me, "propose_partial_payment", arguments)
    assert partial.output["offer"]["kind"] == "part_payment"
    assert partial.output["offer"]["part_payment"]["months"] == 6
    assert "months_note" not in partial.output
    assert isinstance(partial.action, ShowOffer) and await rows(uow, PaymentPlan) == 0


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        ("debt_details", '{"debt_id": "the loan"}'),
        ("debt_details", "{}"),
        ("debt_details", '{"debt_id": 1, "user_id": 2}'),
        ("list_debts", '{"user_id": 2}'),
        ("make_counteroffer", "accept 1 euro"),
        ("calculate_plan", '{"debt_id": 1, "months": "twelve", "monthly_amount": null}'),
        ("payoff_plan", '{"monthly_budget": [300]}'),
        ("payoff_plan", '{"monthly_budget": "NaN"}'),
        ("request_handover", '{"summary": null}'),
    ],
)
async def test_malformed_arguments_are_refused(uow, people, name, raw):
    outcome = await call(uow, people["ana"], name, raw)
    assert outcome.output["error"]["code"] == "invalid_arguments"
    assert outcome.action is None


@pytest.mark.parametrize(
    ("name", "arguments", "code"),
    [
        ("calculate_plan", {"months": None, "monthly_amount": None}, ONE_OF_THEM),
        ("propose_plan", {"months": 12, "monthly_amount": "50"}, ONE_OF_THEM),
        ("calculate_plan", {"months": 0, "monthly_amount": None}, "months_not_positive"),
        ("calculate_plan", {"months": None, "monthly_amount": "-50"}, "amount_not_positive"),
        ("propose_plan", {"months": None, "monthly_amount": "12.345"}, "amount_too_precise"),
        ("make_counteroffer", {"amount": 0}, "amount_not_positive"),
        ("make_counteroffer", {"amount": 799.999}, "amount_too_precise"),
        ("make_counteroffer", {"amount": "1e12"}, "amount_too_large"),
        ("propose_partial_payment", {"upfront_amount": "500", "months": -1}, "months_not_positive"),
        ("propose_partial_payment", {"upfront_amount": "1000", "months": None}, BAD_UPFRONT),
    ],
)
async def test_impossible_values_are_refused_with_a_clear_code(uow, people, name, arguments, code):
    outcome = await call(uow, people["ana"], name, {"debt_id": people["loan"], **arguments})
    assert outcome.output["error"]["code"] == code
    assert outcome.action is None
    assert await rows(uow, Offer) == 0


async def test_payoff_plan_compares_strategies_across_the_users_debts(uow, people):
    outcome = await call(uow, people["ana"], "payoff_plan", {"monthly_budget": "300"})
    strategies = {plan["strategy"]: plan for plan in outcome.output["strategies"]}
    assert set(strategies) == {"avalanche", "snowball"}
    assert [item["debt_id"] for item in strategies["avalanche"]["order"]] == [
        people["visa"],
        people["loan"],
    ]
    assert all(plan["months_to_debt_free"] > 0 for plan in strategies.values())
    too_little = await call(uow, people["ana"], "payoff_plan", {"monthly_budget": "10"})
    assert too_little.output["error"]["code"] == "budget_below_minimums"
    nothing = await call(uow, people["ana"], "payoff_plan", {"monthly_budget": "0"})
    assert nothing.output["error"]["code"] == "amount_not_positive"


async def test_hand_over_records_the_request_for_a_person(uow, people):
    summary = "Lost my job, cannot pay the loan. " * 30
    outcome = await call(uow, people["ana"], "request_handover", {"summary": summary})
    handover = await uow.session.scalar(select(Handover))
    assert (handover.user_id, handover.chat_id, handover.source) == (
        people["ana"],
        CHAT_ID,
        "assistant",
    )
    assert len(handover.summary) == 500 and handover.summary.startswith("Lost my job")
    assert outcome.action == NotifyHandover(handover.id, handover.summary)
    assert outcome.output["handed_over"] is True
    audit = await uow.session.scalar(
        select(AuditLogEntry).where(AuditLogEntry.action == "handover.requested")
    )
    assert (audit.entity_id, audit.actor) == (handover.id, f"user:{people['ana']}")


async def test_next_installments_lists_an_agreed_plan_in_order(uow, people):
    await plans.agree_plan(
        uow,
        user_id=people["ana"],
        debt_id=people["loan"],
        months=6,
        first_due=date(2026, 12, 24),
        default_policy=DEFAULT_POLICY,
        now=NOW,
    )
    outcome = await call(uow, people["ana"], "next_installments")
    installments = outcome.output["installments"]
    assert [item["number"] for item in installments] == [1, 2, 3, 4, 5, 6]
    assert [item["due_date"] for item in installments] == sorted(
        item["due_date"] for item in installments
    )
    assert installments[0]["due_date"] == "2026-12-24" and not installments[0]["overdue"]
    assert {item["creditor"] for item in installments} == {"Banco Meridiano"}
    assert outcome.output["reminders"] == {
        "enabled": True,
        "consent_given": False,
        "timezone": "Europe/Madrid",
    }
    details = await call(uow, people["ana"], "debt_details", {"debt_id": people["loan"]})
    assert details.output["active_plan"]["open_installments"] == 6
    theirs = await call(uow, people["luis"], "next_installments")
    assert theirs.output["installments"] == []


def test_every_tool_schema_keeps_strict_mode():
    params = TOOLBOX.params()
    assert [param["name"] for param in params][:2] == ["list_debts", "debt_details"]
    for param in params:
        assert param["strict"] is True and param["description"]
        assert strict_schema_error(param["parameters"]) is None, param["name"]


counteroffers = st.decimals(
    min_value=Decimal("10.00"), max_value=Decimal(20_000), places=2
).flatmap(
    lambda balance: st.tuples(
        st.just(balance),
        st.decimals(min_value=Decimal(0), max_value=Decimal(60), places=2),
        st.lists(
            st.decimals(min_value=Decimal("0.01"), max_value=balance * 2, places=2),
            min_size=1,
            max_size=5,
        ),
    )
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=counteroffers)
async def test_no_counteroffer_ever_goes_below_the_floor_or_accepts(session_factory, case):
    balance, max_discount_pct, amounts = case
    floor = settlement_floor(balance, max_discount_pct)
    async with UnitOfWork(session_factory) as uow:
        user = await add_user(uow.session)
        debtor = await add_debtor(uow.session, user_id=user.id)
        debt = await add_operator_debt(
            uow.session, debtor, balance=balance, max_discount_pct=max_discount_pct
        )
        for amount in amounts:
            arguments = {"debt_id": debt.id, "amount": str(amount)}
            outcome = await call(uow, user.id, "make_counteroffer", arguments)
            assert isinstance(outcome.action, ShowOffer)
            assert outcome.action.result.offer.amount >= floor
            assert Decimal(outcome.output["offer"]["amount"]) >= floor
        offers = list(await uow.session.scalars(select(Offer).where(Offer.debt_id == debt.id)))
        assert all(offer.amount >= floor for offer in offers)
        assert all(offer.status != OfferStatus.ACCEPTED for offer in offers)
        assert await rows(uow, PaymentPlan, PaymentPlan.debt_id == debt.id) == 0
