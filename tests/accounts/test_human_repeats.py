"""/human asked again and again: the operator hears of it once while the request is open
(HANDOVER_REPEAT_HOURS), and the person is told kindly that it is already with the team."""

from __future__ import annotations

import pytest

from db.models import AuditLogEntry, Handover
from tests.support.chat import answer
from tests.support.rows import all_rows

OPERATORS_CHAT = -1001000000042


@pytest.fixture
def bot_settings(bot_settings):
    return bot_settings.model_copy(
        update={"admin_chat_id": OPERATORS_CHAT, "handover_repeat_hours": 4}
    )


async def test_fifteen_human_commands_from_a_stranger_make_one_notice(
    finbot, fake_telegram, session_factory, clock
):
    operators = fake_telegram.group(OPERATORS_CHAT, "Operadores")
    stranger = fake_telegram.user(first_name="Nadie", language_code="es")
    first = await answer(stranger, "/human")
    assert "una persona del equipo" in first
    repeats = []
    for _ in range(14):
        clock.advance(minutes=1)
        repeats.append(await answer(stranger, "/human ¡urgente!"))

    assert all("Tu petición ya está con el equipo" in told for told in repeats)
    assert all("atencion@example.com" in told for told in repeats)
    assert len(operators.messages) == 1
    assert len(await all_rows(session_factory, Handover)) == 1
    repeated = await all_rows(
        session_factory, AuditLogEntry, AuditLogEntry.action == "handover.repeated"
    )
    assert len(repeated) == 14


async def test_after_the_window_a_new_request_reaches_the_operator_again(
    finbot, fake_telegram, session_factory, clock
):
    operators = fake_telegram.group(OPERATORS_CHAT, "Operadores")
    sam = fake_telegram.user(first_name="Sam", language_code="en")
    assert "a person on the team" in await answer(sam, "/human")
    clock.advance(hours=3, minutes=59)
    assert "Your request is already with the team" in await answer(sam, "/human")
    clock.advance(minutes=2)
    assert "a person on the team" in await answer(sam, "/human please")

    await fake_telegram.wait_until(lambda: len(operators.messages) == 2)
    assert len(await all_rows(session_factory, Handover)) == 2


async def test_another_persons_request_does_not_hold_back_mine(
    finbot, fake_telegram, session_factory
):
    operators = fake_telegram.group(OPERATORS_CHAT, "Operadores")
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    luis = fake_telegram.user(first_name="Luis", language_code="es")
    assert "una persona del equipo" in await answer(ana, "/human")
    assert "una persona del equipo" in await answer(luis, "/human")
    await fake_telegram.wait_until(lambda: len(operators.messages) == 2)
