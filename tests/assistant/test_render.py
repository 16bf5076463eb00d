"""The one Markdown escaper (:func:`assistant.render.escape_markdown`), shared by the Streamlit
UI and the Markdown export: text is shown literally, and ordinary prose stays readable."""

from __future__ import annotations

import html
import re

import pytest
from markdown_it import MarkdownIt

import ui.format
from assistant.render import escape_line, escape_markdown

_GFM = MarkdownIt("commonmark").enable(["table", "strikethrough"])

LITERAL = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "**bold** _it_ `code` ~~s~~ # heading\n- item\n1. item\n> quote\n---\n| a | b |",
    "[click](javascript:alert(1)) ![x](http://x/y.png) <http://evil>",
    "- item\n+ plus\n* star\n1. one\n2) two\n> quote\n---\n===\n| a | b |\n|---|---|",
    "$x^2$ :red[colour] :material/home: &amp; &lt;b&gt; \\*",
    "Mother’s “partner” said: 50% & <b>not</b> {x}",
    "  7. indented number\n\t- tabbed bullet",
]


@pytest.mark.parametrize("text", LITERAL)
def test_escaped_text_renders_as_written(text: str) -> None:
    rendered = _GFM.render(escape_markdown(text))
    for tag in ("<script", "<img", "<a ", "<b>", "<strong", "<em", "<code", "<h1", "<ul", "<ol"):
        assert tag not in rendered
    for tag in ("<blockquote", "<hr", "<table", "<s>", "<del", "<h2", "<pre"):
        assert tag not in rendered
    # Only paragraphs and line breaks are markup; the words read exactly as written.
    assert set(re.findall(r"<[^>]+>", rendered)) <= {"<p>", "</p>", "<br />"}
    shown = html.unescape(re.sub(r"<[^>]+>", " ", rendered))
    assert shown.split() == text.split()


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        # Streamlit's directives and math cannot start.
        (":red[x] :blue-background[y]", "\\:red\\[x\\] \\:blue-background\\[y\\]"),
        ("a text :directive here", "a text \\:directive here"),
        ("$5 and $6", "\\$5 and \\$6"),
        # Prose punctuation stays as it is.
        ("Key learning: the GP's (and school's) view, 10:30, 50%?", None),
        ("e.g. a.m. at www.nspcc.org.uk or https://x.org, duty@x.org", None),
    ],
)
def test_escapes_only_what_starts_markup(text: str, escaped: str | None) -> None:
    assert escape_markdown(text) == (text if escaped is None else escaped)


def test_line_starts_cannot_open_a_list_or_heading_rule() -> None:
    assert escape_markdown("1. first\n- second's.\n  + third\n2) fourth") == (
        "1\\. first\n\\- second's.\n  \\+ third\n2\\) fourth"
    )
    assert escape_markdown("In 2015-16 (a) 3.5") == "In 2015-16 (a) 3.5"


def test_the_ui_and_the_export_share_one_escaper() -> None:
    assert ui.format.escape_markdown is escape_markdown
    assert ui.format.escape_line is escape_line
    assert escape_line("two\n  lines  *x*") == "two lines \\*x\\*"
