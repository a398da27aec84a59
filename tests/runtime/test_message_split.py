import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.render.html import html_to_plain, markdown_to_html, visible_length
from bot.render.split import split_html
from tests.support.telegram_html import MARKDOWNISH, assert_valid_telegram_html


def _sentences(count: int) -> str:
    return " ".join(f"Sentence number {n} talks about the installment plan." for n in range(count))


def _without_whitespace(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_message_within_limit_is_returned_unchanged():
    html = "<b>Hi</b> &amp; " + "x" * 4000
    assert split_html(html) == [html]


def test_paragraphs_are_kept_whole():
    paragraphs = [f"Paragraph {n}. " + "word " * 90 for n in range(22)]
    html = "\n\n".join(p.strip() for p in paragraphs)
    assert len(html) > 10_000

    parts = split_html(html)

    assert len(parts) == 3
    for part in parts:
        assert visible_length(part) <= 4096
        assert all(p.strip() in html.split("\n\n") for p in part.split("\n\n"))
    assert "\n\n".join(parts) == html


def test_long_paragraph_is_cut_at_sentence_ends():
    html = _sentences(170)
    assert 8_500 < len(html) < 9_500

    parts = split_html(html)

    assert len(parts) == 3
    assert all(part.endswith("plan.") and part.startswith("Sentence") for part in parts)
    assert " ".join(parts) == html


def test_words_are_not_cut_when_there_is_no_sentence_end():
    parts = split_html("lorem " * 100, limit=50)
    assert all(set(part.split()) == {"lorem"} for part in parts)


def test_long_code_block_is_reopened_in_every_part():
    code = "\n".join(f"    total += installment_{n}  # &lt;due&gt;" for n in range(300))
    html = f'<pre><code class="language-python">{code}</code></pre>'

    parts = split_html(html)

    assert len(parts) > 1
    for part in parts:
        assert part.startswith('<pre><code class="language-python">    total')
        assert part.endswith("&lt;due&gt;</code></pre>")
        assert_valid_telegram_html(part)
        assert visible_length(part) <= 4096


def test_bold_text_cut_in_the_middle_stays_bold_in_both_parts():
    parts = split_html("<b>" + "debt " * 30 + "</b>", limit=60)
    assert len(parts) > 1
    assert all(re.fullmatch(r"<b>(debt ?)+</b>", part) for part in parts)


def test_emoji_count_as_two_units_and_are_never_broken():
    parts = split_html("😀" * 3000)
    assert [visible_length(part) for part in parts] == [4096, 6000 - 4096]
    assert "".join(parts) == "😀" * 3000


def test_entities_and_tags_are_never_cut():
    parts = split_html('&amp;<a href="https://x.example">&lt;</a>' * 200, limit=51)
    for part in parts:
        assert_valid_telegram_html(part)
        assert visible_length(part) <= 51
    assert "".join(html_to_plain(part) for part in parts) == "&<" * 200


def test_blank_message_gives_no_parts():
    assert split_html(" <b> </b>\n") == []


def test_tiny_limit_is_rejected():
    with pytest.raises(ValueError):
        split_html("abc", limit=1)


@given(MARKDOWNISH, st.integers(min_value=50, max_value=200))
def test_split_parts_are_balanced_within_limit_and_lose_no_text(markdown, limit):
    html = markdown_to_html(markdown * 3)

    parts = split_html(html, limit=limit)

    for part in parts:
        assert_valid_telegram_html(part)
        assert 0 < visible_length(part) <= limit
        assert part == part.strip()
    joined = "".join(html_to_plain(part) for part in parts)
    assert _without_whitespace(joined) == _without_whitespace(html_to_plain(html))
