"""Fast unit tests of the answer, scope, lexicon and follow-up rules (no model)."""

from __future__ import annotations

import pytest

from assistant.answer import _flatten, extractive_answer, select_points
from assistant.cite import markers_in, split_claims
from assistant.config import Settings
from assistant.conversation import is_follow_up, resolve_follow_up
from assistant.lexicon import expand_query, section_intents
from assistant.models import Chunk, Filters, Passage, Turn
from assistant.scope import Scope, ScopeDecision


def _chunk(
    text: str,
    review: str = "Family T",
    label: str = "Recommendation 1",
    section: str = "Recommendations",
    ordinal: int = 0,
) -> Chunk:
    return Chunk(
        chunk_id=f"doc::{ordinal}",
        doc_id="doc",
        doc_title="Doc",
        review=review,
        section=section,
        learning_point=label,
        start=0,
        end=len(text),
        source_text=text,
        text=text,
        embed_text=f"{review} › {section}\n{text}",
        doc_hash="h",
        ordinal=ordinal,
    )


def _passages(*items: tuple[Chunk, float, float]) -> list[Passage]:
    return [Passage(c, s, i, dense_score=d) for i, (c, s, d) in enumerate(items, start=1)]


def test_flatten_titles_and_lists() -> None:
    assert _flatten("Absent men\nGather information about fathers.") == (
        "Absent men: Gather information about fathers."
    )
    assert _flatten("Themes include;\n• Escalation\n• Voice of the child") == (
        "Themes include; Escalation; Voice of the child"
    )


def test_every_sentence_gets_its_marker_and_reviews_are_grouped() -> None:
    a = _chunk("Fathers must be seen. Their history must be checked.", ordinal=0)
    b = _chunk(
        "Escalate disagreements to managers.", review="IN14", label="Key learning 1", ordinal=1
    )
    c = _chunk("Record the rationale for closing cases.", ordinal=2)
    passages = _passages((a, 0.2, 0.6), (b, 0.18, 0.5), (c, 0.17, 0.5))
    answer = extractive_answer("q", "q", passages, Settings(), decision=ScopeDecision(True, 1))
    claims = split_claims(answer.text)
    assert all(markers_in(claim) for claim in claims)
    reviews = [line.split(" — ")[0] for line in answer.text.splitlines()]
    assert reviews == ["- Family T", "- Family T", "- IN14"]


def test_weak_passages_are_not_claimed() -> None:
    strong = _chunk("Fathers must be seen.", ordinal=0)
    weak = _chunk("Share the bulletin in team meetings.", ordinal=1)
    points = select_points(_passages((strong, 0.2, 0.6), (weak, 0.1, 0.3)), 5)
    assert [p[0].chunk for p in points] == [strong]


def test_near_duplicates_share_one_point() -> None:
    one = _chunk("Fathers must be seen and assessed by professionals.", ordinal=0)
    two = _chunk("Fathers must be seen and assessed by all professionals.", ordinal=1)
    points = select_points(_passages((one, 0.2, 0.6), (two, 0.19, 0.6)), 5)
    assert len(points) == 1 and len(points[0]) == 2


def test_abstention_says_what_was_searched() -> None:
    passage = _passages((_chunk("Fathers must be seen."), 0.1, 0.1))
    answer = extractive_answer(
        "q",
        "cake recipe",
        passage,
        Settings(),
        filters=Filters(review="Family T"),
        decision=ScopeDecision(False, -0.5, "weak"),
    )
    assert answer.abstained and not answer.citations
    notice = next(n.text for n in answer.notices if n.kind == "abstention")
    assert "cake recipe" in notice and "review 'Family T'" in notice
    assert "not an answer" in notice


def test_scope_topic_timescale_and_unknown_words() -> None:
    scope = Scope([_chunk("Fathers must be seen and their history checked.")])
    passages = _passages((_chunk("Fathers must be seen and their history checked."), 0.2, 0.8))
    assert not scope.decide("What is our FGM reporting duty?", passages, -0.2).in_scope
    assert not scope.decide("How many working days until the conference?", passages, -0.2).in_scope
    assert scope.decide("Should fathers be seen?", passages, -0.2).in_scope
    assert scope.unknown_share("lemon drizzle cake recipe") == 1.0
    assert scope.unknown_share("what about dads?") < 1.0  # the lexicon knows "dads"


def test_scope_absent_topics_and_figures() -> None:
    fathers = _chunk("Fathers must be seen and their history checked.")
    scope = Scope([fathers])
    passages = _passages((fathers, 0.2, 0.8))
    decision = scope.decide("Is co-sleeping with a newborn ever safe?", passages, -0.2)
    assert not decision.in_scope and "co-sleeping" in decision.reason
    graded = scope.decide("What Graded Care Profile score means I refer?", passages, -0.2)
    assert not graded.in_scope and "Graded Care Profile" in graded.reason
    figure = scope.decide("At what age can fathers be left to babysit?", passages, -0.2)
    assert not figure.in_scope and "figure" in figure.reason
    # Once a learning point covers the topic (or states the figure), the question is answered.
    sleep = _chunk("Safe sleep advice was not repeated after the birth; co-sleeping continued.")
    assert (
        Scope([fathers, sleep])
        .decide("Is co-sleeping with a newborn ever safe?", _passages((sleep, 0.2, 0.8)), -0.2)
        .in_scope
    )
    seven = _chunk("Seven conferences were held; fathers aged 17 were not seen.")
    assert scope.decide(
        "At what age were the fathers not seen?", _passages((seven, 0.2, 0.8)), -0.2
    ).in_scope


def test_minmax_fusion_scales_each_list_and_adds_the_intent_bonus() -> None:
    from assistant.retrieve import INTENT_BONUS, HybridRetriever

    a, b, c = (_chunk(t, ordinal=i) for i, t in enumerate(("a", "b", "c")))
    fuse = HybridRetriever.__new__(HybridRetriever)
    fuse.settings = Settings(fusion="minmax")
    # a: best dense, worst BM25; b: middle in both; c: worst dense, best BM25.
    ranked = fuse._fuse([(a, 0.9), (b, 0.7), (c, 0.5)], [(c, 12.0), (b, 9.0), (a, 2.0)])
    scores = {chunk.chunk_id: score for chunk, score, _, _ in ranked}
    assert scores == pytest.approx({"doc::0": 0.5, "doc::1": 0.5 * 0.5 + 0.5 * 0.7, "doc::2": 0.5})
    assert ranked[0][0] is b and ranked[0][2] == 0.7 and ranked[0][3] == 9.0
    # The first passage from the asked-for section gets the full bonus.
    ranked = fuse._fuse([(a, 0.9), (b, 0.7), (c, 0.5)], [(c, 12.0), (b, 9.0), (a, 2.0)], [(c, 0)])
    assert ranked[0][0] is c and ranked[0][1] == pytest.approx(0.5 + INTENT_BONUS)
    # One result, or equal scores, scale to 1 rather than dividing by zero.
    assert fuse._fuse([(a, 0.4)], [])[0][1] == 0.5


def test_lexicon_and_intents() -> None:
    assert "fathers" in expand_query("what about the dads?")
    assert "non-mobile" in expand_query("bruises on a baby who can't crawl")
    assert expand_query("what is neglect?").startswith("what is neglect?")
    assert expand_query("budget planning") == "budget planning"
    assert "unborn" in expand_query("should I mention the baby she's carrying?")
    assert "discharge" in expand_query("twins about to go home from the neonatal unit")
    assert "verbal" in expand_query("I rang social care - is that enough?")
    assert "power imbalance" in expand_query("hard for a junior nurse to challenge a consultant")
    assert "point of leaving" in expand_query("she says she's leaving him tomorrow")
    assert section_intents("What did staff do well?") == ("good practice",)
    assert section_intents("What should I do?") == ()


def test_follow_up_rule() -> None:
    history = [
        Turn("what do reviews say about escalation?", "what do reviews say about escalation?")
    ]
    assert is_follow_up("and what about fathers?")
    assert not is_follow_up("What do reviews say about neglect in older children?")
    query = resolve_follow_up("and what about fathers?", history)
    assert "fathers" in query and "escalation" in query
    assert resolve_follow_up("What about neglect?", []) == "What about neglect?"
