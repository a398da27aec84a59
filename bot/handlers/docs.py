"""/docs: the operator's documents the assistant answers from, those in the user's
language first."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler, filters

from bot.context import FinbotContext
from services.documents import DocumentSummary, list_documents


async def docs(update: Update, context: FinbotContext) -> None:
    async with context.deps.unit_of_work() as uow:
        documents = await list_documents(uow)
    await update.effective_message.reply_text(render(update, context, documents))


def render(update: Update, context: FinbotContext, documents: list[DocumentSummary]) -> str:
    settings = context.deps.settings
    if not documents:
        return context.text(
            update, "docs_none", operator=settings.operator_name, contact=settings.operator_contact
        )
    language = context.language_of(update)
    own = [d for d in documents if d.language in (language, None)]
    others = [d for d in documents if d.language not in (language, None)]
    lines = [context.text(update, "docs_title", operator=settings.operator_name), ""]
    lines += [_item(update, context, document) for document in own]
    if others:
        lines += ["", context.text(update, "docs_other_languages")]
        lines += [_item(update, context, document) for document in others]
    lines += ["", context.text(update, "docs_intro")]
    return "\n".join(lines)


def _item(update: Update, context: FinbotContext, document: DocumentSummary) -> str:
    key = {0: "docs_item", 1: "docs_item_one_page"}.get(document.pages, "docs_item_pages")
    return context.text(update, key, title=document.title, file=document.file, pages=document.pages)


def handlers(*, group: int) -> list:
    return [(group, CommandHandler("docs", docs, filters=filters.ChatType.PRIVATE))]
