"""Valid Telegram HTML, checked; and markdown-ish text to feed the converters (hypothesis)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import strategies as st

ALLOWED_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del",
    "span", "tg-spoiler", "a", "code", "pre", "blockquote",
}  # fmt: skip

MARKDOWNISH = st.text(
    alphabet=st.sampled_from([*"*_`[]()~#>-|!.:/ \n1", *"abcxyz", "<", "&", "😀", "ñ"]),
    max_size=400,
)


class _TagChecker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open_tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        assert tag in ALLOWED_TAGS, tag
        self.open_tags.append(tag)

    def handle_endtag(self, tag):
        assert self.open_tags and self.open_tags.pop() == tag, f"unbalanced </{tag}>"


def assert_valid_telegram_html(html: str) -> None:
    """Only Telegram's tags, properly nested and closed; no stray `<`, `>` or `&`."""
    checker = _TagChecker()
    checker.feed(html)
    checker.close()
    assert checker.open_tags == []
    text = re.sub(r"<[^>]*>", "", html)
    assert "<" not in text and ">" not in text
    assert re.fullmatch(r"(?:[^&]|&(?:amp|lt|gt|quot);)*", text, re.DOTALL)
