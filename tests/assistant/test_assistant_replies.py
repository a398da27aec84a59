"""How the assistant's reply reaches the user: drafts while it is written, one final
message (or several under Telegram's limit), plain text when Telegram refuses the
formatting, and messages sent meanwhile answered one at a time, in order."""

from __future__ import annotations

import asyncio

import bot.render.stream
from tests.support.assistant import assistant_texts, user_texts
from tests.support.chat import said
from tests.support.people import registered_debtor

STREAMED = (
    "Tienes dos deudas con el mismo saldo. Te recomiendo empezar por la de Banco 1, "
    "que vence antes, y seguir con la de Banco 2 cuando termines."
)


def sent_after(fake_telegram, count: int, method: str) -> list:
    """Requests of `method` among the bot's requests after the first `count`."""
    return [r for r in fake_telegram.requests()[count:] if r.method == method]


async def test_a_streamed_reply_shows_growing_drafts_then_one_final_message(
    assistant_bot, fake_telegram, fake_openai, session_factory, monkeypatch
):
    monkeypatch.setattr(bot.render.stream, "DRAFT_INTERVAL_SECONDS", 0)
    ana = await registered_debtor(fake_telegram, session_factory)
    fake_openai.script.reply_text(STREAMED)
    before = len(fake_telegram.requests())
    await ana.send("¿Por cuál empiezo?")
    await ana.wait_for(said("Banco 2 cuando termines"))

    drafts = ana.drafts
    assert len(drafts) >= 3
    assert len({draft.draft_id for draft in drafts}) == 1
    texts = [draft.plain_text for draft in drafts]
    assert all(STREAMED.startswith(text) for text in texts)
    assert [len(text) for text in texts] == sorted({len(text) for text in texts})  # growing
    [final] = sent_after(fake_telegram, before, "sendMessage")
    assert final.params["text"] == STREAMED
    last_draft = max(
        i for i, r in enumerate(fake_telegram.requests()) if r.method == "sendMessageDraft"
    )
    assert fake_telegram.requests().index(final) > last_draft


async def test_drafts_are_throttled_while_the_model_writes_slowly(
    assistant_bot, fake_telegram, fake_openai, session_factory
):
    ana = await registered_debtor(fake_telegram, session_factory)
    fake_openai.stream_event_delay = 0.03  # about a second for the whole reply
    fake_openai.script.reply_text(STREAMED)
    await ana.send("¿Por cuál empiezo?")
    await ana.wait_for(said("Banco 2 cuando termines"), timeout=10)
    deltas = -(-len(STREAMED) // fake_openai.stream_chunk_chars)
    assert 2 <= len(ana.drafts) < deltas / 2
    assert all(STREAMED.startswith(draft.plain_text) for draft in ana.drafts)


async def test_a_reply_longer_than_telegram_allows_comes_in_parts_split_between_paragraphs(
    assistant_bot, fake_telegram, fake_openai, session_factory
):
    ana = await registered_debtor(fake_telegram, session_factory)
    paragraphs = [f"Párrafo {n}: " + "una explicación detallada " * 24 for n in range(1, 13)]
    paragraphs = [paragraph.strip() for paragraph in paragraphs]
    long_reply = "\n\n".join(paragraphs)
    assert len(long_reply) > 7000
    fake_openai.stream_chunk_chars = 400
    fake_openai.script.reply_text(long_reply)
    await ana.send("Explícamelo todo con detalle")
    first = await ana.wait_for(said("Párrafo 1:"))
    parts = [first]
    while not parts[-1].plain_text.endswith(paragraphs[-1]):
        parts.append(await ana.wait_for_reply())

    texts = [part.plain_text for part in parts]
    assert len(texts) >= 2
    assert all(len(text) <= 4096 for text in texts)
    assert all(text.startswith("Párrafo") for text in texts)  # each starts a paragraph
    assert "\n\n".join(texts) == long_reply  # nothing lost, nothing repeated


async def test_when_telegram_refuses_the_formatting_the_reply_comes_as_plain_text(
    assistant_bot, fake_telegram, fake_openai, session_factory
):
    ana = await registered_debtor(fake_telegram, session_factory)
    fake_openai.script.reply_text("Tienes **2 deudas**: *Banco 1* y *Banco 2*.")
    refusal = 'Bad Request: can\'t parse entities: Unsupported start tag "b" at byte offset 7'
    fake_telegram.fail_next("sendMessage", 400, description=refusal)
    await ana.send("¿Cuántas deudas tengo?")
    reply = await ana.wait_for(said("Banco 2"))
    assert reply.plain_text == "Tienes 2 deudas: Banco 1 y Banco 2."
    assert reply.parse_mode is None and "<b>" not in reply.text
    refused = [r for r in fake_telegram.requests("sendMessage") if r.fault]
    assert len(refused) == 1 and "<b>2 deudas</b>" in refused[0].params["text"]


async def test_messages_sent_while_a_reply_is_written_are_answered_one_at_a_time_in_order(
    assistant_bot, fake_telegram, fake_openai, session_factory
):
    ana = await registered_debtor(fake_telegram, session_factory)
    fake_openai.delay_next(1.0)  # the first reply takes a second to start

    def answer_the_last_message(body: dict) -> str:
        return f"Respuesta a «{user_texts(body)[-1]}»"

    for _ in range(3):
        fake_openai.script.respond_with(answer_the_last_message)
    questions = ["Primera pregunta", "Segunda pregunta", "Tercera pregunta"]
    for question in questions:
        await ana.send(question)
        await asyncio.sleep(0.05)
    replies = [await ana.wait_for(said("Respuesta a"), timeout=10) for _ in questions]

    assert [r.plain_text for r in replies] == [f"Respuesta a «{q}»" for q in questions]
    first, second, third = fake_openai.requests
    assert user_texts(first) == questions[:1]
    assert user_texts(second) == questions[:2]  # asked after the first turn was done
    assert assistant_texts(second) == ["Respuesta a «Primera pregunta»"]
    assert user_texts(third) == questions
    assert assistant_texts(third) == [f"Respuesta a «{q}»" for q in questions[:2]]


async def test_characters_that_look_like_html_arrive_exactly_as_the_model_wrote_them(
    assistant_bot, fake_telegram, fake_openai, session_factory
):
    ana = await registered_debtor(fake_telegram, session_factory)
    written = "Si pagas < 100 € & más de 3 cuotas, <b>no</b> hay recargo: 5 > 3."
    fake_openai.script.reply_text(written)
    await ana.send("¿Hay recargo?")
    reply = await ana.wait_for(said("hay recargo"))
    assert reply.plain_text == written and reply.entities == []


async def test_when_telegram_refuses_drafts_the_final_reply_still_arrives(
    assistant_bot, fake_telegram, fake_openai, session_factory, monkeypatch
):
    monkeypatch.setattr(bot.render.stream, "DRAFT_INTERVAL_SECONDS", 0)
    ana = await registered_debtor(fake_telegram, session_factory)
    fake_telegram.fail_next(
        "sendMessageDraft", 400, description="Bad Request: TEXTDRAFT_PEER_INVALID"
    )
    fake_openai.script.reply_text(STREAMED)
    await ana.send("¿Por cuál empiezo?")
    reply = await ana.wait_for(said("Banco 2 cuando termines"))
    assert reply.plain_text == STREAMED
    assert len(fake_telegram.requests("sendMessageDraft")) == 1  # no more drafts for this reply


async def test_one_users_slow_reply_does_not_hold_up_another_users(
    assistant_bot, fake_telegram, fake_openai, session_factory
):
    ana = await registered_debtor(fake_telegram, session_factory)
    sam = fake_telegram.user(first_name="Sam", language_code="en")
    fake_openai.delay_next(1.5)  # Ana's reply is slow to start
    for _ in range(2):
        fake_openai.script.respond_with(lambda body: f"Re: {user_texts(body)[-1]}")
    await ana.send("Pregunta lenta")
    await asyncio.sleep(0.1)
    await sam.send("Quick question")
    await sam.wait_for(said("Re: Quick question"))
    assert not any("Re:" in (m.plain_text or "") for m in ana.messages)  # Ana's still coming
    await ana.wait_for(said("Re: Pregunta lenta"), timeout=5)
