"""finbot's configuration: one `Settings` class read from the environment and `.env`.

Only the composition root reads settings; services receive plain values.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.numbers import UnknownCurrencyError, get_currency_name
from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

SUPPORTED_LANGUAGES = ("es", "en")
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///finbot.db"
TELEGRAM_API_BASE_URL = "https://api.telegram.org/bot"
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,256}")
_HOST_NAME = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+")


class SettingsError(Exception):
    """A setting is missing or malformed; the message is one line meant for the operator."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = TELEGRAM_API_BASE_URL
    # Open connections to the Bot API. Each carries about 1/RTT requests a second (~300 a
    # second for 16 at 50 ms); httpcore scans the whole pool on every request, so PTB's
    # default of 256 costs more CPU under load than it buys.
    telegram_connections: int = Field(default=16, ge=1, le=256)
    database_url: str = DEFAULT_DATABASE_URL
    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    openai_model: str = "gpt-5-mini"
    secret_key: SecretStr | None = None
    default_language: Literal["es", "en"] = "es"
    default_timezone: str = "Europe/Madrid"
    currency: str = "EUR"
    documents_dir: Path = Path("documents")
    # How often a running bot checks whether the document index was rebuilt (by
    # `finbot index-documents` or another replica) and reloads it.
    documents_refresh_seconds: float = Field(default=60, gt=0, le=86_400)
    admin_user_ids: Annotated[tuple[int, ...], NoDecode] = ()
    log_level: str = "INFO"
    # "text" for people, "json" (one object a line) for a log collector.
    log_format: Literal["text", "json"] = "text"
    # The bot's @username, for invite links; asked from Telegram (getMe) when empty.
    telegram_bot_username: str | None = None
    invite_ttl_days: int = Field(default=14, ge=1, le=365)
    allow_personal_debts: bool = True
    # How a debtor reaches a person at the operator (shown when the bot cannot help).
    operator_contact: str = "atencion@example.com"

    # Negotiation and plan policy defaults (an imported debt may override them).
    policy_max_months: int = Field(default=24, ge=1, le=120)
    policy_min_installment: Decimal = Field(default=Decimal("20.00"), ge=0)
    policy_max_discount_pct: Decimal = Field(default=Decimal("20"), ge=0, le=100)
    # Settlement negotiation: first discount, step per round, rounds before the final offer.
    negotiation_start_discount_pct: Decimal = Field(default=Decimal("5"), ge=0, le=100)
    negotiation_step_pct: Decimal = Field(default=Decimal("5"), gt=0, le=100)
    negotiation_round_limit: int = Field(default=10, ge=1, le=100)
    # Paying part now: at least this share of the balance upfront earns this discount on the rest.
    partial_tier1_upfront_pct: Decimal = Field(default=Decimal("50"), gt=0, le=100)
    partial_tier1_discount_pct: Decimal = Field(default=Decimal("7.5"), ge=0, le=100)
    partial_tier2_upfront_pct: Decimal = Field(default=Decimal("75"), gt=0, le=100)
    partial_tier2_discount_pct: Decimal = Field(default=Decimal("15"), ge=0, le=100)
    offer_ttl_hours: int = Field(default=72, ge=1, le=24 * 60)

    # The assistant (free text). Threads live in our database ("local", sent with store=false)
    # or as OpenAI Conversations ("openai", only the id is kept here).
    assistant_threads: Literal["local", "openai"] = "local"
    operator_name: str = "Cobros Ejemplo"
    assistant_context_tokens: int = Field(default=12_000, ge=500, le=1_000_000)
    assistant_max_tool_calls: int = Field(default=8, ge=1, le=50)
    assistant_timeout_seconds: float = Field(default=60, gt=0, le=600)
    assistant_max_retries: int = Field(default=2, ge=0, le=10)
    # Tokens one person may spend a day on the operator's key (input + output, the day in
    # DEFAULT_TIMEZONE); each model call reserves its worst case first. 0 means no limit.
    assistant_daily_tokens: int = Field(default=200_000, ge=0)
    # Tokens everyone together may spend a day on the operator's key; 0 means no limit.
    assistant_operator_daily_tokens: int = Field(default=0, ge=0)
    # The most a model call may write (its reasoning included); reserved before each call.
    assistant_max_output_tokens: int = Field(default=4096, ge=16, le=128_000)
    # Assistant turns one person may start in an hour (a clock hour); 0 means no limit.
    assistant_turns_per_hour: int = Field(default=30, ge=0, le=10_000)
    # Who may use the operator's model: "registered" (registered, or linked by an invite),
    # "linked" (linked to one of the operator's debtors) or "everyone". Commands work for all.
    assistant_for: Literal["registered", "linked", "everyone"] = "registered"
    # GET /healthz and GET /metrics (Prometheus) on this port; unset: not served.
    health_port: int | None = Field(default=None, ge=1, le=65535)
    health_host: str = "127.0.0.1"
    # Where hand-over notices go (a Telegram chat id the bot can write to); unset: only recorded.
    admin_chat_id: int | None = None
    # A person's repeated /human (or the assistant's hand-over) within this many hours of
    # their open request sends the operator no new notice.
    handover_repeat_hours: float = Field(default=4, gt=0, le=24 * 30)
    # The operator's own domains (subdomains included): only links to them stay links in
    # the assistant's replies; any other link is shown as plain text with its address.
    operator_link_hosts: Annotated[tuple[str, ...], NoDecode] = ()

    # Installment reminders: days before the due date, and days after it while unpaid.
    reminder_days_before: int = Field(default=3, ge=0, le=30)
    reminder_days_after: Annotated[tuple[int, ...], NoDecode] = (1, 7)
    # Local hours in which reminders may arrive: from 09:00 until 20:00.
    reminder_from_hour: int = Field(default=9, ge=0, le=23)
    reminder_until_hour: int = Field(default=20, ge=1, le=24)
    # How often the scheduler looks for due reminders, and how fast it sends them (Telegram
    # allows about 30 messages a second overall).
    reminder_check_seconds: float = Field(default=60, gt=0, le=3600)
    # Whether `finbot run` sends reminders (false on replicas when `finbot send-reminders`
    # runs as a worker of its own).
    send_reminders: bool = True
    reminder_send_rate: float = Field(default=28, gt=0, le=1000)
    # A reminder claimed this long ago by a process that never recorded sending it is
    # marked unconfirmed (the process stopped in the middle); it is never sent twice.
    reminder_claim_timeout_seconds: float = Field(default=600, gt=0)
    # A plan with an installment this many days overdue is marked broken.
    plan_broken_after_days: int = Field(default=30, ge=1, le=365)
    # Unfinished flow steps (what a person typed into /register, /adddebt...) are deleted
    # after this many days untouched.
    flow_retention_days: int = Field(default=7, ge=1, le=365)

    # Paying inside Telegram: the provider token from @BotFather (card payments through the
    # operator's provider). Without it, PAYMENT_URL_TEMPLATE (with {reference},
    # {installment} and {amount}) links to the operator's own payment page; with neither,
    # there is no Pay button.
    payment_provider_token: SecretStr | None = None
    payment_url_template: str | None = None

    # Webhook mode (polling when WEBHOOK_URL is unset): Telegram posts updates to this
    # public https address, which a load balancer sends on to WEBHOOK_LISTEN:WEBHOOK_PORT of
    # one of the replicas. WEBHOOK_SECRET (required then) comes back in every request's
    # X-Telegram-Bot-Api-Secret-Token header; a request without it gets 403.
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "0.0.0.0"  # noqa: S104 - behind a load balancer, in a container
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    # Simultaneous connections Telegram opens to the webhook.
    webhook_max_connections: int = Field(default=40, ge=1, le=100)
    # Database connections that keep the updates of one chat in order across replicas
    # (PostgreSQL); chats beyond this many at once wait their turn in this process.
    chat_order_connections: int = Field(default=20, ge=1, le=500)
    # On SIGTERM: stop taking updates, finish those in hand for at most this long, exit.
    shutdown_timeout_seconds: float = Field(default=30, gt=0, le=600)

    @field_validator("telegram_api_base_url", "openai_base_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None if value == "" else value
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @model_validator(mode="after")
    def _reminder_hours(self) -> Settings:
        if self.reminder_from_hour >= self.reminder_until_hour:
            raise ValueError("REMINDER_FROM_HOUR must be before REMINDER_UNTIL_HOUR")
        return self

    @field_validator("payment_provider_token", "payment_url_template", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("webhook_url", "webhook_secret", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("https://"):
            raise ValueError("must be an https:// address (Telegram posts only to HTTPS)")
        if value is not None and not urlsplit(value).hostname:
            raise ValueError("must name a host, e.g. https://bot.example.com/telegram")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        # Telegram's rule for secret_token: 1-256 characters of A-Z, a-z, 0-9, _ and -.
        if value is not None and not _SECRET_TOKEN.fullmatch(value.get_secret_value()):
            raise ValueError("must be 16 to 256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        if self.webhook_url and self.webhook_secret is None:
            raise ValueError("WEBHOOK_SECRET is required when WEBHOOK_URL is set")
        return self

    @field_validator("payment_url_template")
    @classmethod
    def _payment_page(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("https://", "http://")):
            raise ValueError("must be a web address starting with https://")
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        return value

    @field_validator("default_timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not an IANA time zone such as Europe/Madrid") from None
        return value

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        code = value.strip().upper()
        try:
            get_currency_name(code, locale="en")
        except UnknownCurrencyError:
            raise ValueError(f"{value!r} is not an ISO 4217 currency code such as EUR") from None
        if len(code) != 3:
            raise ValueError(f"{value!r} is not an ISO 4217 currency code such as EUR")
        return code

    @field_validator("admin_user_ids", "reminder_days_after", mode="before")
    @classmethod
    def _integer_list(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [part.strip() for part in value.replace(";", ",").split(",")]
            return tuple(int(part) for part in parts if part)
        return value

    @field_validator("operator_link_hosts", mode="before")
    @classmethod
    def _link_hosts(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.replace(";", ",").split(",")
        if isinstance(value, list | tuple):
            hosts = tuple(str(host).strip().lower().rstrip(".") for host in value)
            for host in hosts:
                if host and not _HOST_NAME.fullmatch(host):
                    raise ValueError(f"{host!r} is not a host name such as example.com")
            return tuple(host for host in hosts if host)
        return value

    @field_validator("reminder_days_after")
    @classmethod
    def _days_after(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if any(day < 1 or day > 90 for day in value):
            raise ValueError("each day must be between 1 and 90")
        return tuple(sorted(set(value)))

    @field_validator("secret_key")
    @classmethod
    def _secret_key(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < 32:
            raise ValueError("must be at least 32 characters")
        return value

    @property
    def webhook_path(self) -> str:
        """The path part of WEBHOOK_URL, where the webhook server listens."""
        return urlsplit(self.webhook_url or "").path.lstrip("/")

    @property
    def telegram_file_base_url(self) -> str:
        """PTB's file URL follows the API URL: `.../bot` becomes `.../file/bot`."""
        base = self.telegram_api_base_url
        if base.endswith("/bot"):
            return base[: -len("/bot")] + "/file/bot"
        return base + "/file/bot"


def load_settings(**overrides: object) -> Settings:
    """Read settings, turning validation errors into one readable line."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        raise SettingsError(_one_line(error)) from None


def _one_line(error: ValidationError) -> str:
    problems = []
    for item in error.errors():
        name = str(item["loc"][0]).upper() if item["loc"] else "settings"
        message = str(item["msg"]).removeprefix("Value error, ")
        problems.append(f"{name} {message}")
    return "invalid setting: " + "; ".join(problems)


def require_for_polling(settings: Settings) -> None:
    """`finbot run` needs a bot token and a secret key; say which is missing."""
    if settings.telegram_bot_token is None or not settings.telegram_bot_token.get_secret_value():
        raise SettingsError(
            "TELEGRAM_BOT_TOKEN is not set: get a token from @BotFather and put it in .env "
            "(see .env.example), or try the bot without Telegram with `finbot shell`."
        )
    if settings.secret_key is None:
        raise SettingsError(
            "SECRET_KEY is not set: put at least 32 random characters in .env, e.g. the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(32))'`."
        )
