"""General Spanish texts: /start, /help, /privacy, registration, languages and errors."""

TEXTS = {
    # --- /start, /help, /privacy ---------------------------------------------------------
    "welcome": (
        "¡Hola, {name}! Soy <b>finbot</b>, un asistente de inteligencia artificial "
        "(no una persona) que te ayuda con tus deudas: ver lo que debes, acordar un pago "
        "o un plan de cuotas a tu medida y recordarte cada vencimiento.\n\n"
        "Para empezar, regístrate con /register. Escríbeme con tus propias palabras o usa "
        "/help para ver lo que sé hacer.\n\n"
        "Cómo tratamos tus datos: /privacy"
    ),
    "help": (
        "<b>Qué puedo hacer</b>\n"
        "Escríbeme con tus palabras: pregúntame por tus deudas, un plan o una propuesta.\n"
        "/debts: ver lo que debes\n"
        "/plan: preparar un plan de pagos\n"
        "/reminders: ver y gestionar tus recordatorios de pago\n"
        "/newchat: empezar una conversación nueva\n"
        "/docs: los documentos del operador que conozco\n"
        "/human: hablar con una persona\n"
        "/paysupport: ayuda con un pago\n"
        "/adddebt: añadir una deuda tuya para planificarla\n"
        "/register: registrarte o actualizar tus datos\n"
        "/language: cambiar el idioma\n"
        "/timezone: cambiar tu zona horaria\n"
        "/apikey: usar tu propia clave de OpenAI\n"
        "/usage: ver cuánto has usado el asistente hoy\n"
        "/privacy: cómo tratamos tus datos\n"
        "/mydata: recibir una copia de tus datos\n"
        "/deletedata: borrar tus datos\n"
        "/cancel: dejar lo que estés haciendo\n\n"
        "Soy un asistente automático: para cualquier acuerdo te pediré siempre que lo "
        "confirmes tú con un botón. Nunca te pediré contraseñas ni números de tarjeta."
    ),
    "privacy": (
        "<b>Privacidad</b>\n"
        "Usamos tus datos (nombre, teléfono, correo y la información de tus deudas) solo "
        "para ayudarte a gestionarlas en nombre de tu acreedor. Las conversaciones con el "
        "asistente se procesan con un modelo de lenguaje; no escribas datos de tarjetas ni "
        "contraseñas.\n\n"
        "Tus derechos: /mydata te envía una copia de todo lo que guardamos sobre ti y "
        "/deletedata lo borra. Los acuerdos y pagos que la ley obliga a conservar se "
        "guardan sin tus datos de contacto. Para cualquier duda: {contact}"
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
    "cancelled": "Hecho, lo dejamos aquí. Cuando quieras, escribe /help.",
    "nothing_to_cancel": "No estabas haciendo nada que cancelar. Escribe /help si necesitas algo.",
    # --- /register -----------------------------------------------------------------------
    "button_register": "📝 Registrarme",
    "register_intro": "Vamos a registrarte; son cuatro preguntas. Puedes salir con /cancel.",
    "register_update_intro": "Vamos a actualizar tus datos. Puedes salir con /cancel.",
    "register_ask_full_name": "¿Cuál es tu nombre completo?",
    "register_ask_email": "¿Cuál es tu correo electrónico?",
    "register_ask_phone": (
        "Ahora necesito tu teléfono. Pulsa el botón <b>Compartir mi teléfono</b> de abajo: "
        "así Telegram confirma que el número es tuyo."
    ),
    "register_phone_verified": "Gracias, teléfono verificado ✅",
    "register_ask_privacy": (
        "¿Aceptas que tratemos tus datos para gestionar tus deudas, según el aviso de "
        "privacidad (/privacy)?"
    ),
    "register_ask_reminders": (
        "¿Quieres que te recuerde cada pago unos días antes de su vencimiento? "
        "Puedes cambiarlo cuando quieras."
    ),
    "register_privacy_declined": (
        "Entendido. Sin tu consentimiento no guardo tus datos de registro. "
        "Si cambias de opinión, escribe /register."
    ),
    "register_done": "✅ Registro completado.",
    "register_debts_found": "Deudas encontradas a tu nombre: {count}.",
    "register_no_debts_found": (
        "No he encontrado deudas asociadas a tu teléfono. Si tu acreedor te envió un enlace "
        "de invitación, ábrelo para vincular tu cuenta."
    ),
    "register_phone_linked_elsewhere": (
        "Tu teléfono ya está vinculado a otra cuenta de Telegram, así que no he vinculado "
        "ninguna deuda. Si no has sido tú, escríbenos: {contact}"
    ),
    "register_reminders_on": "Te avisaré antes de cada pago.",
    "register_reminders_off": "No te enviaré recordatorios de pago.",
    "register_hint_full_name": "Escríbeme tu nombre completo en un mensaje de texto.",
    "register_hint_email": "Escríbeme tu correo electrónico en un mensaje de texto.",
    "register_hint_phone": (
        "Por seguridad no puedo aceptar un número escrito: usa el botón para compartir tu teléfono."
    ),
    "register_hint_privacy": "Responde con uno de los botones.",
    "register_hint_reminders": "Responde con uno de los botones.",
    "button_share_phone": "📱 Compartir mi teléfono",
    "button_privacy_yes": "Acepto",
    "button_privacy_no": "No acepto",
    "button_reminders_yes": "Sí, recuérdamelo",
    "button_reminders_no": "No, gracias",
    "error_invalid_name": "Ese nombre no parece válido (entre 2 y 120 caracteres, con letras).",
    "error_invalid_email": "Ese correo no parece válido; por ejemplo: nombre@ejemplo.com.",
    "error_contact_not_yours": (
        "Ese contacto no es el tuyo. Para verificar tu número, comparte tu propio teléfono "
        "con el botón."
    ),
    "error_invalid_phone": "No he podido leer ese número de teléfono.",
    # --- invites -------------------------------------------------------------------------
    "invite_confirm": (
        "Esta invitación es para <b>{name}</b> (deudas abiertas: {count}; {creditors}). "
        "¿Vinculo esta cuenta de Telegram a esos datos?"
    ),
    "button_invite_yes": "Sí, soy yo",
    "button_invite_no": "No soy yo",
    "invite_declined": "De acuerdo, no he vinculado nada. Si es un error, escríbenos.",
    "invite_linked": (
        "✅ Cuenta vinculada. Deudas abiertas: {count}. Para completar tu perfil y elegir "
        "los recordatorios, usa /register."
    ),
    "error_invite_unknown": "Este enlace de invitación no es válido. Pide uno nuevo: {contact}",
    "error_invite_expired": "Este enlace de invitación ha caducado. Pide uno nuevo: {contact}",
    "error_invite_used": "Este enlace de invitación ya se ha usado. Si no fuiste tú: {contact}",
    "error_debtor_already_linked": (
        "Estos datos ya están vinculados a otra cuenta de Telegram. Si no fuiste tú: {contact}"
    ),
    "error_user_already_linked": (
        "Tu cuenta ya está vinculada a otros datos. Si es un error, escríbenos: {contact}"
    ),
    # --- /language -----------------------------------------------------------------------
    "language_ask": "¿En qué idioma prefieres que te hable?",
    "language_set": "Perfecto, a partir de ahora te hablo en español.",
    # --- /mydata, /deletedata ------------------------------------------------------------
    "mydata_caption": "Aquí tienes todo lo que guardamos sobre ti.",
    "mydata_flow_steps": (
        "Incluye lo que escribiste en {flow} y dejaste a medias (en «chat_flows»). "
        "Si no lo terminas, lo borro a los {days} días; /cancel lo borra ya."
    ),
    "flow_register": "el registro",
    "flow_adddebt": "una deuda nueva",
    "flow_editdebt": "el cambio de una deuda",
    "flow_negotiate": "una negociación",
    "flow_plan": "un plan de pagos",
    "flow_other": "un paso",
    "deletedata_confirm": (
        "¿Seguro que quieres borrar tus datos? Borraré tu perfil, tus conversaciones y tus "
        "deudas personales. Los acuerdos y pagos con tu acreedor se conservan, como exige "
        "la ley, pero sin tus datos de contacto. No se puede deshacer."
    ),
    "button_delete_yes": "Sí, borrar mis datos",
    "button_delete_no": "No, mantenerlos",
    "deletedata_kept": "De acuerdo, no he borrado nada.",
    "deletedata_done": (
        "Tus datos personales se han borrado. Si vuelves a escribirme, empezaremos de cero."
    ),
    # --- command menu --------------------------------------------------------------------
    "command_start": "Presentación",
    "command_help": "Qué puedo hacer",
    "command_debts": "Ver lo que debes",
    "command_plan": "Preparar un plan de pagos",
    "command_adddebt": "Añadir una deuda tuya",
    "command_register": "Registrarte o actualizar tus datos",
    "command_language": "Cambiar el idioma",
    "command_privacy": "Cómo tratamos tus datos",
    "command_mydata": "Recibir una copia de tus datos",
    "command_deletedata": "Borrar tus datos",
    "command_cancel": "Dejar lo que estés haciendo",
}
