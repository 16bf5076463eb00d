"""Plain text (.txt): the text is kept verbatim (markup and all, for the spans) and read into
typed elements line by line.

* Headings: markdown-ish ``#`` lines, ALL-CAPS lines, short lines standing alone between blank
  lines, and numbered headings ("1. Background") — a numbered line is a heading when it is
  short, has no closing punctuation and is not followed straight away by its sibling number.
* List items: bullets (· • ▪ › » - * – and the rest of :data:`core.text.BULLET_GLYPHS`;
  "?" before a capital), numbers ("1.", "3.1", "2)"), letters ("(a)", "a)"), roman numerals
  ("(iv)"), checkboxes ("☐", "[ ]") and labels ("Learning point 4:", "Recommendation 2:",
  "Practice point:"). A bullet followed by a number ("- 1. Where ...") is that number.
* Continuation lines (soft wraps, hanging indents, a line starting in lower case) join the
  element above them; a tab-separated line is a table row (its cells; the first row of a run
  is the header when its cells read like column names).
* A short line repeated three or more times (a running footer such as "Partnership brief -
  page 3"), "Page N of M" and lone page numbers are page furniture: left out of the elements
  and recorded in :attr:`Parsed.boilerplate`.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from core.models import Element, ElementKind, MarkerKind
from core.text import BULLET_GLYPHS
from ingest.loaders.base import ElementList, ParseBudget, Parsed, is_roman, squash
from ingest.loaders.text import decode_text

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]", re.IGNORECASE)
_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
_TAG = re.compile(r"</?[A-Za-z][^<>\n]{0,200}>")
_STRONG = re.compile(r"(\*\*|__)")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_HASHES = re.compile(r"^(#{1,6})\s+")
_QUOTE = re.compile(r"^>\s?")
_CHECKBOX = re.compile(r"^(☐|☑|☒|□|\[[ xX✓]\])\s*")
# "?" as a bullet glyph (a reflective-questions list, or a symbol font's bullet lost in
# conversion) only before a space and a capital: "? How would you know ..."
_BULLET = re.compile(rf"^(?:[{BULLET_GLYPHS}]\s*|[-*–—+]\s+|\?\s+(?=[A-Z]))")
_NUMBER = re.compile(r"^(\d{1,3}(?:\.\d{1,3})+)\.?\s+(?=\S)|^(\d{1,3})[.)]\s+(?=\S)")
# an outline typed with tabs: "1<tab>About the review" is "1. About the review"
_TAB_NUMBER = re.compile(r"^(\d{1,3})\t+(?=\S)")
_LETTER = re.compile(r"^\(([A-Za-z]|[ivxlc]{2,6})\)\s*(?=\S)|^([A-Za-z]|[ivxlc]{2,6})\)\s+(?=\S)")
_LABEL_WORDS = (
    r"learning points?|practice points?|key learning|learning|recommendations?|"
    r"key findings?|findings?|good practice|reflective questions?|questions?|lessons?|"
    r"actions?|points? for practice|top tips?|tips?|themes?|key messages?|"
    # run-in headings a brief sets at the start of a paragraph ("What this means: ...")
    r"what (?:this|it) means(?: for (?:practice|practitioners|you|me))?|"
    r"why (?:this|it) matters|what to do|ask yourself|implications for practice"
)
_LABEL = re.compile(
    rf"^(?P<label>(?:{_LABEL_WORDS})(?:\s+(?P<num>\d{{1,3}}(?:\.\d{{1,3}})?[a-z]?))?)"
    r"\s*(?::|(?<=\d)\s*[–—]|(?<=\d[a-z])\s*[–—])\s*",
    re.IGNORECASE,
)
_NUMBERED_LABEL = re.compile(
    r"^(?P<label>[A-Z][A-Za-z]+(?:\s+[a-z]+){0,2}\s+(?P<num>\d{1,3}(?:\.\d{1,3})?[a-z]?))"
    r"\s*[:–—]\s*"
)
# "Section 2: What we learned", "Part 1 – Background": a numbered part of the document named by
# a short title, a heading rather than a labelled point ("Recommendation 2: ...").
_PART_HEADING = re.compile(
    r"^(?:section|part|chapter)\s+\d{1,2}\s*[:.–—-]\s*(?P<title>\S.*)$", re.I
)
_PAGE_NUMBER = re.compile(r"^(?:page\s+\d+(?:\s+of\s+\d+)?|\d{1,4}|-\s*\d{1,4}\s*-)$", re.I)
_NAMES_PAGE = re.compile(r"\bpage\s+\d+(?:\s+of\s+\d+)?\s*$", re.IGNORECASE)
_END_PUNCTUATION = (".", ";", ",", "?", "!", "”", '"')
_SENTENCE_END = (".", "!", "?", ":", ";", "”", '"', ")")
_HEADING_WORDS = 10
_REPEATS_FOR_FOOTER = 3


class TxtLoader:
    """The .txt format."""

    kind = "txt"

    def parse(self, path: Path, data: bytes, budget: ParseBudget) -> Parsed:
        """Decode ``data`` and read its lines into elements."""
        text, encoding = decode_text(path, data)
        elements, boilerplate = text_elements(text, budget)
        return Parsed(text=text, elements=elements, boilerplate=boilerplate, encoding=encoding)


@dataclass
class _Line:
    start: int
    end: int  # end of the visible characters (trailing whitespace left out)
    raw: str
    indent: int
    visible: str  # markup removed, stripped
    hashes: int = 0
    bold: bool = False
    quote: bool = False

    @property
    def blank(self) -> bool:
        return not self.visible


@dataclass
class _Open:
    kind: ElementKind
    parts: list[str]
    start: int
    end: int
    level: int = 1
    marker: str | None = None
    marker_kind: MarkerKind | None = None
    bold: bool = False
    indent: int = 0
    last_raw: str = ""


def text_elements(
    text: str, budget: ParseBudget | None = None
) -> tuple[tuple[Element, ...], tuple[tuple[int, int], ...]]:
    """Elements and boilerplate spans of plain text (also used for text-like formats)."""
    lines = _lines(text)
    furniture = _furniture(lines)
    wrap = _wrap_width(lines)
    out = ElementList()
    current: _Open | None = None
    table: list[_Line] = []
    tables = 0
    previous_letter: str | None = None
    boilerplate: list[tuple[int, int]] = []

    def close() -> None:
        nonlocal current
        if current is not None:
            out.add(
                current.kind,
                " ".join(current.parts),
                current.start,
                current.end,
                level=current.level,
                marker=current.marker,
                marker_kind=current.marker_kind,
                bold=current.bold,
            )
        current = None

    def flush_table() -> None:
        nonlocal tables
        if not table:
            return
        tables += 1
        rows = [_cells(line.raw) for line in table]
        header = len(rows) >= 2 and _looks_like_header(rows[0])
        for index, (line, cells) in enumerate(zip(table, rows, strict=True)):
            out.add(
                "table_row",
                " — ".join(c for c in cells if c),
                line.start,
                line.end,
                cells=cells,
                header=header and index == 0,
                group=f"table-{tables}",
            )
        table.clear()

    skip_until = 0
    for index, line in enumerate(lines):
        if budget is not None and index % 500 == 0:
            budget.check(f"line {index + 1}")
        if index < skip_until:
            continue  # read as part of a table aligned with spaces
        spaced = None if line.blank or table else _spaced_table(lines, index)
        if spaced is not None:
            close()
            tables += 1
            skip_until, rows = spaced
            for row_index, (start, end, cells) in enumerate(rows):
                out.add("table_row", " — ".join(c for c in cells if c), start, end, cells=cells,
                        header=row_index == 0, group=f"table-{tables}")  # fmt: skip
            continue
        if line.blank or index in furniture:
            if index in furniture:
                boilerplate.append((line.start, line.end))
            close()
            flush_table()
            continue
        if _is_table_line(line.raw):
            close()
            if not _is_separator(line.raw):
                table.append(line)
            continue
        flush_table()
        marked = _marker(line.visible, previous_letter)
        if marked is not None:
            marker, marker_kind, rest = marked
            if marker_kind in ("letter", "roman"):
                previous_letter = marker
            if marker_kind == "number" and _numbered_heading(lines, index, marker, rest, line):
                close()
                level = marker.count(".") + 1
                out.add(
                    "heading",
                    rest,
                    line.start,
                    line.end,
                    level=level,
                    marker=marker,
                    marker_kind="number",
                    bold=line.bold,
                )
                continue
            close()
            depth = 1 if line.indent >= 2 else 0
            current = _Open(
                "list_item",
                [rest],
                line.start,
                line.end,
                level=depth,
                marker=marker,
                marker_kind=marker_kind,
                bold=line.bold,
                indent=line.indent,
                last_raw=line.visible,
            )
            continue
        if current is not None and _continues(current, line, wrap):
            current.parts.append(line.visible)
            current.end = line.end
            current.last_raw = line.visible
            continue
        close()
        heading_level = _heading_level(lines, index)
        if heading_level is not None:
            out.add(
                "heading", line.visible, line.start, line.end, level=heading_level, bold=line.bold
            )
            continue
        current = _Open(
            "paragraph",
            [line.visible],
            line.start,
            line.end,
            level=1,
            bold=line.bold,
            indent=line.indent,
            last_raw=line.visible,
        )
    close()
    flush_table()
    return out.freeze(), tuple(boilerplate)


# A text box drawn with characters: its rules ("+------+", "╔════╗") and the bars at either
# end of each line inside it ("|  Key messages  |") are drawing, not words.
_BOX_RULE = re.compile(
    r"[+|*#=~_\-─━═┌┐└┘├┤┬┴┼│║╔╗╚╝╠╣]*[-=_─━═~]{5,}[+|*#=~_\-─━═┌┐└┘├┤┬┴┼│║╔╗╚╝╠╣]*"
)
_BOX_SIDES = re.compile(r"^[|│║]\s?(?P<inner>[^|│║]*?)\s*[|│║]$")


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    offset = 0
    for raw in text.split("\n"):
        stripped = raw.rstrip()
        indent = len(stripped) - len(stripped.lstrip())
        column = len(stripped[:indent].expandtabs(4))  # how far in it reads: a tab is 4
        body = stripped.strip()
        if _BOX_RULE.fullmatch(body):
            body = ""
        elif (sides := _BOX_SIDES.match(body)) is not None and sides.group("inner").strip():
            body = sides.group("inner").strip()
            indent = column = stripped.index(body)
            stripped = stripped[: indent + len(body)]
        visible, hashes, bold, quote = _visible(body)
        if (tabbed := _TAB_NUMBER.match(body)) is not None:
            number = tabbed.group(1)
            visible = f"{number}. {visible[len(number) :].lstrip()}"
        lines.append(
            _Line(
                offset + indent, offset + len(stripped), raw, column, visible, hashes, bold, quote
            )
        )
        offset += len(raw) + 1
    return lines


def _visible(raw: str) -> tuple[str, int, bool, bool]:
    """A line's wording with markdown-ish markup, html tags and Word bookmarks removed."""
    text = _BOOKMARK.sub("", raw)
    hashes = 0
    quote = False
    match = _HASHES.match(text)
    if match:
        hashes = len(match.group(1))
        text = text[match.end() :]
    if _QUOTE.match(text):
        quote = True
        text = _QUOTE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    bare = text.strip()
    bold = len(bare) > 4 and bare.startswith(("**", "__")) and bare.endswith(("**", "__"))
    text = _STRONG.sub("", text)
    text = _EMPHASIS.sub(r"\1", text)
    return squash(text), hashes, bold, quote


def _marker(visible: str, previous_letter: str | None) -> tuple[str, MarkerKind, str] | None:
    """(marker, kind, text after it) when the line starts a list item."""
    match = _CHECKBOX.match(visible)
    if match:
        return match.group(1), "checkbox", visible[match.end() :]
    match = _BULLET.match(visible)
    if match:
        rest = visible[match.end() :]
        number = _NUMBER.match(rest)
        if number:
            return number.group(1) or number.group(2), "number", rest[number.end() :]
        if not rest:
            return None
        return match.group(0).strip(), "bullet", rest
    match = _NUMBER.match(visible)
    if match:
        return match.group(1) or match.group(2), "number", visible[match.end() :]
    match = _LETTER.match(visible)
    if match:
        token = match.group(1) or match.group(2)
        low = token.lower()
        roman = is_roman(low) and (len(low) > 1 or (low == "i" and previous_letter != "h"))
        return token, ("roman" if roman else "letter"), visible[match.end() :]
    part = _PART_HEADING.match(visible)
    if part and len(part.group("title").split()) <= 8 and not visible.endswith(_END_PUNCTUATION):
        return None
    for pattern in (_LABEL, _NUMBERED_LABEL):
        match = pattern.match(visible)
        if match:
            rest = visible[match.end() :]
            if not rest and not match.group("num"):
                return None  # "Recommendations:" alone is a heading
            return squash(match.group("label")), "label", rest
    return None


def _numbered_heading(lines: list[_Line], index: int, marker: str, rest: str, line: _Line) -> bool:
    """A numbered line that names a section ("1. Background") rather than a point: short,
    no closing punctuation, something under it, and not followed by its sibling number."""
    if _BULLET.match(line.visible) or not rest or len(rest.split()) > 8:
        return False
    if rest.endswith(_END_PUNCTUATION):
        return False
    following = _next_nonblank(lines, index)
    if following is None:
        return False
    if not lines[index + 1].blank and (
        following.visible[0].islower()
        or (following.indent > line.indent and _NUMBER.match(following.visible) is None)
    ):
        return False  # it carries on over the next line: a wrapped point (not its sub-item)
    before = _previous_nonblank(lines, index)
    if before is not None:
        previous = _NUMBER.match(before.visible)
        if previous and (previous.group(1) or previous.group(2)).count(".") == marker.count("."):
            return False  # its sibling came just before: one of a list's points
    nxt = _NUMBER.match(following.visible)
    if nxt is not None:
        number = nxt.group(1) or nxt.group(2)
        if number.count(".") <= marker.count("."):
            return False  # its sibling comes next: a list of short items
    return True


def _previous_nonblank(lines: list[_Line], index: int) -> _Line | None:
    for line in reversed(lines[:index]):
        if not line.blank:
            return line
    return None


def _next_nonblank(lines: list[_Line], index: int) -> _Line | None:
    for line in lines[index + 1 :]:
        if not line.blank:
            return line
    return None


def _heading_level(lines: list[_Line], index: int) -> int | None:
    line = lines[index]
    if line.hashes:
        return line.hashes
    if line.quote:
        return None
    words = line.visible.split()
    letters = [c for c in line.visible if c.isalpha()]
    if len(letters) >= 3 and all(c.isupper() for c in letters) and len(words) <= 15:
        return 1
    if len(words) > _HEADING_WORDS or (
        not line.visible[0].isupper() and not line.visible[0].isdigit()
    ):
        return None
    if line.visible.endswith(_END_PUNCTUATION):
        return None
    after_blank = index == 0 or lines[index - 1].blank
    before_blank = index + 1 >= len(lines) or lines[index + 1].blank
    if after_blank and before_blank:
        return 2
    if line.bold and after_blank:
        return 2
    return None


def _continues(current: _Open, line: _Line, wrap: int | None) -> bool:
    """Whether ``line`` carries on the open paragraph or item (soft wrap, hanging indent)."""
    if current.kind not in ("paragraph", "list_item") or line.hashes or line.quote:
        return False
    if line.visible[0].islower() or line.visible[0] in ",;)–-":
        return True
    if current.kind == "list_item" and line.indent > current.indent:
        return True  # hanging indent
    if not current.last_raw.endswith(_SENTENCE_END):
        if wrap is None and len(current.last_raw) < 60:
            return False  # short lines in a text without hard wraps: a title block, a list
        return not _looks_like_heading_text(line.visible)
    return wrap is not None and len(current.last_raw) >= wrap - 15


def _looks_like_heading_text(visible: str) -> bool:
    letters = [c for c in visible if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _wrap_width(lines: list[_Line]) -> int | None:
    """The width a hard-wrapped text was wrapped at, or ``None`` when paragraphs are one line
    each: most lines followed by more text are then about as long as the longest lines."""
    lengths = sorted(len(line.visible) for line in lines if not line.blank)
    if len(lengths) < 5:
        return None
    width = lengths[int(len(lengths) * 0.9) - 1]
    if not 40 <= width <= 100:
        return None
    followed = [
        len(line.visible)
        for line, after in itertools.pairwise(lines)
        if not line.blank and not after.blank
    ]
    full = [n for n in followed if n >= width - 15]
    return width if len(full) >= 5 and len(full) >= 0.5 * len(followed) else None


def _furniture(lines: list[_Line]) -> set[int]:
    """Indexes of running footers/headers and page numbers."""
    shapes: Counter[str] = Counter()
    for line in lines:
        if line.visible and len(line.visible) <= 80:
            shapes[_shape(line.visible)] += 1
    found: set[int] = set()
    page_numbers = [i for i, line in enumerate(lines) if _PAGE_NUMBER.match(line.visible)]
    for index, line in enumerate(lines):
        if not line.visible or len(line.visible) > 80:
            continue
        if _PAGE_NUMBER.match(line.visible):
            if len(page_numbers) >= 2 or line.visible.lower().startswith("page"):
                found.add(index)
            continue
        count = shapes[_shape(line.visible)]
        # a footer naming its page ("... - page 2") needs only two pages to show it repeats
        repeated = count >= _REPEATS_FOR_FOOTER or (count >= 2 and _NAMES_PAGE.search(line.visible))
        if repeated and not line.visible.endswith(":") and _marker(line.visible, None) is None:
            found.add(index)
    return found


def _shape(visible: str) -> str:
    return re.sub(r"\d+", "#", visible.lower())


def _column_starts(raw: str) -> list[int]:
    """Where the runs of a line start when runs are separated by two or more spaces."""
    return [m.start() for m in re.finditer(r"(?:^|(?<=\s\s))\S", raw)]


def _spaced_table(
    lines: list[_Line], index: int
) -> tuple[int, list[tuple[int, int, tuple[str, ...]]]] | None:
    """A table laid out with spaces ("Theme      What we found      What to do"): a header
    line of two or more short column names, then lines (up to a blank line) whose runs of
    words start exactly where the header's columns do; a line with nothing in the first column
    carries the row above on (a wrapped cell). At least two rows, or ``None``."""
    header = lines[index].raw.rstrip()
    starts = _column_starts(header)
    if len(starts) < 2 or "\t" in header:
        return None
    names = [header[a:b].strip() for a, b in itertools.pairwise([*starts, len(header)])]
    if not header_cells(names):
        return None
    rows: list[tuple[int, int, list[list[str]]]] = []
    cursor = index + 1
    while cursor < len(lines) and not lines[cursor].blank:
        raw = lines[cursor].raw.rstrip()
        found = _column_starts(raw)
        if not found or any(f not in starts for f in found):
            return None  # not aligned with the header: not this kind of table
        cells = [raw[a:b].strip() for a, b in itertools.pairwise([*starts, max(len(raw), 1)])]
        cells += [""] * (len(starts) - len(cells))
        line = lines[cursor]
        if found[0] != starts[0] and rows:
            start, _end, parts = rows[-1]
            for part, cell in zip(parts, cells, strict=True):
                if cell:
                    part.append(cell)
            rows[-1] = (start, line.end, parts)
        elif found[0] == starts[0]:
            rows.append((line.start, line.end, [[c] if c else [] for c in cells]))
        else:
            return None
        cursor += 1
    if len(rows) < 2 or any(sum(1 for part in parts if part) < 2 for _s, _e, parts in rows):
        return None
    head = lines[index]
    result = [(head.start, head.end, tuple(names))]
    result += [(a, b, tuple(squash(" ".join(p)) for p in parts)) for a, b, parts in rows]
    return cursor, result


def _is_table_line(raw: str) -> bool:
    stripped = raw.strip()
    if "\t" in stripped:
        cells = [c for c in stripped.split("\t") if c.strip()]
        if len(cells) == 2 and _OUTLINE_MARKER.fullmatch(cells[0].strip()):
            return False  # an outline's "2.1<tab>text": a tab after the item's number
        return len(cells) >= 2
    return stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 3


_OUTLINE_MARKER = re.compile(r"\d{1,3}(?:\.\d{1,3})*\.?|\(?[a-z]\)|\(?[ivx]{1,5}\)")


def _is_separator(raw: str) -> bool:
    return bool(re.fullmatch(r"\|?(\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*\|?", raw.strip()))


def _cells(raw: str) -> tuple[str, ...]:
    stripped = raw.strip()
    parts = stripped.split("\t") if "\t" in stripped else stripped.strip("|").split("|")
    return tuple(_visible(p.strip())[0] for p in parts)


def _looks_like_header(cells: tuple[str, ...]) -> bool:
    return header_cells([c for c in cells if c])


def header_cells(cells: list[str]) -> bool:
    """Cells that read like column names: short, and none a sentence ("No." is not one)."""
    return bool(cells) and all(
        len(c.split()) <= 6 and not (c.endswith((".", ";")) and len(c.split()) >= 3) for c in cells
    )
