"""Reviews found in a brief covering several (issue #12 item 3), and label lines (item 2), on
typed elements as every loader emits them: a heading naming another subject starts that
review whatever its form, a title naming two subjects lists both, a shared part after them is
joint, and a label line followed by its explanation is one learning point. All fictional."""

from __future__ import annotations

from typing import Any

import pytest

from core.models import Structure
from ingest.structure import parse_structure
from tests.ingest.elements import META, document

FORMATS = ("pdf", "docx", "md", "txt")


def _reviews_by_start(structure: Structure) -> dict[str, str]:
    return {" ".join(b.text.split()[:4]): b.review for b in structure.blocks}


def _two_reviews(kind: str) -> Structure:
    """A thematic brief over two reviews, headed "Case summary: X", "What we learned from X",
    "Learning from Y's review", then "Part 3: Shared learning" and questions."""
    heading: dict[str, Any] = {"level": 1, "bold": kind == "pdf"}
    specs: list[Any] = [
        (
            "title",
            "Siblings R7 and T7 (Rapid Review) and Child W7 (Local Child Safeguarding "
            "Practice Review)",
        ),
        ("paragraph", "This fictional brief brings the learning from two reviews together."),
        ("heading", "Case summary: Siblings R7 and T7", heading),
        ("paragraph", "Siblings R7 and T7 were five and three and lived with their father."),
        ("heading", "What we learned from Siblings R7 and T7", heading),
        ("list_item", "Police call-outs were graded one at a time.", {"marker_kind": "bullet"}),
        ("list_item", "Nobody spoke to the children alone.", {"marker_kind": "bullet"}),
        ("heading", "Case summary: Child W7", heading),
        ("paragraph", "Child W7 was twelve and disclosed abuse at school."),
        ("heading", "Learning from Child W7's review", heading),
        ("list_item", "Her account was taken with her father nearby.", {"marker_kind": "bullet"}),
        ("heading", "Part 3: Shared learning", heading),
        ("list_item", "Look at the whole history of incidents.", {"marker_kind": "bullet"}),
        ("heading", "Reflective questions", heading),
        ("list_item", "How do you hear from each child alone?", {"marker_kind": "bullet"}),
    ]
    doc = document(*specs, kind=kind)
    return parse_structure(doc, META)


@pytest.mark.parametrize("kind", FORMATS)
def test_a_heading_naming_another_subject_starts_that_review(kind: str) -> None:
    structure = _two_reviews(kind)
    reviews = _reviews_by_start(structure)
    assert reviews["Siblings R7 and T7"] == "Siblings R7 and T7"
    assert reviews["Police call-outs were graded"] == "Siblings R7 and T7"
    assert reviews["Child W7 was twelve"] == "Child W7"
    assert reviews["Her account was taken"] == "Child W7"
    sections = {b.text.split()[0]: b.section for b in structure.blocks}
    assert sections["Her"] == "Learning from Child W7's review"  # the heading is the section
    roles = {b.section: b.role for b in structure.blocks}
    assert roles["Case summary: Child W7"] == "summary"
    assert roles["Learning from Child W7's review"] == "learning"


@pytest.mark.parametrize("kind", FORMATS)
def test_a_title_naming_two_subjects_lists_both_and_the_shared_part_is_joint(kind: str) -> None:
    structure = _two_reviews(kind)
    infos = {r.label: r for r in structure.reviews}
    assert infos["Siblings R7 and T7"].review_type == "Rapid review"
    assert infos["Child W7"].review_type == "LCSPR"
    joint = [r for r in structure.reviews if r.joint]
    assert [r.label for r in joint] == ["Siblings R7 and T7 and Child W7"]
    reviews = _reviews_by_start(structure)
    # the shared part and what follows it cover both reviews, and so does the introduction
    assert reviews["Look at the whole"] == joint[0].label
    assert reviews["How do you hear"] == joint[0].label
    assert reviews["This fictional brief brings"] == joint[0].label


def test_numbered_parts_naming_subjects_are_review_banners() -> None:
    doc = document(
        ("title", "Young Person K8 and Baby L8: learning from two reviews"),
        ("heading", "Part 1: Young Person K8", {"level": 1}),
        ("heading", "Learning", {"level": 2}),
        ("list_item", "He was never offered an advocate.", {"marker_kind": "bullet"}),
        ("heading", "Part 2: Baby L8", {"level": 1}),
        ("heading", "Learning", {"level": 2}),
        ("list_item", "The new partner was not known to anyone.", {"marker_kind": "bullet"}),
        ("heading", "Part 3: Learning from both reviews", {"level": 1}),
        ("list_item", "Warning signs were seen by others.", {"marker_kind": "bullet"}),
    )
    structure = parse_structure(doc, META)
    reviews = _reviews_by_start(structure)
    assert reviews["He was never offered"] == "Young Person K8"
    assert reviews["The new partner was"] == "Baby L8"
    assert reviews["Warning signs were seen"] == "Young Person K8 and Baby L8"
    labels = {b.review: b.label for b in structure.blocks}
    assert labels["Baby L8"] == "Key learning 1"  # a new review's numbering starts again
    assert labels["Young Person K8 and Baby L8"] == "Key finding 1"


def test_a_heading_naming_the_reviews_own_subject_is_a_section() -> None:
    doc = document(
        ("title", "Rapid Review: Child N8"),
        ("heading", "Case summary: Child N8", {"level": 1}),
        ("paragraph", "Child N8 was seven and lived with his grandmother."),
        ("heading", "What we learned from Child N8", {"level": 1}),
        ("list_item", "His school did not know who cared for him.", {"marker_kind": "bullet"}),
    )
    structure = parse_structure(doc, META)
    assert [r.label for r in structure.reviews] == ["Child N8"]
    assert [b.section for b in structure.blocks] == [
        "Case summary: Child N8",
        "What we learned from Child N8",
    ]


def test_a_heading_saying_more_than_section_words_names_no_review() -> None:
    doc = document(
        ("title", "Rapid Review: Child N8"),
        ("heading", "Background", {"level": 1}),
        ("paragraph", "Child N8 was seven and lived with his grandmother."),
        ("heading", "How the nursery worked with Child P8's mother", {"level": 1}),
        ("paragraph", "The nursery kept a record of every conversation."),
    )
    structure = parse_structure(doc, META)
    assert {b.review for b in structure.blocks} == {"Child N8"}


@pytest.mark.parametrize("kind", FORMATS)
def test_a_label_line_and_its_explanation_are_one_point(kind: str) -> None:
    label: dict[str, Any] = {"marker": "Learning point 3", "marker_kind": "label"}
    doc = document(
        ("title", "Rapid Review: Young Person Q8"),
        ("heading", "Learning points", {"level": 1}),
        ("list_item", "Offer an independent advocate.", {**label, "bold": True}),
        ("paragraph", "Young Person Q8 was never offered an advocate when her placement moved."),
        (
            "list_item",
            "Missing episodes are a pattern, not separate events.",
            {"marker": "Learning point 4", "marker_kind": "label"},
        ),
        ("paragraph", "Each episode was closed when she came home."),
        ("heading", "Good practice", {"level": 1}),
        ("paragraph", "The youth worker kept in touch every week."),
        kind=kind,
    )
    structure = parse_structure(doc, META)
    blocks = {b.label: b for b in structure.blocks}
    assert set(blocks) == {"Key learning 3", "Key learning 4", "Good practice 1"}
    assert "never offered an advocate" in blocks["Key learning 3"].text
    assert blocks["Key learning 3"].text.startswith("Learning point 3: Offer")
    assert "Each episode was closed" in blocks["Key learning 4"].text
    assert structure.coverage == 1.0


def test_a_labelled_point_that_explains_itself_keeps_the_next_paragraph_apart() -> None:
    doc = document(
        ("title", "Rapid Review: Young Person Q8"),
        ("heading", "Learning points", {"level": 1}),
        (
            "list_item",
            "Offer an advocate. She did not know she could ask for one at meetings.",
            {"marker": "Learning point 1", "marker_kind": "label"},
        ),
        ("paragraph", "The review also heard from her grandmother about respite."),
    )
    structure = parse_structure(doc, META)
    assert len(structure.blocks) == 2


def test_a_shared_table_after_two_reviews_keeps_its_printed_numbers() -> None:
    rows: list[Any] = [
        ("table_row", "Shared learning — What this means", {"header": True, "group": "t1"}),
        ("table_row", "Learning point 1 — Ask about every adult. — Check who lives there.",
         {"group": "t1"}),
        ("table_row", "Learning point 2: Fathers — Invite fathers. — Speak to them directly.",
         {"group": "t1"}),
        ("table_row", "Age 3 — Toddlers need to be seen. — Visit when awake.", {"group": "t1"}),
    ]  # fmt: skip
    doc = document(
        ("title", "Learning from the reviews about Child S9 and Child V9"),
        ("heading", "Learning from Child S9", {"level": 1}),
        *[("list_item", f"Child S9 finding {n}.", {"marker_kind": "bullet"}) for n in range(6)],
        ("heading", "Learning from Child V9", {"level": 1}),
        ("list_item", "Child V9 was not seen.", {"marker_kind": "bullet"}),
        ("heading", "Shared learning", {"level": 1}),
        *rows,
    )
    structure = parse_structure(doc, META)
    shared = [b for b in structure.blocks if b.section == "Shared learning"]
    assert {b.review for b in shared} == {"Child S9 and Child V9"}
    assert [b.label for b in shared] == [
        "Key learning 1",
        "Key learning 2 (Fathers)",
        "Key learning 3 (Age 3)",  # not a printed label: counted in the section
    ]


def test_a_heading_naming_two_of_the_reviews_is_their_joint_part() -> None:
    doc = document(
        ("title", "Learning from local reviews"),
        ("heading", "Rapid Review: Child S9", {"level": 1}),
        ("list_item", "Child S9 was not seen at home.", {"marker_kind": "bullet"}),
        ("heading", "LCSPR: Child V9", {"level": 1}),
        ("list_item", "Child V9 had no nursery place.", {"marker_kind": "bullet"}),
        ("heading", "What we learned from Child S9 and Child V9", {"level": 1}),
        ("list_item", "Ask who looks after the children.", {"marker_kind": "bullet"}),
    )
    structure = parse_structure(doc, META)
    reviews = _reviews_by_start(structure)
    assert reviews["Ask who looks after"] == "Child S9 and Child V9"
    joint = next(r for r in structure.reviews if r.label == "Child S9 and Child V9")
    assert joint.joint and joint.subject is None
    assert structure.blocks[-1].role == "learning"


@pytest.mark.parametrize(
    "heading", ["Part 3: Themes across the reviews", "Cross-cutting themes", "Shared learning"]
)
def test_a_part_across_the_reviews_after_them_is_joint(heading: str) -> None:
    doc = document(
        ("title", "Learning from local reviews"),
        ("heading", "Part 1: Child S9", {"level": 1}),
        ("list_item", "Child S9 was not seen at home.", {"marker_kind": "bullet"}),
        ("heading", "Part 2: Child V9", {"level": 1}),
        ("list_item", "Child V9 had no nursery place.", {"marker_kind": "bullet"}),
        ("heading", heading, {"level": 1}),
        ("list_item", "Ask who looks after the children.", {"marker_kind": "bullet"}),
    )
    reviews = _reviews_by_start(parse_structure(doc, META))
    assert reviews["Child V9 had no"] == "Child V9"
    assert reviews["Ask who looks after"] == "Child S9 and Child V9"
