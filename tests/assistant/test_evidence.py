"""The one evidence formula (assistant/evidence.py) and the places that use it."""

from __future__ import annotations

import pytest

from assistant.answer import extractive_answer
from assistant.evidence import TOP_PASSAGES, evidence
from assistant.scope import Scope
from core.config import Settings
from core.models import Chunk, Passage
from tests.builders import text_chunk


def _chunk(text: str, ordinal: int = 0) -> Chunk:
    return text_chunk(
        text,
        chunk_id=f"doc::{ordinal}",
        doc_id="doc",
        doc_title="Doc",
        review="Family T",
        section="Learning",
        learning_point=f"Learning point {ordinal + 1}",
        embed_text=f"Family T › Learning\n{text}",
        ordinal=ordinal,
    )


def _passages(*dense: float | None) -> list[Passage]:
    return [
        Passage(_chunk(f"Fathers must be seen, point {i}.", i), 1.0 - i / 10, i + 1, d)
        for i, d in enumerate(dense)
    ]


class _Share:
    def __init__(self, share: float) -> None:
        self.share = share

    def unknown_share(self, question: str) -> float:
        return self.share


def test_no_passages_is_no_evidence() -> None:
    assert evidence("anything", []) == 0.0
    assert evidence("anything", [], _Share(1.0)) == 0.0


def test_best_dense_similarity_of_the_top_passages() -> None:
    assert evidence("q", _passages(0.61, 0.83, 0.7)) == 0.83
    # Only the top passages count: a strong one ranked below them does not.
    ranked = _passages(*([0.5] * TOP_PASSAGES), 0.99)
    assert evidence("q", ranked) == 0.5
    # A passage with no dense score (BM25 only) counts as 0, never as a crash.
    assert evidence("q", _passages(None, 0.4)) == 0.4
    assert evidence("q", _passages(None)) == 0.0


def test_unknown_words_pull_the_evidence_down() -> None:
    assert evidence("q", _passages(0.8), _Share(0.25)) == pytest.approx(0.55)
    assert evidence("q", _passages(0.8), _Share(0.0)) == 0.8
    scope = Scope([_chunk("Fathers must be seen and their history checked.")])
    on_topic = evidence("Should fathers be seen?", _passages(0.8), scope)
    off_topic = evidence("lemon drizzle cake recipe", _passages(0.8), scope)
    assert on_topic == 0.8 and off_topic == pytest.approx(-0.2)


def test_scope_decision_and_answers_carry_the_same_number() -> None:
    scope = Scope([_chunk("Fathers must be seen and their history checked.")])
    passages = _passages(0.8, 0.6)
    question = "Should fathers and their history be seen?"
    decision = scope.decide(question, passages, threshold=0.5)
    assert decision.evidence == evidence(question, passages, scope)
    answer = extractive_answer(question, question, passages, Settings(), decision=decision)
    assert answer.evidence_score == decision.evidence
    # Without a scope decision the extractive answer uses the same formula (no library words).
    plain = extractive_answer(question, question, passages, Settings())
    assert plain.evidence_score == evidence(question, passages)
    # Below the threshold the same number makes the decision "none".
    weak = scope.decide(question, passages, threshold=0.9)
    assert weak.answer_type == "none" and weak.evidence == decision.evidence
