"""The assistant's tool for the operator's own documents (conditions, FAQ, privacy...):
it searches the index the bot loaded at start-up and returns the best passages, with
where they come from, so the model answers from them and can say so."""

from __future__ import annotations

from pydantic import Field

from services.assistant.tooling import Tool, ToolArguments, ToolEnv, ToolOutcome, error_output
from services.documents.search import DocumentIndex

PASSAGES = 3
PASSAGE_CHARACTERS = 700
QUERY_CHARACTERS = 300


class SearchDocumentsArguments(ToolArguments):
    query: str = Field(
        description=(
            "Keywords to look for in the operator's documents, in the user's language, e.g. "
            "'quita pago único plazo' or 'hardship pause payments'."
        )
    )


def _trimmed(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= PASSAGE_CHARACTERS:
        return text
    return text[: PASSAGE_CHARACTERS - 1].rsplit(" ", 1)[0] + "…"


async def _search_documents(env: ToolEnv, arguments: SearchDocumentsArguments) -> ToolOutcome:
    index = env.services.get("documents")
    if not isinstance(index, DocumentIndex):
        return ToolOutcome(error_output("documents_unavailable"))
    hits = index.search(arguments.query[:QUERY_CHARACTERS], k=PASSAGES)
    if not hits:
        return ToolOutcome({"results": [], "note": "nothing relevant found"})
    results = [
        {
            "file": hit.file,
            "page": hit.page,
            "heading": hit.heading,
            "text": _trimmed(hit.text),
            "score": hit.score,
        }
        for hit in hits
    ]
    return ToolOutcome({"results": results})


SEARCH_DOCUMENTS = Tool(
    name="search_documents",
    description=(
        "Search the operator's own documents (general conditions, payment methods, payment "
        "plans and settlements, hardship help, privacy notice, FAQ) and get the best "
        "passages with file, page and heading. Answer only from what they say and cite the "
        "file; if nothing relevant is found, say so instead of guessing."
    ),
    arguments=SearchDocumentsArguments,
    run=_search_documents,
)
