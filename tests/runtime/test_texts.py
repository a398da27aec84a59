"""The Spanish and English catalogues say the same things."""

from __future__ import annotations

import string

from bot.texts import CATALOGUES, normalise_language, text


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_have_the_same_texts_and_placeholders():
    spanish, english = CATALOGUES["es"], CATALOGUES["en"]
    assert spanish.keys() == english.keys()
    for key in spanish:
        assert _placeholders(spanish[key]) == _placeholders(english[key]), key


def test_telegram_language_codes_map_to_supported_languages():
    assert normalise_language("es-ES", "en") == "es"
    assert normalise_language("en-GB", "es") == "en"
    assert normalise_language("fr", "es") == "es"
    assert normalise_language(None, "en") == "en"


def test_user_supplied_values_cannot_inject_markup():
    rendered = text("en", "welcome", name="<b>Ana</b>")
    assert "&lt;b&gt;Ana&lt;/b&gt;" in rendered
