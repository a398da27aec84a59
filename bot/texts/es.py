"""Spanish texts. Keys and placeholders match `en.py` exactly (a test checks it)."""

TEXTS = {
    "welcome": (
        "¡Hola, {name}! Soy <b>finbot</b>, un asistente de inteligencia artificial "
        "(no una persona) que te ayuda con tus deudas: ver lo que debes, acordar un pago "
        "o un plan de cuotas a tu medida y recordarte cada vencimiento.\n\n"
        "Escríbeme con tus propias palabras o usa /help para ver lo que sé hacer.\n\n"
        "Cómo tratamos tus datos: /privacy"
    ),
    "help": (
        "<b>Qué puedo hacer</b>\n"
        "/start: presentación\n"
        "/help: esta ayuda\n"
        "/privacy: cómo tratamos tus datos\n\n"
        "Soy un asistente automático: para cualquier acuerdo te pediré siempre que lo "
        "confirmes tú con un botón. Nunca te pediré contraseñas ni números de tarjeta."
    ),
    "privacy": (
        "<b>Privacidad</b>\n"
        "Usamos tus datos (nombre, teléfono, correo y la información de tus deudas) solo "
        "para ayudarte a gestionarlas en nombre de tu acreedor. Puedes pedir una copia de "
        "tus datos o que los borremos en cualquier momento. Las conversaciones con el "
        "asistente se procesan con un modelo de lenguaje; no escribas datos de tarjetas "
        "ni contraseñas."
    ),
    "private_only": (
        "Hola, soy finbot. Por privacidad solo funciono en chats privados: escríbeme "
        "directamente en @{bot_username}."
    ),
    "error_apology": (
        "Lo siento, algo ha fallado por mi parte y no he podido completar tu petición. "
        "Por favor, inténtalo de nuevo en un momento."
    ),
    "not_understood": (
        "No estoy seguro de haberte entendido. Escribe /help para ver lo que puedo hacer por ti."
    ),
    "stale_button": "Este botón ya no está activo. Escribe /help para ver lo que puedo hacer.",
    "command_start": "Presentación",
    "command_help": "Qué puedo hacer",
    "command_privacy": "Cómo tratamos tus datos",
}
