"""/apikey, /usage, /human and messages finbot cannot read, against the fake Telegram and
the fake OpenAI server."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import select

import bot.app
from bot.handlers import apikey, handover, media, usage
from db.models import AssistantDailySpend, AssistantUsage, Handover, User
from db.repositories.users import UserRepository
from db.unit_of_work import UnitOfWork
from services.accounts import api_keys
from services.assistant.spend import subject_key, subject_of
from services.shared.clock import local_today
from tests.support.bot import TEST_SECRET_KEY
from tests.support.chat import answer, sent_json
from tests.support.rows import every_stored_value, mentions

USER_KEY = "sk-proj-AnaOwnKey0123456789abcdefWXYZ"
OPERATORS_CHAT = -1001000000042


# --- TEMPORARY: wires the account handlers until bot/handlers/__init__.py registers them.
# --- Delete this fixture then; the tests below need nothing else.
@pytest.fixture(autouse=True)
def account_handlers_wired(monkeypatch):
    wired = bot.app.all_handlers

    def with_account_handlers():
        registered = wired()
        if any("apikey" in getattr(handler, "commands", ()) for _, handler in registered):
            return registered
        ours = [
            *apikey.handlers(group=0),
            *usage.handlers(group=0),
            *handover.handlers(group=0),
            *media.handlers(group=0),
        ]
        first = next(index for index, (group, _) in enumerate(registered) if group == 0)
        return registered[:first] + ours + registered[first:]

    monkeypatch.setattr(bot.app, "all_handlers", with_account_handlers)


@pytest.fixture
def settings_changes() -> dict:
    """What a test changes in the settings (parametrize `settings_changes` to change it)."""
    return {}


@pytest.fixture
def bot_settings(bot_settings, fake_openai, settings_changes):
    """Keys are checked against the fake OpenAI server."""
    changes = {"openai_base_url": fake_openai.base_url, "openai_model": "gpt-fake"}
    return bot_settings.model_copy(update={**changes, **settings_changes})


async def stored_user(session_factory, telegram_id: int) -> User | None:
    async with UnitOfWork(session_factory) as uow:
        return await UserRepository(uow.session).by_telegram_id(telegram_id)


# --- /apikey -------------------------------------------------------------------------------


async def test_own_key_is_deleted_from_the_chat_checked_and_kept_only_encrypted(
    finbot, fake_telegram, fake_openai, engine, session_factory, caplog
):
    caplog.set_level(logging.DEBUG)
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    sent = await ana.send(f"/apikey {USER_KEY}")
    assert "comprobando tu clave" in (await ana.wait_for_reply()).plain_text
    saved = (await ana.wait_for_reply()).plain_text
    assert "Clave guardada (termina en …WXYZ)" in saved
    deletions = [r for r in fake_telegram.requests("deleteMessage") if r.ok]
    assert [(r.params["chat_id"], r.params["message_id"]) for r in deletions] == [
        (ana.id, sent.message_id)
    ]
    assert sent.deleted and "typing" in ana.chat_actions
    checks = [r for r in fake_openai.log if r.path == "/v1/models/gpt-fake"]
    assert [r.headers["Authorization"] for r in checks] == [f"Bearer {USER_KEY}"]
    assert not any(USER_KEY in str(r.raw_params) for r in fake_telegram.requests())
    assert not mentions(await every_stored_value(engine), USER_KEY)
    user = await stored_user(session_factory, ana.id)
    async with UnitOfWork(session_factory) as uow:
        assert (
            await api_keys.user_api_key(uow, user_id=user.id, secret_key=TEST_SECRET_KEY)
            == USER_KEY
        )
    assert any(r.name.startswith("telegram") and r.levelno == logging.DEBUG for r in caplog.records)
    assert USER_KEY not in caplog.text


async def test_a_key_openai_refuses_is_not_kept_and_the_user_is_told(
    finbot, fake_telegram, fake_openai, session_factory
):
    fake_openai.reject_keys.add(USER_KEY)
    ana = fake_telegram.user(first_name="Ana", language_code="en")
    sent = await ana.send(f"/apikey {USER_KEY}")
    await ana.wait_for_reply()
    assert "OpenAI didn't accept that key" in (await ana.wait_for_reply()).plain_text
    assert sent.deleted
    user = await stored_user(session_factory, ana.id)
    assert user is None or user.openai_api_key_encrypted is None


async def test_text_that_is_not_a_key_is_still_deleted_and_explained(
    finbot, fake_telegram, fake_openai
):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    sent = await ana.send("/apikey mi clave secreta")
    assert "no parece una clave" in (await ana.wait_for_reply()).plain_text
    assert sent.deleted
    assert fake_openai.log == []


async def test_when_the_message_cannot_be_deleted_the_user_is_asked_to_delete_it(
    finbot, fake_telegram, fake_openai
):
    fake_telegram.fail_next(
        "deleteMessage", 400, description="Bad Request: message can't be deleted"
    )
    ana = fake_telegram.user(first_name="Ana", language_code="en")
    sent = await ana.send(f"/apikey {USER_KEY}")
    assert "Please delete it yourself" in (await ana.wait_for_reply()).plain_text
    await ana.wait_for_reply()
    assert "Key saved" in (await ana.wait_for_reply()).plain_text
    assert not sent.deleted


async def test_apikey_shows_whose_key_is_used_and_remove_goes_back_to_the_operator(
    finbot, fake_telegram, fake_openai, session_factory
):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    assert "Ahora uso la configuración del operador" in await answer(ana, "/apikey")
    await ana.send(f"/apikey {USER_KEY}")
    await ana.wait_for_replies(2)
    assert "Ahora uso tu clave (termina en …WXYZ)" in await answer(ana, "/apikey")
    assert "he borrado tu clave" in await answer(ana, "/apikey remove")
    assert (await stored_user(session_factory, ana.id)).openai_api_key_encrypted is None
    assert "No tenías ninguna clave" in await answer(ana, "/apikey remove")


# --- /usage --------------------------------------------------------------------------------


async def seed_usage(session_factory, clock, telegram_id: int) -> None:
    """Today 1500 in (500 cached) + 700 out; 10 days ago 20000 + 3000; 40 days ago, more."""
    now = clock()
    async with UnitOfWork(session_factory) as uow:
        user = User(telegram_id=telegram_id, first_name="Ana", created_at=now, updated_at=now)
        uow.session.add(user)
        await uow.flush()
        for ago, tokens in [
            (timedelta(hours=1), (1000, 500, 300)),
            (timedelta(minutes=5), (500, 0, 400)),
            (timedelta(days=10), (20_000, 0, 3000)),
            (timedelta(days=40), (90_000, 0, 9000)),
        ]:
            uow.session.add(
                AssistantUsage(
                    user_id=user.id, model="gpt-fake", input_tokens=tokens[0],
                    cached_tokens=tokens[1], output_tokens=tokens[2], created_at=now - ago,
                )
            )  # fmt: skip
        uow.session.add(  # what those two calls today spent of the budget
            AssistantDailySpend(
                subject=subject_of(telegram_id, subject_key(TEST_SECRET_KEY)),
                day=local_today(now, "Europe/Madrid"), reserved_tokens=0, spent_tokens=2200,
            )
        )  # fmt: skip
        await uow.commit()


async def test_usage_shows_today_the_budget_left_and_the_last_30_days(
    finbot, fake_telegram, session_factory, clock
):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await seed_usage(session_factory, clock, ana.id)
    report = await answer(ana, "/usage")
    assert "Hoy: 2.200 tokens\n· de entrada: 1.500 (en caché: 500)\n· de salida: 700" in report
    assert "Cupo diario: 200.000 tokens; te quedan 197.800." in report
    assert "Últimos 30 días: 25.200 tokens\n· de entrada: 21.500 (en caché: 500)" in report


@pytest.mark.parametrize("settings_changes", [{"assistant_daily_tokens": 0}])
async def test_usage_without_a_daily_limit_says_so(finbot, fake_telegram, session_factory, clock):
    ana = fake_telegram.user(first_name="Ana", language_code="en")
    await seed_usage(session_factory, clock, ana.id)
    report = await answer(ana, "/usage")
    assert "Today: 2,200 tokens" in report and "No daily limit." in report
    assert "Last 30 days: 25,200 tokens" in report


# --- /human --------------------------------------------------------------------------------


async def handovers(session_factory) -> list[Handover]:
    async with UnitOfWork(session_factory) as uow:
        return list(await uow.session.scalars(select(Handover).order_by(Handover.id)))


@pytest.mark.parametrize("settings_changes", [{"admin_chat_id": OPERATORS_CHAT}])
async def test_human_sends_the_operators_a_notice_and_tells_the_user(
    finbot, fake_telegram, session_factory, clock
):
    operators = fake_telegram.group(OPERATORS_CHAT, "Operadores")
    ana = fake_telegram.user(first_name="Ana", last_name="<García>", username="ana_g")
    told = await answer(ana, "/human quiero pagar <ya>")
    assert "a person on the team" in told and "atencion@example.com" in told
    notice = (await fake_telegram.wait_until(lambda: operators.messages))[0]
    for detail in ("Ana <García>", "@ana_g", str(ana.id), "Motivo: quiero pagar <ya>"):
        assert detail in notice.plain_text  # in DEFAULT_LANGUAGE (es), whatever Ana speaks
    assert "&lt;García&gt;" in notice.text
    [recorded] = await handovers(session_factory)
    assert (recorded.source, recorded.summary) == ("command", "quiero pagar <ya>")
    assert recorded.notified_at == clock()


async def test_human_without_an_admin_chat_is_only_recorded(finbot, fake_telegram, session_factory):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    assert "una persona del equipo" in await answer(ana, "/human")
    [recorded] = await handovers(session_factory)
    assert (recorded.summary, recorded.notified_at) == ("Quiere hablar con una persona.", None)
    assert {m.chat_id for m in fake_telegram.sent_messages} == {ana.id}


@pytest.mark.parametrize("settings_changes", [{"admin_chat_id": OPERATORS_CHAT}])
async def test_human_still_tells_the_user_when_the_operators_chat_is_unreachable(
    finbot, fake_telegram, session_factory, caplog
):
    ana = fake_telegram.user(first_name="Ana", language_code="es")  # no such group: 400
    assert "una persona del equipo" in await answer(ana, "/human")
    [recorded] = await handovers(session_factory)
    assert recorded.notified_at is None
    assert "could not send the notice of hand-over" in caplog.text


# --- voice, photos, stickers... -------------------------------------------------------------

VOICE = {"voice": {"file_id": "AwACAgIAAxkBAAIvoice", "file_unique_id": "AgADvoice", "duration": 3}}
STICKER = {
    "sticker": {
        "file_id": "CAACAgIAAxkBAAIsticker", "file_unique_id": "AgADsticker", "type": "regular",
        "width": 512, "height": 512, "is_animated": False, "is_video": False,
    }
}  # fmt: skip


@pytest.mark.parametrize(
    ("language", "expected"),
    [("es", "solo entiendo mensajes de texto"), ("en", "I only understand text messages")],
)
async def test_voice_photo_and_sticker_get_a_word_on_what_finbot_can_take(
    finbot, fake_telegram, language, expected
):
    ana = fake_telegram.user(first_name="Ana", language_code=language)
    await ana._post(ana.chat, media=VOICE)  # FakeUser has no voice/sticker helper yet
    assert expected in (await ana.wait_for_reply()).plain_text
    await ana.send_photo(b"\x89PNG\r\n\x1a\n", caption="mi recibo")
    assert expected in (await ana.wait_for_reply()).plain_text
    await ana._post(ana.chat, media=STICKER)
    assert expected in (await ana.wait_for_reply()).plain_text


# --- /mydata and /deletedata ----------------------------------------------------------------


async def test_mydata_includes_handovers_and_deletedata_removes_them(
    finbot, fake_telegram, session_factory
):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await answer(ana, "/human necesito ayuda con mi préstamo")
    await ana.send("/mydata")
    document = await ana.wait_for(lambda m: "document" in m.media)
    exported = sent_json(fake_telegram, document)
    assert [h["summary"] for h in exported["handovers"]] == ["necesito ayuda con mi préstamo"]
    assert exported["assistant_usage"] == []
    await answer(ana, "/deletedata")
    await ana.press("Sí, borrar mis datos")
    await ana.wait_for_edit()
    assert await handovers(session_factory) == []


async def test_a_key_pasted_as_plain_text_is_deleted_and_never_reaches_the_model(
    assistant_bot, fake_telegram, fake_openai
):
    ana = fake_telegram.user(first_name="Ana", language_code="en")
    pasted = await ana.send("sk-proj-abcdefghijklmnopqrstuvwxyz0123456789")
    reply = await ana.wait_for_reply()
    assert "deleted your message" in reply.plain_text and "/apikey" in reply.plain_text
    assert any(
        request.params.get("message_id") == pasted.message_id
        for request in fake_telegram.requests("deleteMessage")
    )
    assert fake_openai.requests == []
