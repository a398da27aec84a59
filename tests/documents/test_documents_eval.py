"""How often the shipped documents answer a real question in the top three passages.

Each question names the file (and, for a PDF, the page) that answers it. Recall@3 must
stay at 0.9 or above; run with `-s` to see the figure and the misses.
"""

from __future__ import annotations

import pytest

from services.documents.ingest import document_files
from services.documents.read import read_document
from services.documents.search import ChunkRecord, DocumentIndex
from tests.support.documents import SHIPPED

PDF = "condiciones-generales.pdf"
ENGLISH_PDF = "general-terms.pdf"
MINIMUM_RECALL = 0.9

# (question, file, page or None)
QUESTIONS = [
    # Spanish
    ("¿Cuál es la cuota mínima de un plan de pago?", "planes-de-pago.md", None),
    ("¿Cuántos meses como máximo puedo aplazar la deuda?", "planes-de-pago.md", None),
    ("¿Cuánto descuento me hacen si pago todo de una vez?", "planes-de-pago.md", None),
    ("¿Qué pasa si no pago una cuota del plan?", "planes-de-pago.md", None),
    ("¿Puedo pagar con Bizum?", "metodos-de-pago.md", None),
    ("número de cuenta para hacer una transferencia", "metodos-de-pago.md", None),
    ("no tengo cuenta bancaria, ¿puedo pagar en efectivo?", "metodos-de-pago.md", None),
    ("me han devuelto el recibo domiciliado", "metodos-de-pago.md", None),
    ("he perdido el trabajo y no puedo pagar", "dificultades-economicas.md", None),
    ("¿Puedo pausar los pagos por una baja médica?", "dificultades-economicas.md", None),
    ("asociaciones de consumidores ayuda gratuita", "dificultades-economicas.md", None),
    ("¿Cuánto tiempo guardáis mis datos?", "aviso-de-privacidad.md", None),
    ("¿Cómo pido que borren mis datos?", "aviso-de-privacidad.md", None),
    ("¿Quién es el responsable del tratamiento de mis datos?", "aviso-de-privacidad.md", None),
    ("No reconozco esta deuda", "preguntas-frecuentes.md", None),
    ("¿Me sacaréis del fichero de morosos?", "preguntas-frecuentes.md", None),
    ("¿Cómo sé que el bot es oficial y no una estafa?", "preguntas-frecuentes.md", None),
    ("¿Cuántas veces por semana me pueden llamar?", PDF, 1),
    ("¿Me enviaréis una carta con el origen de la deuda?", PDF, 1),
    ("¿Cómo comprobáis mi identidad con el DNI?", PDF, 1),
    ("intereses de demora máximos", PDF, 2),
    ("¿Me cobráis gastos de gestión u honorarios?", PDF, 2),
    ("¿Mi deuda ha prescrito después de cinco años?", PDF, 2),
    ("¿Dónde presento una reclamación? Banco de España", PDF, 3),
    ("mi padre ha fallecido, ¿tienen que pagar los herederos?", PDF, 3),
    ("¿Qué pasa si venden mi deuda a otra empresa?", PDF, 3),
    # English
    ("What is the minimum monthly installment?", "payment-plans.md", None),
    ("How long is a settlement offer valid?", "payment-plans.md", None),
    ("When do I get a paid-in-full letter?", "payment-plans.md", None),
    ("Can I pay by card?", "payment-methods.md", None),
    ("Do you charge fees for paying?", "payment-methods.md", None),
    ("Can I pay in cash at the post office?", "payment-methods.md", None),
    ("I lost my job and can't pay, can I take a break?", "hardship.md", None),
    ("I am disabled and elderly, is there priority treatment?", "hardship.md", None),
    ("How long do you keep conversations with the assistant?", "privacy-notice.md", None),
    ("Do you use my messages to train AI models?", "privacy-notice.md", None),
    ("How do I complain to the data protection agency?", "privacy-notice.md", None),
    ("I don't recognise this debt", "faq.md", None),
    ("Can I pay off the balance early?", "faq.md", None),
    ("At what times will you call me?", "faq.md", None),
    ("Will paying remove me from the credit reference file?", "faq.md", None),
    ("How many times a week can you contact me?", ENGLISH_PDF, 1),
    ("Will you tell my family or neighbours about my debt?", ENGLISH_PDF, 1),
    ("Can I get a copy of the original contract?", ENGLISH_PDF, 1),
    ("How do you verify my identity before discussing my debt?", ENGLISH_PDF, 1),
    ("What is the maximum late-payment interest you can charge?", ENGLISH_PDF, 2),
    ("Someone is asking me for handling fees, do I have to pay them?", ENGLISH_PDF, 2),
    ("What happens if I miss two installments in a row?", ENGLISH_PDF, 2),
    ("What if I can't complete the settlement payment on time?", ENGLISH_PDF, 2),
    ("Is my debt time-barred after five years?", ENGLISH_PDF, 2),
    ("How do I complain to the Bank of Spain?", ENGLISH_PDF, 3),
    ("My father died, do his heirs have to pay the debt?", ENGLISH_PDF, 3),
    ("My debt was sold to another company, is my payment plan still valid?", ENGLISH_PDF, 3),
    ("Which courts handle a dispute?", ENGLISH_PDF, 3),
]


@pytest.fixture(scope="module")
def shipped_index() -> DocumentIndex:
    records = []
    for name, path in document_files(SHIPPED).items():
        read = read_document(name, path.read_bytes())
        records += [
            ChunkRecord(name, chunk.page, chunk.heading, chunk.text, read.language)
            for chunk in read.chunks
        ]
    return DocumentIndex(records)


def test_the_evaluation_covers_both_languages_and_every_document():
    assert len(QUESTIONS) >= 30
    assert {file for _, file, _ in QUESTIONS} == set(document_files(SHIPPED))


def test_recall_at_three_over_the_shipped_documents(shipped_index):
    misses = []
    for question, file, page in QUESTIONS:
        found = [(hit.file, hit.page) for hit in shipped_index.search(question, k=3)]
        if not any(hit == file and (page is None or hit_page == page) for hit, hit_page in found):
            misses.append((question, file, page, found))
    recall = 1 - len(misses) / len(QUESTIONS)
    print(f"documents recall@3: {recall:.3f} ({len(QUESTIONS) - len(misses)}/{len(QUESTIONS)})")
    for miss in misses:
        print("  missed:", miss)
    assert recall >= MINIMUM_RECALL
