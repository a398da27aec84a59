"""The files an operator deploys with say what the README promises."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_env_example_lists_every_setting_with_a_comment():
    text = (ROOT / ".env.example").read_text()
    listed = re.findall(r"^([A-Z0-9_]+)=", text, flags=re.MULTILINE)
    assert set(listed) == {name.upper() for name in Settings.model_fields}
    lines = text.splitlines()
    for number, line in enumerate(lines):
        if re.match(r"^[A-Z0-9_]+=", line):
            above = number - 1
            while re.match(r"^[A-Z0-9_]+=", lines[above]):  # a group shares one comment
                above -= 1
            assert lines[above].startswith("#"), f"{line} has no comment above it"


def test_readme_documents_every_setting_and_starts_with_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    for name in Settings.model_fields:
        assert f"`{name.upper()}`" in readme, name
    first_block = readme.split("```")[1]
    assert "uv run finbot" in first_block and "uv run pytest" in first_block


def test_compose_runs_postgres_a_one_shot_migration_and_a_restarting_bot():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) >= {"db", "migrate", "bot"}
    db = services["db"]
    assert db["image"].startswith("postgres:16")
    assert "healthcheck" in db and any("pgdata" in v for v in db["volumes"])
    assert services["migrate"]["command"] == ["finbot", "migrate"]
    bot = services["bot"]
    assert bot["restart"] == "on-failure"
    assert bot["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert bot["depends_on"]["db"]["condition"] == "service_healthy"
    for service in ("migrate", "bot"):
        assert services[service]["env_file"] == ".env"
        assert services[service]["environment"]["DATABASE_URL"].startswith("postgresql+asyncpg://")
    assert "pgdata" in compose["volumes"]


def test_dockerfile_ships_what_the_bot_needs_at_run_time():
    dockerfile = (ROOT / "Dockerfile").read_text()
    for needed in ("bot", "services", "db", "alembic", "alembic.ini", "documents", "uv.lock"):
        assert re.search(rf"^COPY .*\b{re.escape(needed)}\b", dockerfile, flags=re.MULTILINE), (
            needed
        )
    assert 'CMD ["finbot", "run"]' in dockerfile


def compose_services() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def test_plain_compose_up_still_runs_one_polling_bot_and_nothing_of_the_webhook_profile():
    services = compose_services()
    default = {name for name, service in services.items() if "profiles" not in service}
    assert default == {"db", "migrate", "bot"}
    assert services["bot"]["command"] == ["finbot", "run"]
    assert services["bot"]["environment"]["WEBHOOK_URL"] == ""  # whatever .env says


def test_the_webhook_profile_runs_two_replicas_a_reminder_worker_and_a_proxy():
    services = compose_services()
    webhook = {name for name, s in services.items() if "webhook" in s.get("profiles", [])}
    assert webhook == {"bot-1", "bot-2", "reminders", "proxy"}
    for name in ("bot-1", "bot-2"):
        replica = services[name]
        environment = replica["environment"]
        assert replica["command"] == ["finbot", "run"]
        assert environment["WEBHOOK_URL"] == "https://${FINBOT_DOMAIN:-}/telegram"
        assert environment["WEBHOOK_PORT"] == "8080" and environment["HEALTH_PORT"] == "8081"
        assert environment["SEND_REMINDERS"] == "false"
        assert environment["DATABASE_URL"].startswith("postgresql+asyncpg://")
        assert replica["env_file"] == ".env"  # WEBHOOK_SECRET and the rest
        assert replica["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["reminders"]["command"] == ["finbot", "send-reminders"]
    proxy = services["proxy"]
    assert proxy["image"] == "caddy:2"
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in proxy["volumes"]
    assert {"80:80", "443:443"} <= set(proxy["ports"])
    assert "env_file" not in proxy  # the proxy never sees the bot's secrets


def test_the_caddyfile_sends_webhook_posts_to_both_replicas_checking_their_health():
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    directives = [line.split("#")[0].split() for line in caddyfile.splitlines()]
    directives = [words for words in directives if words]
    assert ["{$FINBOT_DOMAIN}", "{"] in directives
    url = compose_services()["bot-1"]["environment"]["WEBHOOK_URL"]
    replicas = Settings(
        _env_file=None,
        webhook_url=url.replace("${FINBOT_DOMAIN:-}", "bot.example.com"),
        webhook_secret="a-webhook-secret-token",
    )
    assert ["method", "POST"] in directives
    assert ["path", f"/{replicas.webhook_path}"] in directives  # where the replicas listen
    assert ["reverse_proxy", "bot-1:8080", "bot-2:8080", "{"] in directives
    assert ["health_uri", "/healthz"] in directives and ["health_port", "8081"] in directives
    # A large body is refused at the proxy, as the replicas refuse it (MAX_BODY_BYTES).
    assert ["request_body", "{"] in directives and ["max_size", "1MB"] in directives
    # The secret token header reaches the replicas as Telegram sent it.
    assert "X-Telegram-Bot-Api-Secret-Token" not in " ".join(
        " ".join(words) for words in directives if words[0].startswith("header")
    )
    assert caddyfile.count("{") == caddyfile.count("}")
