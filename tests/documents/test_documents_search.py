"""Searching documents: accents and word endings do not matter, the best passage wins."""

from __future__ import annotations

from pathlib import Path

from services.documents.read import chunk_words, markdown_sections, read_document
from services.documents.search import ChunkRecord, DocumentIndex
from services.documents.text import detect_language, document_terms, fold, query_terms, words

SAMPLES = Path(__file__).resolve().parent / "samples"


def index_of(*files: Path) -> DocumentIndex:
    records = []
    for path in files:
        read = read_document(path.name, path.read_bytes())
        records += [
            ChunkRecord(path.name, chunk.page, chunk.heading, chunk.text, read.language)
            for chunk in read.chunks
        ]
    return DocumentIndex(records)


def test_accents_and_case_are_folded():
    assert fold("Gáldar GALDAR año Pingüino") == "galdar galdar ano pinguino"
    assert words("¿Cuándo PAGUÉ la cuota?") == ["pague", "cuota"]  # "cuando": a stopword


def test_stopwords_of_both_languages_are_left_out():
    assert words("the payment of la deuda") == ["payment", "deuda"]


def test_plural_and_singular_meet_in_each_language():
    assert document_terms("Domingos y festivos", "es") == document_terms("domingo festivo", "es")
    assert document_terms("payments settled", "en") == document_terms("payment settle", "en")
    assert set(document_terms("domingos", "es")) <= set(query_terms("domingo"))
    assert set(document_terms("payments", "en")) <= set(query_terms("payment"))


def test_the_language_of_a_text_is_guessed_from_its_common_words():
    assert detect_language("Si no puedes pagar la cuota, avísanos antes de la fecha") == "es"
    assert detect_language("If you cannot pay an installment, tell us before it is due") == "en"
    assert detect_language("12345") is None


def test_a_bus_question_without_accents_finds_the_sunday_timetable():
    index = DocumentIndex(
        [
            ChunkRecord("otro.txt", None, None, "Horario de oficinas: lunes a viernes.", "es"),
            *(
                ChunkRecord(path.name, None, None, path.read_text(), "es")
                for path in SAMPLES.glob("*.txt")
            ),
        ]
    )
    hits = index.search("guagua Gáldar domingo")
    assert hits
    assert hits[0].file == "guaguas-galdar.txt"
    assert "GALDAR" in hits[0].text
    assert "Domingos y festivos" in hits[0].text


def test_the_passage_about_the_question_ranks_first():
    index = DocumentIndex(
        [
            ChunkRecord("a.md", None, "Bizum", "Pay with Bizum up to 1,000 euros.", "en"),
            ChunkRecord("b.md", None, "Cash", "Pay in cash at a post office.", "en"),
            ChunkRecord("c.md", None, "Privacy", "We keep your data for six years.", "en"),
        ]
    )
    assert [hit.file for hit in index.search("how long do you keep my data?")][:1] == ["c.md"]
    assert index.search("cash post office")[0].heading == "Cash"
    assert all(hit.score > 0 for hit in index.search("pay", k=3))


def test_a_question_about_nothing_indexed_finds_nothing():
    index = DocumentIndex([ChunkRecord("a.md", None, None, "Pay with Bizum.", "en")])
    assert index.search("") == []
    assert index.search("the and of la de") == []
    assert index.search("weather tomorrow in Paris") == []
    assert DocumentIndex([]).search("Bizum") == []


def test_chunks_overlap_and_cover_every_word():
    text = " ".join(f"w{number}" for number in range(600))
    windows = chunk_words(text, size=250, overlap=40)
    assert [len(window.split()) for window in windows] == [250, 250, 180]
    assert windows[1].split()[:40] == windows[0].split()[-40:]
    assert windows[-1].split()[-1] == "w599"


def test_markdown_chunks_know_their_heading():
    sections = markdown_sections("# Title\nintro\n## Cash\nPay in cash.\n```\n# not a heading\n```")
    assert [section.heading for section in sections] == ["Title", "Cash"]
    assert "# not a heading" in sections[1].text


def test_a_pdf_chunk_knows_its_page_and_article(tmp_path):
    from tests.documents.make_sample_pdf import write_pdf

    target = tmp_path / "two.pdf"
    write_pdf(
        ["Artículo 1. Objeto\nTexto de la primera página.", "Segunda página, sin título."], target
    )
    read = read_document("two.pdf", target.read_bytes())
    assert read.pages == 2
    assert [(chunk.page, chunk.heading) for chunk in read.chunks] == [
        (1, "Artículo 1. Objeto"),
        (2, "Artículo 1. Objeto"),
    ]
