"""What kind of answer a question asks for (assistant.lexicon): the tests retrieval's
ordering rules read (assistant.fusion.passage_prior, yields_to)."""

from __future__ import annotations

import pytest

from assistant.lexicon import (
    asks_for_guidance,
    asks_own_action,
    asks_what_happened,
    asks_what_to_do,
    states_practice,
    unasked_roles,
)


@pytest.mark.parametrize(
    "question",
    [
        "Do I still need to refer?",
        "Is 'absconding' OK to use in my records when a girl runs off?",
        "Is handing out a stop-smoking leaflet enough when parents smoke around a baby?",
        "Can an older sibling keep an eye on a baby in the bath?",
        "What should happen to the number plates foster carers noted?",
    ],
)
def test_questions_asking_what_to_do(question: str) -> None:
    assert asks_what_to_do(question) and asks_for_guidance(question)
    assert not asks_what_happened(question)


@pytest.mark.parametrize(
    "question",
    [
        "Why is a tidy house not enough to rule out neglect?",  # asks for the learning's reason
        "Can you tell me about Baby R?",
        "What happened to the baby?",
    ],
)
def test_questions_not_asking_what_to_do(question: str) -> None:
    assert not asks_what_to_do(question)


def test_guidance_includes_what_the_learning_says_about_a_situation() -> None:
    assert asks_for_guidance("A ten-week-old has a swollen wrist. What did the review say?")
    assert asks_for_guidance("Dad is never in when I visit. What does the learning say?")
    assert not asks_for_guidance("Which reviews involved a baby?")


@pytest.mark.parametrize(
    "question",
    [
        "Why didn't the drug service know there was a toddler at home?",
        "The girl had a speech and language difficulty - how was that misread?",
        "What went wrong with Baby U's falling weight?",
        "Letters home went nowhere - why was that?",
    ],
)
def test_questions_about_what_happened_do_not_demote_the_case_story(question: str) -> None:
    assert asks_what_happened(question)
    assert "summary" not in unasked_roles(question)
    assert "reflective_question" in unasked_roles(question)


def test_what_happened_excludes_what_should_have_been_done() -> None:
    assert not asks_what_happened("Why did nobody refer? What should I do next time?")
    assert "summary" in unasked_roles("Why is a tidy house not enough to rule out neglect?")


def test_own_action_is_the_practitioners_not_an_agencys() -> None:
    assert asks_own_action("I'm a teacher and the head wants to exclude a pupil. What should I do?")
    assert asks_own_action("Do I still need to refer?")
    assert asks_own_action("Housing officer: is it my place to refer? Should I?")
    assert not asks_own_action("What should schools do about exploitation?")
    assert not asks_own_action("Why didn't the school refer?")  # not a what-to-do question


def test_states_practice_reads_an_instruction_not_a_narrative_never() -> None:
    assert states_practice("Agencies should share the report.")
    assert states_practice("Never leave a baby alone in the bath.")
    assert states_practice("Look at the skin. Always record what you see.")
    assert not states_practice("The father was never contacted, although he wrote.")
    assert not states_practice("She was always polite to visitors.")


@pytest.mark.parametrize(
    ("question", "guidance"),
    [
        ("What did the Child V review say about that?", True),
        ("What did Child M's review say about dads?", True),
        ("What came out of the Baby N rapid review about discharge?", True),
        ("What did the review say happened at the visit?", False),
    ],
)
def test_what_a_named_review_says_is_asked_for_guidance(question: str, guidance: bool) -> None:
    assert asks_for_guidance(question) is guidance
