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
    "command_newchat": "Empezar una conversación nueva",
}
