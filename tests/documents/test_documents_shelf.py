"""The running bot's document index: built at start-up from DOCUMENTS_DIR, reloaded only
when the database holds other documents, and never emptied by a missing directory."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.runtime.document_shelf import DocumentShelf, index_at_start
from db.unit_of_work import UnitOfWork
from services.shared.clock import FixedClock

CLOCK = FixedClock(datetime(2026, 11, 24, 10, 0, tzinfo=UTC))


def write(directory, name: str, text: str) -> None:
    directory.mkdir(exist_ok=True)
    (directory / name).write_text(text, encoding="utf-8")


async def test_start_up_indexes_the_directory_and_the_shelf_loads_it(session_factory, tmp_path):
    def unit_of_work():
        return UnitOfWork(session_factory)

    directory = tmp_path / "documents"
    write(directory, "bizum.md", "# Bizum\n\nPuedes pagar con Bizum al 600 000 000.\n")
    report = await index_at_start(directory, unit_of_work, CLOCK)
    assert report is not None and report.indexed == ("bizum.md",)

    shelf = DocumentShelf(unit_of_work)
    assert await shelf.reload_if_changed() is True
    assert [hit.file for hit in shelf.index.search("pagar bizum")] == ["bizum.md"]
    assert await shelf.reload_if_changed() is False  # nothing changed: same index kept

    write(directory, "cash.md", "# Cash\n\nPay in cash at any post office.\n")
    await index_at_start(directory, unit_of_work, CLOCK)
    assert await shelf.reload_if_changed() is True
    assert shelf.index.files == ["bizum.md", "cash.md"]


async def test_a_missing_documents_directory_leaves_the_index_as_it_was(session_factory, tmp_path):
    def unit_of_work():
        return UnitOfWork(session_factory)

    directory = tmp_path / "documents"
    write(directory, "bizum.md", "# Bizum\n\nPuedes pagar con Bizum.\n")
    await index_at_start(directory, unit_of_work, CLOCK)

    assert await index_at_start(tmp_path / "mistyped", unit_of_work, CLOCK) is None
    shelf = DocumentShelf(unit_of_work)
    await shelf.reload_if_changed()
    assert shelf.index.files == ["bizum.md"]
