"""Fast unit tests of the answer, scope, lexicon and follow-up rules (no model)."""

from __future__ import annotations

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


def test_lexicon_and_intents() -> None:
    assert "fathers" in expand_query("what about the dads?")
    assert "non-mobile" in expand_query("bruises on a baby who can't crawl")
    assert expand_query("what is neglect?").startswith("what is neglect?")
    assert expand_query("budget planning") == "budget planning"
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
