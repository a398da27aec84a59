"""`finbot run`, the real command in its own process, against the fake Bot API over HTTP."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from tests.support.bot import TEST_SECRET_KEY


async def test_finbot_run_migrates_answers_start_and_stops_on_sigterm(fake_telegram, tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith("TELEGRAM_")}
    env.update(
        TELEGRAM_BOT_TOKEN=fake_telegram.token,
        TELEGRAM_API_BASE_URL=fake_telegram.base_url,
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}",
        SECRET_KEY=TEST_SECRET_KEY,
    )
    finbot = Path(sys.executable).parent / "finbot"
    process = await asyncio.create_subprocess_exec(
        str(finbot),
        "run",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        ana = fake_telegram.user(first_name="Ana", language_code="es")
        await fake_telegram.wait_for_request("getUpdates", timeout=60)
        await ana.send("/start")
        reply = await ana.wait_for_reply(timeout=30)
        assert "¡Hola, Ana! Soy finbot" in reply.plain_text
        assert (tmp_path / "fresh.db").exists()
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode == 0, stderr.decode()
    assert b"Traceback" not in stderr
