"""Build a :class:`LoadedDocument` from typed elements, as a loader would emit them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.models import DocumentMeta, Element, LoadedDocument, PageSpan


def document(
    *specs: tuple[str, str] | tuple[str, str, dict[str, Any]], pages: int = 0, kind: str = ""
) -> LoadedDocument:
    """``specs``: (kind, text[, element fields]); text is laid out one element per line.

    With ``pages`` > 0, a ``page`` field on an element starts that page. ``kind`` is the
    source format (default docx, or pdf when paged)."""
    parts: list[str] = []
    elements: list[Element] = []
    offset = 0
    page_starts: dict[int, int] = {}
    for spec in specs:
        element_kind, text = spec[0], spec[1]
        fields: dict[str, Any] = dict(spec[2]) if len(spec) > 2 else {}  # type: ignore[misc]
        if "page" in fields:
            page_starts.setdefault(int(fields["page"]), offset)
        if element_kind == "table_row" and "cells" not in fields:
            fields["cells"] = tuple(text.split(" — "))
        elements.append(Element(element_kind, text, offset, offset + len(text), **fields))  # type: ignore[arg-type]
        parts.append(text)
        offset += len(text) + 1
    full = "\n".join(parts)
    spans = []
    if pages:
        starts = sorted(page_starts.items())
        for i, (page, start) in enumerate(starts):
            end = starts[i + 1][1] if i + 1 < len(starts) else len(full)
            spans.append(PageSpan(page, start, end))
    kind = kind or ("pdf" if pages else "docx")
    return LoadedDocument(
        doc_id="fictional",
        source=Path(f"fictional.{kind}"),
        kind=kind,  # type: ignore[arg-type]
        text=full,
        content_hash="x",
        pages=tuple(spans),
        elements=tuple(elements),
    )


META = DocumentMeta(doc_id="fictional", title="Fictional brief")
