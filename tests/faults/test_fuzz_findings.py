"""What the fuzz run (test_fuzz_updates.py) found, pinned down one by one: each of these
used to end in the error handler's apology or a button left spinning."""

from __future__ import annotations

import pytest

from services.shared.amounts import InvalidAmount, parse_amount
from tests.fakes.telegram.models import CallbackQueryRecord
from tests.support.chat import answer, forged_press, said
from tests.support.debts import add_personal_debt
from tests.support.people import register


@pytest.mark.parametrize("digits", [29, 400, 4000])
def test_an_amount_with_more_digits_than_a_decimal_keeps_is_not_understood(digits):
    with pytest.raises(InvalidAmount):
        parse_amount("9" * digits, "es")


async def test_a_button_with_an_id_no_row_can_have_is_a_stale_button(finbot, fake_telegram):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await answer(ana, "/start")
    shown = ana.last_message
    for data in (
        "neg:start:" + "9" * 20,  # past SQLite's and PostgreSQL's 64-bit integers
        "pay:inv:" + "9" * 50,
        "debt:info:9223372036854775808",
        "debt:field:1:no_such_field",
    ):
        record = await forged_press(fake_telegram, ana, shown, data)
        assert "ya no está activo" in record.answer["text"], data
    await ana.assert_no_reply()


async def test_a_double_tap_on_a_choice_edits_the_message_once_and_apologises_for_nothing(
    finbot, fake_telegram
):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await answer(ana, "/language")
    shown = ana.last_message
    first = await ana.press("English", message=shown)  # the second tap comes before the
    second = await ana.press("English", message=shown)  # bot has answered the first
    await fake_telegram.wait_until(lambda: first.answered and second.answered)
    await ana.assert_no_reply()
    assert "I'll speak English" in shown.plain_text


async def test_deleting_a_personal_debt_answers_the_press(finbot, fake_telegram):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await register(ana, phone="+34611000999")
    await add_personal_debt(ana)
    await ana.wait_for(said("Deuda guardada"))
    await answer(ana, "/debts")
    await ana.press("ℹ️ Detalles 1")
    await ana.wait_for(said("Pago mínimo mensual"))
    await ana.press("🗑 Borrar")
    await ana.wait_for(said("¿Borrar la deuda"))
    press = await ana.press("Sí, borrarla")
    await ana.wait_for(said("Deuda borrada"))
    await fake_telegram.wait_until(lambda: press.answered)


async def test_a_button_on_a_message_telegram_no_longer_shows_leaves_its_text_alone(
    finbot, fake_telegram
):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    welcome = await answer(ana, "/start")
    shown = ana.last_message
    ana._mark(shown.chat)
    press = CallbackQueryRecord("7001", ana.info, shown, "inv:no", shown.version)
    fake_telegram.callback_queries[press.id] = press
    fake_telegram.push_update(
        "callback_query",
        {
            "id": press.id,
            "from": ana.wire(),
            # an InaccessibleMessage: where it was, and date 0
            "message": {"chat": ana.chat.wire(), "message_id": shown.message_id, "date": 0},
            "chat_instance": str(ana.id),
            "data": "inv:no",
        },
    )
    assert "no he vinculado nada" in (await ana.wait_for_reply()).plain_text
    assert shown.plain_text == welcome  # not edited to "" (sent by PTB as "[]")
    assert press.answered
