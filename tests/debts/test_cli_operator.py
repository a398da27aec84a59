"""`finbot import-debts` and `finbot invite` as the operator meets them (run in-process)."""

from __future__ import annotations

import hashlib
import re

import pytest
from sqlalchemy import func, select

from bot.cli.operator import DEMO_CSV
from db.engine import create_engine, create_session_factory
from db.models import AuditLogEntry, Debt, Debtor, Invite
from db.unit_of_work import UnitOfWork
from services.debts.csv_rows import DEBTS_CSV_HEADER
from tests.support.builders import add_user
from tests.support.cli import GOOD, finbot, parser, scalar, settings_for, write_csv
from tests.support.clock import NOW

LINK = re.compile(r"https://t\.me/(\w+)\?start=([A-Za-z0-9_-]{1,64})")


@pytest.mark.parametrize("command", ["import-debts", "invite"])
def test_every_operator_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as leaving:
        parser().parse_args([command, "--help"])

    assert leaving.value.code == 0
    assert f"usage: finbot {command}" in capsys.readouterr().out


async def test_importing_the_demo_prints_a_summary_and_a_second_time_changes_nothing(
    database_url, capsys
):
    settings = settings_for(database_url)

    assert await finbot(settings, "import-debts", "--demo") == 0
    first = capsys.readouterr()
    assert await finbot(settings, "import-debts", "--demo") == 0
    second = capsys.readouterr()

    assert first.out.strip() == (
        "imported debts.csv: debts 10 created, 0 updated, 0 unchanged; debtors 6 created, 0 updated"
    )
    assert "debts 0 created, 0 updated, 10 unchanged" in second.out
    assert first.err == second.err == ""
    assert await scalar(database_url, select(func.count()).select_from(Debt)) == 10
    assert DEMO_CSV.is_file()


async def test_a_file_with_bad_rows_imports_nothing_and_lists_them_on_stderr(
    database_url, tmp_path, capsys
):
    path = write_csv(
        tmp_path / "debts.csv", GOOD, "R-2,Ana Pérez,,+34600111222,X,,-1,EUR,5,,,", GOOD
    )

    assert await finbot(settings_for(database_url), "import-debts", path) == 1

    output = capsys.readouterr()
    assert output.out == ""
    lines = output.err.splitlines()
    assert lines[0] == f"finbot: nothing was imported from {path}: 2 problems"
    assert lines[1].startswith("  line 3: ")
    assert "balance '-1' is negative" in lines[1]
    assert "has email ana@example.com on line 2, not (empty)" in lines[1]
    assert lines[2] == "  line 4: reference 'R-1' is already on line 2"
    assert await scalar(database_url, select(func.count()).select_from(Debt)) == 0


async def test_a_reference_already_held_by_another_person_is_refused_with_its_line(
    database_url, tmp_path, capsys
):
    settings = settings_for(database_url)
    assert await finbot(settings, "import-debts", write_csv(tmp_path / "a.csv", GOOD)) == 0
    moved = GOOD.replace("Ana Pérez,ana@example.com,+34600111222", "Eva,,+34699000111")
    path = write_csv(tmp_path / "b.csv", "R-2" + moved[3:], moved)
    capsys.readouterr()

    assert await finbot(settings, "import-debts", path) == 1

    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == f"finbot: nothing was imported from {path}: 1 problem"
    assert lines[1].startswith("  line 3: reference 'R-1' belongs to Ana Pérez (+34600111222)")
    assert await scalar(database_url, select(func.count()).select_from(Debt)) == 1


async def test_a_long_list_of_problems_is_cut_at_50_lines(database_url, tmp_path, capsys):
    rows = [f"R-{n},Ana,,+34600111222,X,,oops,EUR,5,,," for n in range(70)]
    path = write_csv(tmp_path / "debts.csv", *rows)

    assert await finbot(settings_for(database_url), "import-debts", path) == 1

    lines = capsys.readouterr().err.splitlines()
    assert lines[0].endswith("70 problems")
    assert len(lines) == 1 + 50 + 1
    assert lines[50].startswith("  line 51: ")
    assert lines[-1] == "  and 20 more"


async def test_a_file_that_is_not_utf8_says_which_line(database_url, tmp_path, capsys):
    path = tmp_path / "debts.csv"
    path.write_bytes(
        (",".join(DEBTS_CSV_HEADER) + "\n" + GOOD + "\n").encode("utf-8") + b"R-9,Jos\xe9\n"
    )

    assert await finbot(settings_for(database_url), "import-debts", str(path)) == 1

    assert (
        capsys.readouterr().err.strip()
        == f"finbot: {path} was not imported: line 3 is not UTF-8 text"
    )


async def test_a_cell_of_ten_megabytes_is_a_problem_of_its_line_not_a_crash(
    database_url, tmp_path, capsys
):
    huge = "R-2,Ana Pérez,ana@example.com,+34600111222,X," + "a" * 10**7 + ",1,EUR,5,,,"
    path = write_csv(tmp_path / "debts.csv", GOOD, huge, GOOD.replace("R-1", "R-3"))

    assert await finbot(settings_for(database_url), "import-debts", path) == 1

    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == f"finbot: nothing was imported from {path}: 1 problem"
    assert lines[1].startswith("  line 3: is longer than 65,536 characters")
    assert await scalar(database_url, select(func.count()).select_from(Debt)) == 0


async def test_a_quoted_cell_over_many_lines_past_the_csv_limit_is_a_problem_of_its_row(
    database_url, tmp_path, capsys
):
    many_lines = '"' + "a\n" * 70_000 + '"'
    path = write_csv(
        tmp_path / "debts.csv", GOOD, f"R-2,Ana,,+34600111222,X,{many_lines},1,EUR,5,,,"
    )

    assert await finbot(settings_for(database_url), "import-debts", path) == 1

    err = capsys.readouterr().err
    assert "  line 3: cannot be read as CSV: field larger than field limit" in err
    assert await scalar(database_url, select(func.count()).select_from(Debt)) == 0


async def test_a_missing_file_is_reported_in_one_line(database_url, tmp_path, capsys):
    missing = tmp_path / "nope.csv"

    assert await finbot(settings_for(database_url), "import-debts", str(missing)) == 1

    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"cannot read {missing}" in err


@pytest.mark.parametrize("argv", [["import-debts"], ["import-debts", "x.csv", "--demo"]])
async def test_import_needs_a_file_or_demo_but_not_both(database_url, argv, capsys):
    assert await finbot(settings_for(database_url), *argv) == 2

    assert "needs a FILE, or --demo" in capsys.readouterr().err


async def test_invite_prints_a_one_time_deep_link_for_the_debtor(database_url, capsys):
    settings = settings_for(database_url)
    await finbot(settings, "import-debts", "--demo")
    capsys.readouterr()

    code = await finbot(
        settings, "invite", "BMR-PL-2023-0418", "--bot-username", "@finbot_demo_bot"
    )

    assert code == 0
    link = capsys.readouterr().out.strip()
    match = LINK.fullmatch(link)
    assert match is not None, link
    assert match.group(1) == "finbot_demo_bot"
    stored = await scalar(database_url, select(Invite))
    assert stored.token == hashlib.sha256(match.group(2).encode()).hexdigest()
    assert (stored.expires_at - stored.created_at).days == 14


async def test_invite_takes_the_bot_username_from_the_settings(database_url, capsys):
    settings = settings_for(database_url)
    await finbot(settings, "import-debts", "--demo")
    object.__setattr__(settings, "telegram_bot_username", "configured_bot")
    capsys.readouterr()

    assert await finbot(settings, "invite", "NBK-VISA-448120") == 0

    assert LINK.fullmatch(capsys.readouterr().out.strip()).group(1) == "configured_bot"


async def test_invite_asks_telegram_for_the_username_when_only_the_token_is_set(
    database_url, fake_telegram, capsys
):
    settings = settings_for(
        database_url,
        telegram_bot_token=fake_telegram.token,
        telegram_api_base_url=fake_telegram.base_url,
    )
    await finbot(settings, "import-debts", "--demo")
    capsys.readouterr()

    assert await finbot(settings, "invite", "AGV-2024-3321") == 0

    assert LINK.fullmatch(capsys.readouterr().out.strip()).group(1) == "finbot_test_bot"


async def test_invite_without_any_way_to_know_the_username_says_what_to_set(database_url, capsys):
    assert await finbot(settings_for(database_url), "invite", "BMR-PL-2023-0418") == 2

    output = capsys.readouterr()
    assert output.out == ""
    assert output.err.count("\n") == 1
    assert "--bot-username" in output.err
    assert "TELEGRAM_BOT_USERNAME" in output.err


async def test_invite_for_an_unknown_reference_fails_clearly(database_url, capsys):
    code = await finbot(settings_for(database_url), "invite", "NOPE-1", "--bot-username", "x_bot1")

    assert code == 1
    output = capsys.readouterr()
    assert output.out == ""
    assert output.err.strip() == (
        "finbot: no debt has the reference 'NOPE-1'; check it, or import it first"
    )


async def change_debtor_of(database_url: str, reference: str, *, link: bool = False, **values):
    """Set `values` on the debtor of `reference`; with `link`, link them to a new Telegram
    user, as redeeming an invite does, and return that user's id."""
    engine = create_engine(database_url)
    try:
        async with UnitOfWork(create_session_factory(engine)) as uow:
            debt = await uow.debts.by_reference(reference)
            debtor = await uow.debtors.get(debt.debtor_id)
            for name, value in values.items():
                setattr(debtor, name, value)
            user = await add_user(uow.session) if link else None
            if user is not None:
                await uow.debtors.link_user(debtor_id=debtor.id, user_id=user.id, now=NOW)
            await uow.commit()
            return user.id if user else None
    finally:
        await engine.dispose()


async def test_invite_for_a_debtor_already_linked_says_so_and_prints_no_link(database_url, capsys):
    settings = settings_for(database_url)
    await finbot(settings, "import-debts", "--demo")
    await change_debtor_of(database_url, "BMR-PL-2023-0418", link=True)
    capsys.readouterr()

    code = await finbot(settings, "invite", "BMR-PL-2023-0418", "--bot-username", "x_bot1")

    assert code == 1
    output = capsys.readouterr()
    assert output.out == ""
    assert output.err.strip() == (
        "finbot: the debtor of 'BMR-PL-2023-0418' is already linked to a Telegram account "
        f"(since {NOW:%Y-%m-%d}); no link printed. To move them to another account, run it "
        "again with --relink"
    )
    assert await scalar(database_url, select(func.count()).select_from(Invite)) == 0


async def test_invite_relink_unlinks_the_debtor_audits_it_and_prints_a_link(database_url, capsys):
    settings = settings_for(database_url)
    await finbot(settings, "import-debts", "--demo")
    previous = await change_debtor_of(database_url, "BMR-PL-2023-0418", link=True)
    capsys.readouterr()

    code = await finbot(
        settings, "invite", "BMR-PL-2023-0418", "--relink", "--bot-username", "x_bot1"
    )

    assert code == 0
    output = capsys.readouterr()
    assert LINK.fullmatch(output.out.strip())
    assert "unlinked the debtor of 'BMR-PL-2023-0418'" in output.err
    debt = await scalar(database_url, select(Debt).where(Debt.reference == "BMR-PL-2023-0418"))
    debtor = await scalar(database_url, select(Debtor).where(Debtor.id == debt.debtor_id))
    assert debtor.user_id is None
    entry = await scalar(
        database_url, select(AuditLogEntry).where(AuditLogEntry.action == "debtor.unlinked")
    )
    assert (entry.actor, entry.entity_id, entry.details) == (
        "operator",
        debtor.id,
        {"reason": "relink", "previous_user_id": previous, "reference": "BMR-PL-2023-0418"},
    )


async def test_invite_for_a_debtor_without_a_phone_warns_that_the_link_is_the_only_proof(
    database_url, capsys
):
    settings = settings_for(database_url)
    await finbot(settings, "import-debts", "--demo")
    await change_debtor_of(database_url, "BMR-PL-2023-0418", phone=None)
    capsys.readouterr()

    code = await finbot(settings, "invite", "BMR-PL-2023-0418", "--bot-username", "x_bot1")

    assert code == 0
    output = capsys.readouterr()
    assert LINK.fullmatch(output.out.strip())
    assert "no phone on file" in output.err and "debtor alone" in output.err
