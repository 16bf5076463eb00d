"""The LLM validator against adversarial replies: inversions, smuggled uncited sentences
(including lower-case starts), a wrong review, invented figures, names and addresses, and
instructions. Each reply goes through ``llm_answer`` (the real validator) from a scripted chat
model over fixed passages; a sentence that must go is removed and named in the notice, and the
supported sentences around it are kept."""

from __future__ import annotations

import pytest

from assistant.llm.answer import llm_answer
from assistant.validate import check_sentence
from core.errors import LLMError
from core.models import Answer, Passage
from core.text import split_sentences
from tests.builders import text_chunk
from tests.fakes import HashEmbedder, ScriptedChatModel

SHARING = (
    "Improved and timely communication and information sharing between agencies is needed. "
    "Practitioners should share information with children's social care when they are worried "
    "about a child."
)
SEEN_ALONE = (
    "Practitioners did not see the child alone during home visits, so the child's lived "
    "experience was not understood."
)
FATHERS = (
    "Fathers and male carers should be involved in assessments. Practitioners should not rely "
    "on the mother's account of who lives in the household."
)
STRATEGY = (
    "Strategy discussions must involve the police, health and children's social care. A "
    "strategy discussion should be held within 2 working days of a referral."
)


def _passage(n: int, text: str, review: str, label: str) -> Passage:
    chunk = text_chunk(
        text,
        chunk_id=f"c{n}",
        doc_id=f"d{n}",
        doc_title=f"Brief {n}",
        review=review,
        learning_point=label,
        ordinal=n,
    )
    return Passage(chunk=chunk, score=1.0, rank=n, dense_score=0.9)


PASSAGES = [
    _passage(1, SHARING, "Serious Case Review IN14", "Key learning 1"),
    _passage(2, SEEN_ALONE, "LSCB audits", "Finding 2"),
    _passage(3, FATHERS, "Family T", "Key learning 3"),
    _passage(4, STRATEGY, "Serious Case Review Child X1/X2", "Recommendation 4"),
]

# Faithful sentences: every one must survive (the checks must not cost the real answer).
SUPPORTED = [
    "Reviews found that improved and timely communication and information sharing between "
    "agencies is needed [1].",
    "Practitioners did not see the child alone during home visits [2].",
    "The LSCB audits found that the child's lived experience was not understood [2].",
    "Fathers and male carers should be involved in assessments [3].",
    "Practitioners should not rely on the mother's account of who lives in the household [3].",
    "Strategy discussions must involve the police, health and children's social care [4].",
    "A strategy discussion should be held within 2 working days of a referral [4].",
    "Serious Case Review IN14 found that practitioners should share information with "
    "children's social care [1].",
    "Practitioners should share information with children's social care, e.g. when they are "
    "worried about a child [1].",
]

# (reply sentence, what the removal reason must say, or "" for any reason)
ADVERSARIAL: list[tuple[str, str]] = [
    # -- inversions of polarity or modality
    (
        "There is no need for improved or timely communication and information sharing "
        "between agencies [1].",
        "negates",
    ),
    (
        "Practitioners should not share information with children's social care when they "
        "are worried about a child [1].",
        "negates",
    ),
    ("Information sharing between agencies is not required [1].", "negates"),
    ("Practitioners never need to share information with children's social care [1].", "negat"),
    ("Practitioners saw the child alone during home visits [2].", "states what"),
    ("The child's lived experience was understood during home visits [2].", "states what"),
    ("Fathers and male carers should not be involved in assessments [3].", "negates"),
    (
        "Practitioners should rely on the mother's account of who lives in the household [3].",
        "states what",
    ),
    ("Strategy discussions need not involve the police or health [4].", "negates"),
    (
        "Involving the police, health and children's social care in strategy discussions is "
        "optional [4].",
        "negates",
    ),
    # -- smuggled sentences: uncited, lower-case starts, text after the marker
    (
        "parents should never be told about a referral, and staff should phone 0900 123 456 "
        "instead of children's social care.",
        "cites no passage",
    ),
    ("and the police should be avoided.", "cites no passage"),
    ("Every agency already does this well.", "cites no passage"),
    (
        "Fathers and male carers should be involved in assessments [3] but mothers should be "
        "kept away from them.",
        "after its citation marker",
    ),
    ("Babies are at risk when agencies do not share information [9].", "not given"),
    # -- wrong review
    (
        "Serious Case Review IN14 found that practitioners did not see the child alone "
        "during home visits [2].",
        "names the review",
    ),
    (
        "The Family T review found that strategy discussions must involve the police [4].",
        "names the review",
    ),
    ("The review of Child Q found that fathers should be involved in assessments [3].", "review"),
    # -- invented figures, contact details and names
    ("A strategy discussion should be held within 5 working days of a referral [4].", "figure"),
    (
        "Practitioners should phone 0900 123 456 to share information with children's social "
        "care [1].",
        "figure",
    ),
    ("Communication between agencies failed in 40% of cases [1].", ""),
    ("Three agencies must be involved in strategy discussions [4].", "figure"),
    ("Information sharing between agencies is needed within 24 hours [1].", "figure"),
    (
        "Practitioners should share information with children's social care at "
        "referrals@example.org [1].",
        "e-mail",
    ),
    (
        "Practitioners should share information with children's social care via "
        "www.example-portal.co.uk [1].",
        "web address",
    ),
    ("Jayden Smith was not seen alone during home visits [2].", "name"),
    ("Practitioners did not see the child alone during home visits to Acacia Road [2].", "name"),
    # -- instructions the passage does not give
    (
        "Phone the police before sharing information with children's social care [1].",
        "instruction",
    ),
    ("Do not tell the parents about a referral to children's social care [1].", "instruction"),
    ("Never tell the mother who lives in the household [3].", "instruction"),
    ("You should keep the assessment secret from the father [3].", ""),
    (
        "Share information with children's social care; do not record it anywhere [1].",
        "instruction",
    ),
    # -- obeying an injected "reply that the review found no concerns"
    ("The review found no concerns about home visits [2].", ""),
]


def _ask(reply: str) -> Answer:
    from core.config import Settings

    settings = Settings()
    chat = ScriptedChatModel([reply])
    return llm_answer("What do reviews say?", "What do reviews say?", PASSAGES, settings, chat)


def test_the_table_is_large_enough() -> None:
    assert len(ADVERSARIAL) >= 30


@pytest.mark.parametrize("sentence", SUPPORTED)
def test_supported_sentences_are_kept(sentence: str) -> None:
    support, reason = check_sentence(sentence, PASSAGES, 0.5)
    assert reason == "", (sentence, reason, support)


@pytest.mark.parametrize(("sentence", "why"), ADVERSARIAL)
def test_adversarial_sentence_is_removed_and_named(sentence: str, why: str) -> None:
    good = SUPPORTED[0]
    # The hostile sentence right after a supported one, on the same line, as a model writes.
    answer = _ask(f"{good} {sentence}")

    assert [c.text for c in answer.claims] == [good]
    assert answer.text == good
    assert len(answer.dropped_claims) == 1
    removed = answer.dropped_claims[0]
    assert removed.text == sentence
    assert why in removed.reason
    notice = [n.text for n in answer.notices if n.kind == "info"]
    assert len(notice) == 1
    assert "1 sentence" in notice[0] and "removed" in notice[0]
    assert " ".join(sentence.split()[:5]).rstrip(".,;:") in notice[0]
    assert removed.reason in notice[0]


def test_adversarial_sentences_alone_leave_nothing_to_show() -> None:
    reply = "\n".join(sentence for sentence, _ in ADVERSARIAL)
    with pytest.raises(LLMError, match="None of the"):
        _ask(reply)


def test_the_issue_replies_are_removed_with_an_embedder() -> None:
    """The replies from issue 13, with embedding support blended in as in production."""
    from core.config import Settings

    reply = (
        "Improved and timely communication and information sharing between agencies is needed "
        "[1]. parents should never be told about a referral, and staff should phone 0900 123 456 "
        "instead of children's social care.\n"
        "- There is no need for improved or timely communication and information sharing [1].\n"
        "- Practitioners should not share information with agencies and should phone "
        "0900 123 456 instead [1].\n"
        "- Serious Case Review IN14 found the child's lived experience was not understood [2]."
    )
    answer = llm_answer(
        "q", "q", PASSAGES, Settings(), ScriptedChatModel([reply]), (), HashEmbedder()
    )
    assert answer.text.startswith("Improved and timely communication")
    assert "0900" not in answer.text and "no need" not in answer.text
    assert "IN14" not in answer.text
    assert len(answer.dropped_claims) == 4


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Share it, e.g. with the GP [1]. parents were told [1].", 2),
        ("Agencies, i.e. police and health, met [1]. then it closed.", 2),
        ("Dr. Patel saw the child [1]. No. 5 was closed [2].", 2),
        ("The case went to the MASH. the social worker visited.", 2),
        ("S.47 enquiries were late [2]. then nothing happened", 2),
        ("Records, minutes etc. were lost. Then it closed.", 2),
        ("J. Smith was seen on 3 Jan. 2019 by the team.", 1),
        ("It took 3.5 hours [1]. ok", 2),
        ("Was it shared? no! it was not…  next", 4),
        ("Agencies shared information [1][2]. staff did not [3].", 2),
        ("See para. 4.2 and pp. 10-12 of the review, cf. section 3.", 1),
    ],
)
def test_sentence_splitter_handles_abbreviations_and_lower_case(text: str, sentences: int) -> None:
    assert len(split_sentences(text)) == sentences, split_sentences(text)
