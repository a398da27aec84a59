"""Texts of the time zone feature (es): /timezone."""

TEXTS: dict[str, str] = {
    "timezone_current": "<b>Tu zona horaria:</b> {zone}\nHora local ahora: {time}, {date}.",
    "timezone_not_chosen": "Aún no has elegido ninguna, así que uso la predeterminada.",
    "timezone_reminder_hours": (
        "Los recordatorios de pago te llegan entre las {from_time} y las {until_time}, "
        "hora de tu zona."
    ),
    "timezone_choose": (
        "¿Vives en otra zona? Elígela abajo o escribe su nombre, por ejemplo "
        "<code>/timezone Europe/Paris</code>."
    ),
    "timezone_set": (
        "✅ Hecho: tu zona horaria es ahora <b>{zone}</b>.\nHora local ahora: {time}, {date}."
    ),
    "timezone_button_current": "✓ {city}",
    "error_unknown_timezone": (
        "No encuentro la zona horaria «{name}», así que no he cambiado nada. Escríbela como "
        "en <code>/timezone Europe/Madrid</code> o <code>/timezone America/Bogota</code> "
        "(también vale la ciudad en inglés, como <code>/timezone Lima</code>), o escribe "
        "/timezone y elige una de la lista."
    ),
    # --- the zones offered as buttons (services.accounts.timezones.COMMON_TIMEZONES) -------------
    "timezone_city_madrid": "Madrid",
    "timezone_city_canary": "Canarias",
    "timezone_city_lisbon": "Lisboa",
    "timezone_city_london": "Londres",
    "timezone_city_mexico_city": "Ciudad de México",
    "timezone_city_bogota": "Bogotá",
    "timezone_city_lima": "Lima",
    "timezone_city_santiago": "Santiago de Chile",
    "timezone_city_buenos_aires": "Buenos Aires",
    "timezone_city_caracas": "Caracas",
    "timezone_city_new_york": "Nueva York",
    "timezone_city_chicago": "Chicago",
    "timezone_city_los_angeles": "Los Ángeles",
    # --- command menu --------------------------------------------------------------------
    "command_timezone": "Cambiar tu zona horaria",
}
