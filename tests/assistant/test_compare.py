"""Learning across reviews (assistant/compare.py) and ``review-assistant themes``."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from assistant.compare import compare, reviews_in, theme_counts, theme_for
from assistant.service import Assistant
from core.config import Settings
from ingest.themes import THEMES, resolve_theme, tag_themes
from tests.builders import memory_assistant
from tests.fakes import HashEmbedder
from ui.cli import app

IN14 = "Serious Case Review IN14"
X1X2 = "Child X1/X2"
NATIONAL_24 = "24 national serious case reviews"


@pytest.fixture
def hashed(settings: Settings) -> Iterator[Assistant]:
    assistant = memory_assistant(settings, HashEmbedder())
    assert assistant.ingest().ok
    yield assistant


def _every_review_once(assistant: Assistant, query: str) -> None:
    result = compare(assistant, query)
    listed = [f.ref for f in result.findings] + list(result.without)
    assert sorted((r.doc_id, r.review) for r in listed) == sorted(
        (r.doc_id, r.review) for r in reviews_in(assistant.chunks())
    )
    for number, finding in enumerate(result.findings, start=1):
        chunk = finding.citation.chunk
        assert finding.citation.marker == number
        assert (chunk.doc_id, chunk.review) == (finding.ref.doc_id, finding.ref.review)
        assert finding.citation.quote == chunk.text
        if result.theme:
            assert result.theme in chunk.themes


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("escalation", "escalation"),
        ("Fathers", "fathers-invisible-men"),
        ("dads", "fathers-invisible-men"),
        ("Domestic abuse and coercive control", "domestic-abuse"),  # an earlier label
        ("parental-mental-health", "parental-mental-health"),  # a tag slug
        ("Mental health", "parental-mental-health"),  # the national body's name
        ("under-ones", "babies-under-ones"),
        ("harm outside the family", "harm-outside-family"),
        ("disguised compliance", "disguised-compliance"),
    ],
)
def test_theme_names_resolve(name: str, slug: str) -> None:
    assert theme_for(name) == slug


def test_a_question_is_not_taken_for_a_theme() -> None:
    assert resolve_theme("what should I do when I disagree with a manager?") is None
    assert theme_for("what should I do when I disagree with a manager?") is None


def test_national_themes_are_in_the_list_and_tag_their_wording() -> None:
    national = {
        "critical-thinking-challenge": "Critical thinking and respectful uncertainty matter.",
        "risk-assessment": "A whole-family risk assessment was not done.",
        "babies-under-ones": "The baby was aged seven weeks.",
        "harm-outside-family": "He was drawn into county lines exploitation.",
        "disability": "Disabled children are less often heard.",
        "race-ethnicity-culture": "Professionals did not consider the family's culture.",
        "children-not-in-school": "She was home educated and not in school.",
        "physical-abuse": "The bruising suggested physical abuse.",
        "young-carers": "He was a young carer for his mother.",
        "neglect": "Chronic neglect.",
        "looked-after-care-leavers": "Looked after children and care leavers.",
        "sexual-abuse": "Child sexual exploitation.",
    }
    for slug, text in national.items():
        assert slug in {t.slug for t in THEMES} and slug in tag_themes(text), slug
    bodies = {b for t in THEMES for b in t.bodies}
    assert bodies == {"CSPR Panel", "NSPCC"}
    assert "partner" not in " ".join(tag_themes("Contribution of partner agencies"))


def test_compare_lists_every_review_once(hashed: Assistant) -> None:
    for query in ("escalation", "fathers", "who should attend a strategy discussion?"):
        _every_review_once(hashed, query)


def test_theme_counts(hashed: Assistant) -> None:
    chunks = hashed.chunks()
    refs, slugs, counts = theme_counts(chunks)
    assert len(counts) == len(refs) and all(len(row) == len(slugs) for row in counts)
    column = slugs.index("escalation")
    in14 = next(i for i, r in enumerate(refs) if r.review == IN14)
    assert counts[in14][column] == sum(
        1 for c in chunks if c.review == IN14 and "escalation" in c.themes
    )
    assert counts[in14][column] > 0


def test_themes_cli(persisted: Assistant, settings: Settings) -> None:
    runner = CliRunner()
    args = ["--index-dir", str(settings.index_dir)]
    table = runner.invoke(app, ["themes", *args], env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    assert "Escalation and professional disagreement" in table.output and "R1 =" in table.output
    found = runner.invoke(app, ["themes", "escalation", "--json", *args])
    assert found.exit_code == 0, found.output
    payload = json.loads(found.output)
    assert payload["theme"] == "escalation"
    assert len(payload["reviews"]) + len(payload["without"]) == len(reviews_in(persisted.chunks()))
    assert all(r["quote"] and r["learning_point"] for r in payload["reviews"])


@pytest.mark.slow
def test_escalation_across_reviews(real_assistant: Assistant) -> None:
    result = compare(real_assistant, "escalation")
    listed = {f.ref.review for f in result.findings}
    assert {IN14, X1X2, "Family T", NATIONAL_24} <= listed
    _every_review_once(real_assistant, "escalation")


@pytest.mark.slow
def test_fathers_across_reviews(real_assistant: Assistant) -> None:
    result = compare(real_assistant, "fathers")
    by_review = {f.ref.review: f.citation.quote for f in result.findings}
    for review in (
        "Nadiya and Robyn",
        NATIONAL_24,
        "Precis of 9 serious case review executive summaries",
        "Family T",
        "LSCB audits",
    ):
        assert "father" in by_review[review].lower(), review
    assert any(r.startswith("The Myth of Invisible Men") for r in by_review)


@pytest.mark.slow
def test_a_topic_no_review_covers_lists_none(real_assistant: Assistant) -> None:
    result = compare(real_assistant, "female genital mutilation")
    assert result.findings == ()
