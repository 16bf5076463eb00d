"""The citation expander's view of the source: the cited PDF page with the quote
highlighted, or (DOCX/TXT/MD) the passage in its surrounding section.

Document text is shown escaped (Markdown) or as an image; never as HTML.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from assistant.page_image import render_page
from assistant.service import Assistant
from core.errors import ReviewAssistantError
from core.models import Chunk, Citation

MAX_SECTION_POINTS = 12


@st.cache_data(max_entries=64, show_spinner=False)
def _page_png(data: bytes, page: int, quote: str, name: str) -> tuple[bytes, str]:
    result = render_page(data, page, quote, name=name)
    return result.png, result.found


def section_points(chunks: list[Chunk], cited: Chunk) -> list[Chunk]:
    """The learning points of the cited one's section, in document order (split parts of one
    point shown once)."""
    same = [
        c
        for c in chunks
        if c.doc_id == cited.doc_id and c.review == cited.review and c.section == cited.section
    ]
    seen: dict[str, Chunk] = {}
    for c in sorted(same, key=lambda c: c.ordinal):
        seen.setdefault(c.learning_point, c)
    return list(seen.values())


def show_cited_source(
    assistant: Assistant, citation: Citation, escape: Callable[[str], str], key: str
) -> None:
    """Inside a citation expander: the PDF page image, or the surrounding section."""
    chunk = citation.chunk
    # Only the copy kept at ingest (checked against its hash), never the registry's path;
    # read only for a PDF's page.
    stored = assistant.source_copy(chunk.doc_id)
    is_pdf = stored is not None and stored[0].lower().endswith(".pdf")
    found = assistant.source_bytes(chunk.doc_id) if is_pdf and chunk.page else None
    if found is not None and chunk.page is not None:
        name, data = found
        try:
            png, how = _page_png(data, chunk.page, citation.quote, name)
        except ReviewAssistantError as exc:
            st.caption(escape(f"The page could not be shown: {exc}"))
            return
        if st.toggle("Show the page as published", value=True, key=f"page_{key}"):
            caption = {
                "all": "the quoted words are highlighted",
                "part": "parts of the quote are highlighted (the rest is laid out differently)",
                "none": "the quote's words could not be located on the page image",
            }[how]
            st.image(png, caption=escape(f"{name}, page {chunk.page}: {caption}"))
        return
    points = section_points(assistant.chunks(), chunk)
    if len(points) <= 1:
        return
    with st.container(border=True):
        st.caption(escape(f"In its section ({chunk.section}):"))
        shown = points[:MAX_SECTION_POINTS]
        lines = []
        for point in shown:
            text = escape(" ".join(point.text.split()))
            label = escape(point.learning_point)
            lines.append(
                f"- **▶ {label}: {text}**"
                if point.learning_point == chunk.learning_point
                else f"- {label}: {text}"
            )
        if len(points) > len(shown):
            lines.append(f"- … {len(points) - len(shown)} more")
        st.markdown("\n".join(lines))
