"""The files an operator deploys with say what the README promises."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


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
