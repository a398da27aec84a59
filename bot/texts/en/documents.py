"""Texts of the documents feature (en): /docs."""

TEXTS: dict[str, str] = {
    "docs_title": "📚 <b>{operator}'s documents</b>",
    "docs_intro": (
        "I can answer from what these documents say. Ask me in your own words, for example: "
        "“How can I pay?” or “What happens if I can't pay an installment?”"
    ),
    "docs_item": "• <b>{title}</b> (<i>{file}</i>)",
    "docs_item_pages": "• <b>{title}</b> (<i>{file}</i>, {pages} pages)",
    "docs_item_one_page": "• <b>{title}</b> (<i>{file}</i>, 1 page)",
    "docs_other_languages": "In other languages:",
    "docs_none": (
        "I have no documents from {operator} yet. For questions about payments or terms, "
        "write to {contact}."
    ),
    "command_docs": "Documents I know",
}
