"""Negotiation in tests: the default policy and rules, a debt to negotiate, /debts' negotiation."""

from __future__ import annotations

from decimal import Decimal

from services.debts.policy import DebtPolicy
from services.negotiation import NegotiationRules
from tests.support.builders import add_debtor, add_operator_debt, add_user
from tests.support.chat import answer, said
from tests.support.people import register, seed_debtor

DEFAULT_POLICY = DebtPolicy(
    max_months=24, min_installment=Decimal("20"), max_discount_pct=Decimal("20")
)
RULES = NegotiationRules()


async def new_debt(uow, **debt: object) -> dict[str, object]:
    """A user with an operator debt of 1000.00 (20 % maximum discount unless told)."""
    user = await add_user(uow.session)
    debtor = await add_debtor(uow.session, user_id=user.id)
    stored = await add_operator_debt(uow.session, debtor, **{"balance": Decimal("1000.00"), **debt})
    return {
        "user_id": user.id,
        "debt_id": stored.id,
        "rules": RULES,
        "default_policy": DEFAULT_POLICY,
    }


async def open_negotiation(finbot, fake_telegram, session_factory, *, language="es"):
    """A registered debtor with one 1.200,00 € debt (max discount 20 %), at the menu."""
    await seed_debtor(session_factory, phone="+34611222333", debts=1)
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await register(ana, phone="+34611222333")
    await answer(ana, "/debts")
    await ana.press("🤝 Negociar 1")
    await ana.wait_for(said("¿Cómo te gustaría resolverla?"))
    return ana
