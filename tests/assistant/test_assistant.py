"""The assistant end to end: real Application, fake Bot API, scripted fake Responses server.

What the `test_assistant_*` modules share is in `tests/support/assistant.py`."""

from __future__ import annotations

import json

from db.models import AssistantThread, AuditLogEntry, PaymentPlan, ThreadItem
from tests.fakes.openai import ToolCall
from tests.support.assistant import last_output, user_texts
from tests.support.chat import said
from tests.support.people import registered_debtor
from tests.support.rows import all_rows, debt_ids


async def test_a_question_is_answered_from_the_users_debts_via_a_tool(
    assistant_bot, fake_telegram, fake_openai, session_factory
):
    ana = await registered_debtor(fake_telegram, session_factory)

    def quote_the_debts(body: dict) -> str:
        debts = last_output(body)["debts"]
        listed = " y ".join(f"{debt['balance']} € con {debt['creditor']}" for debt in debts)
        return f"Tienes **{len(debts)} deudas**: {listed}."

    fake_openai.script.call_tool("list_debts", {}).respond_with(quote_the_debts)
    await ana.send("¿Cuánto debo?")
    reply = await ana.wait_for(said("Tienes 2 deudas"))
    assert reply.plain_text == "Tienes 2 deudas: 1200.00 € con Banco 1 y 1200.00 € con Banco 2."
    assert "<b>2 deudas</b>" in reply.text
    first, second = fake_openai.requests
    assert user_texts(first) == ["¿Cuánto debo?"]
    assert first["store"] is False and second["store"] is False
    assert "typing" in ana.chat_actions  # while the tool ran
    assert {debt["creditor"] for debt in last_output(second)["debts"]} == {"Banco 1", "Banco 2"}
    assert await all_rows(session_factory, PaymentPlan) == []


async def test_every_tool_call_and_its_result_is_recorded_in_the_thread_and_the_audit_log(
    assistant_bot, fake_telegram, fake_openai, session_factory
):
    ana = await registered_debtor(fake_telegram, session_factory)
    banco_1 = (await debt_ids(session_factory))["Banco 1"]
    fake_openai.script.call_tools(
        ToolCall("list_debts", {}, "call_list"),
        ToolCall("debt_details", {"debt_id": banco_1}, "call_details"),
    ).call_tool(
        "calculate_plan", {"debt_id": banco_1, "months": 6, "monthly_amount": None},
        call_id="call_plan",
    ).reply_text("Con 6 cuotas pagarías 200 € al mes.")  # fmt: skip
    await ana.send("¿Cuánto pagaría en 6 meses por el Banco 1?")
    await ana.wait_for(said("200 € al mes"))

    [thread] = await all_rows(session_factory, AssistantThread)
    items = await all_rows(session_factory, ThreadItem, ThreadItem.thread_id == thread.id)
    calls = {i.payload["call_id"]: i.payload for i in items if i.item_type == "function_call"}
    outputs = {
        i.payload["call_id"]: json.loads(i.payload["output"])
        for i in items
        if i.item_type == "function_call_output"
    }
    assert set(calls) == set(outputs) == {"call_list", "call_details", "call_plan"}
    assert calls["call_details"]["name"] == "debt_details"
    assert outputs["call_plan"]["months"] == 6 and outputs["call_details"]["id"] == banco_1
    assert items[0].item_type == "message"  # the user's question comes first
    assert [i.position for i in items] == sorted(i.position for i in items)

    audited = await all_rows(
        session_factory, AuditLogEntry, AuditLogEntry.action == "assistant.tool_call"
    )
    assert {(entry.details["call_id"], entry.details["tool"]) for entry in audited} == {
        ("call_list", "list_debts"),
        ("call_details", "debt_details"),
        ("call_plan", "calculate_plan"),
    }
    assert {entry.details["outcome"] for entry in audited} == {"ok"}
    assert {entry.entity_id for entry in audited} == {thread.id}
