"""Splitting Telegram HTML into messages within Telegram's length limit."""

from __future__ import annotations

import re
from html import unescape

from bot.render.html import html_to_plain, visible_length

_ATOM = re.compile(r"<[^>]*>|&(?:#\d+|#[xX][0-9a-fA-F]+|\w+);|[^<&]|[<&]")
_TAG_NAME = re.compile(r"</?([a-zA-Z][\w-]*)")
_BOUNDARIES = (
    re.compile(r"\n\n"),
    re.compile(r"\n"),
    re.compile(r"[.!?…][\"')\]»”]*\s|[。！？]"),
    re.compile(r"\s"),
)
_EMPTY_ELEMENT = re.compile(r"<([a-zA-Z][\w-]*)(?:\s[^>]*)?></\1>")
_LEADING_SPACE = re.compile(r"^((?:<[^>]*>)*)(\s+)")
_TRAILING_SPACE = re.compile(r"\s+((?:<[^>]*>)*)$")


class _Atom:
    """A tag, an entity or one character: the smallest piece a split may not cut."""

    __slots__ = ("raw", "text", "units")

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.text = None if raw.startswith("<") and len(raw) > 1 else unescape(raw)
        self.units = len(self.text.encode("utf-16-le")) // 2 if self.text else 0


def split_html(html: str, limit: int = 4096) -> list[str]:
    """Balanced HTML parts, each at most `limit` visible UTF-16 units long.

    Cuts prefer paragraph, then line, sentence and word boundaries; formatting open
    at a cut is closed at the end of one part and reopened at the start of the next.
    A message with no visible text gives no parts.
    """
    if limit < 2:
        raise ValueError("limit must leave room for a character of two UTF-16 units")
    if not html_to_plain(html).strip():
        return []
    if visible_length(html) <= limit:
        return [html]
    atoms = [_Atom(match.group()) for match in _ATOM.finditer(html)]
    parts: list[str] = []
    open_tags: list[tuple[str, str]] = []
    start = 0
    while start < len(atoms):
        end = _cut(atoms, start, limit)
        reopened = "".join(raw for _, raw in open_tags)
        for atom in atoms[start:end]:
            _track(open_tags, atom)
        closed = "".join(f"</{name}>" for name, _ in reversed(open_tags))
        body = "".join(atom.raw for atom in atoms[start:end])
        part = _tidy(reopened + body + closed)
        if html_to_plain(part).strip():
            parts.append(part)
        start = end
    return parts


def _cut(atoms: list[_Atom], start: int, limit: int) -> int:
    """Index of the first atom of the next part."""
    window: list[str] = []
    owners: list[int] = []
    units = 0
    for index in range(start, len(atoms)):
        atom = atoms[index]
        if atom.text is None:
            continue
        if units + atom.units > limit:
            break
        units += atom.units
        window.append(atom.text)
        owners.append(index)
    else:
        return len(atoms)
    text = "".join(window)
    # Parts that would come out tiny are worse than a cut at a weaker boundary.
    shortest = len(text) // 4
    for boundary in _BOUNDARIES:
        ends = [match.end() for match in boundary.finditer(text) if match.end() > shortest]
        if ends:
            return owners[ends[-1] - 1] + 1
    return owners[-1] + 1 if owners else start + 1


def _track(open_tags: list[tuple[str, str]], atom: _Atom) -> None:
    if atom.text is not None:
        return
    name_match = _TAG_NAME.match(atom.raw)
    if not name_match:
        return
    name = name_match.group(1).lower()
    if not atom.raw.startswith("</"):
        open_tags.append((name, atom.raw))
    elif any(open_name == name for open_name, _ in open_tags):
        while open_tags.pop()[0] != name:
            pass


def _tidy(part: str) -> str:
    """Drops empty elements and whitespace at the part's edges, keeping code indentation."""
    while True:
        tidied = _EMPTY_ELEMENT.sub("", part)
        tidied = _TRAILING_SPACE.sub(r"\1", tidied)
        tidied = _LEADING_SPACE.sub(_keep_code_indentation, tidied)
        if tidied == part:
            return part
        part = tidied


def _keep_code_indentation(match: re.Match[str]) -> str:
    tags, space = match.groups()
    in_code = "<pre" in tags or "<code" in tags
    return tags + (space[space.rfind("\n") + 1 :] if in_code else "")
