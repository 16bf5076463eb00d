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
        if kind != "disclaimer":
            console.print(escape(text), style=_NOTICE_STYLE[kind])
            console.print()
    console.print(escape(answer.text))
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
    """The answer, its notices and sources as Markdown (for exports)."""
    parts: list[str] = []
    for kind, text in ordered_notices(answer):
        if kind != "disclaimer":
            parts.append(f"> **{kind.capitalize()}:** {text}")
    parts.append(answer.text)
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
                + "".join(f"\n\n  _{n.text}_" for n in c.currency)
            )
    for kind, text in ordered_notices(answer):
        if kind == "disclaimer":
            parts.append(f"_{text}_")
    return "\n\n".join(parts)
