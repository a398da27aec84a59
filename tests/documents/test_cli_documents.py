"""`finbot index-documents` as the operator meets it (run in-process)."""

from __future__ import annotations

import pytest

from bot.cli.main import main
from tests.support.cli import settings_for
from tests.support.documents import reindex


def test_index_documents_has_help(capsys):
    with pytest.raises(SystemExit) as leaving:
        main(["index-documents", "--help"])
    assert leaving.value.code == 0
    assert "usage: finbot index-documents [-h] [DIRECTORY]" in capsys.readouterr().out


async def test_only_what_changed_is_read_again_and_deleted_files_leave(
    database_url, tmp_path, capsys
):
    settings = settings_for(database_url, documents_dir=tmp_path)
    (tmp_path / "bizum.md").write_text("# Bizum\n\nPuedes pagar con Bizum.\n", encoding="utf-8")
    (tmp_path / "cash.txt").write_text("Pay in cash at any post office.\n", encoding="utf-8")

    assert await reindex(settings, tmp_path) == 0
    first = capsys.readouterr().out
    assert f"documents in {tmp_path}: 2 indexed (2 passages), 0 unchanged, 0 removed" in first
    assert "  indexed: bizum.md\n  indexed: cash.txt" in first

    (tmp_path / "cash.txt").unlink()
    (tmp_path / "bizum.md").write_text("# Bizum\n\nYa no aceptamos Bizum.\n", encoding="utf-8")
    assert await reindex(settings, tmp_path) == 0
    second = capsys.readouterr().out
    assert "1 indexed (1 passage), 0 unchanged, 1 removed, 0 unreadable" in second
    assert "  removed: cash.txt" in second

    assert await reindex(settings, tmp_path) == 0
    assert "0 indexed (0 passages), 1 unchanged, 0 removed" in capsys.readouterr().out


async def test_a_missing_directory_is_a_setting_problem(database_url, tmp_path, capsys):
    settings = settings_for(database_url, documents_dir=tmp_path / "nowhere")
    assert await reindex(settings, tmp_path / "nowhere") == 2
    assert "is not a directory (see DOCUMENTS_DIR)" in capsys.readouterr().err
