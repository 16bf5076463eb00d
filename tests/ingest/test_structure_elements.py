"""The structurer on typed elements (as the loaders emit them), on fictional briefs in layouts
the seeds do not use: roles from vocabulary, printed numbers kept, grid boxes, reviews found
from the text, coverage."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from core.models import Block, Structure
from ingest.load import load_document
from ingest.manifest import Manifest
from ingest.reviews import (
    canonical_subject,
    is_doc_type,
    is_partnership,
    person_names,
    subject_in_heading,
)
from ingest.sections import role_for, section_label
from ingest.structure import measure_coverage, parse_structure
from tests.ingest.elements import META, document
from tests.ingest.test_loaders_docx import banners_docx
from tests.ingest.test_loaders_pdf import sidebar_brief


def _labels(structure: Structure) -> list[tuple[str, str, str]]:
    return [(b.review, b.section, b.label) for b in structure.blocks]


def _by_label(structure: Structure) -> dict[str, Block]:
    return {b.label: b for b in structure.blocks}


def test_seven_minute_briefing_with_numbered_headings() -> None:
    doc = document(
        ("title", "Seven Minute Briefing", {"page": 1}),
        ("heading", "Local Child Safeguarding Practice Review: Child M", {"level": 1}),
        ("heading", "1. Background", {"level": 2}),
        ("paragraph", "Child M was nine and lived with her mother (fictional)."),
        ("heading", "3. Key learning", {"level": 2, "page": 2}),
        *[
            (
                "list_item",
                f"Practitioners should check record {i}.",
                {"marker": f"3.{i}", "marker_kind": "number"},
            )
            for i in range(1, 6)
        ],
        ("heading", "5. Questions for reflection", {"level": 2}),
        ("list_item", "How do you hear the child's voice?", {"marker_kind": "bullet"}),
        ("list_item", "Who do you tell when a family moves?", {"marker_kind": "bullet"}),
        pages=2,
    )
    structure = parse_structure(doc, META)
    assert {r.label for r in structure.reviews} == {"Child M"}
    assert structure.reviews[0].review_type == "LCSPR"
    blocks = _by_label(structure)
    assert {f"Key learning 3.{i}" for i in range(1, 6)} <= set(blocks)
    assert blocks["Key learning 3.2"].role == "learning"
    assert blocks["Key learning 3.2"].section == "3. Key learning"  # the brief's own heading
    assert blocks["Key learning 3.2"].page == 2
    assert blocks["Reflective question 2"].role == "reflective_question"
    assert blocks["1. Background, paragraph 1"].role == "summary"
    assert blocks["1. Background, paragraph 1"].page == 1
    assert structure.coverage == 1.0 and structure.dropped == ()


def test_grid_boxes_are_sections_and_box_text_is_never_a_label() -> None:
    long_box = "Two agencies knew of bruising on the baby's arm; neither shared it with the GP."
    doc = document(
        ("title", "7 Minute Briefing: Baby J"),
        ("paragraph", "1. The case", {"group": "grid-1"}),
        ("paragraph", "Baby J was six weeks old (fictional).", {"group": "grid-1"}),
        ("paragraph", long_box, {"group": "grid-2"}),
        ("paragraph", "3. Learning", {"group": "grid-3"}),
        ("list_item", "Refer bruising in a non-mobile baby.", {"group": "grid-3"}),
        ("list_item", "Record who was told.", {"group": "grid-3"}),
        ("paragraph", "7. Questions", {"group": "grid-7"}),
        ("list_item", "Do you know the bruising protocol?", {"group": "grid-7"}),
    )
    structure = parse_structure(doc, META)
    sections = [b.section for b in structure.blocks]
    assert sections == ["1. The case", "Box 2", "3. Learning", "3. Learning", "7. Questions"]
    assert all(long_box[:20] not in b.label for b in structure.blocks)
    assert {b.review for b in structure.blocks} == {"Baby J"}
    assert [b.label for b in structure.blocks][2:] == [
        "Key learning 1",
        "Key learning 2",
        "Reflective question 1",
    ]


def test_partnership_and_document_type_are_never_the_review() -> None:
    doc = document(
        ("title", "NORTHSHIRE SAFEGUARDING CHILDREN PARTNERSHIP"),
        ("heading", "LEARNING BRIEF", {"level": 1}),
        ("heading", "March 2024", {"level": 1}),
        ("heading", "Rapid Review: Young Person E", {"level": 1}),
        ("paragraph", "Young Person E was 15 (fictional)."),
        ("heading", "Learning points", {"level": 2}),
        ("list_item", "Think family.", {"marker": "(a)", "marker_kind": "letter"}),
        (
            "list_item",
            "Exploitation must be named.",
            {"marker": "Learning point 4:", "marker_kind": "label"},
        ),
        ("list_item", "Screen for exploitation.", {"marker": "S3", "marker_kind": "number"}),
        ("heading", "Recommendations", {"level": 2}),
        ("table_row", "No. — Recommendation — Agency", {"header": True}),
        ("table_row", "1 — Audit the exploitation screening tool. — Police"),
        ("table_row", "2 — Train staff in contextual safeguarding. — Education"),
    )
    structure = parse_structure(doc, META)
    (review,) = structure.reviews
    assert review.label == "Young Person E" and review.subject == "Young Person E"
    assert review.review_type == "Rapid review" and review.year == 2024
    assert review.partnership is not None and "NORTHSHIRE" in review.partnership.upper()
    assert [b.label for b in structure.blocks][1:] == [
        "Key learning (a)",
        "Key learning 4",
        "Key learning S3",
        "Recommendation 1",
        "Recommendation 2",
    ]
    assert structure.coverage == 1.0  # the header row names the columns


def test_two_reviews_and_a_shared_part_in_one_brief() -> None:
    doc = document(
        ("title", "Learning from two reviews"),
        ("heading", "Child S", {"level": 1}),
        ("paragraph", "Child S was 3 (fictional)."),
        ("heading", "Key findings", {"level": 2}),
        ("list_item", "Health visitors did not see S."),
        ("heading", "Child V", {"level": 1}),
        ("heading", "Key findings", {"level": 2}),
        ("list_item", "Nobody spoke to V's father."),
        ("heading", "Shared learning", {"level": 1}),
        ("list_item", "Fathers were invisible to services."),
    )
    structure = parse_structure(doc, META)
    assert [(r.label, r.joint) for r in structure.reviews] == [
        ("Child S", False),
        ("Child V", False),
        ("Child S and Child V", True),
    ]
    assert _labels(structure)[-1] == ("Child S and Child V", "Shared learning", "Key learning 1")


def _pseudonym_brief(title: str, name: str = "Kai") -> Structure:
    return parse_structure(
        document(
            ("title", title),
            ("paragraph", "Fictional brief for testing – Westmoor Safeguarding Partnership."),
            ("heading", "Background", {"level": 2}),
            ("paragraph", f"{name} was nine when he moved to Westmoor with his mother."),
            ("paragraph", f"{name}'s mother asked the school for help twice."),
            ("paragraph", f"{name} told his teacher that he was often hungry."),
            ("heading", "Key learning", {"level": 2}),
            ("list_item", f"Listen to what {name} says about home."),
        ),
        META,
    )


def test_review_named_by_a_pseudonym_alone() -> None:
    titles = {
        "Learning from the review about Kai": "Kai",
        "Kai's story": "Kai",
        "Review: Kai (pseudonym)": "Kai",
        "Local Child Safeguarding Practice Review – Kai": "Kai",
        "About Kai": "Kai",
        "KAI – 7 MINUTE BRIEFING": "Kai",
        "Rapid review into the death of Kai": "Kai",
        "Kai's story: learning from a rapid review": "Kai",
    }
    for title, subject in titles.items():
        (review,) = _pseudonym_brief(title).reviews
        assert (review.label, review.subject) == (subject, subject), title


def test_two_reviews_named_by_pseudonyms_in_one_brief() -> None:
    doc = document(
        ("title", "Learning from two local reviews (fictional)"),
        ("heading", "Kai's story", {"level": 1}),
        ("paragraph", "Kai was ten. Kai told his teacher he was hungry."),
        ("heading", "Key learning", {"level": 2}),
        ("list_item", "Hunger at school is a sign to follow up."),
        ("heading", "Lily", {"level": 1}),
        ("paragraph", "Lily was two. Lily had bruises that nobody asked about."),
        ("heading", "Key learning", {"level": 2}),
        ("list_item", "Bruises on a toddler need an explanation that fits."),
        ("heading", "Shared learning", {"level": 1}),
        ("list_item", "Both children were seen but not heard."),
    )
    structure = parse_structure(doc, META)
    assert [(r.label, r.joint) for r in structure.reviews] == [
        ("Kai", False),
        ("Lily", False),
        ("Kai and Lily", True),
    ]
    assert [b.review for b in structure.blocks if b.role == "learning"] == [
        "Kai",
        "Lily",
        "Kai and Lily",
    ]


def test_pseudonym_guards() -> None:
    # a person's name: used as one ("Harry was"), twice, or once in a text naming them often
    assert person_names("Harry was two. Staff saw Harry. They asked Harry.") == {"Harry"}
    assert person_names("Harry was two.") == frozenset()
    assert person_names("Harrowdale was fine. Harrowdale Safeguarding Partnership.") == set()
    # a place, a partnership or a document-type word is not a child's name; a heading
    # naming a review is needed, or a brief that talks about the child by name
    for title in (
        "Learning from the review about Westmoor",
        "Westmoor – 7 Minute Briefing",
        "About this briefing",
        "Review: Neglect",
    ):
        labels = [r.label for r in _pseudonym_brief(title, name="The child").reviews]
        assert labels == [META.title], (title, labels)
    # the brief's name for the child comes from the text when no heading names a review
    (review,) = _pseudonym_brief("7 Minute Briefing", name="Harry").reviews
    assert review.label == "Harry"
    # "Mia's voice" inside a brief about Child M is a section, not a second review
    doc = document(
        ("title", "Rapid Review: Child M"),
        ("paragraph", "Mia (Child M) was four. Mia was seen at nursery. Mia said she was hungry."),
        ("heading", "Mia's voice", {"level": 2}),
        ("paragraph", "Mia told staff she was hungry."),
        ("heading", "Key learning – Mia", {"level": 2}),
        ("list_item", "Hunger at nursery needs following up."),
    )
    assert [r.label for r in parse_structure(doc, META).reviews] == ["Child M"]


def test_headings_before_content_are_kept() -> None:
    doc = document(
        ("heading", "Reflective Questions", {"level": 1}),
        ("list_item", "What would you do?"),
        ("list_item", "Who would you tell?"),
    )
    structure = parse_structure(doc, META)
    assert [(b.section, b.label) for b in structure.blocks] == [
        ("Reflective Questions", "Reflective question 1"),
        ("Reflective Questions", "Reflective question 2"),
    ]
    assert structure.coverage == 1.0


def test_a_heading_that_names_no_role_before_content_is_the_section() -> None:
    doc = document(
        ("title", "Learning brief"),
        ("heading", "Bruising in babies", {"level": 1}),
        ("paragraph", "Any bruise on a baby who cannot crawl needs a referral."),
    )
    structure = parse_structure(doc, META)
    assert [b.section for b in structure.blocks] == ["Bruising in babies"]


def test_review_named_only_in_the_body_text() -> None:
    doc = document(
        ("heading", "Key learning", {"level": 1}),
        ("list_item", "Child K's school saw the marks first."),
        ("list_item", "Share what you see about Child K the same day."),
    )
    (review,) = parse_structure(doc, META).reviews
    assert review.label == "Child K"


def test_thematic_review_is_a_review() -> None:
    doc = document(
        ("heading", "Thematic review of neglect in adolescents", {"level": 1}),
        ("heading", "Findings", {"level": 2}),
        ("list_item", "Neglect of teenagers is under-recognised."),
    )
    (review,) = parse_structure(doc, META).reviews
    assert review.label == "Thematic review of neglect in adolescents"
    assert review.review_type == "Thematic"


def test_vocabulary() -> None:
    assert is_doc_type("7 Minute Briefing") and is_doc_type("LEARNING & IMPROVEMENT BULLETIN")
    assert is_doc_type("Practice learning summary") and not is_doc_type("Child M")
    assert is_partnership("Westmoor Safeguarding Children Partnership")
    assert subject_in_heading("7 Minute Briefing – Rapid Review: Baby J") == "Baby J"
    assert subject_in_heading("Siblings A and B: learning brief") == "Siblings A and B"
    assert subject_in_heading("Child Protection Conference practice") is None
    assert canonical_subject("CHILD Z") == "Child Z"  # an ALL-CAPS brief's subject
    assert canonical_subject("young person X1/X2") == "Young Person X1/X2"


def test_wider_section_vocabulary() -> None:
    assert section_label("What we learned") == "Key learning"
    assert section_label("Learning identified by the review") == "Key learning"
    assert section_label("What worked well") == "Good practice"
    assert section_label("What good looks like") == "Good practice"
    assert section_label("Strengths") == "Good practice"
    assert section_label("Areas for development") == "Area for development"
    assert role_for("Area for development") == "learning"
    assert section_label("Questions to consider") == "Reflective question"
    assert section_label("Things to think about") == "Reflective question"
    assert section_label("Next steps") == "Next step"
    assert section_label("What needs to change") == "Recommendation"
    assert section_label("About Ellis") == "Summary"


def test_short_questions_read_as_headings_stay_questions() -> None:
    # plain short lines ending in "?" look like headings; in a question section they are items
    doc = document(
        ("title", "Baby Q (fictional)"),
        ("heading", "Reflection", {"bold": True}),
        ("paragraph", "How confident are you in applying the bruising protocol every time?"),
        ("paragraph", "Who else looks after the babies you visit?"),
        ("heading", "What to do", {"bold": True}),
        ("paragraph", "Look at the baby's skin at every contact."),
    )
    labels = [b.label for b in parse_structure(doc, META).blocks if b.role == "reflective_question"]
    assert labels == ["Reflective question 1", "Reflective question 2"]


def test_a_document_without_elements_reports_its_text_as_left_out() -> None:
    # one path from elements to blocks: text no element holds is never read line by line
    # behind the loaders' back, it is reported
    doc = replace(document(("paragraph", "placeholder")), text="Key learning\n- See the baby.")
    doc = replace(doc, elements=())
    structure = parse_structure(doc, META)
    assert structure.blocks == ()
    assert structure.coverage == 0.0
    assert structure.dropped == ("Key learning", "- See the baby.")


def test_coverage_reports_left_out_lines() -> None:
    text = "Kept line here.\nLeft out words.\n\nPage 2 of 3"
    coverage, dropped = measure_coverage(text, [(0, 15)], [(len(text) - 11, len(text))])
    assert coverage == 0.5
    assert dropped == ("Left out words.",)


def test_plain_text_headings_are_judged_in_context() -> None:
    doc = document(
        ("heading", "Rapid Review Child N"),
        ("heading", "Key learning", {"marker": "3", "marker_kind": "number"}),
        ("list_item", "Ask about the baby's sleep.", {"marker": "3.1", "marker_kind": "number"}),
        ("heading", "Recommendations"),
        ("heading", "The partnership should review:", {"marker": "1", "marker_kind": "number"}),
        ("list_item", "safe sleep guidance", {"marker_kind": "bullet"}),
        ("heading", "Here are some suggestions for improving the plan for the family:"),
        ("list_item", "Share the plan with the father.", {"marker_kind": "bullet"}),
        kind="txt",
    )
    structure = parse_structure(doc, META)
    assert [(b.section, b.label) for b in structure.blocks] == [
        ("3. Key learning", "Key learning 3.1"),
        ("Recommendations", "Recommendation 1"),
        ("Recommendations", "Recommendation 2"),
    ]
    assert "safe sleep guidance" in structure.blocks[1].text
    assert structure.blocks[0].review == "Child N"


def test_running_footers_and_all_caps_subjects() -> None:
    doc = document(
        ("heading", "THORNBY SAFEGUARDING CHILDREN PARTNERSHIP"),
        ("heading", "YOUNG PERSON Q - LOCAL CHILD SAFEGUARDING PRACTICE REVIEW"),
        ("heading", "WHAT WORKED WELL"),
        ("paragraph", "The school nurse saw her every week."),
        ("heading", "Thornby SCP - Fictional brief - page 1"),
        ("paragraph", "Her social worker stayed the same for two years."),
        kind="txt",
    )
    structure = parse_structure(doc, META)
    assert [(b.review, b.role) for b in structure.blocks] == [
        ("Young Person Q", "good_practice"),
        ("Young Person Q", "good_practice"),
    ]
    assert structure.coverage == 1.0 and structure.dropped == ()


def test_labelled_items_take_their_label_and_banners_name_the_subject() -> None:
    doc = document(
        ("title", "Local Child Safeguarding Practice Review"),
        ("paragraph", "Child T: Learning and Recommendations"),
        ("heading", "Learning themes", {"level": 1}),
        ("heading", "Start again syndrome", {"level": 2}),
        ("paragraph", "Each new worker began a fresh assessment."),
        (
            "list_item",
            "Read the chronology first.",
            {"marker": "Practice point", "marker_kind": "label"},
        ),
        ("heading", "Practitioner checklist", {"level": 1}),
        ("list_item", "I have asked where the baby sleeps.", {"marker_kind": "checkbox"}),
    )
    structure = parse_structure(doc, META)
    assert {r.label for r in structure.reviews} == {"Child T"}
    blocks = _by_label(structure)
    point = blocks["Practice point 1"]
    assert (
        point.role == "practice_point"
        and point.text == "Practice point: Read the chronology first."
    )
    assert blocks["Checklist item 1"].role == "practice_point"
    assert "Child T: Learning and Recommendations" not in {b.section for b in structure.blocks}


def test_a_title_naming_type_and_document_still_gives_the_subject() -> None:
    doc = document(
        ("title", "Rapid Review Learning Brief: Baby L"),
        ("heading", "Key messages", {"level": 1}),
        ("list_item", "Safer sleep advice must reach every carer."),
    )
    (review,) = parse_structure(doc, META).reviews
    assert (review.label, review.review_type) == ("Baby L", "Rapid review")


def test_a_key_facts_sidebar_is_a_summary_section_of_its_own_points(tmp_path: Path) -> None:
    doc = load_document(sidebar_brief(tmp_path / "sidebar.pdf"))
    manifest = Manifest()
    structure = parse_structure(doc, manifest.meta_for(doc), manifest.markers_for(doc.doc_id))
    facts = [b for b in structure.blocks if b.section == "Key facts"]
    assert [b.text.split()[0] for b in facts] == ["Child", "Agencies", "Period"]
    assert {b.role for b in facts} == {"summary"}
    assert structure.coverage == 1.0


def test_a_banner_naming_a_new_subject_starts_a_new_review(tmp_path: Path) -> None:
    doc = load_document(banners_docx(tmp_path / "banners.docx"))
    manifest = Manifest()
    structure = parse_structure(doc, manifest.meta_for(doc), manifest.markers_for(doc.doc_id))
    review_of = {b.text.split("'")[0]: b.review for b in structure.blocks if "'s " in b.text}
    assert review_of == {"Baby O": "Baby O", "Child R": "Child R"}


def test_a_table_rows_practice_column_marks_the_point_as_stating_practice() -> None:
    # "Theme | What happened | What this means for practice": each row one learning point
    # (its role the section's), which also says what to do; a row with nothing under the
    # practice column, or a table without one, does not
    doc = document(
        ("heading", "Rapid Review: Baby Q", {"level": 1}),
        ("heading", "Themes and learning", {"level": 2}),
        ("table_row", "Theme — What happened — What this means for practice", {"header": True}),
        ("table_row", "Fathers — The father was never seen. — Invite fathers to every visit."),
        ("table_row", "Crying — The mother said she walked away. — "),
        ("heading", "Key findings", {"level": 2}),
        ("table_row", "Theme — What we found — Agency", {"header": True}),
        ("table_row", "Housing — The move was not seen as a risk. — Housing"),
    )
    blocks = parse_structure(doc, META).blocks
    assert [(b.role, b.practice) for b in blocks] == [
        ("learning", True),
        ("learning", False),
        ("learning", False),
    ]
