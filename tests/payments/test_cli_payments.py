"""`finbot import-payments` as the operator meets it (run in-process)."""

from __future__ import annotations

import argparse
import csv
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from bot.cli.main import build_parser as finbot_parser
from bot.cli.payments import add_payment_commands, run_payment_command
from db.models import Debt, Payment
from services.payments.export import PAYMENT_COLUMNS
from tests.support.cli import GOOD, scalar, settings_for, write_csv
from tests.support.cli import finbot as operator_finbot


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="finbot")
    add_payment_commands(parser.add_subparsers(dest="command"))
    return parser


async def finbot(settings, *argv: str) -> int:
    return await run_payment_command(settings, parser().parse_args(argv))


def payments_file(path, *rows: str, bom: bool = False) -> str:
    text = "\n".join(["reference,amount,paid_at", *rows]) + "\n"
    path.write_text(("\ufeff" if bom else "") + text, encoding="utf-8")
    return str(path)


async def imported_debt(database_url, tmp_path, capsys) -> None:
    """R-1, Ana's debt of 100.00 EUR (imported with `finbot import-debts`)."""
    path = write_csv(tmp_path / "debts.csv", GOOD)
    assert await operator_finbot(settings_for(database_url), "import-debts", path) == 0
    capsys.readouterr()


def test_the_command_has_help_and_is_part_of_finbot(capsys):
    with pytest.raises(SystemExit) as leaving:
        finbot_parser().parse_args(["import-payments", "--help"])

    assert leaving.value.code == 0
    out = capsys.readouterr().out
    assert "usage: finbot import-payments" in out and "reference,amount,paid_at" in out


def test_without_a_file_the_command_exits_with_2(capsys):
    with pytest.raises(SystemExit) as leaving:
        finbot_parser().parse_args(["import-payments"])

    assert leaving.value.code == 2
    assert "FILE" in capsys.readouterr().err


async def test_importing_payments_prints_a_summary_and_a_second_time_changes_nothing(
    database_url, tmp_path, capsys
):
    await imported_debt(database_url, tmp_path, capsys)
    settings = settings_for(database_url)
    path = payments_file(tmp_path / "payments.csv", "R-1,30.00,2024-05-20", "R-1,20,2024-05-21")

    assert await finbot(settings, "import-payments", path) == 0
    first = capsys.readouterr()
    assert await finbot(settings, "import-payments", path) == 0
    second = capsys.readouterr()

    assert first.out.strip() == (
        "imported payments.csv: 2 payments applied (50.00 EUR), 0 already imported; "
        "0 installments paid, 0 plans completed, 0 reminders cancelled"
    )
    assert second.out.strip().startswith("imported payments.csv: 0 payments applied, 2 already")
    assert first.err == second.err == ""
    assert await scalar(database_url, select(Debt.balance)) == Decimal("50.00")
    assert await scalar(database_url, select(func.count()).select_from(Payment)) == 2


async def test_a_file_with_a_bom_is_read(database_url, tmp_path, capsys):
    await imported_debt(database_url, tmp_path, capsys)
    path = payments_file(tmp_path / "payments.csv", "R-1,1.5,2024-05-20", bom=True)

    assert await finbot(settings_for(database_url), "import-payments", path) == 0

    assert "1 payment applied (1.50 EUR)" in capsys.readouterr().out


async def test_bad_rows_import_nothing_and_are_listed_by_line_on_stderr(
    database_url, tmp_path, capsys
):
    await imported_debt(database_url, tmp_path, capsys)
    path = payments_file(
        tmp_path / "payments.csv", "R-1,30.00,2024-05-20", 'R-1,"150,00",2024-05-20', "R-1,0,"
    )

    assert await finbot(settings_for(database_url), "import-payments", path) == 1

    output = capsys.readouterr()
    assert output.out == ""
    lines = output.err.splitlines()
    assert lines[0] == f"finbot: nothing was imported from {path}: 2 problems"
    assert lines[1].startswith("  line 3: amount '150,00' has a comma")
    assert lines[2] == "  line 4: amount '0' is not more than 0; paid_at is empty"
    assert await scalar(database_url, select(func.count()).select_from(Payment)) == 0


async def test_an_unknown_reference_imports_nothing(database_url, tmp_path, capsys):
    await imported_debt(database_url, tmp_path, capsys)
    path = payments_file(tmp_path / "payments.csv", "R-1,30.00,2024-05-20", "R-9,5,2024-05-20")

    assert await finbot(settings_for(database_url), "import-payments", path) == 1

    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == f"finbot: nothing was imported from {path}: 1 problem"
    assert lines[1].startswith("  line 3: no debt has the reference 'R-9'")
    assert await scalar(database_url, select(Debt.balance)) == Decimal("100.00")


async def test_a_missing_file_is_reported_in_one_line(database_url, tmp_path, capsys):
    missing = tmp_path / "nope.csv"

    assert await finbot(settings_for(database_url), "import-payments", str(missing)) == 1

    err = capsys.readouterr().err
    assert err.startswith(f"finbot: cannot read {missing}") and err.count("\n") == 1


# --- export-payments --------------------------------------------------------------------
async def test_a_cell_of_ten_megabytes_is_a_problem_of_its_line_not_a_crash(
    database_url, tmp_path, capsys
):
    await imported_debt(database_url, tmp_path, capsys)
    path = payments_file(tmp_path / "payments.csv", "R-1,30.00,2024-05-20", "R-1," + "9" * 10**7)

    assert await finbot(settings_for(database_url), "import-payments", path) == 1

    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == f"finbot: nothing was imported from {path}: 1 problem"
    assert lines[1].startswith("  line 3: is longer than 65,536 characters")
    assert await scalar(database_url, select(func.count()).select_from(Payment)) == 0


async def test_a_file_that_is_not_utf8_says_which_line(database_url, tmp_path, capsys):
    path = tmp_path / "payments.csv"
    path.write_bytes(b"reference,amount,paid_at\nR-1,30.00,2024-05-20\nR-\xe9,1,2024-05-20\n")

    assert await finbot(settings_for(database_url), "import-payments", str(path)) == 1

    assert capsys.readouterr().err.strip() == (
        f"finbot: {path} was not imported: line 3 is not UTF-8 text"
    )


def test_export_payments_has_help_and_is_part_of_finbot(capsys):
    with pytest.raises(SystemExit) as leaving:
        finbot_parser().parse_args(["export-payments", "--help"])

    assert leaving.value.code == 0
    out = capsys.readouterr().out
    assert "usage: finbot export-payments" in out and "telegram_payment_charge_id" in out


async def test_export_payments_writes_every_payment_for_reconciliation(
    database_url, tmp_path, capsys
):
    await imported_debt(database_url, tmp_path, capsys)
    settings = settings_for(database_url)
    path = payments_file(tmp_path / "payments.csv", "R-1,30.00,2024-05-20", "R-1,20,2024-05-21")
    assert await finbot(settings, "import-payments", path) == 0
    capsys.readouterr()
    target = tmp_path / "reconciliation.csv"

    assert await finbot(settings, "export-payments", str(target)) == 0

    assert capsys.readouterr().out.strip() == f"wrote {target}: 2 payments"
    with target.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    assert list(rows[0]) == list(PAYMENT_COLUMNS)
    assert [
        (row["reference"], row["creditor"], row["debtor_name"], row["amount"], row["source"])
        for row in rows
    ] == [
        ("R-1", "Banco Meridiano", "Ana Pérez", "30.00", "operator"),
        ("R-1", "Banco Meridiano", "Ana Pérez", "20.00", "operator"),
    ]
    assert all(row["currency"] == "EUR" and row["telegram_payment_charge_id"] == "" for row in rows)
    assert not list(tmp_path.glob(".*.partial"))


async def test_export_payments_to_a_missing_folder_fails_in_one_line(
    database_url, tmp_path, capsys
):
    target = tmp_path / "no-such-folder" / "payments.csv"

    assert await finbot(settings_for(database_url), "export-payments", str(target)) == 1

    err = capsys.readouterr().err
    assert err.startswith(f"finbot: cannot write {target}") and err.count("\n") == 1
