"""Render stage: an :class:`Answer` as terminal output or Markdown (never as HTML)."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from assistant.models import Answer

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
    for kind, text in ordered_notices(answer):
        if kind == "disclaimer":
            console.print(f"\n{escape(text)}", style=_NOTICE_STYLE[kind])


def to_markdown(answer: Answer) -> str:
    """The answer, its notices and sources as Markdown (for exports)."""
    parts: list[str] = []
    for kind, text in ordered_notices(answer):
        if kind not in _AFTER_TEXT:
            parts.append(f"> **{kind.capitalize()}:** {text}")
    body = answer_body(answer)
    if len(body) > 1:
        parts += [f"**{body[0]}**", f"_{body[1]}_", *body[2:]]
    else:
        parts += body
    for kind, text in ordered_notices(answer):
        if kind == "abstention":
            parts.append(f"> **Searched:** {text}")
    if answer.citations:
        parts.append("**Sources**")
        for c in answer.citations:
            parts.append(
                "- "
                + source_line(
                    c.marker,
                    c.chunk.review,
                    c.chunk.learning_point,
                    c.chunk.doc_title,
                    c.chunk.page,
                )
                + f"\n  > {c.quote.replace(chr(10), ' ')}"
            )
    for kind, text in ordered_notices(answer):
        if kind == "disclaimer":
            parts.append(f"_{text}_")
    return "\n\n".join(parts)
