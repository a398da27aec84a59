"""Plans in the chat: two operator debts' terms, /plan's steps, and the plans stored."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from db.models import Debt, Installment, PaymentPlan

LOAN = {
    "creditor": "Banco Meridiano",
    "concept": "Préstamo personal",
    "reference": "BMR-PL-2023-0418",
    "balance": Decimal("4850.00"),
    "annual_rate": Decimal("7.95"),
    "max_months": 24,
    "min_installment": Decimal("60.00"),
}
CARD = {
    "creditor": "CaixaNorte",
    "concept": "Tarjeta revolving",
    "reference": "CNC-CC-5512-0040",
    "balance": Decimal("1320.75"),
    "annual_rate": Decimal("21.5"),
    "max_months": 18,
    "min_installment": Decimal("40.00"),
}


async def debt_id(session_factory, reference: str) -> int:
    async with session_factory() as session:
        return await session.scalar(select(Debt.id).where(Debt.reference == reference))


async def choose(person, debt_label: str | None, mode: str):
    """/plan, the debt (when asked), then "in months" or "a monthly amount"."""
    await person.send("/plan")
    if debt_label is not None:
        await person.wait_for(lambda m: "¿Qué deuda" in (m.plain_text or ""))
        await person.press(debt_label)
    await person.wait_for(lambda m: "¿Cómo prefieres pagarla?" in (m.plain_text or ""))
    await person.press(mode)
    return await person.wait_for(lambda m: m.buttons and "Elige" in (m.plain_text or ""))


async def proposal(person):
    """The chart, then the schedule with its Confirm / Change buttons."""
    chart = await person.wait_for(lambda m: "photo" in m.media)
    shown = await person.wait_for(lambda m: "¿Lo confirmo?" in (m.plain_text or ""))
    assert shown.buttons == ["✅ Confirmar", "✏️ Cambiar"]
    return chart, shown


async def confirm(person, shown):
    await person.press("✅ Confirmar", message=shown)
    return await person.wait_for(lambda m: "✅" in (m.plain_text or ""))


async def plans_of(session_factory, debt: int) -> list[tuple[PaymentPlan, list[Installment]]]:
    async with session_factory() as session:
        found = list(
            await session.scalars(
                select(PaymentPlan).where(PaymentPlan.debt_id == debt).order_by(PaymentPlan.id)
            )
        )
        return [
            (
                plan,
                list(
                    await session.scalars(
                        select(Installment)
                        .where(Installment.plan_id == plan.id)
                        .order_by(Installment.number)
                    )
                ),
            )
            for plan in found
        ]
