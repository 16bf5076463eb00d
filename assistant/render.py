"""Render stage: an :class:`Answer` as terminal output or Markdown (never as HTML)."""

from __future__ import annotations

import re

from rich.console import Console
from rich.markup import escape

from core.models import Answer, Claim

_NOTICE_STYLE = {
    "escalation": "bold white on red",
    "privacy": "bold yellow",
    "fallback": "yellow",
    "abstention": "yellow",
    "disclaimer": "dim",
    "info": "cyan",
}
_ORDER = ("escalation", "privacy", "fallback", "abstention", "info", "disclaimer")
_AFTER_TEXT = ("abstention", "disclaimer")
"""Shown after the answer: what was searched comes after the plain statement that the
library does not answer (``none``), the disclaimer last."""
RELATED_HEADING = "Related learning (it does not answer the question as asked):"


def answer_body(answer: Answer) -> list[str]:
    """The answer's text in display order: for a ``related`` answer the plain statement of
    what the reviews do not state, then the related learning under a heading saying so."""
    if answer.answer_type == "related" and answer.statement:
        return [answer.statement, RELATED_HEADING, answer.text]
    return [answer.text]


_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# Characters that open Markdown syntax anywhere in a line: CommonMark (emphasis, code, links,
# images, entities, HTML), GFM (tables, strikethrough, task lists) and Streamlit's additions
# (math ``$``; ``:colour[...]`` directives and ``:name`` text directives: a colon before a
# letter). Ordinary prose punctuation (. , ' " ? ; ( ) % and a colon before a space or digit)
# stays as it is, so an export reads naturally; it only forms syntax after a character
# escaped here or at a line's start (handled below).
#
# Not markup, and not stoppable by escaping: Streamlit (and GFM viewers) turn a bare URL,
# ``www.`` address or e-mail address into a link, and Streamlit shows ``:smile:`` and
# ``:material/...:`` shortcodes as emoji and icons, on the text after parsing (checked in
# Chromium). The words stay the document's own.
_INLINE = frozenset("\\`*_[]{}#|~$!")
_DIRECTIVE = re.compile(r":(?=[A-Za-z])")
_LINE_START_RE = re.compile(r"^([ \t]*)(\d*)([-+=.)])", re.M)
_BULLET_RE = re.compile(r"^(\s*[-*•]\s+)")


def escape_markdown(text: str) -> str:
    """``text`` shown literally, never as markup or HTML, by any CommonMark/GFM viewer and
    by Streamlit's Markdown (the one escaper of the UI and the Markdown export).

    ``&``, ``<`` and ``>`` become entities (never tags); the characters that open inline
    syntax are backslash-escaped (also ``:`` before a letter, which starts a Streamlit
    directive); a line may not start a list, heading rule or numbered item. Line breaks are
    kept.
    """
    out: list[str] = []
    for char in text:
        if char in _ENTITIES:
            out.append(_ENTITIES[char])
        elif char in _INLINE:
            out.append("\\" + char)
        else:
            out.append(char)
    escaped = _DIRECTIVE.sub(r"\:", "".join(out))
    return _LINE_START_RE.sub(_escape_line_start, escaped)


def escape_line(text: str) -> str:
    """:func:`escape_markdown` for one-line places (labels, captions): newlines -> spaces."""
    return escape_markdown(re.sub(r"\s+", " ", text).strip())


def _escape_line_start(match: re.Match[str]) -> str:
    """``- x``/``1. x`` at a line start: escape the list punctuation (a list would start)."""
    digits, mark = match.group(2), match.group(3)
    if (digits and mark not in ".)") or (not digits and mark in ".)"):
        return match.group(0)
    return f"{match.group(1)}{digits}\\{mark}"


def answer_lines(answer: Answer) -> list[tuple[bool, str]]:
    """The answer's lines as ``(is a list item, text)``: its claims laid out (what is shown
    is what was checked), or its text's lines for an answer without claims (an
    abstention's plain statement)."""
    if not answer.claims:
        lines: list[tuple[bool, str]] = []
        for line in answer.text.splitlines():
            bullet = _BULLET_RE.match(line)
            lines.append((bool(bullet), line[bullet.end() :] if bullet else line))
        return lines
    grouped: dict[int, list[Claim]] = {}
    for claim in answer.claims:
        grouped.setdefault(claim.line, []).append(claim)
    return [
        (claims[0].bullet, " ".join(c.text for c in claims))
        for _, claims in sorted(grouped.items())
    ]


def _escape_answer_text(answer: Answer) -> str:
    """The answer's lines escaped, its list items as Markdown bullets."""
    return "\n".join(
        ("- " if bullet else "") + escape_markdown(text) for bullet, text in answer_lines(answer)
    )


def ordered_notices(answer: Answer) -> list[tuple[str, str]]:
    """Notices in display order: escalation first, the disclaimer last."""
    return sorted(((n.kind, n.text) for n in answer.notices), key=lambda n: _ORDER.index(n[0]))


def source_line(citation_marker: int, review: str, label: str, title: str, page: int | None) -> str:
    """``[n] review — learning point — document (p. N)``."""
    where = f", p. {page}" if page else ""
    return f"[{citation_marker}] {review} — {label} — {title}{where}"


def render_terminal(answer: Answer, console: Console) -> None:
    """Print an answer with notices first and the sources list after it."""
    for kind, text in ordered_notices(answer):
        if kind not in _AFTER_TEXT:
            console.print(escape(text), style=_NOTICE_STYLE[kind])
            console.print()
    body = answer_body(answer)
    for index, part in enumerate(body):
        console.print(escape(part), style="bold" if index == 0 and len(body) > 1 else None)
    for kind, text in ordered_notices(answer):
        if kind == "abstention":
            console.print()
            console.print(escape(text), style=_NOTICE_STYLE[kind])
    if answer.citations:
        console.print("\n[bold]Sources[/bold]")
        for c in answer.citations:
            console.print(
                escape(
                    source_line(
                        c.marker,
                        c.chunk.review,
                        c.chunk.learning_point,
                        c.chunk.doc_title,
                        c.chunk.page,
                    )
                )
            )
            console.print(f"    “{escape(c.quote)}”", style="dim")
            for notice in c.currency:
                console.print(f"    {escape(notice.text)}", style="magenta")
    for kind, text in ordered_notices(answer):
        if kind == "disclaimer":
            console.print(f"\n{escape(text)}", style=_NOTICE_STYLE[kind])


def to_markdown(answer: Answer) -> str:
    """The answer, its notices and sources as Markdown (for exports). Every piece of document
    or user text is escaped, so it reads exactly as written and never as Markdown or HTML."""
    parts: list[str] = []
    for kind, text in ordered_notices(answer):
        if kind not in _AFTER_TEXT:
            parts.append(f"> **{kind.capitalize()}:** {escape_markdown(text)}")
    body = answer_body(answer)
    if len(body) > 1:
        parts += [f"**{escape_markdown(body[0])}**", f"_{escape_markdown(body[1])}_"]
    parts.append(_escape_answer_text(answer))
    for kind, text in ordered_notices(answer):
        if kind == "abstention":
            parts.append(f"> **Searched:** {escape_markdown(text)}")
    if answer.citations:
        parts.append("**Sources**")
        for c in answer.citations:
            line = source_line(
                c.marker, c.chunk.review, c.chunk.learning_point, c.chunk.doc_title, c.chunk.page
            )
            quote = re.sub(r"\s+", " ", c.quote).strip()
            currency = "".join(f"\n\n  _{escape_markdown(n.text)}_" for n in c.currency)
            parts.append(f"- {escape_markdown(line)}\n  > {escape_markdown(quote)}{currency}")
    for kind, text in ordered_notices(answer):
        if kind == "disclaimer":
            parts.append(f"_{escape_markdown(text)}_")
    return "\n\n".join(parts)
