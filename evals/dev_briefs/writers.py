"""Writers that lay fictional briefs out the way partnerships publish them.

Each writer records what a reader would count as a learning point (one per list item,
table body row and body paragraph under a content heading) with the page it starts on and
the role of the section it sits in, so a brief's expectations come from the same calls that
draw it. Output is deterministic: fixed PDF creation dates, fixed DOCX core properties and
a zip rewritten with fixed timestamps.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, get_args

import docx
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from fpdf import FPDF
from fpdf.enums import TableHeadingsDisplay, XPos, YPos

from core.models import SectionRole

FIXED_DATE = datetime(2024, 6, 3, 9, 0, 0, tzinfo=UTC)
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
ZIP_DATE = (2024, 6, 3, 9, 0, 0)
# a list marker at the start of a text line: "- ", "* ", "• ", "3.1 ", "2. ", "(b) "
_LIST_MARKER = re.compile(r"^(?:[-*•]|\d+(?:\.\d+)*\.?|\([a-z]\))\s+")

# The section roles a learning point can have, in the order the product lists them
# (everything but "other").
ROLES: tuple[str, ...] = tuple(role for role in get_args(SectionRole) if role != "other")


@dataclass
class Point:
    """One learning point as a reader counts it."""

    text: str
    role: str
    section: str
    page: int | None = None
    end_page: int | None = None
    review: str | None = None


@dataclass
class Record:
    """What a writer drew: learning points, section roles, every text line."""

    points: list[Point] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    section: str = ""
    role: str = "other"
    review: str | None = None

    def start_section(self, title: str, role: str) -> None:
        """A content heading: the points after it are in this section and role."""
        if role not in ROLES and role != "other":
            raise ValueError(f"unknown section role {role!r}")
        self.section = title
        self.role = role
        self.texts.append(title)

    def add_point(self, text: str, page: int | None = None, role: str | None = None) -> Point:
        """Record one learning point under the current section (``role`` overrides its role)."""
        point = Point(text, role or self.role, self.section, page, page, self.review)
        self.points.append(point)
        self.texts.append(text)
        return point


def _font_path(bold: bool) -> Path:
    return FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")


class BriefPDF(FPDF):
    """An A4 PDF with DejaVu Sans, optional running header/footer and page numbers."""

    def __init__(
        self,
        *,
        header_text: str | None = None,
        footer_text: str | None = None,
        page_numbers: bool = True,
        orientation: str = "P",
        body_size: float = 10,
        columns: int = 1,
        header_from: int = 1,
    ) -> None:
        super().__init__(orientation=orientation, format="A4")
        self.header_from = header_from
        self.record = Record()
        self.header_text = header_text
        self.footer_text = footer_text
        self.page_numbers = page_numbers
        self.body_size = body_size
        self.add_font("Sans", "", str(_font_path(False)))
        self.add_font("Sans", "B", str(_font_path(True)))
        self.add_font("Sans", "I", str(FONT_DIR / "DejaVuSans-Oblique.ttf"))
        self.set_creation_date(FIXED_DATE)
        self.set_title("Fictional brief for testing")
        self.set_author("Fictional partnership")
        self.set_auto_page_break(True, margin=22)
        self.set_margins(18, 20, 18)
        self.set_font("Sans", size=body_size)
        self.columns = columns
        self.col = 0
        self.col_top = 20.0
        self.gap = 8.0
        self.alias_nb_pages()

    # -- running header, footer and columns ---------------------------------------------
    def header(self) -> None:
        if self.header_text and self.page_no() >= self.header_from:
            self.set_font("Sans", size=8)
            self.set_text_color(90, 90, 90)
            self.set_xy(self.l_margin if self.columns == 1 else 18, 8)
            self.cell(0, 5, self.header_text, align="L")
            self.set_text_color(0, 0, 0)
            self.set_font("Sans", size=self.body_size)
        self.set_y(20)
        self.col_top = 20.0
        if self.columns > 1:
            self._set_col(0)

    def footer(self) -> None:
        saved = (self.l_margin, self.r_margin)
        self.set_left_margin(18)
        self.set_right_margin(18)
        self.set_y(-15)
        self.set_font("Sans", size=8)
        self.set_text_color(90, 90, 90)
        left = 18.0
        self.set_x(left)
        if self.footer_text:
            self.cell(0, 5, self.footer_text, align="L")
            self.set_x(left)
        if self.page_numbers:
            self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="R")
        self.set_left_margin(saved[0])
        self.set_right_margin(saved[1])
        self.set_text_color(0, 0, 0)
        self.set_font("Sans", size=self.body_size)

    def _col_width(self) -> float:
        usable = self.w - 36
        return (usable - self.gap * (self.columns - 1)) / self.columns

    def _set_col(self, col: int) -> None:
        self.col = col
        left = 18 + col * (self._col_width() + self.gap)
        self.set_left_margin(left)
        self.set_right_margin(self.w - left - self._col_width())
        self.set_x(left)

    @property
    def accept_page_break(self) -> bool:
        """At the foot of a column move to the next column; after the last, a new page."""
        if not self.auto_page_break:
            return False
        if self.columns > 1 and self.col < self.columns - 1:
            self._set_col(self.col + 1)
            self.set_y(self.col_top)
            return False
        if self.columns > 1:
            self._set_col(0)
        return True

    def start_columns(self) -> None:
        """Flow what follows in columns, starting at the current height."""
        self.col_top = self.get_y()
        self._set_col(0)

    # -- drawing -------------------------------------------------------------------------
    def _page(self) -> int:
        return self.page_no()

    def title_band(self, top: str, subject: str | None = None, colour=(24, 70, 120)) -> None:
        """A coloured band with the document type, the subject underneath in the band."""
        height = 26 if subject else 16
        self.set_fill_color(*colour)
        self.rect(0, 12, self.w, height, style="F")
        self.set_text_color(255, 255, 255)
        self.set_xy(18, 15)
        self.set_font("Sans", "B", 20)
        self.cell(0, 9, top, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.record.texts.append(top)
        if subject:
            self.set_font("Sans", "B", 14)
            self.set_x(18)
            self.cell(0, 8, subject, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.record.texts.append(subject)
        self.set_text_color(0, 0, 0)
        self.set_font("Sans", size=self.body_size)
        self.set_y(12 + height + 4)

    def title_line(self, text: str, size: float = 18) -> None:
        """A plain title line (not a learning point)."""
        self.set_font("Sans", "B", size)
        self.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)
        self.set_font("Sans", size=self.body_size)
        self.record.texts.append(text)

    def meta(self, text: str, size: float = 9) -> None:
        """A line that is not learning: the fictional marker, partnership, date."""
        self.set_font("Sans", size=size)
        self.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)
        self.set_font("Sans", size=self.body_size)
        self.record.texts.append(text)

    def review_banner(self, text: str, review: str, colour=(200, 225, 240)) -> None:
        """A shaded banner naming a review; the points after it belong to ``review``."""
        self.ln(2)
        self.set_fill_color(*colour)
        self.set_font("Sans", "B", 14)
        self.multi_cell(0, 8, text, fill=True, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)
        self.set_font("Sans", size=self.body_size)
        self.record.review = review
        self.record.texts.append(text)

    def heading(self, text: str, role: str, size: float = 13) -> None:
        """A section heading set in bold, larger than the body."""
        if self.get_y() > self.page_break_trigger - 18 and self.accept_page_break:
            self.add_page()  # no heading alone at the foot of a page or column
        self.ln(2)
        self.set_font("Sans", "B", size)
        self.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)
        self.set_font("Sans", size=self.body_size)
        self.record.start_section(text, role)

    def para(
        self,
        text: str,
        *,
        point: bool = True,
        bold_lead: str | None = None,
        role: str | None = None,
    ) -> None:
        """A body paragraph; ``bold_lead`` ("Learning point 3:") is set in bold before it."""
        page = self._page()
        h = self.body_size * 0.5
        if bold_lead:
            self.multi_cell(
                0, h, f"**{bold_lead}** {text}", markdown=True, align="L",
                new_x=XPos.LMARGIN, new_y=YPos.NEXT,
            )  # fmt: skip
        else:
            self.multi_cell(0, h, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font("Sans", size=self.body_size)
        self.ln(2)
        full = f"{bold_lead} {text}" if bold_lead else text
        if point:
            self.record.add_point(full, page, role).end_page = self._page()
        else:
            self.record.texts.append(full)

    def label_point(self, label: str, body: str, *, size: float | None = None) -> None:
        """A learning point printed as a bold label line of its own ("Learning point 3: Offer
        an independent advocate.", wrapping when long) and the body paragraph under it: one
        point, as a reader counts it."""
        if self.get_y() > self.page_break_trigger - 18 and self.accept_page_break:
            self.add_page()  # the label and its body start on the same page
        page = self._page()
        h = self.body_size * 0.5
        self.ln(1)
        self.set_font("Sans", "B", size or self.body_size + 0.5)
        self.multi_cell(0, h + 0.5, label, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font("Sans", size=self.body_size)
        self.ln(0.8)
        self.multi_cell(0, h, body, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)
        self.record.add_point(f"{label} {body}", page).end_page = self._page()

    def item(self, marker: str, text: str, *, indent: float = 7, point: bool = True) -> None:
        """A list item with a hanging indent: marker at the margin, text (and wraps) indented."""
        h = self.body_size * 0.5
        if self.get_y() + h > self.page_break_trigger and self.accept_page_break:
            self.add_page()  # a column or page break before the marker, not between
        page = self._page()
        left = self.l_margin
        col_before = self.col
        y = self.get_y()
        self.set_x(left)
        self.cell(indent, h, marker)
        self.set_left_margin(left + indent)
        self.set_xy(left + indent, y)
        self.multi_cell(0, h, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if self.columns > 1 and self.col != col_before:
            self._set_col(self.col)  # the item ran into the next column: its own margin
        else:
            self.set_left_margin(left)
        self.set_x(self.l_margin)
        self.ln(1.2)
        if point:
            self.record.add_point(text, page).end_page = self._page()
        else:
            self.record.texts.append(text)

    def box(self, number: str, title: str, lines: Sequence[str], role: str,
            x: float, y: float, w: float, h: float, bullet: str | None = None) -> None:  # fmt: skip
        """A numbered box of a 7-minute briefing at (x, y): a number disc, a title, points
        (each after ``bullet`` with a hanging indent, when given)."""
        self.set_draw_color(24, 70, 120)
        self.set_line_width(0.6)
        self.rect(x, y, w, h)
        self.set_fill_color(24, 70, 120)
        self.ellipse(x + 3, y + 3, 10, 10, style="F")
        self.set_text_color(255, 255, 255)
        self.set_font("Sans", "B", 12)
        self.set_xy(x + 3, y + 4.5)
        self.cell(10, 7, number, align="C")
        self.set_text_color(0, 0, 0)
        self.set_font("Sans", "B", 12)
        self.set_xy(x + 16, y + 4.5)
        self.cell(w - 18, 7, title)
        self.record.start_section(title, role)
        self.set_font("Sans", size=self.body_size)
        self.set_xy(x + 4, y + 16)
        page = self._page()
        for line in lines:
            indent = 0.0
            if bullet is not None:
                indent = 5.0
                top = self.get_y()
                self.set_xy(x + 4, top)
                self.cell(indent, self.body_size * 0.48, bullet)
                self.set_xy(x + 4 + indent, top)
            else:
                self.set_x(x + 4)
            self.multi_cell(w - 8 - indent, self.body_size * 0.48, line, align="L",
                            new_x=XPos.LEFT, new_y=YPos.NEXT)  # fmt: skip
            self.ln(1.5)
            self.record.add_point(line, page)

    def sidebar(self, title: str, role: str, lines: Sequence[str], x: float, y: float,
                w: float, h: float, colour=(225, 235, 245),
                bullet: str | None = None, bold: bool = False) -> None:  # fmt: skip
        """A shaded "Key facts" box beside the main column: a filled rectangle at (x, y)
        with a bold heading and short lines, each one point (after ``bullet`` and a space,
        wrapping back to the box's edge, when given; set in bold with ``bold``); the main
        column's margins and position are kept."""
        saved = (self.l_margin, self.r_margin, self.get_x(), self.get_y())
        self.set_fill_color(*colour)
        self.rect(x, y, w, h, style="F")
        self.set_font("Sans", "B", 11)
        self.set_xy(x + 4, y + 4)
        self.set_left_margin(x + 4)
        self.set_right_margin(self.w - x - w + 4)
        self.multi_cell(w - 8, 5.5, title, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)
        section, section_role = self.record.section, self.record.role
        self.record.start_section(title, role)
        self.set_font("Sans", "B" if bold else "", self.body_size - 0.5)
        page = self._page()
        for line in lines:
            shown = f"{bullet} {line}" if bullet else line
            self.multi_cell(w - 8, (self.body_size - 0.5) * 0.48, shown, align="L",
                            new_x=XPos.LMARGIN, new_y=YPos.NEXT)  # fmt: skip
            self.ln(2)
            self.record.add_point(line, page)
        self.record.section, self.record.role = section, section_role
        self.set_left_margin(saved[0])
        self.set_right_margin(saved[1])
        self.set_xy(saved[2], saved[3])
        self.set_font("Sans", size=self.body_size)

    def fact_sidebar(self, title: str, facts: Sequence[tuple[str, str]], role: str, x: float,
                     y: float, w: float, h: float, colour=(228, 236, 226)) -> None:  # fmt: skip
        """A shaded sidebar of headed facts beside the main column: a filled rectangle at
        (x, y) with a bold title, then for each fact a bold label line and its text (each
        fact one point, in a section named by its label); the main column's margins and
        position are kept."""
        saved = (self.l_margin, self.r_margin, self.get_x(), self.get_y())
        self.set_fill_color(*colour)
        self.rect(x, y, w, h, style="F")
        self.set_left_margin(x + 4)
        self.set_right_margin(self.w - x - w + 4)
        self.set_font("Sans", "B", 11.5)
        self.set_xy(x + 4, y + 4)
        self.multi_cell(w - 8, 5.5, title, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)
        section, section_role = self.record.section, self.record.role
        self.record.texts.append(title)
        page = self._page()
        for label, text in facts:
            self.set_font("Sans", "B", self.body_size - 0.5)
            self.multi_cell(w - 8, 4.6, label, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.record.start_section(label, role)
            self.set_font("Sans", size=self.body_size - 1)
            self.multi_cell(w - 8, (self.body_size - 1) * 0.48, text, align="L",
                            new_x=XPos.LMARGIN, new_y=YPos.NEXT)  # fmt: skip
            self.ln(2.5)
            self.record.add_point(text, page)
        self.record.section, self.record.role = section, section_role
        self.set_left_margin(saved[0])
        self.set_right_margin(saved[1])
        self.set_xy(saved[2], saved[3])
        self.set_font("Sans", size=self.body_size)

    def data_table(
        self,
        header: Sequence[str] | None,
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        *,
        repeat_header: bool = True,
        size: float | None = None,
    ) -> None:
        """A bordered table; the header row repeats at the top of every page it runs onto."""
        self.set_font("Sans", size=size or self.body_size - 1)
        with self.table(
            col_widths=tuple(widths),
            text_align="LEFT",
            first_row_as_headings=header is not None,
            repeat_headings=(
                TableHeadingsDisplay.ON_TOP_OF_EVERY_PAGE
                if repeat_header
                else TableHeadingsDisplay.NONE
            ),
            line_height=(size or self.body_size - 1) * 0.5,
            padding=1.5,
        ) as table:
            if header is not None:
                table.row(list(header))
            for row in rows:
                table.row(list(row))
        # fpdf2 lays the table out when the context closes: each row's page is read back
        # from the saved file (_fill_pages_from_pdf).
        self.set_font("Sans", size=self.body_size)
        self.ln(3)
        if header is not None:
            self.record.texts.append(" | ".join(header))
        for row in rows:
            self.record.add_point(" | ".join(row), None)

    def plain_table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        *,
        gap: float = 5.0,
        row_space: float = 2.5,
        header_size: float | None = None,
    ) -> None:
        """A table without rules: cells set in columns ``gap`` mm apart, a bold header row
        (in ``header_size`` type, default the body's) repeated at the top of every page the
        table runs onto, and ``row_space`` mm between rows (as briefs laid out in a word
        processor with tab stops or hidden borders)."""
        h = self.body_size * 0.48

        def lines_of(text: str, width: float) -> int:
            found = self.multi_cell(width, h, text, dry_run=True, output="LINES")
            return len(found) if isinstance(found, list) else 1

        def draw(cells: Sequence[str], bold: bool) -> float:
            self.set_font(
                "Sans",
                "B" if bold else "",
                (header_size or self.body_size) if bold else self.body_size,
            )
            top, left = self.get_y(), self.l_margin
            tallest = 0.0
            x = left
            for text, width in zip(cells, widths, strict=True):
                self.set_xy(x, top)
                self.multi_cell(width, h, text, align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
                tallest = max(tallest, self.get_y() - top)
                x += width + gap
            self.set_xy(left, top + tallest + row_space)
            self.set_font("Sans", size=self.body_size)
            return tallest

        self.set_font("Sans", "B", self.body_size)
        draw(header, bold=True)
        self.record.texts.append(" | ".join(header))
        for row in rows:
            self.set_font("Sans", size=self.body_size)
            needed = max(lines_of(t, w) for t, w in zip(row, widths, strict=True)) * h
            if self.get_y() + needed > self.page_break_trigger:
                self.add_page()
                draw(header, bold=True)  # the header row again on the new page
            page = self._page()
            draw(row, bold=False)
            self.record.add_point(" | ".join(row), page)
        self.ln(2)

    def pull_quote(self, text: str, x: float, y: float, w: float, size: float = 13) -> None:
        """A pull quote set large in italics beside the body text at (x, y); not a point."""
        saved = (self.l_margin, self.r_margin, self.get_x(), self.get_y())
        self.set_left_margin(x)
        self.set_right_margin(self.w - x - w)
        self.set_xy(x, y)
        self.set_font("Sans", "I", size)
        self.multi_cell(w, size * 0.45, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_left_margin(saved[0])
        self.set_right_margin(saved[1])
        self.set_xy(saved[2], saved[3])
        self.set_font("Sans", size=self.body_size)
        self.record.texts.append(text)

    def figure(self, caption: str, height: float = 30) -> None:
        """A figure (an empty frame where a chart would be) with a small italic caption."""
        top = self.get_y() + 2
        self.set_draw_color(150, 150, 150)
        self.rect(self.l_margin, top, 80, height)
        self.set_xy(self.l_margin, top + height + 1.5)
        self.set_font("Sans", "I", 8)
        self.multi_cell(120, 4, caption, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font("Sans", size=self.body_size)
        self.ln(3)
        self.record.texts.append(caption)

    def margin_label(self, text: str, x: float = 10, y: float = 200) -> None:
        """A label turned a quarter and set up the left margin (page furniture)."""
        saved = (self.get_x(), self.get_y())
        with self.rotation(90, x=x, y=y):
            self.set_xy(x, y)
            self.set_font("Sans", size=8)
            self.cell(120, 4, text)
        self.set_xy(*saved)
        self.set_font("Sans", size=self.body_size)
        self.record.texts.append(text)

    def footnote(self, text: str, y: float = 262) -> None:
        """A footnote in small type near the foot of the page (not a learning point)."""
        saved = (self.get_x(), self.get_y())
        breaks, margin = self.auto_page_break, self.b_margin
        self.set_auto_page_break(False)  # below the text area, above the footer
        self.set_xy(self.l_margin, y)
        self.set_font("Sans", size=7)
        self.multi_cell(0, 3.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_auto_page_break(breaks, margin=margin)
        self.set_xy(*saved)
        self.set_font("Sans", size=self.body_size)
        self.record.texts.append(text)

    def contents(self, entries: Sequence[tuple[str, str, int]]) -> None:
        """A contents page's lines: number, title, dot leaders and the page number (as a
        word processor sets them); they are not learning points."""
        h = self.body_size * 0.55
        width = self.w - self.l_margin - self.r_margin
        for number, title, page in entries:
            indent = 6.0 * number.count(".")
            text = f"{number}  {title}"
            self.set_x(self.l_margin + indent)
            label_w = self.get_string_width(text) + 2
            page_w = self.get_string_width(str(page)) + 2
            dots_w = width - indent - label_w - page_w
            dots = "." * max(3, int(dots_w / max(self.get_string_width("."), 0.1)) - 2)
            self.cell(label_w, h, text)
            self.cell(dots_w, h, dots)
            self.cell(page_w, h, str(page), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.record.texts.append(f"{text} {dots} {page}")
        self.ln(3)

    def contents_plain(self, entries: Sequence[str], *, indent: float = 4) -> None:
        """A contents list without dot leaders or page numbers: one line per heading that
        follows (navigation, not learning points)."""
        h = self.body_size * 0.55
        for entry in entries:
            self.set_x(self.l_margin + indent)
            self.multi_cell(0, h, entry, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.record.texts.append(entry)
        self.ln(3)

    def save(self, path: Path) -> None:
        """Write the PDF; the page of each table row is read back from the file."""
        data = bytes(self.output())
        path.write_bytes(data)
        _fill_pages_from_pdf(self.record, path)


def _fill_pages_from_pdf(record: Record, path: Path) -> None:
    """Pages of points whose page is unknown (table rows): where their first words are."""
    missing = [p for p in record.points if p.page is None]
    if not missing:
        return
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        texts = [" ".join((page.extract_text() or "").split()) for page in pdf.pages]
    for point in missing:
        probe = " ".join(point.text.split(" | ")[-1].split()[:6]) if " | " in point.text else ""
        probe = probe or " ".join(point.text.split()[:6])
        for number, text in enumerate(texts, start=1):
            if probe and probe in text:
                point.page = point.end_page = number
                break


# -- DOCX -----------------------------------------------------------------------------------
class BriefDocx:
    """A Word document from python-docx with fixed metadata and a reproducible zip."""

    def __init__(self, *, landscape: bool = False) -> None:
        self.doc = docx.Document()
        self.record = Record()
        style = self.doc.styles["Normal"]
        style.font.name = "Arial"
        style.font.size = Pt(10.5)
        props = self.doc.core_properties
        props.author = "Fictional partnership"
        props.title = "Fictional brief for testing"
        props.created = FIXED_DATE.replace(tzinfo=None)
        props.modified = FIXED_DATE.replace(tzinfo=None)
        props.last_modified_by = "Fictional partnership"
        props.revision = 1
        if landscape:
            section = self.doc.sections[0]
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = section.page_height, section.page_width

    def header_footer(self, header: str | None, footer: str | None) -> None:
        """Running header and footer text on every page."""
        section = self.doc.sections[0]
        if header:
            section.header.paragraphs[0].text = header
        if footer:
            section.footer.paragraphs[0].text = footer

    def title_line(self, text: str, style: str = "Title") -> None:
        """The document title (not a learning point)."""
        self.doc.add_paragraph(text, style=style)
        self.record.texts.append(text)

    def bold_line(self, text: str, size: float = 14) -> None:
        """A bold Normal paragraph in larger type that is not learning (a partnership's name,
        the review's title under the document's)."""
        run = self.doc.add_paragraph().add_run(text)
        run.bold = True
        run.font.size = Pt(size)
        self.record.texts.append(text)

    def meta(self, text: str) -> None:
        """A line that is not learning: fictional marker, partnership, date."""
        p = self.doc.add_paragraph()
        run = p.add_run(text)
        run.italic = True
        run.font.size = Pt(9)
        self.record.texts.append(text)

    def banner(self, text: str, review: str | None, *, table: bool = True,
               fill: str = "C8E1F0") -> None:  # fmt: skip
        """A shaded banner naming a review (a one-row, one-cell table, or a paragraph with
        shading) in bold Normal text; the points after it belong to ``review``."""
        if table:
            cell = self.doc.add_table(rows=1, cols=1).rows[0].cells[0]
            paragraph = cell.paragraphs[0]
            tc_pr = cell._tc.get_or_add_tcPr()
            shd_parent = tc_pr
        else:
            paragraph = self.doc.add_paragraph()
            shd_parent = paragraph._p.get_or_add_pPr()
        shd = OxmlElement("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:color"), "auto")
        shd.set(qn("w:fill"), fill)
        shd_parent.append(shd)
        run = paragraph.add_run(text)
        run.bold = True
        run.font.size = Pt(13)
        self.record.review = review
        self.record.texts.append(text)

    def heading(self, text: str, role: str, level: int = 1) -> None:
        """A Word heading (Heading N style)."""
        self.doc.add_heading(text, level=level)
        self.record.start_section(text, role)

    def para(
        self,
        text: str,
        *,
        point: bool = True,
        bold_lead: str | None = None,
        role: str | None = None,
    ) -> None:
        """A body paragraph, optionally with a bold lead-in such as "Practice point:"."""
        p = self.doc.add_paragraph()
        if bold_lead:
            p.add_run(bold_lead + " ").bold = True
        p.add_run(text)
        full = f"{bold_lead} {text}" if bold_lead else text
        if point:
            self.record.add_point(full, None, role)
        else:
            self.record.texts.append(full)

    def label_point(self, label: str, body: str) -> None:
        """A learning point printed as a short bold paragraph of its own ("Learning point 3:
        Offer an independent advocate.") and the body paragraph under it: one point."""
        self.doc.add_paragraph().add_run(label).bold = True
        self.doc.add_paragraph(body)
        self.record.add_point(f"{label} {body}")

    def bullet(self, text: str, style: str = "List Bullet") -> None:
        """A bulleted list paragraph (Word's own bullet, not a character in the text)."""
        self.doc.add_paragraph(text, style=style)
        self.record.add_point(text)

    def numbered(self, text: str, num_id: int | None = None, level: int = 0) -> None:
        """A Word-numbered paragraph: the number comes from numbering.xml, not the text."""
        p = self.doc.add_paragraph(text, style="List Number")
        if num_id is not None or level:
            p_pr = p._p.get_or_add_pPr()
            num_pr = p_pr.get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = level
            if num_id is not None:
                num_pr.get_or_add_numId().val = num_id
        self.record.add_point(text)

    def restart_numbering(self) -> int:
        """A new w:num on List Number's abstract numbering that starts again at 1."""
        numbering = self.doc.part.numbering_part.element
        style_num = self.doc.styles["List Number"].element.pPr.numPr.numId.val
        abstract = None
        for num in numbering.findall(qn("w:num")):
            if num.get(qn("w:numId")) == str(style_num):
                abstract = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
        new_id = max(ids) + 1
        num = OxmlElement("w:num")
        num.set(qn("w:numId"), str(new_id))
        abs_el = OxmlElement("w:abstractNumId")
        abs_el.set(qn("w:val"), str(abstract))
        num.append(abs_el)
        override = OxmlElement("w:lvlOverride")
        override.set(qn("w:ilvl"), "0")
        start = OxmlElement("w:startOverride")
        start.set(qn("w:val"), "1")
        override.append(start)
        num.append(override)
        numbering.append(num)
        return new_id

    def checkbox(self, text: str) -> None:
        """A checklist line: a ballot box and the text."""
        p = self.doc.add_paragraph()
        p.paragraph_format.left_indent = Cm(0.8)
        p.paragraph_format.first_line_indent = Cm(-0.8)
        p.add_run("☐\t" + text)
        self.record.add_point(text)

    def table(
        self,
        header: Sequence[str] | None,
        rows: Sequence[Sequence[str]],
        widths_cm: Sequence[float] | None = None,
        *,
        repeat_header: bool = True,
    ) -> None:
        """A Table Grid table; the header row is marked to repeat on each page."""
        n_rows = len(rows) + (1 if header else 0)
        table = self.doc.add_table(rows=n_rows, cols=len(rows[0]))
        table.style = "Table Grid"
        offset = 0
        if header:
            for cell, text in zip(table.rows[0].cells, header, strict=True):
                cell.text = ""
                cell.paragraphs[0].add_run(text).bold = True
            if repeat_header:
                tr_pr = table.rows[0]._tr.get_or_add_trPr()
                el = OxmlElement("w:tblHeader")
                el.set(qn("w:val"), "true")
                tr_pr.append(el)
            offset = 1
            self.record.texts.append(" | ".join(header))
        for r, row in enumerate(rows):
            for cell, text in zip(table.rows[r + offset].cells, row, strict=True):
                cell.text = text
            self.record.add_point(" | ".join(row))
        if widths_cm:
            for row in table.rows:
                for cell, width in zip(row.cells, widths_cm, strict=True):
                    cell.width = Cm(width)
        self.doc.add_paragraph()

    def grid(self, boxes: Sequence[tuple[str, str, Sequence[str], str]], cols: int = 2) -> None:
        """A 7-minute briefing as a grid table: each cell a numbered box (title + bullets)."""
        n_rows = (len(boxes) + cols - 1) // cols
        table = self.doc.add_table(rows=n_rows, cols=cols)
        table.style = "Table Grid"
        for i, (number, title, lines, role) in enumerate(boxes):
            cell = table.rows[i // cols].cells[i % cols]
            head = cell.paragraphs[0]
            run = head.add_run(f"{number}. {title}")
            run.bold = True
            run.font.size = Pt(13)
            run.font.color.rgb = RGBColor(0x18, 0x46, 0x78)
            self.record.start_section(f"{number}. {title}", role)
            for line in lines:
                cell.add_paragraph(line, style="List Bullet")
                self.record.add_point(line)
        # a grid with an odd number of boxes leaves the last cell empty, as real ones do

    def shape_boxes(
        self,
        boxes: Sequence[tuple[str, str, Sequence[str], str]],
        *,
        cols: int = 2,
        drawn_order: Sequence[int] | None = None,
    ) -> None:
        """A 7-minute briefing drawn as shapes: each box a rounded text box placed on the page
        (DrawingML with Word's VML fallback copy, as Word saves it), anchored in one empty
        paragraph. ``drawn_order`` is the order the boxes are written in the file (Word keeps
        the order they were drawn in, not the order a reader reads them)."""
        anchor = self.doc.add_paragraph()
        contents = []
        for number, title, lines, role in boxes:
            paragraphs = []
            head = self.doc.add_paragraph()
            run = head.add_run(f"{number}. {title}")
            run.bold = True
            run.font.size = Pt(12)
            paragraphs.append(head)
            self.record.start_section(f"{number}. {title}", role)
            for line in lines:
                paragraphs.append(self.doc.add_paragraph(line, style="List Bullet"))
                self.record.add_point(line)
            for paragraph in paragraphs:  # moved from the body into the box
                paragraph._p.getparent().remove(paragraph._p)
            contents.append([paragraph._p for paragraph in paragraphs])
        width, height, gap, left, top = 3_300_000, 2_300_000, 180_000, 540_000, 1_800_000
        for index in drawn_order or range(len(boxes)):
            row, col = divmod(index, cols)
            x, y = left + col * (width + gap), top + row * (height + gap)
            anchor._p.append(_shape_run(index + 1, x, y, width, height, contents[index]))

    def contents_list(self, entries: Sequence[str], style: str | None = "List Bullet") -> None:
        """A contents list: one paragraph per heading that follows (a bulleted list, or
        plain paragraphs when ``style`` is None); navigation, not learning points."""
        for entry in entries:
            self.doc.add_paragraph(entry, style=style)
            self.record.texts.append(entry)

    def numbered_cells(
        self, rows: Sequence[Sequence[tuple[str, str]]], *, number_apart: bool = False
    ) -> None:
        """A table of numbered boxes, several to a row ("1 text" | "2 text"), each box one
        point: the number typed before the text, or (``number_apart``) as a bold paragraph
        of its own above it."""
        table = self.doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, (number, text) in enumerate(row):
                cell = table.rows[r].cells[c]
                first = cell.paragraphs[0]
                if number_apart:
                    run = first.add_run(number)
                    run.bold = True
                    run.font.size = Pt(16)
                    cell.add_paragraph(text)
                else:
                    lead = first.add_run(number + " ")
                    lead.bold = True
                    first.add_run(text)
                self.record.add_point(text)
        self.doc.add_paragraph()

    def save(self, path: Path) -> None:
        """Save with every zip entry's timestamp fixed, so the bytes are the same each build."""
        buffer = io.BytesIO()
        self.doc.save(buffer)
        path.write_bytes(reproducible_zip(buffer.getvalue()))


_SHAPE_NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
_EMU_PER_PT = 12_700


def _shape_run(shape_id: int, x: int, y: int, cx: int, cy: int, paragraphs: list[Any]) -> Any:
    """A run holding one text box as Word writes it: DrawingML choice, VML fallback copy."""
    from docx.oxml import parse_xml

    pt = {k: round(v / _EMU_PER_PT, 1) for k, v in {"x": x, "y": y, "w": cx, "h": cy}.items()}
    run = parse_xml(
        f"""<w:r {_SHAPE_NS}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>
<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0"
 relativeHeight="{shape_id}" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">
<wp:simplePos x="0" y="0"/>
<wp:positionH relativeFrom="page"><wp:posOffset>{x}</wp:posOffset></wp:positionH>
<wp:positionV relativeFrom="page"><wp:posOffset>{y}</wp:posOffset></wp:positionV>
<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>
<wp:docPr id="{shape_id}" name="Text Box {shape_id}"/><wp:cNvGraphicFramePr/>
<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr>
<a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>
<a:prstGeom prst="roundRect"><a:avLst/></a:prstGeom>
<a:solidFill><a:srgbClr val="E8F0F8"/></a:solidFill>
<a:ln w="19050"><a:solidFill><a:srgbClr val="184678"/></a:solidFill></a:ln></wps:spPr>
<wps:txbx><w:txbxContent/></wps:txbx>
<wps:bodyPr rot="0" vert="horz" wrap="square" anchor="t"/></wps:wsp>
</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
<mc:Fallback><w:pict><v:roundrect style="position:absolute;margin-left:{pt["x"]}pt;
margin-top:{pt["y"]}pt;width:{pt["w"]}pt;height:{pt["h"]}pt;z-index:{shape_id}"
 fillcolor="#e8f0f8" strokecolor="#184678" strokeweight="1.5pt">
<v:textbox><w:txbxContent/></v:textbox></v:roundrect></w:pict></mc:Fallback>
</mc:AlternateContent></w:r>"""
    )
    for content in run.iter(qn("w:txbxContent")):
        for paragraph in paragraphs:
            content.append(copy.deepcopy(paragraph))
    return run


def reproducible_zip(data: bytes) -> bytes:
    """The same zip with fixed timestamps and entry order (python-docx stamps 'now')."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


# -- plain text and Markdown ---------------------------------------------------------------
class BriefText:
    """A plain-text or Markdown brief assembled line by line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.record = Record()

    def raw(self, text: str = "") -> None:
        """A line that is not learning (title, marker, rule, blank)."""
        self.lines.append(text)
        if text.strip():
            self.record.texts.append(text)

    def heading(self, line: str, title: str, role: str) -> None:
        """A heading as the file writes it (``line``) and as a reader names it (``title``)."""
        self.lines.append(line)
        self.record.start_section(title, role)
        self.record.texts[-1] = line

    def review(self, line: str, review: str) -> None:
        """A line naming a review; the points after it belong to it."""
        self.lines.append(line)
        self.record.review = review
        self.record.texts.append(line)

    def point(
        self, line: str | Sequence[str], text: str | None = None, role: str | None = None
    ) -> None:
        """One learning point written as ``line`` (or several wrapped lines); ``role``
        overrides the section's ("Practice point: ..." under a theme)."""
        lines = [line] if isinstance(line, str) else list(line)
        self.lines.extend(lines)
        joined = " ".join(s.strip() for s in lines)
        self.record.add_point(text or _LIST_MARKER.sub("", joined), role=role)

    def save(self, path: Path) -> None:
        """Write UTF-8 with a final newline."""
        path.write_text("\n".join(self.lines).rstrip("\n") + "\n", encoding="utf-8")
