"""Settings are read from the environment and fail with one line naming the culprit."""

from __future__ import annotations

import pytest

from bot.settings import SettingsError, load_settings, require_for_polling


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no .env from the developer's checkout
    for name in (
        "TELEGRAM_BOT_TOKEN",
        "SECRET_KEY",
        "ADMIN_USER_IDS",
        "CURRENCY",
        "DEFAULT_TIMEZONE",
        "DEFAULT_LANGUAGE",
        "DATABASE_URL",
        "TELEGRAM_API_BASE_URL",
    ):
        monkeypatch.delenv(name, raising=False)


def test_defaults_suit_a_spanish_operator():
    settings = load_settings()
    assert settings.default_language == "es"
    assert settings.default_timezone == "Europe/Madrid"
    assert settings.currency == "EUR"
    assert settings.database_url == "sqlite+aiosqlite:///finbot.db"
    assert settings.telegram_api_base_url == "https://api.telegram.org/bot"
    assert settings.telegram_file_base_url == "https://api.telegram.org/file/bot"


def test_file_url_follows_a_self_hosted_bot_api(monkeypatch):
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", "http://127.0.0.1:8081/bot/")
    assert load_settings().telegram_file_base_url == "http://127.0.0.1:8081/file/bot"


def test_settings_are_read_from_dotenv(tmp_path):
    (tmp_path / ".env").write_text("CURRENCY=usd\nADMIN_USER_IDS=12, 34\n")
    settings = load_settings()
    assert settings.currency == "USD"
    assert settings.admin_user_ids == (12, 34)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ADMIN_USER_IDS", "12,abc"),
        ("DEFAULT_TIMEZONE", "Mars/Olympus"),
        ("CURRENCY", "EURO"),
        ("DEFAULT_LANGUAGE", "fr"),
        ("DATABASE_URL", "mysql://x"),
        ("SECRET_KEY", "short"),
        ("WEBHOOK_URL", "http://bot.example.com/telegram"),
        ("WEBHOOK_URL", "https:///telegram"),
        ("WEBHOOK_SECRET", "has spaces in it and is long"),
    ],
)
def test_a_malformed_setting_is_named_in_one_line(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert name in message
    assert "\n" not in message


def test_polling_needs_a_token_and_points_to_the_shell():
    with pytest.raises(SettingsError) as caught:
        require_for_polling(load_settings())
    assert "TELEGRAM_BOT_TOKEN" in str(caught.value)
    assert "finbot shell" in str(caught.value)


def test_polling_needs_a_secret_key(monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:abc")
    with pytest.raises(SettingsError, match="SECRET_KEY"):
        require_for_polling(load_settings())


def test_webhook_mode_needs_its_secret(monkeypatch):
    monkeypatch.setenv("WEBHOOK_URL", "https://bot.example.com/telegram")
    with pytest.raises(SettingsError, match="WEBHOOK_SECRET is required"):
        load_settings()
    monkeypatch.setenv("WEBHOOK_SECRET", "s" * 24)
    settings = load_settings()
    assert settings.webhook_path == "telegram"


def test_operator_link_hosts_are_a_list_of_host_names(monkeypatch):
    assert load_settings().operator_link_hosts == ()
    monkeypatch.setenv("OPERATOR_LINK_HOSTS", " Cobros.Example, pagos.example. ,")
    assert load_settings().operator_link_hosts == ("cobros.example", "pagos.example")
    for wrong in ("https://cobros.example", "cobros.example/pay", "*.example", "localhost"):
        monkeypatch.setenv("OPERATOR_LINK_HOSTS", wrong)
        with pytest.raises(SettingsError, match="OPERATOR_LINK_HOSTS"):
            load_settings()
