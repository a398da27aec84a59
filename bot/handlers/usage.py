"""/usage: the assistant tokens used today and in the last 30 days, and what is left of
today's budget (the operator's day)."""

from __future__ import annotations

from babel.numbers import format_decimal
from telegram import Update
from telegram.ext import CommandHandler, filters

from bot.context import FinbotContext
from services.assistant import Usage, UsageReport, spent_today, usage_report
from services.shared import locale_for


async def usage(update: Update, context: FinbotContext) -> None:
    deps = context.deps
    limits = deps.assistant.spending.limits
    now = deps.clock()
    async with deps.unit_of_work() as uow:
        user = await context.current_user(uow, update)
        used = await spent_today(uow, telegram_id=update.effective_user.id, now=now, limits=limits)
        report = await usage_report(
            uow,
            user_id=user.id,
            now=now,
            timezone=limits.timezone,  # the budget's day is the operator's
            daily_budget=limits.person_daily_tokens,
            budget_used=used,
        )
        await uow.commit()
    await update.effective_message.reply_text(render(update, context, report))


def render(update: Update, context: FinbotContext, report: UsageReport) -> str:
    language = context.language_of(update)

    def number(value: int) -> str:
        return format_decimal(value, locale=locale_for(language))

    def period(key: str, used: Usage) -> str:
        return context.text(
            update,
            key,
            total=number(used.total),
            input=number(used.input_tokens),
            cached=number(used.cached_tokens),
            output=number(used.output_tokens),
        )

    if report.left_today is None:
        budget = context.text(update, "usage_no_limit")
    else:
        budget = context.text(
            update,
            "usage_budget",
            budget=number(report.daily_budget),
            left=number(report.left_today),
        )
    return "\n\n".join(
        [
            context.text(update, "usage_title"),
            period("usage_today", report.today) + "\n" + budget,
            period("usage_last_30_days", report.last_30_days),
            context.text(update, "usage_tokens_explained"),
        ]
    )


def handlers(*, group: int) -> list:
    return [(group, CommandHandler("usage", usage, filters=filters.ChatType.PRIVATE))]
