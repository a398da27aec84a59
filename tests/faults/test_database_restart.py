"""PostgreSQL restarted in the middle of a load run.

The bot's connections go through a proxy that plays the restart: every connection is cut
(as the server's dying backends leave them) and new ones are refused for a few seconds.
People keep writing all along. The bot must apologise rather than crash while the
database is away, answer again within seconds of its return without being restarted, and
keep every agreement and payment it confirmed: a person told "agreement closed" or
"payment received" has that row in the database, whenever they were told.
"""

from __future__ import annotations

import asyncio
import time

import pytest
from pydantic import SecretStr
from sqlalchemy import select

from bot.app import build_application
from bot.runtime.lifecycle import running
from db.models import Payment, PaymentPlan
from tests.faults.pg_proxy import PostgresProxy
from tests.support.chat import answer, said
from tests.support.invoices import DUE, NEXT_DUE, invoice_from_debts
from tests.support.people import register, seed_debtor
from tests.support.reminders import seed_plan

pytestmark = [
    pytest.mark.database_backends("postgresql"),
    pytest.mark.xdist_group("postgresql-processes"),  # one such test at a time: connections
]

WRITERS = 20
DOWN_FOR = 3.0
BACK_WITHIN = 10.0


@pytest.fixture
async def proxy():
    proxy = await PostgresProxy().start()
    yield proxy
    await proxy.stop()


async def settle(person) -> str:
    """Negotiate a settlement of the person's only debt and accept it; the last text."""
    await answer(person, "/debts")
    await person.press("🤝 Negociar 1")
    await person.wait_for(said("¿Cómo te gustaría resolverla?"))
    await person.press("💶 Pagar de una vez con descuento")
    offer = await person.wait_for(said("Esta es mi propuesta"))
    await person.press("✅ Aceptar esta propuesta", message=offer)
    return (await person.wait_for(said("Acuerdo"), timeout=30)).plain_text


async def rows(session_factory, model) -> list:
    async with session_factory() as session:
        return list(await session.scalars(select(model)))


async def test_the_bot_rides_out_a_database_restart_and_loses_nothing_it_confirmed(
    fake_telegram, bot_settings, session_factory, proxy, clock, database_url
):
    settings = bot_settings.model_copy(
        update={
            "database_url": proxy.url_for(database_url),
            "payment_provider_token": SecretStr("provider-token"),
        }
    )
    async with running(build_application(settings, clock=clock), poll_timeout=1):
        # Before: one agreement closed and one installment paid.
        await seed_debtor(session_factory, phone="+34611000001", debts=1)
        ana = fake_telegram.user(first_name="Ana", language_code="es")
        await register(ana, phone="+34611000001")
        assert "Acuerdo cerrado" in await settle(ana)
        luis = fake_telegram.user(first_name="Luis", language_code="es")
        await seed_plan(session_factory, telegram_id=luis.id, due_dates=[DUE, NEXT_DUE])
        await invoice_from_debts(luis)
        await luis.pay()
        await luis.wait_for(said("Pago recibido"))

        # People keep writing while the database goes away and comes back.
        writers = [
            fake_telegram.user(first_name=f"W{n}", language_code="es") for n in range(WRITERS)
        ]
        stop = asyncio.Event()

        async def keep_writing(person) -> None:
            while not stop.is_set():
                await person.send("/start")
                await asyncio.sleep(0.3)

        load = [asyncio.create_task(keep_writing(person)) for person in writers]
        await asyncio.sleep(1.0)
        await proxy.restart(down_for=DOWN_FOR)
        back = time.monotonic()

        # Answered again within seconds, without restarting the bot.
        eva = fake_telegram.user(first_name="Eva", language_code="es")
        while True:
            await eva.send("/start")
            reply = await eva.wait_for_reply(timeout=BACK_WITHIN)
            if "Soy finbot" in reply.plain_text:
                break
            assert time.monotonic() - back < BACK_WITHIN, reply.plain_text
            await asyncio.sleep(0.5)
        answered_after = time.monotonic() - back
        stop.set()
        await asyncio.gather(*load)

        # A new agreement after the restart is closed and kept too.
        await seed_debtor(session_factory, phone="+34611000002", debts=1)
        bea = fake_telegram.user(first_name="Bea", language_code="es")
        await register(bea, phone="+34611000002")
        assert "Acuerdo cerrado" in await settle(bea)
        await fake_telegram.wait_until(lambda: not fake_telegram.pending_updates, 30)

    print(f"\nanswered again {answered_after:.1f} s after the database came back")
    assert answered_after < BACK_WITHIN
    plans = await rows(session_factory, PaymentPlan)
    assert len([plan for plan in plans if plan.kind == "settlement"]) == 2
    [payment] = await rows(session_factory, Payment)
    assert payment.source == "telegram"
    apologies = 0
    for person in writers:
        sent = [m for m in person.history if not m.from_bot]
        greetings = [m for m in person.messages if "Soy finbot" in m.plain_text]
        sorry = [m for m in person.messages if m.plain_text.startswith("Lo siento, algo ha")]
        # Each message got its greeting or one apology (a greeting sent before a later
        # step failed may come with an apology too), never silence.
        assert len(greetings) + len(sorry) >= len(sent), (person.id, len(sent), len(sorry))
        assert len(greetings) <= len(sent) and len(sorry) <= len(sent)
        apologies += len(sorry)
    print(f"{apologies} apologies while the database was away")
