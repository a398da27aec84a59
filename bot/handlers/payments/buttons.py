"""The "Pay now" button, the same in /debts, in reminders and after an agreement.

With PAYMENT_PROVIDER_TOKEN (and SECRET_KEY, which signs the invoice) the button asks the
bot for an invoice of that installment (`pay:inv:<installment id>`, answered in
bot/handlers/payments/checkout.py). Without a token but with PAYMENT_URL_TEMPLATE it opens the
operator's own payment page, the template filled with the debt's {reference}, the
installment's {installment} number and the {amount} due ("150.00"). With neither there
is no button. Only the operator's debts are paid this way.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import FinbotContext
from bot.render.formatting import money
from bot.settings import Settings
from bot.texts import text
from services.payments import PayableInstallment, next_payable

log = logging.getLogger(__name__)

INVOICE_DATA = "pay:inv:{installment_id}"


@dataclass(frozen=True)
class PayOptions:
    """How this deployment takes payments: invoices in Telegram, or a link."""

    provider_token: str | None
    url_template: str | None

    @property
    def invoices(self) -> bool:
        return self.provider_token is not None


def pay_options(settings: Settings) -> PayOptions | None:
    """The payment settings, or None when there is no way to pay through the bot."""
    token = settings.payment_provider_token
    if token is not None and token.get_secret_value() and settings.secret_key is not None:
        return PayOptions(provider_token=token.get_secret_value(), url_template=None)
    if settings.payment_url_template:
        return PayOptions(provider_token=None, url_template=settings.payment_url_template)
    return None


def pay_button(
    options: PayOptions | None,
    language: str,
    *,
    installment_id: int,
    reference: str | None,
    installment_number: int,
    amount_due: Decimal,
    label: str = "button_pay_now",
    **label_values: object,
) -> InlineKeyboardButton | None:
    """The button that pays this installment, or None (payments not set up, or a link
    that cannot be made). `label` names its text in the catalogue, filled with
    `label_values`."""
    if options is None:
        return None
    caption = html.unescape(text(language, label, **label_values))  # buttons are plain text
    if options.invoices:
        return InlineKeyboardButton(
            caption, callback_data=INVOICE_DATA.format(installment_id=installment_id)
        )
    url = payment_url(options, reference=reference, number=installment_number, amount=amount_due)
    return None if url is None else InlineKeyboardButton(caption, url=url)


def payable_button(
    options: PayOptions | None,
    language: str,
    installment: PayableInstallment,
    *,
    label: str = "button_pay_now",
    **label_values: object,
) -> InlineKeyboardButton | None:
    """The button that pays `installment` (its `amount` fills the label's {amount})."""
    return pay_button(
        options,
        language,
        installment_id=installment.installment_id,
        reference=installment.reference,
        installment_number=installment.number,
        amount_due=installment.amount,
        label=label,
        **{"amount": money(installment.amount, installment.currency, language), **label_values},
    )


async def next_installment_button(
    update: Update, context: FinbotContext, *, debt_id: int
) -> InlineKeyboardButton | None:
    """ "Pay {amount} now" for the next installment of the user's debt (after an
    agreement), or None: payments not set up, or nothing to pay in Telegram."""
    options = pay_options(context.deps.settings)
    if options is None:
        return None
    async with context.deps.unit_of_work() as uow:
        user = await context.current_user(uow, update)
        found = await next_payable(uow, user_id=user.id, debt_ids=[debt_id])
        await uow.commit()
    if debt_id not in found:
        return None
    language = context.language_of(update)
    return payable_button(options, language, found[debt_id], label="button_pay_amount")


def first_row(
    button: InlineKeyboardButton | None, markup: InlineKeyboardMarkup | None = None
) -> InlineKeyboardMarkup | None:
    """`markup` with `button` in a row of its own above the rest."""
    rows = [] if markup is None else [list(row) for row in markup.inline_keyboard]
    if button is not None:
        rows.insert(0, [button])
    return InlineKeyboardMarkup(rows) if rows else None


def payment_url(
    options: PayOptions, *, reference: str | None, number: int, amount: Decimal
) -> str | None:
    if options.url_template is None or not reference:
        return None
    try:
        return options.url_template.format(
            reference=quote(reference, safe=""), installment=number, amount=format(amount, "f")
        )
    except (KeyError, IndexError, ValueError):
        log.error(
            "PAYMENT_URL_TEMPLATE %r has a placeholder other than {reference}, "
            "{installment} and {amount}: no payment link",
            options.url_template,
        )
        return None
