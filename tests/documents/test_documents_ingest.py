"""Indexing the documents directory: only changes are read again, and a bad file is
reported without stopping the rest."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select

from db.models import Document, DocumentChunk
from services.assistant.tooling import Toolbox, ToolEnv
from services.assistant.tools_documents import SEARCH_DOCUMENTS
from services.debts.policy import DebtPolicy
from services.documents.ingest import sync_documents
from services.documents.search import DocumentIndex
from services.negotiation.rules import NegotiationRules
from tests.fakes.openai.validation import strict_schema_error
from tests.support.documents import SHIPPED

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
LATER = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def write_sample(directory: Path) -> None:
    (directory / "cash.md").write_text(
        "# Cash\n\nYou can pay in cash at any post office with your payment code.\n"
    )
    (directory / "notes.txt").write_text("Las oficinas cierran los domingos y festivos.\n")
    shutil.copy(SHIPPED / "condiciones-generales.pdf", directory)


async def test_a_directory_is_indexed_with_files_pages_and_headings(uow, tmp_path):
    write_sample(tmp_path)
    report = await sync_documents(uow, directory=tmp_path, now=NOW)
    assert sorted(report.indexed) == ["cash.md", "condiciones-generales.pdf", "notes.txt"]
    assert report.unreadable == report.removed == ()

    index = await DocumentIndex.load(uow)
    [cash] = index.search("post office cash", k=1)
    assert (cash.file, cash.page, cash.heading) == ("cash.md", None, "Cash")
    [article] = index.search("herederos fallecimiento", k=1)
    assert (article.file, article.page) == ("condiciones-generales.pdf", 3)
    assert article.heading == "Artículo 11. Fallecimiento de la persona deudora"
    pdf = await uow.session.scalar(select(Document).where(Document.path.like("%.pdf")))
    assert (pdf.pages, pdf.language, pdf.indexed_at) == (3, "es", NOW)


async def test_unchanged_files_are_not_read_again(uow, tmp_path):
    write_sample(tmp_path)
    await sync_documents(uow, directory=tmp_path, now=NOW)
    report = await sync_documents(uow, directory=tmp_path, now=LATER)
    assert report.indexed == () and report.chunks == 0
    assert len(report.unchanged) == 3
    assert not report.changed


async def test_an_edited_file_changes_what_is_found(uow, tmp_path):
    write_sample(tmp_path)
    await sync_documents(uow, directory=tmp_path, now=NOW)
    (tmp_path / "cash.md").write_text("# Bizum\n\nPay with Bizum up to 1,000 euros.\n")
    report = await sync_documents(uow, directory=tmp_path, now=LATER)
    assert report.indexed == ("cash.md",)

    index = await DocumentIndex.load(uow)
    assert index.search("post office") == []
    assert index.search("Bizum")[0].heading == "Bizum"
    chunks = await uow.session.scalar(
        select(func.count())
        .select_from(DocumentChunk)
        .join(Document)
        .where(Document.path == "cash.md")
    )
    assert chunks == 1


async def test_a_deleted_file_is_no_longer_found(uow, tmp_path):
    write_sample(tmp_path)
    await sync_documents(uow, directory=tmp_path, now=NOW)
    (tmp_path / "notes.txt").unlink()
    report = await sync_documents(uow, directory=tmp_path, now=LATER)
    assert report.removed == ("notes.txt",)

    index = await DocumentIndex.load(uow)
    assert index.search("domingos festivos oficinas") == []
    assert "notes.txt" not in index.files
    assert await uow.session.scalar(select(func.count()).select_from(Document)) == 2


async def test_a_corrupt_pdf_is_reported_and_the_rest_indexed(uow, tmp_path):
    write_sample(tmp_path)
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage")
    (tmp_path / "empty.md").write_text("   \n")
    report = await sync_documents(uow, directory=tmp_path, now=NOW)
    assert report.unreadable == ("broken.pdf", "empty.md")
    assert len(report.indexed) == 3

    index = await DocumentIndex.load(uow)
    assert index.files == ["cash.md", "condiciones-generales.pdf", "notes.txt"]


async def test_a_file_that_becomes_unreadable_is_taken_out(uow, tmp_path):
    write_sample(tmp_path)
    await sync_documents(uow, directory=tmp_path, now=NOW)
    (tmp_path / "condiciones-generales.pdf").write_bytes(b"not a pdf at all")
    report = await sync_documents(uow, directory=tmp_path, now=LATER)
    assert report.unreadable == ("condiciones-generales.pdf",)
    assert "condiciones-generales.pdf" not in (await DocumentIndex.load(uow)).files


async def test_the_shipped_documents_all_index(uow):
    report = await sync_documents(uow, directory=SHIPPED, now=NOW)
    assert report.unreadable == ()
    assert len(report.indexed) >= 11


def tool_env(uow, services: dict) -> ToolEnv:
    return ToolEnv(
        uow=uow,
        user_id=1,
        chat_id=1,
        language="es",
        timezone="Europe/Madrid",
        now=NOW,
        default_policy=DebtPolicy(max_months=24, min_installment=Decimal(20), max_discount_pct=0),
        rules=NegotiationRules(),
        services=services,
    )


async def search_tool(uow, services: dict, query: str) -> dict:
    outcome = await Toolbox([SEARCH_DOCUMENTS]).call(
        tool_env(uow, services), "search_documents", json.dumps({"query": query})
    )
    json.dumps(outcome.output)  # what the model reads is plain JSON
    return outcome.output


async def test_the_assistant_quotes_the_passage_with_file_page_and_heading(uow):
    await sync_documents(uow, directory=SHIPPED, now=NOW)
    index = await DocumentIndex.load(uow)
    output = await search_tool(uow, {"documents": index}, "¿prescribe mi deuda a los cinco años?")
    first = output["results"][0]
    assert (first["file"], first["page"]) == ("condiciones-generales.pdf", 2)
    assert first["heading"] == "Artículo 8. Prescripción"
    assert "prescriben" in first["text"] and first["score"] > 0
    assert all(len(result["text"]) <= 700 for result in output["results"])


async def test_the_assistant_is_told_when_nothing_relevant_is_found(uow):
    index = DocumentIndex([])
    output = await search_tool(uow, {"documents": index}, "weather in Paris")
    assert output == {"results": [], "note": "nothing relevant found"}


async def test_without_an_index_the_tool_says_documents_are_unavailable(uow):
    output = await search_tool(uow, {}, "quita")
    assert output["error"]["code"] == "documents_unavailable"


def test_the_tool_schema_is_strict():
    param = SEARCH_DOCUMENTS.param()
    assert param["strict"] is True
    assert strict_schema_error(param["parameters"]) is None
