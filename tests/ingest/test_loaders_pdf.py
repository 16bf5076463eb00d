"""PDF loader: elements from the layout (fpdf2 builds each fictional PDF in the test)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fpdf import FPDF

from core.errors import DocumentError
from core.models import Element, LoadedDocument
from ingest.load import load_document
from ingest.loaders import Limits
from tests.builders import make_pdf

HEADER = "Fictional Harbour Partnership - Learning brief"
LEFT = (
    "Left column words about the voice of the child. Practitioners should speak to the "
    "child alone, in a safe place, and record what the child says in their own words. "
) * 3
RIGHT = (
    "Right column words about fathers. Every adult in the household should be named, "
    "checked and assessed for the risk or the protection they bring to the child. "
) * 3


class _Brief(FPDF):
    def header(self) -> None:
        self.set_font("Helvetica", size=8)
        self.set_xy(10, 8)
        self.cell(0, 5, HEADER)

    def footer(self) -> None:
        self.set_font("Helvetica", size=8)
        self.set_xy(10, -12)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="C")


def _text(pdf: FPDF, y: float, text: str, size: float = 10, bold: bool = False, x: float = 10,
          w: float = 190) -> float:  # fmt: skip
    pdf.set_font("Helvetica", "B" if bold else "", size)
    pdf.set_xy(x, y)
    pdf.multi_cell(w, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
    return pdf.get_y() + 2


def _row(pdf: FPDF, y: float, cells: tuple[str, str], bold: bool = False) -> float:
    pdf.set_font("Helvetica", "B" if bold else "", 10)
    pdf.set_xy(10, y)
    pdf.cell(50, 8, cells[0], border=1)
    pdf.cell(140, 8, cells[1], border=1)
    return y + 8


def _build(path: Path) -> Path:
    pdf = _Brief(format="A4")
    pdf.alias_nb_pages()
    pdf.set_auto_page_break(False)
    pdf.add_page()
    y = _text(pdf, 20, "Learning brief: Baby J (fictional)", size=20, bold=True)
    y = _text(pdf, y + 2, "Key learning", size=14, bold=True)
    y = _text(pdf, y, "Baby J (invented for this test) was seen by five agencies in a year.")
    y = _text(pdf, y, "1. Bruising in a non-mobile baby must lead to a same-day referral.")
    y = _text(pdf, y, "2. Share the chronology with every agency before the meeting.")
    # item 3 starts at the foot of page 1 and finishes on page 2
    _text(
        pdf,
        262,
        "3. The health visitor should see the baby with both parents and record the outcome",
    )
    pdf.add_page()
    y = _text(pdf, 20, "of the referral and the strategy discussion.")
    y = _text(pdf, y + 4, "Two columns", size=14, bold=True)
    _text(pdf, y, LEFT, x=10, w=85)
    _text(pdf, y, RIGHT, x=110, w=90)
    pdf.add_page()
    y = _text(pdf, 20, "Actions", size=14, bold=True)
    y = _row(pdf, y, ("Agency", "Action"), bold=True)
    for agency in ("Health", "Police", "Education"):
        y = _row(pdf, y, (agency, f"{agency} shares the chronology within two days."))
    pdf.add_page()
    y = _row(pdf, 20, ("Agency", "Action"), bold=True)
    for agency in ("Housing", "Probation"):
        y = _row(pdf, y, (agency, f"{agency} attends every strategy meeting."))
    path.write_bytes(bytes(pdf.output()))
    return path


@pytest.fixture(scope="module")
def brief(tmp_path_factory: pytest.TempPathFactory) -> LoadedDocument:
    return load_document(_build(tmp_path_factory.mktemp("pdf") / "baby-j.pdf"))


def find(doc: LoadedDocument, words: str) -> Element:
    matches = [e for e in doc.elements if words in e.text]
    assert len(matches) == 1, (words, [(e.kind, e.text[:40]) for e in doc.elements])
    return matches[0]


def test_headings_from_font_size_and_title(brief: LoadedDocument) -> None:
    title = find(brief, "Learning brief: Baby J")
    assert (title.kind, title.level, title.page) == ("title", 0, 1)
    heading = find(brief, "Key learning")
    assert (heading.kind, heading.level, heading.bold) == ("heading", 1, True)
    assert heading.size is not None and heading.size > 1.2
    assert find(brief, "seen by five agencies").kind == "paragraph"


def test_running_header_and_page_numbers_are_boilerplate(brief: LoadedDocument) -> None:
    left_out = [brief.text[a:b] for a, b in brief.boilerplate]
    assert left_out.count(HEADER) == 4
    assert sum(1 for t in left_out if t.startswith("Page ")) == 4
    assert not [e for e in brief.elements if HEADER in e.text or "Page 1 of" in e.text]


def test_item_across_a_page_break_is_joined(brief: LoadedDocument) -> None:
    item = find(brief, "The health visitor should see the baby")
    assert (item.kind, item.marker, item.page) == ("list_item", "3", 1)
    assert item.text.endswith("record the outcome of the referral and the strategy discussion.")
    assert brief.page_at(item.start) == 1
    assert brief.page_at(brief.text.index("strategy discussion.", item.start)) == 2
    assert brief.text[item.start : item.end].endswith("strategy discussion.")


def test_two_columns_are_read_left_then_right(brief: LoadedDocument) -> None:
    left = find(brief, "Left column words")
    right = find(brief, "Right column words")
    order = list(brief.elements)
    assert order.index(left) < order.index(right)
    assert left.text == " ".join(LEFT.split()) and right.text == " ".join(RIGHT.split())
    assert left.page == right.page == 2


def test_ruled_table_rows_and_repeated_header(brief: LoadedDocument) -> None:
    rows = [e for e in brief.elements if e.kind == "table_row"]
    assert [(r.cells[0], r.header, r.page) for r in rows] == [
        ("Agency", True, 3),
        ("Health", False, 3),
        ("Police", False, 3),
        ("Education", False, 3),
        ("Agency", True, 4),
        ("Housing", False, 4),
        ("Probation", False, 4),
    ]


def test_spans_hold_the_elements_words(brief: LoadedDocument) -> None:
    for element in brief.elements:
        source = " ".join(brief.text[element.start : element.end].split())
        assert element.text.split()[0] in source and element.text.split()[-1] in source, element
        assert brief.page_at(element.start) == element.page


def test_text_and_pages_are_unchanged_by_the_layout(brief: LoadedDocument) -> None:
    assert len(brief.pages) == 4
    assert brief.pages[-1].end == len(brief.text)


def test_glyph_name_text_is_refused(tmp_path: Path) -> None:
    # What pypdf returns for a font without a ToUnicode map.
    garbage = " ".join(f"/g{n % 40}/g{(n * 7) % 40}/g{(n * 3) % 40}" for n in range(120))
    path = make_pdf(tmp_path / "type3.pdf", [garbage])
    with pytest.raises(
        DocumentError, match="text could not be extracted — fonts without a Unicode map"
    ):
        load_document(path)
    cids = " ".join(f"(cid:{n % 90})" for n in range(300))
    path = make_pdf(tmp_path / "cid.pdf", [cids])
    with pytest.raises(DocumentError, match="OCR is not supported"):
        load_document(path)


def test_non_words_are_refused_but_real_text_is_not(tmp_path: Path) -> None:
    noise = " ".join("qzx" + str(n) + "#%" for n in range(200))
    with pytest.raises(DocumentError, match="fonts without a Unicode map"):
        load_document(make_pdf(tmp_path / "noise.pdf", [noise]))
    real = "Practitioners should see the child alone. " * 20
    assert load_document(make_pdf(tmp_path / "real.pdf", [real])).elements


def _pages(path: Path, count: int) -> Path:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=10)
    for n in range(count):
        pdf.add_page()
        pdf.cell(0, 10, f"Page text {n}")
    path.write_bytes(bytes(pdf.output()))
    return path


def test_pdf_over_the_page_limit_is_refused(tmp_path: Path) -> None:
    path = _pages(tmp_path / "long.pdf", 30)
    with pytest.raises(DocumentError, match="has 30 pages, more than the limit of 20"):
        load_document(path, limits=Limits(max_pdf_pages=20))
    assert load_document(path, limits=Limits(max_pdf_pages=30)).pages[-1].page == 30


def test_pdf_parse_watchdog(tmp_path: Path) -> None:
    path = _pages(tmp_path / "slow.pdf", 5)
    with pytest.raises(DocumentError, match="too large or complex"):
        load_document(path, limits=Limits(parse_timeout_s=1e-9))


@pytest.mark.slow
def test_five_thousand_page_pdf_ends_refused_by_the_page_limit(tmp_path: Path) -> None:
    path = _pages(tmp_path / "huge.pdf", 5000)
    with pytest.raises(DocumentError, match="REVIEW_ASSISTANT_MAX_PDF_PAGES"):
        load_document(path)


@pytest.mark.parametrize("rounded", [False, True], ids=["rectangles", "rounded-curves"])
def test_drawn_boxes_are_read_box_by_box(tmp_path: Path, rounded: bool) -> None:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    _text(pdf, 15, "7 Minute Briefing: Baby T (fictional)", size=18, bold=True)
    for n in range(4):
        x, y = (15 + (n % 2) * 95, 40 + (n // 2) * 110)
        pdf.rect(x, y, 85, 100, round_corners=rounded, corner_radius=5)  # rounded: curves
        _text(pdf, y + 4, f"{n + 1} Box heading {n + 1}", size=12, bold=True, x=x + 3, w=79)
        _text(pdf, y + 14, f"Box {n + 1} says the child should be seen. " * 4, x=x + 3, w=79)
    path = tmp_path / "boxes.pdf"
    path.write_bytes(bytes(pdf.output()))
    doc = load_document(path)
    boxed = [e for e in doc.elements if e.group]
    assert [(e.kind, e.text.split()[:2]) for e in boxed] == [
        item
        for n in range(1, 5)
        for item in (("heading", [str(n), "Box"]), ("paragraph", ["Box", str(n)]))
    ]
    assert len({e.group for e in boxed}) == 4


def test_long_layout_falls_back_to_text_rules_per_page(tmp_path: Path) -> None:
    pages = [f"Key learning {n}\n\n- Point {n} says see the child alone." for n in range(1, 5)]
    path = make_pdf(tmp_path / "fallback.pdf", pages)
    doc = load_document(path, limits=Limits(layout_share=0.0))
    items = [e for e in doc.elements if e.kind == "list_item"]
    assert [(e.text, e.page) for e in items] == [
        (f"Point {n} says see the child alone.", n) for n in range(1, 5)
    ]
    for element in doc.elements:
        assert element.text.split()[-1] in doc.text[element.start : element.end]


def test_paragraph_spacing_starts_a_new_paragraph(tmp_path: Path) -> None:
    # two paragraphs whose last lines run to the edge and end a sentence, told apart only by
    # the extra space between them (more than between their lines)
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    _text(pdf, 15, "Learning (fictional)", size=14, bold=True)
    paragraphs = [
        ["The first paragraph says that the baby should be seen at every single contact",
         "by name, and that what the practitioner sees is recorded on the same day."],
        ["The second paragraph says that the father should be spoken to on his own and",
         "that his history is checked with probation before the baby is discharged."],
        ["The third paragraph says that a plan is shared with every agency in writing",
         "and that the plan names who will see the baby and when they will do it."],
    ]  # fmt: skip
    y = 30.0
    pdf.set_font("Helvetica", size=10)
    for lines in paragraphs:
        for line in lines:
            pdf.set_xy(10, y)
            pdf.cell(190, 5, line)
            y += 5
        y += 1.5  # paragraph spacing: 1.5 mm beyond the line spacing (less than a line)
    path = tmp_path / "spacing.pdf"
    path.write_bytes(bytes(pdf.output()))
    doc = load_document(path)
    found = [e.text for e in doc.elements if e.kind == "paragraph"]
    assert [p.split()[1] for p in found] == ["first", "second", "third"]


TABLE_WIDTHS = [35.0, 70.0, 70.0]
TABLE_HEADER = ["Theme", "What happened", "What to do"]
TABLE_ROWS = [
    [f"Theme {n}", f"Finding {n} says the baby was not seen at home for weeks.",
     f"Action {n} says see the baby at every visit and record it."]
    for n in range(1, 6)
]  # fmt: skip


def _cells(pdf: FPDF, y: float, cells: list[str], widths: list[float], bold: bool = False) -> float:
    pdf.set_font("Helvetica", "B" if bold else "", 10)
    x, bottom = 10.0, y
    for text, width in zip(cells, widths, strict=True):
        pdf.set_xy(x, y)
        pdf.multi_cell(width, 5, text, new_x="LEFT", new_y="NEXT")
        bottom = max(bottom, pdf.get_y())
        x += width + 6
    return bottom + 3


def test_unruled_table_rows_with_a_header_repeated_on_the_next_page(tmp_path: Path) -> None:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    widths, header, rows = TABLE_WIDTHS, TABLE_HEADER, TABLE_ROWS
    pdf.add_page()
    y = _text(pdf, 15, "Learning table (fictional)", size=14, bold=True)
    y = _cells(pdf, y + 4, header, widths, bold=True)
    for row in rows[:3]:
        y = _cells(pdf, y, row, widths)
    pdf.add_page()
    y = _cells(pdf, 15, header, widths, bold=True)  # the header row again
    for row in rows[3:]:
        y = _cells(pdf, y, row, widths)
    y = _text(pdf, y + 4, "A closing paragraph that runs across the whole width of the page. " * 2)
    path = tmp_path / "unruled.pdf"
    path.write_bytes(bytes(pdf.output()))
    doc = load_document(path)
    table = [e for e in doc.elements if e.kind == "table_row"]
    assert [(e.cells, e.header, e.page) for e in table] == [
        (tuple(header), True, 1),
        *[(tuple(r), False, 1) for r in rows[:3]],
        (tuple(header), True, 2),
        *[(tuple(r), False, 2) for r in rows[3:]],
    ]
    for element in table[1:]:
        assert element.cells[0] in doc.text[element.start : element.end]
    assert find(doc, "A closing paragraph").kind == "paragraph"


def test_two_columns_of_text_are_not_an_unruled_table(tmp_path: Path) -> None:
    # side-by-side bold headings over two columns of paragraphs look like a header row
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    _text(pdf, 15, "Two column brief (fictional)", size=16, bold=True)
    _text(pdf, 30, "Background", bold=True, x=10, w=90)
    _text(pdf, 30, "Key findings", bold=True, x=110, w=90)
    y_left = _text(pdf, 37, LEFT, x=10, w=90)
    _text(pdf, y_left + 2, LEFT, x=10, w=90)
    y_right = _text(pdf, 37, RIGHT, x=110, w=90)
    _text(pdf, y_right + 6, RIGHT, x=110, w=90)
    path = tmp_path / "columns.pdf"
    path.write_bytes(bytes(pdf.output()))
    doc = load_document(path)
    assert not [e for e in doc.elements if e.kind == "table_row"]
    headings = [e.text for e in doc.elements if e.kind == "heading"]
    assert headings[-2:] == ["Background", "Key findings"]


def test_unruled_table_carries_on_at_the_top_of_the_next_page(tmp_path: Path) -> None:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    widths, rows = TABLE_WIDTHS, TABLE_ROWS
    pdf.add_page()
    y = _text(pdf, 15, "Learning table (fictional)", size=14, bold=True)
    y = _cells(pdf, 200, TABLE_HEADER, widths, bold=True)
    for row in rows[:3]:
        y = _cells(pdf, y, row, widths)  # runs to the foot of the page
    pdf.add_page()
    y = 20.0
    for row in rows[3:]:  # no header row on the second page
        y = _cells(pdf, y, row, widths)
    _text(pdf, y + 6, "After the table comes a paragraph across the whole page width. " * 2)
    path = tmp_path / "continued.pdf"
    path.write_bytes(bytes(pdf.output()))
    doc = load_document(path)
    table = [(e.cells, e.header, e.page) for e in doc.elements if e.kind == "table_row"]
    assert table[1:] == [(tuple(r), False, 1) for r in rows[:3]] + [
        (tuple(r), False, 2) for r in rows[3:]
    ]
    assert find(doc, "After the table comes").kind == "paragraph"


def sidebar_brief(path: Path, filled: bool = True) -> Path:
    """A narrow main column beside a shaded "Key facts" box, a running header from page 2."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    _text(pdf, 12, "Learning brief: Child Z (fictional)", size=16, bold=True)
    pdf.set_fill_color(220, 232, 244)
    pdf.rect(140, 30, 58, 80, style="F" if filled else "D")
    _text(pdf, 34, "Key facts", size=11, bold=True, x=143, w=52)
    y = 42.0
    for fact in (
        "Child Z was six years old.",
        "Agencies involved: health visiting, police, the nursery, children's social care.",
        "Period reviewed: 2021 to 2023.",
    ):
        y = _text(pdf, y, fact, size=9, x=143, w=52) + 3
    _text(pdf, 32, "What happened", size=13, bold=True, x=10, w=122)
    y = 40.0
    for n in range(4):
        words = " ".join(f"{('bruises', 'hunger', 'sleep', 'school')[n]}{k}" for k in range(30))
        y = _text(pdf, y, f"Main column paragraph {n + 1} says the nursery saw {words}.",
                  x=10, w=122) + 3  # fmt: skip
    pdf.add_page()
    _text(pdf, 8, "Fictional Partnership · Child Z", size=7, x=10)
    _text(pdf, 30, "Main column carries on about the nursery and the health visitor.")
    path.write_bytes(bytes(pdf.output()))
    return path


def test_a_shaded_sidebar_is_read_as_its_own_box(tmp_path: Path) -> None:
    doc = load_document(sidebar_brief(tmp_path / "sidebar.pdf"))
    boxed = [e for e in doc.elements if e.group]
    assert [e.text for e in boxed] == [
        "Key facts",
        "Child Z was six years old.",
        "Agencies involved: health visiting, police, the nursery, children's social care.",
        "Period reviewed: 2021 to 2023.",
    ]  # the label's value that wrapped onto the next line stays with its label
    main = [e for e in doc.elements if not e.group and e.text.startswith("Main column")]
    assert len(main) == 5
    assert not any("Agencies" in e.text or "Period" in e.text for e in main)
    # the box comes before the main column's heading beside its top edge
    texts = [e.text for e in doc.elements]
    assert texts.index("Key facts") < texts.index("What happened")
    # the running header that starts on page 2 is furniture, not content
    assert not any("Fictional Partnership" in e.text for e in doc.elements)
    assert find(doc, "Main column carries on").page == 2


def test_a_lone_unfilled_frame_is_left_to_the_column_rules(tmp_path: Path) -> None:
    doc = load_document(sidebar_brief(tmp_path / "frame.pdf", filled=False))
    assert not any(e.group for e in doc.elements)


def _asides_brief(path: Path) -> Path:
    """Body text with a pull quote beside it in large italics, a rotated margin label, a
    caption, a footnote in small type and a bold header row set smaller than its table."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    _text(pdf, 12, "Rapid Review: Child Y (fictional)", size=16, bold=True)
    _text(pdf, 26, "What happened", size=13, bold=True)
    y = 34.0
    for n in range(3):
        text = (
            f"Body paragraph {n + 1} tells how the nursery noticed that Child Y was limping "
            "and asked her mother, who said she had fallen over."
        )
        y = _text(pdf, y, text, w=120) + 2
    pdf.set_font("Helvetica", "I", 14)
    pdf.set_xy(148, 36)
    pdf.multi_cell(50, 7, '"Nobody asked me why I was limping."', new_x="LMARGIN", new_y="NEXT")
    with pdf.rotation(90, x=6, y=200):
        pdf.set_font("Helvetica", size=7)
        pdf.set_xy(6, 200)
        pdf.cell(60, 4, "Fictional partnership draft")
    _text(pdf, y + 4, "Figure 1: The contacts with Child Y by month", size=8)
    y += 16
    pdf.set_font("Helvetica", "B", 8)
    for text, x in (("Theme", 10), ("What we found", 60)):
        pdf.set_xy(x, y)
        pdf.cell(40, 5, text)
    y += 8
    for theme, found in (("Fathers", "The father was not seen by any professional at any "
                          "point in the year before the injury."),
                         ("Records", "Records did not say what the child said or how she "
                          "seemed when she was asked about the limp."),
                         ("Health", "The limp was not examined by a doctor, although the "
                          "nursery asked the mother to take her.")):  # fmt: skip
        pdf.set_font("Helvetica", "", 10)
        pdf.set_xy(10, y)
        pdf.cell(40, 5, theme)
        pdf.set_xy(60, y)
        pdf.multi_cell(80, 5, found, new_x="LMARGIN", new_y="NEXT")
        y = pdf.get_y() + 3
    _text(pdf, 262, "1 The review used the fictional partnership's injury guidance.", size=7)
    path.write_bytes(bytes(pdf.output()))
    return path


def test_pull_quotes_rotated_text_captions_and_footnotes_land(tmp_path: Path) -> None:
    from ingest.manifest import Manifest
    from ingest.structure import parse_structure

    doc = load_document(_asides_brief(tmp_path / "asides.pdf"))
    quote = find(doc, "Nobody asked me why I was limping")
    assert quote.kind == "paragraph"  # set large, but not a heading
    assert "Nobody" not in find(doc, "Body paragraph 1").text
    assert not [e for e in doc.elements if "draft" in e.text]  # rotated: page furniture
    assert any("Fictional partnership draft" in doc.text[a:b] for a, b in doc.boilerplate)
    header = [e for e in doc.elements if e.kind == "table_row" and e.header]
    assert [e.cells for e in header] == [("Theme", "What we found")]  # bold, set smaller
    structure = parse_structure(doc, Manifest().meta_for(doc))
    assert structure.coverage == 1.0, structure.dropped
    notes = [b for b in structure.blocks if b.section == "Notes"]
    assert [b.role for b in notes] == ["further_information"]
    assert {b.section for b in structure.blocks if "Body paragraph" in b.text} == {"What happened"}


def test_two_boxes_side_by_side_are_two_boxes_not_a_table(tmp_path: Path) -> None:
    # a newsletter's two reviews in framed boxes whose lines sit on the same baselines: read
    # row by row they look like an unruled two-column table
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    _text(pdf, 12, "Practice newsletter (fictional)", size=18, bold=True)
    for n, (who, act) in enumerate((("Child L", "school"), ("Baby T", "probation"))):
        x = 15 + n * 95
        _text(pdf, 40, who, size=13, bold=True, x=x + 3, w=79)
        _text(pdf, 50, "Learning", size=11, bold=True, x=x + 3, w=79)
        for row in range(4):
            _text(pdf, 58 + row * 6, f"- The {act} did not share point {row + 1}.", x=x + 3, w=79)
        pdf.rect(x, 36, 85, 60)
    path = tmp_path / "two-boxes.pdf"
    path.write_bytes(bytes(pdf.output()))
    doc = load_document(path)
    assert not [e for e in doc.elements if e.kind == "table_row"]
    texts = [e.text for e in doc.elements]
    left = [t for t in texts if "school" in t]
    assert len(left) == 4 and all("probation" not in t for t in left)
    assert texts.index("Child L") < texts.index(left[0]) < texts.index("Baby T")
