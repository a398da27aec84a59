"""finbot's `CallbackContext`: typed access to the dependencies and the user's language."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot

from bot.texts import normalise_language
from bot.texts import text as catalogue_text
from services import accounts

if TYPE_CHECKING:
    from bot.deps import Deps
    from db.unit_of_work import UnitOfWork
    from services.accounts import Profile
    from services.shared import DomainError, FlowState

DEPS_KEY = "finbot.deps"


class FinbotContext(CallbackContext[ExtBot, dict, dict, dict]):
    """One context serves every handler group of an update, so what the profile loader
    learns (the language the user chose) is there for the handlers after it."""

    chosen_language: str | None = None
    profile: Profile | None = None  # loaded before the handlers (bot/handlers/profile.py)
    flow_state: FlowState | None = None  # likewise: the chat's flow step at the update

    @property
    def deps(self) -> Deps:
        return self.application.bot_data[DEPS_KEY]

    def language_of(self, update: object) -> str:
        """The language the user chose with /language; else their Telegram language if
        finbot speaks it; else DEFAULT_LANGUAGE."""
        if self.chosen_language:
            return self.chosen_language
        user = update.effective_user if isinstance(update, Update) else None
        default = self.deps.settings.default_language
        return normalise_language(user.language_code if user else None, default)

    async def current_user(self, uow: UnitOfWork, update: Update) -> Profile:
        """The user behind this update's Telegram account (created on first contact).
        Identity comes from the update, never from anything typed or proposed."""
        tg_user = update.effective_user
        return await accounts.record_visit(
            uow, telegram_id=tg_user.id, first_name=tg_user.first_name, now=self.deps.clock()
        )

    def text(self, update: object, key: str, /, **values: Any) -> str:
        return catalogue_text(self.language_of(update), key, **values)

    def error_text(self, update: object, error: DomainError) -> str:
        """A domain error in the user's words: the text `error_<code>`."""
        values = {"contact": self.deps.settings.operator_contact, **error.values}
        return self.text(update, f"error_{error.code}", **values)


FinbotApplication = Application[ExtBot, FinbotContext, dict, dict, dict, Any]
