"""PDF elements: list items and labelled items that wrap in a narrow column are items, not
headings (issue #12 item 1). Fictional text."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from ingest.load import load_document

FONTS = Path("/usr/share/fonts/truetype/dejavu")


def _pdf() -> FPDF:
    pdf = FPDF(format="A4")
    pdf.add_font("Sans", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("Sans", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(False)
    pdf.add_page()
    return pdf


def _write(pdf: FPDF, text: str, *, x: float, w: float, size: float = 10,
           bold: bool = False) -> None:  # fmt: skip
    pdf.set_font("Sans", "B" if bold else "", size)
    pdf.set_x(x)
    pdf.multi_cell(w, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def narrow_items_brief(path: Path) -> Path:
    """A main column of body text with bold label lines, and a shaded box of bold en-dash
    bullets so narrow that each wraps over several short lines."""
    pdf = _pdf()
    pdf.set_fill_color(225, 235, 245)
    pdf.rect(140, 30, 50, 120, style="F")
    pdf.set_y(34)
    _write(pdf, "Key messages", x=144, w=42, size=11, bold=True)
    for line in (
        "– No return home interview was completed after six of the eleven missing episodes.",
        "– Her learning disability was known to school but not recorded by the police.",
    ):
        _write(pdf, line, x=144, w=42, size=9.5, bold=True)
    pdf.set_y(30)
    _write(pdf, "Learning points", x=10, w=120, size=13, bold=True)
    body = " ".join(f"detail{k}" for k in range(25))
    _write(pdf, "Learning point 8: Learning disability is not in itself a risk, but unmet "
           "support needs can be.", x=10, w=120, bold=True)  # fmt: skip
    _write(pdf, f"Her grandmother asked for respite twice and was refused {body}.", x=10, w=120)
    _write(pdf, f"The school recorded each absence on its own {body}.", x=10, w=120)
    path.write_bytes(bytes(pdf.output()))
    return path


def test_wrapping_dash_bullets_in_a_narrow_box_are_list_items(tmp_path: Path) -> None:
    doc = load_document(narrow_items_brief(tmp_path / "narrow.pdf"))
    boxed = [e for e in doc.elements if e.group]
    assert [(e.kind, e.marker, e.text) for e in boxed] == [
        ("heading", None, "Key messages"),
        ("list_item", "–",
         "No return home interview was completed after six of the eleven missing episodes."),
        ("list_item", "–",
         "Her learning disability was known to school but not recorded by the police."),
    ]  # fmt: skip


def test_a_wrapped_bold_label_line_is_a_labelled_item(tmp_path: Path) -> None:
    doc = load_document(narrow_items_brief(tmp_path / "narrow.pdf"))
    main = [e for e in doc.elements if not e.group]
    assert [e.kind for e in main] == ["heading", "list_item", "paragraph", "paragraph"]
    item = main[1]
    assert item.marker_kind == "label" and item.marker == "Learning point 8"
    assert item.text.endswith("but unmet support needs can be.")
