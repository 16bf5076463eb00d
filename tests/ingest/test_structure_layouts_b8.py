"""Layouts met in the eighth set of held-out briefs, each as a general rule on invented text
(issue #12): an e-mailed bulletin's header fields and greeting, a child named by a pseudonym
in a subtitle, "Contacts", numbered circles beside bold headlines, headings set by direct
formatting in Word."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.shared import Pt
from fpdf import FPDF

from core.models import Structure
from ingest.load import load_document
from ingest.manifest import Manifest, derive_title
from ingest.structure import parse_structure

FONTS = Path("/usr/share/fonts/truetype/dejavu")


def _parse(path: Path) -> Structure:
    document = load_document(path)
    return parse_structure(document, Manifest().meta_for(document))


def _titled_pdf(title: str, section: str) -> FPDF:
    """A one-page PDF with a bold title and a section heading under it."""
    pdf = FPDF(format="A4")
    pdf.add_font("Sans", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("Sans", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.add_page()
    pdf.set_font("Sans", "B", 18)
    pdf.cell(0, 10, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Sans", "B", 13)
    pdf.cell(0, 10, section, new_x="LMARGIN", new_y="NEXT")
    return pdf


def _reviews(structure: Structure) -> list[str]:
    return list(dict.fromkeys(b.review for b in structure.blocks))


EMAIL = """From:    Learning Team <learning@wyevale-scp.example>
To:      All practitioners
Date:    Mon, 3 Mar 2025 10:00:00 +0000
Subject: Practice Bulletin No. 4 - learning from two rapid reviews

Dear colleague,

This bulletin shares the learning from two rapid reviews (fictional).


Rapid Review: Baby Q
====================

What we learned
---------------
* Nobody checked that the parents could make up a feed on their own.

Rapid Review: Child W
=====================

What we learned
---------------
* The new school was not told that he had a plan.

Useful contacts
---------------
* Wyevale front door (fictional): 01632 960 111

Kind regards,

Learning and Improvement Officer
Wyevale Safeguarding Children Partnership (fictional)

--
You are receiving this because you are on the practitioner mailing list.
"""


def test_an_emailed_bulletins_header_fields_and_greeting_are_no_learning(tmp_path: Path) -> None:
    path = tmp_path / "bulletin.txt"
    path.write_text(EMAIL, encoding="utf-8")
    got = _parse(path)
    assert _reviews(got) == ["Learning from two rapid reviews (overview)", "Baby Q", "Child W"]
    texts = " ".join(b.text for b in got.blocks)
    for gone in ("From:", "learning@", "Dear colleague", "Kind regards", "Officer", "mailing"):
        assert gone not in texts
    # nothing left out silently: the header fields are metadata, not content
    assert got.coverage == 1.0
    # the bulletin's subject is its title, shown beside every citation
    assert derive_title(load_document(path)) == (
        "Practice Bulletin No. 4 - learning from two rapid reviews"
    )
    contacts = [b for b in got.blocks if "front door" in b.text]
    assert [b.role for b in contacts] == ["further_information"]


def test_a_child_named_by_a_pseudonym_in_a_subtitle_names_the_review(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Spotlight on… private fostering", style="Title")
    document.add_paragraph("Learning from a Local Child Safeguarding Practice Review about Noor")
    document.add_paragraph("Wyevale Safeguarding Children Partnership (fictional) | May 2025")
    document.add_paragraph("Case study: Noor (a pseudonym), aged 14, lived with a family friend.")
    document.add_heading("So what?", level=1)
    document.add_paragraph(
        "Few practitioners saw the arrangement as fostering.", style="List Bullet"
    )
    document.add_paragraph("Noor's school did not ask who she lived with.", style="List Bullet")
    path = tmp_path / "spotlight.docx"
    document.save(str(path))
    assert _reviews(_parse(path)) == ["Noor"]


def test_a_number_in_a_circle_beside_a_headline_numbers_the_point_below_it(
    tmp_path: Path,
) -> None:
    pdf = _titled_pdf("Rapid Review: Child P", "Key messages")
    y = pdf.get_y() + 4
    for n, (headline, body) in enumerate(
        [
            ("Timing matters.", "A request that follows a referral should be checked first."),
            ("Seeing the parent is not seeing the child.", "The adviser never met the boy."),
            ("Off roll is not off the radar.", "No agency had a reason to see him for a year."),
        ],
        start=1,
    ):
        pdf.set_fill_color(40, 90, 160)
        pdf.ellipse(12, y - 1, 9, 9, style="F")
        pdf.set_text_color(255, 255, 255)
        pdf.set_font("Sans", "B", 12)
        pdf.set_xy(12, y + 0.5)
        pdf.cell(9, 6, str(n), align="C")
        pdf.set_text_color(0, 0, 0)
        pdf.set_font("Sans", "B", 11.5)
        pdf.set_xy(26, y - 1)
        pdf.cell(0, 6, headline)
        pdf.set_font("Sans", "", 10)
        pdf.set_xy(26, y + 6)
        pdf.multi_cell(160, 5, f"{body} (Fictional.)")
        y += 24
    path = tmp_path / "circles.pdf"
    path.write_bytes(bytes(pdf.output()))
    got = _parse(path)
    learning = [b for b in got.blocks if b.role == "learning"]
    # one point per headline and its body, numbered as printed, the headline kept as the section
    assert [b.label for b in learning] == ["Key message 1", "Key message 2", "Key message 3"]
    assert "Timing matters." in learning[0].section
    assert learning[1].text.startswith("The adviser never met the boy.")


def test_bold_larger_lines_set_by_hand_are_headings(tmp_path: Path) -> None:
    document = docx.Document()

    def line(text: str, *, bold: bool = False, size: float | None = None) -> None:
        run = document.add_paragraph().add_run(text)
        run.bold = bold
        if size is not None:
            run.font.size = Pt(size)

    line("LCSPR Child H: Learning Brief", bold=True, size=20)
    line("What the review found", bold=True, size=14)
    line("1) Missed appointments were recorded as did not attend (fictional).")
    line("2) Each service discharged Child H after two missed appointments.")
    line("What we are asking you to do", bold=True, size=14)
    line("- Record a missed appointment as was not brought.")
    line("- Tell the referrer when you discharge a child.")
    path = tmp_path / "direct.docx"
    document.save(str(path))
    got = _parse(path)
    assert _reviews(got) == ["Child H"]
    practice = [b for b in got.blocks if b.section == "What we are asking you to do"]
    assert [b.role for b in practice] == ["practice_point", "practice_point"]
    assert [b.label for b in got.blocks if b.role == "learning"] == [
        "Key finding 1",
        "Key finding 2",
    ]


def test_a_timeline_ruled_between_its_rows_only_is_read_row_by_row(tmp_path: Path) -> None:
    pdf = _titled_pdf("Child T: a timeline learning brief", "Timeline of key events")
    rows = [
        ("May 2024", "The school referred T to the wellbeing service after she said she was "
         "hurting herself at night (fictional)."),
        ("July 2024", "The service put T on a waiting list and wrote to her mother."),
        ("October 2024", "T moved to a new school and her file arrived six weeks later."),
    ]  # fmt: skip
    y = pdf.get_y() + 4
    for n, (date, text) in enumerate(rows):
        if n:
            pdf.line(18, y - 2, 55, y - 2)  # a rule between rows, broken at the column edge
            pdf.line(55, y - 2, 190, y - 2)
        pdf.set_font("Sans", "", 9.5)
        pdf.set_xy(58, y)
        pdf.multi_cell(130, 5, text)
        bottom = pdf.get_y()
        pdf.set_font("Sans", "B", 9.5)
        pdf.set_xy(19, (y + bottom) / 2 - 2.5)  # the date centred beside the text
        pdf.cell(34, 5, date)
        y = bottom + 5
    pdf.set_xy(10, y + 4)
    pdf.set_font("Sans", "B", 13)
    pdf.cell(0, 10, "What we learned", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Sans", "", 10)
    pdf.multi_cell(0, 5, "1. A waiting list is not a plan.")
    path = tmp_path / "timeline.pdf"
    path.write_bytes(bytes(pdf.output()))
    got = _parse(path)
    timeline = [b for b in got.blocks if b.section == "Timeline of key events"]
    assert [b.text.split(" — ")[0] for b in timeline] == ["May 2024", "July 2024", "October 2024"]
    assert timeline[0].text.endswith("hurting herself at night (fictional).")
    assert {b.role for b in timeline} == {"summary"}


MD = """Sibling group Q: learning brief
===============================

Learning on a page · Wyevale Safeguarding Children Partnership (fictional)

Background
----------

Four children lived in a cluttered flat (fictional).

> **Key message:** A short burst of improvement is not lasting change.

What this means for you
-----------------------

- **Social workers**
    - Read the chronology before the first visit.
    - Make one unannounced visit in every plan.
- **Schools**
    - Write down what children say about home.
"""


def test_a_list_item_naming_a_group_of_nested_items_is_their_heading(tmp_path: Path) -> None:
    path = tmp_path / "nested.md"
    path.write_text(MD, encoding="utf-8")
    got = _parse(path)
    practice = [b for b in got.blocks if b.role == "practice_point"]
    assert [(b.section, b.label) for b in practice] == [
        ("What this means for you – Social workers", "Practice point 1"),
        ("What this means for you – Social workers", "Practice point 2"),
        ("What this means for you – Schools", "Practice point 3"),
    ]
    # a run-in "Key message:" is a learning point, and the masthead's document type is no point
    assert [b.role for b in got.blocks if "burst" in b.text] == ["learning"]
    assert not [b for b in got.blocks if "Learning on a page" in b.text]
    assert _reviews(got) == ["Sibling Group Q"]
