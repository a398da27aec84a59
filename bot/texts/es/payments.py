"""Texts of the payments feature (es): invoices, receipts, /paysupport."""

TEXTS: dict[str, str] = {
    "command_paysupport": "Ayuda con un pago",
    # --- the Pay buttons -----------------------------------------------------------------
    "button_pay_now": "💳 Pagar ahora",
    "button_pay_of": "💳 Pagar: {creditor}",
    "button_pay_debt": "💳 Pagar {number}",
    "button_pay_amount": "💳 Pagar {amount} ahora",
    # --- the invoice (plain text: title up to 32 characters) --------------------------------
    "invoice_title": "Cuota {number} · {creditor}",
    "invoice_description": (
        "Cuota {number} de {count} de tu acuerdo con {creditor} (referencia {reference}), "
        "con vencimiento el {due}: {amount}."
    ),
    "invoice_price_label": "Cuota {number}",
    # --- after paying -----------------------------------------------------------------------
    "payment_receipt": (
        "✅ <b>Pago recibido.</b> Has pagado {amount} a {creditor} (cuota {number}). ¡Gracias!"
    ),
    "payment_receipt_left": "Te quedan {left_count} cuotas, {left_amount} en total.",
    "payment_receipt_left_one": "Te queda una cuota de {left_amount}.",
    "payment_receipt_done": "🎉 Con este pago has terminado tu acuerdo con {creditor}.",
    "payment_receipt_balance": "Saldo pendiente de la deuda: {balance}.",
    "payment_receipt_charge": (
        "Guarda este mensaje como justificante. Referencia del pago: <code>{charge_id}</code>. "
        "Si tienes cualquier duda: /paysupport"
    ),
    "payment_unmatched": (
        "Hemos recibido tu pago de {amount}, pero no he podido asociarlo a una cuota. Una "
        "persona del equipo lo revisará y lo aplicará; si lo necesitas antes: {contact}. "
        "Referencia del pago: <code>{charge_id}</code>."
    ),
    "payment_unavailable": (
        "Ahora mismo no puedo comprobar este pago. No se te ha cobrado nada: inténtalo de "
        "nuevo en unos minutos."
    ),
    # --- why a payment is refused before charging (Telegram shows them as plain text) --------
    "error_payment_forged": (
        "No puedo cobrar esta factura porque no la he emitido yo. No se te ha cobrado nada: "
        "pide una nueva desde /debts."
    ),
    "error_payment_not_open": (
        "Esta cuota ya no está pendiente (está pagada o el acuerdo ha cambiado). No se te ha "
        "cobrado nada: mira /debts para ver lo que queda."
    ),
    "error_payment_changed": (
        "El importe de esta cuota ha cambiado desde que te envié la factura. No se te ha "
        "cobrado nada: pide una nueva desde /debts."
    ),
    "error_payment_not_yours": (
        "Esta cuota no es de una deuda tuya, así que no puedo cobrártela. Si crees que es un "
        "error: {contact}"
    ),
    # --- /paysupport --------------------------------------------------------------------------
    "paysupport": (
        "💳 <b>Ayuda con los pagos</b>\n"
        "Si tienes una duda o un problema con un pago (un cobro que no reconoces, un pago que "
        "no aparece o una devolución), escribe a {operator}: {contact}\n\n"
        "Indica la referencia de tu deuda y, si pagaste aquí, la referencia del pago que "
        "aparece en tu justificante. Nunca te pediremos los datos de tu tarjeta por este chat."
    ),
}
