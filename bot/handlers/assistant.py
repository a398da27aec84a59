"""Free text goes to the assistant: a streamed reply from the user's real data, then the
plans or offers it proposed, each with the button that alone can agree it.

Updates of one chat are handled one at a time (bot/runtime/update_order.py), so messages that
arrive while a reply is being written wait their turn and are answered in order.
"""

from __future__ import annotations

import logging

from babel.dates import format_time
from babel.numbers import format_decimal
from telegram import Update
from telegram.error import TelegramError
from telegram.ext import CommandHandler, filters

from bot.context import FinbotContext
from bot.handlers import handover, negotiate
from bot.handlers.plan import agree as plan_agree
from bot.render.stream import DraftStream, send_reply
from bot.texts import text as catalogue_text
from services import accounts, assistant
from services.assistant import (
    REFUSALS,
    Action,
    NotifyHandover,
    OperatorBudgetSpent,
    ShowOffer,
    ShowPlanProposal,
    TurnLimitReached,
    TurnRequest,
)
from services.shared import DomainError, locale_for, time_zone

log = logging.getLogger(__name__)


async def reply(update: Update, context: FinbotContext) -> None:
    """Answer a free-text message (the conversation router sends it here)."""
    message = update.effective_message
    deps = context.deps
    if accounts.is_pasted_openai_key(message.text):
        await _refuse_pasted_key(update, context)
        return
    profile = context.profile  # loaded before the handlers; new users are created here
    if profile is None or profile.first_name != update.effective_user.first_name:
        async with deps.unit_of_work() as uow:
            profile = await context.current_user(uow, update)
            await uow.commit()
    own_key = _user_key(context, profile)
    client = deps.model_clients.for_key(own_key)
    if client is None:
        await message.reply_text(context.text(update, "assistant_no_key"))
        return
    if own_key is None and not await _may_use_operator_model(context, profile):
        await message.reply_text(_not_for_you(update, context))
        return
    link_hosts = deps.settings.operator_link_hosts
    stream = DraftStream(message, link_hosts=link_hosts)
    request = TurnRequest(
        user_id=profile.id,
        chat_id=update.effective_chat.id,
        first_name=profile.first_name,
        text=message.text,
        language=context.language_of(update),
        timezone=profile.timezone or deps.settings.default_timezone,
        telegram_id=update.effective_user.id,
        operator_key=own_key is None,
    )
    try:
        result = await deps.assistant.answer(
            client, request, on_text=stream.update, on_tools=stream.typing
        )
    except DomainError as error:
        await _refused(update, context, profile, error)
        return
    if result.text:
        await send_reply(message, result.text, link_hosts=link_hosts)
    elif not result.actions and result.stopped is None:
        await message.reply_text(context.text(update, "assistant_empty"))
    if result.stopped is not None:
        await _refused(update, context, profile, result.stopped)
    for action in _latest_offer_per_debt(result.actions):
        await _show(update, context, profile.id, action)


async def _refuse_pasted_key(update: Update, context: FinbotContext) -> None:
    """A bare key typed as a message goes nowhere: deleted, and the user told how."""
    try:
        await update.effective_message.delete()
    except TelegramError:
        log.info("could not delete a message holding a key")
    await update.effective_chat.send_message(context.text(update, "assistant_key_pasted"))


async def _may_use_operator_model(context: FinbotContext, profile: accounts.Profile) -> bool:
    allowed = context.deps.settings.assistant_for
    if allowed == "everyone" or (allowed == "registered" and profile.registered):
        return True  # no need to ask the database
    async with context.deps.unit_of_work() as uow:
        return await accounts.may_use_operator_model(uow, profile=profile, allowed=allowed)


def _not_for_you(update: Update, context: FinbotContext) -> str:
    REFUSALS.labels("not_allowed").inc()
    settings = context.deps.settings
    if settings.assistant_for == "linked":
        return context.text(update, "assistant_not_for_you_linked", operator=settings.operator_name)
    return context.text(update, "assistant_not_for_you")


async def _refused(
    update: Update, context: FinbotContext, profile: accounts.Profile, error: DomainError
) -> None:
    """Say why the assistant did not answer (or stopped); the day's first refusal for the
    operator's budget also tells the operator's chat."""
    if isinstance(error, TurnLimitReached):
        zone = time_zone(profile.timezone, context.deps.settings.default_timezone)
        at = format_time(
            error.retry_at.astimezone(zone),
            format="short",
            locale=locale_for(context.language_of(update)),
        )
        text = context.text(update, "error_assistant_turn_limit", at=at)
    else:
        text = context.error_text(update, error)
    await update.effective_message.reply_text(text)
    if isinstance(error, OperatorBudgetSpent) and error.first_notice:
        await _tell_operator_budget_spent(context)


async def _tell_operator_budget_spent(context: FinbotContext) -> None:
    settings = context.deps.settings
    if settings.admin_chat_id is None:
        log.warning("the operator's daily token budget is spent (no ADMIN_CHAT_ID to tell)")
        return
    language = settings.default_language
    budget = format_decimal(settings.assistant_operator_daily_tokens, locale=locale_for(language))
    try:
        await context.bot.send_message(
            settings.admin_chat_id,
            catalogue_text(language, "assistant_operator_budget_notice", budget=budget),
        )
    except TelegramError:
        log.warning("could not tell the admin chat the operator's budget is spent", exc_info=True)


def _user_key(context: FinbotContext, profile: accounts.Profile) -> str | None:
    """The user's own OpenAI key, if they set one (and SECRET_KEY can still open it)."""
    secret = context.deps.settings.secret_key
    if profile.api_key_encrypted is None or secret is None:
        return None
    return accounts.decrypt_api_key(profile.api_key_encrypted, secret_key=secret.get_secret_value())


def _latest_offer_per_debt(actions: list[Action]) -> list[Action]:
    """A later offer on a debt supersedes an earlier one: show only the one that can
    still be accepted."""
    last = {
        action.result.offer.debt_id: index
        for index, action in enumerate(actions)
        if isinstance(action, ShowOffer)
    }
    return [
        action
        for index, action in enumerate(actions)
        if not isinstance(action, ShowOffer) or last[action.result.offer.debt_id] == index
    ]


async def _show(update: Update, context: FinbotContext, user_id: int, action: Action) -> None:
    if isinstance(action, ShowPlanProposal):
        await plan_agree.show_proposal(
            update, context, user_id=user_id, proposal=action.proposal, origin="assistant"
        )
    elif isinstance(action, ShowOffer):
        await negotiate.show_result(update, context, action.result)
    elif isinstance(action, NotifyHandover):
        await handover.notify_handover(update, context, action)


async def new_chat(update: Update, context: FinbotContext) -> None:
    """/newchat: a fresh thread; the old one stays until the user erases their data."""
    deps = context.deps
    async with deps.unit_of_work() as uow:
        user = await context.current_user(uow, update)
        await assistant.start_new_thread(
            uow, user_id=user.id, chat_id=update.effective_chat.id, now=deps.clock()
        )
        await uow.commit()
    await update.effective_message.reply_text(context.text(update, "assistant_new_chat"))


def handlers(*, group: int) -> list:
    return [(group, CommandHandler("newchat", new_chat, filters=filters.ChatType.PRIVATE))]
