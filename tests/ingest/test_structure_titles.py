"""Review titles, shared parts, nested items and roles named outside headings, on fictional
briefs in several formats (issue #12: the review is found from the text, whatever the format;
nothing is dropped)."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.models import Structure
from evals.dev_briefs.briefs import left_sidebar_baby_e
from ingest import reviews as rv
from ingest.load import load_document
from ingest.manifest import Manifest
from ingest.structure import parse_structure
from tests.ingest.elements import document


def _parse(path: Path, text: str | None = None) -> Structure:
    if text is not None:
        path.write_text(text, encoding="utf-8")
    document = load_document(path)
    manifest = Manifest()
    return parse_structure(document, manifest.meta_for(document))


def _reviews(structure: Structure) -> list[str]:
    return list(dict.fromkeys(b.review for b in structure.blocks))


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_a_review_title_naming_subject_then_topic_is_that_review(
    tmp_path: Path, suffix: str
) -> None:
    got = _parse(
        tmp_path / f"brief{suffix}",
        "Child Safeguarding Practice Review: Child A – a child who stopped attending nursery\n\n"
        "Key learning\n\n- The nursery did not ask why Child A stopped coming (fictional).\n",
    )
    assert _reviews(got) == ["Child A"]
    (info,) = got.reviews
    assert info.subject == "Child A" and info.review_type == "LCSPR"
    assert info.topic == "a child who stopped attending nursery"


def test_a_topic_that_is_only_review_wording_is_no_topic() -> None:
    assert rv.topic_after("Child E – Local Child Safeguarding Practice Review", "Child E") is None
    assert rv.topic_after("Tia (LCSPR)", "Tia") is None


_TWO_REVIEWS = (
    "{h1}Oakvale Safeguarding Children Partnership\n\n"
    "{h1}Learning Brief: Neglect in Early Years\n\n"
    "{h2}Tia (LCSPR)\n\n"
    "Tia was six when her school raised concerns (fictional). Tia's mother was unwell.\n\n"
    "{h3}What we learned\n\n- Tia was not seen on her own.\n\n"
    "{h2}Child B (Rapid Review)\n\n"
    "Child B was two when he was found alone at home (fictional).\n\n"
    "{h3}What we learned\n\n- Nobody asked who looked after Child B.\n\n"
    "{h2}Learning from both reviews\n\n- Neither family was asked about money.\n"
)


@pytest.mark.parametrize(
    ("suffix", "marks"), [(".md", ("# ", "## ", "### ")), (".txt", ("", "", ""))]
)
def test_a_pseudonym_with_its_review_type_in_brackets_names_a_review(
    tmp_path: Path, suffix: str, marks: tuple[str, str, str]
) -> None:
    h1, h2, h3 = marks
    got = _parse(tmp_path / f"two{suffix}", _TWO_REVIEWS.format(h1=h1, h2=h2, h3=h3))
    reviews = _reviews(got)
    assert "Tia" in reviews and "Child B" in reviews
    assert "Tia and Child B" in reviews  # the shared part covers both
    tia = [b for b in got.blocks if b.review == "Tia"]
    assert any("not seen on her own" in b.text for b in tia)
    assert rv.pseudonym_in_heading("Tia (age 6)", frozenset({"Tia"})) is None


@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_a_question_and_answer_brief_names_its_child_under_a_review_type_title(
    tmp_path: Path, suffix: str
) -> None:
    h1, h2 = ("# ", "## ") if suffix == ".md" else ("", "")
    got = _parse(
        tmp_path / f"qa{suffix}",
        f"{h1}Local Child Safeguarding Practice Review (LCSPR)\n\n"
        "Brookvale Safeguarding Children Partnership · March 2024 · Draft\n\n"
        f"{h2}Who was Jayden?\n\nJayden was fourteen and lived with his nan (fictional).\n\n"
        f"{h2}What did the review find?\n\n- Jayden was not offered a return interview.\n"
        "- Jayden's exclusion was not shared.\n",
    )
    # the title says only the review type; the child is named by the first question
    assert _reviews(got) == ["Jayden"]
    assert got.reviews[0].review_type == "LCSPR"
    # the masthead of parts is metadata, not a learning point
    assert not any("Brookvale" in b.text for b in got.blocks)
    assert got.reviews[0].partnership == "Brookvale Safeguarding Children Partnership"


def test_an_overview_is_labelled_by_the_title_blocks_topic(tmp_path: Path) -> None:
    got = _parse(
        tmp_path / "overview.md",
        "# Oakvale Safeguarding Children Partnership\n\n"
        "# Learning Brief: Neglect in Early Years\n\n"
        "## About this brief\n\nThis brief covers two reviews (fictional).\n\n"
        + _TWO_REVIEWS.format(h1="# ", h2="## ", h3="### ").split("\n\n", 2)[2],
    )
    assert _reviews(got)[0] == "Neglect in Early Years (overview)"
    assert got.blocks[0].role == "summary"  # "About this brief"


def test_shared_learning_covers_as_many_reviews_as_it_counts(tmp_path: Path) -> None:
    text = "".join(
        f"Rapid Review: Child {c}\n\nKey learning\n\n- Child {c} was not seen (fictional).\n\n"
        for c in "KLM"
    )
    got = _parse(
        tmp_path / "three.txt",
        text + "Learning across the three reviews\n\n- Schools were not invited.\n",
    )
    assert _reviews(got)[-1] == "Child K, Child L and Child M"
    got = _parse(
        tmp_path / "both.txt", text + "What both reviews found\n\n- Fathers were not seen.\n"
    )
    assert _reviews(got)[-1] == "Child L and Child M"


def test_a_numbered_item_holds_the_bullets_nested_under_it(tmp_path: Path) -> None:
    got = _parse(
        tmp_path / "nested.md",
        "# Rapid Review: Baby K\n\n## What we learned\n\n"
        "1. The nursery saw bruises but treated each one on its own (fictional).\n"
        "    - Practice point: record every mark on a body map.\n"
        "    - A pattern is only seen when marks are recorded together.\n"
        "2. Nobody spoke with the father.\n",
    )
    labels = [b.label for b in got.blocks]
    assert labels == ["Key learning 1", "Key learning 2"]
    assert "body map" in got.blocks[0].text and "recorded together" in got.blocks[0].text
    assert got.coverage == 1.0


def test_a_table_header_names_the_role_of_a_section_whose_heading_names_none(
    tmp_path: Path,
) -> None:
    got = _parse(
        tmp_path / "plan.md",
        "# Rapid Review: Baby K\n\n## Our plan\n\n"
        "| Recommendation | Lead agency |\n|---|---|\n"
        "| Record every mark on a body map (fictional). | Health |\n"
        "| Invite fathers to every meeting. | Children's services |\n",
    )
    assert [(b.label, b.role) for b in got.blocks] == [
        ("Recommendation 1", "recommendation"),
        ("Recommendation 2", "recommendation"),
    ]


def test_practice_advice_under_a_numbered_theme_names_the_theme(tmp_path: Path) -> None:
    got = _parse(
        tmp_path / "themes.md",
        "# Rapid Review: Baby K\n\n## Baby K's family\n\nBaby K lived with her parents.\n\n"
        "### 1. Smoking at home\n\nNobody linked the smoke with Baby K's chest (fictional).\n\n"
        "#### What you can do\n\n- Ask who smokes in the home.\n\n"
        "### 2. Missed weigh-ins\n\nTwo weigh-ins were missed.\n\n"
        "#### What this means for practice\n\n- Follow up every missed weigh-in.\n",
    )
    got_roles = [(b.section, b.role) for b in got.blocks]
    assert got_roles[1:] == [
        ("1. Smoking at home", "learning"),
        ("1. Smoking at home – What you can do", "practice_point"),
        ("2. Missed weigh-ins", "learning"),
        ("2. Missed weigh-ins – What this means for practice", "practice_point"),
    ]


def test_a_partnership_name_may_join_two_places_and_stays_on_one_line() -> None:
    assert rv.partnership_in("Ashby and Fenwick Safeguarding Children Partnership") == (
        "Ashby and Fenwick Safeguarding Children Partnership"
    )
    assert rv.partnership_in("Learning Brief\nFenwick Safeguarding Children Partnership") == (
        "Fenwick Safeguarding Children Partnership"
    )


def test_pdf_title_repeated_in_the_running_header_and_an_item_over_a_page_break_land(
    tmp_path: Path,
) -> None:
    # the dev brief draws a title that its running header repeats and a recommendation
    # whose last words run over the page break (its build checks the second)
    path = tmp_path / "sidebar.pdf"
    left_sidebar_baby_e(path)
    document = load_document(path)
    (title,) = [e for e in document.elements if e.text == "Learning from a Rapid Review"]
    assert not any(a <= title.start < b for a, b in document.boilerplate)
    (item,) = [e for e in document.elements if e.text.startswith("Every practitioner who")]
    assert document.text[item.start : item.end].endswith("has heard it.")
    got = _parse(path)
    assert got.coverage == 1.0, got.dropped


def test_a_short_numbered_item_over_its_own_sub_items_is_a_heading() -> None:
    doc = document(
        ("title", "Learning Brief"),
        ("heading", "Rapid Review: Child A", {"level": 1, "bold": True}),
        ("heading", "Background", {"level": 1, "bold": True}),
        ("paragraph", "Child A was twelve (fictional)."),
        ("heading", "Learning", {"level": 1, "bold": True}),
        ("list_item", "Home education", {"marker": "1", "marker_kind": "number", "level": 0}),
        ("list_item", "No visit was made for nine months (fictional).",
         {"marker": "1.1", "marker_kind": "number", "level": 1}),
        ("list_item", "A visit within four weeks would have seen Child A.",
         {"marker": "1.1.1", "marker_kind": "number", "level": 2}),
        ("list_item", "Young carers", {"marker": "2", "marker_kind": "number", "level": 0}),
        ("list_item", "Nobody asked who cared for the mother.",
         {"marker": "2.1", "marker_kind": "number", "level": 1}),
    )  # fmt: skip
    got = parse_structure(doc, Manifest().meta_for(doc))
    assert [(b.section, b.label) for b in got.blocks][1:] == [
        ("Learning – 1. Home education", "Key learning 1.1"),
        ("Learning – 1. Home education", "Key learning 1.1.1"),
        ("Learning – 2. Young carers", "Key learning 2.1"),
    ]
    assert got.coverage == 1.0


def test_newsletter_masthead_glossary_and_text_footnotes_are_not_learning(
    tmp_path: Path,
) -> None:
    got = _parse(
        tmp_path / "news.md",
        "# Safeguarding Matters\n\nIssue 7 · Autumn 2024\n\n"
        "## Baby K: learning from a rapid review\n\n"
        "Baby K was seven weeks old when she was admitted (fictional).[^1]\n\n"
        "### Key learning\n\n1. Bruising in a non-mobile baby must always be referred.\n\n"
        "### Glossary\n\n- **NMB**: non-mobile baby\n\n"
        "[^1]: Details changed to protect the family.\n",
    )
    assert _reviews(got) == ["Baby K"]
    assert not any("Issue 7" in b.text or "Issue 7" in b.section for b in got.blocks)
    roles = {b.text.split(":")[0]: b.role for b in got.blocks}
    assert roles["NMB"] == "further_information"
    note = next(b for b in got.blocks if "Details changed" in b.text)
    assert note.role == "further_information" and note.label.startswith("Notes")


def test_a_thematic_overview_is_labelled_by_its_topic_not_the_kind_of_review(
    tmp_path: Path,
) -> None:
    body = "".join(
        f"## Young Person {c}\n\n{c} was fifteen and missed school (fictional).\n\n" for c in "AB"
    )
    got = _parse(
        tmp_path / "thematic.md",
        "# Thematic learning brief: neglect in adolescence\n\n"
        "## Introduction\n\nThis brief brings together two local reviews (fictional).\n\n" + body,
    )
    assert _reviews(got)[:3] == [
        "Neglect in adolescence (overview)",
        "Young Person A",
        "Young Person B",
    ]


@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_paragraphs_opening_with_a_review_subject_start_that_review(
    tmp_path: Path, suffix: str
) -> None:
    h = "## " if suffix == ".md" else ""
    got = _parse(
        tmp_path / f"thematic{suffix}",
        f"{h}The three reviews\n\n"
        "Young Person A (LCSPR). A, aged 15, was stabbed near a station (fictional).\n\n"
        "Young Person O (Rapid Review). O, aged 14, was arrested with drugs.\n\n"
        "Young Person W (LCSPR). W, aged 16, died after a fall.\n\n"
        f"{h}Common findings\n\n- Return home interviews were not offered.\n",
    )
    assert _reviews(got) == [
        "Young Person A",
        "Young Person O",
        "Young Person W",
        "Young Person A, Young Person O and Young Person W",
    ]
    types = {r.label: r.review_type for r in got.reviews}
    assert types["Young Person O"] == "Rapid review" and types["Young Person W"] == "LCSPR"
    # a subject opening an ordinary paragraph in one review's brief is not a new review
    one = _parse(
        tmp_path / f"one{suffix}",
        f"{h}Child M: learning brief\n\n{h}Background\n\n"
        "Child B: a sibling, was also known to the school (fictional).\n",
    )
    assert _reviews(one) == ["Child M"]


def test_who_was_the_subject_names_the_review_in_a_question_and_answer_brief(
    tmp_path: Path,
) -> None:
    got = _parse(
        tmp_path / "qa.md",
        "# Your questions answered\n\n**Who was Baby G?**\n\nBaby G was three months old "
        "(fictional).\n\n**What should I ask myself?**\n\n- Have I spoken to the father?\n",
    )
    assert _reviews(got) == ["Baby G"]
    assert got.blocks[-1].role == "reflective_question"
    assert rv.subject_in_heading("Who was Baby G?") == "Baby G"
    assert rv.subject_in_heading("Who was at the meeting?") is None
