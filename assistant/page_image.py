"""The cited page as published: a PDF page rendered with the quoted words highlighted.

pypdfium2 (PDFium, BSD/Apache) renders the page and gives every character's box; the quote is
found in the page's characters after normalising whitespace, hyphenation and typographic
quotes (PDF text and the stored quote differ in line breaks), and Pillow draws translucent
boxes over the matched characters, one per line. When the whole quote is not found, each
sentence-sized run of it (eight words) that is found is highlighted, and the result says so.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from core.errors import DocumentError
from core.text import fold_characters

RUN_WORDS = 8
HIGHLIGHT = (255, 214, 0, 90)  # translucent yellow
OUTLINE = (230, 140, 0, 200)


@dataclass(frozen=True)
class PageImage:
    """A rendered page (PNG) and how much of the quote was highlighted on it."""

    png: bytes
    page: int
    pages: int
    boxes: tuple[tuple[float, float, float, float], ...]
    """Highlight rectangles in image pixels (left, top, right, bottom)."""
    found: str
    """"all" (the whole quote), "part" (some runs of it) or "none"."""


def _normalised(chars: list[str]) -> tuple[str, list[int]]:
    """Page characters folded (:func:`core.text.fold_characters`) as one string with single
    spaces, and each folded character's index in the text page."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(chars):
        folded = fold_characters(ch)
        if not folded:
            continue
        if folded.isspace() or folded == "\x00":
            if out and out[-1] != " ":
                out.append(" ")
                where.append(i)
            continue
        # A line-end hyphen inside a word ("multi-\nagency") stays: quotes keep it too.
        out.extend(folded)
        where.extend([i] * len(folded))
    return "".join(out), where


def _quote_key(quote: str) -> str:
    return " ".join(fold_characters(quote).split())


def _spans(page_text: str, quote: str) -> tuple[list[tuple[int, int]], str]:
    """Spans of ``page_text`` holding the quote (or runs of it), and "all"/"part"/"none"."""
    key = _quote_key(quote)
    if not key:
        return [], "none"
    at = page_text.find(key)
    if at >= 0:
        return [(at, at + len(key))], "all"
    words = key.split(" ")
    spans: list[tuple[int, int]] = []
    cursor = 0
    for start in range(0, len(words), RUN_WORDS):
        run = " ".join(words[start : start + RUN_WORDS])
        if len(run) < 12:
            continue
        at = page_text.find(run, cursor)
        if at < 0:
            at = page_text.find(run)
        if at >= 0:
            spans.append((at, at + len(run)))
            cursor = at + len(run)
    return spans, "part" if spans else "none"


def render_page(
    pdf: bytes,
    page: int,
    quote: str,
    *,
    name: str = "source.pdf",
    scale: float = 1.5,
    max_pages: int = 2000,
) -> PageImage:
    """Render page ``page`` (1-based) of ``pdf`` with ``quote`` highlighted.

    Raises :class:`DocumentError` (naming ``name``) when the file is not a readable PDF or has
    no such page.
    """
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    try:
        document = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as exc:
        raise DocumentError(
            name, f"not a readable PDF ({exc}); re-ingest the original file"
        ) from exc
    try:
        total = len(document)
        if not 1 <= page <= min(total, max_pages):
            raise DocumentError(
                name,
                f"the PDF has {total} pages; page {page} is not one of them "
                "(the file changed since it was ingested? run review-assistant ingest)",
            )
        pdf_page = document[page - 1]
        text_page = pdf_page.get_textpage()
        count = text_page.count_chars()
        chars = [text_page.get_text_range(i, 1) if count else "" for i in range(count)]
        page_text, where = _normalised(chars)
        spans, found = _spans(page_text, quote)
        height = pdf_page.get_height()
        boxes: list[tuple[float, float, float, float]] = []
        for start, end in spans:
            line: list[float] | None = None
            for pos in range(start, end):
                if page_text[pos] == " ":
                    continue
                left, bottom, right, top = text_page.get_charbox(where[pos])
                box = [
                    left * scale,
                    (height - top) * scale,
                    right * scale,
                    (height - bottom) * scale,
                ]
                # Same line: vertical overlap with the line's box so far.
                if line is not None and box[1] < line[3] and box[3] > line[1] and box[0] >= line[0]:
                    line = [
                        line[0],
                        min(line[1], box[1]),
                        max(line[2], box[2]),
                        max(line[3], box[3]),
                    ]
                else:
                    if line is not None:
                        boxes.append((line[0], line[1], line[2], line[3]))
                    line = box
            if line is not None:
                boxes.append((line[0], line[1], line[2], line[3]))
        image = pdf_page.render(scale=scale).to_pil().convert("RGBA")
        text_page.close()
        pdf_page.close()
    finally:
        document.close()
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for left, top, right, bottom in boxes:
        draw.rectangle((left - 2, top - 2, right + 2, bottom + 2), fill=HIGHLIGHT, outline=OUTLINE)
    merged = Image.alpha_composite(image, overlay).convert("RGB")
    buffer = io.BytesIO()
    merged.save(buffer, format="PNG", optimize=True)
    return PageImage(buffer.getvalue(), page, total, tuple(boxes), found)
