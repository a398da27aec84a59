"""The command menu Telegram shows, in Spanish and English."""

from __future__ import annotations

import logging

from telegram import Bot, BotCommand, BotCommandScopeAllPrivateChats
from telegram.error import TelegramError

from bot.texts import LANGUAGES, text

log = logging.getLogger(__name__)

# Order is the order of the menu. Each name has a `command_<name>` text.
MENU = (
    "start", "help", "debts", "plan", "reminders", "newchat", "docs", "human", "paysupport",
    "adddebt", "register", "language", "timezone", "apikey", "usage", "privacy", "mydata",
    "deletedata", "cancel",
)  # fmt: skip


def menu(language: str) -> list[BotCommand]:
    return [BotCommand(name, text(language, f"command_{name}")) for name in MENU]


async def register_menu(bot: Bot, *, default_language: str) -> None:
    """One menu per language, and the default language's for everyone else.

    Telegram keeps the menu of the last run, so one that cannot be set now (Telegram slow
    or down at start) is logged and does not stop the bot."""
    scope = BotCommandScopeAllPrivateChats()
    try:
        for language in LANGUAGES:
            await bot.set_my_commands(menu(language), scope=scope, language_code=language)
        await bot.set_my_commands(menu(default_language), scope=scope)
    except TelegramError as error:
        log.warning("the command menu was not updated: %s", error)
