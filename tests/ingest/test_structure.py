"""Structure parsing on the five seed briefs (as text and as real PDF/DOCX) and on fictional
briefs in other layouts."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from core.config import Settings
from core.models import Chunk, Structure
from ingest.load import load_document
from ingest.manifest import Manifest
from ingest.pipeline import ParsedDocument, coverage_note, parse_file
from ingest.reviews import is_doc_type
from ingest.structure import parse_structure
from tests.builders import (
    build_fixture,
    expected_structure,
    make_docx,
    make_pdf,
    memory_assistant,
    seed_text,
)
from tests.conftest import CORPUS
from tests.fakes import HashEmbedder

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


def _structure(doc_id: str, manifest: Manifest | None = None) -> Structure:
    doc = load_document(CORPUS / f"{doc_id}.txt")
    manifest = Manifest.load(CORPUS) if manifest is None else manifest
    return parse_structure(doc, manifest.meta_for(doc), manifest.markers_for(doc.doc_id))


@pytest.mark.parametrize("doc_id", SEEDS)
def test_every_word_of_a_seed_lands_in_some_block(doc_id: str) -> None:
    structure = _structure(doc_id)
    assert structure.dropped == ()
    assert structure.coverage == 1.0
    assert all(b.role != "other" or b.section for b in structure.blocks)


@pytest.mark.parametrize("doc_id", SEEDS)
def test_seed_reviews_come_from_the_text_without_a_manifest(doc_id: str) -> None:
    with_entry = {b.review for b in _structure(doc_id).blocks}
    without = {b.review for b in _structure(doc_id, Manifest()).blocks}
    # Only the un-headed overview of a many-review briefing is named after the title.
    assert {r for r in with_entry if "(overview)" not in r} == {
        r for r in without if "(overview)" not in r
    }
    structure = _structure(doc_id, Manifest())
    assert all(not is_doc_type(r.label) for r in structure.reviews)


def test_seed_reviews_and_roles() -> None:
    in14 = _structure("scr-in14-learning-bulletin")
    (review,) = in14.reviews
    assert (review.label, review.review_type, review.partnership) == (
        "Serious Case Review IN14",
        "SCR",
        "NSCB",
    )
    roles = {b.label: b.role for b in in14.blocks}
    assert roles["Key learning 1"] == "learning" and roles["Summary, paragraph 1"] == "summary"
    assert "practice_point" in roles.values()
    llr = {r.label: r for r in _structure("learning-from-reviews-briefing-llr").reviews}
    assert llr["Nadiya and Robyn"].joint and not llr["Nadiya"].joint
    family_t = _structure("family-t-learning-from-scrs-2021").reviews[0]
    assert (family_t.label, family_t.year) == ("Family T", 2021)


def test_manifest_still_overrides_the_review(tmp_path: Path) -> None:
    brief = tmp_path / "brief.txt"
    brief.write_text(
        "Key learning\n\n- Fathers must be seen.\n\nAudit findings\n\n- Plans were vague.\n",
        encoding="utf-8",
    )
    (tmp_path / "manifest.json").write_text(
        '{"documents": {"brief": {"title": "A brief", "default_review": "Child R",'
        ' "review_markers": [{"starts_with": "Audit findings", "label": "Audits 2024"}]}}}',
        encoding="utf-8",
    )
    chunks = parse_file(brief, Settings(), Manifest.load(tmp_path)).chunks
    assert [c.review for c in chunks] == ["Child R", "Audits 2024"]


def _fictional(tmp_path: Path, text: str) -> list[tuple[str, str, str]]:
    brief = tmp_path / "fictional.txt"
    brief.write_text(text, encoding="utf-8")
    return [(c.review, c.section, c.learning_point) for c in parse_chunks(brief)]


def parse_chunks(path: Path) -> tuple[Chunk, ...]:
    """A fictional brief's chunks with no manifest entry."""
    return parse_file(path, Settings(), Manifest()).chunks


def test_a_continued_heading_carries_on_numbering(tmp_path: Path) -> None:
    got = _fictional(
        tmp_path,
        "Rapid Review: Child P\n\nKey findings\n\n- Mother was not asked about her history.\n"
        "- The GP did not know of the referral.\n\nKey findings (continued)\n\n"
        "- Strategy meetings did not include school.\n",
    )
    assert [g[2] for g in got] == ["Key finding 1", "Key finding 2", "Key finding 3"]
    assert {g[0] for g in got} == {"Child P"}


def test_a_labelled_list_line_is_its_own_section(tmp_path: Path) -> None:
    got = _fictional(
        tmp_path,
        "Serious Case Review: Child D\n\nSummary\n\nChild D was 4 (fictional).\n\n"
        "Agencies involved: Police, Health Visiting, Early Help, Children's Social Care\n\n"
        "Key learning\n\n- Housing should be invited to strategy meetings.\n",
    )
    assert ("Child D", "Agencies involved", "Agencies involved, paragraph 1") in got


def test_an_item_that_introduces_sub_items_holds_them(tmp_path: Path) -> None:
    brief = tmp_path / "lead.txt"
    brief.write_text(
        "Child Safeguarding Practice Review: Baby L\n\nRecommendations\n\n"
        "1. The partnership should review its guidance on:-\n- safe sleep\n"
        "- bruising in babies\n2. Health visitors should see fathers.\n",
        encoding="utf-8",
    )
    chunks = parse_chunks(brief)
    assert [c.learning_point for c in chunks] == ["Recommendation 1", "Recommendation 2"]
    assert "bruising in babies" in chunks[0].text


def test_plain_sub_headings_title_points_and_empty_ones_are_skipped(tmp_path: Path) -> None:
    got = _fictional(
        tmp_path,
        "Learning from four serious case reviews\n\nOverarching issues\n\nNeglect\n\n"
        "Chronic neglect was not recognised because each agency saw one part.\n\n"
        "Parents who use drugs\n\nNo assessment asked what drug use meant for the baby.\n\n"
        "Child Protection\n\nOvercrowding\n\nA family of seven lived in two rooms.\n",
    )
    assert [g[2] for g in got] == [
        "Overarching issue 1 (Neglect)",
        "Overarching issue 2 (Parents who use drugs)",
        "Overarching issue 3 (Overcrowding)",
    ]
    assert {g[0] for g in got} == {"Four serious case reviews"}


def test_list_items_above_their_heading_are_moved_under_it(tmp_path: Path) -> None:
    got = _fictional(
        tmp_path,
        "Child Safeguarding Practice Review: Child Z\n\n- Ask who else lives in the house.\n"
        "- Check the father's history.\n- Do I know who lives with the child?\nKey learning\n\n"
        "Background\n\nChild Z was 6 (fictional).\n",
    )
    assert got[:3] == [
        ("Child Z", "Questions for reflection", "Reflective question 1"),
        ("Child Z", "Key learning", "Key learning 1"),
        ("Child Z", "Key learning", "Key learning 2"),
    ]


def test_all_caps_brief_names_its_subject_not_its_partnership(tmp_path: Path) -> None:
    got = _fictional(
        tmp_path,
        "WESTMOOR SAFEGUARDING CHILDREN PARTNERSHIP\n\nSEVEN MINUTE BRIEFING\n\nCHILD M\n\n"
        "WHAT HAPPENED\n\nChild M was 9 (fictional).\n\nKEY LEARNING\n\n"
        "- Listen to what the child says about home.\n",
    )
    assert {g[0] for g in got} == {"Child M"}
    assert got[-1][2] == "Key learning 1"


def test_two_reviews_with_shared_learning(tmp_path: Path) -> None:
    got = _fictional(
        tmp_path,
        "Learning brief\n\nChild S\n\nChild S was 3 (fictional).\n\nKey findings\n\n"
        "- Health visitors did not see S.\n\nChild V\n\nKey findings\n\n"
        "- Nobody spoke to V's father.\n\nLearning common to both reviews\n\n"
        "- Fathers were invisible to services.\n",
    )
    assert [g[0] for g in got] == ["Child S", "Child S", "Child V", "Child S and Child V"]


def test_ingest_records_coverage_and_reviews(settings: Settings, tmp_path: Path) -> None:
    brief = settings.corpus_dir / "child-g.txt"
    brief.write_text(
        "Rapid Review: Child G\n\nKey learning\n\n- Ask who lives in the home.\n",
        encoding="utf-8",
    )
    assistant = memory_assistant(settings, HashEmbedder())
    report = assistant.ingest()
    assert report.ok
    record = assistant.documents()["child-g"]
    assert record["coverage"] == 1.0 and record["dropped"] == 0
    info = json.loads(str(record["reviews_info"]))
    assert info["Child G"]["review_type"] == "Rapid review"
    assert all(o.note == "" for o in report.outcomes)


def test_a_note_names_text_left_out() -> None:
    parsed = ParsedDocument(
        Path("brief.txt"), "brief", "h", "Brief", (), coverage=0.9, dropped=("Left out line",)
    )
    note = coverage_note(parsed)
    assert "90%" in note and "Left out line" in note
    assert coverage_note(replace(parsed, coverage=1.0, dropped=())) == ""


_THEMES = (
    "INTRODUCTION\n\nThis review looked at four children who were often absent (fictional).\n\n"
    "LATE COLLECTION FROM NURSERY\n\nThe children were often collected late by different "
    "adults.\n\nNobody asked who the adults were.\n\nPractice point: Ask who is collecting a "
    "child and record it.\n\nUNWASHED UNIFORM\n\nThe uniform was dirty most days.\n\n"
    "Practice point: Talk with the parent about what help they need.\n\n"
    "QUESTIONS FOR REFLECTION\n\n- Who collects the children you work with?\n"
)


def test_each_theme_of_a_thematic_review_is_a_learning_section(tmp_path: Path) -> None:
    brief = tmp_path / "themes.txt"
    brief.write_text("THEMATIC REVIEW: NEGLECT IN THE EARLY YEARS\n\n" + _THEMES, "utf-8")
    chunks = parse_chunks(brief)
    by_section = {c.section: c.role for c in chunks if c.role != "practice_point"}
    assert by_section["Late collection from nursery"] == "learning"
    assert by_section["Unwashed uniform"] == "learning"
    assert {c.review for c in chunks} == {"Neglect in the early years"}
    late = [c for c in chunks if c.section == "Late collection from nursery"]
    assert [c.role for c in late] == ["learning", "learning", "practice_point"]  # one per paragraph


def test_themes_under_a_themes_part_keep_its_label(tmp_path: Path) -> None:
    brief = tmp_path / "themes.txt"
    text = _THEMES.replace("INTRODUCTION\n\n", "LEARNING BRIEF: CHILD V\n\nKEY THEMES\n\n", 1)
    brief.write_text(text, encoding="utf-8")
    chunks = parse_chunks(brief)
    sections = [c.section for c in chunks if c.role == "learning"]
    assert "Key themes – Late collection from nursery" in sections
    assert "Key themes – Unwashed uniform" in sections
    assert {c.review for c in chunks} == {"Child V"}


def test_a_heading_over_one_paragraph_in_a_list_section_still_titles_it(tmp_path: Path) -> None:
    got = _fictional(
        tmp_path,
        "Rapid Review: Child E\n\nKey themes\n\n- Fathers were not seen (fictional).\n\n"
        "Absent men\n\nThe father was never asked about his care of the baby.\n\n"
        "Over optimism\n\nProgress was assumed without evidence.\n",
    )
    assert ("Child E", "Key themes", "Key theme 2 (Absent men)") in got
    assert ("Child E", "Key themes", "Key theme 3 (Over optimism)") in got


def test_a_collection_title_and_a_metadata_line_are_the_title_block(tmp_path: Path) -> None:
    got = _fictional(
        tmp_path,
        "Learning from three reviews\n\nWestmere Safeguarding Children Partnership - "
        "published May 2024\n\nRapid Review: Baby A\n\nLearning\n\n- A bruise was not referred "
        "(fictional).\n\nLCSPR: Child B\n\nLearning\n\n- School did not visit (fictional).\n",
    )
    assert {g[0] for g in got} == {"Baby A", "Child B"}  # no "Three reviews", no overview


def test_contents_entries_are_not_learning_points(tmp_path: Path) -> None:
    brief = tmp_path / "contents.txt"
    brief.write_text(
        "Child Safeguarding Practice Review: Child L\n\nContents\n\n"
        "1 Summary ........................ 2\n2 Key learning ................... 3\n\n"
        "1 Summary\n\nChild L was six (fictional).\n\n2 Key learning\n\n"
        "- Records were not shared.\n",
        encoding="utf-8",
    )
    parsed = parse_file(brief, Settings(), Manifest())
    assert [c.text for c in parsed.chunks] == [
        "Child L was six (fictional).",
        "Records were not shared.",
    ]
    assert parsed.coverage == 1.0


def test_numbered_parts_and_run_in_labels(tmp_path: Path) -> None:
    got = _fictional(
        tmp_path,
        "LCSPR: Child N\n\nSection 1: Background\n\nChild N was ten (fictional).\n\n"
        "Section 2: Findings\n\nLearning: The plan was not reviewed.\n\n"
        "What this means: Review a plan that has not changed anything.\n",
    )
    assert ("Child N", "Section 1: Background", "Section 1: Background, paragraph 1") in got
    assert ("Child N", "Section 2: Findings", "Key learning 1") in got
    assert ("Child N", "Section 2: Findings", "Practice point 1") in got
