"""Texts of the payments feature (en): invoices, receipts, /paysupport."""

TEXTS: dict[str, str] = {
    "command_paysupport": "Help with a payment",
    # --- the Pay buttons -----------------------------------------------------------------
    "button_pay_now": "💳 Pay now",
    "button_pay_of": "💳 Pay: {creditor}",
    "button_pay_debt": "💳 Pay {number}",
    "button_pay_amount": "💳 Pay {amount} now",
    # --- the invoice (plain text: title up to 32 characters) --------------------------------
    "invoice_title": "Installment {number} · {creditor}",
    "invoice_description": (
        "Installment {number} of {count} of your agreement with {creditor} (reference "
        "{reference}), due on {due}: {amount}."
    ),
    "invoice_price_label": "Installment {number}",
    # --- after paying -----------------------------------------------------------------------
    "payment_receipt": (
        "✅ <b>Payment received.</b> You paid {amount} to {creditor} (installment {number}). "
        "Thank you!"
    ),
    "payment_receipt_left": "You have {left_count} installments left, {left_amount} in total.",
    "payment_receipt_left_one": "You have one installment left, of {left_amount}.",
    "payment_receipt_done": (
        "🎉 With this payment you have completed your agreement with {creditor}."
    ),
    "payment_receipt_balance": "What is left of the debt: {balance}.",
    "payment_receipt_charge": (
        "Keep this message as your receipt. Payment reference: <code>{charge_id}</code>. "
        "Any questions: /paysupport"
    ),
    "payment_unmatched": (
        "We received your payment of {amount}, but I couldn't match it to an installment. "
        "Someone from the team will check it and apply it; if you need it sooner: {contact}. "
        "Payment reference: <code>{charge_id}</code>."
    ),
    "payment_unavailable": (
        "I can't check this payment right now. You have not been charged: please try again "
        "in a few minutes."
    ),
    # --- why a payment is refused before charging (Telegram shows them as plain text) --------
    "error_payment_forged": (
        "I can't charge this invoice because I didn't issue it. You have not been charged: "
        "ask for a new one from /debts."
    ),
    "error_payment_not_open": (
        "This installment is no longer due (it is paid or the agreement changed). You have "
        "not been charged: see /debts for what is left."
    ),
    "error_payment_changed": (
        "The amount of this installment changed since I sent you the invoice. You have not "
        "been charged: ask for a new one from /debts."
    ),
    "error_payment_not_yours": (
        "This installment is not of a debt of yours, so I can't charge it to you. If you "
        "think this is a mistake: {contact}"
    ),
    # --- /paysupport --------------------------------------------------------------------------
    "paysupport": (
        "💳 <b>Help with payments</b>\n"
        "If you have a question or a problem with a payment (a charge you don't recognise, a "
        "payment that doesn't show, or a refund), write to {operator}: {contact}\n\n"
        "Give your debt's reference and, if you paid here, the payment reference shown on "
        "your receipt. We will never ask for your card details in this chat."
    ),
}
