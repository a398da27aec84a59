"""The assistant's limits and edges: a bounded tool loop, malformed arguments explained,
the daily token budget, no model key at all, and handing the chat over to a person."""

from __future__ import annotations

import json

import pytest

from db.models import AssistantUsage, Handover
from tests.fakes.openai import Text, ToolCall
from tests.support.assistant import last_output, outputs_of, with_settings
from tests.support.chat import said
from tests.support.people import registered_debtor
from tests.support.rows import all_rows

OPERATORS_CHAT = -1001000000042


@pytest.fixture
def settings_changes() -> dict:
    return {}


@pytest.fixture
def assistant_settings(assistant_settings, settings_changes):
    return assistant_settings.model_copy(update=settings_changes)


@with_settings(assistant_max_tool_calls=3)
async def test_a_model_that_calls_tools_endlessly_is_stopped_and_still_answers_in_words(
    assistant_bot, fake_telegram, fake_openai, session_factory
):
    ana = await registered_debtor(fake_telegram, session_factory)

    def always_another_call(body: dict) -> ToolCall | Text:
        if body.get("tool_choice") == "none":
            return Text("He mirado tus deudas varias veces: tienes dos.")
        return ToolCall("list_debts", {})

    for _ in range(8):
        fake_openai.script.respond_with(always_another_call)
    fake_openai.allow_leftovers()  # the point is that most of them are never asked for
    await ana.send("Mira mis deudas")
    await ana.wait_for(said("tienes dos"))

    assert len(fake_openai.requests) == 4  # three calls, then words only
    assert [r.get("tool_choice") for r in fake_openai.requests] == [None, None, None, "none"]
    assert len(outputs_of(fake_openai.last_request)) == 3


@with_settings(assistant_max_tool_calls=3)
async def test_calls_beyond_the_limit_in_one_response_are_refused_not_run(
    assistant_bot, fake_telegram, fake_openai, session_factory
):
    ana = await registered_debtor(fake_telegram, session_factory)
    fake_openai.script.call_tools(*[ToolCall("list_debts", {}, f"call_{n}") for n in range(5)])
    fake_openai.script.reply_text("Ya tengo lo que necesito.")
    await ana.send("Mira mis deudas muchas veces")
    await ana.wait_for(said("Ya tengo lo que necesito"))

    outputs = {o["call_id"]: json.loads(o["output"]) for o in outputs_of(fake_openai.last_request)}
    assert all("debts" in outputs[f"call_{n}"] for n in range(3))
    for n in (3, 4):
        assert outputs[f"call_{n}"]["error"]["code"] == "tool_call_limit"
    assert fake_openai.last_request["tool_choice"] == "none"


async def test_malformed_tool_arguments_get_an_error_the_model_then_explains(
    assistant_bot, fake_telegram, fake_openai, session_factory
):
    ana = await registered_debtor(fake_telegram, session_factory)

    def explain(body: dict) -> str:
        code = last_output(body)["error"]["code"]
        return f"No he podido consultarlo ({code}); ¿me dices de qué deuda hablas?"

    fake_openai.script.call_tool("debt_details", "{not json").respond_with(explain)
    await ana.send("Detalles de mi deuda")
    reply = await ana.wait_for(said("No he podido consultarlo"))
    assert "(invalid_arguments)" in reply.plain_text


@with_settings(assistant_daily_tokens=30_000, assistant_max_output_tokens=1_000)
async def test_once_the_daily_budget_is_spent_the_user_is_told_and_commands_still_work(
    assistant_bot, fake_telegram, fake_openai, session_factory
):
    ana = await registered_debtor(fake_telegram, session_factory)
    used = {"input_tokens": 29_500, "output_tokens": 500}
    fake_openai.script.reply_text("Hola, Ana.", usage=used)
    await ana.send("Hola")
    await ana.wait_for(said("Hola, Ana."))
    [spent] = await all_rows(session_factory, AssistantUsage)
    assert spent.input_tokens + spent.output_tokens == 30_000

    await ana.send("¿Cuánto debo?")
    told = await ana.wait_for(said("Has usado el cupo de hoy del asistente"))
    assert "/debts" in told.plain_text
    assert len(fake_openai.requests) == 1  # nothing asked of the model
    await ana.send("/debts")
    await ana.wait_for(said("Banco 1"))


@with_settings(openai_api_key=None)
async def test_without_any_model_key_free_text_is_explained_and_commands_work(
    assistant_bot, fake_telegram, fake_openai, session_factory
):
    ana = await registered_debtor(fake_telegram, session_factory)
    await ana.send("¿Cuánto debo?")
    told = await ana.wait_for(said("no hay un modelo de lenguaje configurado"))
    assert "/apikey" in told.plain_text
    await ana.send("/debts")
    await ana.wait_for(said("Banco 1"))

    sam = fake_telegram.user(first_name="Sam", language_code="en")
    await sam.send("How much do I owe?")
    await sam.wait_for(said("no language model is set up"))
    assert fake_openai.requests == []


@with_settings(admin_chat_id=OPERATORS_CHAT)
async def test_handing_over_to_a_person_notifies_the_operators_and_tells_the_user(
    assistant_bot, fake_telegram, fake_openai, session_factory, clock
):
    operators = fake_telegram.group(OPERATORS_CHAT, "Operadores")
    ana = await registered_debtor(fake_telegram, session_factory)
    summary = "Quiere hablar con una persona sobre la deuda con Banco 1."
    fake_openai.script.call_tool("request_handover", {"summary": summary}).reply_text(
        "Te paso con una persona del equipo."
    )
    await ana.send("Quiero hablar con una persona")
    await ana.wait_for(said("Te paso con una persona"))
    told = await ana.wait_for(said("una persona del equipo te atienda"))
    assert "atencion@example.com" in told.plain_text

    [notice] = await fake_telegram.wait_until(lambda: operators.messages)
    assert f"Motivo: {summary}" in notice.plain_text and str(ana.id) in notice.plain_text
    [handover] = await all_rows(session_factory, Handover)
    assert (handover.source, handover.summary) == ("assistant", summary)
    assert handover.notified_at == clock()
    assert last_output(fake_openai.last_request)["handed_over"] is True


USER_KEY = "sk-proj-AnaOwnKey0123456789abcdefWXYZ"


@with_settings(openai_api_key=None)
async def test_a_users_own_key_answers_their_questions_without_the_operators(
    assistant_bot, fake_telegram, fake_openai, session_factory
):
    ana = await registered_debtor(fake_telegram, session_factory)
    await ana.send(f"/apikey {USER_KEY}")
    await ana.wait_for(said("Clave guardada"))
    fake_openai.script.reply_text("Con tu propia clave: ¿en qué te ayudo?")
    await ana.send("Hola")
    await ana.wait_for(said("Con tu propia clave"))
    [asked] = [r for r in fake_openai.log if r.path == "/v1/responses"]
    assert asked.headers["Authorization"] == f"Bearer {USER_KEY}"


async def test_a_reply_with_no_words_and_nothing_to_show_gets_a_kind_word(
    assistant_bot, fake_telegram, fake_openai, session_factory
):
    ana = await registered_debtor(fake_telegram, session_factory)
    fake_openai.script.reply_text("")
    await ana.send("…")
    told = await ana.wait_for(said("no he sabido formular una respuesta"))
    assert "/debts" in told.plain_text
