"""What is shown is what was checked: an answer's claims are its text, and each carries the
support score the validator computes (extractive answers included, never a fixed 1.0)."""

from __future__ import annotations

import json

from assistant.answer import extractive_answer
from assistant.render import answer_lines, escape_markdown, to_markdown
from assistant.scope import ScopeDecision
from assistant.validate import Reference, check_sentence, claim_support, validate_reply
from core.config import Settings
from core.models import Answer, Claim, Passage
from tests.assistant.test_answer_unit import _chunk, _passages

QUESTION = "fathers history escalation family moved school"


def _answer() -> Answer:
    fathers = _chunk(
        "Fathers must be seen at every visit. X Their history must be checked with the GP.",
        ordinal=0,
    )
    background = _chunk(
        "The family moved three times in a year and the school was not told.",
        review="IN14",
        label="Case summary 1",
        section="Case summary",
        ordinal=1,
    )
    escalate = _chunk(
        "Escalate disagreements to managers when a plan stalls.",
        review="IN14",
        label="Key learning 1",
        section="Key learning",
        ordinal=2,
    )
    passages = _passages((fathers, 0.9, 0.8), (background, 0.85, 0.8), (escalate, 0.8, 0.7))
    decision = ScopeDecision(True, 0.9, "")
    return extractive_answer(QUESTION, QUESTION, passages, Settings(), (), None, decision)


GOLDEN = [
    ("Family T — Recommendation 1: Fathers must be seen at every visit [1].", (1,), 1.0, 0),
    ("X Their history must be checked with the GP [1].", (1,), 1.0, 0),
    (
        "IN14 — Case summary 1 (case background, not learning): The family moved three times "
        "in a year and the school was not told [2].",
        (2,),
        # The assistant's own "case background, not learning" is not in the passage.
        0.846,
        1,
    ),
    (
        "IN14 — Key learning 1: Escalate disagreements to managers when a plan stalls [3].",
        (3,),
        1.0,
        2,
    ),
]


def test_extractive_claims_golden() -> None:
    answer = _answer()
    assert [(c.text, c.markers, c.support, c.line) for c in answer.claims] == GOLDEN
    assert all(c.bullet and not c.reason for c in answer.claims)


def test_extractive_support_is_the_validators_score() -> None:
    answer = _answer()
    cited = [Passage(c.chunk, c.score, c.marker) for c in answer.citations]
    for claim in answer.claims:
        support, _ = check_sentence(claim.text, cited, threshold=0.0)
        assert support == claim.support, claim.text
        assert claim.support == claim_support(
            claim.text, [Reference.of(cited[m - 1]) for m in claim.markers]
        )


def test_an_answers_text_is_its_claims() -> None:
    answer = _answer()
    shown = "\n".join(("- " if bullet else "") + text for bullet, text in answer_lines(answer))
    assert shown == answer.text
    exported = to_markdown(answer).splitlines()
    for bullet, text in answer_lines(answer):
        assert ("- " if bullet else "") + escape_markdown(text) in exported


def test_validated_llm_claims_carry_their_lines_and_scores() -> None:
    passages = _passages(
        (_chunk("Fathers must be seen at every visit.", ordinal=0), 0.9, 0.8),
        (_chunk("Escalate disagreements to managers.", review="IN14", ordinal=1), 0.8, 0.7),
    )
    reply = "Fathers must be seen at every visit [1].\n- Escalate disagreements to managers [2]."
    text, kept, dropped, cited = validate_reply(reply, passages, threshold=0.3)
    assert (
        not dropped
        and [c.line for c in kept] == [0, 1]
        and [c.bullet for c in kept]
        == [
            False,
            True,
        ]
    )
    answer = Answer("q", False, text, claims=tuple(kept))
    assert "\n".join(("- " if b else "") + t for b, t in answer_lines(answer)) == text
    for claim in kept:
        assert claim.support == claim_support(
            claim.text, [Reference.of(cited[m - 1]) for m in claim.markers]
        )


def test_ask_json_prints_the_claims_as_checked() -> None:
    answer = _answer()
    payload = json.loads(json.dumps(answer.as_dict()))
    assert [c["support"] for c in payload["claims"]] == [g[2] for g in GOLDEN]
    assert [tuple(c["markers"]) for c in payload["claims"]] == [g[1] for g in GOLDEN]
    assert payload["claims"][0]["text"] == GOLDEN[0][0]


def test_an_abstention_shows_its_text() -> None:
    answer = Answer("q", True, "The review learning in this library does not cover this.")
    assert answer_lines(answer) == [(False, answer.text)]
    assert Claim("x [1].", (1,)).as_dict() == {"text": "x [1].", "markers": [1], "support": None}
