"""Structure parsing on the five seed briefs (as text and as real PDF/DOCX) and on fictional
briefs in other layouts."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.models import Chunk
from ingest.manifest import Manifest
from ingest.pipeline import parse_file
from tests.builders import build_fixture, expected_structure, make_docx, make_pdf, seed_text
from tests.conftest import CORPUS

SEEDS = sorted(p.stem for p in CORPUS.glob("*.txt"))


def _chunks(doc_id: str) -> tuple[Chunk, ...]:
    return parse_file(CORPUS / f"{doc_id}.txt", Settings(), Manifest.load(CORPUS)).chunks


def _in(chunks: tuple[Chunk, ...], review: str, section_word: str) -> list[Chunk]:
    return [c for c in chunks if c.review == review and section_word in c.section.lower()]


def test_in14_has_exactly_four_key_learning_points() -> None:
    chunks = _chunks("scr-in14-learning-bulletin")
    key = _in(chunks, "Serious Case Review IN14", "key learning")
    assert [c.learning_point for c in key] == [f"Key learning {i}" for i in range(1, 5)]
    assert "on-call Consultant Paediatrician" in key[2].text
    assert all("**" not in c.text and "<u>" not in c.text for c in chunks)


def test_llr_holds_separate_reviews() -> None:
    chunks = _chunks("learning-from-reviews-briefing-llr")
    reviews = Counter(c.review for c in chunks)
    assert {"Nadiya", "Robyn", "Nadiya and Robyn", "24 national serious case reviews"} <= set(
        reviews
    )
    assert any(r.startswith("LSCB audits") for r in reviews)
    nadiya = _in(chunks, "Nadiya", "key findings")
    robyn = _in(chunks, "Robyn", "key findings")
    assert len(robyn) == 10
    assert not any("Robyn" in c.text for c in nadiya)
    # The reworded repeat of the "chaotic circumstances" bullet is kept (exact source text).
    assert sum("chaotic circumstances" in c.text for c in nadiya) == 2
    # "(cont'd)" continues the numbering of the same section.
    less = _in(chunks, "24 national serious case reviews", "less-mentioned")
    assert [c.learning_point for c in less][-1] == "Key finding 20"
    # Tab-separated audit table rows are one learning point each, labelled by their theme.
    audit = [c for c in chunks if c.review.startswith("LSCB audits") and "(" in c.learning_point]
    assert len(audit) == 10
    assert audit[1].learning_point.endswith("(Lived experience of the child/voice of the child)")
    assert all("<i>" not in c.text for c in audit)


def test_family_t_recommendations_are_separate_learning_points() -> None:
    chunks = _chunks("family-t-learning-from-scrs-2021")
    recs = _in(chunks, "Family T", "recommendation")
    assert [c.learning_point for c in recs] == [f"Recommendation {i}" for i in range(1, 9)]
    # Sub-items listed after "which include:" belong to their recommendation.
    assert "Opportunity for parents to contribute to care plans" in recs[1].text
    assert "Involvement of Fathers" in recs[2].text and "AND assurance" in recs[2].text
    # A line broken mid-sentence across a blank line is joined.
    assert "confidence amongst practitioners from all relevant agencies" in " ".join(
        recs[5].text.split()
    )
    assert any(c.review.startswith("The Myth of Invisible Men") for c in chunks)


def test_child_x1_x2_recovers_column_order() -> None:
    chunks = _chunks("child-x1-x2-learning-brief")
    assert {c.review for c in chunks} == {"Child X1/X2"}
    recs = [c for c in chunks if c.section == "Recommendations"]
    assert len(recs) == 4 and all(c.learning_point.startswith("Recommendation") for c in recs)
    questions = [c for c in chunks if c.learning_point.startswith("Reflective question")]
    assert questions and all(c.text.endswith("?") for c in questions)
    points = [c for c in chunks if c.learning_point.startswith("Learning point")]
    assert len(points) == 6
    assert points[-1].text.endswith("without any acknowledgement of the risk he posed")
    assert not any("[bookmark" in c.text for c in chunks)


def test_repeated_bullets_are_indexed_once(tmp_path: Path) -> None:
    brief = tmp_path / "repeat.txt"
    brief.write_text(
        "Serious Case Review Child R\n\nKey learning\n\n"
        "- Fathers must be seen and assessed.\n- Share information in writing.\n"
        "- Fathers must be seen and assessed\n",
        encoding="utf-8",
    )
    chunks = parse_file(brief, Settings(), Manifest()).chunks
    assert [c.text for c in chunks] == [
        "Fathers must be seen and assessed.",
        "Share information in writing.",
    ]


def test_a_reviews_second_list_of_the_same_kind_carries_on_numbering() -> None:
    chunks = _chunks("learning-from-reviews-briefing-llr")
    findings = [c for c in chunks if c.review == "24 national serious case reviews"]
    labels = [c.learning_point for c in findings if c.learning_point.startswith("Key finding")]
    assert labels == [f"Key finding {i}" for i in range(1, 32)]
    assert "disguised compliance" in next(
        c.text for c in findings if c.learning_point == "Key finding 26"
    )


def test_numbers_the_document_prints_twice_are_told_apart_by_section(tmp_path: Path) -> None:
    brief = tmp_path / "twice.txt"
    brief.write_text(
        "Serious Case Review Child R\n\nKey learning\n\n1. See the fathers.\n"
        "2. Write it down.\n\nKey learning for managers\n\n1. Supervise the plan.\n",
        encoding="utf-8",
    )
    chunks = parse_file(brief, Settings(), Manifest()).chunks
    assert [c.learning_point for c in chunks] == [
        "Key learning 1",
        "Key learning 2",
        "Key learning 1 (Key learning for managers)",
    ]


def test_precis_overarching_issues_are_titled_points() -> None:
    chunks = _chunks("precis-9-national-scr-summaries")
    issues = [c for c in chunks if c.learning_point.startswith("Overarching issue")]
    assert len(issues) == 8
    assert issues[6].learning_point == "Overarching issue 7 (Absent men)"
    assert "Child In Need" not in {c.learning_point for c in chunks}


@pytest.mark.parametrize("doc_id", SEEDS)
def test_every_chunk_is_one_exact_learning_point(doc_id: str) -> None:
    source = (CORPUS / f"{doc_id}.txt").read_text(encoding="utf-8")
    chunks = _chunks(doc_id)
    assert chunks
    ids = [c.chunk_id for c in chunks]
    assert len(set(ids)) == len(ids)
    for chunk in chunks:
        assert len(chunk.text) <= 1000
        assert chunk.source_text == source[chunk.start : chunk.end]
        # Every word of the cleaned text comes from the exact source span.
        words = re.findall(r"\w+", chunk.text)
        assert all(w in chunk.source_text for w in words), chunk.learning_point
        assert chunk.embed_text.startswith(chunk.review)
        assert chunk.review and chunk.section and chunk.learning_point
    # A citation (review + learning point) names exactly one passage.
    labels = Counter((c.review, c.learning_point) for c in chunks)
    assert [label for label, n in labels.items() if n > 1] == []


def test_a_second_section_of_the_same_name_carries_on_numbering() -> None:
    summary = _in(_chunks("family-t-learning-from-scrs-2021"), "Family T", "summary")
    assert [c.learning_point for c in summary] == ["Summary, paragraph 1", "Summary, paragraph 2"]
    assert "twin siblings aged 14 weeks" in summary[1].text


def test_corpus_has_at_least_ten_reviews() -> None:
    reviews = {(d, c.review) for d in SEEDS for c in _chunks(d)}
    assert len(reviews) >= 10


def test_chunk_ids_are_stable() -> None:
    first = [c.chunk_id for c in _chunks("scr-in14-learning-bulletin")]
    assert first == [c.chunk_id for c in _chunks("scr-in14-learning-bulletin")]


def test_themes_tag_learning_points() -> None:
    chunks = _chunks("scr-in14-learning-bulletin")
    key = {c.learning_point: c.themes for c in chunks}
    assert "escalation" in key["Key learning 1"]
    assert "written-agreements" in key["Key learning 4"]
    assert "child-protection-process" in key["Key learning 3"]


def test_seed_as_real_pdf_keeps_pages(tmp_path: Path) -> None:
    text = seed_text("scr-in14-learning-bulletin")
    lines = text.splitlines()
    half = len(lines) // 2
    pdf = make_pdf(tmp_path / "in14.pdf", ["\n".join(lines[:half]), "\n".join(lines[half:])])
    chunks = parse_file(Path(pdf), Settings(), Manifest()).chunks
    key = [c for c in chunks if c.learning_point.startswith("Key learning")]
    assert len(key) == 4
    assert {c.page for c in chunks} == {1, 2}
    assert any("Consultant Paediatrician" in c.text and c.page for c in key)


def test_docx_with_heading_styles(tmp_path: Path) -> None:
    docx = make_docx(
        tmp_path / "brief.docx",
        [
            {"heading": "Local Child Safeguarding Practice Review: Child Q", "level": 1},
            {"heading": "Key learning", "level": 2},
            {"bullet": "Professionals should escalate when they disagree with a decision."},
            {"bullet": "Fathers must be included in every assessment of risk."},
            {"heading": "Recommendations", "level": 2},
            {"number": "The partnership should audit the use of the escalation policy."},
            {
                "table": [
                    ["Theme", "Practice"],
                    ["Voice of the child", "See the child alone and record their words."],
                ]
            },
        ],
    )
    chunks = parse_file(Path(docx), Settings(), Manifest()).chunks
    assert {c.review for c in chunks} == {"Child Q"}
    labels = [c.learning_point for c in chunks]
    assert labels[:3] == ["Key learning 1", "Key learning 2", "Recommendation 1"]
    assert any("See the child alone" in c.text for c in chunks)


@pytest.mark.parametrize("name", [n for n in expected_structure() if not n.startswith("_")])
def test_fictional_briefs_in_other_layouts(name: str, tmp_path: Path) -> None:
    expected = expected_structure()[name]
    path = build_fixture(name, tmp_path)
    chunks = parse_file(Path(path), Settings(), Manifest()).chunks
    reviews = {c.review for c in chunks}
    short = [s for names in expected["review_aliases"].values() for s in names]
    assert short and all(any(s in r for r in reviews) for s in short), reviews
    assert all(len(c.text) <= 1000 for c in chunks)
    joined = [" ".join(c.text.split()) for c in chunks]
    for phrase in expected["phrases_in_single_point"]:
        text = phrase["text"] if isinstance(phrase, dict) else phrase
        wanted = " ".join(text.split())
        assert sum(wanted in j for j in joined) == 1, wanted
    total = expected.get("total_learning_points")
    if total:
        # Headers, footers and fixture banners may add at most a couple of paragraph chunks.
        assert total <= len(chunks) <= total + 2
