"""/timezone: the user's time zone, for reminders and the dates shown to them."""

from __future__ import annotations

from datetime import time
from zoneinfo import ZoneInfo

from babel.dates import format_time
from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.context import FinbotContext
from bot.render.formatting import day
from bot.render.keyboards import choices, edit_pressed
from bot.texts import CATALOGUES
from services import accounts
from services.accounts import COMMON_TIMEZONES
from services.shared import DomainError, locale_for


async def show_or_set(update: Update, context: FinbotContext) -> None:
    """`/timezone`: where the user is and the zones to pick; `/timezone <name>`: set it."""
    if context.args:
        await update.effective_message.reply_text(
            await _set(update, context, " ".join(context.args))
        )
        return
    settings = context.deps.settings
    async with context.deps.unit_of_work() as uow:
        user = await context.current_user(uow, update)
        chosen = user.timezone
        current = await accounts.current_timezone(
            uow, user_id=user.id, default=settings.default_timezone
        )
        await uow.commit()
    lines = [_local_time(update, context, "timezone_current", current)]
    if chosen is None:
        lines.append(context.text(update, "timezone_not_chosen"))
    lines += [_reminder_hours(update, context), context.text(update, "timezone_choose")]
    await update.effective_message.reply_text(
        "\n\n".join(lines), reply_markup=_zones_keyboard(update, context, current)
    )


async def choose(update: Update, context: FinbotContext) -> None:
    """A `tz:set:<index>` button of the list."""
    query = update.callback_query
    index = int(query.data.removeprefix("tz:set:"))
    if index >= len(COMMON_TIMEZONES):
        await query.answer(context.text(update, "stale_button"), show_alert=True)
        return
    confirmation = await _set(update, context, COMMON_TIMEZONES[index])
    await query.answer()
    await edit_pressed(query, confirmation)


async def _set(update: Update, context: FinbotContext, name: str) -> str:
    """Set the zone the user named; the confirmation, or why nothing changed."""
    deps = context.deps
    try:
        async with deps.unit_of_work() as uow:
            user = await context.current_user(uow, update)
            chosen = await accounts.set_timezone(
                uow, user_id=user.id, name=name, policy=deps.reminder_policy
            )
            await uow.commit()
    except DomainError as error:
        return context.error_text(update, error)
    return "\n\n".join(
        [
            _local_time(update, context, "timezone_set", chosen),
            _reminder_hours(update, context),
        ]
    )


def _local_time(update: Update, context: FinbotContext, key: str, zone_name: str) -> str:
    language = context.language_of(update)
    local = context.deps.clock().astimezone(ZoneInfo(zone_name))
    return context.text(
        update,
        key,
        zone=zone_name,
        time=format_time(local, format="short", locale=locale_for(language)),
        date=day(local.date(), language),
    )


def _reminder_hours(update: Update, context: FinbotContext) -> str:
    locale = locale_for(context.language_of(update))
    settings = context.deps.settings

    def hour(value: int) -> str:
        return format_time(time(value % 24), format="short", locale=locale)

    return context.text(
        update,
        "timezone_reminder_hours",
        from_time=hour(settings.reminder_from_hour),
        until_time=hour(settings.reminder_until_hour),
    )


def _zones_keyboard(update: Update, context: FinbotContext, current: str) -> InlineKeyboardMarkup:
    buttons = []
    for index, name in enumerate(COMMON_TIMEZONES):
        label = _city(update, context, name)
        if name == current:
            label = context.text(update, "timezone_button_current", city=label)
        buttons.append((label, f"tz:set:{index}"))
    return choices(*buttons, columns=2)


def _city(update: Update, context: FinbotContext, name: str) -> str:
    """The zone's city in the user's language ("Nueva York"), else as IANA spells it."""
    city = name.rsplit("/", 1)[-1]
    key = f"timezone_city_{city.lower()}"
    if key in CATALOGUES[context.language_of(update)]:
        return context.text(update, key)
    return city.replace("_", " ")


def handlers(*, group: int) -> list:
    return [
        (group, CommandHandler("timezone", show_or_set, filters=filters.ChatType.PRIVATE)),
        (group, CallbackQueryHandler(choose, pattern=r"^tz:set:\d{1,3}$")),
    ]
