"""Fast unit tests of the answer, scope, lexicon and follow-up rules (no model)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.answer import _flatten, display_text, extractive_answer, select_points
from assistant.cite import markers_in, split_claims
from assistant.conversation import is_follow_up, resolve_follow_up
from assistant.lexicon import chunk_role, expand_query, section_intents
from assistant.render import to_markdown
from assistant.scope import ANCHOR_MIN_UNKNOWN, ReviewNames, Scope, ScopeDecision
from core.config import Settings
from core.models import Answer, Chunk, Filters, Passage, Turn
from tests.builders import text_chunk


def _chunk(
    text: str,
    review: str = "Family T",
    label: str = "Recommendation 1",
    section: str = "Recommendations",
    ordinal: int = 0,
) -> Chunk:
    return text_chunk(
        text,
        chunk_id=f"doc::{ordinal}",
        doc_id="doc",
        doc_title="Doc",
        review=review,
        section=section,
        learning_point=label,
        embed_text=f"{review} › {section}\n{text}",
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
    points = select_points(_passages((strong, 0.2, 0.6), (weak, 0.1, 0.3)), 5, 0.55)
    assert [p[0].chunk for p in points] == [strong]


def test_near_duplicates_share_one_point() -> None:
    one = _chunk("Fathers must be seen and assessed by professionals.", ordinal=0)
    two = _chunk("Fathers must be seen and assessed by all professionals.", ordinal=1)
    points = select_points(_passages((one, 0.2, 0.6), (two, 0.19, 0.6)), 5, 0.55)
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
    # A timescale no learning point states: related learning, never a direct answer.
    timescale = scope.decide("How many working days until the conference?", passages, -0.2)
    assert timescale.answer_type == "related" and "timescale" in timescale.reason
    assert scope.decide("Should fathers be seen?", passages, -0.2).in_scope
    assert scope.unknown_share("lemon drizzle cake recipe") == 1.0
    assert scope.unknown_share("what about dads?") < 1.0  # the lexicon knows "dads"


def test_unknown_share_reads_phrases_head_last() -> None:
    scope = Scope([_chunk("Return home interviews must be offered after every missing episode.")])
    assert scope.unknown_share("Was a return home interview offered?") == 0.0
    # "return" is a review word, but a "tax return" is not a return home interview.
    assert scope.unknown_share("When is the tax return deadline?") == 1.0
    # The unknown word comes after the known one: "interview" is still the library's word.
    assert scope.unknown_share("Who does the interview scheduling?") == 0.5
    # Function words and punctuation end a phrase: "tax" does not reach "return" here.
    assert scope.unknown_share("Tax aside, what about the return interview?") == 0.5


def test_scope_absent_topics_and_figures() -> None:
    fathers = _chunk("Fathers must be seen and their history checked.")
    scope = Scope([fathers])
    passages = _passages((fathers, 0.2, 0.8))
    decision = scope.decide("Is co-sleeping with a newborn ever safe?", passages, -0.2)
    assert not decision.in_scope and "co-sleeping" in decision.reason
    graded = scope.decide("What Graded Care Profile score means I refer?", passages, -0.2)
    assert not graded.in_scope and "Graded Care Profile" in graded.reason
    figure = scope.decide("At what age can fathers be left to babysit?", passages, -0.2)
    assert figure.answer_type == "related" and "an age" in figure.reason
    assert figure.statement == (
        "None of the reviews in this library states at what age fathers can be left to babysit."
    )
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
    # The follow-up's own topic, not the whole earlier question.
    query = resolve_follow_up("and what about fathers?", history)
    assert "fathers" in query and "escalation" not in query
    assert resolve_follow_up("What about neglect?", []) == "What about neglect?"


# -- answer types, named reviews, roles, display (issue #14) -------------------------------


def test_answer_type_keeps_abstained_compatible() -> None:
    assert Answer("q", abstained=True, text="x").answer_type == "none"
    assert Answer("q", abstained=False, text="x").answer_type == "direct"
    related = Answer("q", abstained=False, text="x", answer_type="related", statement="s")
    assert not related.abstained and related.as_dict()["answer_type"] == "related"
    assert Answer("q", abstained=False, text="x", answer_type="none").abstained


@pytest.mark.parametrize(
    ("question", "kind", "statement"),
    [
        (
            "How often should social workers visit fathers?",
            "related",
            "None of the reviews in this library states how often social workers should visit "
            "fathers.",
        ),
        (
            "What is the threshold for a section 47 enquiry?",
            "related",
            "None of the reviews in this library states what the threshold for a section 47 "
            "enquiry is.",
        ),
        ("What grade are assessments of fathers given?", "related", None),
        ("Are fathers entitled to a separate assessment?", "related", None),
        ("How much does a fathers' assessment cost?", "related", None),
        ("Should fathers be seen?", "direct", ""),
    ],
)
def test_questions_asking_for_what_no_point_states_get_related_learning(
    question: str, kind: str, statement: str | None
) -> None:
    fathers = _chunk("Fathers must be seen and their history checked in assessments.")
    decision = Scope([fathers]).decide(question, _passages((fathers, 0.2, 0.8)), -0.2)
    assert decision.answer_type == kind, decision
    if statement is not None:
        assert decision.statement == statement
    elif kind == "related":
        assert decision.statement.startswith("None of the reviews in this library")


def test_a_stated_frequency_or_count_is_a_direct_answer() -> None:
    visits = _chunk("Fathers should be visited at least every six weeks; 12 reviews agreed.")
    scope = Scope([visits])
    passages = _passages((visits, 0.2, 0.8))
    assert scope.decide("How often should fathers be visited?", passages, -0.2).in_scope
    assert scope.decide("How often should fathers be visited?", passages, -0.2).answer_type == (
        "direct"
    )
    assert scope.decide("How many reviews agreed about fathers?", passages, -0.2).answer_type == (
        "direct"
    )


def test_a_named_review_that_never_mentions_the_topic() -> None:
    t = _chunk("Fathers must be seen; the twins' lived experience matters.", review="Family T")
    other = _chunk("Grandparents offered care.", review="Child G", ordinal=1)
    scope = Scope([t, other])
    partly = scope.decide(
        "What did the Family T review say about the twins' grandparents?",
        _passages((t, 0.2, 0.8)),
        -0.2,
        ("Family T",),
    )
    assert partly.answer_type == "related"
    assert partly.statement == "The Family T review does not mention “grandparents”."
    nothing = scope.decide(
        "What did the Family T review say about grandparents?",
        _passages((t, 0.2, 0.8)),
        -0.2,
        ("Family T",),
    )
    assert nothing.answer_type == "none" and "Family T" in nothing.statement
    # The library as a whole never mentions the topic: nothing relevant.
    swaddling = scope.decide("What do reviews say about swaddling?", _passages((t, 0.2, 0.8)), -1)
    assert swaddling.answer_type == "none" and "swaddling" in swaddling.statement


def test_a_named_review_is_absent_only_from_content_words_and_their_synonyms() -> None:
    m3 = _chunk(
        "Child M3 was interviewed with her father in the next room and withdrew what she had "
        "told her teacher.",
        review="Child M3",
    )
    other = _chunk("The child's account was recorded word for word.", review="Child G", ordinal=1)
    scope = Scope([m3, other])
    passages = _passages((m3, 0.2, 0.8))
    # "account" is used elsewhere in the library; the lexicon maps it onto "interviewed",
    # which the named review uses.
    account = "What did the review of Child M3 find about how her account was taken?"
    assert scope.missing_topic_words(account, ("Child M3",)) == (["account"], [])
    assert scope.decide(account, passages, -0.2, ("Child M3",)).answer_type == "direct"
    # A function word is no topic word.
    instead = "Who did professionals talk to instead of Child M3?"
    assert scope.missing_topic_words(instead, ("Child M3",)) == ([], [])
    assert scope.decide(instead, passages, -0.2, ("Child M3",)).answer_type != "none"
    # A content word the named review never uses, in any wording, is still absent.
    swimming = "What did the review of Child M3 find about swimming?"
    decision = scope.decide(swimming, passages, -0.2, ("Child M3",))
    assert decision.answer_type == "none"
    assert decision.statement == "The Child M3 review does not mention “swimming”."


def test_warning_signs_are_the_concerns_a_review_speaks_of() -> None:
    robyn = _chunk(
        "Concerns about neglect were known, and bruising was seen on Robyn before the fracture.",
        review="Robyn",
    )
    other = _chunk("Warning signs of exploitation were missed.", review="Child G", ordinal=1)
    scope = Scope([robyn, other])
    question = "In Robyn's case, what warning signs were there in the weeks before the fracture?"
    # "before" is a function word; "warning signs" are what the review calls concerns
    assert scope.missing_topic_words(question, ("Robyn",)) == (
        ["warning", "signs", "fracture"],
        [],
    )
    decision = scope.decide(question, _passages((robyn, 0.2, 0.8)), -0.2, ("Robyn",))
    assert decision.answer_type == "direct"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What did the Family T review find about fathers?", ("Family T",)),
        ("what does the family t review say", ("Family T",)),
        ("Anything in Family-T on housing?", ("Family T",)),
        ("In the T family case, who was involved?", ("Family T",)),
        ("What did the IN14 bulletin say about escalation?", ("Serious Case Review IN14",)),
        ("what did in14 say", ("Serious Case Review IN14",)),
        ("What did Child X1/X2's review say about trust?", ("Serious Case Review Child X1/X2",)),
        ("What did the Nadiya review find?", ("Nadiya", "Nadiya and Robyn")),
        (
            "What did the précis of 9 national reviews say?",
            ("9 national serious case reviews", "Precis of 9 serious case review summaries"),
        ),
        (
            "What did the 9 national reviews say?",
            ("9 national serious case reviews", "Precis of 9 serious case review summaries"),
        ),
        ("What do reviews say about fathers?", ()),
    ],
)
def test_review_names_tolerate_how_people_write_them(
    question: str, expected: tuple[str, ...]
) -> None:
    names = ReviewNames(
        [
            "Family T",
            "Serious Case Review IN14",
            "Serious Case Review Child X1/X2",
            "Nadiya",
            "Robyn",
            "Nadiya and Robyn",
            "9 national serious case reviews",
            "Precis of 9 serious case review summaries",
        ]
    )
    assert names.named(question) == expected
    assert names.unknown(question) is None


@pytest.mark.parametrize(
    ("question", "missing"),
    [
        ("What did Child M's review say about fathers?", "Child M"),
        ("What did the Baby J review say about swaddling?", "Baby J"),
        ("What did the IN15 bulletin say?", "IN15"),
        ("What did the Jamal review find?", "Jamal"),
    ],
)
def test_a_review_not_in_the_library_is_reported(question: str, missing: str) -> None:
    names = ReviewNames(["Family T", "Serious Case Review IN14"])
    assert names.named(question) == ()
    assert names.unknown(question) == missing
    # Section numbers and words the library uses are not review names.
    assert names.unknown("What is the threshold for S47?") is None
    assert names.unknown("What did the Bucks review find?", {"buck"}) is None


def test_chunk_role_falls_back_to_the_section_vocabulary() -> None:
    assert chunk_role(_chunk("x", section="Recommendations")) == "recommendation"
    assert chunk_role(_chunk("x", section="Areas of Good Practice")) == "good_practice"
    assert chunk_role(_chunk("x", section="Process and Background")) == "summary"
    assert chunk_role(_chunk("x", section="Questions for reflection")) == "reflective_question"
    assert chunk_role(_chunk("x", section="Key Findings (Robyn)")) == "learning"
    # A 7-minute briefing's "Information" box tells the case; "Further information" and
    # headings that only start with the word keep their own roles.
    assert chunk_role(_chunk("x", section="3 Information")) == "summary"
    assert chunk_role(_chunk("x", section="Information")) == "summary"
    assert chunk_role(_chunk("x", section="7. Further information")) == "further_information"
    assert chunk_role(_chunk("x", section="Information sharing")) == "other"
    story = _chunk(
        "After a series of events, an ambulance attended the family home.",
        section=("Learning Points for Professionals"),
    )
    assert chunk_role(story) == "summary"
    # The parser's role wins once it sets one.
    assert chunk_role(replace(_chunk("x", section="Summary"), role="learning")) == "learning"


def test_learning_questions_cite_learning_first_and_label_background() -> None:
    story = _chunk(
        "Twins aged 14 weeks were injured in a foster placement.",
        section="Summary",
        label="Summary, paragraph 1",
        ordinal=0,
    )
    learning = _chunk("Fathers must be involved in assessments.", ordinal=1)
    passages = _passages((story, 0.9, 0.8), (learning, 0.8, 0.7))
    answer = extractive_answer(
        "What is the learning about twins?",
        "q",
        passages,
        Settings(),
        decision=ScopeDecision(True, 1),
    )
    assert answer.citations[0].chunk is learning
    assert "(case background, not learning)" in answer.text
    # A question about what happened keeps the ranked order.
    what = extractive_answer(
        "What happened to the twins?", "q", passages, Settings(), decision=ScopeDecision(True, 1)
    )
    assert what.citations[0].chunk is story


def test_a_learning_point_of_the_same_review_leads_a_retold_case_story() -> None:
    story = _chunk(
        "Mum said the mark on the baby was from her bracelet.",
        review="Baby R",
        section="Summary",
        label="Summary 1",
        ordinal=0,
    )
    other = _chunk("Refer marks on babies.", review="Baby Y", label="Key finding 1", ordinal=1)
    point = _chunk("Refer any mark.", review="Baby R", label="Key learning 1", ordinal=2)
    asked = "Mum says the mark was from her bracelet. Should I still refer?"
    passages = _passages((story, 0.9, 0.8), (other, 0.8, 0.7), (point, 0.7, 0.6))
    answer = extractive_answer(asked, "q", passages, Settings(), decision=ScopeDecision(True, 1))
    assert answer.citations[0].chunk is point  # same review as the story, not Baby Y's point
    # Another review's learning alone does not displace the story; nor when the story is asked for.
    alone = _passages((story, 0.9, 0.8), (other, 0.8, 0.7))
    kept = extractive_answer(asked, "q", alone, Settings(), decision=ScopeDecision(True, 1))
    assert kept.citations[0].chunk is story
    for question in ("What happened to Baby R?", "Has a review dealt with a bracelet mark?"):
        what = extractive_answer(
            question, "q", passages, Settings(), decision=ScopeDecision(True, 1)
        )
        assert what.citations[0].chunk is story


def test_shown_text_is_cleaned_but_the_quote_stays_exact() -> None:
    raw = "X Practitioners responded to Mother  at times of distress ."
    assert display_text(raw) == "Practitioners responded to Mother at times of distress."
    assert display_text("A practitioner met Mother.") == "A practitioner met Mother."
    point = _chunk(raw)
    answer = extractive_answer(
        "q", "q", _passages((point, 0.2, 0.6)), Settings(), decision=ScopeDecision(True, 1)
    )
    assert "X Practitioners" not in answer.text and "Practitioners responded" in answer.text
    assert answer.citations[0].quote == raw


def test_related_and_none_answers_render_statement_first() -> None:
    point = _chunk("Fathers must be seen.")
    related = extractive_answer(
        "How often?",
        "q",
        _passages((point, 0.2, 0.6)),
        Settings(),
        decision=ScopeDecision(True, 1, "r", "related", "None of the reviews states how often."),
    )
    markdown = to_markdown(related)
    assert (
        markdown.index("None of the reviews states how often.")
        < markdown.index("Related learning")
        < markdown.index("Fathers must be seen")
    )
    none = extractive_answer(
        "cake?", "cake", _passages((point, 0.1, 0.1)), Settings(), decision=ScopeDecision(False, 0)
    )
    markdown = to_markdown(none)
    plain = markdown.index("does not cover this")
    assert plain < markdown.index("check your local procedures") < markdown.index("not an answer")


# -- near-topic signals: the fact asked for, stated about the question's subject ------------


@pytest.mark.parametrize(
    ("question", "text", "kind"),
    [
        # a court outcome: a conviction is not a sentence
        (
            "What prison sentence did the mother's partner get?",
            "The mother's partner had a criminal history and was convicted of assault.",
            "related",
        ),
        (
            "What prison sentence did the mother's partner get?",
            "The mother's partner was sentenced to six years in prison.",
            "direct",
        ),
        # a duration: a point in time ("three days later") is not how long something lasted
        (
            "How long did the baby stay in hospital after the fracture was found?",
            "The fracture was found; the baby was presented at hospital three days later.",
            "related",
        ),
        (
            "How long did the baby stay in hospital after the fracture was found?",
            "After the fracture was found the baby spent two weeks in hospital.",
            "direct",
        ),
        # approved or permitted: restraint is mentioned, its approval is not
        (
            "Which restraint holds are approved for use in secure training centres?",
            "Manage restraint techniques safely in secure training centres.",
            "related",
        ),
        (
            "Which restraint holds are approved for use in secure training centres?",
            "Only restraint holds approved by the Ministry are permitted in secure training "
            "centres.",
            "direct",
        ),
        # a dose
        (
            "What daily dose of methadone was the mother prescribed?",
            "The mother was prescribed methadone and collected it daily.",
            "related",
        ),
        (
            "What daily dose of methadone was the mother prescribed?",
            "She took 60 mg of methadone.",
            "direct",
        ),
        # a charge, a court order, a place, a share, an age, a date, a named tool
        (
            "What charges did the mother's partner face?",
            "The mother's partner was later arrested after a further incident.",
            "related",
        ),
        (
            "What charges did the mother's partner face?",
            "The mother's partner was convicted of manslaughter.",
            "direct",
        ),
        (
            "What legal order was used to remove the children from their father?",
            "The children were removed from their father's care after a neighbour's report.",
            "related",
        ),
        (
            "What legal order was used to remove the children from their father?",
            "An emergency protection order removed the children from their father's care.",
            "direct",
        ),
        (
            "Which hospital treated the baby for the fractured arm?",
            "The baby was taken to hospital with a fractured arm.",
            "related",
        ),
        (
            "Which hospital treated the baby for the fractured arm?",
            "The baby was treated for the fractured arm at Harrowdale General Hospital.",
            "direct",
        ),
        (
            "What percentage of disabled children are abused?",
            "Disabled children are at greater risk of abuse.",
            "related",
        ),
        (
            "What percentage of disabled children are abused?",
            "About 30% of disabled children are abused.",
            "direct",
        ),
        (
            "At what age was the girl placed in foster care?",
            "The girl was placed in foster care after her mother's arrest.",
            "related",
        ),
        (
            "At what age was the girl placed in foster care?",
            "The girl had been in foster care since she was twelve.",
            "direct",
        ),
        ("In what year was the inquest held?", "The inquest was held after the review.", "related"),
        ("In what year was the inquest held?", "The inquest was held in March 2019.", "direct"),
        (
            "What is the name of the neglect screening tool?",
            "Use a neglect screening tool to look at the whole history.",
            "related",
        ),
        (
            "What is the name of the neglect screening tool?",
            "Use the Graded Care Profile neglect screening tool to look at the whole history.",
            "direct",
        ),
        # an age limit is not a child's age in the case; "legal advice" says nothing legal
        (
            "At what age is it legal to leave children at home alone overnight?",
            "A brother aged seven was regularly left alone overnight. Get legal advice.",
            "related",
        ),
        (
            "At what age is it legal to leave children at home alone overnight?",
            "Children under 12 should never be left home alone overnight; the law is clear.",
            "direct",
        ),
        # a same-day deadline is a timescale
        (
            "How quickly should a hospital safety plan reach the school?",
            "Send hospital discharge safety plans to the school on the day of discharge.",
            "direct",
        ),
    ],
)
def test_the_fact_asked_for_must_be_stated(question: str, text: str, kind: str) -> None:
    chunk = _chunk(text)
    scope = Scope([chunk, _chunk("Fathers must be seen.", ordinal=1)])
    decision = scope.decide(question, _passages((chunk, 0.2, 0.8)), -0.2)
    assert decision.answer_type == kind, decision


def test_a_stated_value_must_be_about_the_question_s_subject() -> None:
    # "two years" is how long the plan stayed open, not how long the child was left alone.
    plan = _chunk("The child in need plan stayed open for two years with the same actions.")
    car = _chunk("The youngest child was found alone in the family car on a hot day.", ordinal=1)
    scope = Scope([plan, car, *(_chunk(f"A child was seen {i}.", ordinal=2 + i) for i in range(8))])
    question = "How long was the youngest child left alone in the car?"
    decision = scope.decide(question, _passages((car, 0.3, 0.8), (plan, 0.2, 0.7)), -0.2)
    assert decision.answer_type == "related"
    assert decision.statement == (
        "None of the reviews in this library states how long the youngest child was left alone "
        "in the car."
    )
    stated = _chunk("The youngest child was left alone in the car for two hours.", ordinal=20)
    assert scope.decide(question, _passages((stated, 0.3, 0.8)), -0.2).answer_type == "direct"
    # "child" is in most learning points: it does not tie "two years" to the question.
    assert "child" not in scope.focus_terms(question)
    assert {"car", "alon"} <= scope.focus_terms(question)


@pytest.mark.parametrize(
    ("question", "reviews", "statement"),
    [
        (
            "What sentence did Nadiya's mother receive for the injuries?",
            ("Nadiya",),
            "The Nadiya review does not state what sentence Nadiya's mother received for the "
            "injuries.",
        ),
        (
            "How many times had the health visitor seen the baby before the injury?",
            ("Rapid Review: Baby R – a baby with a fracture",),
            "The Baby R review does not state how many times the health visitor had seen the "
            "baby before the injury.",
        ),
        (
            "How often should home staff check on a child at night, according to the Child C "
            "review?",
            ("Child C",),
            "The Child C review does not state how often home staff should check on a child at "
            "night.",
        ),
        (
            "At what age is it legal to leave children at home alone?",
            (),
            "None of the reviews in this library states at what age it is legal to leave "
            "children at home alone.",
        ),
        (
            "How often must supervision happen according to the LSCB audits?",
            ("LSCB audits",),
            "The LSCB audits do not state how often supervision must happen.",
        ),
        (
            "How many babies are injured each year according to The Myth of Invisible Men?",
            ("The Myth of Invisible Men",),
            "The Myth of Invisible Men does not state how many babies are injured each year.",
        ),
    ],
)
def test_the_plain_statement_reads_as_a_sentence(
    question: str, reviews: tuple[str, ...], statement: str
) -> None:
    from assistant.scope import _not_stated

    assert _not_stated(question, "a figure", reviews) == statement


def test_the_scope_round_trips_with_its_word_frequencies() -> None:
    import json

    chunks = [_chunk(f"Fathers must be seen, point {i}.", ordinal=i) for i in range(3)]
    scope = Scope([*chunks, _chunk("The car was hot.", ordinal=9)])
    loaded = Scope.from_json(json.loads(json.dumps(scope.to_json())))
    assert loaded.frequency == scope.frequency and loaded.size == scope.size == 4
    assert loaded.focus_terms("How long was he left in the car?") == scope.focus_terms(
        "How long was he left in the car?"
    )
    # A scope persisted before word frequencies were kept is rebuilt, not half-read.
    old = {k: v for k, v in scope.to_json().items() if k not in ("frequency", "size")}
    with pytest.raises(KeyError):
        Scope.from_json(old)
    with pytest.raises(ValueError):
        Scope.from_json({**scope.to_json(), "frequency": {"car": "many"}})
    # A scope built with other topics or stop words (another version) is rebuilt too: its
    # covered topics are named by the topics it checked.
    with pytest.raises(ValueError):
        Scope.from_json({**scope.to_json(), "built_with": "another version"})
    with pytest.raises(ValueError):
        Scope.from_json({k: v for k, v in scope.to_json().items() if k != "built_with"})


def test_a_library_on_online_contact_does_not_cover_nude_images() -> None:
    online = _chunk("Her online contact with older users of a forum was not known.")
    scope = Scope([online])
    passages = _passages((online, 0.2, 0.8))
    nudes = scope.decide("What should schools do when pupils share nude selfies?", passages, -1)
    assert nudes.answer_type == "none" and "nude" in nudes.statement
    contact = scope.decide("What did the review say about online contact?", passages, -1)
    assert contact.answer_type == "direct"


def test_a_named_review_must_speak_of_the_topic_s_words_together() -> None:
    def in_family_t(scope: Scope, question: str, *points: Chunk) -> ScopeDecision:
        ranked = _passages(*((c, 0.3 - i / 10, 0.8) for i, c in enumerate(points)))
        return scope.decide(question, ranked, -0.2, ("Family T",))

    twins = _chunk("The twins' lived experience was not recorded.", review="Family T")
    nursery = _chunk("A nursery place was offered to the family.", review="Family T", ordinal=1)
    both = _chunk(
        "The twins' nursery raised concerns about bruising.", review="Family T", ordinal=2
    )
    question = "What did the Family T review say about the twins' nursery?"
    apart = in_family_t(Scope([twins, nursery]), question, twins, nursery)
    assert apart.answer_type == "related"
    assert apart.statement == "The Family T review says nothing specific about “twins' nursery”."
    together = in_family_t(Scope([twins, nursery, both]), question, both, twins)
    assert together.answer_type == "direct"
    # The lexicon's review wording counts: "dads" is covered by a point about fathers.
    fathers = _chunk("Fathers' drinking was not explored.", review="Family T", ordinal=3)
    dads = in_family_t(
        Scope([fathers, twins]), "What did the Family T review say about dads' drinking?", fathers
    )
    assert dads.answer_type == "direct", dads


def test_words_asking_for_a_part_of_the_brief_are_not_its_topic() -> None:
    praise = _chunk(
        "The school nurse noticed Kai's weight loss and referred the same day.",
        review="Child Kai",
        label="Good practice 1",
        section="Good practice",
    )
    scope = Scope([praise])
    passages = _passages((praise, 0.2, 0.85))
    # "well" is the framing of a good-practice question, not a topic Kai's review lacks.
    assert scope.missing_topic_words("What went well for Kai?", ("Child Kai",))[1] == []
    decision = scope.decide("What worked well in Kai's case?", passages, -0.2, ("Child Kai",))
    assert decision.answer_type == "direct"
    # the kind of review is framing too
    assert (
        scope.missing_topic_words("What was good practice in Kai's rapid review?", ("Child Kai",))[
            1
        ]
        == []
    )
    # A real topic word is still looked for.
    assert scope.missing_topic_words("What went well with swaddling?", ("Child Kai",))[1] == [
        "swaddling"
    ]


def test_the_lexicon_knows_only_the_words_of_the_phrases_it_maps() -> None:
    scope = Scope([_chunk("Fathers must be seen. The girl's birthday party was not checked.")])
    # "dads" maps onto fathers; "daughter" (a child) excuses one word of "chocolate cake
    # recipe", not all three: chocolate, cake, recipe, daughter, party -> 2 of 5 unknown
    assert scope.unknown_share("what about dads?") == 0.0
    assert scope.unknown_share("A chocolate cake recipe for my daughter's party?") == 0.4


def _library(*points: Chunk) -> Scope:
    """A library of ``points`` and 20 points all using "child" (as most points of a real
    library do), so that only the given points' words are specific."""
    filler = [_chunk(f"See the child alone, visit {n}.", ordinal=100 + n) for n in range(20)]
    return Scope([*points, *filler])


def test_a_question_about_an_unknown_thing_needs_a_close_point_sharing_its_other_words() -> None:
    reflect = _chunk("How do you bring together small concerns about the same child?", ordinal=1)
    training = _chunk("Staff training on neglect was delivered at the family centre.", ordinal=2)
    # "child" is in most points of a library, so it ties nothing to the question
    scope = _library(reflect, training)
    question = "How do I get my son into football training at the leisure centre?"
    # the closest passage by embedding shares none of the question's specific words
    unrelated = scope.decide(question, _passages((reflect, 0.2, 0.86)), 0.345)
    assert unrelated.answer_type == "none" and "no close" in unrelated.reason
    # a close passage using "training" and "centre" keeps it to the other rules
    assert scope.anchored(question, _passages((training, 0.2, 0.86)))
    # the lexicon's wording for an everyday word the library lacks anchors ("weed" -> cannabis)
    cannabis = _chunk("A toddler who may have swallowed cannabis needs a medical.", ordinal=30)
    scope = _library(reflect, training, cannabis)
    weed = "Mum smoking weed at home and the toddler might have eaten some?"
    assert scope.unknown_share(weed) >= ANCHOR_MIN_UNKNOWN
    assert scope.anchored(weed, _passages((cannabis, 0.2, 0.86)))
    assert not scope.anchored(weed, _passages((reflect, 0.2, 0.86)))
    # a question whose words the library all knows needs no anchor
    assert scope.anchored("How do you bring concerns together?", _passages((training, 0.2, 0.8)))


def test_a_hyphenated_word_and_a_phrase_the_library_never_uses_anchor_nothing() -> None:
    risk = _chunk("Add online contact to the self-harm risk assessment.", ordinal=1)
    interview = _chunk("Offer a return home interview within three days.", ordinal=2)
    scope = _library(risk, interview)
    question = "When's the deadline for my self-assessment tax return?"
    # "self-assessment" is one word, which the library never uses: a "self-harm risk
    # assessment" does not tie it; "return" in "self-assessment tax return" (two unknown
    # words before it) is no return home interview
    assert not scope.anchored(question, _passages((risk, 0.2, 0.86), (interview, 0.2, 0.85)))
    # the library's own hyphenated word does
    assert scope.anchored(
        "Should the self-harm plan cover the weekend breaks?", _passages((risk, 0.2, 0.86))
    )


def test_a_question_about_the_askers_own_pay_or_accounts_is_never_learning() -> None:
    # each shares an ordinary word with the library ("part", "time", "missing", "contact")
    missed = _chunk("Missed health appointments were not followed up for part of the year.")
    scope = _library(missed)
    passages = _passages((missed, 0.4, 0.86))
    for question in (
        "Can I increase my pension contributions if I go part time next year?",
        "My payslip is missing the overtime I did. Who do I contact in payroll?",
        "How do I reset my password for the case recording system?",
        "What's the voicemail PIN on my work mobile?",
    ):
        decision = scope.decide(question, passages, 0.1)
        assert decision.answer_type == "none", question
        assert "your own pay" in decision.statement
    # a child's or a parent's work is a safeguarding matter like any other
    dad = scope.decide(
        "Dad works overtime and misses appointments. What should I do?", passages, 0.1
    )
    assert dad.answer_type == "direct"


def _in_review(question: str, point: Chunk) -> ScopeDecision:
    """The decision on ``question`` naming ``point``'s review, the point retrieved first."""
    scope = _library(point)
    return scope.decide(question, _passages((point, 0.4, 0.86)), 0.1, (point.review,))


def test_a_named_reviews_missing_modifier_or_verb_is_not_a_missing_topic() -> None:
    carer = _chunk(
        "When you assess a mother with care needs, ask who in the household helps.",
        review="Child A",
        label="Practice point 1",
        section="What to do",
    )
    # "disabled" describes the mum; the review's word for her needs is there
    assert (
        _in_review(
            "What did the Child A review say I should check when assessing a mum's care needs?",
            carer,
        ).answer_type
        == "direct"
    )
    assert (
        _in_review(
            "What did the Child A review say I should check when I'm assessing a disabled "
            "mum's care needs?",
            carer,
        ).answer_type
        == "direct"
    )
    # an -ing word after a noun is how the topic is said ("school handing out …"); after
    # "about" it is the topic ("about swaddling")
    pain = _chunk(
        "School staff who give out painkillers more than once will tell the school nurse.",
        review="Child A",
        label="Recommendation 2",
    )
    calpol = _in_review(
        "What did the Child A review say about school staff handing out Calpol to pupils?", pain
    )
    assert calpol.answer_type == "direct", calpol
    swaddling = _in_review("What did the Child A review say about swaddling?", pain)
    assert swaddling.answer_type != "direct"


def test_a_named_review_asked_about_in_everyday_words_still_answers() -> None:
    carer = _chunk(
        "Nobody asked Ellis whether he cared for his mother at night or went missing from home.",
        review="Ellis",
        label="Key learning 1",
        section="Key learning",
    )
    # a verb after "he", a particle ("away") and a modifier before a word the review uses
    # ("poorly mum") are how the question is said; "story" names the review
    for question in (
        "What did the Ellis review find about the times he ran away from home?",
        "What did Ellis's review find about him looking after his poorly mum?",
        "In Ellis's story, what did nobody ask when he cared for his mum at night?",
    ):
        assert _in_review(question, carer).answer_type == "direct", question
    # a thing the review never names is still missing
    assert _in_review("What did the Ellis review say about his swaddling?", carer).answer_type != (
        "direct"
    )


def test_a_timescale_tied_by_the_lexicons_wording_for_an_everyday_phrase_is_stated() -> None:
    relapse = _chunk(
        "Tell the child's lead professional about a relapse the same week it is found.",
        review="Family D",
        label="Key learning 4",
        section="Key learning",
    )
    nursery = _chunk("The nursery raised concerns twice.", review="Family D", ordinal=1)
    scope = _library(relapse, nursery)
    passages = _passages((relapse, 0.4, 0.86))
    # "tested positive … months clean" is what the review calls a relapse: its "the same week"
    # answers "how quickly", so the answer must not say no review states a timescale
    decision = scope.decide(
        "Dad's tested positive again after months clean. Should the nursery be told, and how "
        "quickly?",
        passages,
        0.1,
    )
    assert decision.answer_type == "direct", decision
