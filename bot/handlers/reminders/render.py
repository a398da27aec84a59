"""A claimed reminder message as the person reads it: each installment with its amount,
due date, creditor and what is left of the plan, and the buttons to answer it (with a
"Pay now" button for the operator's debts when payments are set up: `pay`)."""

from __future__ import annotations

import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.handlers.payments.buttons import PayOptions, pay_button
from bot.render.formatting import day, money
from bot.texts import text
from services.reminders import ReminderLine, ReminderMessage


def render_reminder(
    message: ReminderMessage, language: str, *, pay: PayOptions | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    overdue = any(line.due_date < message.today for line in message.lines)
    parts = [text(language, "reminder_title_overdue" if overdue else "reminder_title"), ""]
    for line in message.lines:
        parts.append(_when(line, message, language))
        parts.append(_plan(line, language))
    parts += ["", text(language, "reminder_footer")]
    return "\n".join(parts), _buttons(message, language, pay)


def _when(line: ReminderLine, message: ReminderMessage, language: str) -> str:
    days = (line.due_date - message.today).days
    if days > 1:
        key = "reminder_upcoming"
    elif days == 1:
        key = "reminder_upcoming_tomorrow"
    elif days == 0:
        key = "reminder_due_today"
    elif days == -1:
        key = "reminder_overdue_yesterday"
    else:
        key = "reminder_overdue"
    return text(
        language,
        key,
        creditor=line.creditor,
        amount=money(line.amount, line.currency, language),
        due=day(line.due_date, language),
        days=abs(days),
    )


def _plan(line: ReminderLine, language: str) -> str:
    if line.left_count <= 1:
        return text(language, "reminder_plan_last")
    return text(
        language,
        "reminder_plan_left",
        number=line.number,
        count=line.installments_in_plan,
        left_count=line.left_count,
        left_amount=money(line.left_amount, line.currency, language),
    )


def _buttons(
    message: ReminderMessage, language: str, pay: PayOptions | None
) -> InlineKeyboardMarkup:
    single = len(message.lines) == 1
    rows = []
    for line in message.lines:
        paying = _pay_now(line, language, pay, single=single)
        if paying is not None:
            rows.append([paying])
        paid = "reminder_button_paid" if single else "reminder_button_paid_of"
        cant = "reminder_button_cant_pay" if single else "reminder_button_cant_pay_of"
        rows.append(
            [
                InlineKeyboardButton(
                    _label(language, paid, creditor=line.creditor),
                    callback_data=f"rem:paid:{line.installment_id}",
                ),
                InlineKeyboardButton(
                    _label(language, cant, creditor=line.creditor),
                    callback_data=_cant_pay(line),
                ),
            ]
        )
    stop = f"rem:stop:{message.lines[0].debt_id}" if single else "rem:stop:all"
    rows.append(
        [InlineKeyboardButton(_label(language, "reminder_button_stop"), callback_data=stop)]
    )
    return InlineKeyboardMarkup(rows)


def _pay_now(
    line: ReminderLine, language: str, pay: PayOptions | None, *, single: bool
) -> InlineKeyboardButton | None:
    if not line.is_operator_debt:
        return None
    return pay_button(
        pay,
        language,
        installment_id=line.installment_id,
        reference=line.reference,
        installment_number=line.number,
        amount_due=line.amount,
        label="button_pay_now" if single else "button_pay_of",
        creditor=line.creditor,
    )


def _cant_pay(line: ReminderLine) -> str:
    """Operator debts start the negotiation's hardship path; a person's own debt can be
    planned again."""
    if line.is_operator_debt:
        return f"neg:hardship:{line.debt_id}"
    return f"rem:cantpay:{line.installment_id}"


def _label(language: str, key: str, **values: object) -> str:
    """Button labels are plain text: no HTML escapes."""
    return html.unescape(text(language, key, **values))
