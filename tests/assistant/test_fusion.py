"""Fusion methods: the built-in formulas, and adding one by one registration."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from itertools import pairwise

import pytest

from assistant.fusion import (
    DENSE_GUARANTEE,
    INTENT_BONUS,
    NARRATIVE_FACTOR,
    SIDE_ROLE_FACTOR,
    YIELD_SHARE,
    FusionInput,
    FusionMethod,
    discount_roles,
    fuse,
    fusion_names,
    get_fusion,
    keep_dense_top,
    lead_within_reviews,
    passage_prior,
    register_fusion,
    yields_to,
)
from assistant.fusion import FUSIONS as REGISTRY
from assistant.lexicon import side_passage, unasked_roles
from core.config import Settings
from core.errors import ConfigError
from core.models import Chunk
from tests.builders import make_chunk, memory_assistant
from tests.fakes import HashEmbedder


def _ranked(
    name: str,
    dense: Sequence[tuple[Chunk, float]],
    lexical: Sequence[tuple[Chunk, float]],
    intent: Sequence[tuple[Chunk, float]] = (),
) -> list[tuple[Chunk, float, float | None, float | None]]:
    return fuse(get_fusion(name), FusionInput(dense, lexical, intent), Settings(fusion=name))


A, B, C = (make_chunk("doc", i, t) for i, t in enumerate(("a", "b", "c")))
DENSE = [(A, 0.9), (B, 0.7), (C, 0.5)]  # a: best dense, worst BM25; c: the other way round
LEXICAL = [(C, 12.0), (B, 9.0), (A, 2.0)]


def test_minmax_scales_each_list_and_adds_the_intent_bonus() -> None:
    ranked = _ranked("minmax", DENSE, LEXICAL)
    scores = {chunk.chunk_id: score for chunk, score, _, _ in ranked}
    assert scores == pytest.approx(
        {A.chunk_id: 0.5, B.chunk_id: 0.5 * 0.5 + 0.5 * 0.7, C.chunk_id: 0.5}
    )
    assert ranked[0][0] is B and ranked[0][2] == 0.7 and ranked[0][3] == 9.0
    # The first passage from the asked-for section gets the full bonus.
    ranked = _ranked("minmax", DENSE, LEXICAL, [(C, 0)])
    assert ranked[0][0] is C and ranked[0][1] == pytest.approx(0.5 + INTENT_BONUS)
    # One result, or equal scores, scale to 1 rather than dividing by zero.
    assert _ranked("minmax", [(A, 0.4)], [])[0][1] == 0.5


def test_rrf_and_weighted_formulas() -> None:
    rrf = {c.chunk_id: s for c, s, _, _ in _ranked("rrf", DENSE, LEXICAL)}
    k = Settings().rrf_k
    assert rrf[B.chunk_id] == pytest.approx(2 / (k + 2))
    assert rrf[A.chunk_id] == pytest.approx(1 / (k + 1) + 1 / (k + 3))
    weighted = {c.chunk_id: s for c, s, _, _ in _ranked("weighted", DENSE, LEXICAL)}
    expected = {A.chunk_id: 0.9 + 2 / 12, B.chunk_id: 0.7 + 9 / 12, C.chunk_id: 1.5}
    assert weighted == pytest.approx(expected)


def test_each_builtin_carries_its_answer_threshold() -> None:
    assert set(fusion_names()) >= {"minmax", "rrf", "weighted"}
    assert get_fusion("minmax").relative_score == 0.55 and get_fusion("minmax").anchored
    assert get_fusion("rrf").relative_score == 0.7 and not get_fusion("rrf").anchored


def test_an_unknown_fusion_is_a_config_error_naming_the_setting_and_choices() -> None:
    with pytest.raises(ConfigError) as caught:
        Settings(fusion="borda")
    message = str(caught.value)
    assert "'borda'" in message and "'fusion'" in message and "REVIEW_ASSISTANT_FUSION" in message
    assert "minmax, rrf, weighted" in message
    with pytest.raises(ConfigError, match="already registered"):
        register_fusion(get_fusion("rrf"))


def _dense_only(given: FusionInput, settings: Settings) -> Mapping[str, float]:
    """A toy method: the dense list's order, BM25 ignored."""
    return {chunk.chunk_id: score for chunk, score in given.dense}


@pytest.fixture
def dense_only() -> Iterator[FusionMethod]:
    method = register_fusion(FusionMethod("dense-only", _dense_only, relative_score=0.9))
    yield method
    REGISTRY.unregister("dense-only")


def test_a_registered_fusion_is_accepted_and_answers_a_query(
    dense_only: FusionMethod, settings: Settings, hash_embedder: HashEmbedder
) -> None:
    """One registration: settings accept the name, retrieval ranks with it and the answer
    claims passages by its own relative score."""
    chosen = settings.model_copy(update={"fusion": "dense-only"})
    Settings(fusion="dense-only")  # the validator now knows the name
    assistant = memory_assistant(chosen, hash_embedder)
    assistant.ingest()
    question = "who must be involved in strategy discussions?"
    passages = assistant.retrieve(question, 5)
    assert passages
    # Ranked purely by dense similarity: the fused score is the dense score.
    assert [p.score for p in passages] == [p.dense_score for p in passages]
    assert all(p.score >= q.score for p, q in pairwise(passages))
    answer = assistant.ask(question)
    assert not answer.abstained and answer.citations
    best = max(p.score for p in answer.retrieved)
    scores = {p.chunk.chunk_id: p.score for p in answer.retrieved}
    assert all(scores[c.chunk.chunk_id] >= 0.9 * best for c in answer.citations[1:])


STORY = make_chunk("doc", 5, "Mum said the mark was from her bracelet.", section="Case summary")
ASKED = make_chunk(
    "doc", 6, "How would you check a mark on a baby?", section="Reflective questions"
)
POINT = make_chunk("doc", 7, "Refer any mark on a non-mobile baby.", section="Key learning")
FOUND = make_chunk("doc", 8, "The mark was not referred.", section="Key learning")
TOLD = make_chunk("doc", 9, "A mark should always be referred.", section="Key learning")


def test_side_roles_are_discounted_unless_the_question_asks_for_them() -> None:
    ranked = [(STORY, 1.0, 0.9, 8.0), (ASKED, 0.9, 0.8, 7.0), (POINT, 0.8, 0.7, 6.0)]
    question = "Mum says the mark was from her bracelet. Do I still refer?"
    assert unasked_roles(question) == {"summary", "reflective_question", "further_information"}
    rescored = discount_roles(ranked, passage_prior(question))
    assert [item[0] for item in rescored] == [POINT, STORY, ASKED]
    assert rescored[1][1] == pytest.approx(SIDE_ROLE_FACTOR)
    assert rescored[0][2:] == (0.7, 6.0)  # the lists' own scores are kept
    # Asking for what happened, or for the brief's questions, lifts the discount on that role.
    assert "summary" not in unasked_roles("What happened to the baby?")
    assert "reflective_question" not in unasked_roles("What questions should I ask myself?")
    assert "further_information" not in unasked_roles("Where can I read more about this?")
    # A side section named by the question is what it asks for ("the bottom line").
    ending = make_chunk("doc", 10, "We cannot prevent all deaths.", section="Conclusion")
    ending = replace(ending, role="summary")
    assert side_passage(question)(ending) and not side_passage("What is the bottom line?")(ending)
    # A strong side passage still leads a weak learning point.
    weak = [(STORY, 1.0, 0.9, 8.0), (POINT, 0.3, 0.2, 1.0)]
    assert discount_roles(weak, passage_prior(question))[0][0] is STORY


def test_a_what_to_do_question_prefers_a_point_that_says_what_to_do() -> None:
    ranked = [(FOUND, 1.0, 0.9, 8.0), (TOLD, 0.9, 0.8, 7.0)]
    rescored = discount_roles(ranked, passage_prior("Should I refer a small mark?"))
    assert [item[0] for item in rescored] == [TOLD, FOUND]
    assert rescored[1][1] == pytest.approx(NARRATIVE_FACTOR)
    # A question about what was found keeps the finding first.
    kept = discount_roles(ranked, passage_prior("What went wrong with the mark?"))
    assert [item[0] for item in kept] == [FOUND, TOLD]


# -- which passage of a review leads (assistant.fusion.lead_within_reviews) ------------------


def _of(review: str, ordinal: int, text: str, section: str) -> Chunk:
    return make_chunk("doc", ordinal, text, review=review, section=section)


CASE = _of("Baby R", 20, "At four weeks the mother said the mark was from her bracelet.", "Summary")
FINDING = _of("Baby R", 21, "The mark was accepted as a scratch and not referred.", "Key learning")
ADVICE = _of("Baby R", 22, "Refer any mark on a non-mobile baby.", "Practice points")
AGENCIES = _of("Baby R", 23, "Health trusts should audit the bruising protocol.", "Recommendations")
OWN_Q = _of("Baby R", 24, "How would you check a mark on a baby?", "Reflective questions")
OTHER = _of("Baby F", 25, "Safer sleep advice was not repeated.", "Key learning")


def _led(question: str, ranked: list[tuple[Chunk, float]]) -> list[Chunk]:
    fused = [(chunk, score, None, None) for chunk, score in ranked]
    return [item[0] for item in lead_within_reviews(fused, yields_to(question))]


def test_the_case_story_gives_way_to_its_reviews_learning_for_a_what_to_do_question() -> None:
    ranked = [(CASE, 0.7), (OTHER, 0.65), (ADVICE, 0.6)]
    question = "Mum says the mark was from her bracelet. Do I still need to refer?"
    led = lead_within_reviews([(c, s, None, None) for c, s in ranked], yields_to(question))
    # The practice point takes the case story's place and score; the other review stays put.
    assert [item[0] for item in led] == [ADVICE, CASE, OTHER]
    assert led[0][1] == pytest.approx(0.7)
    # Only when nearly as relevant: a point far below the story does not lead.
    assert _led(question, [(CASE, 0.7), (OTHER, 0.65), (ADVICE, 0.3)])[0] is CASE
    # A question about what happened keeps the case story first.
    assert _led("Why didn't anyone refer the mark?", ranked)[0] is CASE
    # Another review's learning point never leads this review's story.
    assert _led(question, [(CASE, 0.7), (OTHER, 0.65)]) == [CASE, OTHER]


def test_a_finding_gives_way_to_what_to_do_when_the_question_asks_what_the_learning_says() -> None:
    ranked = [(FINDING, 0.9), (ADVICE, 0.8), (OTHER, 0.5)]
    assert _led("A baby has a small mark. What does the learning say?", ranked)[0] is ADVICE
    assert _led("Should I refer a small mark on a baby?", ranked)[0] is ADVICE
    # A question about what was found keeps the finding.
    assert _led("How was the mark on Baby R missed?", ranked)[0] is FINDING


def test_a_practitioners_own_question_puts_the_practice_point_before_agencies_actions() -> None:
    ranked = [(AGENCIES, 0.9), (ADVICE, 0.8)]
    assert _led("I'm a health visitor and saw a mark. What should I do?", ranked)[0] is ADVICE
    # What agencies should do is what a recommendation answers.
    assert _led("What should health trusts do about marks on babies?", ranked)[0] is AGENCIES


def test_a_question_about_what_happened_puts_the_finding_before_the_practice_point() -> None:
    ranked = [(ADVICE, 0.9), (FINDING, 0.8)]
    assert _led("What went wrong with the mark on the baby?", ranked)[0] is FINDING
    assert _led("Refer a mark on a baby: what does the learning say?", ranked)[0] is ADVICE


def test_a_reflective_question_gives_way_to_its_reviews_learning_point() -> None:
    ranked = [(OWN_Q, 0.7), (FINDING, 0.6)]
    assert _led("How do I check a mark on a baby properly?", ranked)[0] is FINDING
    # Unless the question asks for the brief's questions.
    assert _led("What reflective questions does Baby R's brief ask?", ranked)[0] is OWN_Q


def test_the_lead_changes_twice_at_most_and_never_below_the_share() -> None:
    question = "Mum says it was her bracelet. Should I refer the mark?"
    ranked = [(CASE, 0.7), (FINDING, 0.6), (ADVICE, 0.55)]
    # story -> finding (learning) -> the point that says what to do
    assert _led(question, ranked) == [ADVICE, FINDING, CASE]
    assert YIELD_SHARE * 0.7 > 0.5
    assert _led(question, [(CASE, 0.7), (FINDING, 0.6), (ADVICE, 0.5)]) == [FINDING, CASE, ADVICE]


def test_a_finding_whose_row_has_a_practice_column_states_practice() -> None:
    # a theme table's row ("Theme | What happened | What this means for practice") is one
    # learning point; its practice cell ("Invite fathers ...") says what to do, in the
    # imperative, which the wording test alone does not see
    row = make_chunk(
        "doc", 11, "Fathers — The father was not seen at home. — Invite fathers to every visit."
    )
    row = replace(row, role="learning")
    prior = passage_prior("Should I invite the father to visits?")
    assert prior(row) == pytest.approx(NARRATIVE_FACTOR)
    assert prior(replace(row, practice=True)) == 1.0


def _fused(*pairs: tuple[Chunk, float]) -> list[tuple[Chunk, float, float | None, float | None]]:
    return [(chunk, score, None, None) for chunk, score in pairs]


PASSAGES = [make_chunk("doc", i, f"passage number {i}") for i in range(8)]


def test_a_dense_top_passage_ranked_out_of_the_window_moves_into_its_last_place() -> None:
    a, b, c, d, e, f = PASSAGES[:6]
    ranked = _fused((a, 0.9), (b, 0.8), (c, 0.7), (d, 0.6), (e, 0.5), (f, 0.4))
    dense = [(f, 0.81), (a, 0.8), (b, 0.79)]
    kept = keep_dense_top(ranked, dense, within=3)
    assert [item[0] for item in kept] == [a, b, f, c, d, e]
    # it takes the score of the passage that now follows it: the scores stay in order
    assert [item[1] for item in kept] == [0.9, 0.8, 0.7, 0.7, 0.6, 0.5]


def test_several_late_dense_passages_keep_the_dense_order() -> None:
    a, b, c, d, e, f = PASSAGES[:6]
    ranked = _fused((a, 0.9), (b, 0.8), (c, 0.7), (d, 0.6), (e, 0.5), (f, 0.4))
    kept = keep_dense_top(ranked, [(f, 0.9), (a, 0.85), (e, 0.8)], within=3)
    assert [item[0] for item in kept] == [a, f, e, b, c, d]


def test_a_late_dense_passage_never_pushes_out_another_of_the_dense_top() -> None:
    a, b, c, d, e = PASSAGES[:5]
    ranked = _fused((a, 0.9), (b, 0.8), (c, 0.7), (d, 0.6), (e, 0.5))
    # c (dense second) holds the window's last place: b gives its place to e, not c
    kept = keep_dense_top(ranked, [(e, 0.9), (c, 0.8)], within=3)
    assert [item[0] for item in kept] == [a, c, e, b, d]
    assert [item[1] for item in kept] == [0.9, 0.7, 0.7, 0.7, 0.6]


def test_only_eligible_dense_passages_are_kept_in() -> None:
    a, b, c, d, e = PASSAGES[:5]
    ranked = _fused((a, 0.9), (b, 0.8), (c, 0.7), (d, 0.6), (e, 0.5))
    dense = [(d, 0.9), (e, 0.8)]
    kept = keep_dense_top(ranked, dense, within=3, eligible=lambda chunk: chunk is not d)
    assert [item[0] for item in kept] == [a, b, e, c, d]


def test_the_ranking_is_unchanged_when_the_dense_top_is_already_in_the_window() -> None:
    a, b, c, d = PASSAGES[:4]
    ranked = _fused((a, 0.9), (b, 0.8), (c, 0.7), (d, 0.6))
    assert keep_dense_top(ranked, [(c, 0.8), (a, 0.7), (b, 0.6)], within=3) == ranked
    # only the dense list's first DENSE_GUARANTEE passages are kept in: d is its fourth
    assert DENSE_GUARANTEE == 3
    assert keep_dense_top(ranked, [(b, 0.9), (c, 0.8), (a, 0.7), (d, 0.6)], within=3) == ranked
    assert keep_dense_top(ranked, [(d, 0.9), (c, 0.8)], within=3, top=1)[2][0] == d


def test_the_dense_top_stays_among_the_passages_retrieved_when_bm25_alone_would_rank(
    settings: Settings, hash_embedder: HashEmbedder
) -> None:
    """A passage the embedding ranks in its top three is never lost in fusion, even with the
    dense list weighted 0 (BM25 alone decides the order)."""
    chosen = settings.model_copy(update={"dense_weight": 0.0})
    assistant = memory_assistant(chosen, hash_embedder)
    assistant.ingest()
    question = "who must be involved in strategy discussions?"
    k = 3
    prior = passage_prior(question)
    dense = [
        p.chunk.chunk_id
        for p in assistant.retrieve(question, k, mode="dense")
        if prior(p.chunk) >= 1.0  # a side passage the prior discounts is not kept in
    ]
    unguarded = [
        item[0].chunk_id for item in assistant.retriever._ranked(question, 60, None, "hybrid")
    ]
    assert set(dense) - set(unguarded[:k])  # without the guarantee one would be lost
    fused = [p.chunk.chunk_id for p in assistant.retrieve(question, k)]
    assert set(dense[:DENSE_GUARANTEE]) <= set(fused)
