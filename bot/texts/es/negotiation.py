"""Texts of the negotiation (es). Keys and placeholders match en/negotiation.py."""

TEXTS: dict[str, str] = {
    "button_debt_negotiate": "🤝 Negociar {number}",
    "neg_menu": (
        "<b>{creditor}</b> · debes {balance}.\n¿Cómo te gustaría resolverla? Elige una opción; "
        "nada se acuerda hasta que pulses «Aceptar»."
    ),
    "button_neg_pay_today": "💶 Pagar de una vez con descuento",
    "button_neg_propose": "✍️ Proponer una cantidad",
    "button_neg_partial": "🧩 Pagar una parte ahora",
    "button_neg_plans": "📅 Ver planes de cuotas",
    "button_neg_hardship": "🆘 Ahora no puedo pagar",
    "neg_tier": "• Pagando al menos {upfront} ahora, el resto tiene un {discount} de descuento.",
    "neg_ask_counteroffer": "¿Cuánto podrías pagar de una vez? Escribe la cantidad.",
    "neg_ask_upfront": "¿Cuánto puedes pagar ahora? Escribe la cantidad.",
    "neg_outcome_first_offer": "Esta es mi propuesta:",
    "neg_outcome_better_offer": "He mejorado la propuesta:",
    "neg_outcome_same_offer": "La propuesta sigue siendo esta:",
    "neg_outcome_renewed_offer": "La propuesta anterior caducó; te la renuevo:",
    "neg_outcome_counteroffer_accepted": "Tu propuesta de {amount} es aceptable. Confírmala:",
    "neg_outcome_current_offer_is_lower": (
        "Buenas noticias: mi propuesta ya es más baja que los {amount} que ofreces."
    ),
    "neg_outcome_counteroffer_conceded": (
        "No puedo bajar hasta {amount}, pero sí mejorar la propuesta:"
    ),
    "neg_outcome_counteroffer_refused": (
        "Lo siento, {amount} está por debajo de lo que puedo aceptar. La propuesta sigue siendo "
        "esta:"
    ),
    "neg_outcome_partial_offer": "Pagando una parte ahora, quedaría así:",
    "neg_offer_settlement": (
        "Pagas <b>{amount}</b> en un solo pago ({discount} de descuento, ahorras {savings}) en "
        "los {days} días siguientes a aceptar, y la deuda queda saldada.\n"
        "Propuesta válida hasta el {expires}."
    ),
    "neg_offer_partial": (
        "Pagas <b>{upfront}</b> ahora (en {days} días) y el resto, con un {discount} de "
        "descuento ({rest}), en {months} cuotas de {installment}. Total: {total}.\n"
        "Propuesta válida hasta el {expires}."
    ),
    "neg_final": "Es mi última propuesta: no puedo mejorarla más.",
    "button_neg_accept": "✅ Aceptar esta propuesta",
    "button_neg_better": "🔽 Pedir una propuesta mejor",
    "neg_agreed": (
        "🤝 <b>Acuerdo cerrado con {creditor}.</b> Pagarás {total} en total y ahorras {savings}. "
        "Este acuerdo es vinculante. Los pagos:"
    ),
    "neg_agreed_installment": "{number}. {due}: {amount}",
    "neg_already_accepted": "Esta propuesta ya estaba aceptada; no ha cambiado nada.",
    "neg_hardship": (
        "Entendido. He pausado la negociación con {creditor} y he avisado a una persona del "
        "equipo, que se pondrá en contacto contigo. Si lo necesitas antes: {contact}"
    ),
    "error_negotiation_personal_debt": "Las deudas tuyas no se negocian: son para planificar.",
    "error_negotiation_debt_closed": "Esta deuda ya está pagada o cerrada.",
    "error_negotiation_agreement_exists": "Ya tienes un acuerdo para esta deuda. Míralo en /debts.",
    "error_negotiation_paused": (
        "La negociación está en pausa mientras una persona revisa tu situación. Te contactarán "
        "pronto: {contact}"
    ),
    "error_negotiation_not_paused": "La negociación no estaba en pausa.",
    "error_negotiation_invalid_counteroffer": "Escribe una cantidad mayor que cero.",
    "error_negotiation_invalid_upfront": (
        "El pago de ahora tiene que ser mayor que cero y menor que lo que debes."
    ),
    "error_offer_not_found": "No encuentro esa propuesta.",
    "error_offer_expired": "Esa propuesta ha caducado. Pide una nueva desde /debts.",
    "error_offer_superseded": "Esa propuesta ya no está vigente: hay una más reciente.",
    "error_offer_terms_changed": "La deuda ha cambiado desde esa propuesta. Pide una nueva.",
    "error_hardship_note_too_long": "El mensaje es demasiado largo.",
}
