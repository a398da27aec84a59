"""One log line per update: its id, kind, handler, time and outcome, never its text."""

from __future__ import annotations

import asyncio
import json
import logging

from bot.runtime.logs import JsonFormatter
from tests.support.chat import answer


async def test_each_update_is_logged_once_with_its_handler_and_never_its_text(
    finbot, fake_telegram, caplog
):
    caplog.set_level(logging.INFO, logger="finbot.updates")
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await answer(ana, "/start")
    await answer(ana, "mi teléfono es +34600111222 y mi correo ana@example.com")

    def logged():
        return [r for r in caplog.records if r.name == "finbot.updates"]

    for _ in range(100):  # the line is written once the update is done, just after the reply
        if len(logged()) == 2:
            break
        await asyncio.sleep(0.02)
    records = logged()
    assert [(r.kind, r.outcome) for r in records] == [("message", "ok"), ("message", "ok")]
    assert records[0].handler == "start.start"
    assert all(isinstance(r.update_id, int) and r.ms >= 0 for r in records)
    written = "\n".join(JsonFormatter().format(r) for r in records)
    assert "+34600111222" not in written and "ana@example.com" not in written
    line = json.loads(JsonFormatter().format(records[0]))
    assert {"update_id", "kind", "handler", "ms", "outcome", "time", "level"} <= set(line)
