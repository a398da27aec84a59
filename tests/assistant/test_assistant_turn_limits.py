"""One message of the person's is one turn: whatever the model does in it, it concedes at
most one discount step per debt and hands over at most once; its links never hide an
address outside the operator's hosts, and nothing it writes shows a link preview."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from db.models import Handover, Offer, PaymentPlan
from tests.fakes.openai import ToolCall
from tests.support.assistant import outputs_of, with_settings
from tests.support.chat import said
from tests.support.people import registered_debtor
from tests.support.rows import all_rows, debt_ids

OPERATORS_CHAT = -1001000000042
ACCEPT = "✅ Aceptar esta propuesta"
NO_PREVIEW = {"is_disabled": True}


@pytest.fixture
def settings_changes() -> dict:
    return {}


@pytest.fixture
def assistant_settings(assistant_settings, settings_changes):
    return assistant_settings.model_copy(update=settings_changes)


def outputs_by_call(fake_openai) -> dict[str, dict]:
    return {o["call_id"]: json.loads(o["output"]) for o in outputs_of(fake_openai.last_request)}


def refused_this_turn(output: dict) -> bool:
    return output.get("error", {}).get("code") == "not_allowed_this_turn"


async def test_a_model_cannot_walk_the_discount_to_the_maximum_in_one_message(
    assistant_bot, fake_telegram, fake_openai, session_factory
):
    ana = await registered_debtor(fake_telegram, session_factory)
    banco_1 = (await debt_ids(session_factory))["Banco 1"]
    better = {"debt_id": banco_1, "better": True}
    fake_openai.script.call_tools(
        ToolCall("ask_settlement_offer", {"debt_id": banco_1, "better": False}, "first"),
        ToolCall("ask_settlement_offer", better, "step"),
        ToolCall("ask_settlement_offer", better, "again"),
    ).call_tools(
        ToolCall("ask_settlement_offer", better, "next-round"),
        ToolCall("make_counteroffer", {"debt_id": banco_1, "amount": "960.00"}, "floor"),
    ).reply_text("Te he conseguido el máximo descuento.")
    await ana.send("Hola")
    await ana.wait_for(said("Te he conseguido"))
    offer = await ana.wait_for(lambda m: ACCEPT in m.buttons)

    outputs = outputs_by_call(fake_openai)
    assert outputs["first"]["outcome"] == "first_offer"
    assert outputs["step"]["outcome"] == "better_offer"
    assert outputs["step"]["offer"]["discount_pct"] == "10"
    assert all(refused_this_turn(outputs[c]) for c in ("again", "next-round", "floor"))
    offers = await all_rows(session_factory, Offer, Offer.debt_id == banco_1)
    assert min(o.amount for o in offers) == Decimal("1080.00")  # 10 %: one step past 5 %
    assert "Pagas 1.080,00" in offer.plain_text
    assert await all_rows(session_factory, PaymentPlan) == []

    fake_openai.script.call_tools(
        ToolCall("ask_settlement_offer", better, "step-2"),
        ToolCall("ask_settlement_offer", better, "again-2"),
    ).reply_text("Un paso más.")
    await ana.send("¿Puedes mejorarlo?")  # the person's next message: one more step
    await ana.wait_for(said("Un paso más"))
    outputs = outputs_by_call(fake_openai)
    assert outputs["step-2"]["offer"]["discount_pct"] == "15"
    assert refused_this_turn(outputs["again-2"])


@with_settings(admin_chat_id=OPERATORS_CHAT)
async def test_four_hand_overs_in_one_message_make_one_notice(
    assistant_bot, fake_telegram, fake_openai, session_factory
):
    operators = fake_telegram.group(OPERATORS_CHAT, "Operadores")
    ana = await registered_debtor(fake_telegram, session_factory)
    handover = "request_handover"
    fake_openai.script.call_tools(
        ToolCall(handover, {"summary": "Uno https://evil.example/x?d=1"}, "h1"),
        ToolCall(handover, {"summary": "Dos"}, "h2"),
    ).call_tool(handover, {"summary": "Tres"}, call_id="h3").call_tool(
        handover, {"summary": "Cuatro"}, call_id="h4"
    ).reply_text("Te paso con una persona.")
    await ana.send("Quiero hablar con alguien")
    await ana.wait_for(said("Te paso con una persona"))
    await ana.wait_for(said("una persona del equipo te atienda"))
    await ana.assert_no_reply(0.3)

    [notice] = operators.messages
    assert "Uno https://evil.example/x?d=1" in notice.plain_text
    [sent] = [
        r for r in fake_telegram.requests("sendMessage") if r.params["chat_id"] == OPERATORS_CHAT
    ]
    assert sent.params["link_preview_options"] == NO_PREVIEW
    assert len(await all_rows(session_factory, Handover)) == 1
    outputs = outputs_by_call(fake_openai)
    assert outputs["h1"]["handed_over"] is True
    assert all(refused_this_turn(outputs[c]) for c in ("h2", "h3", "h4"))


@with_settings(admin_chat_id=OPERATORS_CHAT)
async def test_the_assistant_cannot_hand_over_again_while_a_request_is_open(
    assistant_bot, fake_telegram, fake_openai, session_factory, clock
):
    operators = fake_telegram.group(OPERATORS_CHAT, "Operadores")
    ana = await registered_debtor(fake_telegram, session_factory)
    await ana.send("/human")
    await ana.wait_for(said("una persona del equipo te atienda"))
    clock.advance(hours=1)
    fake_openai.script.call_tool("request_handover", {"summary": "Otra vez"}).reply_text(
        "Ya lo he pedido."
    )
    await ana.send("Que me llame alguien")
    await ana.wait_for(said("Ya lo he pedido"))
    await ana.wait_for(said("Tu petición ya está con el equipo"))

    assert len(operators.messages) == 1
    assert len(await all_rows(session_factory, Handover)) == 1
    assert outputs_by_call(fake_openai)  # the model was told
    [output] = outputs_by_call(fake_openai).values()
    assert output["already_requested"] is True


async def test_a_disguised_link_shows_its_address_and_no_preview(
    assistant_bot, fake_telegram, fake_openai, session_factory
):
    ana = await registered_debtor(fake_telegram, session_factory)
    fake_openai.script.reply_text(
        "Paga aquí: [pasarela segura del banco](https://evil.example/pay?u=ana)"
    )
    await ana.send("¿Cómo pago?")
    reply = await ana.wait_for(said("Paga aquí"))

    assert "pasarela segura del banco (https://evil.example/pay?u=ana)" in reply.plain_text
    assert not [e for e in reply.entities if e["type"] == "text_link"]
    assert "href" not in reply.text
    [sent] = [r for r in fake_telegram.requests("sendMessage") if "Paga aquí" in r.params["text"]]
    assert sent.params["link_preview_options"] == NO_PREVIEW


@with_settings(operator_link_hosts=("cobros.example",))
async def test_a_link_to_the_operators_own_site_stays_a_link_without_a_preview(
    assistant_bot, fake_telegram, fake_openai, session_factory
):
    ana = await registered_debtor(fake_telegram, session_factory)
    fake_openai.script.reply_text(
        "Tienes las condiciones en [nuestra web](https://ayuda.cobros.example/condiciones) "
        "y no en [esta](https://cobros.example.evil.example/)."
    )
    await ana.send("¿Dónde están las condiciones?")
    reply = await ana.wait_for(said("Tienes las condiciones"))

    links = [e["url"] for e in reply.entities if e["type"] == "text_link"]
    assert links == ["https://ayuda.cobros.example/condiciones"]
    assert "esta (https://cobros.example.evil.example/)" in reply.plain_text
    [sent] = [r for r in fake_telegram.requests("sendMessage") if "condiciones" in r.params["text"]]
    assert sent.params["link_preview_options"] == NO_PREVIEW
