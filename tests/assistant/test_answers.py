"""Retrieval and extractive answers on the real seed corpus with the bundled model."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assistant.cite import markers_in, split_claims
from core.errors import QuestionError
from core.models import Filters, Turn

pytestmark = pytest.mark.slow


def test_strategy_discussions_cite_in14_key_learning_3(real_assistant) -> None:  # type: ignore[no-untyped-def]
    answer = real_assistant.ask("who must be involved in strategy discussions?")
    assert not answer.abstained
    first = answer.citations[0]
    assert first.chunk.review == "Serious Case Review IN14"
    assert first.chunk.learning_point == "Key learning 3"
    assert "Consultant Paediatrician" in first.quote


def test_every_sentence_carries_a_resolving_citation(real_assistant) -> None:  # type: ignore[no-untyped-def]
    for question in (
        "two agencies disagree about what to do, what now?",
        "what do reviews say about disguised compliance?",
        "what have reviews found about fathers and men in the household?",
    ):
        answer = real_assistant.ask(question)
        assert not answer.abstained, question
        markers = {c.marker for c in answer.citations}
        retrieved = {p.chunk.chunk_id for p in answer.retrieved}
        for sentence in split_claims(answer.text):
            cited = markers_in(sentence)
            assert cited and set(cited) <= markers, sentence
        assert all(c.chunk.chunk_id in retrieved for c in answer.citations)
        assert all(c.quote == c.chunk.text for c in answer.citations)


def test_cross_review_question_gathers_several_reviews(real_assistant) -> None:  # type: ignore[no-untyped-def]
    answer = real_assistant.ask("what do reviews say about escalation and professional challenge?")
    reviews = {c.chunk.review for c in answer.citations}
    assert len(reviews) >= 2
    assert any(n.kind == "info" and "reviews" in n.text for n in answer.notices)


@pytest.mark.parametrize(
    "question",
    [
        "What is a good recipe for lemon drizzle cake?",
        "Who won the football last night?",
        "What is the mandatory reporting duty for FGM?",
    ],
)
def test_out_of_scope_questions_abstain(real_assistant, question: str) -> None:  # type: ignore[no-untyped-def]
    answer = real_assistant.ask(question)
    assert answer.abstained
    assert answer.answer_type == "none"
    # The plain statement: generic, or naming the topic no review covers.
    assert answer.text in (
        "The review learning in this library does not cover this.",
        "None of the reviews in this library covers female genital mutilation.",
    )
    assert not answer.citations
    assert any(n.kind == "abstention" and "Searched" in n.text for n in answer.notices)


def test_immediate_risk_shows_escalation_first(real_assistant) -> None:  # type: ignore[no-untyped-def]
    answer = real_assistant.ask("a baby has bruises and is being hit right now, what do I do?")
    assert answer.notices[0].kind == "escalation"
    assert "999" in answer.notices[0].text and "0808 800 5000" in answer.notices[0].text
    assert any(n.kind == "disclaimer" for n in answer.notices)


def test_filters_restrict_sources(real_assistant) -> None:  # type: ignore[no-untyped-def]
    answer = real_assistant.ask(
        "what went wrong with information sharing?", filters=Filters(review="Robyn")
    )
    assert answer.retrieved and all(p.chunk.review == "Robyn" for p in answer.retrieved)
    themed = real_assistant.retrieve("assessment", 5, Filters(theme="fathers-invisible-men"))
    assert themed and all("fathers-invisible-men" in p.chunk.themes for p in themed)


def test_follow_up_uses_previous_turn(real_assistant) -> None:  # type: ignore[no-untyped-def]
    first = real_assistant.ask("what do reviews say about escalation?")
    follow = real_assistant.ask(
        "and what about fathers?",
        history=[Turn(first.question, first.retrieval_query, first)],
    )
    # The follow-up's own topic; never the whole earlier question (issue #14).
    assert "fathers" in follow.retrieval_query and "escalation" not in follow.retrieval_query
    assert any("fathers-invisible-men" in c.chunk.themes for c in follow.citations)


def test_bad_questions_raise_clear_errors(real_assistant) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QuestionError, match="empty"):
        real_assistant.ask("   ")
    with pytest.raises(QuestionError, match="limit"):
        real_assistant.ask("x" * 10_000)


def test_langchain_retriever(real_assistant) -> None:  # type: ignore[no-untyped-def]
    docs = real_assistant.as_langchain_retriever(k=3).invoke("written agreements with parents")
    assert len(docs) == 3
    assert docs[0].metadata["learning_point"] == "Key learning 4"


def test_ask_json_shape(real_settings, real_assistant, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ui.cli import app

    monkeypatch.setenv("REVIEW_ASSISTANT_INDEX_DIR", str(real_settings.index_dir))
    result = CliRunner().invoke(
        app, ["ask", "who must be involved in strategy discussions?", "--json"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert set(payload) >= {"question", "abstained", "answer", "citations", "notices", "retrieved"}
    assert payload["answer_type"] == "direct" and payload["abstained"] is False
    citation = payload["citations"][0]
    assert set(citation) >= {
        "marker",
        "doc",
        "doc_title",
        "review",
        "learning_point",
        "section",
        "page",
        "quote",
        "score",
    }
    assert payload["retrieved"][0]["rank"] == 1
