"""`finbot shell` runs `finbot run`'s Application: a reminder arrives in the terminal, its
buttons answer, and its claim ends as sent; a send that fails on our side leaves no claim."""

from __future__ import annotations

import io
from datetime import date

import pytest
from telegram.ext import ExtBot

from bot.context import DEPS_KEY
from bot.handlers.reminders.sender import run_tick
from bot.runtime.lifecycle import running
from bot.settings import Settings
from bot.shell.console import ShellSession, ShellUser, shell_application
from tests.support.bot import TEST_SECRET_KEY
from tests.support.reminders import FAST, at, reminders_of, seed_plan, tick

DUE = date(2026, 11, 27)  # a Friday; "before_3" goes on Tuesday 24th


@pytest.fixture
def bot_settings(bot_settings):
    # The job's own timer stays out of the way: each test runs the looks itself.
    return bot_settings.model_copy(update={"send_reminders": False})


async def test_a_reminder_arrives_in_the_shell_and_its_button_answers(
    database_url, session_factory, clock, tmp_path
):
    settings = Settings(
        _env_file=None,
        database_url=database_url,
        secret_key=TEST_SECRET_KEY,
        default_language="es",
        documents_dir=tmp_path / "documents",
        send_reminders=False,  # the test runs the job's looks itself, at its clock's time
    )
    ana = ShellUser(user_id=1001, first_name="Ana", language_code="es")
    terminal = io.StringIO()
    application, api = shell_application(settings, ana, terminal, clock=clock)
    seeded = await seed_plan(session_factory, telegram_id=1001, due_dates=[DUE])
    async with running(application, poll=False):
        at(clock, 2026, 11, 23, 12, 0)  # the plan was agreed on Monday
        await tick(application)
        at(clock, 2026, 11, 24, 9, 0)  # Tuesday, 10:00 in Madrid
        report = await tick(application)
        shown = terminal.getvalue().replace("\xa0", " ")
        assert "Banco 1: 100,00 € vence el 27 nov 2026 (dentro de 3 días)" in shown
        assert "[#1 ✅ Ya he pagado]" in shown
        await ShellSession(application, api, ana, terminal).run(io.StringIO("#1\n"), echo=True)
    assert report.outcomes == {"sent": 1}
    assert "lo confirmará cuando reciba el pago" in terminal.getvalue()
    statuses = {r.kind: r.status for r in await reminders_of(session_factory, seeded["user_id"])}
    assert statuses["before_3"] == "sent"  # not left claimed


async def test_a_send_that_fails_on_our_side_leaves_no_claim_behind(
    finbot, fake_telegram, session_factory, clock
):
    # The shell's old bot: no rate limiter, so PTB refuses `rate_limit_args` (a ValueError,
    # not a Telegram error) before any request. The look goes on and records the reminder.
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    seeded = await seed_plan(session_factory, telegram_id=ana.id, due_dates=[DUE])
    at(clock, 2026, 11, 23, 12, 0)
    await tick(finbot)
    at(clock, 2026, 11, 24, 9, 0)
    without_limiter = ExtBot(
        fake_telegram.token, base_url=fake_telegram.base_url, defaults=finbot.bot.defaults
    )
    deps = finbot.bot_data[DEPS_KEY]
    async with without_limiter:
        report = await run_tick(deps, without_limiter, worker="test", pacer=FAST, budget=10)
    assert report.outcomes == {"unconfirmed": 1}
    statuses = {r.kind: r.status for r in await reminders_of(session_factory, seeded["user_id"])}
    assert statuses["before_3"] == "failed"  # not "claimed": never sent twice, and said why
