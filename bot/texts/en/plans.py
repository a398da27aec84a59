"""Texts of the plans feature (en). Keys and placeholders match the other language."""

TEXTS: dict[str, str] = {
    # --- /plan: choosing a debt and how to pay it ----------------------------------------
    "plan_not_registered": (
        "To make a payment plan I first need to know who you are. It only takes a minute: "
        "send /register or tap the button."
    ),
    "plan_no_debts": (
        "You have no outstanding debts to plan right now. If you have one of your own, add "
        "it with /adddebt and come back to /plan."
    ),
    "plan_ask_debt": "Which debt would you like to plan? You can leave at any time with /cancel.",
    "plan_debt_line": "• {name}: {balance}",
    "plan_debt_with_concept": "{creditor} · {concept}",
    "plan_debt_personal": "{creditor} (your own)",
    "button_plan_debt": "{creditor} · {balance}",
    "button_plan_all": "📊 All my debts",
    "plan_debt_summary": "You owe {balance}, at {rate} annual interest.",
    "plan_debt_summary_no_interest": "You owe {balance}, with no interest.",
    "plan_debt_policy": (
        "{creditor} accepts plans of up to {max_months} months, with installments of at "
        "least {min_installment}."
    ),
    "plan_ask_mode": "How would you like to pay it?",
    "button_plan_by_months": "📅 In a number of months",
    "button_plan_by_amount": "💶 A monthly amount",
    "plan_ask_months": (
        "In how many months would you like to pay it? Choose one, or type a number (up to {most})."
    ),
    "plan_ask_amount": (
        "How much can you pay each month? Choose an amount, or type it (at least {least})."
    ),
    "plan_ask_months_any": (
        "In how many months would you like to pay it? Choose one, or type a number."
    ),
    "plan_ask_amount_any": "How much can you pay each month? Choose an amount, or type it.",
    "button_plan_months": "{months} months",
    "button_plan_one_month": "1 month",
    "plan_use_buttons": "Please choose with the buttons above, or leave with /cancel.",
    "plan_start_again": "Send /plan whenever you want to start again.",
    # --- the proposed plan ---------------------------------------------------------------
    "plan_why_too_many_months_months": (
        "The longest plan possible for this debt is {max_months} months, so I can't offer "
        "{months}. The closest plan is {closest_months} months:"
    ),
    "plan_why_too_many_months_and_minimum_months": (
        "The longest plan possible for this debt is {max_months} months, and each installment "
        "must be at least {min_installment}, so the closest plan is {closest_months} months:"
    ),
    "plan_why_too_many_months_amount": (
        "At {amount} a month it would take {months} months, and the longest plan possible "
        "for this debt is {max_months}. The closest plan is {closest_amount} a month:"
    ),
    "plan_why_installment_below_minimum_months": (
        "In {months} months each installment would be {amount}, and {creditor} accepts "
        "installments of at least {min_installment}. The closest plan is "
        "{closest_months} months:"
    ),
    "plan_why_installment_below_minimum_amount": (
        "{creditor} accepts installments of at least {min_installment}, so I can't offer "
        "{amount}. The closest plan is {closest_amount} a month:"
    ),
    "plan_why_payment_too_small_amount": (
        "{amount} a month isn't enough to pay off this debt in time. The least that works "
        "is {closest_amount} a month:"
    ),
    "plan_why_other": "Those terms don't fit this debt. The closest plan that does:",
    "plan_schedule_title": "<b>{months} monthly installments</b>",
    "plan_installment_line": "{number}. {due_date}: {amount}",
    "plan_installments_skipped": "…",
    "plan_totals": "Total to pay: <b>{total}</b>\nInterest: {interest}\nMonths: {months}",
    "plan_binding_note": (
        "⚖️ If you confirm, this plan becomes a <b>binding agreement</b> with {creditor}: "
        "you commit to paying each installment by its date."
    ),
    "plan_personal_note": (
        "This is your own plan to organise yourself; it's not an agreement with anyone."
    ),
    "plan_confirm_question": "Shall I confirm it?",
    "button_plan_confirm": "✅ Confirm",
    "button_plan_change": "✏️ Change",
    "plan_chart_caption": "How your debt with {creditor} goes down, month by month.",
    "plan_chart_title": "{creditor}: left to pay",
    "plan_chart_month": "Month",
    "plan_chart_balance": "Left to pay",
    "plan_chart_installment": "Installment",
    "plan_chart_principal": "Repays the debt",
    "plan_chart_interest": "Interest",
    # --- agreed --------------------------------------------------------------------------
    "plan_agreed_binding": (
        "✅ Agreed. Your plan with {creditor} is now a <b>binding agreement</b>: {months} "
        "installments, the first one of {amount} on {first_due}."
    ),
    "plan_agreed_personal": (
        "✅ Plan saved: {months} installments, the first one of {amount} on {first_due}."
    ),
    "plan_agreed_replaces": "It replaces your previous plan for this debt.",
    "plan_agreed_files": "Take the schedule with you: add it to your calendar, or keep it.",
    "button_plan_file_ics": "📅 Calendar",
    "button_plan_file_pdf": "📄 PDF",
    "button_plan_file_csv": "📊 Spreadsheet (CSV)",
    "plan_file_caption": "Your payment plan with {creditor}.",
    "plan_file_title": "Payment plan",
    "plan_file_installment": "Installment",
    "plan_file_number": "No.",
    "plan_file_due_date": "Due date",
    "plan_file_amount": "Amount",
    "plan_file_principal": "Principal",
    "plan_file_interest": "Interest",
    "plan_file_balance_after": "Balance after",
    "plan_file_currency": "Currency",
    "plan_file_total": "Total",
    "plan_file_creditor": "Creditor",
    "plan_file_reference": "Reference",
    "plan_file_annual_rate": "Annual interest rate",
    "plan_file_total_interest": "Total interest",
    "plan_file_generated_on": "Generated on",
    "plan_file_page": "Page",
    # --- all my debts --------------------------------------------------------------------
    "plan_ask_budget": (
        "How much can you put towards all your debts each month? Their minimum payments "
        "add up to {minimums}. Choose an amount, or type it."
    ),
    "plan_payoff_title": "<b>Paying off your debts with {budget} a month</b>",
    "plan_payoff_strategy_avalanche": (
        "❄️ <b>Avalanche</b> (highest interest first): debt-free in {months} months, "
        "by {month}. Interest: {interest}."
    ),
    "plan_payoff_strategy_snowball": (
        "⛄ <b>Snowball</b> (smallest debt first): debt-free in {months} months, by {month}. "
        "Interest: {interest}."
    ),
    "plan_payoff_debt_line": "   • {name}: paid off by {month}",
    "plan_payoff_cheaper": "💡 {strategy} is cheaper: it saves you {saving} in interest.",
    "plan_payoff_same": (
        "💡 Both cost the same in interest. Snowball clears your smaller debts sooner."
    ),
    "plan_payoff_next": "To agree a plan for one of them, send /plan and choose it.",
    "plan_payoff_chart_caption": "Your debts month by month, paying with {strategy}.",
    "plan_payoff_chart_title": "Your debts, month by month",
    "plan_strategy_avalanche": "Avalanche",
    "plan_strategy_snowball": "Snowball",
    "plan_strategy_custom": "Your order",
    # --- errors --------------------------------------------------------------------------
    "error_plan_debt_closed": "That debt has nothing left to plan: it's already closed.",
    "error_plan_outside_policy": (
        "Those terms no longer fit this debt (it has changed since). Send /plan to see "
        "what's possible now."
    ),
    "error_plan_terms_changed": (
        "The debt has changed since I showed you the plan, so I haven't confirmed anything. "
        "Send /plan to see it with today's figures."
    ),
    "error_plan_first_due_invalid": (
        "That plan is too old to confirm. Send /plan to make it again."
    ),
    "error_plan_not_found": "I can't find that plan among yours.",
    "error_plan_not_active": (
        "That plan is no longer active (it was replaced or has ended). See your current "
        "plans with /debts."
    ),
    "error_plan_nothing_to_plan": (
        "You have no outstanding debts to plan right now. Add one of your own with /adddebt."
    ),
    "error_plan_mixed_currencies": (
        "Your debts are in different currencies ({currencies}), so one monthly budget "
        "can't cover them all. Plan them one at a time with /plan."
    ),
    "error_budget_below_minimums": (
        "{budget} a month doesn't cover the minimum payments, which add up to {minimums}: "
        "you'd be {shortfall} short."
    ),
    "error_budget_below_interest": (
        "{budget} a month doesn't even cover the interest ({interest} the first month), so "
        "the debts would never go down."
    ),
    "error_payoff_too_long": (
        "With {budget} a month it would take more than {max_months} months. Try a larger amount."
    ),
}
