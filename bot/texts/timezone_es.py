"""Texts of the time zone feature (es): /timezone."""

TEXTS: dict[str, str] = {
    "command_timezone": "Cambiar tu zona horaria",
}
