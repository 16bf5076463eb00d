"""The section vocabulary (ingest/sections.py): role words in the forms briefs use, roles
read from a section's content when its heading names none, and lines that are not content
(contents headings, document metadata). All text is fictional."""

from __future__ import annotations

import pytest

from ingest.sections import (
    is_advice,
    is_contents_heading,
    is_metadata_line,
    role_for,
    role_from_content,
    section_label,
)


@pytest.mark.parametrize(
    ("heading", "role"),
    [
        ("Learning includes", "learning"),
        ("Key learning includes", "learning"),
        ("What we learned", "learning"),
        ("What we learnt", "learning"),
        ("Lessons", "learning"),
        ("Key lessons", "learning"),
        ("Lessons for practice", "learning"),
        ("Findings include", "learning"),
        ("Key messages", "learning"),
        ("Messages", "learning"),
        ("Recommendations include", "recommendation"),
        ("What we will do differently", "recommendation"),
        ("What has changed", "recommendation"),
        ("What agencies are doing", "recommendation"),
        ("What you should do", "practice_point"),
        ("What should I ask myself?", "reflective_question"),
        ("Learning more", "further_information"),
    ],
)
def test_role_words_in_the_forms_briefs_use(heading: str, role: str) -> None:
    label = section_label(heading)
    assert label is not None and role_for(label) == role


@pytest.mark.parametrize("heading", ["The issue", "Ways to approach it", "Group activity"])
def test_headings_naming_no_role_are_not_given_one_by_vocabulary(heading: str) -> None:
    assert section_label(heading) is None


ADVICE = [
    "Ask the family where they lived before.",
    "Notify the receiving team in writing before you close the case.",
    "Always use an interpreter who is not a relative.",
    "Speak to the safeguarding lead the same day.",
    "If you are unsure whether it meets the threshold, ask your manager.",
    "Never accept a sibling as an interpreter.",
]
QUESTIONS = [
    "Discuss a family who have moved recently.",
    "In your team, list the ways a child's weight is recorded.",
    "Agree one change your team will make.",
    "How would you know a child was losing weight?",
]
WENT_WRONG = [
    "The child's weight was recorded but never compared with earlier figures.",
    "No single professional held the whole history.",
    "Quietness at school was taken as shyness rather than as a sign of worry.",
]
STORY = [
    "Child Q was seven when she was taken to hospital by her mother.",
    "The family moved three times and the school recorded that she was hungry.",
]


@pytest.mark.parametrize("text", ADVICE)
def test_imperative_items_are_advice(text: str) -> None:
    assert is_advice(text)


@pytest.mark.parametrize(
    "text",
    [
        "Support was not offered to the mother.",
        "Record keeping was poor across agencies.",
        "The health visitor saw the baby twice.",
        "Practitioners should ask about every adult in the home.",
    ],
)
def test_statements_are_not_advice(text: str) -> None:
    assert not is_advice(text)


def test_role_from_content() -> None:
    def role(items: list[str], paragraphs: bool = False, before: bool = True) -> str | None:
        found = role_from_content(items, paragraphs=paragraphs, before_learning=before)
        return found[1] if found else None

    assert role(ADVICE) == "practice_point"
    assert role(QUESTIONS) == "reflective_question"
    assert role(WENT_WRONG) == "learning"
    assert role(STORY, paragraphs=True) == "summary"
    # a story after the learning is not the case summary; as a list it is not either
    assert role(STORY, paragraphs=True, before=False) is None
    assert role(STORY) is None
    # a mixed section keeps no role: most items must say the same
    assert role([ADVICE[0], QUESTIONS[3], "The partnership has a new neglect strategy."]) is None
    assert role([]) is None


@pytest.mark.parametrize(
    "line",
    [
        "Keywords: neglect; growth; house moves",
        "Tags: disabled children; communication",
        "Published: May 2025",
        "Audience: all practitioners",
        "Review completed: March 2025 · Author: independent reviewer",
        "Author: independent reviewer for the partnership",
    ],
)
def test_metadata_lines(line: str) -> None:
    assert is_metadata_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Agencies involved: children's social care, police, school.",
        "Practice point: record who was seen and when.",
        "Published research shows that bruising in babies is rare.",
    ],
)
def test_content_lines_are_not_metadata(line: str) -> None:
    assert not is_metadata_line(line)


def test_contents_headings() -> None:
    assert is_contents_heading("Contents")
    assert is_contents_heading("Table of contents:")
    assert is_contents_heading("In this briefing")
    assert not is_contents_heading("Contents of the home")
