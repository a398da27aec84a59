"""Plans the assistant proposes: shown with the plan flow's Confirm button, binding only
after the user's own press, and the chat goes on while the proposal waits."""

from __future__ import annotations

from decimal import Decimal

from db.models import Installment, PaymentPlan
from tests.support.assistant import assistant_texts, last_output, outputs_of, user_texts
from tests.support.chat import said
from tests.support.people import registered_debtor
from tests.support.rows import all_rows, debt_ids


async def propose_a_twelve_month_plan(ana, fake_openai, session_factory):
    """Ana asks for a plan; the model proposes 12 months for Banco 1. Returns the shown
    proposal (the message with the buttons) and the tool's output."""
    banco_1 = (await debt_ids(session_factory))["Banco 1"]
    fake_openai.script.call_tool(
        "propose_plan", {"debt_id": banco_1, "months": 12, "monthly_amount": None}
    ).respond_with(
        lambda body: (
            f"Te propongo {last_output(body)['months']} cuotas. Pulsa Confirmar si te va bien."
        )
    )
    await ana.send("Quiero pagar el Banco 1 en 12 meses")
    await ana.wait_for(said("Te propongo 12 cuotas"))
    await ana.wait_for(lambda m: "photo" in m.media)
    shown = await ana.wait_for(said("¿Lo confirmo?"))
    return shown, last_output(fake_openai.last_request)


async def test_a_proposed_plan_binds_only_when_the_user_presses_confirm(
    assistant_bot, fake_telegram, fake_openai, session_factory
):
    ana = await registered_debtor(fake_telegram, session_factory)
    shown, offered = await propose_a_twelve_month_plan(ana, fake_openai, session_factory)
    assert shown.buttons == ["✅ Confirmar", "✏️ Cambiar"]
    assert "100,00" in shown.plain_text  # 1.200,00 € over 12 months
    assert offered["agreed"] is False and offered["shown_to_user"] is True
    assert await all_rows(session_factory, PaymentPlan) == []  # nothing agreed yet

    await ana.press("✅ Confirmar", message=shown)
    await ana.wait_for(said("✅ Acordado"))
    [plan] = await all_rows(session_factory, PaymentPlan)
    installments = await all_rows(session_factory, Installment, Installment.plan_id == plan.id)
    assert plan.debt_id == offered["debt_id"]
    assert plan.total == Decimal(offered["total"])
    assert len(installments) == offered["months"] == 12
    assert {i.amount for i in installments} == {Decimal(offered["installment_amount"])}
    assert installments[0].due_date.isoformat() == offered["first_due_date"]


async def test_after_a_proposal_free_text_still_goes_to_the_assistant(
    assistant_bot, fake_telegram, fake_openai, session_factory
):
    ana = await registered_debtor(fake_telegram, session_factory)
    shown, _ = await propose_a_twelve_month_plan(ana, fake_openai, session_factory)
    fake_openai.script.reply_text("Sí: puedes adelantar cuotas cuando quieras.")
    await ana.send("¿Podré adelantar alguna cuota?")
    answer = await ana.wait_for(said("adelantar cuotas"))
    assert not any("botones" in (m.plain_text or "") for m in ana.messages)

    asked = fake_openai.last_request
    assert user_texts(asked)[-2:] == [
        "Quiero pagar el Banco 1 en 12 meses",
        "¿Podré adelantar alguna cuota?",
    ]
    assert [o["call_id"] for o in outputs_of(asked)] == [
        i["call_id"] for i in asked["input"] if i.get("type") == "function_call"
    ]
    assert "Te propongo 12 cuotas. Pulsa Confirmar si te va bien." in assistant_texts(asked)
    assert answer.message_id > shown.message_id

    await ana.press("✅ Confirmar", message=shown)  # the proposal still stands
    await ana.wait_for(said("✅ Acordado"))
    assert len(await all_rows(session_factory, PaymentPlan)) == 1
