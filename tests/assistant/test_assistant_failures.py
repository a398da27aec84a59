"""When the model server fails: rate limits are retried, other refusals are not, and
whatever breaks the user gets a short apology in their language, the commands keep
working, and the thread stays valid for the next message."""

from __future__ import annotations

import socket

import pytest

from bot.app import build_application
from bot.runtime.lifecycle import running
from tests.fakes.openai import ToolCall
from tests.support.assistant import SORRY, user_texts, with_settings
from tests.support.chat import said
from tests.support.people import registered_debtor


@pytest.fixture
def settings_changes() -> dict:
    return {}


@pytest.fixture
def assistant_settings(assistant_settings, settings_changes):
    return assistant_settings.model_copy(update=settings_changes)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@with_settings(assistant_max_retries=1)
async def test_a_rate_limited_request_is_retried_and_the_user_gets_the_answer(
    assistant_bot, fake_telegram, fake_openai, session_factory
):
    ana = await registered_debtor(fake_telegram, session_factory)
    fake_openai.fail_next(429, retry_after=0.05)
    fake_openai.script.reply_text("Claro, te ayudo con tus deudas.")
    await ana.send("¿Me ayudas?")
    await ana.wait_for(said("te ayudo con tus deudas"))
    assert [event.status for event in fake_openai.fault_log] == [429]
    assert len(fake_openai.requests) == 2
    assert not any(SORRY["es"] in (m.plain_text or "") for m in ana.messages)


@pytest.mark.parametrize("language", ["es", "en"])
@with_settings(assistant_max_retries=2)
async def test_a_refused_request_is_not_retried_and_the_user_gets_an_apology(
    assistant_bot, fake_telegram, fake_openai, language
):
    person = fake_telegram.user(first_name="Sam", language_code=language)
    fake_openai.fail_next(400, message="Invalid 'input[0]': something the server disliked.")
    await person.send("Hello?")
    await person.wait_for(said(SORRY[language]))
    assert len(fake_openai.requests) == 1


@with_settings(assistant_max_retries=1)
async def test_when_the_model_server_goes_down_the_user_is_told_and_commands_still_work(
    assistant_bot, fake_telegram, fake_openai, session_factory
):
    ana = await registered_debtor(fake_telegram, session_factory)

    def list_debts_then_go_down(body: dict) -> ToolCall:
        fake_openai.fail_next(500, times=2)  # the next request and its one retry
        return ToolCall("list_debts", {}, "call_before_outage")

    fake_openai.script.respond_with(list_debts_then_go_down)
    await ana.send("¿Cuánto debo?")
    await ana.wait_for(said(SORRY["es"]), timeout=8)
    assert [event.status for event in fake_openai.fault_log] == [500, 500]

    await ana.send("/debts")
    listing = await ana.wait_for(said("Banco 1"))
    assert "Banco 2" in listing.plain_text

    fake_openai.script.reply_text("Ya estoy de vuelta: debes 2.400 € en total.")
    await ana.send("¿Y ahora?")
    await ana.wait_for(said("Ya estoy de vuelta"))
    recovered = fake_openai.requests[-1]
    assert user_texts(recovered) == ["¿Cuánto debo?", "¿Y ahora?"]
    call_ids = [i.get("call_id") for i in recovered["input"] if i["type"].startswith("function")]
    assert call_ids == ["call_before_outage", "call_before_outage"]  # the call and its output


@pytest.mark.parametrize("language", ["es", "en"])
async def test_an_unreachable_model_server_gets_a_quick_apology_in_the_users_language(
    fake_telegram, fake_openai, assistant_settings, clock, language
):
    unreachable = assistant_settings.model_copy(
        update={
            "openai_base_url": f"http://127.0.0.1:{closed_port()}/v1",
            "assistant_max_retries": 1,
            "assistant_timeout_seconds": 5.0,
        }
    )
    async with running(build_application(unreachable, clock=clock), poll_timeout=1):
        person = fake_telegram.user(first_name="Sam", language_code=language)
        await person.send("Hello, anyone there?")
        await person.wait_for(said(SORRY[language]), timeout=5)
        await person.send("/help")
        helped = await person.wait_for_reply()
        assert "/debts" in helped.plain_text and SORRY[language] not in helped.plain_text
    assert fake_openai.requests == []


@pytest.mark.parametrize("mode", ["abort", "eof"])
async def test_a_reply_cut_off_midway_gets_an_apology_and_the_next_message_an_answer(
    assistant_bot, fake_telegram, fake_openai, session_factory, mode
):
    ana = await registered_debtor(fake_telegram, session_factory)

    def list_debts_then_break(body: dict) -> ToolCall:
        fake_openai.cut_stream_next(after_events=8, mode=mode)  # inside the text that follows
        return ToolCall("list_debts", {}, "call_before_the_cut")

    fake_openai.script.respond_with(list_debts_then_break)
    fake_openai.script.reply_text("Tienes dos deudas de 1.200 € cada una, con Banco 1 y Banco 2.")
    await ana.send("¿Cuánto debo?")
    await ana.wait_for(said(SORRY["es"]))
    assert [event.kind for event in fake_openai.fault_log] == ["cut_stream"]
    assert not any("Banco 2." in (m.plain_text or "") for m in ana.messages)

    await ana.send("¿Me lo repites?")
    await ana.wait_for(said("Tienes dos deudas de 1.200 €"))
    assert user_texts(fake_openai.requests[-1]) == ["¿Cuánto debo?", "¿Me lo repites?"]


@with_settings(assistant_timeout_seconds=1.0, assistant_max_retries=0)
async def test_a_model_server_that_never_answers_gets_an_apology_within_the_timeout(
    assistant_bot, fake_telegram, fake_openai, session_factory
):
    ana = await registered_debtor(fake_telegram, session_factory)

    def list_debts_then_hang(body: dict) -> ToolCall:
        fake_openai.hang_next()  # never answers while the server runs
        return ToolCall("list_debts", {}, "call_before_the_silence")

    fake_openai.script.respond_with(list_debts_then_hang)
    await ana.send("¿Cuánto debo?")
    await ana.wait_for(said(SORRY["es"]), timeout=3)

    fake_openai.script.reply_text("Aquí estoy: debes 2.400 €.")
    await ana.send("¿Sigues ahí?")
    await ana.wait_for(said("Aquí estoy"))
    assert user_texts(fake_openai.requests[-1]) == ["¿Cuánto debo?", "¿Sigues ahí?"]
