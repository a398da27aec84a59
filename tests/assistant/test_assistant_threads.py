"""The assistant's memory: /newchat starts afresh (the old thread is kept), and with
ASSISTANT_THREADS=openai the thread lives in an OpenAI Conversation instead of our items."""

from __future__ import annotations

import pytest

from db.models import AssistantThread, ThreadItem
from tests.fakes.openai import ToolCall
from tests.support.assistant import assistant_texts, last_output, user_texts, with_settings
from tests.support.chat import said
from tests.support.people import registered_debtor
from tests.support.rows import all_rows


@pytest.fixture
def settings_changes() -> dict:
    return {}


@pytest.fixture
def assistant_settings(assistant_settings, settings_changes):
    return assistant_settings.model_copy(update=settings_changes)


async def test_newchat_starts_a_conversation_without_the_old_one_which_stays_stored(
    assistant_bot, fake_telegram, fake_openai, session_factory
):
    ana = await registered_debtor(fake_telegram, session_factory)
    fake_openai.script.reply_text("Hola, Ana. Me dijiste que cobras el día 5.")
    fake_openai.script.reply_text("¡Hola! ¿En qué te ayudo?")
    await ana.send("Cobro el día 5")
    await ana.wait_for(said("cobras el día 5"))

    await ana.send("/newchat")
    told = await ana.wait_for(said("Conversación nueva"))
    assert "no usaré lo que hablamos antes" in told.plain_text
    await ana.send("Hola otra vez")
    await ana.wait_for(said("¿En qué te ayudo?"))

    fresh = fake_openai.requests[-1]
    assert fresh["input"] == [
        {
            "type": "message",
            "role": "user",
            "content": [{"type": "input_text", "text": "Hola otra vez"}],
        }
    ]
    old, new = await all_rows(session_factory, AssistantThread)
    assert (old.status, new.status) == ("closed", "active")
    old_items = await all_rows(session_factory, ThreadItem, ThreadItem.thread_id == old.id)
    assert [(i.item_type, i.role) for i in old_items] == [
        ("message", "user"),
        ("message", "assistant"),
    ]
    assert old_items[0].payload["content"][0]["text"] == "Cobro el día 5"


@with_settings(assistant_threads="openai")
async def test_openai_threads_keep_the_conversation_there_and_send_only_new_items(
    assistant_bot, fake_telegram, fake_openai, session_factory
):
    ana = await registered_debtor(fake_telegram, session_factory)
    fake_openai.script.call_tool("list_debts", {}).respond_with(
        lambda body: f"Tienes {len(last_output(body)['debts'])} deudas."
    )
    await ana.send("¿Cuántas deudas tengo?")
    await ana.wait_for(said("Tienes 2 deudas"))
    [conversation] = fake_openai.conversations.by_id.values()

    asked, answered = fake_openai.requests
    for body in (asked, answered):
        assert body["conversation"] == conversation.id
        assert body.get("store") is not False
    assert user_texts(asked) == ["¿Cuántas deudas tengo?"] and len(asked["input"]) == 1
    [output] = answered["input"]  # only the tool's output: the call is in the conversation
    assert output["type"] == "function_call_output"
    kinds = [item["type"] for item in conversation.items]
    assert kinds == ["message", "function_call", "function_call_output", "message"]

    fake_openai.script.reply_text("Las dos son de 1.200 €.")
    await ana.send("¿De cuánto son?")
    await ana.wait_for(said("Las dos son de"))
    follow_up = fake_openai.requests[-1]
    assert follow_up["conversation"] == conversation.id
    assert user_texts(follow_up) == ["¿De cuánto son?"] and assistant_texts(follow_up) == []

    [thread] = await all_rows(session_factory, AssistantThread)
    assert thread.openai_conversation_id == conversation.id
    assert await all_rows(session_factory, ThreadItem) == []

    await ana.send("/newchat")
    await ana.wait_for(said("Conversación nueva"))
    fake_openai.script.reply_text("Empezamos de nuevo.")
    await ana.send("Hola")
    await ana.wait_for(said("Empezamos de nuevo"))
    assert len(fake_openai.conversations.by_id) == 2
    newest = fake_openai.requests[-1]["conversation"]
    assert newest != conversation.id
    old, new = await all_rows(session_factory, AssistantThread)
    assert (old.openai_conversation_id, new.openai_conversation_id) == (conversation.id, newest)


SORRY = "Perdona, el asistente no ha podido responder ahora"


@pytest.mark.parametrize("outage", ["server_error", "no_answer_within_the_timeout"])
@with_settings(assistant_threads="openai", assistant_max_retries=0, assistant_timeout_seconds=1.0)
async def test_openai_threads_survive_a_failure_right_after_a_tool_call(
    assistant_bot, fake_telegram, fake_openai, session_factory, outage
):
    ana = await registered_debtor(fake_telegram, session_factory)

    def list_debts_then_fail(body: dict):
        if outage == "server_error":
            fake_openai.fail_next(500)
        else:
            fake_openai.hang_next()  # until the turn's timeout gives up on it
        return ToolCall("list_debts", {}, "call_left_open")

    fake_openai.script.respond_with(list_debts_then_fail)
    await ana.send("¿Cuánto debo?")
    await ana.wait_for(said(SORRY), timeout=5)

    fake_openai.script.reply_text("Debes 2.400 € en total.")
    await ana.send("¿Lo intentas otra vez?")
    await ana.wait_for(said("Debes 2.400 €"), timeout=5)
    assert not fake_openai.problems  # no request left a call without its output


@with_settings(assistant_context_tokens=600)
async def test_a_long_conversation_forgets_whole_old_turns_and_keeps_going(
    assistant_bot, fake_telegram, fake_openai, session_factory
):
    ana = await registered_debtor(fake_telegram, session_factory)
    fake_openai.script.call_tool("list_debts", {}, call_id="call_old").reply_text("Tienes dos.")
    await ana.send("¿Cuántas deudas tengo?")
    await ana.wait_for(said("Tienes dos."))
    story = "Te cuento mi situación: " + "este mes he tenido gastos imprevistos. " * 30
    fake_openai.script.reply_text("Entiendo tu situación.").reply_text("De nada.")
    await ana.send(story)
    await ana.wait_for(said("Entiendo tu situación"))
    await ana.send("Gracias")
    await ana.wait_for(said("De nada"))

    latest = fake_openai.requests[-1]
    assert user_texts(latest) == [story, "Gracias"]  # the first turn no longer fits
    assert all(not item["type"].startswith("function") for item in latest["input"])
    assert latest["input"][0]["role"] == "user"
    assert len(await all_rows(session_factory, ThreadItem)) == 8  # forgotten, not deleted
