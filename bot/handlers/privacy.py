"""/privacy, /mydata and /deletedata: the notice, a copy of one's data, and erasure."""

from __future__ import annotations

import json

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.context import FinbotContext
from bot.render.keyboards import choices, edit_pressed
from services import accounts

FLOWS = ("register", "adddebt", "editdebt", "negotiate", "plan")  # named in the texts


async def notice(update: Update, context: FinbotContext) -> None:
    await update.effective_message.reply_text(
        context.text(update, "privacy", contact=context.deps.settings.operator_contact)
    )


async def my_data(update: Update, context: FinbotContext) -> None:
    async with context.deps.unit_of_work() as uow:
        export = await accounts.export_user_data(
            uow, telegram_id=update.effective_user.id, now=context.deps.clock()
        )
    document = json.dumps(export, ensure_ascii=False, indent=2).encode()
    caption = context.text(update, "mydata_caption")
    if export["chat_flows"]:
        flow = export["chat_flows"][0]["flow"]
        caption += "\n\n" + context.text(
            update,
            "mydata_flow_steps",
            flow=context.text(update, f"flow_{flow}" if flow in FLOWS else "flow_other"),
            days=context.deps.settings.flow_retention_days,
        )
    await update.effective_message.reply_document(
        document, filename="finbot-my-data.json", caption=caption
    )


async def ask_to_delete(update: Update, context: FinbotContext) -> None:
    await update.effective_message.reply_text(
        context.text(update, "deletedata_confirm"),
        reply_markup=choices(
            (context.text(update, "button_delete_yes"), "erase:yes"),
            (context.text(update, "button_delete_no"), "erase:no"),
        ),
    )


async def delete_confirmed(update: Update, context: FinbotContext) -> None:
    query = update.callback_query
    await query.answer()
    if query.data == "erase:no":
        await edit_pressed(query, context.text(update, "deletedata_kept"))
        return
    deps = context.deps
    secret = deps.settings.secret_key
    async with deps.unit_of_work() as uow:
        erasure = await accounts.erase_user_data(
            uow,
            telegram_id=update.effective_user.id,
            now=deps.clock(),
            secret_key=secret.get_secret_value() if secret else None,
        )
        await uow.commit()
    await edit_pressed(query, context.text(update, "deletedata_done"))
    await accounts.delete_conversations(erasure, deps.model_clients.delete_conversation)


def handlers(*, group: int) -> list:
    private = filters.ChatType.PRIVATE
    return [
        (group, CommandHandler("privacy", notice, filters=private)),
        (group, CommandHandler("mydata", my_data, filters=private)),
        (group, CommandHandler("deletedata", ask_to_delete, filters=private)),
        (group, CallbackQueryHandler(delete_confirmed, pattern=r"^erase:(yes|no)$")),
    ]
