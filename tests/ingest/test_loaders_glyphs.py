"""Bullet glyphs typed in the text ("› ", "» ", "▪ ", "◦ ", "➢ ", "✓ "): every loader reads a
line that opens with one of :data:`core.text.BULLET_GLYPHS` as a bulleted list item, the glyph
its marker and not part of its words. Fictional text."""

from __future__ import annotations

from pathlib import Path

import pytest
from fpdf import FPDF

from core.models import LoadedDocument
from core.text import BULLET_GLYPHS
from ingest.load import load_document
from tests.builders import make_docx

FONTS = Path("/usr/share/fonts/truetype/dejavu")
GLYPHS = ("›", "»", "▪", "◦", "➢", "✓")
ITEMS = (
    "Westmarsh SCP protocol for children who go missing, on the partnership website.",
    "Return home interviews: guidance for commissioned services.",
)


def _brief(tmp_path: Path, fmt: str, glyph: str) -> LoadedDocument:
    lines = [f"{glyph} {item}" for item in ITEMS]
    if fmt in ("txt", "md"):
        heading = "Further information" if fmt == "txt" else "## Further information"
        path = tmp_path / f"brief.{fmt}"
        path.write_text(f"{heading}\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    elif fmt == "docx":
        path = make_docx(
            tmp_path / "brief.docx",
            [{"heading": "Further information", "level": 1}, *({"paragraph": t} for t in lines)],
        )
    else:
        pdf = FPDF(format="A4")
        pdf.add_font("Sans", "", str(FONTS / "DejaVuSans.ttf"))
        pdf.add_font("Sans", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        pdf.add_page()
        pdf.set_font("Sans", "B", 14)
        pdf.multi_cell(0, 8, "Further information", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Sans", "", 10)
        for item in ITEMS:
            y = pdf.get_y()
            pdf.cell(6, 5, glyph)
            pdf.set_xy(pdf.l_margin + 6, y)
            pdf.multi_cell(0, 5, item, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1.5)
        path = tmp_path / "brief.pdf"
        path.write_bytes(bytes(pdf.output()))
    return load_document(path)


@pytest.mark.parametrize("glyph", GLYPHS)
@pytest.mark.parametrize("fmt", ["txt", "md", "docx", "pdf"])
def test_a_line_opening_with_a_bullet_glyph_is_a_bulleted_item(
    tmp_path: Path, fmt: str, glyph: str
) -> None:
    doc = _brief(tmp_path, fmt, glyph)
    items = [(e.kind, e.marker, e.marker_kind, e.text) for e in doc.elements if e.kind != "heading"]
    assert items == [("list_item", glyph, "bullet", item) for item in ITEMS]


def test_the_glyphs_are_one_set() -> None:
    assert set(GLYPHS) <= set(BULLET_GLYPHS)
