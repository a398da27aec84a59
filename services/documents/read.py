"""Reading the operator's documents (PDF, Markdown, plain text) into chunks: pure
functions, no database.

A chunk is about `CHUNK_WORDS` words and repeats the last `OVERLAP_WORDS` words of the
previous one, so a sentence cut at a boundary is still whole in one of them. Chunks never
span two PDF pages or two Markdown sections: each knows its page (PDF only, from 1) and
the nearest heading above it (Markdown `#` headings; in a PDF, a short line that looks
like a title).
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from services.documents.text import detect_language

CHUNK_WORDS = 250
OVERLAP_WORDS = 40
SUFFIXES = frozenset({".pdf", ".md", ".markdown", ".txt"})
HEADING_CHARACTERS = 512  # the column's size

_MARKDOWN_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")


class UnreadableDocument(Exception):
    """The file could not be read as its kind (a corrupt PDF, no text, not UTF-8...)."""


@dataclass(frozen=True)
class Chunk:
    ordinal: int
    page: int | None
    heading: str | None
    text: str


@dataclass(frozen=True)
class ReadDocument:
    title: str
    language: str | None
    pages: int  # 0 for Markdown and plain text: they have no pages
    chunks: tuple[Chunk, ...]


@dataclass(frozen=True)
class _Section:
    page: int | None
    heading: str | None
    text: str


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def is_document(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in SUFFIXES and not path.name.startswith(".")


def read_document(name: str, data: bytes) -> ReadDocument:
    """Chunks of a file's contents; `name` (with its suffix) says which kind it is."""
    suffix = Path(name).suffix.lower()
    if suffix == ".pdf":
        pages = pdf_pages(data)
        sections = pdf_sections(pages)
        title = _first_line("\n".join(pages)) or Path(name).stem
        page_count = len(pages)
    else:
        text = _decode(data)
        sections = markdown_sections(text) if suffix in {".md", ".markdown"} else []
        if not sections:
            sections = [_Section(None, None, text)]
        title = _markdown_title(text) or _first_line(text) or Path(name).stem
        page_count = 0
    chunks = chunk_sections(sections)
    if not chunks:
        raise UnreadableDocument("no text")
    language = detect_language(" ".join(chunk.text for chunk in chunks))
    return ReadDocument(title[:HEADING_CHARACTERS], language, page_count, tuple(chunks))


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page, in order."""
    try:
        from pypdf import PdfReader  # imported when a PDF is first read

        reader = PdfReader(io.BytesIO(data))
        return [page.extract_text() or "" for page in reader.pages]
    except Exception as error:  # pypdf raises many kinds for a damaged file
        raise UnreadableDocument(f"not a readable PDF: {error}") from error


def pdf_sections(pages: list[str]) -> list[_Section]:
    """Split pages at title-like lines; a heading carries over to the next page."""
    sections: list[_Section] = []
    heading: str | None = None
    for number, page_text in enumerate(pages, start=1):
        lines: list[str] = []
        for line in page_text.splitlines():
            if _looks_like_heading(line):
                if lines:
                    sections.append(_Section(number, heading, "\n".join(lines)))
                    lines = []
                heading = " ".join(line.split())
            else:
                lines.append(line)
        if lines:
            sections.append(_Section(number, heading, "\n".join(lines)))
    return sections


def markdown_sections(text: str) -> list[_Section]:
    """Split at `#` headings (outside code fences); the heading line stays in its text."""
    sections: list[_Section] = []
    heading: str | None = None
    lines: list[str] = []
    fenced = False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        match = None if fenced else _MARKDOWN_HEADING.match(line)
        if match:
            if any(part.strip() for part in lines):
                sections.append(_Section(None, heading, "\n".join(lines)))
            heading, lines = match.group(2).strip(), []
        lines.append(line)
    if any(part.strip() for part in lines):
        sections.append(_Section(None, heading, "\n".join(lines)))
    return sections


def chunk_sections(
    sections: list[_Section], *, size: int = CHUNK_WORDS, overlap: int = OVERLAP_WORDS
) -> list[Chunk]:
    chunks: list[Chunk] = []
    for section in sections:
        heading = section.heading[:HEADING_CHARACTERS] if section.heading else None
        for text in chunk_words(section.text, size=size, overlap=overlap):
            chunks.append(Chunk(len(chunks), section.page, heading, text))
    return chunks


def chunk_words(text: str, *, size: int = CHUNK_WORDS, overlap: int = OVERLAP_WORDS) -> list[str]:
    """Windows of `size` words, each starting `size - overlap` words after the previous.

    A last window shorter than the overlap would only repeat words, so it is dropped.
    """
    words = text.split()
    if not words:
        return []
    step = size - overlap
    windows = []
    for start in range(0, len(words), step):
        windows.append(" ".join(words[start : start + size]))
        if start + size >= len(words):
            break
    return windows


def _looks_like_heading(line: str) -> bool:
    """A short line, starting with a capital or a number, not ending like a sentence."""
    stripped = line.strip()
    words = stripped.split()
    return (
        0 < len(words) <= 9
        and len(stripped) <= 70
        and (stripped[0].isupper() or stripped[0].isdigit())
        and stripped[-1] not in ".,;:"
        and not stripped[-1].isdigit()
    )


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableDocument("not UTF-8 text") from error


def _markdown_title(text: str) -> str | None:
    for line in text.splitlines():
        match = _MARKDOWN_HEADING.match(line)
        if match and len(match.group(1)) == 1:
            return match.group(2).strip()
    return None


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        if line.strip():
            return " ".join(line.split())
    return None
