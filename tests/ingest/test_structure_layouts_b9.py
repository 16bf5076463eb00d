"""Layouts met in the ninth set of held-out briefs, each as a general rule on invented text
(issue #12): an outline typed with tabs, a table under a heading row merged across its
columns, "Practice tip:" paragraphs, "Review type: … | Date: …" lines, a child's words
quoted between numbered findings, html tags in Markdown."""

from __future__ import annotations

from pathlib import Path

import docx

from core.models import Structure
from ingest.load import load_document
from ingest.manifest import Manifest
from ingest.structure import parse_structure


def _parse(path: Path) -> Structure:
    document = load_document(path)
    return parse_structure(document, Manifest().meta_for(document))


def _points(structure: Structure) -> list[tuple[str, str, str]]:
    return [(b.section, b.label, b.role) for b in structure.blocks]


OUTLINE = (
    "Child T: learning summary\n"
    "Fictional brief for testing.\n"
    "\n"
    "1\tAbout the review\n"
    "\t1.1\tChild T is nine and lives with her grandmother under a\n"
    "\t\tspecial guardianship order.\n"
    "\n"
    "2\tWhat we learned\n"
    "\t2.1\tSchool\n"
    "\t\t2.1.1\tHer absences were recorded but nobody asked her\n"
    "\t\t\twhy she was late.\n"
    "\t\t2.1.2\tThe school nurse was not told about the order.\n"
    "\t2.2\tHealth\n"
    "\t\t2.2.1\tNo one checked who held parental responsibility.\n"
    "\n"
    "3\tRecommendations\n"
    "\t3.1\tSchools will ask who holds parental responsibility at\n"
    "\t\tadmission.\n"
)


def test_an_outline_typed_with_tabs_is_numbered_headings_and_items(tmp_path: Path) -> None:
    path = tmp_path / "outline.txt"
    path.write_text(OUTLINE, encoding="utf-8")
    structure = _parse(path)
    points = _points(structure)
    assert ("1. About the review", "Summary 1.1", "summary") in points
    # sub-headings numbered under "2" are parts of it, with its role; the items keep their
    # printed numbers, and a wrapped line stays with its item
    assert ("2. What we learned – 2.1 School", "Key learning 2.1.1", "learning") in points
    assert ("2. What we learned – 2.2 Health", "Key learning 2.2.1", "learning") in points
    assert ("3. Recommendations", "Recommendation 3.1", "recommendation") in points
    assert len([p for p in points if p[0] != "Summary"]) == 5  # the title block aside
    wrapped = next(b for b in structure.blocks if b.label == "Key learning 2.1.1")
    assert wrapped.text.endswith("why she was late.")
    assert structure.coverage == 1.0


def test_a_heading_row_merged_across_a_table_heads_the_rows_below_it(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Family D: learning brief", 0)
    document.add_paragraph("Fictional brief for testing.")
    document.add_heading("About Family D", 1)
    document.add_paragraph("Family D are a mother and two children (fictional).")
    table = document.add_table(rows=3, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 2))
    merged.text = "What the review of Family D learned"
    for column, text in enumerate(["Learning", "What this means", "What you can do"]):
        table.cell(1, column).text = text
    for column, text in enumerate(
        [
            "The drug worker did not know there was a baby.",
            "Treatment plans are plans about children too.",
            "Ask who lives at home at every review.",
        ]
    ):
        table.cell(2, column).text = text
    path = tmp_path / "merged.docx"
    document.save(str(path))
    structure = _parse(path)
    row = structure.blocks[-1]
    assert (row.section, row.label, row.role) == (
        "What the review of Family D learned",
        "Key learning 1",
        "learning",
    )
    assert row.practice  # the "What you can do" column says what to do
    assert not any(b.text.startswith("Learning — What this means") for b in structure.blocks)


def test_practice_tip_paragraphs_are_practice_points_and_review_type_lines_metadata(
    tmp_path: Path,
) -> None:
    document = docx.Document()
    document.add_heading("Learning from rapid reviews (fictional)", 0)
    document.add_heading("Child G", 2)
    document.add_paragraph("Review type: Rapid Review | Date: 3 March 2025")
    document.add_paragraph("Child G, aged eight, cared for his father (fictional).")
    document.add_heading("What we learned", 3)
    document.add_paragraph("Nobody asked who helped his father at home.")
    document.add_paragraph("Practice tip: ask every adult with care needs who helps them.")
    path = tmp_path / "tips.docx"
    document.save(str(path))
    points = _points(_parse(path))
    assert ("What we learned", "Practice point 1", "practice_point") in points
    assert ("What we learned", "Key learning 1", "learning") in points
    assert not any("Review type" in label for _, label, _ in points)
    assert len(points) == 3  # the summary paragraph, the finding, the tip


QUOTED = """# Child N: learning brief

Fictional brief for testing.

## What the review found

1. Child N's missed appointments were recorded as his choice.

"I wanted to go but nobody took me." – Child N

2. The school nurse escalated twice without a reply.

## What children told us

"Nobody asked me what I wanted."

"I was scared to say."
"""


def test_a_quotation_between_findings_belongs_to_the_finding_above(tmp_path: Path) -> None:
    path = tmp_path / "quoted.md"
    path.write_text(QUOTED, encoding="utf-8")
    structure = _parse(path)
    found = [b for b in structure.blocks if b.section == "What the review found"]
    assert [b.label for b in found] == ["Key finding 1", "Key finding 2"]
    assert found[0].text.endswith("– Child N")
    # quotations under a heading of their own are each a point
    told = [b for b in structure.blocks if b.section == "What children told us"]
    assert len(told) == 2


def test_html_tags_in_markdown_are_markup_not_dropped_words(tmp_path: Path) -> None:
    path = tmp_path / "details.md"
    path.write_text(
        "# Baby P: learning brief\n\nFictional brief for testing.\n\n## Learning\n\n"
        "- Safe sleep advice was given to one parent only.<br>Both need it.\n\n"
        "<details>\n<summary>Further information</summary>\n\n"
        "- Safe sleep leaflet (fictional), on the partnership website.\n\n</details>\n",
        encoding="utf-8",
    )
    structure = _parse(path)
    assert structure.coverage == 1.0
    assert structure.dropped == ()
