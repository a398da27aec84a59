"""One module per feature; `all_handlers` is the ordered list the composition root registers."""

from __future__ import annotations

from telegram.ext import BaseHandler

from bot.handlers import (
    add_debt,
    apikey,
    assistant,
    cancel,
    debts,
    docs,
    fallback,
    handover,
    invite,
    language,
    media,
    negotiate,
    payments,
    plan,
    privacy,
    private_only,
    profile,
    register,
    reminders,
    start,
    text_router,
    timezone,
    usage,
)


def all_handlers() -> list[tuple[int, BaseHandler]]:
    """(group, handler) pairs, run group by group in ascending order.

    Group -10 stops everything outside private chats; group -5 loads the user's chosen
    language; in group 0 the first matching handler wins, so the catch-alls come last.
    """
    return [
        *private_only.handlers(group=-10),
        *profile.handlers(group=-5),
        *start.handlers(group=0),
        *invite.handlers(group=0),
        *cancel.handlers(group=0),
        *register.handlers(group=0),
        *language.handlers(group=0),
        *privacy.handlers(group=0),
        *debts.handlers(group=0),
        *add_debt.handlers(group=0),
        *plan.handlers(group=0),
        *negotiate.handlers(group=0),
        *assistant.handlers(group=0),
        *apikey.handlers(group=0),
        *usage.handlers(group=0),
        *handover.handlers(group=0),
        *docs.handlers(group=0),
        *reminders.handlers(group=0),
        *timezone.handlers(group=0),
        *payments.handlers(group=0),
        *text_router.handlers(
            group=0,
            flow_steps={
                register.FLOW: register.on_message,
                invite.FLOW: invite.on_message,
                add_debt.FLOW: add_debt.on_message,
                debts.FLOW: debts.on_message,
                plan.FLOW: plan.on_message,
                negotiate.FLOW: negotiate.on_message,
            },
            free_text=assistant.reply,
            other=media.what_i_can_take,
        ),
        *fallback.handlers(group=0),
    ]
