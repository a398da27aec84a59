"""The terminal side of `finbot shell`: each line typed is a message from a local user.

text          a message (commands like /start work as in Telegram)
#N            press inline button N
@contact +34… share your phone number, as Telegram's "share contact" button does
/quit         leave (so does end of input: `finbot shell < conversation.txt` works)
"""

from __future__ import annotations

import asyncio
import itertools
import sys
from datetime import UTC, datetime
from typing import Any, TextIO

from telegram import Update
from telegram.ext import Application

from bot.app import build_application
from bot.context import FinbotApplication
from bot.settings import Settings
from bot.shell.render import speech
from bot.shell.terminal_api import TerminalBotApi
from services.shared import Clock, system_clock

QUIT = {"/quit", "/exit"}


class ShellUser:
    """The local person at the keyboard, as Telegram would describe them."""

    def __init__(self, *, user_id: int, first_name: str, language_code: str) -> None:
        self.user = {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name,
            "language_code": language_code,
        }
        self.chat = {"id": user_id, "type": "private", "first_name": first_name}


def shell_application(
    settings: Settings, person: ShellUser, out: TextIO, *, clock: Clock = system_clock
) -> tuple[FinbotApplication, TerminalBotApi]:
    """`finbot run`'s own Application (handlers, jobs, rate limiter), talking to the
    terminal instead of Telegram."""
    api = TerminalBotApi(out, private_chat=person.chat)
    return build_application(settings, clock=clock, request=api), api


class ShellSession:
    def __init__(
        self, application: Application, api: TerminalBotApi, person: ShellUser, out: TextIO
    ) -> None:
        self.application = application
        self.api = api
        self.person = person
        self.out = out
        self._update_ids = itertools.count(1)

    async def run(self, lines: TextIO, *, echo: bool) -> None:
        while True:
            if not echo:
                self.out.write("you › ")
                self.out.flush()
            line = await asyncio.to_thread(lines.readline)
            if not line:
                break
            line = line.strip()
            if not line:
                continue
            if echo:
                self.out.write(speech("you", line) + "\n")
            if line in QUIT:
                break
            update = self.update_for(line)
            if update is not None:
                await self.application.process_update(Update.de_json(update, self.application.bot))

    def update_for(self, line: str) -> dict[str, Any] | None:
        if line.startswith("#") and line[1:].isdigit():
            return self._press(int(line[1:]))
        if line.startswith("@contact"):
            phone = line.removeprefix("@contact").strip()
            contact = {
                "phone_number": phone,
                "first_name": self.person.user["first_name"],
                "user_id": self.person.user["id"],
            }
            return self._update(message=self._message(contact=contact))
        fields: dict[str, Any] = {"text": line}
        if line.startswith("/"):
            command = line.split(maxsplit=1)[0]
            fields["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return self._update(message=self._message(**fields))

    def _press(self, number: int) -> dict[str, Any] | None:
        found = self.api.buttons.get(number)
        if found is None:
            self.out.write(f"   (there is no button #{number})\n")
            return None
        message, button = found
        if "url" in button:
            self.out.write(f"   (opens {button['url']})\n")
            return None
        if "callback_data" not in button:
            self.out.write("   (the shell cannot press this kind of button)\n")
            return None
        query = {
            "id": str(next(self._update_ids)),
            "from": self.person.user,
            "chat_instance": str(self.person.chat["id"]),
            "message": message,
            "data": button["callback_data"],
        }
        return self._update(callback_query=query)

    def _message(self, **content: Any) -> dict[str, Any]:
        return {
            "message_id": self.api.next_message_id(),
            "date": int(datetime.now(UTC).timestamp()),
            "chat": self.person.chat,
            "from": self.person.user,
            **content,
        }

    def _update(self, **content: Any) -> dict[str, Any]:
        return {"update_id": next(self._update_ids), **content}


def stdin_is_interactive() -> bool:
    return sys.stdin.isatty()
