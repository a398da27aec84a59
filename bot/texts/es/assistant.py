"""Texts of the assistant feature (es)."""

TEXTS: dict[str, str] = {
    "assistant_key_pasted": (
        "Eso parece una clave de API: he borrado tu mensaje y no la he enviado a ningún "
        "sitio. Si quieres usar tu propia clave, envía /apikey seguido de la clave."
    ),
    "assistant_no_key": (
        "Ahora mismo no puedo responder preguntas libres porque no hay un modelo de "
        "lenguaje configurado. Todos los comandos siguen funcionando: prueba /debts, /plan o "
        "/help. También puedes poner tu propia clave de OpenAI con /apikey."
    ),
    "assistant_empty": (
        "Perdona, no he sabido formular una respuesta. ¿Me lo dices de otra forma? "
        "/debts y /plan siempre funcionan."
    ),
    "assistant_new_chat": (
        "Conversación nueva: no usaré lo que hablamos antes. Tus deudas, planes y "
        "ofertas siguen igual. ¿En qué te ayudo?"
    ),
    "error_assistant_unavailable": (
        "Perdona, el asistente no ha podido responder ahora. Inténtalo de nuevo en un "
        "momento; mientras tanto todos los comandos funcionan (/debts, /plan, /help)."
    ),
    "error_assistant_budget_spent": (
        "Has usado el cupo de hoy del asistente. Mañana podré volver a conversar; los "
        "comandos como /debts y /plan siguen funcionando. Mira /usage para más detalles."
    ),
    "error_assistant_thread_gone": "Esta conversación se borró. Envía tu mensaje de nuevo.",
    "assistant_not_for_you": (
        "El asistente que conversa está disponible para las personas registradas. "
        "Regístrate con /register (o abre el enlace de invitación que te hayamos "
        "enviado) y podré ayudarte; mientras tanto todos los comandos funcionan: "
        "/debts, /plan, /help."
    ),
    "assistant_not_for_you_linked": (
        "El asistente que conversa está disponible para quienes tienen una deuda con "
        "{operator} vinculada a su cuenta. Si es tu caso, abre el enlace de invitación "
        "o regístrate con /register; mientras tanto todos los comandos funcionan: "
        "/debts, /plan, /help."
    ),
    "error_assistant_turn_limit": (
        "Has enviado muchos mensajes al asistente en la última hora. Podrás volver a "
        "escribirle a partir de las {at}; mientras tanto todos los comandos funcionan "
        "(/debts, /plan, /help)."
    ),
    "error_assistant_operator_budget_spent": (
        "El asistente ha llegado hoy a su límite de uso y no puede responder más hasta "
        "mañana. Todos los comandos siguen funcionando (/debts, /plan, /help), y /human "
        "te pone en contacto con una persona."
    ),
    "assistant_operator_budget_notice": (
        "Aviso: el asistente ha llegado hoy al presupuesto diario de tokens del "
        "operador ({budget} tokens, ASSISTANT_OPERATOR_DAILY_TOKENS). No responderá a "
        "nadie hasta mañana; los comandos siguen funcionando."
    ),
    "command_newchat": "Empezar una conversación nueva",
}
