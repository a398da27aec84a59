"""The `finbot` command as an operator meets it: help, start-up errors, the terminal shell."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def finbot(*arguments: str, cwd: Path, stdin: str = "", **environment: str):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TELEGRAM_", "SECRET_", "DATABASE_", "OPENAI_"))
    }
    env.update(environment)
    script = shutil.which("finbot", path=str(Path(sys.executable).parent))
    return subprocess.run(
        [script, *arguments],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("command", [[], ["run"], ["migrate"], ["shell"]])
def test_every_command_has_help(tmp_path, command):
    result = finbot(*command, "--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "usage: finbot" in result.stdout


def test_run_without_a_token_says_what_to_set_in_one_line(tmp_path):
    result = finbot("run", cwd=tmp_path)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "TELEGRAM_BOT_TOKEN" in lines[0]
    assert "finbot shell" in lines[0]
    assert "Traceback" not in result.stderr


def test_plain_finbot_runs_the_bot(tmp_path):
    result = finbot(cwd=tmp_path)
    assert result.returncode != 0
    assert "TELEGRAM_BOT_TOKEN" in result.stderr


def test_a_malformed_setting_stops_start_up_naming_it(tmp_path):
    result = finbot("run", cwd=tmp_path, DEFAULT_TIMEZONE="Nowhere/Land")
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0
    assert "DEFAULT_TIMEZONE" in result.stderr


def test_migrate_creates_the_database(tmp_path):
    result = finbot("migrate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "finbot.db").exists()
    assert "revision" in result.stdout


def test_shell_answers_start_with_the_welcome_from_piped_input(tmp_path):
    result = finbot("shell", "--name", "Ana", cwd=tmp_path, stdin="/start\n/help\n")
    assert result.returncode == 0, result.stderr
    assert "you › /start" in result.stdout
    assert "¡Hola, Ana! Soy finbot" in result.stdout
    assert "inteligencia artificial" in result.stdout
    assert "Qué puedo hacer" in result.stdout
    assert "<b>" not in result.stdout  # HTML is shown as plain text


def test_shell_speaks_english_to_an_english_user(tmp_path):
    result = finbot("shell", "--language", "en", "--name", "Sam", cwd=tmp_path, stdin="/start\n")
    assert result.returncode == 0, result.stderr
    assert "Hi Sam! I'm finbot" in result.stdout


def test_shell_demo_registers_a_debtor_by_shared_contact(tmp_path):
    conversation = "/register\nLucía Fernández\nlucia@example.com\n@contact +34600000000\n#1\n#3\n"
    result = finbot("shell", "--demo", "--name", "Lucía", cwd=tmp_path, stdin=conversation)
    assert result.returncode == 0, result.stderr
    assert "debts 10 created" in result.stdout
    assert "Gracias, teléfono verificado" in result.stdout
    assert "Deudas encontradas a tu nombre: 3." in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_import_debts_rejects_a_file_with_one_bad_row_and_applies_nothing(tmp_path):
    from bot.cli.operator import DEMO_CSV

    rows = DEMO_CSV.read_text(encoding="utf-8").splitlines()
    rows[3] = rows[3].replace("+34", "0034x", 1)  # line 4: a malformed phone
    bad = tmp_path / "debts.csv"
    bad.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = finbot("import-debts", str(bad), cwd=tmp_path)
    assert result.returncode == 1
    assert "line 4" in result.stderr
    assert "nothing was imported" in result.stderr
    again = finbot("import-debts", "--demo", cwd=tmp_path)
    assert "debts 10 created" in again.stdout  # the bad file left nothing behind


def test_export_agreements_writes_the_operators_csv(tmp_path):
    import csv

    result = finbot("export-agreements", str(tmp_path / "agreements.csv"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "0 agreements, 0 broken plans, 0 hardship cases" in result.stdout
    with (tmp_path / "agreements.csv").open(encoding="utf-8") as file:
        header = next(csv.reader(file))
    assert header[:3] == ["case", "debt_id", "debt_reference"]
