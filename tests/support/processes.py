"""A free port on 127.0.0.1, and finbot started as a process of its own (`finbot run`)."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from pathlib import Path

from tests.support.bot import TEST_SECRET_KEY


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def bot_environment(fake_telegram, database_url: str, tmp_path: Path, **settings: str) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("TELEGRAM_")}
    env.update(
        TELEGRAM_BOT_TOKEN=fake_telegram.token,
        TELEGRAM_API_BASE_URL=fake_telegram.base_url,
        DATABASE_URL=database_url,
        SECRET_KEY=TEST_SECRET_KEY,
        DOCUMENTS_DIR=str(tmp_path / "no-documents"),
        REMINDER_CHECK_SECONDS="1",
        REMINDER_SEND_RATE="1000",
        REMINDER_FROM_HOUR="0",
        REMINDER_UNTIL_HOUR="24",
        LOG_LEVEL="WARNING",
        **settings,
    )
    return env


async def start_bot(command: str, env: dict, cwd: Path) -> asyncio.subprocess.Process:
    finbot = Path(sys.executable).parent / "finbot"
    return await asyncio.create_subprocess_exec(
        str(finbot),
        command,
        cwd=cwd,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
