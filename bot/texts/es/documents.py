"""Texts of the documents feature (es): /docs."""

TEXTS: dict[str, str] = {
    "docs_title": "📚 <b>Documentos de {operator}</b>",
    "docs_intro": (
        "Puedo responderte con lo que dicen estos documentos. Pregúntame con tus palabras, "
        "por ejemplo: «¿Cómo puedo pagar?» o «¿Qué pasa si no puedo pagar una cuota?»"
    ),
    "docs_item": "• <b>{title}</b> (<i>{file}</i>)",
    "docs_item_pages": "• <b>{title}</b> (<i>{file}</i>, {pages} págs.)",
    "docs_item_one_page": "• <b>{title}</b> (<i>{file}</i>, 1 pág.)",
    "docs_other_languages": "En otros idiomas:",
    "docs_none": (
        "Aún no tengo documentos de {operator}. Para cualquier duda sobre pagos o "
        "condiciones, escribe a {contact}."
    ),
    "command_docs": "Documentos que conozco",
}
