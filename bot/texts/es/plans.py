"""Texts of the plans feature (es). Keys and placeholders match the other language."""

TEXTS: dict[str, str] = {
    # --- /plan: elegir una deuda y cómo pagarla ------------------------------------------
    "plan_not_registered": (
        "Para hacer un plan de pagos primero necesito saber quién eres. Es solo un momento: "
        "envía /register o pulsa el botón."
    ),
    "plan_no_debts": (
        "Ahora mismo no tienes deudas pendientes que planificar. Si tienes alguna propia, "
        "añádela con /adddebt y vuelve a /plan."
    ),
    "plan_ask_debt": "¿Qué deuda quieres planificar? Puedes salir cuando quieras con /cancel.",
    "plan_debt_line": "• {name}: {balance}",
    "plan_debt_with_concept": "{creditor} · {concept}",
    "plan_debt_personal": "{creditor} (tuya)",
    "button_plan_debt": "{creditor} · {balance}",
    "button_plan_all": "📊 Todas mis deudas",
    "plan_debt_summary": "Debes {balance}, con un interés anual del {rate}.",
    "plan_debt_summary_no_interest": "Debes {balance}, sin intereses.",
    "plan_debt_policy": (
        "{creditor} acepta planes de hasta {max_months} meses, con cuotas de al menos "
        "{min_installment}."
    ),
    "plan_ask_mode": "¿Cómo prefieres pagarla?",
    "button_plan_by_months": "📅 En un número de meses",
    "button_plan_by_amount": "💶 Una cantidad al mes",
    "plan_ask_months": (
        "¿En cuántos meses quieres pagarla? Elige una opción o escribe un número (hasta {most})."
    ),
    "plan_ask_amount": (
        "¿Cuánto puedes pagar cada mes? Elige una cantidad o escríbela (al menos {least})."
    ),
    "plan_ask_months_any": (
        "¿En cuántos meses quieres pagarla? Elige una opción o escribe un número."
    ),
    "plan_ask_amount_any": "¿Cuánto puedes pagar cada mes? Elige una cantidad o escríbela.",
    "button_plan_months": "{months} meses",
    "button_plan_one_month": "1 mes",
    "plan_use_buttons": "Elige con los botones de arriba, o sal con /cancel.",
    "plan_start_again": "Envía /plan cuando quieras empezar de nuevo.",
    # --- el plan propuesto ---------------------------------------------------------------
    "plan_why_too_many_months_months": (
        "El plan más largo posible para esta deuda es de {max_months} meses, así que no "
        "puedo ofrecerte {months}. El plan más cercano es de {closest_months} meses:"
    ),
    "plan_why_too_many_months_and_minimum_months": (
        "El plan más largo posible para esta deuda es de {max_months} meses, y cada cuota debe "
        "ser de al menos {min_installment}, así que el plan más cercano es de "
        "{closest_months} meses:"
    ),
    "plan_why_too_many_months_amount": (
        "Con {amount} al mes tardarías {months} meses, y el plan más largo posible para esta "
        "deuda es de {max_months}. El plan más cercano es de {closest_amount} al mes:"
    ),
    "plan_why_installment_below_minimum_months": (
        "En {months} meses cada cuota sería de {amount}, y {creditor} acepta cuotas de al "
        "menos {min_installment}. El plan más cercano es de {closest_months} meses:"
    ),
    "plan_why_installment_below_minimum_amount": (
        "{creditor} acepta cuotas de al menos {min_installment}, así que no puedo ofrecerte "
        "{amount}. El plan más cercano es de {closest_amount} al mes:"
    ),
    "plan_why_payment_too_small_amount": (
        "Con {amount} al mes no llegarías a pagar esta deuda a tiempo. Lo mínimo que "
        "funciona es {closest_amount} al mes:"
    ),
    "plan_why_other": "Esas condiciones no encajan con esta deuda. El plan más cercano que sí:",
    "plan_schedule_title": "<b>{months} cuotas mensuales</b>",
    "plan_installment_line": "{number}. {due_date}: {amount}",
    "plan_installments_skipped": "…",
    "plan_totals": "Total a pagar: <b>{total}</b>\nIntereses: {interest}\nMeses: {months}",
    "plan_binding_note": (
        "⚖️ Si lo confirmas, este plan será un <b>acuerdo vinculante</b> con {creditor}: te "
        "comprometes a pagar cada cuota en su fecha."
    ),
    "plan_personal_note": ("Es un plan tuyo para organizarte; no es un acuerdo con nadie."),
    "plan_confirm_question": "¿Lo confirmo?",
    "button_plan_confirm": "✅ Confirmar",
    "button_plan_change": "✏️ Cambiar",
    "plan_chart_caption": "Cómo baja tu deuda con {creditor}, mes a mes.",
    "plan_chart_title": "{creditor}: pendiente de pago",
    "plan_chart_month": "Mes",
    "plan_chart_balance": "Pendiente",
    "plan_chart_installment": "Cuota",
    "plan_chart_principal": "Amortiza la deuda",
    "plan_chart_interest": "Intereses",
    # --- acordado ------------------------------------------------------------------------
    "plan_agreed_binding": (
        "✅ Acordado. Tu plan con {creditor} es ya un <b>acuerdo vinculante</b>: {months} "
        "cuotas, la primera de {amount} el {first_due}."
    ),
    "plan_agreed_personal": (
        "✅ Plan guardado: {months} cuotas, la primera de {amount} el {first_due}."
    ),
    "plan_agreed_replaces": "Sustituye a tu plan anterior para esta deuda.",
    "plan_agreed_files": "Llévate el calendario de pagos: añádelo a tu agenda o guárdalo.",
    "button_plan_file_ics": "📅 Calendario",
    "button_plan_file_pdf": "📄 PDF",
    "button_plan_file_csv": "📊 Hoja de cálculo (CSV)",
    "plan_file_caption": "Tu plan de pagos con {creditor}.",
    "plan_file_title": "Plan de pagos",
    "plan_file_installment": "Cuota",
    "plan_file_number": "N.º",
    "plan_file_due_date": "Vencimiento",
    "plan_file_amount": "Importe",
    "plan_file_principal": "Capital",
    "plan_file_interest": "Intereses",
    "plan_file_balance_after": "Pendiente después",
    "plan_file_currency": "Moneda",
    "plan_file_total": "Total",
    "plan_file_creditor": "Acreedor",
    "plan_file_reference": "Referencia",
    "plan_file_annual_rate": "Interés anual",
    "plan_file_total_interest": "Intereses totales",
    "plan_file_generated_on": "Generado el",
    "plan_file_page": "Página",
    # --- todas mis deudas ----------------------------------------------------------------
    "plan_ask_budget": (
        "¿Cuánto puedes dedicar cada mes a todas tus deudas? Sus pagos mínimos suman "
        "{minimums}. Elige una cantidad o escríbela."
    ),
    "plan_payoff_title": "<b>Pagar tus deudas con {budget} al mes</b>",
    "plan_payoff_strategy_avalanche": (
        "❄️ <b>Avalancha</b> (primero el interés más alto): sin deudas en {months} meses, "
        "en {month}. Intereses: {interest}."
    ),
    "plan_payoff_strategy_snowball": (
        "⛄ <b>Bola de nieve</b> (primero la deuda más pequeña): sin deudas en {months} "
        "meses, en {month}. Intereses: {interest}."
    ),
    "plan_payoff_debt_line": "   • {name}: pagada en {month}",
    "plan_payoff_cheaper": "💡 {strategy} sale más barata: te ahorras {saving} en intereses.",
    "plan_payoff_same": (
        "💡 Las dos cuestan lo mismo en intereses. Bola de nieve cierra antes tus deudas pequeñas."
    ),
    "plan_payoff_next": "Para acordar un plan para una de ellas, envía /plan y elígela.",
    "plan_payoff_chart_caption": "Tus deudas mes a mes, pagando con {strategy}.",
    "plan_payoff_chart_title": "Tus deudas, mes a mes",
    "plan_strategy_avalanche": "Avalancha",
    "plan_strategy_snowball": "Bola de nieve",
    "plan_strategy_custom": "Tu orden",
    # --- errores -------------------------------------------------------------------------
    "error_plan_debt_closed": "Esa deuda no tiene nada que planificar: ya está cerrada.",
    "error_plan_outside_policy": (
        "Esas condiciones ya no encajan con esta deuda (ha cambiado). Envía /plan para ver "
        "qué es posible ahora."
    ),
    "error_plan_terms_changed": (
        "La deuda ha cambiado desde que te mostré el plan, así que no he confirmado nada. "
        "Envía /plan para verlo con las cifras de hoy."
    ),
    "error_plan_first_due_invalid": (
        "Ese plan es demasiado antiguo para confirmarlo. Envía /plan para hacerlo de nuevo."
    ),
    "error_plan_not_found": "No encuentro ese plan entre los tuyos.",
    "error_plan_not_active": (
        "Ese plan ya no está activo (se sustituyó o ha terminado). Consulta tus planes "
        "actuales con /debts."
    ),
    "error_plan_nothing_to_plan": (
        "Ahora mismo no tienes deudas pendientes que planificar. Añade una propia con /adddebt."
    ),
    "error_plan_mixed_currencies": (
        "Tus deudas están en monedas distintas ({currencies}), así que un único presupuesto "
        "mensual no sirve para todas. Planifícalas una a una con /plan."
    ),
    "error_budget_below_minimums": (
        "{budget} al mes no cubre los pagos mínimos, que suman {minimums}: te faltarían "
        "{shortfall}."
    ),
    "error_budget_below_interest": (
        "{budget} al mes no cubre ni los intereses ({interest} el primer mes), así que las "
        "deudas no bajarían nunca."
    ),
    "error_payoff_too_long": (
        "Con {budget} al mes tardarías más de {max_months} meses. Prueba con una cantidad mayor."
    ),
}
