"""Texts of /debts and /adddebt (en), and the errors of typed amounts. Keys match es."""

TEXTS: dict[str, str] = {
    "debts_none": (
        "I have no debts in your name. If your creditor sent you an invite, open it; "
        "otherwise register with /register. You can also add a debt of your own with /adddebt."
    ),
    "debts_title": "<b>Your debts</b>",
    "debt_title": "<b>{number}. {creditor}</b> · {concept}",
    "debt_title_personal": "<b>{number}. {creditor}</b> (your own)",
    "debt_details_title": "<b>{creditor}</b> · {concept}",
    "debt_balance": "Balance: {balance} · Annual interest: {rate}",
    "debt_next_installment": "Next installment: {due}, {amount}",
    "debt_no_plan": "No payment plan",
    "debt_status_open": "Status: outstanding",
    "debt_status_in_plan": "Status: in a payment plan",
    "debt_status_settled": "Status: settled by agreement",
    "debt_status_paid": "Status: paid",
    "debt_status_cancelled": "Status: cancelled",
    "debt_policy": (
        "Reference: {reference}\nLongest plan: {max_months} months · Smallest installment: "
        "{min_installment}"
    ),
    "debt_personal_terms": "Minimum monthly payment: {minimum} · Due day: {due_day}",
    "button_debt_plan": "📅 Plan {number}",
    "button_debt_details": "ℹ️ Details {number}",
    "button_debt_plan_only": "📅 Make a plan",
    "button_debt_edit": "✏️ Edit",
    "button_debt_delete": "🗑 Delete",
    "debt_edit_which": "What would you like to change?",
    "field_creditor": "Creditor",
    "field_balance": "Balance",
    "field_annual_rate": "Interest",
    "field_minimum_payment": "Minimum payment",
    "field_due_day": "Due day",
    "debt_ask_creditor": "Who do you owe this money to? (for example: Bank X, card Y)",
    "debt_ask_balance": "How much do you owe now? (for example: 1,250.00)",
    "debt_ask_annual_rate": "What is its annual interest, in %? (write 0 if none)",
    "debt_ask_minimum_payment": "What is the minimum payment each month?",
    "debt_ask_due_day": "On which day of the month is the payment due? (1 to 31)",
    "debt_saved": "✅ Saved. See it with /debts.",
    "debt_delete_confirm": "Delete the debt with {creditor}? This can't be undone.",
    "button_delete_debt_yes": "Yes, delete it",
    "button_delete_debt_no": "No",
    "debt_kept": "All right, I deleted nothing.",
    "debt_deleted": "🗑 Debt deleted.",
    "adddebt_intro": (
        "Let's add a debt of your own so you can plan how to pay it. It's just for you: "
        "nobody negotiates it. You can leave with /cancel."
    ),
    "adddebt_ask_creditor": "Who do you owe this money to? (for example: Bank X, card Y)",
    "adddebt_ask_balance": "How much do you owe now? (for example: 1,250.00)",
    "adddebt_ask_annual_rate": "What is its annual interest, in %? (write 0 if none)",
    "adddebt_ask_minimum_payment": "What is the minimum payment each month?",
    "adddebt_ask_due_day": "On which day of the month is the payment due? (1 to 31)",
    "adddebt_confirm": (
        "Shall I save this debt?\n<b>{creditor}</b> (your own)\nBalance: {balance} · Interest: "
        "{rate}\nMinimum payment: {minimum} · Due day: {due_day}"
    ),
    "button_adddebt_save": "✅ Save",
    "button_adddebt_cancel": "Cancel",
    "adddebt_saved": "✅ Debt saved. See it in /debts or make a plan with /plan.",
    "adddebt_use_buttons": "Please answer with one of the buttons.",
    "error_debt_not_found": "I can't find that debt among yours.",
    "error_not_a_personal_debt": (
        "That debt is your creditor's: it can't be edited or deleted here. Write to us if "
        "something is wrong: {contact}"
    ),
    "error_personal_debts_disabled": "This service doesn't allow adding debts of your own.",
    "error_invalid_debt_term": "That value doesn't look right.",
    "error_not_registered": "First I need you to register: send /register.",
    "error_invalid_amount": "I didn't understand that amount. Write it like 300 or 1,234.56.",
    "error_amount_not_positive": "The amount must be more than zero.",
    "error_amount_too_large": "That amount is too large.",
    "error_invalid_months": "I didn't understand the number of months. Just write the number: 12.",
    "error_months_not_positive": "The number of months must be at least 1.",
    "error_months_too_many": "That's too many months; the most is {limit}.",
    "error_invalid_rate": "I didn't understand the interest. Write the percentage: 7.5 (or 0).",
    "error_invalid_day_of_month": "Write a day of the month, from 1 to 31.",
}
