"""Word (.docx) through python-docx: the body walked in document order into text and elements.

Text (kept as before, so spans stay stable): a ``Title`` / ``Heading N`` paragraph (or one with
an outline level) is its own paragraph and listed in :attr:`Parsed.headings`; list paragraphs
become ``"- " + text`` lines, consecutive items separated by one newline; a table row is one
line, cells joined by a tab; other paragraphs are separated by a blank line.

Elements: headings (style or ``w:outlineLvl``; ``Title`` is the title), list items whose
marker is computed from ``numbering.xml`` (numId/ilvl -> ``lvlText`` such as "%1.%2" with
decimal / letter / roman / bullet formats: Word does not store the numbers in the text),
paragraphs, and table rows with their cells and header flag. A table whose cells are boxes of
several paragraphs (a 7-minute briefing grid) is emitted box by box: each box's elements share
one ``group``, its first short or bold line is the box's heading. Page headers and footers live
in other parts of the package and are never read.

The zip is checked first while streaming every member (total unpacked size and compression
ratio, never the sizes the archive declares), so a decompression bomb fails fast in bounded
memory.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.errors import DocumentError, EmptyDocumentError
from core.models import Heading, MarkerKind
from ingest.loaders.base import (
    ElementList,
    ParseBudget,
    Parsed,
    describe,
    normalise_newlines,
    size_text,
)
from ingest.loaders.txt import _marker as text_marker
from ingest.loaders.txt import header_cells

_HEADING_STYLE = re.compile(r"heading\s*([1-9])", re.IGNORECASE)
_DOCX_ADVICE = "open it in Word and save as .docx (Word Document), then ingest it again"
_READ_CHUNK = 1024 * 1024
_MAX_MEMBERS = 10_000
# A real brief's XML packs 5-20x; the ratio is only judged once the unpacked total is big
# enough to matter, so a tiny but very repetitive file is not refused.
_RATIO_FLOOR_BYTES = 8 * 1024 * 1024
_BOX_HEADING_WORDS = 12
_NUMBER_KINDS: dict[str, MarkerKind] = {
    "decimal": "number",
    "decimalZero": "number",
    "lowerLetter": "letter",
    "upperLetter": "letter",
    "lowerRoman": "roman",
    "upperRoman": "roman",
    "bullet": "bullet",
}
_SYMBOL_BULLETS = {"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "➢", "\uf0fc": "✓", "o": "◦"}


class DocxLoader:
    """The .docx format."""

    kind = "docx"

    def parse(self, path: Path, data: bytes, budget: ParseBudget) -> Parsed:
        """Check the zip, then read the body of the document."""
        import docx

        check_zip(path, data, budget)
        with _invalid_docx(path):
            document = docx.Document(io.BytesIO(data))
            reader = _Reader(document, budget)
            reader.walk(document.element.body)
        if not reader.parts:
            raise EmptyDocumentError(
                path,
                "has no text in its body; check it is the right file or add the review's text",
            )
        return Parsed(
            text="".join(reader.parts),
            elements=reader.elements.freeze(),
            headings=tuple(reader.headings),
        )


def check_zip(path: Path, data: bytes, budget: ParseBudget) -> None:
    """Refuse a zip that unpacks beyond the limits, measured by decompressing every member."""
    limits = budget.limits
    total = 0
    with _invalid_docx(path), zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        if len(members) > _MAX_MEMBERS:
            raise _too_big(path, f"holds {len(members):,} files")
        for info in members:
            budget.check(f"unpacking {info.filename}")
            with archive.open(info) as stream:
                while chunk := stream.read(_READ_CHUNK):
                    total += len(chunk)
                    if total > limits.max_unpacked_bytes:
                        raise _too_big(
                            path,
                            f"unpacks to more than {size_text(limits.max_unpacked_bytes)}",
                        )
                    ratio = total / max(len(data), 1)
                    if total > _RATIO_FLOOR_BYTES and ratio > limits.max_compression_ratio:
                        raise _too_big(
                            path,
                            f"unpacks to more than {limits.max_compression_ratio:g} times "
                            "its size (a compression bomb)",
                        )


@contextmanager
def _invalid_docx(path: Path) -> Iterator[None]:
    """Any failure of the zip or Word reader as a DocumentError naming the file; our own
    DocumentErrors (a limit, a bomb) pass through as they are."""
    try:
        yield
    except DocumentError:
        raise
    except Exception as exc:
        raise DocumentError(
            path, f"is not a valid Word .docx file ({describe(exc)}); {_DOCX_ADVICE}"
        ) from None


def _too_big(path: Path, what: str) -> DocumentError:
    return DocumentError(
        path,
        f"{what}, more than a review brief can need; check it is the right file, or save a "
        "copy without embedded media (the limits are the settings "
        "REVIEW_ASSISTANT_MAX_UNPACKED_MB and REVIEW_ASSISTANT_MAX_COMPRESSION_RATIO)",
    )


@dataclass
class _Level:
    fmt: str
    text: str
    start: int


@dataclass
class _Numbering:
    """Word list numbering: which marker each numbered paragraph shows."""

    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    nums: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, document: Any) -> _Numbering:
        from docx.oxml.ns import qn

        numbering = cls()
        try:
            root = document.part.numbering_part.element
        except Exception:  # no numbering part: lists without numbers
            return numbering
        for abstract in root.iterchildren(qn("w:abstractNum")):
            levels: dict[int, _Level] = {}
            for lvl in abstract.iterchildren(qn("w:lvl")):
                levels[int(lvl.get(qn("w:ilvl"), "0"))] = _Level(
                    fmt=_val(lvl, "w:numFmt") or "decimal",
                    text=_val(lvl, "w:lvlText") or "",
                    start=int(_val(lvl, "w:start") or "1"),
                )
            numbering.abstract[abstract.get(qn("w:abstractNumId"), "")] = levels
        for num in root.iterchildren(qn("w:num")):
            overrides: dict[int, int] = {}
            for override in num.iterchildren(qn("w:lvlOverride")):
                start = _val(override, "w:startOverride")
                if start is not None:
                    overrides[int(override.get(qn("w:ilvl"), "0"))] = int(start)
            numbering.nums[num.get(qn("w:numId"), "")] = (
                _val(num, "w:abstractNumId") or "",
                overrides,
            )
        return numbering

    def next_marker(self, num_id: str, ilvl: int) -> tuple[str, MarkerKind] | None:
        """Count one paragraph of list ``num_id`` at ``ilvl``; its marker and kind."""
        if num_id not in self.nums:
            return None
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        level = levels.get(ilvl)
        if level is None or level.fmt == "none":
            return None
        # Lists sharing an abstract definition carry on counting (Word's behaviour) unless a
        # num restarts them with a startOverride.
        key = abstract_id
        counters = self.counters.setdefault(key, {})
        if overrides and num_id not in self.started:
            self.started.add(num_id)
            for lvl, start in overrides.items():
                counters[lvl] = start - 1
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [lvl for lvl in counters if lvl > ilvl]:
            del counters[deeper]
        kind = _NUMBER_KINDS.get(level.fmt, "number")
        if kind == "bullet":
            symbol = level.text.strip() or "•"
            return _SYMBOL_BULLETS.get(symbol, symbol), "bullet"

        def shown(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            lvl = levels.get(index)
            value = counters.get(index, lvl.start if lvl else 1)
            return _format(value, lvl.fmt if lvl else "decimal")

        text = re.sub(r"%([1-9])", shown, level.text).strip()
        marker = text.strip("().:-– ").strip() or str(counters[ilvl])
        return marker, kind


def _format(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        n = value
        while n > 0:
            n, rem = divmod(n - 1, 26)
            letters = chr(ord("a") + rem) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "decimalZero" and value < 10:
        return f"0{value}"
    return str(value)


def _roman(value: int) -> str:
    numerals = [
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ]  # fmt: skip
    out = ""
    for amount, letters in numerals:
        while value >= amount:
            out += letters
            value -= amount
    return out


def _val(element: Any, tag: str) -> str | None:
    from docx.oxml.ns import qn

    child = element.find(qn(tag))
    return None if child is None else child.get(qn("w:val"))


class _Reader:
    """Walks the body, writing the text and the elements side by side."""

    def __init__(self, document: Any, budget: ParseBudget) -> None:
        self.document = document
        self.budget = budget
        self.numbering = _Numbering.of(document)
        self.body_size = _body_size(document)
        self.parts: list[str] = []
        self.headings: list[Heading] = []
        self.elements = ElementList()
        self.length = 0
        self.last = ""
        self.tables = 0
        self.boxes = 0
        self.seen = 0

    def _append(self, kind: str, text: str) -> int:
        """Add one block of text; return where it starts."""
        if self.parts:
            sep = "\n" if kind == self.last and kind in ("list", "row") else "\n\n"
            self.parts.append(sep)
            self.length += len(sep)
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        self.last = kind
        return start

    def walk(self, container: Any) -> None:
        from docx.oxml.ns import qn
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        for child in container.iterchildren():
            self.seen += 1
            if self.seen % 200 == 0:
                self.budget.check(f"paragraph {self.seen}")
            if child.tag == qn("w:p"):
                self._paragraph(Paragraph(child, self.document))
            elif child.tag == qn("w:tbl"):
                self._table(Table(child, self.document))
            elif child.tag == qn("w:sdt"):
                for content in child.iterchildren(qn("w:sdtContent")):
                    self.walk(content)

    def _paragraph(self, paragraph: Any) -> None:
        self._paragraph_text(paragraph)
        for box in text_boxes(paragraph._p):
            self.boxes += 1
            self._text_box(box, f"box-{self.boxes}")

    def _text_box(self, content: Any, group: str) -> None:
        """A text box or shape's text (``w:txbxContent``): its own block group, like a grid
        box; a table inside it is read as a table."""
        from docx.oxml.ns import qn
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        paragraphs: list[Any] = []
        for child in content.iterchildren():
            if child.tag == qn("w:p"):
                paragraphs.append(Paragraph(child, self.document))
            elif child.tag == qn("w:tbl"):
                self._box_paragraphs(paragraphs, group)
                paragraphs = []
                self._table(Table(child, self.document))
        self._box_paragraphs(paragraphs, group)
        for nested in (box for p in content.iterchildren(qn("w:p")) for box in text_boxes(p)):
            self.boxes += 1
            self._text_box(nested, f"box-{self.boxes}")

    def _box_paragraphs(self, paragraphs: list[Any], group: str) -> None:
        lines = [_box_words(p) for p in paragraphs]
        if not any(lines):
            return
        offset = self._append("box", "\n".join(line for line in lines if line))
        self._box(paragraphs, offset, group)

    def _paragraph_text(self, paragraph: Any) -> None:
        text: str = paragraph.text
        if not text.strip():
            return
        bold, size = _run_hints(paragraph, self.body_size)
        line = _one_line(text)
        level = _heading_level(paragraph)
        if level is not None:
            self._heading(line, level, bold=bold, size=size)
            return
        numbered = _numbering_of(paragraph)
        if numbered is not None or _is_list_style(paragraph):
            item = "- " + line
            start = self._append("list", item)
            found = self.numbering.next_marker(*numbered) if numbered else None
            marker, kind = found if found else ("-", "bullet")
            depth = numbered[1] if numbered else 0
            self.elements.add(
                "list_item", line, start, start + len(item), level=depth,
                marker=marker, marker_kind=kind, bold=bold, size=size,
            )  # fmt: skip
            return
        if bold and size is not None and size >= _HEADING_SIZE and _is_banner_line(line):
            # a heading made by direct formatting (bold, larger type) instead of a style
            level = 0 if not self.elements.items and size >= _TITLE_SIZE else 1
            self._heading(line, level, bold=bold, size=size)
            return
        if _shaded(paragraph) and _is_banner_line(line):
            # a short paragraph on a shaded band is a banner, bold or not: a heading
            self._heading(line, 1, bold=bold, size=size)
            return
        body = normalise_newlines(text)
        start = self._append("para", body)
        self._text_element(_one_line(body), start, start + len(body), None, bold, size)

    def _heading(self, line: str, level: int, *, bold: bool, size: float | None = None) -> None:
        """A heading (level 0: the title) on a line of its own, listed in ``headings`` too."""
        start = self._append("heading", line)
        self.headings.append(Heading(level, start, start + len(line)))
        self.elements.add(
            "title" if level == 0 else "heading", line, start, start + len(line),
            level=level, bold=bold, size=size,
        )  # fmt: skip

    def _text_element(
        self,
        words: str,
        start: int,
        end: int,
        group: str | None,
        bold: bool,
        size: float | None,
        heading: bool = False,
    ) -> None:
        """A paragraph (or box heading), or a point when it starts with a printed marker."""
        if heading:
            self.elements.add("heading", words, start, end, level=2, group=group, bold=bold,
                              size=size)  # fmt: skip
            return
        marked = text_marker(words, None)
        if marked is not None:
            marker, kind, rest = marked
            self.elements.add("list_item", rest, start, end, level=0, marker=marker,
                              marker_kind=kind, group=group, bold=bold, size=size)  # fmt: skip
            return
        self.elements.add("paragraph", words, start, end, group=group, bold=bold, size=size)

    def _table(self, table: Any) -> None:
        self._table_text(table)
        # text boxes drawn inside the table's cells (a cell's text never includes them)
        from docx.oxml.ns import qn

        for paragraph in table._tbl.iter(qn("w:p")):
            if any(a.tag == qn("w:txbxContent") for a in paragraph.iterancestors()):
                continue  # a paragraph of a box already read with its box
            for box in text_boxes(paragraph):
                self.boxes += 1
                self._text_box(box, f"box-{self.boxes}")

    def _table_text(self, table: Any) -> None:
        rows = [_row_cells(row) for row in table.rows]
        banner = _banner_text(rows)
        if banner is not None:
            # a one-row, one-cell table holding a short line is a banner ("Rapid Review:
            # Baby H", "Shared learning"): a heading, so a banner naming a new subject can
            # start a new review
            self._heading(banner, 1, bold=True)
            return
        if _is_grid(rows):
            self._grid(rows)
            return
        self.tables += 1
        group = f"table-{self.tables}"
        kept = [(row, cells) for row, cells in zip(table.rows, rows, strict=True)]
        first = True
        columns = max(map(len, rows), default=0)  # a table may have no rows at all
        for row, cells in kept:
            texts = tuple(_cell_line(cell) for cell in cells)
            if not any(texts):
                continue
            if columns > 1 and len(cells) == 1 and _is_banner_line(texts[0]):
                # one cell merged across the table ("Key learning from the review"): a
                # heading over the rows below it, whose first row may be the column header
                self._heading(texts[0], 2, bold=True)
                first = True
                continue
            line = "\t".join(texts)
            start = self._append("row", line)
            header = _is_header_row(row) or (first and len(kept) > 1 and _header_like(cells))
            self.elements.add(
                "table_row", " — ".join(t for t in texts if t), start, start + len(line),
                cells=texts, header=header, group=group,
            )  # fmt: skip
            first = False

    def _grid(self, rows: list[list[Any]]) -> None:
        """A table of boxes: text as rows (as before), elements box by box."""
        for cells in rows:
            texts = [_cell_line(cell) for cell in cells]
            if not any(texts):
                continue
            line = "\t".join(texts)
            offset = self._append("row", line)
            for cell, cell_text in zip(cells, texts, strict=True):
                if cell_text:
                    self.boxes += 1
                    self._box(cell.paragraphs, offset, f"box-{self.boxes}")
                offset += len(cell_text) + 1

    def _box(self, paragraphs: list[Any], offset: int, group: str) -> None:
        """A box's paragraphs from ``offset``, where their words are written one after the
        other (one separator each): its first short or bold line is the box's heading."""
        first = True
        cursor = offset
        for paragraph in paragraphs:
            words = _box_words(paragraph)
            if not words:
                continue
            bold, size = _run_hints(paragraph, self.body_size)
            start, end = cursor, cursor + len(words)
            heading = (
                first
                and (bold or len(words.split()) <= _BOX_HEADING_WORDS)
                and (not words.endswith((".", ";", ",")))
            )
            numbered = _numbering_of(paragraph)
            if numbered is not None and not heading:
                found = self.numbering.next_marker(*numbered)
                marker, kind = found if found else ("-", "bullet")
                self.elements.add("list_item", words, start, end, level=numbered[1],
                                  marker=marker, marker_kind=kind, group=group, bold=bold,
                                  size=size)  # fmt: skip
            else:
                self._text_element(words, start, end, group, bold, size, heading=heading)
            first = False
            cursor = end + 1


def _banner_text(rows: list[list[Any]]) -> str | None:
    """The line of a one-row, one-cell table that reads as a banner (short, not a
    sentence), or ``None``."""
    if len(rows) != 1 or len(rows[0]) != 1:
        return None
    text = _cell_line(rows[0][0])
    return text if _is_banner_line(text) else None


# Type this much larger than the body, bold, on a short line: a heading set by hand; the first
# such line this large is the title.
_HEADING_SIZE = 1.15
_TITLE_SIZE = 1.5


def _is_banner_line(text: str) -> bool:
    """A line short enough for a banner, not a sentence."""
    return (
        bool(text)
        and len(text.split()) <= _BOX_HEADING_WORDS
        and not text.endswith((".", ";", ","))
    )


def _shaded(paragraph: Any) -> bool:
    """Whether a paragraph sits on a filled band (``w:shd`` with a fill colour)."""
    from docx.oxml.ns import qn

    p_pr = paragraph._p.pPr
    shd = None if p_pr is None else p_pr.find(qn("w:shd"))
    fill = None if shd is None else shd.get(qn("w:fill"))
    return fill is not None and fill.lower() not in ("auto", "ffffff")


def _box_words(paragraph: Any) -> str:
    pieces = [p.strip() for p in paragraph.text.replace("\t", " ").splitlines()]
    return " ".join(p for p in pieces if p)


_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_ROW_EMU = 457_200  # half an inch: boxes whose tops are this close sit in one row


def text_boxes(paragraph: Any) -> list[Any]:
    """The text boxes and shapes with text anchored in a paragraph (``w:txbxContent`` inside
    ``w:drawing`` or VML ``w:pict``), outermost only, in reading order.

    Word writes a shape twice (``mc:AlternateContent``: the DrawingML choice and a VML
    ``mc:Fallback`` copy): the fallback is skipped, so no text is read twice. Boxes anchored
    at a position are read row by row (top to bottom, then left to right), as a reader reads
    a 7-minute briefing drawn as shapes; others keep their order in the file."""
    from docx.oxml.ns import qn

    tag = qn("w:txbxContent")
    fallback = f"{{{_MC}}}Fallback"
    found: list[Any] = []
    for content in paragraph.iter(tag):
        ancestors = list(content.iterancestors())
        inner = ancestors[: ancestors.index(paragraph)] if paragraph in ancestors else ancestors
        if any(a.tag in (tag, fallback) for a in inner):
            continue  # a nested box (read with its outer box) or the VML copy of a shape
        found.append(content)
    if len(found) < 2:
        return found
    positions = [_position(content) for content in found]
    if any(position is None for position in positions):
        return found
    placed = sorted(
        ((position, content) for position, content in zip(positions, found, strict=True)),
        key=lambda item: item[0][1] if item[0] else 0,
    )
    rows: list[list[tuple[tuple[int, int], Any]]] = []
    for position, content in placed:
        assert position is not None
        if rows and position[1] - rows[-1][0][0][1] < _ROW_EMU:
            rows[-1].append((position, content))
        else:
            rows.append([(position, content)])
    return [content for row in rows for _xy, content in sorted(row, key=lambda i: i[0][0])]


def _position(content: Any) -> tuple[int, int] | None:
    """(x, y) in EMU of the anchor holding a text box, when it is placed by offsets."""
    for ancestor in content.iterancestors(f"{{{_WP}}}anchor"):
        offsets = []
        for axis in ("positionH", "positionV"):
            found = ancestor.find(f"{{{_WP}}}{axis}/{{{_WP}}}posOffset")
            if found is None or not (found.text or "").strip().lstrip("-").isdigit():
                return None
            offsets.append(int(found.text.strip()))
        return offsets[0], offsets[1]
    return None


def _row_cells(row: Any) -> list[Any]:
    cells: list[Any] = []
    previous: object = None
    for cell in row.cells:
        if cell._tc is previous:
            continue  # a merged cell is listed once per grid column it spans
        previous = cell._tc
        cells.append(cell)
    return cells


def _cell_line(cell: Any) -> str:
    return _one_line(cell.text).replace("\t", " ")


def _is_grid(rows: list[list[Any]]) -> bool:
    """A table whose cells are boxes: most filled cells hold a heading and more paragraphs."""
    filled = [cell for cells in rows for cell in cells if cell.text.strip()]
    if len(filled) < 2:
        return False
    boxes = [c for c in filled if sum(1 for p in c.paragraphs if p.text.strip()) >= 2]
    return len(boxes) >= 2 and len(boxes) * 2 >= len(filled)


def _is_header_row(row: Any) -> bool:
    from docx.oxml.ns import qn

    tr_pr = row._tr.trPr
    return tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None


def _header_like(cells: list[Any]) -> bool:
    texts = [_cell_line(c) for c in cells if _cell_line(c)]
    if not texts:
        return False
    short = header_cells(texts)
    all_bold = all(_run_hints(p, None)[0] for c in cells for p in c.paragraphs if p.text.strip())
    return short or all_bold


def _heading_level(paragraph: Any) -> int | None:
    style = _paragraph_style(paragraph)
    outline = _outline_level(paragraph._p.pPr)
    seen = 0
    while style is not None and seen < 10:
        name = str(style.name or "")
        if name.lower() == "title":
            return 0
        match = _HEADING_STYLE.fullmatch(name.strip())
        if match:
            return int(match.group(1))
        if outline is None:
            outline = _outline_level(style.element.pPr)
        style = style.base_style
        seen += 1
    return outline


def _outline_level(p_pr: Any) -> int | None:
    """Level 1-9 from ``w:outlineLvl`` (0-8; 9 means body text)."""
    if p_pr is None:
        return None
    value = _val(p_pr, "w:outlineLvl")
    if value is None or not value.isdigit() or int(value) >= 9:
        return None
    return int(value) + 1


def _numbering_of(paragraph: Any) -> tuple[str, int] | None:
    """(numId, ilvl) from the paragraph or its style chain; ``None`` when not numbered."""
    candidates = [paragraph._p.pPr]
    style = _paragraph_style(paragraph)
    seen = 0
    while style is not None and seen < 10:
        candidates.append(style.element.pPr)
        style = style.base_style
        seen += 1
    num_id: str | None = None
    ilvl: int | None = None
    for p_pr in candidates:
        if p_pr is None or p_pr.numPr is None:
            continue
        num_pr = p_pr.numPr
        if num_id is None and num_pr.numId is not None:
            num_id = str(num_pr.numId.val)
        if ilvl is None and num_pr.ilvl is not None:
            ilvl = int(num_pr.ilvl.val)
    if num_id is None or num_id == "0":
        return None
    return num_id, ilvl or 0


def _is_list_style(paragraph: Any) -> bool:
    style = _paragraph_style(paragraph)
    seen = 0
    while style is not None and seen < 10:
        if "list" in str(style.name or "").lower():
            return True
        style = style.base_style
        seen += 1
    return False


def _paragraph_style(paragraph: Any) -> Any:
    try:
        return paragraph.style
    except (KeyError, ValueError, AttributeError):
        return None


def _body_size(document: Any) -> float | None:
    """The body text's font size in points: the Normal style's, else the document default."""
    size = _style_size(_style_named(document, "Normal"))
    if size is not None:
        return size
    from docx.oxml.ns import qn

    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        return None
    size_el = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:sz')}")
    value = None if size_el is None else size_el.get(qn("w:val"))
    return int(value) / 2 if value and value.isdigit() else None


def _style_named(document: Any, name: str) -> Any:
    try:
        return document.styles[name]
    except KeyError:
        return None


def _style_size(style: Any) -> float | None:
    seen = 0
    while style is not None and seen < 10:
        font = getattr(style, "font", None)
        if font is not None and font.size is not None:
            return float(font.size.pt)
        style = style.base_style
        seen += 1
    return None


def _run_hints(paragraph: Any, body_size: float | None) -> tuple[bool, float | None]:
    """(all visible runs bold, largest run size relative to the body) — cheap style hints."""
    runs = [r for r in paragraph.runs if r.text.strip()]
    style = _paragraph_style(paragraph)
    style_bold = bool(style is not None and style.font is not None and style.font.bold)
    bold = bool(runs) and all(r.bold or (r.bold is None and style_bold) for r in runs)
    sizes = [float(r.font.size.pt) for r in runs if r.font.size is not None]
    if not sizes:
        style_size = _style_size(style)
        sizes = [style_size] if style_size is not None else []
    if not sizes or not body_size:
        return bold, None
    return bold, round(max(sizes) / body_size, 2)


def _one_line(text: str) -> str:
    return " ".join(part.strip() for part in text.splitlines() if part.strip()) or text.strip()
