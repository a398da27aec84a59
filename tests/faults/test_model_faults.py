"""The model server misbehaving where tests/assistant/test_assistant_failures.py does not look:
malformed tool calls, faults after several rounds of tool calls, a call cut off while it
streams, and the Conversations API (ASSISTANT_THREADS=openai) failing.

Whatever goes wrong, the user gets an answer in their language (the model's, or a short
apology), and the next turn works: the fake server accepts the thread it is sent (it
answers 400 to a call without its output, or an output without its call, and the fixture
fails the test on any such problem).
"""

from __future__ import annotations

import json

import pytest

from bot.context import DEPS_KEY
from db.models import AssistantThread, AuditLogEntry
from tests.fakes.openai import ToolCall
from tests.support.assistant import SORRY, last_output, outputs_of, user_texts, with_settings
from tests.support.chat import said
from tests.support.people import registered_debtor, strangers_debt
from tests.support.rows import all_rows, debt_ids


@pytest.fixture
def settings_changes() -> dict:
    return {}


@pytest.fixture
def assistant_settings(assistant_settings, settings_changes):
    return assistant_settings.model_copy(update=settings_changes)


def calls_and_outputs(request: dict) -> tuple[list[str], list[str]]:
    """The call ids of the function calls and of the outputs the request sends."""
    items = request["input"]
    calls = [i["call_id"] for i in items if i.get("type") == "function_call"]
    return calls, [i["call_id"] for i in items if i.get("type") == "function_call_output"]


GREETING = {"es": "¿Me ayudas?", "en": "Can you help me?"}
NEXT = {"es": "¿Y ahora?", "en": "And now?"}
ANSWER = {"es": "Claro, aquí estoy.", "en": "Sure, here I am."}


async def next_turn_is_answered(person, fake_openai, language: str) -> dict:
    """The following message gets the model's answer; returns the request that asked it."""
    fake_openai.script.reply_text(ANSWER[language])
    await person.send(NEXT[language])
    await person.wait_for(said(ANSWER[language]), timeout=8)
    return fake_openai.last_request


# -- malformed tool calls ------------------------------------------------------------------
EXTRA_TOOL = {
    "type": "function",
    "name": "forgive_debt",
    "description": "Forgive a debt (a tool the bot does not have).",
    "parameters": {
        "type": "object",
        "properties": {},
        "required": [],
        "additionalProperties": False,
    },
    "strict": True,
}
MALFORMED = {
    # id: (tool, raw arguments, the error code the model reads)
    "invalid-json": ("debt_details", '{"debt_id": 1,', "invalid_arguments"),
    "a-json-list": ("debt_details", "[1, 2]", "invalid_arguments"),
    "wrong-type": ("debt_details", '{"debt_id": "el del Banco 1"}', "invalid_arguments"),
    "missing-argument": ("calculate_plan", '{"months": 6}', "invalid_arguments"),
    "naming-a-user": ("list_debts", '{"user_id": 1}', "invalid_arguments"),
    "unknown-tool": ("forgive_debt", "{}", "unknown_tool"),
}


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("malformed", list(MALFORMED))
async def test_a_malformed_tool_call_is_explained_and_the_next_turn_replays_it_paired(
    assistant_bot, fake_telegram, fake_openai, monkeypatch, malformed, language
):
    tool, arguments, code = MALFORMED[malformed]
    if tool == "forgive_debt":  # offered (say, by an older deploy), but not in the toolbox
        toolbox = assistant_bot.bot_data[DEPS_KEY].assistant.toolbox
        monkeypatch.setattr(toolbox, "params", lambda: [*toolbox._params, EXTRA_TOOL])
    sam = fake_telegram.user(first_name="Sam", language_code=language)

    def explain(body: dict) -> str:
        return f"({last_output(body)['error']['code']}) " + ANSWER[language].upper()

    fake_openai.script.call_tool(tool, arguments, call_id="call_bad").respond_with(explain)
    await sam.send(GREETING[language])
    reply = await sam.wait_for(said(ANSWER[language].upper()))
    assert reply.plain_text.startswith(f"({code})")

    follow_up = await next_turn_is_answered(sam, fake_openai, language)
    assert user_texts(follow_up) == [GREETING[language], NEXT[language]]
    assert calls_and_outputs(follow_up) == (["call_bad"], ["call_bad"])
    [audited] = await all_rows(
        assistant_bot.bot_data[DEPS_KEY].session_factory,
        AuditLogEntry,
        AuditLogEntry.action == "assistant.tool_call",
    )
    assert (audited.details["tool"], audited.details["outcome"]) == (tool, code)


async def test_another_users_debt_id_in_plan_and_offer_tools_reveals_nothing(
    assistant_bot, fake_telegram, fake_openai, session_factory
):
    """The identity comes from the update: tools not covered by the negotiation tests."""
    theirs = await strangers_debt(fake_telegram, session_factory)
    ana = await registered_debtor(fake_telegram, session_factory)
    banco_1 = (await debt_ids(session_factory))["Banco 1"]
    calls = [
        ToolCall("calculate_plan", {"debt_id": theirs, "months": 6, "monthly_amount": None}, "p"),
        ToolCall("ask_settlement_offer", {"debt_id": theirs, "better": False}, "s"),
        ToolCall(
            "propose_partial_payment",
            {"debt_id": theirs, "upfront_amount": "100.00", "months": 6},
            "pp",
        ),
        ToolCall("calculate_plan", {"debt_id": banco_1, "months": 6, "monthly_amount": None},
                 "own"),
    ]  # fmt: skip
    fake_openai.script.call_tools(*calls).reply_text("Solo veo tus deudas: Banco 1 y Banco 2.")
    await ana.send(f"Calcula un plan para la deuda {theirs}")
    await ana.wait_for(said("Solo veo tus deudas"))

    outputs = {o["call_id"]: json.loads(o["output"]) for o in outputs_of(fake_openai.last_request)}
    assert all("error" in outputs[call] for call in ("p", "s", "pp"))
    assert "error" not in outputs["own"]
    sent = json.dumps(fake_openai.requests, ensure_ascii=False)
    for secret in ("Roberto", "ROB-SECRET-77", "7777", "Banco Secreto"):
        assert secret not in sent
    follow_up = await next_turn_is_answered(ana, fake_openai, "es")
    assert calls_and_outputs(follow_up) == (["p", "s", "pp", "own"], ["p", "s", "pp", "own"])


# -- local threads: faults after two rounds of calls, and a call cut off as it streams ------
def fail(fake_openai, fault: str) -> None:
    if fault == "429":
        fake_openai.fail_next(429, retry_after=0.05, times=2)  # the request and its retry
    elif fault == "502":
        fake_openai.fail_next(502, times=2)
    elif fault == "cut-eof":
        fake_openai.cut_stream_next(after_events=6, mode="eof")
    else:
        fake_openai.hang_next()


@pytest.mark.parametrize(
    ("fault", "language"), [("429", "es"), ("502", "en"), ("cut-eof", "en"), ("hang", "es")]
)
@with_settings(assistant_max_retries=1, assistant_timeout_seconds=2.0)
async def test_a_fault_after_two_rounds_of_calls_keeps_every_call_paired_for_the_next_turn(
    assistant_bot, fake_telegram, fake_openai, fault, language
):
    sam = fake_telegram.user(first_name="Sam", language_code=language)

    def then_fail(body: dict) -> ToolCall:
        fail(fake_openai, fault)
        return ToolCall("next_installments", {}, "call_second")

    fake_openai.script.call_tools(
        ToolCall("list_debts", {}, "call_first_a"), ToolCall("list_debts", {}, "call_first_b")
    ).respond_with(then_fail)
    if fault == "cut-eof":
        fake_openai.script.reply_text("This text is cut off before it is complete.")
    await sam.send(GREETING[language])
    await sam.wait_for(said(SORRY[language]), timeout=8)
    fake_openai.script.clear()  # a cut reply stays scripted: the next turn gets a new one

    follow_up = await next_turn_is_answered(sam, fake_openai, language)
    assert user_texts(follow_up) == [GREETING[language], NEXT[language]]
    expected = ["call_first_a", "call_first_b", "call_second"]
    assert calls_and_outputs(follow_up) == (expected, expected)


@pytest.mark.parametrize("language", ["es", "en"])
async def test_a_call_cut_off_while_it_streams_is_never_run_nor_replayed(
    assistant_bot, fake_telegram, fake_openai, language
):
    sam = fake_telegram.user(first_name="Sam", language_code=language)
    fake_openai.cut_stream_next(after_events=4, mode="abort")  # inside the arguments
    fake_openai.script.call_tool("debt_details", {"debt_id": 12345}, call_id="call_cut")
    await sam.send(GREETING[language])
    await sam.wait_for(said(SORRY[language]))
    fake_openai.script.clear()  # the cut reply stays scripted: the next turn gets a new one

    follow_up = await next_turn_is_answered(sam, fake_openai, language)
    assert user_texts(follow_up) == [NEXT[language]]  # a failed turn leaves no trace
    assert calls_and_outputs(follow_up) == ([], [])


# -- ASSISTANT_THREADS=openai: the Conversations API failing -------------------------------
OPENAI_THREADS = {
    "assistant_threads": "openai",
    "assistant_max_retries": 0,
    "assistant_timeout_seconds": 1.0,
}


@pytest.mark.parametrize(("fault", "language"), [("500", "es"), ("429", "en"), ("hang", "es")])
@with_settings(**OPENAI_THREADS)
async def test_a_conversation_that_cannot_be_created_gets_an_apology_and_the_next_turn_one(
    assistant_bot, fake_telegram, fake_openai, session_factory, fault, language
):
    sam = fake_telegram.user(first_name="Sam", language_code=language)
    if fault == "hang":
        fake_openai.hang_next(path="/v1/conversations")
    else:
        fake_openai.fail_next(int(fault), path="/v1/conversations")
    await sam.send(GREETING[language])
    await sam.wait_for(said(SORRY[language]), timeout=5)
    assert fake_openai.requests == []  # nothing asked of the model without a conversation

    follow_up = await next_turn_is_answered(sam, fake_openai, language)
    [conversation] = fake_openai.conversations.by_id.values()
    assert follow_up["conversation"] == conversation.id
    [thread] = await all_rows(session_factory, AssistantThread)
    assert thread.openai_conversation_id == conversation.id


@pytest.mark.parametrize("status", [500, 429])
@with_settings(**OPENAI_THREADS)
async def test_a_refused_turn_keeps_the_conversation_for_the_next_one(
    assistant_bot, fake_telegram, fake_openai, session_factory, status
):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    fake_openai.script.reply_text("Hola, Ana.")
    await ana.send("Hola")
    await ana.wait_for(said("Hola, Ana."))
    [conversation] = fake_openai.conversations.by_id.values()

    fake_openai.fail_next(status)
    await ana.send(GREETING["es"])
    await ana.wait_for(said(SORRY["es"]))
    follow_up = await next_turn_is_answered(ana, fake_openai, "es")
    assert follow_up["conversation"] == conversation.id  # the memory is kept
    assert user_texts(follow_up) == [NEXT["es"]]


@pytest.mark.parametrize("fault", ["timeout-while-the-call-streams", "cut-after-the-call"])
@with_settings(**OPENAI_THREADS)
async def test_a_conversation_left_holding_an_unanswered_call_is_replaced(
    assistant_bot, fake_telegram, fake_openai, session_factory, fault
):
    """The server stores a response whole even when the bot gave up reading it: had the
    thread kept that Conversation, it would hold a call without output forever (400)."""
    ana = fake_telegram.user(first_name="Ana", language_code="es")

    def slow_call(body: dict) -> ToolCall:
        fake_openai.stream_event_delay = 0.3  # the call takes longer than the turn's 1 s
        return ToolCall("list_debts", {}, "call_given_up")

    def call_then_cut(body: dict) -> ToolCall:
        fake_openai.cut_stream_next(after_events=5, mode="abort")
        return ToolCall("list_debts", {}, "call_answered")

    if fault == "timeout-while-the-call-streams":
        fake_openai.script.respond_with(slow_call)
        fake_openai.allow_unanswered_calls()  # left behind in the abandoned Conversation
    else:
        fake_openai.script.respond_with(call_then_cut).reply_text("No se verá entero.")
    await ana.send("¿Cuánto debo?")
    await ana.wait_for(said(SORRY["es"]), timeout=5)
    fake_openai.stream_event_delay = 0
    fake_openai.script.clear()  # a cut reply stays scripted: the next turn gets a new one

    follow_up = await next_turn_is_answered(ana, fake_openai, "es")
    first, second = fake_openai.conversations.by_id
    assert follow_up["conversation"] == second != first
    [thread] = await all_rows(session_factory, AssistantThread)
    assert thread.openai_conversation_id == second


@with_settings(**OPENAI_THREADS)
async def test_a_conversation_the_server_refuses_as_invalid_is_replaced_on_the_next_turn(
    assistant_bot, fake_telegram, fake_openai, session_factory
):
    """A thread broken before (a call without output stored in its Conversation) heals."""
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    fake_openai.script.reply_text("Hola, Ana.")
    await ana.send("Hola")
    await ana.wait_for(said("Hola, Ana."))
    [broken] = fake_openai.conversations.by_id.values()
    orphan = {"type": "function_call", "call_id": "call_orphan", "name": "list_debts"}
    fake_openai.conversations.append(broken.id, [{**orphan, "arguments": "{}"}])
    fake_openai.expect_problems("unanswered_call")  # the 400 this test is about
    fake_openai.script.reply_text("No llegará: el servidor rechaza la conversación.")
    fake_openai.allow_leftovers()
    await ana.send(GREETING["es"])
    await ana.wait_for(said(SORRY["es"]))
    fake_openai.script.clear()

    follow_up = await next_turn_is_answered(ana, fake_openai, "es")
    assert follow_up["conversation"] != broken.id
