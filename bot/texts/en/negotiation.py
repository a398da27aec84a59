"""Texts of the negotiation (en). Keys and placeholders match es/negotiation.py."""

TEXTS: dict[str, str] = {
    "button_debt_negotiate": "🤝 Negotiate {number}",
    "neg_menu": (
        "<b>{creditor}</b> · you owe {balance}.\nHow would you like to resolve it? Choose an "
        'option; nothing is agreed until you press "Accept".'
    ),
    "button_neg_pay_today": "💶 Pay it off at once with a discount",
    "button_neg_propose": "✍️ Propose an amount",
    "button_neg_partial": "🧩 Pay part now",
    "button_neg_plans": "📅 See installment plans",
    "button_neg_hardship": "🆘 I can't pay right now",
    "neg_tier": "• Paying at least {upfront} now takes {discount} off the rest.",
    "neg_ask_counteroffer": "How much could you pay at once? Write the amount.",
    "neg_ask_upfront": "How much can you pay now? Write the amount.",
    "neg_outcome_first_offer": "Here is my offer:",
    "neg_outcome_better_offer": "I've improved the offer:",
    "neg_outcome_same_offer": "The offer is still this one:",
    "neg_outcome_renewed_offer": "The previous offer expired; here it is again:",
    "neg_outcome_counteroffer_accepted": "Your offer of {amount} works. Please confirm it:",
    "neg_outcome_current_offer_is_lower": (
        "Good news: my offer is already lower than the {amount} you suggest."
    ),
    "neg_outcome_counteroffer_conceded": (
        "I can't go down to {amount}, but I can improve the offer:"
    ),
    "neg_outcome_counteroffer_refused": (
        "Sorry, {amount} is below what I can accept. The offer is still this one:"
    ),
    "neg_outcome_partial_offer": "Paying part now, it would be:",
    "neg_offer_settlement": (
        "You pay <b>{amount}</b> in one payment ({discount} off, you save {savings}) within "
        "{days} days of accepting, and the debt is settled.\nOffer valid until {expires}."
    ),
    "neg_offer_partial": (
        "You pay <b>{upfront}</b> now (within {days} days) and the rest, with {discount} off "
        "({rest}), in {months} installments of {installment}. Total: {total}.\n"
        "Offer valid until {expires}."
    ),
    "neg_final": "This is my final offer: I can't improve it further.",
    "button_neg_accept": "✅ Accept this offer",
    "button_neg_better": "🔽 Ask for a better offer",
    "neg_agreed": (
        "🤝 <b>Agreement made with {creditor}.</b> You'll pay {total} in all and save {savings}. "
        "This agreement is binding. The payments:"
    ),
    "neg_agreed_installment": "{number}. {due}: {amount}",
    "neg_already_accepted": "This offer had already been accepted; nothing changed.",
    "neg_hardship": (
        "Understood. I've paused the negotiation with {creditor} and told a person on the team, "
        "who will contact you. If you need us sooner: {contact}"
    ),
    "error_negotiation_personal_debt": "Your own debts aren't negotiated: they're for planning.",
    "error_negotiation_debt_closed": "This debt is already paid or closed.",
    "error_negotiation_agreement_exists": (
        "You already have an agreement for this debt. See /debts."
    ),
    "error_negotiation_paused": (
        "The negotiation is paused while a person reviews your situation. They'll contact you "
        "soon: {contact}"
    ),
    "error_negotiation_not_paused": "The negotiation wasn't paused.",
    "error_negotiation_invalid_counteroffer": "Please write an amount above zero.",
    "error_negotiation_invalid_upfront": (
        "The payment now must be above zero and below what you owe."
    ),
    "error_offer_not_found": "I can't find that offer.",
    "error_offer_expired": "That offer has expired. Ask for a new one from /debts.",
    "error_offer_superseded": "That offer no longer stands: there is a newer one.",
    "error_offer_terms_changed": "The debt has changed since that offer. Please ask for a new one.",
    "error_hardship_note_too_long": "The message is too long.",
}
