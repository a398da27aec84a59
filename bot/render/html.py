"""A model's Markdown reply as the HTML subset Telegram accepts.

See https://core.telegram.org/bots/api#html-style. The output is always balanced,
even for unfinished Markdown, so it also serves for streamed partial drafts.

The model's words are untrusted: a link stays a link only when it is `http(s)` to one of
the operator's own hosts (`link_hosts`, subdomains included). Any other link is shown as
its text followed by its address in plain text, so nothing hides behind friendly words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from contextvars import ContextVar
from html import escape, unescape

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

_PARSER = MarkdownIt("commonmark", {"html": False}).enable(["strikethrough", "table"])
# Every link is parsed so that an unsafe one still shows its text and address; _allowed_url
# decides which stay links.
_PARSER.validateLink = lambda url: True
_HTTP_URL = re.compile(
    r"https?://(?P<host>[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)(?::\d{1,5})?(?:[/?#][^\s\\<>\"]*)?",
    re.IGNORECASE,
)
_SCHEMES = ("https://", "http://", "mailto:", "tg://")
_LINK_HOSTS: ContextVar[frozenset[str]] = ContextVar("link_hosts", default=frozenset())
_INLINE_TAGS = {"strong": "b", "em": "i", "s": "s"}
_TAG = re.compile(r"<[^>]*>")


def markdown_to_html(text: str, *, link_hosts: Iterable[str] = ()) -> str:
    """Telegram HTML for Markdown `text`; raw HTML in the input comes out as text, and only
    links to `link_hosts` (the operator's domains, subdomains included) stay links."""
    root = SyntaxTreeNode(_PARSER.parse(text))
    token = _LINK_HOSTS.set(frozenset(host.lower() for host in link_hosts))
    try:
        return _blocks(root.children, depth=0, quoted=False).strip()
    finally:
        _LINK_HOSTS.reset(token)


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


def _allowed_url(url: str | None, hosts: frozenset[str]) -> bool:
    """Whether `url` is http(s) to one of `hosts` or their subdomains. Anything unusual
    (user info, backslashes, non-ASCII or odd characters in the host) is not."""
    match = _HTTP_URL.fullmatch(url or "")
    if match is None:
        return False
    host = match.group("host").lower()
    return any(host == allowed or host.endswith(f".{allowed}") for allowed in hosts)


def _without_scheme(url: str) -> str:
    lowered = url.lower()
    for scheme in _SCHEMES:
        if lowered.startswith(scheme):
            return url[len(scheme) :]
    return url


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
    href = str(url).strip() if url is not None else ""
    if in_link or not href:
        return text
    if _allowed_url(href, _LINK_HOSTS.get()):
        return f'<a href="{_escape_attribute(href)}">{text or _escape(href)}</a>'
    if not href.lower().startswith(_SCHEMES):
        return text  # javascript:, relative paths...: nothing anyone could open
    shown = html_to_plain(text).strip()
    if shown in ("", href, _without_scheme(href)):
        return _escape(href) if not shown else text
    return f"{text} ({_escape(href)})"
