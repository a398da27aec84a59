"""Markdown to Telegram HTML: the tags Telegram knows, escaped text, and plain text back."""

from hypothesis import given

from bot.render.html import html_to_plain, markdown_to_html, visible_length
from tests.support.telegram_html import MARKDOWNISH, assert_valid_telegram_html


def test_inline_formatting_becomes_telegram_tags():
    html = markdown_to_html("**bold** *em* _em_ ~~gone~~ `x < y`")
    assert html == "<b>bold</b> <i>em</i> <i>em</i> <s>gone</s> <code>x &lt; y</code>"


def test_fenced_code_keeps_its_language():
    html = markdown_to_html("```python\nif a < b:\n    pass\n```")
    assert html == '<pre><code class="language-python">if a &lt; b:\n    pass</code></pre>'


def test_indented_code_is_preformatted():
    assert markdown_to_html("    x = 1") == "<pre>x = 1</pre>"


def test_links_to_the_operators_hosts_keep_their_address():
    html = markdown_to_html(
        '[pay](https://bank.example/pay?a=1&b="2") [help](https://help.bank.example)',
        link_hosts=["bank.example"],
    )
    assert html == (
        '<a href="https://bank.example/pay?a=1&amp;b=%222%22">pay</a> '
        '<a href="https://help.bank.example">help</a>'
    )


def test_a_disguised_link_shows_its_address_as_plain_text():
    html = markdown_to_html(
        "[pasarela segura del banco](https://evil.example/pay) <https://evil.example/a> "
        "<mailto:help@bank.example> [ok](https://bank.example@evil.example/x)",
        link_hosts=["bank.example"],
    )
    assert html == (
        "pasarela segura del banco (https://evil.example/pay) https://evil.example/a "
        "mailto:help@bank.example ok (https://bank.example@evil.example/x)"
    )
    assert "<a" not in markdown_to_html("[pay](https://bank.example/pay)")  # none allowed


def test_look_alike_hosts_are_not_the_operators():
    for url in (
        "https://evilbank.example/",
        "https://bank.example.evil.example/",
        "https://bank.example:443\\@evil.example/",
        "http://xn--bnk-mna.example/",
    ):
        assert "<a" not in markdown_to_html(f"[pay](<{url}>)", link_hosts=["bank.example"]), url


def test_javascript_and_relative_links_show_only_their_text():
    assert markdown_to_html("[click](javascript:alert(1)) [here](/path)") == "click here"


def test_image_shows_alt_text_linked_to_the_picture():
    assert markdown_to_html("![chart](https://x.example/c.png)", link_hosts=["x.example"]) == (
        '<a href="https://x.example/c.png">chart</a>'
    )
    assert markdown_to_html("![chart](https://x.example/c.png)") == (
        "chart (https://x.example/c.png)"
    )


def test_headings_are_bold_lines_and_paragraphs_keep_a_blank_line():
    assert markdown_to_html("# Plan\nFirst.\n\n## Next\nSecond\nline") == (
        "<b>Plan</b>\n\nFirst.\n\n<b>Next</b>\n\nSecond\nline"
    )


def test_lists_get_bullets_numbers_and_indentation():
    markdown = "3. three\n4. four\n   - nested\n     - deeper\n\n- last"
    assert markdown_to_html(markdown) == ("3. three\n4. four\n  • nested\n    • deeper\n\n• last")


def test_blockquote_rule_and_table():
    markdown = "> careful\n\n---\n\n| Month | Amount |\n|---|---|\n| Jan | *10* |"
    assert markdown_to_html(markdown) == (
        "<blockquote>careful</blockquote>\n\n———\n\n<b>Month</b> | <b>Amount</b>\nJan | <i>10</i>"
    )


def test_nested_blockquotes_are_flattened():
    assert markdown_to_html("> a\n> > b") == "<blockquote>a\n\nb</blockquote>"


def test_raw_html_and_ampersands_are_escaped():
    html = markdown_to_html('<script>alert("x")</script>\n\nTom & Jerry <b>')
    assert html == '&lt;script&gt;alert("x")&lt;/script&gt;\n\nTom &amp; Jerry &lt;b&gt;'


def test_unfinished_markdown_stays_balanced():
    for draft in ("**bold without end", "*a **b", "[link](https://x", "```py\nprint(1", "> q\n- "):
        html = markdown_to_html(draft)
        assert_valid_telegram_html(html)
        assert html == html.strip()
    assert markdown_to_html("```py\nprint(1") == (
        '<pre><code class="language-py">print(1</code></pre>'
    )


def test_plain_text_and_visible_length_follow_telegram():
    html = '<b>Pay &amp; relax</b> <a href="https://x.example">😀</a>'
    assert html_to_plain(html) == "Pay & relax 😀"
    assert visible_length(html) == len("Pay & relax ") + 2


@given(MARKDOWNISH)
def test_any_markdown_gives_balanced_telegram_html(markdown):
    html = markdown_to_html(markdown)
    assert_valid_telegram_html(html)
    assert html == html.strip()
