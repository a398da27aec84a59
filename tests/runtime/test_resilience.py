"""A flaky Bot API does not crash finbot or lose a reply; a wrong request never goes unseen."""

from __future__ import annotations

import pytest
from telegram.error import BadRequest


@pytest.mark.parametrize("status", [429, 502])
async def test_the_reply_arrives_once_after_the_bot_api_recovers(finbot, fake_telegram, status):
    fake_telegram.fail_next("sendMessage", status=status, retry_after=1, times=2)
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await ana.send("/start")
    reply = await ana.wait_for_reply(timeout=15)
    assert "¡Hola, Ana!" in reply.plain_text
    sends = fake_telegram.requests("sendMessage")
    assert [request.fault for request in sends] == [True, True, False]
    await ana.assert_no_reply(within=0.5)
    assert len(ana.messages) == 1
    # the bot is still alive and answers the next message at once
    await ana.send("/help")
    assert "Qué puedo hacer" in (await ana.wait_for_reply()).plain_text


@pytest.mark.filterwarnings("ignore:Please use 'Bot.sendMessage':UserWarning")
async def test_a_request_that_breaks_the_spec_fails_the_check(finbot, fake_telegram):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    with fake_telegram.expect_violations(match="txt") as problems, pytest.raises(BadRequest):
        await finbot.bot.do_api_request("sendMessage", api_kwargs={"chat_id": ana.id, "txt": "hi"})
    assert any("text" in problem.message for problem in problems)  # the missing required field
    assert ana.messages == []


async def test_every_request_of_a_normal_conversation_passes_the_spec(finbot, fake_telegram):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    for message in ("/start", "/help", "/privacy", "hola"):
        await ana.send(message)
        await ana.wait_for_reply()
    assert fake_telegram.requests()
    assert all(not request.violations for request in fake_telegram.requests())
    assert fake_telegram.violations == []
