"""Texts of the time zone feature (en): /timezone."""

TEXTS: dict[str, str] = {
    "timezone_current": "<b>Your time zone:</b> {zone}\nLocal time now: {time}, {date}.",
    "timezone_not_chosen": "You haven't chosen one yet, so I'm using the default.",
    "timezone_reminder_hours": (
        "Payment reminders reach you between {from_time} and {until_time}, your local time."
    ),
    "timezone_choose": (
        "Do you live somewhere else? Pick your zone below or type its name, for example "
        "<code>/timezone Europe/Paris</code>."
    ),
    "timezone_set": (
        "✅ Done: your time zone is now <b>{zone}</b>.\nLocal time now: {time}, {date}."
    ),
    "timezone_button_current": "✓ {city}",
    "error_unknown_timezone": (
        "I can't find the time zone “{name}”, so I haven't changed anything. Type it as in "
        "<code>/timezone Europe/London</code> or <code>/timezone America/New_York</code> "
        "(a city name works too, like <code>/timezone Chicago</code>), or send /timezone "
        "and pick one from the list."
    ),
    # --- the zones offered as buttons (services.accounts.timezones.COMMON_TIMEZONES) -------------
    "timezone_city_madrid": "Madrid",
    "timezone_city_canary": "Canary Islands",
    "timezone_city_lisbon": "Lisbon",
    "timezone_city_london": "London",
    "timezone_city_mexico_city": "Mexico City",
    "timezone_city_bogota": "Bogotá",
    "timezone_city_lima": "Lima",
    "timezone_city_santiago": "Santiago (Chile)",
    "timezone_city_buenos_aires": "Buenos Aires",
    "timezone_city_caracas": "Caracas",
    "timezone_city_new_york": "New York",
    "timezone_city_chicago": "Chicago",
    "timezone_city_los_angeles": "Los Angeles",
    # --- command menu --------------------------------------------------------------------
    "command_timezone": "Change your time zone",
}
