"""Judging: each configuration's output for a question against the question's evidence
(:mod:`evals.metrics`), then the configuration's metrics and per-question records."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from evals.configs import EvalAnswer, EvalConfig, RankedPassage
from evals.metrics import (
    QuestionOutcome,
    RankedJudgement,
    cited_sentences,
    is_relevant,
    review_matches,
    summarise,
)
from evals.questions import Question

ProgressFn = Callable[[str, int, int], None]
"""``progress(config, done, total)`` after each question."""


def judge(
    question: Question, ranked: Sequence[RankedPassage], answer: EvalAnswer, latency_ms: float
) -> QuestionOutcome:
    evidence = question.relevant if question.answerable else ()
    judgements = [
        RankedJudgement(p.pid, is_relevant(p.doc, (p.text, p.source_text), evidence), len(p.text))
        for p in ranked
    ]
    first_relevant: bool | None = None
    first_review: bool | None = None
    if answer.citations:
        first = answer.citations[0]
        first_relevant = is_relevant(first.doc, (first.text, first.source_text), evidence)
        first_review = review_matches(first.review, question.review_any)
    sentences, cited = (0, 0)
    if not answer.abstained:
        sentences, cited = cited_sentences(answer.claims, [c.marker for c in answer.citations])
    return QuestionOutcome(
        qid=question.qid,
        answerable=question.answerable,
        ranked=judgements,
        abstained=answer.abstained,
        answer_type=answer.kind,
        expected_type=question.expected_type,
        first_citation_relevant=first_relevant,
        first_citation_review_ok=first_review,
        sentences=sentences,
        cited_sentences=cited,
        latency_ms=latency_ms,
    )


def question_record(
    question: Question,
    ranked: Sequence[RankedPassage],
    answer: EvalAnswer,
    outcome: QuestionOutcome,
) -> dict[str, Any]:
    return {
        "id": question.qid,
        "question": question.question,
        "answerable": question.answerable,
        "latency_ms": round(outcome.latency_ms, 2),
        "first_relevant_rank": outcome.first_hit,
        "retrieved": [
            {
                "rank": p.rank,
                "doc": p.doc,
                "review": p.review,
                "learning_point": p.learning_point,
                "text": p.text,
                "score": round(p.score, 6),
                "relevant": j.relevant,
            }
            for p, j in zip(ranked, outcome.ranked, strict=True)
        ],
        "expect": question.expected_type,
        "answer": {
            "abstained": answer.abstained,
            "answer_type": answer.kind,
            "text": answer.text,
            "citations": [
                {
                    "doc": c.doc,
                    "review": c.review,
                    "learning_point": c.learning_point,
                    "quote": c.quote,
                }
                for c in answer.citations
            ],
            "first_citation_relevant": outcome.first_citation_relevant,
            "first_citation_review_ok": outcome.first_citation_review_ok,
        },
    }


def evaluate_config(
    config: EvalConfig, questions: Sequence[Question], k: int, progress: ProgressFn | None = None
) -> dict[str, Any]:
    """Run one configuration over ``questions``: its metrics and per-question records."""
    config.warm_up()
    outcomes: list[QuestionOutcome] = []
    records: list[dict[str, Any]] = []
    for done, question in enumerate(questions, start=1):
        result = config.run(question.question, k)
        outcome = judge(question, result.ranked, result.answer, result.latency_ms)
        outcomes.append(outcome)
        records.append(question_record(question, result.ranked, result.answer, outcome))
        if progress is not None:
            progress(config.name, done, len(questions))
    cutoffs = sorted({min(5, k), k})
    return {
        "description": config.description,
        "metrics": summarise(outcomes, cutoffs, k),
        "questions": records,
    }


__all__ = ["ProgressFn", "evaluate_config", "judge", "question_record"]
