"""GET /healthz and GET /metrics on HEALTH_PORT, from the running bot."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import text

from bot.app import OPS_KEY
from db.migrations import head_revision
from tests.support.chat import answer
from tests.support.processes import free_port


@pytest.fixture
def bot_settings(bot_settings):
    return bot_settings.model_copy(update={"health_port": free_port()})


def url(settings, path: str) -> str:
    return f"http://127.0.0.1:{settings.health_port}{path}"


async def test_healthz_says_ok_when_the_database_answers_at_the_codes_schema(finbot, bot_settings):
    async with httpx.AsyncClient() as client:
        response = await client.get(url(bot_settings, "/healthz"))
    assert response.status_code == 200
    assert response.json() == {
        "database": "ok",
        "migrations": "ok",
        "head": head_revision(),
        "status": "ok",
    }


async def test_healthz_fails_when_the_schema_is_behind_the_code(
    finbot, bot_settings, session_factory
):
    async with session_factory() as session:
        await session.execute(text("UPDATE alembic_version SET version_num = '0002'"))
        await session.commit()
    async with httpx.AsyncClient() as client:
        response = await client.get(url(bot_settings, "/healthz"))
    assert response.status_code == 503
    assert response.json()["migrations"] == f"at 0002, the code needs {head_revision()}"


async def test_metrics_count_updates_their_time_and_bot_api_errors(
    finbot, bot_settings, fake_telegram
):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await answer(ana, "/start")
    fake_telegram.fail_next(
        "sendMessage", 403, description="Forbidden: bot was blocked by the user"
    )
    await ana.send("/help")
    await fake_telegram.wait_for_request("sendMessage", predicate=lambda r: r.status == 403)
    async with httpx.AsyncClient() as client:
        metrics = (await client.get(url(bot_settings, "/metrics"))).text
    assert 'finbot_updates_total{kind="message",outcome="ok"}' in metrics
    assert 'finbot_update_seconds_bucket{kind="message",le="+Inf"}' in metrics
    assert 'finbot_bot_api_errors_total{code="403",method="sendMessage"}' in metrics


async def test_healthz_turns_away_the_load_balancer_once_the_bot_is_stopping(finbot, bot_settings):
    finbot.bot_data[OPS_KEY].stopping = True  # what SIGTERM sets in `finbot run`
    async with httpx.AsyncClient() as client:
        response = await client.get(url(bot_settings, "/healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "stopping"}
