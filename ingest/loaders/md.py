"""Markdown (.md) through markdown-it-py (CommonMark plus the table rule): headings with their
level, list items with their printed number (ordered lists keep their start number) and depth,
paragraphs, block quotes, table rows (header row known), inline markup and html reduced to the
visible words. The text itself is kept verbatim so every span points into the source."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.models import Element, MarkerKind
from ingest.loaders.base import ElementList, ParseBudget, Parsed, squash
from ingest.loaders.text import decode_text
from ingest.loaders.txt import _BULLET, _CHECKBOX, _LABEL, _NUMBERED_LABEL

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^<>]{0,200}>")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


class MarkdownLoader:
    """The .md format."""

    kind = "md"

    def parse(self, path: Path, data: bytes, budget: ParseBudget) -> Parsed:
        """Decode ``data`` and parse it as Markdown into elements."""
        text, encoding = decode_text(path, data)
        # An HTML comment is not shown when the brief is read: left out, as page furniture is.
        comments = tuple((m.start(), m.end()) for m in _COMMENT.finditer(text))
        # nor are html tags ("<details>", "<br>"): markup, whose names are no words of it
        tags = tuple((m.start(), m.end()) for m in _TAG.finditer(text))
        return Parsed(
            text=text,
            elements=markdown_elements(text, budget),
            boilerplate=comments + tags,
            encoding=encoding,
        )


@dataclass
class _Item:
    marker: str
    marker_kind: MarkerKind
    depth: int
    start: int
    parts: list[str] = field(default_factory=list)
    end: int = 0
    emitted: bool = False


def markdown_elements(text: str, budget: ParseBudget | None = None) -> tuple[Element, ...]:
    """The elements of a Markdown text, in document order."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable("table")
    tokens = parser.parse(text)
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)

    def span(token: Any) -> tuple[int, int]:
        first, last = token.map if token.map else (0, 0)
        begin = starts[min(first, len(starts) - 1)]
        end = starts[min(last, len(starts) - 1)] - 1
        chunk = text[begin:end]
        begin += len(chunk) - len(chunk.lstrip())
        return begin, max(begin, begin + len(chunk.strip()))

    out = ElementList()
    lists: list[dict[str, Any]] = []  # one per open list: ordered?, next number
    items: list[_Item] = []
    quote = 0
    tables = 0
    row: list[str] = []
    row_span = (0, 0)
    in_head = False
    pending_heading: tuple[int, int, int] | None = None

    def emit_item(item: _Item) -> None:
        if item.parts and not item.emitted:
            body = squash(" ".join(item.parts))
            marker, kind = item.marker, item.marker_kind
            box = _CHECKBOX.match(body)
            if box:
                marker, kind, body = box.group(1), "checkbox", body[box.end() :]
            out.add(
                "list_item",
                body,
                item.start,
                item.end,
                level=item.depth,
                marker=marker,
                marker_kind=kind,
            )
            item.emitted = True

    for number, token in enumerate(tokens):
        if budget is not None and number % 500 == 0:
            budget.check(f"block {number + 1}")
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            if items:
                emit_item(items[-1])  # the parent's text comes before its children
            start = int(token.attrGet("start") or 1)
            lists.append({"ordered": kind == "ordered_list_open", "next": start})
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            current = lists[-1]
            if current["ordered"]:
                marker = token.info or str(current["next"])
                current["next"] = int(marker) + 1 if marker.isdigit() else current["next"] + 1
                item = _Item(marker, "number", len(lists) - 1, span(token)[0])
            else:
                item = _Item(token.markup or "-", "bullet", len(lists) - 1, span(token)[0])
            items.append(item)
        elif kind == "list_item_close":
            emit_item(items.pop())
        elif kind == "heading_open":
            begin, end = span(token)
            pending_heading = (int(token.tag[1:]), begin, end)
        elif kind == "blockquote_open":
            quote += 1
        elif kind == "blockquote_close":
            quote -= 1
        elif kind == "table_open":
            tables += 1
        elif kind == "thead_open":
            in_head = True
        elif kind == "thead_close":
            in_head = False
        elif kind == "tr_open":
            row = []
            row_span = span(token)
        elif kind == "tr_close":
            cells = tuple(row)
            out.add(
                "table_row",
                " — ".join(c for c in cells if c),
                *row_span,
                cells=cells,
                header=in_head,
                group=f"table-{tables}",
            )
        elif kind == "inline":
            words = inline_text(token)
            if pending_heading is not None:
                level, begin, end = pending_heading
                out.add("heading", words, begin, end, level=level)
                pending_heading = None
            elif tokens[number - 1].type in ("th_open", "td_open"):
                row.append(words)
            elif items and not items[-1].emitted:
                items[-1].parts.append(words)
                items[-1].end = span(tokens[number - 1])[1]
            else:
                begin, end = span(tokens[number - 1])
                if not _glyph_lines(out, text, begin, end, level=len(items)):
                    _paragraph(out, words, begin, end, level=len(items), bold=_all_strong(token))
        elif kind in ("html_block", "fence", "code_block"):
            words = squash(_TAG.sub(" ", _COMMENT.sub(" ", token.content)))
            if not words:
                continue  # a comment alone: nothing a reader sees
            begin, end = span(token)
            _paragraph(out, words, begin, end, level=len(items))
    return out.freeze()


def _glyph_lines(out: ElementList, text: str, begin: int, end: int, level: int) -> bool:
    """A paragraph whose every line starts with a bullet glyph Markdown does not read as one
    ("• ...", "▪ ...", "? How would you ..."): one list item per line. Returns whether it
    was one."""
    lines: list[tuple[int, str]] = []
    cursor = begin
    for raw in text[begin:end].split("\n"):
        if raw.strip():
            lines.append((cursor, raw))
        cursor += len(raw) + 1
    if len(lines) < 2 or not all(
        _BULLET.match(raw.strip()) and not _MD_BULLET.match(raw.strip()) for _, raw in lines
    ):
        return False
    for at, raw in lines:
        visible = raw.strip()
        glyph = _BULLET.match(visible)
        assert glyph is not None
        start = at + raw.index(visible)
        words = squash(_TAG.sub(" ", visible[glyph.end() :]))
        out.add("list_item", words, start, start + len(visible), level=level,
                marker=glyph.group(0).strip(), marker_kind="bullet")  # fmt: skip
    return True


_MD_BULLET = re.compile(r"^[-*+]\s")  # Markdown's own list markers (read as lists already)


def _paragraph(
    out: ElementList, words: str, begin: int, end: int, level: int, *, bold: bool = False
) -> None:
    """A paragraph, or a labelled point when it opens with "Learning point 4:" and the like."""
    for pattern in (_LABEL, _NUMBERED_LABEL):
        match = pattern.match(words)
        if match and words[match.end() :]:
            out.add(
                "list_item",
                words[match.end() :],
                begin,
                end,
                level=level,
                marker=squash(match.group("label")),
                marker_kind="label",
            )
            return
    out.add("paragraph", words, begin, end, level=1, bold=bold)


def _all_strong(token: Any) -> bool:
    """Whether every visible word of an inline token is bold ("**What did we learn?**"): a
    style hint, as a PDF's bold line is, that the paragraph may be a heading."""
    depth, inside = 0, False
    for child in token.children or ():
        if child.type == "strong_open":
            depth += 1
        elif child.type == "strong_close":
            depth -= 1
        elif child.type in ("text", "code_inline") and child.content.strip():
            if depth == 0:
                return False
            inside = True
    return inside


def inline_text(token: Any) -> str:
    """The visible words of an inline token: text and code kept, markup and html dropped."""
    parts: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return squash(_BOOKMARK.sub("", "".join(parts)))
