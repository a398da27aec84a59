"""Texts of the reminders feature (en): reminder messages, their buttons, /reminders, STOP."""

TEXTS: dict[str, str] = {
    "command_reminders": "See and manage your reminders",
    # --- the reminder message --------------------------------------------------------------
    "reminder_title": "⏰ <b>Payment reminder</b>",
    "reminder_title_overdue": "⚠️ <b>You have a payment outstanding</b>",
    "reminder_upcoming": "• <b>{creditor}</b>: {amount} is due on {due} (in {days} days).",
    "reminder_upcoming_tomorrow": "• <b>{creditor}</b>: {amount} is due tomorrow, {due}.",
    "reminder_due_today": "• <b>{creditor}</b>: {amount} is due <b>today</b>, {due}.",
    "reminder_overdue": (
        "• <b>{creditor}</b>: {amount} was due on {due} ({days} days ago) and is still unpaid."
    ),
    "reminder_overdue_yesterday": (
        "• <b>{creditor}</b>: {amount} was due yesterday, {due}, and is still unpaid."
    ),
    "reminder_plan_left": (
        "  Installment {number} of {count}. {left_count} installments left, {left_amount} in all."
    ),
    "reminder_plan_last": "  It is the last installment of your plan.",
    "reminder_footer": (
        "If you have paid, press “I've paid”. If you can't pay this time, tell me and we'll "
        "find a way. You can manage your reminders with /reminders."
    ),
    "reminder_button_paid": "✅ I've paid",
    "reminder_button_paid_of": "✅ Paid: {creditor}",
    "reminder_button_cant_pay": "😟 Can't pay this time",
    "reminder_button_cant_pay_of": "😟 Can't pay: {creditor}",
    "reminder_button_stop": "🔕 Stop reminders",
    # --- the buttons' answers ---------------------------------------------------------------
    "reminder_marked_paid": (
        "✅ Noted: installment {number} of {creditor} ({amount}) is paid. I won't remind you "
        "of it again."
    ),
    "reminder_reported_paid": (
        "✅ Thank you. I've noted that you paid installment {number} of {creditor} ({amount}); "
        "{creditor} will confirm it when the payment arrives. I won't remind you of it again."
    ),
    "reminder_already_paid": "That installment was already marked as paid. Thank you!",
    "reminder_cant_pay_personal": (
        "That's all right. As this debt is your own, you can redo the plan with /plan so the "
        "installments fit you better."
    ),
    "reminder_stopped_debt": (
        "🔕 Done: no more reminders about {creditor}. You can turn them back on with /reminders."
    ),
    "reminder_stopped_all": (
        "🔕 Done: I won't send you any more reminders. You can turn them back on with /reminders."
    ),
    "reminder_gone": "That installment is no longer outstanding. Type /reminders to see yours.",
    # --- /reminders -------------------------------------------------------------------------
    "reminders_title": "⏰ <b>Your reminders</b>",
    "reminders_on": (
        "They are <b>on</b>. They arrive between {from_hour} and {until_hour} ({timezone} "
        "time), one a day at most."
    ),
    "reminders_off": "They are <b>off</b>: I won't send you any.",
    "reminders_next": "<b>Coming up:</b>",
    "reminders_next_item": "• {day}: {creditor}, installment of {amount} (due {due})",
    "reminders_none_next": "You have no reminders scheduled.",
    "reminders_debts": "<b>By debt:</b>",
    "reminders_debt_on": "• {creditor}: on",
    "reminders_debt_off": "• {creditor}: off",
    "reminders_button_all_off": "🔕 Turn all off",
    "reminders_button_all_on": "🔔 Turn all on",
    "reminders_button_debt_off": "🔕 {creditor}",
    "reminders_button_debt_on": "🔔 {creditor}",
    "reminders_turned_on": "🔔 Done: I'll remind you of your payments.",
    "reminders_turned_on_debt": "🔔 Done: I'll remind you of the payments to {creditor}.",
    "reminders_timezone_hint": "Your time zone: {timezone}. To change it: /timezone",
}
