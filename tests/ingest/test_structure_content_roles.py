"""The structurer on sections whose headings name no role, contents lists, metadata lines
and tables of numbered boxes (issue #12, briefs in unfamiliar layouts). All text is
fictional."""

from __future__ import annotations

import pytest

from core.models import Structure
from ingest.structure import parse_structure
from tests.ingest.elements import META, document


# headings set in bold (as a PDF or Word brief sets them), so they are headings for sure
def _rows(structure: Structure) -> list[tuple[str, str, str]]:
    return [(b.section, b.label, b.role) for b in structure.blocks]


def _bullets(*texts: str) -> list[tuple[str, str, dict[str, str]]]:
    return [("list_item", t, {"marker": "•", "marker_kind": "bullet"}) for t in texts]


def test_roles_read_from_content_when_the_heading_names_none() -> None:
    doc = document(
        ("title", "Bite-size briefing"),
        ("heading", "Learning from the LCSPR about Child Q", {"level": 1}),
        ("heading", "The issue", {"level": 2, "bold": True}),
        ("paragraph", "Child Q was five when her mother took her to hospital (fictional)."),
        ("paragraph", "The family had moved twice and the school recorded she was hungry."),
        ("heading", "How it shows itself", {"level": 2, "bold": True}),
        *_bullets(
            "Her weight was recorded but never compared with earlier figures.",
            "No single professional held the whole history.",
        ),
        ("heading", "Ways to approach it", {"level": 2, "bold": True}),
        *_bullets(
            "Ask the family where they lived before.",
            "Always plot the weight on the growth chart.",
            "If you are unsure, ask your safeguarding lead the same day.",
        ),
        ("heading", "Group activity", {"level": 2, "bold": True}),
        *_bullets("Discuss a family who moved recently.", "In your team, list who holds it."),
        ("heading", "Our partnership", {"level": 2, "bold": True}),
        ("paragraph", "The partnership brings together the council, police and health."),
    )
    rows = _rows(parse_structure(doc, META))
    assert rows == [
        ("The issue", "The issue, paragraph 1", "summary"),
        ("The issue", "The issue, paragraph 2", "summary"),
        ("How it shows itself", "Key learning 1", "learning"),
        ("How it shows itself", "Key learning 2", "learning"),
        ("Ways to approach it", "Practice point 1", "practice_point"),
        ("Ways to approach it", "Practice point 2", "practice_point"),
        ("Ways to approach it", "Practice point 3", "practice_point"),
        ("Group activity", "Reflective question 1", "reflective_question"),
        ("Group activity", "Reflective question 2", "reflective_question"),
        # content that says no role keeps none
        ("Our partnership", "Our partnership, paragraph 1", "other"),
    ]


def test_printed_letters_kept_on_inferred_labels() -> None:
    doc = document(
        ("heading", "Rapid Review: Baby Q", {"level": 1}),
        ("heading", "Making it real", {"level": 2, "bold": True}),
        (
            "list_item",
            "Ask both parents how they cope.",
            {"marker": "(a)", "marker_kind": "letter"},
        ),
        ("list_item", "Refer any bruise the same day.", {"marker": "(b)", "marker_kind": "letter"}),
    )
    labels = [b.label for b in parse_structure(doc, META).blocks]
    assert labels == ["Practice point (a)", "Practice point (b)"]


def test_a_story_after_the_learning_is_not_the_case_summary() -> None:
    doc = document(
        ("heading", "Rapid Review: Baby Q", {"level": 1}),
        ("heading", "Key learning", {"level": 2, "bold": True}),
        *_bullets("Bruising in a non-mobile baby needs a referral."),
        ("heading", "A practitioner's view", {"level": 2, "bold": True}),
        ("paragraph", "The health visitor said she had seen the mother twice that week."),
        ("paragraph", "She said the family had seemed settled and the baby was feeding well."),
    )
    roles = {b.section: b.role for b in parse_structure(doc, META).blocks}
    assert roles["A practitioner's view"] == "other"


def test_a_contents_list_is_navigation_not_points() -> None:
    doc = document(
        ("title", "One minute guide"),
        ("heading", "Rapid Review: Baby Q", {"level": 1}),
        ("heading", "Contents", {"level": 1}),
        *_bullets("The family", "Learning includes"),
        ("heading", "The family", {"level": 1}),
        ("paragraph", "Baby Q was born early and spent a month in hospital (fictional)."),
        ("heading", "Learning includes:", {"level": 1}),
        *_bullets("A bruise on a non-mobile baby is a sign of possible abuse."),
    )
    structure = parse_structure(doc, META)
    assert _rows(structure) == [
        ("The family", "The family, paragraph 1", "summary"),
        ("Learning includes", "Key learning 1", "learning"),
    ]
    assert structure.coverage == 1.0 and structure.dropped == ()


def test_contents_lines_run_together_by_a_pdf_are_navigation() -> None:
    doc = document(
        ("heading", "Serious Case Review: Child Q", {"level": 1}),
        ("heading", "Contents", {"level": 3}),
        ("heading", "Background Findings include What we learned", {"level": 4}),
        ("heading", "Background", {"level": 2, "bold": True}),
        ("paragraph", "Child Q was eleven and used a wheelchair (fictional)."),
        ("heading", "Findings include:", {"level": 2, "bold": True}),
        *_bullets("Her absence was never followed up with a visit."),
        ("heading", "What we learned", {"level": 2, "bold": True}),
        ("paragraph", "A child who cannot speak depends on adults noticing."),
    )
    structure = parse_structure(doc, META)
    assert [b.section for b in structure.blocks] == [
        "Background",
        "Findings include",
        "What we learned",
    ]
    assert structure.coverage == 1.0


@pytest.mark.parametrize("run_together", [False, True])
def test_contents_entries_match_numbered_headings(run_together: bool) -> None:
    # entries without numbers, one a line (or run together by a PDF), over headings that are
    # numbered "1. About this review": case, punctuation and heading numbers are ignored
    entries = [
        "About this review",
        "What happened?",
        "learning points",
        "What professionals should do",
        "Questions to consider",
        "Further information",
    ]
    # (a PDF's run-together entries come as one plain line in body type, a guessed heading)
    joined = ("heading", " ".join(entries), {"level": 4, "size": 1.0})
    listed = [joined] if run_together else _bullets(*entries)
    doc = document(
        ("heading", "LCSPR: Child Q", {"level": 1}),
        ("paragraph", "This brief sets out what the review of Child Q found (fictional)."),
        ("heading", "Contents", {"level": 2, "bold": True}),
        *listed,
        ("heading", "1. About this review", {"level": 2, "bold": True}),
        ("paragraph", "The review looked at help given to Child Q (fictional)."),
        ("heading", "2. What happened", {"level": 2, "bold": True}),
        ("paragraph", "Child Q went missing from her foster placement nine times."),
        ("heading", "3. Learning points", {"level": 2, "bold": True}),
        *_bullets("A return home interview offered only by phone is easy to refuse."),
        ("heading", "4. What professionals should do", {"level": 2, "bold": True}),
        *_bullets("Offer every return home interview in person."),
        ("heading", "5. Questions to consider", {"level": 2, "bold": True}),
        *_bullets("Who would a missing child be most willing to talk to?"),
        ("heading", "6. Further information", {"level": 2, "bold": True}),
        *_bullets("The partnership's exploitation protocol, on its website."),
        kind="pdf",
    )
    structure = parse_structure(doc, META)
    assert [b.section for b in structure.blocks][1:] == [
        "1. About this review",
        "2. What happened",
        "3. Learning points",
        "4. What professionals should do",
        "5. Questions to consider",
        "6. Further information",
    ]
    assert structure.coverage == 1.0 and structure.dropped == ()


def test_contents_entries_naming_no_later_heading_stay_points() -> None:
    doc = document(
        ("heading", "LCSPR: Child Q", {"level": 1}),
        ("heading", "Contents", {"level": 2, "bold": True}),
        *_bullets("About this review", "Something never headed"),
        ("heading", "1. About this review", {"level": 2, "bold": True}),
        ("paragraph", "The review looked at help given to Child Q (fictional)."),
    )
    texts = [b.text for b in parse_structure(doc, META).blocks]
    assert "Something never headed" in texts


def test_a_contents_heading_over_content_is_kept() -> None:
    # "Contents" over lines that name no later heading: not a contents list
    doc = document(
        ("heading", "Rapid Review: Baby Q", {"level": 1}),
        ("heading", "Contents", {"level": 2, "bold": True}),
        ("paragraph", "The home had no working smoke alarm and little food."),
    )
    texts = [b.text for b in parse_structure(doc, META).blocks]
    assert texts == ["The home had no working smoke alarm and little food."]


def test_metadata_lines_are_not_points() -> None:
    doc = document(
        ("heading", "Rapid Review: Baby Q", {"level": 1}),
        ("paragraph", "Audience: all practitioners"),
        ("heading", "Key learning", {"level": 2, "bold": True}),
        *_bullets("Bruising in a non-mobile baby needs a referral."),
        ("paragraph", "Keywords: bruising; babies; referral"),
        ("heading", "Good practice", {"level": 2, "bold": True}),
        ("paragraph", "The midwife recorded every visit."),
        ("paragraph", "Review completed: March 2025 · Author: independent reviewer"),
    )
    structure = parse_structure(doc, META)
    assert [b.text for b in structure.blocks] == [
        "Bruising in a non-mobile baby needs a referral.",
        "The midwife recorded every visit.",
    ]
    assert structure.coverage == 1.0 and structure.dropped == ()


def test_question_mark_bullets_are_reflective_questions() -> None:
    doc = document(
        ("heading", "LCSPR: Child Q", {"level": 1}),
        ("heading", "Over to you", {"level": 2, "bold": True}),
        (
            "list_item",
            "How do you hear a child who does not speak?",
            {"marker": "?", "marker_kind": "bullet"},
        ),
        (
            "list_item",
            "Who would notice she had stopped coming?",
            {"marker": "?", "marker_kind": "bullet"},
        ),
    )
    blocks = parse_structure(doc, META).blocks
    assert [(b.label, b.role) for b in blocks] == [
        ("Reflective question 1", "reflective_question"),
        ("Reflective question 2", "reflective_question"),
    ]
    assert not any(b.text.startswith("?") for b in blocks)


def test_each_numbered_cell_of_a_table_row_is_its_own_point() -> None:
    doc = document(
        ("heading", "LCSPR: Young Person Q", {"level": 1}),
        ("heading", "What the review found", {"level": 2, "bold": True}),
        (
            "table_row",
            "1 Return interviews were rarely offered. — 2 His exclusion left no trusted adult.",
            {"group": "table-1"},
        ),
        (
            "table_row",
            "3 Intelligence was not shared. — 4 Cash in his room was not questioned.",
            {"group": "table-1"},
        ),
    )
    structure = parse_structure(doc, META)
    assert [(b.label, b.text) for b in structure.blocks] == [
        ("Key finding 1", "Return interviews were rarely offered."),
        ("Key finding 2", "His exclusion left no trusted adult."),
        ("Key finding 3", "Intelligence was not shared."),
        ("Key finding 4", "Cash in his room was not questioned."),
    ]
    for block in structure.blocks:
        assert block.text in doc.text[block.start : block.end]
    assert structure.coverage == 1.0


def test_a_row_with_a_number_column_is_not_split() -> None:
    doc = document(
        ("heading", "LCSPR: Young Person Q", {"level": 1}),
        ("heading", "Recommendations", {"level": 2, "bold": True}),
        (
            "table_row",
            "1 — Schools should visit after three days' absence. — Education",
            {"group": "table-1"},
        ),
    )
    labels = [b.label for b in parse_structure(doc, META).blocks]
    assert labels == ["Recommendation 1"]


def test_a_grid_box_headed_by_its_number_is_a_numbered_point() -> None:
    doc = document(
        ("heading", "LCSPR: Young Person Q", {"level": 1}),
        ("heading", "What practitioners should do", {"level": 2, "bold": True}),
        ("paragraph", "7", {"group": "box-1", "bold": True}),
        ("paragraph", "Offer a return interview after every missing episode.", {"group": "box-1"}),
        ("paragraph", "8", {"group": "box-2", "bold": True}),
        ("paragraph", "Ask a young person how an injury happened.", {"group": "box-2"}),
    )
    structure = parse_structure(doc, META)
    assert [(b.section, b.label) for b in structure.blocks] == [
        ("What practitioners should do", "Practice point 7"),
        ("What practitioners should do", "Practice point 8"),
    ]
    assert structure.coverage == 1.0


def test_a_facts_row_starting_with_numbers_is_not_split() -> None:
    doc = document(
        ("heading", "LCSPR: Young Person Q", {"level": 1}),
        ("heading", "The family", {"level": 2, "bold": True}),
        ("table_row", "3 months in foster care — 2 brothers at home", {"group": "table-1"}),
    )
    blocks = parse_structure(doc, META).blocks
    assert len(blocks) == 1


def test_a_published_line_at_the_end_still_gives_the_year() -> None:
    doc = document(
        ("heading", "Rapid Review: Baby Q", {"level": 1}),
        ("heading", "Key learning", {"level": 2, "bold": True}),
        *_bullets("Bruising in a non-mobile baby needs a referral."),
        ("paragraph", "Published: May 2023 · Review completed: February 2023"),
    )
    structure = parse_structure(doc, META)
    assert [r.year for r in structure.reviews] == [2023]
    assert len(structure.blocks) == 1
