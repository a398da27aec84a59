"""Texts of the account feature (es): /apikey, /usage, /human and messages finbot can't read."""

TEXTS: dict[str, str] = {
    # --- /apikey -------------------------------------------------------------------------
    "apikey_help": (
        "<b>Tu propia clave de OpenAI</b>\n"
        "Cuando me escribes con tus palabras, te responde un modelo de OpenAI. Si tienes tu "
        "propia clave, puedo usarla para tus conversaciones en lugar de la del operador.\n\n"
        "Para ponerla, envíala en el mismo mensaje que el comando: "
        "<code>/apikey tu-clave</code>. Borraré tu mensaje al momento, comprobaré la clave "
        "y la guardaré cifrada.\n"
        "Para quitarla: <code>/apikey remove</code>"
    ),
    "apikey_status_own": "Ahora uso tu clave (termina en …{last4}).",
    "apikey_status_default": "Ahora uso la configuración del operador.",
    "apikey_delete_it_yourself": (
        "⚠️ No he podido borrar tu mensaje con la clave. Bórralo tú, por favor, para que no "
        "quede a la vista en este chat."
    ),
    "apikey_not_a_key": (
        "Eso no parece una clave de OpenAI (suelen empezar por «sk-» y no llevan espacios). "
        "Por si acaso, he borrado tu mensaje. Escribe /apikey para ver cómo ponerla."
    ),
    "apikey_checking": "Estoy comprobando tu clave con OpenAI…",
    "apikey_refused": (
        "OpenAI no ha aceptado esa clave, así que no la he guardado. Revisa que esté completa "
        "y vuelve a probar con <code>/apikey tu-clave</code>."
    ),
    "apikey_check_failed": (
        "No he podido comprobar tu clave ahora mismo y no la he guardado. Inténtalo de nuevo "
        "en un rato."
    ),
    "apikey_saved": (
        "✅ Clave guardada (termina en …{last4}). Desde ahora la uso para tus conversaciones. "
        "Para quitarla: <code>/apikey remove</code>"
    ),
    "apikey_removed": "Hecho, he borrado tu clave. Vuelvo a usar la configuración del operador.",
    "apikey_none_to_remove": (
        "No tenías ninguna clave guardada; sigo con la configuración del operador."
    ),
    "apikey_unavailable": (
        "Ahora mismo no puedo guardar claves propias. Si lo necesitas, escríbenos: {contact}"
    ),
    # --- /usage --------------------------------------------------------------------------
    "usage_title": "<b>Tu uso del asistente</b>",
    "usage_today": (
        "<b>Hoy:</b> {total} tokens\n"
        "· de entrada: {input} (en caché: {cached})\n"
        "· de salida: {output}"
    ),
    "usage_budget": "Cupo diario: {budget} tokens; te quedan {left}.",
    "usage_no_limit": "Sin límite diario.",
    "usage_last_30_days": (
        "<b>Últimos 30 días:</b> {total} tokens\n"
        "· de entrada: {input} (en caché: {cached})\n"
        "· de salida: {output}"
    ),
    "usage_tokens_explained": (
        "Un token es un trozo de palabra: tus mensajes y mis respuestas se miden así. "
        "Los comandos como /debts o /plan no gastan tokens."
    ),
    # --- /human --------------------------------------------------------------------------
    "handover_default_summary": "Quiere hablar con una persona.",
    "handover_requested": (
        "De acuerdo, he pedido que una persona del equipo te atienda; se pondrá en contacto "
        "contigo lo antes posible. Si lo prefieres, también puedes escribir a {contact}. "
        "Mientras tanto, /debts y /plan siguen a tu disposición."
    ),
    "handover_already_requested": (
        "Tu petición ya está con el equipo: una persona se pondrá en contacto contigo aquí "
        "lo antes posible, no hace falta pedirlo de nuevo. Si lo prefieres, también puedes "
        "escribir a {contact}. Mientras tanto, /debts y /plan siguen a tu disposición."
    ),
    "handover_notice": (
        "🙋 <b>Piden hablar con una persona</b>\n"
        'Nombre: <a href="tg://user?id={telegram_id}">{name}</a>\n'
        "Usuario: {username}\n"
        "ID de Telegram: <code>{telegram_id}</code>\n"
        "Motivo: {summary}"
    ),
    "handover_notice_no_username": "(sin nombre de usuario)",
    # --- voice, photos, files... ---------------------------------------------------------
    "media_not_supported": (
        "Por ahora solo entiendo mensajes de texto y los botones que te envío: todavía no "
        "puedo escuchar audios ni ver fotos, vídeos o archivos. ¿Me lo escribes? "
        "Con /help ves todo lo que puedo hacer."
    ),
    # --- command menu --------------------------------------------------------------------
    "command_apikey": "Usar tu propia clave de OpenAI",
    "command_usage": "Ver tu uso del asistente",
    "command_human": "Hablar con una persona",
}
