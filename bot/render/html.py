"""A model's Markdown reply as the HTML subset Telegram accepts.

See https://core.telegram.org/bots/api#html-style. The output is always balanced,
even for unfinished Markdown, so it also serves for streamed partial drafts.
"""

from __future__ import annotations

import re
from html import escape, unescape

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

_PARSER = MarkdownIt("commonmark", {"html": False}).enable(["strikethrough", "table"])
# Every link is parsed so that an unsafe one still shows its text; _is_safe_url decides.
_PARSER.validateLink = lambda url: True
_SAFE_URL_PREFIXES = ("http://", "https://", "tg://", "mailto:")
_INLINE_TAGS = {"strong": "b", "em": "i", "s": "s"}
_TAG = re.compile(r"<[^>]*>")


def markdown_to_html(text: str) -> str:
    """Telegram HTML for Markdown `text`; raw HTML in the input comes out as text."""
    root = SyntaxTreeNode(_PARSER.parse(text))
    return _blocks(root.children, depth=0, quoted=False).strip()


def html_to_plain(html: str) -> str:
    """The visible text of Telegram HTML: tags dropped, entities unescaped."""
    return unescape(_TAG.sub("", html))


def visible_length(html: str) -> int:
    """Visible length of Telegram HTML in UTF-16 code units, as Telegram's limits count."""
    return len(html_to_plain(html).encode("utf-16-le")) // 2


def _escape(text: str) -> str:
    return escape(text, quote=False)


def _escape_attribute(value: str) -> str:
    return _escape(value).replace('"', "&quot;")


def _is_safe_url(url: str | None) -> bool:
    return bool(url) and url.lower().startswith(_SAFE_URL_PREFIXES)


def _blocks(nodes: list[SyntaxTreeNode], *, depth: int, quoted: bool, sep: str = "\n\n") -> str:
    rendered = (_block(node, depth=depth, quoted=quoted) for node in nodes)
    return sep.join(block for block in rendered if block)


def _block(node: SyntaxTreeNode, *, depth: int, quoted: bool) -> str:
    match node.type:
        case "paragraph":
            return _inline_of(node)
        case "heading":
            title = _inline_of(node)
            return f"<b>{title}</b>" if title else ""
        case "bullet_list" | "ordered_list":
            return _list(node, depth=depth, quoted=quoted)
        case "blockquote":
            inner = _blocks(node.children, depth=depth, quoted=True)
            # Telegram rejects nested blockquotes, so inner ones are flattened.
            return inner if quoted or not inner else f"<blockquote>{inner}</blockquote>"
        case "fence" | "code_block":
            return _code_block(node)
        case "hr":
            return "———"
        case "table":
            return _table(node)
        case "html_block":
            return _escape(node.content.strip())
        case _:
            return _blocks(node.children, depth=depth, quoted=quoted)


def _code_block(node: SyntaxTreeNode) -> str:
    code = _escape(node.content.rstrip("\n"))
    if not code.strip():
        return ""
    language = node.info.split()[0] if node.info.strip() else ""
    if language:
        return f'<pre><code class="language-{_escape_attribute(language)}">{code}</code></pre>'
    return f"<pre>{code}</pre>"


def _list(node: SyntaxTreeNode, *, depth: int, quoted: bool) -> str:
    ordered = node.type == "ordered_list"
    number = int(node.attrGet("start") or 1)
    lines = []
    for item in node.children:
        marker = f"{number}." if ordered else "•"
        number += 1
        body = _blocks(item.children, depth=depth + 1, quoted=quoted, sep="\n")
        lines.append(f"{'  ' * depth}{marker} {body}".rstrip())
    return "\n".join(lines)


def _table(node: SyntaxTreeNode) -> str:
    rows = []
    for section in node.children:
        for row in section.children:
            cells = [_inline_of(cell) for cell in row.children]
            if section.type == "thead":
                cells = [f"<b>{cell}</b>" if cell else "" for cell in cells]
            rows.append(" | ".join(cells))
    return "\n".join(rows)


def _inline_of(node: SyntaxTreeNode) -> str:
    return "".join(_spans(child.children) for child in node.children if child.type == "inline")


def _spans(nodes: list[SyntaxTreeNode], *, in_link: bool = False) -> str:
    return "".join(_span(node, in_link=in_link) for node in nodes)


def _span(node: SyntaxTreeNode, *, in_link: bool) -> str:
    match node.type:
        case "text" | "html_inline":
            return _escape(node.content)
        case "softbreak" | "hardbreak":
            return "\n"
        case "code_inline":
            # Telegram lets no other entity contain code, links included.
            return _escape(node.content) if in_link else f"<code>{_escape(node.content)}</code>"
        case "strong" | "em" | "s":
            inner = _spans(node.children, in_link=in_link)
            tag = _INLINE_TAGS[node.type]
            return f"<{tag}>{inner}</{tag}>" if inner else ""
        case "link":
            return _link(node.attrGet("href"), _spans(node.children, in_link=True), in_link)
        case "image":
            return _link(node.attrGet("src"), _spans(node.children, in_link=True), in_link)
        case _:
            return _spans(node.children, in_link=in_link) or _escape(node.content)


def _link(url: str | float | None, text: str, in_link: bool) -> str:
    href = str(url) if url is not None else None
    if in_link or not _is_safe_url(href):
        return text
    return f'<a href="{_escape_attribute(href)}">{text or _escape(href)}</a>'
