"""Elements of a PDF from its layout (pdfplumber: every word with its font, size and place).

* Reading order: a page whose words leave a vertical gutter near the middle is read as two
  columns, left then right (lines spanning the gutter, such as a title band, stay in place).
* Page furniture: lines in the top or bottom band of the page whose shape (digits ignored)
  recurs on at least half of the pages, "Page N of M" and lone page numbers are left out of the
  elements and their spans recorded as boilerplate.
* Headings from typography: a line in a larger font than the body's most common size, or a
  short all-bold line; the levels rank the heading sizes (the largest first). The largest line
  of page 1, when it is larger than every other heading, is the title.
* Paragraphs and list items (markers as in plain text: bullets, numbers, letters, labels) are
  lines joined until a vertical gap, a new marker or a heading; an element left open at the
  foot of a page carries on at the top of the next when the sentence is unfinished (its page
  is where it starts; its span runs on into the next page's text).
* Ruled tables (``find_tables``) become table rows; a first row that repeats the previous
  page's first row (a header repeated over a page break) is a header row too.

Spans point into the pypdf text (``LoadedDocument.text``): each element's first and last words
are searched for in the text of its page. If pdfplumber cannot read the file, each page's text
is read with the plain-text rules instead.
"""

from __future__ import annotations

import io
import itertools
import re
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from core.models import Element, MarkerKind, PageSpan
from ingest.loaders.base import ElementList, ParseBudget, squash
from ingest.loaders.txt import _PAGE_NUMBER, header_cells, text_elements
from ingest.loaders.txt import _marker as text_marker

_BAND = 0.09  # top / bottom share of the page where running headers and footers sit
_LINE_TOLERANCE = 2.5
_HEADING_RATIO = 1.15
_HEADING_WORDS = 14
_SENTENCE_END = (".", "!", "?", ":", ";", "”", '"', ")")
_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_ANCHOR_WORDS = 6
# An item's number printed on its own beside it (in a circle, a box): "1", "(2)", "3."
_BADGE = re.compile(r"\(?\d{1,2}[.)]?")
_ASIDE_GAP = 18.0  # points of blank between body text and a pull quote beside it, at least
_ALIGN_WINDOW = 600  # characters between two words of one element, at most, when aligned
_PARAGRAPH_SPACE = 2.5  # points beyond the line spacing that start a new paragraph
_PAGE_OF = re.compile(r"\bpage\s+\d+\s+of\s+\d+\s*$", re.IGNORECASE)


@dataclass
class _Line:
    page: int
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    column: int = 0  # 0 whole width / single column, 1 left, 2 right, 100+ a drawn box
    furniture: bool = False
    group: str | None = None  # the drawn box holding the line (a 7-minute briefing grid)


@dataclass
class _Table:
    page: int
    top: float
    rows: list[tuple[str, ...]]
    header: bool | None = None  # the first row is the header (None: judge from its cells)


@dataclass
class _Page:
    number: int
    lines: list[_Line] = field(default_factory=list)
    tables: list[_Table] = field(default_factory=list)


class _LayoutTooSlow(Exception):
    """Laying out every page would take more than its share of the time budget."""


def layout_elements(
    data: bytes, text: str, pages: tuple[PageSpan, ...], budget: ParseBudget
) -> tuple[tuple[Element, ...], tuple[tuple[int, int], ...]]:
    """Elements and boilerplate spans of a PDF whose pypdf text and page spans are given."""
    try:
        read = _read_layout(data, budget)
    except Exception as exc:  # pdfplumber cannot lay it out: fall back to the text rules
        from core.errors import DocumentError

        if isinstance(exc, DocumentError):
            raise
        return _text_fallback(text, pages)
    return _Builder(text, pages, read).build()


def _text_fallback(
    text: str, pages: tuple[PageSpan, ...]
) -> tuple[tuple[Element, ...], tuple[tuple[int, int], ...]]:
    out: list[Element] = []
    furniture: list[tuple[int, int]] = []
    for span in pages:
        found, boiler = text_elements(text[span.start : span.end])
        for element in found:
            out.append(
                Element(**{**element.__dict__, "start": element.start + span.start,
                           "end": element.end + span.start, "page": span.page})
            )  # fmt: skip
        furniture.extend((a + span.start, b + span.start) for a, b in boiler)
    return tuple(out), tuple(furniture)


def _read_layout(data: bytes, budget: ParseBudget) -> list[_Page]:
    import pdfplumber

    result: list[_Page] = []
    started = time.monotonic()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        total = len(pdf.pages)
        tables = _TableState()  # tables without rules: header rows so far, one running on
        for number, page in enumerate(pdf.pages, start=1):
            budget.check(f"laying out page {number} of {total}")
            result.append(_page_layout(page, number, tables))
            page.close()  # pdfplumber caches every page's objects otherwise
            projected = (time.monotonic() - started) / number * total
            if (
                number < total
                and projected > budget.limits.layout_share * budget.limits.parse_timeout_s
            ):
                # pdfplumber reads every character in Python: on a long document it would
                # spend the time budget, so the plain-text rules read it instead
                raise _LayoutTooSlow(number, total)
    _mark_furniture(result, data)
    return result


def _page_layout(page: Any, number: int, tables: _TableState | None = None) -> _Page:
    out = _Page(number)
    boxes: list[tuple[float, float, float, float]] = []
    if page.rects or page.lines:
        for table in page.find_tables():
            rows = [tuple(squash(c or "") for c in row) for row in table.extract()]
            rows = [r for r in rows if any(r)]
            if len(rows) >= 1 and max(len(r) for r in rows) >= 2:
                boxes.append(table.bbox)
                out.tables.append(_Table(number, table.bbox[1], rows))
    words = page.extract_words(extra_attrs=["fontname", "size", "upright"], keep_blank_chars=False)
    if not boxes and page.lines:
        for ruled in _ruled_rows(page, words):
            boxes.append(ruled.bbox)
            out.tables.append(_Table(number, ruled.bbox[1], ruled.rows, header=False))
    # rotated text (a label up the margin, a turned table heading) is read on its own: its
    # characters would otherwise be strewn through the lines beside them one by one
    words = [w for w in words if w.get("upright", True)]
    words = [w for w in words if not any(_inside(w, box) for box in boxes)]
    height = float(page.height)
    # Drawn boxes first: two boxes side by side (a newsletter's two reviews) line up row by
    # row like an unruled table, but each is read on its own; a table inside a box is not
    # looked for.
    regions = _text_boxes(page, words)
    in_box = {id(w) for w in words if any(_inside(w, region) for region in regions)}
    loose = [w for w in words if id(w) not in in_box]
    for plain in _plain_tables(loose, height, tables if tables is not None else _TableState()):
        out.tables.append(_Table(number, plain.top, plain.rows, header=plain.header))
        words = [
            w
            for w in words
            if not (plain.top - 1 <= w["top"] <= plain.bottom + 1) or id(w) in in_box
        ]
    boxed: list[_Line] = []
    # a box is read from its own top edge: a heading beside the box's top padding (the
    # main column's first heading beside a sidebar) comes after the box, not before it
    boxes_top = min((region[1] for region in regions), default=0.0)
    for index, region in enumerate(regions):
        inside = [w for w in words if _inside(w, region)]
        words = [w for w in words if not _inside(w, region)]
        for line in _lines(inside, number, 100 + index):
            line.group = f"p{number}-box{index + 1}"
            boxed.append(line)
    body = [w for w in words if height * _BAND <= w["top"] and w["bottom"] <= height * (1 - _BAND)]
    gutter = _gutter(body, float(page.width))
    asides: list[dict[str, Any]] = []
    for column_words, column in _split(words, gutter):
        column_words, aside = _asides(column_words, _body_size(body), height)
        asides.extend(aside)
        out.lines.extend(_lines(column_words, number, column))
    column_tops = [line.top for line in out.lines if line.column]
    first_column_top = min(column_tops) if column_tops else None
    out.lines.sort(key=lambda line: _reading_key(line, first_column_top))
    if asides:
        out.lines = _insert_aside(out.lines, _lines(asides, number, _ASIDE_COLUMN))
    if boxed:
        # boxes are read row by row (as numbered), after the lines above them
        first_box = min(boxes_top, min(line.top for line in boxed))
        above = [line for line in out.lines if line.top < first_box]
        below = [line for line in out.lines if line.top >= first_box]
        out.lines = above + boxed + below
    out.lines.extend(_rotated_lines(page, number))
    out.height = float(page.height)  # type: ignore[attr-defined]
    return out


_ROTATED_FURNITURE_WORDS = 10
_ASIDE_COLUMN = 200
_ITALIC = re.compile(r"italic|oblique", re.IGNORECASE)


def _body_size(words: list[dict[str, Any]]) -> float:
    """The page's most common type size, by characters."""
    sizes = Counter(round(float(w["size"]), 1) for w in words for _ in w["text"])
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _asides(
    words: list[dict[str, Any]], body_size: float, height: float
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Words set beside the body text in another size or style, past a wide gap (a pull
    quote or a caption in the margin), taken out of the body's lines: read in the body's
    lines, they would be strewn through its sentences as headings. A line is such an aside
    when body text sits beside it (on its own line or at the height of its line); the lines
    just above and below it in its place and type belong to it. Returns (body, aside)."""
    lines = [
        ln for ln in _word_lines(words) if height * _BAND <= ln[0]["top"] <= height * (1 - _BAND)
    ]
    body = [ln for ln in lines if _plain_body(ln, body_size)]
    aside: list[dict[str, Any]] = []
    for line in lines:
        if _BADGE.fullmatch(" ".join(w["text"] for w in line)):
            continue  # a number in a circle beside an item is the item's number, not an aside
        runs: list[list[dict[str, Any]]] = [[line[0]]]
        for word in line[1:]:
            if word["x0"] - runs[-1][-1]["x1"] > max(_ASIDE_GAP, 2 * float(word["size"])):
                runs.append([word])
            else:
                runs[-1].append(word)
        if len(runs) >= 2 and any(_plain_body(r, body_size) for r in runs):
            aside.extend(w for r in runs if not _plain_body(r, body_size) for w in r)
            continue
        if len(runs) >= 2 or _plain_body(line, body_size):
            continue
        size = max(float(w["size"]) for w in line)
        x0, x1 = line[0]["x0"], line[-1]["x1"]
        beside = any(
            abs(b[0]["top"] - line[0]["top"]) <= 1.5 * size
            and (b[-1]["x1"] < x0 - _ASIDE_GAP or b[0]["x0"] > x1 + _ASIDE_GAP)
            for b in body
        )
        if beside:
            aside.extend(line)
    if not aside:
        return words, []
    # the aside's other lines: in its place and type, just above or below it, with no body
    # text beside them
    left = min(w["x0"] for w in aside) - 2
    ids = {id(w) for w in aside}
    grown = True
    while grown:
        grown = False
        top = min(w["top"] for w in aside)
        bottom = max(w["bottom"] for w in aside)
        reach = 2.5 * max(float(w["size"]) for w in aside)
        for line in lines:
            if (
                any(id(w) in ids for w in line)
                or not top - reach <= line[0]["top"] <= bottom + reach
            ):
                continue
            if all(w["x0"] >= left for w in line) and not _plain_body(line, body_size):
                aside.extend(line)
                ids.update(id(w) for w in line)
                grown = True
    return [w for w in words if id(w) not in ids], aside


def _plain_body(run: list[dict[str, Any]], body_size: float) -> bool:
    """A run of words in the body's size and upright type."""
    size = Counter(round(float(w["size"]), 1) for w in run).most_common(1)[0][0]
    italic = all(_ITALIC.search(str(w.get("fontname", ""))) for w in run)
    return abs(size - body_size) <= 0.1 * body_size and not italic


def _insert_aside(lines: list[_Line], aside: list[_Line]) -> list[_Line]:
    """The aside's lines placed between two paragraphs: before the first line below the
    aside's top that follows a finished sentence (else at the end of the page)."""
    top = min(line.top for line in aside)
    for index, line in enumerate(lines):
        if index and line.top >= top and lines[index - 1].text.rstrip().endswith(_SENTENCE_END):
            return [*lines[:index], *aside, *lines[index:]]
    return [*lines, *aside]


def _rotated_lines(page: Any, number: int) -> list[_Line]:
    """Rotated text as lines of its own, after the page's other lines: characters that are
    not upright, grouped by their baseline (their x for text turned a quarter) and read in
    the direction they run. A short one (a margin label such as "Draft" or the partnership's
    name) is page furniture; a longer one is a paragraph of its own (column 300+)."""
    chars = [c for c in page.chars if not c.get("upright", True)]
    groups: list[list[dict[str, Any]]] = []
    for char in sorted(chars, key=lambda c: round(float(c["x0"]))):
        if groups and abs(float(groups[-1][0]["x0"]) - float(char["x0"])) <= _LINE_TOLERANCE:
            groups[-1].append(char)
        else:
            groups.append([char])
    out: list[_Line] = []
    for index, group in enumerate(groups):
        upward = float(group[0].get("matrix", (0, 1))[1]) > 0  # runs bottom to top
        group.sort(key=lambda c: float(c["top"]), reverse=upward)
        text = squash("".join(str(c["text"]) for c in group))
        if not text:
            continue
        sizes = Counter(round(float(c["size"]), 1) for c in group)
        line = _Line(
            page=number,
            text=text,
            x0=min(float(c["x0"]) for c in group),
            x1=max(float(c["x1"]) for c in group),
            top=min(float(c["top"]) for c in group),
            bottom=max(float(c["bottom"]) for c in group),
            size=sizes.most_common(1)[0][0],
            bold=all(_BOLD.search(str(c.get("fontname", ""))) for c in group),
            column=300 + index,
            furniture=len(text.split()) <= _ROTATED_FURNITURE_WORDS,
        )
        out.append(line)
    return out


@dataclass
class _PlainTable:
    top: float
    bottom: float
    rows: list[tuple[str, ...]]
    anchors: list[float] = field(default_factory=list)  # the columns' left edges
    size: float = 10.0
    header: bool = True  # the first row is the header (a continued table has none)


@dataclass
class _TableState:
    """What one page's tables without rules tell the next: the header rows seen so far, and
    the table that ran to the foot of the page (its rows may carry on at the top of the next
    page without a header row)."""

    headers: set[tuple[str, ...]] = field(default_factory=set)
    running: _PlainTable | None = None


_CELL_GAP = 9.0  # points between two words that are in different cells (a word space is ~3)
_ROW_SPACE = 1.5  # points beyond the line spacing that separate two rows of a table
_HEADER_CELL_WORDS = 6
_HEADER_SMALLER = 1.3  # a header row may be set up to this much smaller than its table's rows


def _plain_tables(
    words: list[dict[str, Any]], height: float, state: _TableState
) -> list[_PlainTable]:
    """Tables drawn without rules: a header row of two or more short cells side by side (bold
    or short labels), then rows whose words sit in the header's columns, a row ending where a
    blank band crosses every column. Conservative, so that two columns of body text are not
    read as a table: every row must start in the first column and fill two columns or more,
    a line that crosses a column edge (a whole-width paragraph) or a larger font ends the
    table, and at least two rows are needed (one under a header row repeated from an earlier
    page). A table that ran to the foot of the previous page carries on at the top of this one
    when the first lines below the running header fit its columns."""
    # a header row repeated at the top of a page may sit in the running header's band; the
    # footer's band is left out (a footer line could fit the columns)
    lines = _word_lines([w for w in words if w["bottom"] <= height * (1 - _BAND)])
    tables: list[_PlainTable] = []
    index = 0
    running, state.running = state.running, None
    if running is not None:
        # the first line below the running header, or in its band but starting a row
        start = next(
            (
                i
                for i, ln in enumerate(lines)
                if ln[0]["top"] >= height * _BAND
                or (_fits(ln, running.anchors) and abs(ln[0]["x0"] - running.anchors[0]) <= 2)
            ),
            len(lines),
        )
        if start < len(lines) and not _is_bold(lines[start]):  # not a repeated header row
            body, cursor = _body_lines(lines, start, running.anchors, running.size)
            rows = _rows(body, running.anchors)
            if rows and all(row[0] and sum(1 for c in row if c) >= 2 for row in rows):
                top = min(w["top"] for w in body[0])
                bottom = max(w["bottom"] for w in body[-1])
                tables.append(
                    _PlainTable(top, bottom, rows, running.anchors, running.size, header=False)
                )
                index = cursor
                if cursor == len(lines):
                    state.running = tables[-1]
    while index < len(lines):
        found = _plain_table_at(lines, index, state.headers)
        if found is None:
            index += 1
            continue
        table, index = found
        tables.append(table)
        if index == len(lines):
            state.running = table  # nothing below it on this page: it may carry on
    return tables


@dataclass
class _RuledRows:
    bbox: tuple[float, float, float, float]
    rows: list[tuple[str, ...]]


def _ruled_rows(page: Any, words: list[dict[str, Any]]) -> list[_RuledRows]:
    """A table drawn with rules between its rows only (no vertical rules, so ``find_tables``
    sees none), each rule broken where one column ends and the next begins: a timeline's
    "Date | What happened" rows. The rules give the columns (the breaks shared by every rule)
    and the rows (the bands between rules, and one band's height above the first and below
    the last); a row must have words in two columns or more, in the rows' type size."""
    by_y: dict[int, list[tuple[float, float]]] = {}
    for line in page.lines:
        if abs(float(line["top"]) - float(line["bottom"])) <= 1 and line["x1"] - line["x0"] > 20:
            by_y.setdefault(round(float(line["top"])), []).append(
                (float(line["x0"]), float(line["x1"]))
            )
    rules: list[tuple[float, tuple[float, ...], float, float]] = []
    for y, segments in sorted(by_y.items()):
        segments = sorted(set((round(a), round(b)) for a, b in segments))
        breaks = tuple(
            float(b) for (_, b), (a2, _) in itertools.pairwise(segments) if abs(a2 - b) <= 2
        )
        if breaks:
            rules.append((float(y), breaks, float(segments[0][0]), float(segments[-1][1])))
    found: list[_RuledRows] = []
    while len(rules) >= 2:
        breaks, left, right = rules[0][1], rules[0][2], rules[0][3]
        same = [rules[0]]
        for rule in rules[1:]:
            if len(rule[1]) == len(breaks) and all(
                abs(a - b) <= 2 for a, b in zip(rule[1], breaks, strict=True)
            ):
                same.append(rule)
            else:
                break
        rules = rules[len(same) :]
        if len(same) < 2:
            continue
        ys = [r[0] for r in same]
        edges = [left, *breaks, right]
        inside = [w for w in words if left - 2 <= w["x0"] and w["x1"] <= right + 2]
        sizes = Counter(
            round(float(w["size"]), 1) for w in inside if ys[0] <= w["top"] <= ys[-1]
        ).most_common(1)
        if not sizes:
            continue
        largest = sizes[0][0] * 1.1  # the rows' type, not a heading's
        in_rows = [w for w in inside if float(w["size"]) <= largest]
        # the first row above the first rule and the last below the last: the lines in the
        # rows' type that run on from the rule without a gap or a line across a column edge
        rowlike = [ln for ln in _word_lines(in_rows) if not any(_crosses(ln, e) for e in breaks)]
        gap = 2.5 * sizes[0][0]
        first = ys[0]
        for ln in sorted(
            (ln for ln in rowlike if ln[-1]["bottom"] <= ys[0]), key=lambda ln: -ln[0]["top"]
        ):
            if first - max(w["bottom"] for w in ln) > gap:
                break
            first = min(w["top"] for w in ln)
        last = ys[-1]
        for ln in sorted(
            (ln for ln in rowlike if ln[0]["top"] >= ys[-1]), key=lambda ln: ln[0]["top"]
        ):
            if min(w["top"] for w in ln) - last > gap:
                break
            last = max(w["bottom"] for w in ln)
        bands = [(first - 1, ys[0]), *itertools.pairwise(ys), (ys[-1], last + 1)]
        rows: list[tuple[str, ...]] = []
        used: list[tuple[float, float]] = []
        for top, bottom in bands:
            band = [w for w in in_rows if top < w["top"] and w["bottom"] < bottom]
            lines = _word_lines(band)
            # a line across a column edge (a heading, a paragraph) is no row
            if not lines or any(_crosses(ln, edge) for ln in lines for edge in breaks):
                continue
            cells = tuple(
                squash(
                    " ".join(
                        w["text"]
                        for ln in lines
                        for w in ln
                        if edges[c] - 2 <= w["x0"] < edges[c + 1] - 2
                    )
                )
                for c in range(len(edges) - 1)
            )
            if sum(1 for c in cells if c) < 2:
                continue
            rows.append(cells)
            used.append((min(w["top"] for w in band), max(w["bottom"] for w in band)))
        if len(rows) >= 2:
            found.append(_RuledRows((left, used[0][0] - 1, right, used[-1][1] + 1), rows))
    return found


def _crosses(line: list[dict[str, Any]], edge: float) -> bool:
    """Whether a line's text runs across a column edge (a word over it, or words both sides
    closer than a cell gap)."""
    if any(w["x0"] < edge < w["x1"] for w in line):
        return True
    left = [w for w in line if w["x1"] <= edge]
    right = [w for w in line if w["x0"] >= edge]
    return bool(left and right) and right[0]["x0"] - left[-1]["x1"] < _CELL_GAP


def _word_lines(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Words grouped into lines (tops within ``_LINE_TOLERANCE``), each left to right."""
    lines: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - word["top"]) <= _LINE_TOLERANCE:
            lines[-1].append(word)
        else:
            lines.append([word])
    for line in lines:
        line.sort(key=lambda w: w["x0"])
    return lines


def _segments(line: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """A line's words in runs separated by more than a word space (the cells of a row)."""
    runs: list[list[dict[str, Any]]] = [[line[0]]]
    for word in line[1:]:
        if word["x0"] - runs[-1][-1]["x1"] > max(_CELL_GAP, 0.9 * float(word["size"])):
            runs.append([word])
        else:
            runs[-1].append(word)
    return runs


def _is_bold(words: list[dict[str, Any]]) -> bool:
    return all(_BOLD.search(str(w.get("fontname", ""))) for w in words)


def _plain_table_at(
    lines: list[list[dict[str, Any]]], index: int, headers: set[tuple[str, ...]]
) -> tuple[_PlainTable, int] | None:
    """The table whose header row is ``lines[index]``, and the index after it; or ``None``."""
    head = _segments(lines[index])
    texts = [" ".join(w["text"] for w in seg) for seg in head]
    if not 2 <= len(head) <= 6 or not header_cells(texts):
        return None
    if any(len(t.split()) > _HEADER_CELL_WORDS for t in texts) or not _is_bold(lines[index]):
        return None
    anchors = [seg[0]["x0"] for seg in head]
    size = float(lines[index][0]["size"])
    cursor = index + 1
    # a header over two lines: more bold words in the same columns right below
    while cursor < len(lines) and _is_bold(lines[cursor]) and _fits(lines[cursor], anchors):
        if lines[cursor][0]["top"] - lines[cursor - 1][-1]["bottom"] > size:
            break
        cursor += 1
    if cursor < len(lines) and size < float(lines[cursor][0]["size"]) <= size * _HEADER_SMALLER:
        # a bold header row set smaller than the rows under it: the rows' size bounds the body
        size = float(lines[cursor][0]["size"])
    body, cursor = _body_lines(lines, cursor, anchors, size)
    rows = _rows(body, anchors)
    header = tuple(
        squash(" ".join(texts_in_column(lines[index : cursor - len(body)], anchors, c)))
        for c in range(len(anchors))
    )
    needed = 1 if header in headers else 2
    if len(rows) < needed or any(not row[0] or sum(1 for c in row if c) < 2 for row in rows):
        return None
    headers.add(header)
    top = min(w["top"] for w in lines[index])
    bottom = max(w["bottom"] for w in body[-1]) if body else top
    return _PlainTable(top, bottom, [header, *rows], anchors, size), cursor


def _body_lines(
    lines: list[list[dict[str, Any]]], cursor: int, anchors: list[float], size: float
) -> tuple[list[list[dict[str, Any]]], int]:
    """The lines from ``cursor`` that sit in a table's columns, and the index after them."""
    body: list[list[dict[str, Any]]] = []
    while cursor < len(lines):
        line = lines[cursor]
        if not _fits(line, anchors) or max(float(w["size"]) for w in line) > size * 1.1:
            break
        if body and line[0]["top"] - body[-1][0]["bottom"] > 3 * size:
            break  # far below the table: a new part of the page
        body.append(line)
        cursor += 1
    return body, cursor


def _column(x0: float, anchors: list[float]) -> int:
    column = 0
    for i, anchor in enumerate(anchors):
        if x0 >= anchor - 2:
            column = i
    return column


def _fits(line: list[dict[str, Any]], anchors: list[float]) -> bool:
    """Every run of the line starts in a column and ends before the next column starts."""
    if line[0]["x0"] < anchors[0] - 2:
        return False
    for seg in _segments(line):
        column = _column(seg[0]["x0"], anchors)
        if column + 1 < len(anchors) and seg[-1]["x1"] > anchors[column + 1] - 2:
            return False
    return True


def texts_in_column(
    lines: list[list[dict[str, Any]]], anchors: list[float], column: int
) -> list[str]:
    """The words of ``lines`` in one column, line by line."""
    return [
        " ".join(w["text"] for w in line if _column(w["x0"], anchors) == column)
        for line in lines
        if any(_column(w["x0"], anchors) == column for w in line)
    ]


def _rows(body: list[list[dict[str, Any]]], anchors: list[float]) -> list[tuple[str, ...]]:
    """Body lines grouped into rows: a row ends at a blank band wider than the line spacing."""
    if not body:
        return []
    gaps = [b[0]["top"] - a[0]["bottom"] for a, b in itertools.pairwise(body)]
    spacing = min(gaps) if gaps else 0.0
    groups: list[list[list[dict[str, Any]]]] = [[body[0]]]
    for line, gap in zip(body[1:], gaps, strict=True):
        if gap > spacing + _ROW_SPACE:
            groups.append([line])
        else:
            groups[-1].append(line)
    return [
        tuple(squash(" ".join(texts_in_column(g, anchors, c))) for c in range(len(anchors)))
        for g in groups
    ]


def _text_boxes(page: Any, words: list[dict[str, Any]]) -> list[tuple[float, float, float, float]]:
    """Drawn boxes that hold text (not page-wide bands), in reading order, when there are
    at least two of them: each is read on its own, like a cell of a 7-minute briefing grid.
    Rectangles and closed curves (rounded boxes are drawn as curves) both count."""
    width = float(page.width)
    found: list[tuple[float, float, float, float]] = []
    for rect in [*page.rects, *page.curves]:
        box = (float(rect["x0"]), float(rect["top"]), float(rect["x1"]), float(rect["bottom"]))
        if box[2] - box[0] >= 0.9 * width or box[2] - box[0] < 80 or box[3] - box[1] < 40:
            continue
        if sum(1 for w in words if _inside(w, box)) >= 3:
            found.append(box)
    if len(found) == 1 and not _sidebar(page, found[0], words):
        return []
    if not found:
        return []
    nested = [b for b in found if any(o is not b and _contains(o, b) for o in found)]
    found = [b for b in found if b not in nested]
    return sorted(found, key=lambda b: (round(b[1] / 20), b[0]))


def _sidebar(
    page: Any, box: tuple[float, float, float, float], words: list[dict[str, Any]]
) -> bool:
    """Whether a lone box is a sidebar: a filled box ("Key facts") with body text beside it
    on the same lines. Read on its own, its lines are not interleaved with the main column's
    (a lone unfilled frame round part of the text is left to the column rules)."""
    filled = any(
        r.get("fill") and abs(float(r["x0"]) - box[0]) < 1 and abs(float(r["top"]) - box[1]) < 1
        for r in [*page.rects, *page.curves]
    )
    beside = sum(
        1
        for w in words
        if box[1] <= w["top"] <= box[3] and (w["x1"] < box[0] - 2 or w["x0"] > box[2] + 2)
    )
    return filled and beside >= 10


def _contains(outer: tuple[float, ...], inner: tuple[float, ...]) -> bool:
    return (
        outer[0] <= inner[0]
        and outer[1] <= inner[1]
        and inner[2] <= outer[2]
        and (inner[3] <= outer[3])
    )


def _inside(word: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    return x0 - 1 <= word["x0"] and word["x1"] <= x1 + 1 and top - 1 <= word["top"] <= bottom + 1


def _gutter(words: list[dict[str, Any]], width: float) -> tuple[float, float] | None:
    """The x and width of a vertical gap between two columns of text, or ``None``."""
    if len(words) < 40:
        return None
    low, high = int(width * 0.3), int(width * 0.7)
    cover = [0] * (high - low + 1)
    for word in words:
        for x in range(max(low, int(word["x0"])), min(high, int(word["x1"])) + 1):
            cover[x - low] += 1
    # the gutter is the widest run of x where (almost) no word sits: a few words of a
    # whole-width line (a title band) may cross it
    allowed = max(1, int(0.03 * len(words)))
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for i, count in enumerate([*cover, allowed + 1]):
        if count <= allowed and start is None:
            start = i
        elif count > allowed and start is not None:
            runs.append((start, i))
            start = None
    runs = [r for r in runs if r[1] - r[0] >= 6]
    if not runs:
        return None
    first, last = max(runs, key=lambda r: r[1] - r[0])
    x = low + (first + last) // 2
    left = sum(1 for w in words if w["x1"] <= x)
    right = sum(1 for w in words if w["x0"] >= x)
    if min(left, right) < 0.2 * len(words):
        return None
    return float(x), float(last - first)


def _split(
    words: list[dict[str, Any]], gutter: tuple[float, float] | None
) -> list[tuple[list[dict[str, Any]], int]]:
    if gutter is None:
        return [(words, 0)]
    x, band = gutter
    rows: dict[int, list[dict[str, Any]]] = {}
    for word in words:
        rows.setdefault(round(word["top"]), []).append(word)
    spanning_tops: set[int] = set()
    for top, row in rows.items():
        if any(w["x0"] < x < w["x1"] for w in row):
            spanning_tops.add(top)
            continue
        left = [w["x1"] for w in row if w["x1"] <= x]
        right = [w["x0"] for w in row if w["x0"] >= x]
        # words either side with no more than a word space between them: one whole-width
        # line (a title band), not two columns
        if left and right and min(right) - max(left) < 0.6 * band:
            spanning_tops.add(top)
    spanning = [w for w in words if round(w["top"]) in spanning_tops]
    rest = [w for w in words if round(w["top"]) not in spanning_tops]
    return [
        (spanning, 0),
        ([w for w in rest if w["x1"] <= x], 1),
        ([w for w in rest if w["x1"] > x], 2),
    ]


def _lines(words: list[dict[str, Any]], page: int, column: int) -> list[_Line]:
    out: list[_Line] = []
    for group in _word_lines(words):
        sizes = Counter(round(float(w["size"]), 1) for w in group for _ in w["text"])
        out.append(
            _Line(
                page=page,
                text=" ".join(w["text"] for w in group),
                x0=min(w["x0"] for w in group),
                x1=max(w["x1"] for w in group),
                top=min(w["top"] for w in group),
                bottom=max(w["bottom"] for w in group),
                size=sizes.most_common(1)[0][0],
                bold=all(_BOLD.search(str(w.get("fontname", ""))) for w in group),
                column=column,
            )
        )
    return _attach_badges(out)


def _attach_badges(lines: list[_Line]) -> list[_Line]:
    """A number printed on its own beside an item (in a circle or box, centred on the item's
    first line) joined to the line it stands beside as that line's number: "1" + "Timing
    matters." -> "1 Timing matters."."""
    out = list(lines)
    for badge in [ln for ln in lines if _BADGE.fullmatch(ln.text.strip())]:
        beside = [
            ln
            for ln in out
            if ln is not badge
            and ln.x0 > badge.x1
            and min(ln.bottom, badge.bottom) - max(ln.top, badge.top)
            > 0.5 * min(ln.bottom - ln.top, badge.bottom - badge.top)
        ]
        if not beside or badge not in out:
            continue
        line = min(beside, key=lambda ln: (abs(ln.top - badge.top), ln.x0))
        index = out.index(line)
        out[index] = replace(
            line,
            text=f"{badge.text.strip()} {line.text}",
            x0=badge.x0,
            top=min(line.top, badge.top),
        )
        out.remove(badge)
    return out


def _reading_key(line: _Line, first_column_top: float | None) -> tuple[int, float, float]:
    """Whole-width lines above the columns first, then the left column, then the right,
    then whole-width lines below them."""
    if first_column_top is None:
        return (0, line.top, line.x0)
    if line.column == 0:
        return (0 if line.top < first_column_top else 3, line.top, line.x0)
    return (line.column, line.top, line.x0)


def _leading(layout: list[_Page]) -> float | None:
    """The most common space between two consecutive lines of one column in the same font
    size: the space between the lines of a paragraph (paragraph spacing comes on top)."""
    gaps: Counter[float] = Counter()
    for page in layout:
        previous: _Line | None = None
        for line in page.lines:
            if line.furniture:
                continue
            if (
                previous is not None
                and previous.column == line.column
                and previous.size == line.size
            ):
                gap = line.top - previous.bottom
                if 0 <= gap <= previous.bottom - previous.top:
                    gaps[round(gap * 2) / 2] += 1
            previous = line
    if sum(gaps.values()) < 4:
        return None  # too few lines to tell line spacing from paragraph spacing
    return gaps.most_common(1)[0][0]


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower()).strip()


def _mark_furniture(pages: list[_Page], data: bytes) -> None:
    shapes: Counter[str] = Counter()
    for page in pages:
        seen = {_shape(line.text) for line in page.lines if _in_band(line, page)}
        shapes.update(seen)
    needed = max(2, (len(pages) + 1) // 2)
    sizes = Counter(line.size for page in pages for line in page.lines for _ in line.text)
    body = sizes.most_common(1)[0][0] if sizes else 0.0
    for page in pages:
        first = min(page.lines, key=lambda line: line.top, default=None)
        for line in page.lines:
            if not _in_band(line, page):
                continue
            lone = bool(_PAGE_NUMBER.match(line.text.strip()) or _PAGE_OF.search(line.text))
            # a running header that starts on page 2 (so in a short brief it never recurs):
            # the page's topmost line, in the top band, in type smaller than the body's
            lone = lone or (
                page.number > 1
                and line is first
                and line.top < getattr(page, "height", 842.0) * _BAND
                and line.size < body * 0.9
            )
            if lone or (len(pages) >= 2 and shapes[_shape(line.text)] >= needed):
                line.furniture = True


def _top_half(line: _Line, page: _Page) -> bool:
    return line.top < getattr(page, "height", 842.0) / 2


def _in_band(line: _Line, page: _Page) -> bool:
    height = getattr(page, "height", 842.0)
    return line.top < height * _BAND or line.bottom > height * (1 - _BAND)


class _Builder:
    """Turns laid-out lines into elements with spans into the pypdf text."""

    def __init__(self, text: str, pages: tuple[PageSpan, ...], layout: list[_Page]) -> None:
        self.text = text
        self.spans = {span.page: span for span in pages}
        self.layout = layout
        self.out = ElementList()
        self.boilerplate: list[tuple[int, int]] = []
        self.cursor: dict[int, int] = {}
        body = Counter(
            line.size
            for page in layout
            for line in page.lines
            if not line.furniture
            for _ in line.text
        )
        self.body_size = body.most_common(1)[0][0] if body else 10.0
        self.levels = self._heading_levels()
        self.leading = _leading(layout)
        self.tables = 0
        self.margins: dict[tuple[int, int], float] = {}
        self.rights: dict[tuple[int, int], float] = {}
        for page in layout:
            for line in page.lines:
                if not line.furniture:
                    key = (line.page, line.column)
                    self.margins[key] = min(self.margins.get(key, line.x0), line.x0)
                    self.rights[key] = max(self.rights.get(key, line.x1), line.x1)

    def _heading_levels(self) -> dict[float, int]:
        sizes = sorted(
            {
                line.size
                for page in self.layout
                for line in page.lines
                if not line.furniture and line.size >= self.body_size * _HEADING_RATIO
            },
            reverse=True,
        )
        return {size: index + 1 for index, size in enumerate(sizes)}

    def _is_heading(self, line: _Line, starts_block: bool) -> bool:
        words = line.text.split()
        if line.column == _ASIDE_COLUMN:
            return False  # a pull quote is set large, but it heads nothing
        if len(words) > _HEADING_WORDS * 2:
            return False
        marked = text_marker(line.text, None)
        if marked is not None and marked[1] == "bullet":
            return False  # "– No return home interview was completed": a list item
        if line.size >= self.body_size * _HEADING_RATIO:
            return True
        if marked is not None and marked[1] == "label" and any(c.isdigit() for c in marked[0]):
            # "Learning point 8: Learning disability is not in itself a risk, but unmet
            # support" in bold, its wording wrapping onto the next line: a labelled item
            return False
        if line.bold and len(words) <= _HEADING_WORDS and not line.text.endswith("."):
            return True
        # same font as the body: a short first line that is not a sentence names what follows
        return (
            starts_block
            and len(words) <= 8
            and not self._full(line)
            and not line.text.endswith((*_SENTENCE_END, ","))
            and line.text[:1].isupper()
            and text_marker(line.text, None) is None
        )

    def _full(self, line: _Line) -> bool:
        """Whether ``line`` runs (nearly) to the right edge of its column."""
        key = (line.page, line.column)
        left = self.margins.get(key, line.x0)
        right = self.rights.get(key, line.x1)
        return right - left <= 0 or (line.x1 - left) >= 0.7 * (right - left)

    def build(self) -> tuple[tuple[Element, ...], tuple[tuple[int, int], ...]]:
        title_size = self._title_size()
        if title_size is not None:  # the title is level 0; the headings rank below it
            ranked = sorted((s for s in self.levels if s != title_size), reverse=True)
            self.levels = {size: index + 1 for index, size in enumerate(ranked)}
        open_: dict[str, Any] | None = None
        previous_table: tuple[str, ...] | None = None
        # Page furniture is placed first: a running header often repeats the title's words
        # ("Eastholm SCP | Learning from a Case Review | Child A" above "Learning from a
        # Case Review"), and an element is never placed inside a header's span.
        for page in self.layout:
            for line in page.lines:
                if line.furniture:
                    self._boilerplate(line, bottom=not _top_half(line, page))
        for page in self.layout:
            merged: list[Any] = []
            tables = sorted(page.tables, key=lambda t: t.top)
            for entry in page.lines:
                while tables and tables[0].top <= entry.top and entry.column in (0, 1):
                    merged.append(tables.pop(0))
                merged.append(entry)
            merged.extend(tables)
            last_bottom: float | None = None
            last_column: int | None = None
            for thing in merged:
                if isinstance(thing, _Table):
                    self._close(open_)
                    open_ = None
                    previous_table = self._table(thing, previous_table)
                    last_bottom = None
                    continue
                line = thing
                if line.furniture:
                    continue  # placed above
                gap = None if last_bottom is None else line.top - last_bottom
                raw_gap = gap
                if last_column is not None and line.column != last_column:
                    if line.column >= 100 or last_column >= 100:
                        self._close(open_)  # a new box starts a new block
                        open_ = None
                    gap = None  # a new column: carries on only an unfinished sentence
                last_bottom = line.bottom
                last_column = line.column
                starts_block = (
                    open_ is None
                    or open_["kind"] not in ("paragraph", "list_item")
                    or not self._continues(open_, line, gap)
                )
                if (
                    not starts_block
                    and open_ is not None
                    and open_["kind"] == "list_item"
                    and line.bold == open_["lines"][-1].bold
                    and text_marker(line.text, None) is None
                ):
                    # a list item's next line in its own type (a bold bullet in a narrow
                    # sidebar wraps over several short lines): it continues the item, and
                    # is never read as a heading however short it is
                    open_["lines"].append(line)
                    continue
                heading = self._is_heading(line, starts_block)
                if heading:
                    if (
                        open_ is not None
                        and open_["kind"] in ("heading", "title")
                        and open_["size"] == line.size
                        and raw_gap is not None
                        and 0 <= raw_gap < line.size
                        and (line.column < 100 or line.group == open_["lines"][-1].group)
                    ):
                        open_["lines"].append(line)  # a heading over two lines
                        continue
                    self._close(open_)
                    is_title = title_size is not None and line.page == 1 and line.size == title_size
                    open_ = {
                        "kind": "title" if is_title else "heading",
                        "lines": [line],
                        "size": line.size,
                        "level": 0
                        if is_title
                        else self.levels.get(line.size, len(self.levels) + 1),
                    }
                    continue
                marked = text_marker(line.text, None)
                if marked is not None:
                    self._close(open_)
                    marker, kind, _rest = marked
                    open_ = {"kind": "list_item", "lines": [line], "marker": marker,
                             "marker_kind": kind, "size": line.size, "x0": line.x0}  # fmt: skip
                    continue
                if (
                    open_ is not None
                    and open_["kind"] in ("paragraph", "list_item")
                    and self._continues(open_, line, gap)
                ):
                    open_["lines"].append(line)
                    continue
                self._close(open_)
                open_ = {"kind": "paragraph", "lines": [line], "size": line.size}
        self._close(open_)
        return self.out.freeze(), tuple(self.boilerplate)

    def _title_size(self) -> float | None:
        if not self.levels or not self.layout:
            return None
        largest = max(self.levels)
        first = [line for line in self.layout[0].lines if not line.furniture]
        if any(line.size == largest for line in first) and len(self.levels) >= 2:
            elsewhere = [
                line
                for page in self.layout[1:]
                for line in page.lines
                if line.size == largest and not line.furniture
            ]
            return largest if not elsewhere else None
        return None

    def _continues(self, open_: dict[str, Any], line: _Line, gap: float | None) -> bool:
        last: _Line = open_["lines"][-1]
        if gap is None:  # first line of a page or column
            if last.page != line.page or last.column != line.column:
                return not last.text.rstrip().endswith(_SENTENCE_END) or line.text[:1].islower()
            return False
        if gap < 0 or gap > max(last.bottom - last.top, 1.0) * 0.9:
            return False
        if self.leading is not None and gap > self.leading + _PARAGRAPH_SPACE:
            return False  # more space than between the lines of a paragraph: a new one
        # the line above ended its paragraph short of the edge, unless it is a label whose
        # value wrapped onto the next line ("Agencies involved:" / "children's social care")
        wrapped_label = last.text.rstrip().endswith(":") and line.text[:1].islower()
        if (
            not self._full(last)
            and last.text.rstrip().endswith(_SENTENCE_END)
            and not wrapped_label
        ):
            return False
        return line.size == open_["size"]

    def _close(self, open_: dict[str, Any] | None) -> None:
        if open_ is None:
            return
        lines: list[_Line] = open_["lines"]
        words = squash(" ".join(line.text for line in lines))
        kind = open_["kind"]
        marker = open_.get("marker")
        marker_kind: MarkerKind | None = open_.get("marker_kind")
        if kind == "list_item":
            marked = text_marker(words, None)
            if marked is not None:
                words = marked[2]
        start, end = self._locate(lines)
        size = round(open_["size"] / self.body_size, 2) if self.body_size else None
        depth = 0
        if kind == "list_item":
            margin = self.margins.get((lines[0].page, lines[0].column), lines[0].x0)
            depth = 1 if lines[0].x0 - margin > 10 else 0
        self.out.add(
            kind,
            words,
            start,
            end,
            page=lines[0].page,
            level=open_.get("level", depth if kind == "list_item" else 1),
            marker=marker,
            marker_kind=marker_kind,
            bold=all(line.bold for line in lines),
            size=size,
            group=lines[0].group,
        )

    def _table(self, table: _Table, previous: tuple[str, ...] | None) -> tuple[str, ...] | None:
        self.tables += 1
        group = f"table-{self.tables}"
        first = table.rows[0]
        repeated = previous is not None and first == previous
        header_first = (
            table.header
            if table.header is not None
            else repeated or (len(table.rows) >= 2 and header_cells([c for c in first if c]))
        )
        for index, row in enumerate(table.rows):
            fake = _Line(table.page, " ".join(c for c in row if c), 0, 0, table.top, table.top,
                         self.body_size, False)  # fmt: skip
            start, end = self._locate([fake])
            self.out.add(
                "table_row",
                " — ".join(c for c in row if c),
                start,
                end,
                page=table.page,
                cells=row,
                header=header_first and index == 0,
                group=group,
            )
        return first

    def _boilerplate(self, line: _Line, *, bottom: bool = False) -> None:
        """Record where a furniture line sits: a footer is the last occurrence of its words
        on the page (the same words may open the page as its title), a header the first."""
        words = squash(line.text).split()
        found = self._find(words, line.page, last=bottom)
        if found is not None and found[1] > found[0]:
            self.boilerplate.append(found)

    def _locate(self, lines: list[_Line], move: bool = True) -> tuple[int, int]:
        """Where the words of ``lines`` sit in the pypdf text of their pages."""
        first_page = lines[0].page
        last_page = lines[-1].page
        words = squash(" ".join(line.text for line in lines)).split()
        head = self._find(words[:_ANCHOR_WORDS], first_page, from_cursor=True)
        tail = None
        if head is not None:
            after = head[0] if last_page == first_page else None
            tail = self._find(words[-_ANCHOR_WORDS:], last_page, after=after)
            if tail is None and len(lines) > 1:
                # The last words run across something the text holds between two lines (a
                # page's footer and the next page's header, when an item carries on over a
                # page break): the last line's own words end the element.
                last_words = squash(lines[-1].text).split()[-_ANCHOR_WORDS:]
                tail = self._find(last_words, last_page, after=after)
        if head is None or tail is None or tail[1] <= head[0]:
            # The words are not one run of the pypdf text: a line that pdfplumber reads
            # beside a pull quote, a caption or a box at the same height interleaves with
            # it there. Each page's words are aligned one by one instead, so the span still
            # covers where they are.
            first = self._align(
                [w for ln in lines if ln.page == first_page for w in ln.text.split()], first_page
            )
            last = first
            if last_page != first_page:
                last = self._align(
                    [w for ln in lines if ln.page == last_page for w in ln.text.split()],
                    last_page,
                )
            if first is not None and last is not None and last[1] > first[0]:
                head, tail = first, last
            elif head is None:
                span = self.spans.get(first_page)
                at = self.cursor.get(first_page, span.start if span else 0)
                return at, at
        assert head is not None
        start = head[0]
        end = tail[1] if tail is not None and tail[1] > start else head[1]
        if move:
            self.cursor[last_page] = max(end, self.cursor.get(last_page, 0))
        return start, end

    def _align(self, words: list[str], page: int) -> tuple[int, int] | None:
        """Where ``words`` sit in the page's pypdf text when they are not one run: anchored on
        the first two words found side by side, then each next word within ``_ALIGN_WINDOW``
        characters of the one before (words not found are skipped); ``None`` when fewer than
        half of them are found. Tried from the cursor, then from the top of the page."""
        span = self.spans.get(page)
        if span is None or len(words) < 2:
            return None
        best: tuple[int, int, int] | None = None
        for begin in dict.fromkeys((self.cursor.get(page, span.start), span.start)):
            anchor = None
            for i in range(len(words) - 1):
                anchor = self._find(words[i : i + 2], page, after=begin)
                if anchor is not None:
                    break
            if anchor is None:
                continue
            at, hits = anchor[1], 2
            end = anchor[1]
            for word in words[i + 2 :]:
                found = re.compile(re.escape(word)).search(
                    self.text, at, min(span.end, at + _ALIGN_WINDOW)
                )
                if found is not None:
                    at = end = found.end()
                    hits += 1
            if hits * 2 >= len(words) and (best is None or hits > best[2]):
                best = (anchor[0], end, hits)
        return None if best is None else (best[0], best[1])

    def _find(
        self,
        words: list[str],
        page: int,
        *,
        from_cursor: bool = False,
        after: int | None = None,
        last: bool = False,
    ) -> tuple[int, int] | None:
        """Where ``words`` sit in the text of ``page``: from ``after`` (or the page's cursor),
        else anywhere on the page, never inside page furniture already placed; with ``last``
        the last occurrence on the page."""
        span = self.spans.get(page)
        if span is None or not words:
            return None
        pattern = re.compile(r"\s*".join(re.escape(w) for w in words))
        if last:
            found = [m for m in pattern.finditer(self.text, span.start, span.end)]
            return (found[-1].start(), found[-1].end()) if found else None
        begin = span.start
        if after is not None:
            begin = after
        elif from_cursor:
            begin = self.cursor.get(page, span.start)
        match = self._search(pattern, begin, span.end)
        if match is None and begin != span.start:
            match = self._search(pattern, span.start, span.end)
        if match is None:
            return None
        return match.start(), match.end()

    def _search(self, pattern: re.Pattern[str], begin: int, end: int) -> re.Match[str] | None:
        """The first match of ``pattern`` in ``text[begin:end]`` outside page furniture."""
        while True:
            match = pattern.search(self.text, begin, end)
            if match is None:
                return None
            inside = next((b for a, b in self.boilerplate if a <= match.start() < b), None)
            if inside is None:
                return match
            begin = inside
