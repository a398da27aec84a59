"""Paying inside Telegram: Pay buttons' invoices, pre-checkout checks, successful
payments, /paysupport.

"Pay now" (`pay:inv:<installment>`, see buttons.py) sends an invoice for what is
due of that installment, in the debt's currency, with a signed payload. Telegram then
asks (`pre_checkout_query`) whether to charge: the answer must come within 10 seconds, so
it is one short read, bounded by CHECK_SECONDS, and "no" with a reason in the person's
language whenever the payload is not ours, the installment is no longer open, what is
due changed, or the payer is not the debt's person. The `successful_payment` message
then records the payment once and gets a receipt; a repeated one gets nothing.
"""

from __future__ import annotations

import asyncio
import html
import logging

from telegram import LabeledPrice, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    PreCheckoutQueryHandler,
    filters,
)

from bot.context import FinbotContext
from bot.handlers.payments.buttons import pay_options
from bot.render.formatting import day, money
from services import payments
from services.payments import (
    Charge,
    PayableInstallment,
    PaymentForged,
    TelegramReceipt,
    from_minor_units,
    record_telegram_payment,
    sign_payload,
)
from services.shared import DomainError

log = logging.getLogger(__name__)

CHECK_SECONDS = 6.0
"""The pre-checkout check gives up (and says no) after this long; Telegram waits 10."""
TITLE_LIMIT = 32
DESCRIPTION_LIMIT = 255


async def send_invoice(update: Update, context: FinbotContext) -> None:
    """pay:inv:<installment id>: an invoice for what is due of it now."""
    query = update.callback_query
    options = pay_options(context.deps.settings)
    secret_key = _secret_key(context)
    if options is None or options.provider_token is None or secret_key is None:
        await query.answer(context.text(update, "stale_button"), show_alert=True)
        return
    try:
        async with context.deps.unit_of_work() as uow:
            user = await context.current_user(uow, update)
            installment = await payments.payable(
                uow, user_id=user.id, installment_id=int(query.data.rsplit(":", 1)[1])
            )
            await uow.commit()
    except DomainError as error:
        await query.answer(_plain(context.error_text(update, error)), show_alert=True)
        return
    await query.answer()
    terms = installment.terms
    values = _invoice_values(update, context, installment)
    await context.bot.send_invoice(
        chat_id=update.effective_chat.id,
        title=_plain(context.text(update, "invoice_title", **values))[:TITLE_LIMIT],
        description=_plain(context.text(update, "invoice_description", **values))[
            :DESCRIPTION_LIMIT
        ],
        payload=sign_payload(terms, secret_key=secret_key),
        provider_token=options.provider_token,
        currency=terms.currency,
        prices=[
            LabeledPrice(
                _plain(context.text(update, "invoice_price_label", number=installment.number)),
                terms.minor_units,
            )
        ],
        # PTB 22 adds the default parse_mode to sendInvoice, which has none: leave it out.
        api_kwargs={"parse_mode": None},
    )


async def pre_checkout(update: Update, context: FinbotContext) -> None:
    """Yes only for a genuine payload of an installment still due, as invoiced, of a debt
    of the person paying (the update's user, never the payload's say)."""
    query = update.pre_checkout_query
    secret_key = _secret_key(context)
    try:
        if secret_key is None:
            raise PaymentForged()
        async with asyncio.timeout(CHECK_SECONDS), context.deps.unit_of_work() as uow:
            await payments.check_checkout(
                uow,
                telegram_id=query.from_user.id,
                payload=query.invoice_payload,
                currency=query.currency,
                total_amount=query.total_amount,
                secret_key=secret_key,
            )
    except DomainError as error:
        log.info("pre-checkout %s refused: %s", query.id, error.code)
        await query.answer(ok=False, error_message=_plain(context.error_text(update, error)))
        return
    except Exception:  # a slow or broken database: say no now rather than never
        log.exception("pre-checkout %s could not be checked", query.id)
        reason = _plain(context.text(update, "payment_unavailable"))
        await query.answer(ok=False, error_message=reason)
        return
    await query.answer(ok=True)


async def successful_payment(update: Update, context: FinbotContext) -> None:
    """Record the payment (once: a repeated update changes nothing) and send a receipt."""
    message = update.effective_message
    paid = message.successful_payment
    charge = Charge(
        payload=paid.invoice_payload,
        currency=paid.currency,
        total_amount=paid.total_amount,
        telegram_charge_id=paid.telegram_payment_charge_id,
        provider_charge_id=paid.provider_payment_charge_id,
    )
    secret_key = _secret_key(context)
    try:
        if secret_key is None:
            raise PaymentForged()
        async with context.deps.unit_of_work() as uow:
            receipt = await record_telegram_payment(
                uow,
                telegram_id=update.effective_user.id,
                charge=charge,
                secret_key=secret_key,
                now=context.deps.clock(),
            )
            await uow.commit()
    except DomainError as error:
        log.error(
            "payment %s (%s %s) was charged but not recorded: %s",
            charge.telegram_charge_id,
            charge.total_amount,
            charge.currency,
            error.code,
        )
        amount = from_minor_units(charge.total_amount, charge.currency)
        await message.reply_text(
            context.text(
                update,
                "payment_unmatched",
                amount=money(amount, charge.currency, context.language_of(update)),
                contact=context.deps.settings.operator_contact,
                charge_id=charge.telegram_charge_id,
            )
        )
        return
    if receipt is None:
        log.info("payment %s was recorded before: nothing to do", charge.telegram_charge_id)
        return
    await message.reply_text(_receipt(update, context, receipt, charge.telegram_charge_id))


async def pay_support(update: Update, context: FinbotContext) -> None:
    settings = context.deps.settings
    await update.effective_message.reply_text(
        context.text(
            update,
            "paysupport",
            operator=settings.operator_name,
            contact=settings.operator_contact,
        )
    )


def _receipt(
    update: Update, context: FinbotContext, receipt: TelegramReceipt, charge_id: str
) -> str:
    language = context.language_of(update)

    def amount(value) -> str:
        return money(value, receipt.currency, language)

    lines = [
        context.text(
            update,
            "payment_receipt",
            amount=amount(receipt.amount),
            creditor=receipt.creditor,
            number=receipt.number,
        )
    ]
    if receipt.plan_completed:
        lines.append(context.text(update, "payment_receipt_done", creditor=receipt.creditor))
    elif receipt.left_count == 1:
        left = amount(receipt.left_amount)
        lines.append(context.text(update, "payment_receipt_left_one", left_amount=left))
    elif receipt.left_count > 1:
        lines.append(
            context.text(
                update,
                "payment_receipt_left",
                left_count=receipt.left_count,
                left_amount=amount(receipt.left_amount),
            )
        )
    else:
        lines.append(
            context.text(update, "payment_receipt_balance", balance=amount(receipt.balance))
        )
    lines.append(context.text(update, "payment_receipt_charge", charge_id=charge_id))
    return "\n\n".join(lines)


def _invoice_values(update, context: FinbotContext, installment: PayableInstallment) -> dict:
    language = context.language_of(update)
    return {
        "number": installment.number,
        "count": installment.installments_in_plan,
        "creditor": installment.creditor,
        "reference": installment.reference,
        "due": day(installment.due_date, language),
        "amount": money(installment.amount, installment.currency, language),
    }


def _secret_key(context: FinbotContext) -> str | None:
    secret = context.deps.settings.secret_key
    return secret.get_secret_value() if secret is not None else None


def _plain(text: str) -> str:
    """Invoices, alerts and pre-checkout answers are plain text: no HTML escapes."""
    return html.unescape(text)


def handlers(*, group: int) -> list:
    private = filters.ChatType.PRIVATE
    return [
        (group, CommandHandler("paysupport", pay_support, filters=private)),
        (group, CallbackQueryHandler(send_invoice, pattern=r"^pay:inv:\d{1,18}$")),
        (group, PreCheckoutQueryHandler(pre_checkout)),
        (group, MessageHandler(private & filters.SUCCESSFUL_PAYMENT, successful_payment)),
    ]
