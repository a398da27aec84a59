"""The operator's documents end to end: indexed at start-up, searched by the assistant's
tool, cited in the reply the user reads, listed by /docs, and re-indexed by
`finbot index-documents` while the bot runs.

The fake model answers the way the instructions ask a real one to: with the sentence of
the best passage the tool returned, then its source. So what the user reads depends on
what the search found."""

from __future__ import annotations

import asyncio
import re
import shutil
from pathlib import Path

import pytest

from bot.context import DEPS_KEY
from tests.support.assistant import last_output
from tests.support.chat import said
from tests.support.documents import SHIPPED, reindex

NOT_FOUND = "No lo he encontrado en los documentos"


@pytest.fixture
def documents_dir(tmp_path) -> Path:
    """A copy of the shipped documents, so a test may change them."""
    target = tmp_path / "operator-documents"
    shutil.copytree(SHIPPED, target)
    return target


@pytest.fixture
def assistant_settings(assistant_settings, documents_dir):
    return assistant_settings.model_copy(
        update={"documents_dir": documents_dir, "documents_refresh_seconds": 0.1}
    )


def answer_from_the_best_passage(*words: str, cite: str = "según"):
    """A responder for the fake model: the first sentence of the best passage holding one
    of `words`, then "según *file*, p. N" (`cite` is "source:" in English)."""

    def respond(body: dict) -> str:
        results = last_output(body)["results"]
        if not results:
            return f"{NOT_FOUND} del operador. ¿Quieres que te pase con una persona?"
        best = results[0]
        sentences = re.split(r"(?<=[.?!])\s+", best["text"])
        chosen = next((s for s in sentences if any(w in s for w in words)), sentences[0])
        page = f", p. {best['page']}" if best["page"] else ""
        return f"{chosen}\n\n{cite} *{best['file']}*{page}"

    return respond


def ask(fake_openai, query: str, *words: str, cite: str = "según") -> None:
    fake_openai.script.call_tool("search_documents", {"query": query}).respond_with(
        answer_from_the_best_passage(*words, cite=cite)
    )


async def until_reloaded(application, check) -> None:
    """Wait until the running bot's index passes `check` (it reloads on a timer)."""
    for _ in range(100):
        if check(application.bot_data[DEPS_KEY].documents.index):
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the bot did not reload the document index")


async def test_a_question_in_spanish_is_answered_from_the_pdf_with_its_page(
    assistant_bot, fake_telegram, fake_openai
):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    ask(fake_openai, "intereses de demora máximos", "demora")
    await ana.send("¿Cuánto me pueden cobrar de intereses de demora?")

    reply = await ana.wait_for(said("según"))
    assert reply.plain_text.endswith("según condiciones-generales.pdf, p. 2")
    assert "dos puntos por encima del interés legal" in reply.plain_text
    assert "<i>condiciones-generales.pdf</i>" in reply.text
    asked_first = fake_openai.requests[0]
    assert "search_documents" in {tool["name"] for tool in asked_first["tools"]}
    assert "según *file*, p. N" in asked_first["instructions"]


async def test_a_question_in_english_is_answered_from_the_english_pdf_with_its_page(
    assistant_bot, fake_telegram, fake_openai
):
    sam = fake_telegram.user(first_name="Sam", language_code="en")
    ask(fake_openai, "collection fees charged", "fees", cite="source:")
    await sam.send("Will you charge me any collection fees?")

    reply = await sam.wait_for(said("source"))
    assert reply.plain_text.endswith("source: general-terms.pdf, p. 2")
    assert "fees" in reply.plain_text.split("source")[0]


async def test_a_markdown_document_is_cited_by_its_file_without_a_page(
    assistant_bot, fake_telegram, fake_openai
):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    ask(fake_openai, "pagar con Bizum", "Bizum")
    await ana.send("¿Puedo pagar con Bizum?")

    reply = await ana.wait_for(said("según"))
    assert "Bizum" in reply.plain_text
    assert reply.plain_text.endswith("según metodos-de-pago.md")


async def test_editing_a_document_and_reindexing_changes_the_answer_and_deleting_removes_it(
    assistant_bot, assistant_settings, fake_telegram, fake_openai, documents_dir
):
    hours = documents_dir / "horario-de-atencion.md"
    hours.write_text(
        "# Horario de atención\n\nAtendemos por teléfono de lunes a viernes, de 9:00 a 15:00.\n",
        encoding="utf-8",
    )
    assert await reindex(assistant_settings, documents_dir) == 0
    await until_reloaded(assistant_bot, lambda index: "horario-de-atencion.md" in index.files)
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    ask(fake_openai, "horario atención teléfono", "Atendemos")
    await ana.send("¿En qué horario atendéis por teléfono?")
    first = await ana.wait_for(said("según horario-de-atencion.md"))
    assert "de 9:00 a 15:00" in first.plain_text

    hours.write_text(
        "# Horario de atención\n\nAtendemos por teléfono de lunes a sábado, de 8:00 a 20:00.\n",
        encoding="utf-8",
    )
    assert await reindex(assistant_settings, documents_dir) == 0
    await until_reloaded(
        assistant_bot, lambda index: "sábado" in index.search("horario atención")[0].text
    )
    ask(fake_openai, "horario atención teléfono", "Atendemos")
    await ana.send("¿Y ahora qué horario tenéis?")
    second = await ana.wait_for(lambda m: m.message_id > first.message_id and said("según")(m))
    assert "de lunes a sábado, de 8:00 a 20:00" in second.plain_text

    hours.unlink()
    assert await reindex(assistant_settings, documents_dir) == 0
    await until_reloaded(assistant_bot, lambda index: "horario-de-atencion.md" not in index.files)
    fake_openai.script.call_tool(
        "search_documents", {"query": "horario atención teléfono"}
    ).respond_with(answer_from_the_best_passage("Atendemos"))
    await ana.send("¿Cuál es el horario de atención?")
    third = await ana.wait_for(lambda m: m.message_id > second.message_id)
    assert "horario-de-atencion.md" not in third.plain_text
    assert "9:00 a 15:00" not in third.plain_text and "8:00 a 20:00" not in third.plain_text


async def test_nothing_relevant_found_is_said_and_nothing_is_made_up(
    assistant_bot, fake_telegram, fake_openai
):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    ask(fake_openai, "xilófono submarino", "xilófono")
    await ana.send("¿Tenéis un xilófono submarino?")

    reply = await ana.wait_for(said(NOT_FOUND))
    assert "según" not in reply.plain_text
    assert last_output(fake_openai.last_request) == {
        "results": [],
        "note": "nothing relevant found",
    }


async def test_with_no_documents_docs_says_where_to_ask_instead(finbot, fake_telegram):
    sam = fake_telegram.user(first_name="Sam", language_code="en")
    await sam.send("/docs")
    reply = await sam.wait_for_reply()
    assert reply.plain_text == (
        "I have no documents from Cobros Ejemplo yet. For questions about payments or terms, "
        "write to atencion@example.com."
    )
