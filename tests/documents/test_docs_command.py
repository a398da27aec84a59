"""/docs lists what the bot can answer from, in the user's language first; a file that
cannot be read is left out at start-up and named by `finbot index-documents`."""

from __future__ import annotations

import shutil

import pytest

from tests.support.chat import answer
from tests.support.documents import SHIPPED, reindex


@pytest.fixture
def documents_dir(tmp_path):
    target = tmp_path / "operator-documents"
    shutil.copytree(SHIPPED, target)
    (target / "circular-rota.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n%%EOF")
    return target


@pytest.fixture
def bot_settings(bot_settings, documents_dir):
    return bot_settings.model_copy(update={"documents_dir": documents_dir})


async def test_docs_in_spanish_lists_the_spanish_documents_first_with_their_pages(
    finbot, fake_telegram
):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    listing = await answer(ana, "/docs")

    own, others = listing.split("En otros idiomas:")
    assert "Documentos de Cobros Ejemplo" in own
    assert "Condiciones generales de gestión de cobro (condiciones-generales.pdf, 3 págs.)" in own
    assert "Métodos de pago (metodos-de-pago.md)" in own
    assert "Payment methods (payment-methods.md)" in others
    assert "Métodos de pago" not in others
    assert "Pregúntame con tus palabras" in others  # the closing line


async def test_docs_in_english_lists_the_english_documents_first(finbot, fake_telegram):
    sam = fake_telegram.user(first_name="Sam", language_code="en")
    listing = await answer(sam, "/docs")

    own, others = listing.split("In other languages:")
    assert "Cobros Ejemplo's documents" in own
    assert "Privacy notice (privacy-notice.md)" in own
    assert "Aviso de privacidad (aviso-de-privacidad.md)" in others


async def test_a_corrupt_pdf_is_skipped_at_start_up_and_named_by_the_index_command(
    finbot, fake_telegram, bot_settings, documents_dir, capsys
):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    listing = await answer(ana, "/docs")
    assert "circular-rota.pdf" not in listing
    assert "metodos-de-pago.md" in listing  # the rest is indexed

    assert await reindex(bot_settings, documents_dir) == 1
    out, err = capsys.readouterr()
    assert "0 indexed" in out and "1 unreadable" in out
    assert "circular-rota.pdf could not be read and was skipped" in err
