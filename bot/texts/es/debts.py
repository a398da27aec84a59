"""Texts of /debts and /adddebt (es), and the errors of typed amounts. Keys match en."""

TEXTS: dict[str, str] = {
    "debts_none": (
        "No tengo deudas a tu nombre. Si tu acreedor te envió una invitación, ábrela; si "
        "no, regístrate con /register. También puedes añadir una deuda tuya con /adddebt."
    ),
    "debts_title": "<b>Tus deudas</b>",
    "debt_title": "<b>{number}. {creditor}</b> · {concept}",
    "debt_title_personal": "<b>{number}. {creditor}</b> (deuda tuya)",
    "debt_details_title": "<b>{creditor}</b> · {concept}",
    "debt_balance": "Saldo: {balance} · Interés anual: {rate}",
    "debt_next_installment": "Próxima cuota: {due}, {amount}",
    "debt_no_plan": "Sin plan de pagos",
    "debt_status_open": "Estado: pendiente",
    "debt_status_in_plan": "Estado: en plan de pagos",
    "debt_status_settled": "Estado: saldada con acuerdo",
    "debt_status_paid": "Estado: pagada",
    "debt_status_cancelled": "Estado: cancelada",
    "debt_policy": (
        "Referencia: {reference}\nPlazo máximo: {max_months} meses · Cuota mínima: "
        "{min_installment}"
    ),
    "debt_personal_terms": "Pago mínimo mensual: {minimum} · Día de pago: {due_day}",
    "button_debt_plan": "📅 Plan {number}",
    "button_debt_details": "ℹ️ Detalles {number}",
    "button_debt_plan_only": "📅 Preparar un plan",
    "button_debt_edit": "✏️ Editar",
    "button_debt_delete": "🗑 Borrar",
    "debt_edit_which": "¿Qué quieres cambiar?",
    "field_creditor": "Acreedor",
    "field_balance": "Saldo",
    "field_annual_rate": "Interés",
    "field_minimum_payment": "Pago mínimo",
    "field_due_day": "Día de pago",
    "debt_ask_creditor": "¿A quién le debes este dinero? (por ejemplo: Banco X, tarjeta Y)",
    "debt_ask_balance": "¿Cuánto debes ahora? (por ejemplo: 1.250,00)",
    "debt_ask_annual_rate": "¿Qué interés anual tiene, en %? (escribe 0 si no tiene)",
    "debt_ask_minimum_payment": "¿Cuál es el pago mínimo cada mes?",
    "debt_ask_due_day": "¿Qué día del mes vence el pago? (del 1 al 31)",
    "debt_saved": "✅ Guardado. Puedes verlo con /debts.",
    "debt_delete_confirm": "¿Borrar la deuda con {creditor}? No se puede deshacer.",
    "button_delete_debt_yes": "Sí, borrarla",
    "button_delete_debt_no": "No",
    "debt_kept": "De acuerdo, no he borrado nada.",
    "debt_deleted": "🗑 Deuda borrada.",
    "adddebt_intro": (
        "Vamos a añadir una deuda tuya para que puedas planificar cómo pagarla. Es solo para "
        "ti: no se negocia con nadie. Puedes salir con /cancel."
    ),
    "adddebt_ask_creditor": "¿A quién le debes este dinero? (por ejemplo: Banco X, tarjeta Y)",
    "adddebt_ask_balance": "¿Cuánto debes ahora? (por ejemplo: 1.250,00)",
    "adddebt_ask_annual_rate": "¿Qué interés anual tiene, en %? (escribe 0 si no tiene)",
    "adddebt_ask_minimum_payment": "¿Cuál es el pago mínimo cada mes?",
    "adddebt_ask_due_day": "¿Qué día del mes vence el pago? (del 1 al 31)",
    "adddebt_confirm": (
        "¿Guardo esta deuda?\n<b>{creditor}</b> (deuda tuya)\nSaldo: {balance} · Interés: "
        "{rate}\nPago mínimo: {minimum} · Día de pago: {due_day}"
    ),
    "button_adddebt_save": "✅ Guardar",
    "button_adddebt_cancel": "Cancelar",
    "adddebt_saved": "✅ Deuda guardada. Mírala en /debts o prepara un plan con /plan.",
    "adddebt_use_buttons": "Responde con uno de los botones.",
    "error_debt_not_found": "No encuentro esa deuda entre las tuyas.",
    "error_not_a_personal_debt": (
        "Esa deuda es de tu acreedor: no se puede editar ni borrar desde aquí. Escríbenos si "
        "hay un error: {contact}"
    ),
    "error_personal_debts_disabled": "Este servicio no permite añadir deudas propias.",
    "error_invalid_debt_term": "Ese valor no parece válido.",
    "error_not_registered": "Primero necesito que te registres: escribe /register.",
    "error_invalid_amount": "No he entendido esa cantidad. Escríbela así: 300 o 1.234,56.",
    "error_amount_not_positive": "La cantidad tiene que ser mayor que cero.",
    "error_amount_too_large": "Esa cantidad es demasiado grande.",
    "error_invalid_months": "No he entendido el número de meses. Escribe solo el número: 12.",
    "error_months_not_positive": "El número de meses tiene que ser al menos 1.",
    "error_months_too_many": "Son demasiados meses; el máximo es {limit}.",
    "error_invalid_rate": "No he entendido el interés. Escribe el porcentaje: 7,5 (o 0).",
    "error_invalid_day_of_month": "Escribe un día del mes, del 1 al 31.",
}
