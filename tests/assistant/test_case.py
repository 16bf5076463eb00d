"""A question describing one case ("the girl with sickle cell disease") is answered from that
case's review, ranked by what it asks about it (assistant.case, HybridRetriever._case_first).

The briefs here are fictional and written for this test."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.case import described_case
from assistant.retrieve import CASE_MARGIN, _holding_review
from core.config import Settings
from tests.builders import make_chunk, memory_assistant
from tests.fakes import HashEmbedder

BRIEFS = {
    "child-q.txt": """Rapid Review: Child Q

Fictional brief for testing only.

1. Background

Child Q was a nine-year-old girl with sickle cell disease whose clinic appointments were often
missed.

2. What went well

The school nurse kept a careful record of every absence and shared it with the GP.

3. Key learning

Missed health appointments were not seen as a sign of neglect.
""",
    "child-z.txt": """Rapid Review: Child Z

Fictional brief for testing only.

1. Background

Child Z was a nine-year-old girl who was found alone at home by a neighbour.

2. What went well

The neighbour rang the police at once and stayed with the girl until they came.

3. Key learning

Children left alone at home went unnoticed by the services that knew the family.
""",
}


@pytest.mark.parametrize(
    ("question", "description", "ask"),
    [
        (
            "What did the school do well for the girl with a heart condition?",
            "the girl with a heart condition",
            "What did the school do well for the girl?",
        ),
        (
            "Where does the baby who was found in a car live now?",
            "the baby who was found in a car",
            "Where does the baby live now?",
        ),
        (
            "The three-year-old with a burnt hand - what did the GP miss?",
            "The three-year-old with a burnt hand",
            "The three-year-old - what did the GP miss?",
        ),
        (
            "Why didn't the teenager who was stabbed get a full review?",
            "the teenager who was stabbed",
            "Why didn't the teenager get a full review?",
        ),
    ],
)
def test_a_described_case_is_split_from_what_is_asked(
    question: str, description: str, ask: str
) -> None:
    case = described_case(question)
    assert case is not None
    assert (case.description, case.ask) == (description, ask)


@pytest.mark.parametrize(
    "question",
    [
        "What should I do when a child discloses abuse?",  # no definite case
        "How do we keep the child at the centre of the plan?",  # a role, not a case
        "Mum says the mark was from her bracelet. Do I still refer?",
    ],
)
def test_general_questions_describe_no_case(question: str) -> None:
    assert described_case(question) is None


def _fused(review: str, score: float, ordinal: int) -> tuple:
    return (make_chunk("doc", ordinal, f"text {ordinal}", review=review), score, None, None)


def test_the_case_review_needs_a_clear_margin_or_the_whole_question_agreeing() -> None:
    clear = [_fused("Child Q", 1.0, 1), _fused("Child Z", CASE_MARGIN - 0.05, 2)]
    close = [_fused("Child Q", 1.0, 1), _fused("Child Z", CASE_MARGIN + 0.05, 2)]
    elsewhere = [_fused("Child Z", 0.9, 3)]
    agreeing = [_fused("Child Q", 0.9, 4)]
    assert _holding_review(clear, elsewhere) == ("doc", "Child Q")
    assert _holding_review(close, elsewhere) is None  # two case stories fit the description
    assert _holding_review(close, agreeing) == ("doc", "Child Q")
    assert _holding_review([], agreeing) is None


@pytest.fixture
def two_cases(tmp_path: Path) -> list[Path]:
    paths = []
    for name, text in BRIEFS.items():
        path = tmp_path / "briefs" / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def test_the_described_case_answers_from_its_own_review(
    settings: Settings, hash_embedder: HashEmbedder, two_cases: list[Path]
) -> None:
    assistant = memory_assistant(settings, hash_embedder)
    assistant.ingest(two_cases)
    # Both reviews have a "what went well" point; the description says whose is asked for
    # (without the case step Child Z's point, closer to "went well ... girl", ranks first).
    passages = assistant.retrieve("What went well for the girl with sickle cell disease?", 4)
    assert (passages[0].chunk.review, passages[0].chunk.learning_point) == (
        "Child Q",
        "Good practice 1",
    )
    assert [p.rank for p in passages] == [1, 2, 3, 4]
    answer = assistant.ask("What went well for the girl with sickle cell disease?")
    assert answer.citations[0].chunk.text.startswith("The school nurse kept")
    # A question describing no case keeps the ranking by the whole question.
    general = assistant.retrieve("What went well when a girl was found alone?", 4)
    assert general[0].chunk.review == "Child Z"
