"""Word (.docx) through python-docx: the body walked in document order."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.errors import DocumentError, EmptyDocumentError
from assistant.models import Heading
from ingest.loaders.base import ParseBudget, Parsed, describe, normalise_newlines, size_text

_MB = 1024 * 1024
_MAX_DOCX_UNPACKED_BYTES = 512 * _MB
_HEADING_STYLE = re.compile(r"heading\s*([1-9])", re.IGNORECASE)
_DOCX_ADVICE = "open it in Word and save as .docx (Word Document), then ingest it again"


class DocxLoader:
    """The .docx format."""

    kind = "docx"

    def parse(self, path: Path, data: bytes, budget: ParseBudget) -> Parsed:
        """Read the body of the document."""
        text, headings = _docx_text(path, data)
        return Parsed(text=text, headings=headings)


@dataclass
class _Out:
    parts: list[str]
    headings: list[Heading]
    length: int = 0
    last: str = ""

    def add(self, kind: str, text: str, level: int | None = None) -> None:
        if self.parts:
            joined = kind == self.last and kind in ("list", "row")
            sep = "\n" if joined else "\n\n"
            self.parts.append(sep)
            self.length += len(sep)
        if level is not None:
            self.headings.append(Heading(level, self.length, self.length + len(text)))
        self.parts.append(text)
        self.length += len(text)
        self.last = kind


def _docx_text(path: Path, data: bytes) -> tuple[str, tuple[Heading, ...]]:
    import docx

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > _MAX_DOCX_UNPACKED_BYTES:
            raise DocumentError(
                path,
                f"unpacks to {size_text(unpacked)}, more than a review brief can need; "
                "check it is the right file, or save a copy without embedded media",
            )
        document = docx.Document(io.BytesIO(data))
        out = _Out(parts=[], headings=[])
        for kind, text, level in _docx_blocks(document.element.body, document):
            out.add(kind, text, level)
    except DocumentError:
        raise
    except Exception as exc:
        raise DocumentError(
            path, f"is not a valid Word .docx file ({describe(exc)}); {_DOCX_ADVICE}"
        ) from None
    if not out.parts:
        raise EmptyDocumentError(
            path, "has no text in its body; check it is the right file or add the review's text"
        )
    return "".join(out.parts), tuple(out.headings)


def _docx_blocks(container: Any, parent: Any) -> Iterator[tuple[str, str, int | None]]:
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            block = _paragraph_block(Paragraph(child, parent))
            if block is not None:
                yield block
        elif child.tag == qn("w:tbl"):
            for row in _table_rows(Table(child, parent)):
                yield "row", row, None
        elif child.tag == qn("w:sdt"):
            for content in child.iterchildren(qn("w:sdtContent")):
                yield from _docx_blocks(content, parent)


def _paragraph_block(paragraph: Any) -> tuple[str, str, int | None] | None:
    text: str = paragraph.text
    if not text.strip():
        return None
    level = _heading_level(paragraph)
    if level is not None:
        return "heading", _one_line(text), level
    if _is_list(paragraph):
        return "list", "- " + _one_line(text), None
    return "para", normalise_newlines(text), None


def _heading_level(paragraph: Any) -> int | None:
    style = _paragraph_style(paragraph)
    seen = 0
    while style is not None and seen < 10:
        name = str(style.name or "")
        if name.lower() == "title":
            return 0
        match = _HEADING_STYLE.fullmatch(name.strip())
        if match:
            return int(match.group(1))
        style = style.base_style
        seen += 1
    return None


def _is_list(paragraph: Any) -> bool:
    p_pr = paragraph._p.pPr
    if p_pr is not None and p_pr.numPr is not None:
        return True
    style = _paragraph_style(paragraph)
    seen = 0
    while style is not None and seen < 10:
        if "list" in str(style.name or "").lower():
            return True
        style_pr = style.element.pPr
        if style_pr is not None and style_pr.numPr is not None:
            return True
        style = style.base_style
        seen += 1
    return False


def _paragraph_style(paragraph: Any) -> Any:
    try:
        return paragraph.style
    except (KeyError, ValueError, AttributeError):
        return None


def _table_rows(table: Any) -> Iterator[str]:
    for row in table.rows:
        cells: list[str] = []
        previous: object = None
        for cell in row.cells:
            if cell._tc is previous:
                continue
            previous = cell._tc
            cells.append(_one_line(cell.text).replace("\t", " "))
        if any(c for c in cells):
            yield "\t".join(cells)


def _one_line(text: str) -> str:
    return " ".join(part.strip() for part in text.splitlines() if part.strip()) or text.strip()
