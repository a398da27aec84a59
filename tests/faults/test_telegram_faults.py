"""A flaky Bot API on every method finbot uses: 429 with retry_after, 500, 502, the
connection reset before or after Telegram acted, and an answer slower than the bot's read
timeout (Telegram acted; the bot only sees TimedOut).

Whatever fails, every update is handled exactly once: nothing appears twice in the chat,
no edit is applied twice, nothing the user sent is lost (the next message gets its one
answer). A refusal from Telegram (429, 5xx) is retried and the user never notices. When
the bot cannot know whether Telegram acted (a reset, a timeout) it never sends a message
again; an answer to a query, an edit or a typing action is safe to repeat after a reset.

Known, and asserted as it is: when Telegram acted but the bot never heard so (a reset
after handling, a timeout), the user sees the result *and* the generic apology saying the
request could not be completed; when that was the answer to a button press, the handler
stops there, so the choice is saved but its confirming edit never comes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from pydantic import SecretStr
from sqlalchemy import func, select
from telegram.error import NetworkError, TimedOut
from telegram.ext import ApplicationBuilder

import bot.app
import bot.render.stream
from bot.app import build_application
from bot.runtime.lifecycle import running
from db.models import Debt, DebtKind, Payment, User
from tests.fakes.telegram import FakeTelegram, FakeUser, StoredMessage
from tests.support.chat import said
from tests.support.reminders import seed_plan

# The bot's read timeout here (PTB's default is 5 s); an answer later than this is a timeout.
# getUpdates waits this plus its long-poll timeout (1 s in the fixtures).
READ_TIMEOUT = 1.0
POLL_TIMEOUT = 1
PROVIDER_TOKEN = "284685063:TEST:fake-provider-token"
PASTED_KEY = "sk-proj-AnaPastedKey0123456789abcdefWXYZ"

Inject = Callable[[FakeTelegram, str], None]
FAULTS: dict[str, Inject] = {
    "429": lambda fake, method: fake.fail_next(method, 429, retry_after=1),
    "500": lambda fake, method: fake.fail_next(method, 500),
    "502": lambda fake, method: fake.fail_next(method, 502),
    "reset-before": lambda fake, method: fake.reset_next(method),
    "reset-after": lambda fake, method: fake.reset_next(method, after_handling=True),
    "timeout": lambda fake, method: fake.delay_next(
        method, READ_TIMEOUT + (POLL_TIMEOUT if method == "getUpdates" else 0) + 1.0
    ),
}
REFUSED = ("429", "500", "502")  # Telegram said it did nothing: retried, nobody notices


class QuickTimeouts(ApplicationBuilder):
    def build(self):  # type: ignore[override]
        self.read_timeout(READ_TIMEOUT).get_updates_read_timeout(READ_TIMEOUT)
        return super().build()


@pytest.fixture(autouse=True)
def short_read_timeout(monkeypatch):
    monkeypatch.setattr(bot.app, "ApplicationBuilder", QuickTimeouts)


@pytest.fixture
def bot_settings(bot_settings):
    return bot_settings.model_copy(
        update={"payment_provider_token": SecretStr(PROVIDER_TOKEN), "reminder_check_seconds": 3600}
    )


APOLOGY = said("algo ha fallado por mi parte", or_caption=True)
HELP = said("/deletedata:", or_caption=True)  # in Spanish or English


def shown(message: StoredMessage) -> str:
    return f"[{','.join(sorted(message.media))}] {message.plain_text or message.plain_caption}"


def assert_each_shown_once(user: FakeUser) -> None:
    seen = [shown(message) for message in user.messages]
    twice = {text for text in seen if seen.count(text) > 1}
    assert not twice, f"the user saw these twice: {twice}"
    edited_twice = [str(m) for m in user.messages if m.version > 1]
    assert not edited_twice, f"edited twice: {edited_twice}"


async def next_message_is_answered_once(user: FakeUser) -> None:
    """Updates of one chat are handled in order: once /help is answered, everything the
    user did before it has been handled (or dropped) too."""
    await user.send("/help")
    await user.wait_for(HELP, timeout=10)
    await user.assert_no_reply(within=0.2)
    assert sum(HELP(m) for m in user.messages) == 1


def assert_fault_hit(fake: FakeTelegram, method: str) -> None:
    assert any(r.fault for r in fake.requests(method)), f"no {method} met the fault"


# -- the fake's connection faults, as PTB sees them -----------------------------------------
@pytest.mark.parametrize("after_handling", [False, True], ids=["before-handling", "after"])
async def test_a_reset_connection_is_a_network_error_and_the_message_sent_only_after(
    fake_telegram, fake_telegram_bot, after_handling
):
    ana = fake_telegram.user(first_name="Ana")
    fake_telegram.reset_next("sendMessage", after_handling=after_handling)
    with pytest.raises(NetworkError, match="Server disconnected without sending a response"):
        await fake_telegram_bot.send_message(ana.id, "hola")
    assert [m.text for m in ana.messages] == (["hola"] if after_handling else [])
    [request] = fake_telegram.requests("sendMessage")
    assert request.fault and request.status == 444  # nginx's "closed without an answer"
    await fake_telegram_bot.send_message(ana.id, "sigo aquí")  # the next one goes through
    assert ana.messages[-1].text == "sigo aquí"


async def test_updates_handed_out_on_a_reset_connection_stay_pending_until_confirmed(
    fake_telegram, fake_telegram_bot
):
    ana = fake_telegram.user(first_name="Ana")
    await ana.send("hola")
    fake_telegram.reset_next("getUpdates", after_handling=True)
    with pytest.raises(NetworkError):
        await fake_telegram_bot.get_updates(timeout=0)
    [again] = await fake_telegram_bot.get_updates(timeout=0)  # the same update, once more
    assert again.message.text == "hola"
    await fake_telegram_bot.get_updates(offset=again.update_id + 1, timeout=0)
    assert fake_telegram.pending_updates == []


# -- what the user does to make the bot call each method -----------------------------------
@dataclass
class Scene:
    fake: FakeTelegram
    user: FakeUser
    session_factory: object


Act = Callable[[Scene], Awaitable[None]]


async def nothing(scene: Scene) -> None:
    pass


async def start(scene: Scene) -> None:
    await scene.user.send("/start")


async def language_asked(scene: Scene) -> None:
    await scene.user.send("/language")
    await scene.user.wait_for(said("¿En qué idioma", or_caption=True))


async def press_english(scene: Scene) -> None:
    await scene.user.press("English")


async def my_data(scene: Scene) -> None:
    await scene.user.send("/mydata")


async def paste_a_key(scene: Scene) -> None:
    await scene.user.send(PASTED_KEY)


async def months_asked(scene: Scene) -> None:
    """A registered person with one debt of their own, asked in how many months to pay."""
    async with scene.session_factory() as session:
        user = User(
            telegram_id=scene.user.id,
            first_name="Ana",
            language="es",
            timezone="Europe/Madrid",
            privacy_consent_at=datetime(2026, 11, 1, tzinfo=UTC),
        )
        session.add(user)
        await session.flush()
        session.add(
            Debt(
                kind=DebtKind.PERSONAL,
                owner_user_id=user.id,
                creditor="Tarjeta Visa",
                balance=Decimal("900.00"),
                currency="EUR",
                annual_rate=Decimal("0"),
                minimum_payment=Decimal("40.00"),
                due_day=5,
            )
        )
        await session.commit()
    await scene.user.send("/plan")
    await scene.user.wait_for(said("¿Cómo prefieres pagarla?", or_caption=True))
    await scene.user.press("📅 En un número de meses")
    await scene.user.wait_for(said("Elige", or_caption=True))


async def thirty_six_months(scene: Scene) -> None:
    await scene.user.send("36")


async def pay_offered(scene: Scene) -> None:
    await seed_plan(
        scene.session_factory, telegram_id=scene.user.id, due_dates=[date(2026, 11, 27)]
    )
    await scene.user.send("/debts")
    await scene.user.wait_for(said("Tus deudas", or_caption=True))


async def press_pay(scene: Scene) -> None:
    await scene.user.press("💳 Pagar 1")


async def invoice_sent(scene: Scene) -> None:
    await pay_offered(scene)
    await press_pay(scene)
    await scene.user.wait_for(lambda m: "invoice" in m.media)


async def pay(scene: Scene) -> None:
    await scene.user.pay(timeout=10)
    # Payments skip the chat's queue, so /help afterwards does not wait for the receipt.
    await scene.user.wait_for(said("Pago recibido", or_caption=True), timeout=10)


# What the user sees of the act when the bot cannot know whether Telegram acted:
# (how many times the act's result shows, whether the apology follows).
MESSAGE = {"reset-before": (0, True), "reset-after": (1, True), "timeout": (1, True)}
# an edit asked again after it was done is "not modified", which the handlers let pass
EDIT = {"reset-before": (1, False), "reset-after": (1, False), "timeout": (1, True)}
# the query answered, then the edit: an answer that fails (or is refused as already
# given, when repeated after a reset) stops the handler before the edit
ANSWER_THEN_EDIT = {"reset-before": (1, False), "reset-after": (0, True), "timeout": (0, True)}
CARRY_ON = {"reset-before": (1, False), "reset-after": (1, False), "timeout": (1, False)}


@dataclass(frozen=True)
class Case:
    method: str
    prepare: Act
    act: Act
    result: Callable[[StoredMessage], bool]
    unsure: dict[str, tuple[int, bool]] = field(default_factory=lambda: MESSAGE)

    def expected(self, fault: str) -> tuple[int, bool]:
        return (1, False) if fault in REFUSED else self.unsure[fault]


CASES = [
    Case("sendMessage", nothing, start, said("¡Hola, Ana!", or_caption=True)),
    Case("answerCallbackQuery", language_asked, press_english,
         said("I'll speak English", or_caption=True), ANSWER_THEN_EDIT),
    Case("editMessageText", language_asked, press_english,
         said("I'll speak English", or_caption=True), EDIT),
    Case("sendDocument", nothing, my_data, lambda m: "document" in m.media),
    Case("sendPhoto", months_asked, thirty_six_months, lambda m: "photo" in m.media),
    Case("deleteMessage", nothing, paste_a_key,
         said("he borrado tu mensaje", or_caption=True), CARRY_ON),
    Case("sendInvoice", pay_offered, press_pay, lambda m: "invoice" in m.media),
    Case("answerPreCheckoutQuery", invoice_sent, pay,
         said("Pago recibido", or_caption=True), CARRY_ON),
]  # fmt: skip


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.method)
async def test_a_flaky_method_never_shows_the_user_anything_twice_nor_loses_an_update(
    finbot, fake_telegram, session_factory, case, fault
):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    scene = Scene(fake_telegram, ana, session_factory)
    await case.prepare(scene)
    before = len(ana.messages)
    FAULTS[fault](fake_telegram, case.method)
    await case.act(scene)
    await next_message_is_answered_once(ana)

    assert_fault_hit(fake_telegram, case.method)
    assert_each_shown_once(ana)
    results = sum(bool(case.result(m)) for m in ana.messages)
    apologised = any(APOLOGY(m) for m in ana.messages[before:])
    assert (results, apologised) == case.expected(fault)
    if case.method == "answerPreCheckoutQuery":
        async with session_factory() as session:
            assert await session.scalar(select(func.count()).select_from(Payment)) == 1
    if case.method == "deleteMessage":
        [pasted] = [m for m in ana.history if m.text == PASTED_KEY]
        assert pasted.deleted


# -- the assistant's typing action and drafts: cosmetic, the reply always follows ----------
@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("method", ["sendChatAction", "sendMessageDraft"])
async def test_a_flaky_typing_action_or_draft_never_stops_the_assistants_reply(
    assistant_bot, fake_telegram, fake_openai, monkeypatch, method, fault
):
    monkeypatch.setattr(bot.render.stream, "DRAFT_INTERVAL_SECONDS", 0)
    fake_openai.stream_event_delay = 0.01
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    if method == "sendChatAction":  # typing shows while a tool runs
        fake_openai.script.call_tool("list_debts", {})
    fake_openai.script.reply_text("Vamos a mirar juntas tus deudas, paso a paso y sin prisa.")
    FAULTS[fault](fake_telegram, method)
    await ana.send("¿Me ayudas con mis deudas?")
    await ana.wait_for(said("sin prisa", or_caption=True), timeout=10)
    await next_message_is_answered_once(ana)

    assert_fault_hit(fake_telegram, method)
    assert_each_shown_once(ana)
    assert not any(APOLOGY(m) for m in ana.messages)


# -- long polling --------------------------------------------------------------------------
@pytest.mark.parametrize("fault", list(FAULTS))
async def test_a_flaky_get_updates_loses_no_update_and_delivers_none_twice(
    finbot, fake_telegram, fault
):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    polls = len(fake_telegram.requests("getUpdates"))
    FAULTS[fault](fake_telegram, "getUpdates")
    # the next poll takes the fault; a reset after handling or a late answer then hands
    # out the user's messages without the bot ever receiving them
    await fake_telegram.wait_until(lambda: len(fake_telegram.requests("getUpdates")) > polls)
    await ana.send("/start")
    await ana.send("/privacy")
    await ana.wait_for(said("¡Hola, Ana!", or_caption=True), timeout=10)
    await ana.wait_for(said("Privacidad", or_caption=True), timeout=10)
    await next_message_is_answered_once(ana)

    assert_fault_hit(fake_telegram, "getUpdates")
    assert_each_shown_once(ana)
    assert len(ana.messages) == 3
    assert fake_telegram.pending_updates == []


# -- starting up: getMe, the command menu, deleteWebhook -----------------------------------
START_UP = [
    (method, fault)
    for method in ("getMe", "setMyCommands", "deleteWebhook")
    for fault in ("reset-after", "timeout")  # refusals are retried, as for every method
    if (method, fault) != ("getMe", "timeout")
]


@pytest.mark.parametrize(("method", "fault"), START_UP, ids=["-".join(case) for case in START_UP])
async def test_a_flaky_bot_api_at_start_up_still_gets_the_bot_running(
    fake_telegram, bot_settings, clock, method, fault
):
    FAULTS[fault](fake_telegram, method)
    async with running(build_application(bot_settings, clock=clock), poll_timeout=POLL_TIMEOUT):
        ana = fake_telegram.user(first_name="Ana", language_code="es")
        await ana.send("/start")
        await ana.wait_for(said("¡Hola, Ana!", or_caption=True), timeout=10)
        await next_message_is_answered_once(ana)
    assert_fault_hit(fake_telegram, method)
    assert fake_telegram.commands  # a menu (Telegram keeps the last one anyway)


async def test_no_answer_to_the_first_get_me_stops_the_start_for_the_supervisor_to_retry(
    fake_telegram, bot_settings, clock
):
    """PTB needs the bot's own identity to start; `finbot run` exits and compose restarts it."""
    FAULTS["timeout"](fake_telegram, "getMe")
    with pytest.raises(TimedOut):
        async with running(build_application(bot_settings, clock=clock), poll_timeout=1):
            pass  # pragma: no cover - never started
    assert fake_telegram.requests("getUpdates") == []
