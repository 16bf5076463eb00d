"""Two-turn conversations on the real corpus and model: a follow-up is resolved to its own
topic, carrying over only the review (or the subject) it refers back to (issue #14)."""

from __future__ import annotations

import unicodedata

import pytest

from assistant.conversation import own_topic_words
from core.models import Turn

pytestmark = pytest.mark.slow

ESCALATE = "Two agencies disagree about whether to escalate a concern. What should I do?"

# (first question, follow-up, review the top 3 must hold, learning point among them or None)
CONVERSATIONS: list[tuple[str, str, str, str | None]] = [
    (ESCALATE, "what about dads?", "9 national|precis", "Overarching issue 7 (Absent men)"),
    (ESCALATE, "and what about fathers?", "Nadiya and Robyn", "Key theme 4"),
    (ESCALATE, "tell me more", "IN14", "Practice point 2"),
    (ESCALATE, "which review said that?", "IN14", "Key learning 1"),
    ("escalation", "what about written agreements with parents?", "IN14", "Key learning 4"),
    (
        "What did the Family T review say about fathers?",
        "and what about information sharing?",
        "Family T",
        None,
    ),
    ("What did the Nadiya review find?", "what about fathers?", "Nadiya and Robyn", "Key theme 4"),
    ("What should I do when parents don't engage?", "and for babies?", "Robyn", None),
    (
        "bruising on a baby who can't crawl",
        "what about older children's emotional wellbeing?",
        "24 national",
        "Key finding 2",
    ),
    (
        "What do reviews say about the voice of the child?",
        "and what about case recording?",
        "LSCB audits",
        "Key theme 3 (Case file recording)",
    ),
    (
        "What do the reviews say about pre-birth assessment?",
        "what about mums' mental health after the birth?",
        "24 national",
        "Key finding 4",
    ),
    (
        "Who must be involved in strategy discussions?",
        "and what about legal advice for social workers?",
        "24 national",
        "Key finding 6",
    ),
    (
        "What did the LSCB audits find about plans?",
        "what about supervision?",
        "LSCB audits",
        "Key theme 10 (Management oversight/supervision)",
    ),
    (
        "What did the 24 national reviews say about housing?",
        "and about residential care?",
        "24 national",
        "Key finding 17",
    ),
    (
        "What do reviews say about missed appointments?",
        "what about hidden substance misuse by parents?",
        "24 national",
        "Key finding 14",
    ),
    (
        "What did the précis of 9 national reviews say about absent men?",
        "and what about being over optimistic?",
        "9 national|precis",
        "Overarching issue 8 (Over optimistic)",
    ),
    (
        "How should professionals respond to referrals from family members?",
        "and what about case closure?",
        "X1/X2",
        "Recommendation 3",
    ),
    (
        "Tell me about the learning on domestic abuse",
        "what about the point of leaving?",
        "24 national",
        "Key finding 9",
    ),
    (
        "What went well in the Family T case?",
        "and what were the recommendations?",
        "Family T",
        "Recommendation 1",
    ),
    (
        "What does the learning say about trafficking?",
        "what about new emerging communities?",
        "24 national",
        "Key finding 15",
    ),
    ("What did IN14 say about written agreements?", "tell me more", "IN14", None),
]


def _is(label: str, wanted: str) -> bool:
    """Whether a review label contains one of ``wanted``'s "|"-separated names (any case,
    accents ignored: the structure stage may spell a label "Précis" or "Precis")."""
    plain = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode().lower()
    return any(name.lower() in plain for name in wanted.split("|"))


@pytest.mark.parametrize(("first", "follow_up", "review", "label"), CONVERSATIONS)
def test_follow_up_follows_the_new_topic(  # type: ignore[no-untyped-def]
    real_assistant, first: str, follow_up: str, review: str, label: str | None
) -> None:
    earlier = real_assistant.ask(first)
    answer = real_assistant.ask(
        follow_up, history=[Turn(earlier.question, earlier.retrieval_query, earlier)]
    )
    top = answer.retrieved[:3]
    assert any(_is(p.chunk.review, review) for p in top), [p.chunk.review for p in top]
    if label is not None:
        assert any(_is(p.chunk.review, review) and p.chunk.learning_point == label for p in top), [
            (p.chunk.review, p.chunk.learning_point) for p in top
        ]
    if own_topic_words(follow_up):  # a topic of its own: never the whole earlier question
        assert first not in answer.retrieval_query


def test_tell_me_more_leaves_out_what_was_cited(real_assistant) -> None:  # type: ignore[no-untyped-def]
    earlier = real_assistant.ask(ESCALATE)
    more = real_assistant.ask("tell me more", history=[Turn(ESCALATE, ESCALATE, earlier)])
    cited = {c.chunk.chunk_id for c in earlier.citations}
    assert more.citations and not cited & {c.chunk.chunk_id for c in more.citations}


def test_a_named_review_is_cited_first(real_assistant) -> None:  # type: ignore[no-untyped-def]
    answer = real_assistant.ask("What did the Family T review find about fathers?")
    assert answer.answer_type == "direct"
    assert all(c.chunk.review == "Family T" for c in answer.citations)
    assert any("Family T" in n.text for n in answer.notices if n.kind == "info")
    missing = real_assistant.ask("What did Child M's review say about fathers?")
    assert missing.answer_type == "none" and not missing.citations
    assert missing.text == "There is no review called Child M in this library."
    assert any("Family T" in n.text for n in missing.notices if n.kind == "abstention")


@pytest.mark.parametrize(
    "question",
    [
        "How many times a year should the council visit children who are educated at home?",
        "What is the threshold for a section 47 enquiry?",
        "What grades does Ofsted give schools?",
        "What did the Family T review say about the twins' grandparents?",
    ],
)
def test_near_topic_questions_are_not_answered_directly(real_assistant, question: str) -> None:  # type: ignore[no-untyped-def]
    answer = real_assistant.ask(question)
    assert answer.answer_type in ("related", "none"), answer.text
    assert answer.statement
    if answer.answer_type == "related":
        assert answer.citations and answer.statement.startswith(("None of", "The "))
