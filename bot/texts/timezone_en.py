"""Texts of the time zone feature (en): /timezone."""

TEXTS: dict[str, str] = {
    "command_timezone": "Change your time zone",
}
