"""Texts of the reminders feature (es): reminder messages, their buttons, /reminders, STOP."""

TEXTS: dict[str, str] = {
    "command_reminders": "Ver y gestionar tus recordatorios",
    # --- the reminder message --------------------------------------------------------------
    "reminder_title": "⏰ <b>Recordatorio de pago</b>",
    "reminder_title_overdue": "⚠️ <b>Tienes un pago pendiente</b>",
    "reminder_upcoming": "• <b>{creditor}</b>: {amount} vence el {due} (dentro de {days} días).",
    "reminder_upcoming_tomorrow": "• <b>{creditor}</b>: {amount} vence mañana, {due}.",
    "reminder_due_today": "• <b>{creditor}</b>: {amount} vence <b>hoy</b>, {due}.",
    "reminder_overdue": (
        "• <b>{creditor}</b>: {amount} venció el {due} (hace {days} días) y sigue pendiente."
    ),
    "reminder_overdue_yesterday": (
        "• <b>{creditor}</b>: {amount} venció ayer, {due}, y sigue pendiente."
    ),
    "reminder_plan_left": (
        "  Cuota {number} de {count}. Quedan {left_count} cuotas, {left_amount} en total."
    ),
    "reminder_plan_last": "  Es la última cuota de tu plan.",
    "reminder_footer": (
        "Si ya has pagado, pulsa «Ya he pagado». Si este mes no puedes, dímelo y buscamos "
        "una salida. Puedes gestionar tus avisos con /reminders."
    ),
    "reminder_button_paid": "✅ Ya he pagado",
    "reminder_button_paid_of": "✅ Pagado: {creditor}",
    "reminder_button_cant_pay": "😟 No puedo pagar esta vez",
    "reminder_button_cant_pay_of": "😟 No puedo: {creditor}",
    "reminder_button_stop": "🔕 Parar recordatorios",
    # --- the buttons' answers ---------------------------------------------------------------
    "reminder_marked_paid": (
        "✅ Anotado: la cuota {number} de {creditor} ({amount}) está pagada. No te la "
        "recordaré más."
    ),
    "reminder_reported_paid": (
        "✅ Gracias. He anotado que has pagado la cuota {number} de {creditor} ({amount}); "
        "{creditor} lo confirmará cuando reciba el pago. No te la recordaré más."
    ),
    "reminder_already_paid": "Esa cuota ya constaba como pagada. ¡Gracias!",
    "reminder_cant_pay_personal": (
        "No pasa nada. Como es una deuda tuya, puedes rehacer el plan con /plan para que las "
        "cuotas te encajen mejor."
    ),
    "reminder_stopped_debt": (
        "🔕 Hecho: no te enviaré más recordatorios de {creditor}. Puedes volver a activarlos "
        "con /reminders."
    ),
    "reminder_stopped_all": (
        "🔕 Hecho: no te enviaré más recordatorios. Puedes volver a activarlos con /reminders."
    ),
    "reminder_gone": "Esa cuota ya no está pendiente. Escribe /reminders para ver tus avisos.",
    # --- /reminders -------------------------------------------------------------------------
    "reminders_title": "⏰ <b>Tus recordatorios</b>",
    "reminders_on": (
        "Están <b>activados</b>. Llegan entre las {from_hour} y las {until_hour} (hora de "
        "{timezone}), como mucho uno al día."
    ),
    "reminders_off": "Están <b>desactivados</b>: no te enviaré ninguno.",
    "reminders_next": "<b>Próximos avisos:</b>",
    "reminders_next_item": "• {day}: {creditor}, cuota de {amount} (vence el {due})",
    "reminders_none_next": "No tienes avisos programados.",
    "reminders_debts": "<b>Por deuda:</b>",
    "reminders_debt_on": "• {creditor}: activados",
    "reminders_debt_off": "• {creditor}: desactivados",
    "reminders_button_all_off": "🔕 Desactivar todos",
    "reminders_button_all_on": "🔔 Activar todos",
    "reminders_button_debt_off": "🔕 {creditor}",
    "reminders_button_debt_on": "🔔 {creditor}",
    "reminders_turned_on": "🔔 Hecho: te recordaré tus pagos.",
    "reminders_turned_on_debt": "🔔 Hecho: te recordaré los pagos de {creditor}.",
    "reminders_timezone_hint": "Tu zona horaria: {timezone}. Para cambiarla: /timezone",
}
