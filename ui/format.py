"""What the pages show, as safe Streamlit Markdown (pure functions, no Streamlit calls).

Every piece of document, question or answer text goes through
:func:`assistant.render.escape_markdown` (the one escaper, shared with the Markdown export)
before Streamlit sees it; raw document text is shown with ``st.code``. ``unsafe_allow_html``
is never used.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from assistant.render import answer_lines, escape_line, escape_markdown
from core.models import Answer, Citation, Filters
from core.text import content_terms
from ingest.themes import THEME_LABELS

__all__ = [
    "MIME_TYPES",
    "answer_markdown",
    "citation_label",
    "claims_markdown",
    "describe_filters",
    "escape_line",
    "escape_markdown",
    "highlight_passage",
    "lines_as_markdown",
    "mime_type",
    "plural",
    "short",
    "supporting_spans",
]

MIME_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".txt": "text/plain",
    ".md": "text/markdown",
}


def mime_type(name: str) -> str:
    """The download MIME type of a brief's file name."""
    return MIME_TYPES.get(Path(name).suffix.lower(), "application/octet-stream")


def lines_as_markdown(escaped_lines: Sequence[str]) -> str:
    """Join escaped lines with hard line breaks (leading spaces dropped: no code blocks)."""
    return "  \n".join(line.strip() for line in escaped_lines)


_LIST_ITEM = re.compile(r"^\s*(?:([-*•])|(\d{1,3})[.)])\s+(.*)$")
_ESCAPED_MARKER = re.compile(r"\\\[(\d{1,3})\\\]")


def _with_bold_markers(text: str) -> str:
    return _ESCAPED_MARKER.sub(r"**\\[\1\\]**", escape_markdown(text))


def _join(lines: Sequence[tuple[bool, str]]) -> str:
    """List items on consecutive lines; any other line ends with a hard break."""
    joined: list[str] = []
    for bullet, line in lines:
        if joined and not bullet:
            joined[-1] += "  "
        joined.append(line)
    return "\n".join(joined)


def answer_markdown(text: str) -> str:
    """Answer text as safe Markdown: list items kept, citation markers in bold (the live
    preview while an answer streams in, before its claims are known)."""
    out: list[tuple[bool, str]] = []
    for line in text.splitlines():
        match = _LIST_ITEM.match(line)
        if match:
            prefix = "- " if match.group(1) else f"{match.group(2)}. "
            out.append((True, prefix + _with_bold_markers(match.group(3))))
        else:
            out.append((False, _with_bold_markers(line.strip())))
    return _join(out)


def claims_markdown(answer: Answer) -> str:
    """The answer as it was checked: its claims line by line (list items kept, markers in
    bold), or an abstention's text (see :func:`assistant.render.answer_lines`)."""
    return _join(
        [
            (bullet, ("- " if bullet else "") + _with_bold_markers(text.strip()))
            for bullet, text in answer_lines(answer)
        ]
    )


_WORD = re.compile(r"[A-Za-z0-9]+(?:[-'’][A-Za-z0-9]+)*")


def supporting_spans(passage: str, claims: Sequence[str]) -> list[tuple[int, int]]:
    """Character spans of ``passage`` holding content words shared with ``claims``.

    Matched words separated only by spaces, punctuation or stopwords (on one line) form one
    span, so a supported phrase is highlighted as a whole.
    """
    wanted = set(content_terms(" ".join(claims)))
    if not wanted:
        return []
    spans: list[list[int]] = []
    for match in _WORD.finditer(passage):
        terms = content_terms(match.group())
        if not terms or not all(t in wanted for t in terms):
            continue
        gap = passage[spans[-1][1] : match.start()] if spans else ""
        if spans and "\n" not in gap and not content_terms(gap):
            spans[-1][1] = match.end()
        else:
            spans.append([match.start(), match.end()])
    return [(start, end) for start, end in spans]


def highlight_passage(passage: str, claims: Sequence[str]) -> str:
    """``passage`` as safe Markdown, the words it shares with ``claims`` highlighted."""
    pieces: list[str] = []
    position = 0
    for start, end in supporting_spans(passage, claims):
        pieces.append(escape_markdown(passage[position:start]))
        pieces.append(f":orange-background[{escape_markdown(passage[start:end])}]")
        position = end
    pieces.append(escape_markdown(passage[position:]))
    return lines_as_markdown("".join(pieces).splitlines() or [""])


def citation_label(citation: Citation) -> str:
    """The expander label ``[n] review — learning point`` (escaped)."""
    return escape_line(
        f"[{citation.marker}] {citation.chunk.review} — {citation.chunk.learning_point}"
    )


def describe_filters(filters: Filters, doc_titles: dict[str, str] | None = None) -> str:
    """The filters in words, e.g. ``review 'X', theme 'Y'`` (empty when none is set)."""
    parts: list[str] = []
    if filters.doc:
        parts.append(f"document '{(doc_titles or {}).get(filters.doc, filters.doc)}'")
    if filters.review:
        parts.append(f"review '{filters.review}'")
    if filters.theme:
        parts.append(f"theme '{THEME_LABELS.get(filters.theme, filters.theme)}'")
    return ", ".join(parts)


def plural(count: int, noun: str) -> str:
    """``1 review``, ``2 reviews``."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def short(text: str, limit: int = 220) -> str:
    """``text`` on one line, cut at ``limit`` characters with an ellipsis."""
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
