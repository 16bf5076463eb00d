"""What a question asks for, read from its form (assistant.asks), and the scope decision it
drives. Every question and sentence here is invented for the test (no review's wording)."""

from __future__ import annotations

import pytest

from assistant.asks import asking_part, asks_for, clauses, narrative, normative, value_stated
from assistant.scope import Scope
from core.models import Chunk, Passage
from tests.builders import text_chunk


@pytest.mark.parametrize(
    ("question", "kind", "noun"),
    [
        ("How many older cousins was the boy caring for?", "count", "cousins"),
        ("How many of the children's appointments were missed?", "count", "appointments"),
        ("How many days did the toddler stay on the ward?", "count", "days"),
        ("How many visits a month should the family get?", "frequency", ""),
        ("Within how many days must a conference be held?", "timescale", "days"),
        ("How much rent did the family owe?", "money", "rent"),
        ("How much did the girl weigh at the clinic?", "weight", ""),
        ("How much weight had the baby lost?", "weight", "weight"),
        ("How hot was the bath water?", "measure", ""),
        ("How far away was the placement?", "measure", ""),
        ("How often should a foster carer be visited?", "frequency", ""),
        ("How long was the boy kept in the cellar?", "duration", ""),
        ("How long should a strategy meeting take to arrange?", "timescale", ""),
        ("How soon should the GP hear about it?", "timescale", ""),
        ("How old was the stepbrother?", "age", ""),
        ("When did the baby first go to hospital?", "date", ""),
        ("On what date was the plan closed?", "date", "date"),
        ("What time did the ambulance arrive?", "clock", "time"),
        ("Which category B drug was in the flat?", "instance", "drug"),
        ("Which hospital treated the girl's burns?", "instance", "hospital"),
        ("What medication was the father on?", "instance", "medication"),
        ("Which medication was the father taking?", "instance", "medication"),
        ("Who was the independent reviewer?", "name", "reviewer"),
        ("What was the foster home the boy lived in called?", "name", ""),
        ("What is the name of the youth club?", "name", "club"),
        ("What dose of insulin was prescribed?", "amount", "dose"),
        ("Which pharmacy gave the mother the box?", "instance", "pharmacy"),
        ("Did the review say which hospital he went to?", "instance", "hospital"),
        ("What time did the neighbour ring?", "clock", "time"),
        # "what's" reads as "what is"; notice is how far ahead
        ("What's the deadline for the transfer conference?", "timescale", ""),
        ("How much notice does the interpreting line need?", "timescale", "notice"),
    ],
)
def test_the_kind_of_fact_comes_from_the_question_form(
    question: str, kind: str | None, noun: str
) -> None:
    ask = asks_for(question)
    assert (ask.kind if ask else None) == kind, ask
    if ask is not None:
        assert ask.noun == noun


@pytest.mark.parametrize(
    "question",
    [
        "What should a teacher do when a pupil discloses?",
        "Who should I tell about a bruise on a baby?",
        "When should I make a referral?",
        "How should agencies share information?",
        "Which agencies should be at a strategy discussion?",
        "How much weight should I give a parent's explanation?",
        "How much should I tell the parents?",
        "What did the review learn about fathers?",
        "Why was the girl's absence not followed up?",
    ],
)
def test_questions_about_practice_ask_for_no_single_value(question: str) -> None:
    assert asks_for(question) is None


@pytest.mark.parametrize(
    ("question", "sentence", "stated"),
    [
        # a number before the counted noun, not any number in the sentence
        ("How many older cousins did he care for?", "He cared for three cousins.", True),
        ("How many older cousins did he care for?", "He was twelve and cared for cousins.", False),
        ("How many times was she reported missing?", "She went missing twice.", True),
        ("How many times was she reported missing?", "Missing on five occasions.", True),
        ("How many times was she reported missing?", "She was missing in 2021.", False),
        # a measure needs a number with its unit; a comparison is no value
        ("How much did the girl weigh?", "She weighed 14 kg on admission.", True),
        ("How much did the girl weigh?", "She weighed less than her younger sister.", False),
        ("How hot was the bath water?", "The water was over 50 degrees.", True),
        ("How hot was the bath water?", "The bath water was very hot.", False),
        ("How much rent did the family owe?", "They owed £1,200 in rent.", True),
        ("How much rent did the family owe?", "They were behind with the rent.", False),
        # a date; "may" the verb is no month
        ("When did the baby first go to hospital?", "He was admitted in March 2022.", True),
        ("When did the baby first go to hospital?", "Staff may ask about the hospital.", False),
        # a named instance of the noun
        ("Which hospital treated the burns?", "She was seen at Riverside Hospital.", True),
        ("Which hospital treated the burns?", "She was treated in hospital.", False),
        ("Which category B drug was found?", "Officers found category B drugs.", False),
        ("Which drug did the toddler swallow?", "The toddler swallowed methadone.", True),
        ("Who was the independent reviewer?", "The review was led by Dr Okafor.", True),
        ("Who was the independent reviewer?", "An independent reviewer led it.", False),
        ("When was the strategy meeting held?", "It was held within a day.", True),
        ("What time did the neighbour ring?", "The neighbour rang at 2am.", True),
        ("What time did the neighbour ring?", "The neighbour rang in May 2021.", False),
        # a frequency, a timescale
        ("How often should carers be visited?", "Carers are visited every six weeks.", True),
        ("How often should carers be visited?", "Carers should be visited.", False),
        ("How soon should the GP hear?", "Tell the GP the next day.", True),
        ("How soon should the GP hear?", "Tell the GP about the injury.", False),
        # a timescale in units far from the ones asked for answers nothing
        ("How many hours does a childminder have to tell?", "Tell within 2 hours.", True),
        ("How many hours does a childminder have to tell?", "Tell the same day.", True),
        ("How many hours does a childminder have to tell?", "Train within three months.", False),
        # "once" says how often, not a score
        ("What score on the scale means a home is unsafe?", "It was completed once.", False),
        ("What score on the scale means a home is unsafe?", "A score of 12 or more.", True),
        ("What score on the scale means a home is unsafe?", "Escalate within five days.", False),
        ("What score on the scale means a home is unsafe?", "It scored 3 out of 5.", True),
    ],
)
def test_a_sentence_states_a_value_of_the_kind_asked(
    question: str, sentence: str, stated: bool
) -> None:
    ask = asks_for(question)
    assert ask is not None
    assert value_stated(ask, sentence, question) is stated


def _chunk(text: str, review: str, ordinal: int) -> Chunk:
    return text_chunk(
        text,
        chunk_id=f"doc::{ordinal}",
        doc_id="doc",
        doc_title="Doc",
        review=review,
        section="Learning",
        learning_point=f"Learning point {ordinal}",
        embed_text=f"{review} › Learning\n{text}",
        ordinal=ordinal,
    )


def _decide(question: str, named: tuple[str, ...] = ()) -> str:
    m = _chunk(
        "Child M cared for her younger cousins while her aunt was in hospital, and her school "
        "did not ask why she was tired.",
        "Child M",
        0,
    )
    m2 = _chunk("Schools should ask who a pupil cares for at home.", "Child M", 1)
    r = _chunk("Speak to fathers and stepfathers in their own right.", "Baby R", 2)
    scope = Scope([m, m2, r])
    passages = [Passage(m, 0.3, 1, dense_score=0.8), Passage(m2, 0.2, 2, dense_score=0.7)]
    decision = scope.decide(question, passages, -1.0, named)
    assert decision.answer_type is not None
    return decision.answer_type


def test_a_fact_the_learning_does_not_state_is_related_not_direct() -> None:
    assert _decide("How many younger cousins was Child M caring for?") == "related"
    assert _decide("Which hospital was Child M's aunt in?") == "related"
    assert _decide("What should a school ask a tired pupil who cares for cousins?") == "direct"


def test_where_a_child_went_to_live_and_what_training_a_role_needs_must_be_stated() -> None:
    assert _decide("Did Child M go to foster carers or to relatives?") == "related"
    assert _decide("Was Child M taken into care after the school's call?") == "related"
    assert _decide("What qualifications should a school's carer lead have?") == "related"


def test_a_plan_the_child_was_put_on_and_what_the_law_requires_must_be_stated() -> None:
    assert _decide("Was Child M put on a child protection plan after the call?") == "related"
    assert _decide("Do I have a legal duty to tell the school why a pupil is tired?") == "related"
    assert _decide("Should a school ask a tired pupil who cares for cousins?") == "direct"


def test_a_named_review_that_never_speaks_of_the_questions_subject() -> None:
    # "stepdad" maps onto the library's "stepfathers", which Child M's review never uses
    assert _decide("Was Child M's stepdad told why she was tired?", ("Child M",)) == "related"
    assert _decide("Did Child M's school ask why she was tired?", ("Child M",)) == "direct"


# -- issue #14, honest answers on new briefs: the part that asks, rules, named things ------


@pytest.mark.parametrize(
    ("question", "asking"),
    [
        # the statement before the question tells the case; it does not ask
        (
            "The score is under the panel's threshold but things are worse. Can I still refer?",
            "Can I still refer?",
        ),
        # a subordinate clause is the circumstance, not what is asked
        (
            "What should happen to the stepdad when a parent is in prison?",
            "What should happen to the stepdad?",
        ),
        ("If the score is under the threshold, can I still refer?", "can I still refer?"),
        # a wh-word that asks, and an indirect question after a verb of knowing, stay
        ("When should I refer?", "When should I refer?"),
        ("Did anyone ask when he was last seen?", "Did anyone ask when he was last seen?"),
    ],
)
def test_the_asking_part_of_a_question(question: str, asking: str) -> None:
    assert asking_part(question) == asking


def test_a_kind_word_outside_the_asking_part_asks_for_nothing() -> None:
    # "threshold", "graded", "sentence" in the case told or in a when-clause: a what-to-do
    # question, answered by learning that states no threshold, grade or sentence
    case_told = "Her score was under the threshold but it is getting worse. Can school ask?"
    assert _decide(case_told) == "direct"
    assert _decide("What should a school do when the aunt's case is graded standard?") == "direct"
    assert _decide("What should a school ask a pupil when a carer gets a prison sentence?") == (
        "direct"
    )
    # …while the same word in the asking part still asks for one
    assert _decide("What is the threshold for a school to ask about caring?") == "related"


def test_good_practice_is_not_a_place() -> None:
    assert asks_for("What good practice did the school nurse show?") is None
    assert asks_for("Which GP practice saw the mother?") is not None
    assert _decide("What good practice did the school show for the cousins?", ("Child M",)) == (
        "direct"
    )


@pytest.mark.parametrize(
    ("question", "rule"),
    [
        ("How many missed visits before a case has to go to the panel?", True),
        ("How soon must the council visit?", True),
        ("How many weeks does the guidance allow for the assessment?", True),
        ("What is the longest a child should wait for a clinic appointment?", True),
        ("What is the minimum number of weigh-ins for a baby losing weight?", True),
        ("How many times had the boy been reported missing?", False),
        ("How long did the girl stay in hospital?", False),
    ],
)
def test_a_question_that_asks_for_a_rule(question: str, rule: bool) -> None:
    ask = asks_for(question)
    assert ask is not None
    assert ask.rule is rule


@pytest.mark.parametrize(
    ("question", "sentence", "stated"),
    [
        # a number, a frequency or a timescale that is a fact of the case states no rule
        (
            "How many missed visits before a case has to go to the panel?",
            "The case went to the panel after six of the nine missed visits.",
            False,
        ),
        (
            "How many missed visits before a case has to go to the panel?",
            "Refer a case to the panel after three missed visits.",
            True,
        ),
        ("How soon must the panel meet?", "The panel met within a day.", False),
        ("How soon must the panel meet?", "The panel should meet within two days.", True),
        # a statement of how things are done still states one
        ("How often should carers be visited?", "Carers are visited every six weeks.", True),
        # "at every visit" is counted in visits: it says nothing of how often to visit
        ("How often should workers visit the flat?", "Check the cot at every home visit.", False),
        ("How often should workers give advice?", "Repeat the advice at every contact.", True),
        # a duration told from when it began
        (
            "How long had the boy been caring for his dad?",
            "He has cared for him since he was ten.",
            True,
        ),
    ],
)
def test_a_rule_is_stated_only_by_guidance(question: str, sentence: str, stated: bool) -> None:
    ask = asks_for(question)
    assert ask is not None
    assert value_stated(ask, sentence, question) is stated


def test_normative_narrative_and_clauses() -> None:
    assert normative("Offer the interview within 72 hours, with the same worker.")
    assert normative("Practice point: agree an end date for every timetable.")
    assert not normative("A strategy discussion was held within a day.")
    assert narrative("The GP had seen the mother at 28 weeks.")
    assert not narrative("Follow up every missed weigh-in.")
    assert clauses("Ask for a meeting when a child goes missing twice in a month.") == [
        "Ask for a meeting",
        "when a child goes missing twice in a month.",
    ]
    assert clauses("Police call-outs — Police came twice — Officers should notify") == [
        "Police call-outs",
        "Police came twice",
        "Officers should notify",
    ]


def _rule_decide(question: str, *texts: str) -> str:
    chunks = [_chunk(t, "Child M", i) for i, t in enumerate(texts)]
    scope = Scope(chunks)
    passages = [Passage(c, 0.3, i + 1, dense_score=0.8) for i, c in enumerate(chunks)]
    decision = scope.decide(question, passages, -1.0, ())
    assert decision.answer_type is not None
    return decision.answer_type


def test_a_timescale_counts_only_in_the_clause_of_the_asked_thing() -> None:
    # "in a month" belongs to the missing episodes, not to when the meeting is held
    texts = (
        "Ask for a strategy meeting when a child goes missing three times in a month.",
        "The strategy meeting was held within a day of the bruise being seen.",
    )
    assert _rule_decide("How many days do we have to hold a strategy meeting?", *texts) == (
        "related"
    )
    assert (
        _rule_decide(
            "How many days do we have to hold a strategy meeting?",
            "Hold the strategy meeting within two working days.",
        )
        == "direct"
    )


def test_which_tool_needs_a_tool_named_with_a_name() -> None:
    ask = asks_for("Which risk assessment tool did the review recommend?")
    assert ask is not None and ask.kind == "instance" and ask.noun == "tool"
    assert not value_stated(ask, "Add questions about forums to the risk assessment tool.")
    assert value_stated(ask, "Use the Harbour Risk Assessment Tool at every review.")
    # "what assessment should be done" asks what to do, not for a name
    assert asks_for("What assessment should a school offer a young carer?") is None


def test_a_count_of_cases_is_tied_to_what_they_involved_not_to_involved() -> None:
    # "involved" frames the count; the passage must speak of what the cases involved
    texts = (
        "One case involved the death of a boy whose adoption broke down.",
        "Children educated at home were not seen by any agency.",
    )
    assert _rule_decide("How many of the cases involved a home-educated child?", *texts) == (
        "related"
    )


def test_an_opening_if_or_when_clause_is_a_clause_of_its_own() -> None:
    assert clauses("If nothing has changed in three months, raise it with your manager.") == [
        "If nothing has changed in three months",
        "raise it with your manager.",
    ]
    # "three months" belongs to the plan that has not changed, not to what managers agree
    assert (
        _rule_decide(
            "How many days does the escalation policy give managers to agree a plan?",
            "If a review has not changed anything in three months, use the escalation policy.",
        )
        == "related"
    )
    assert (
        _rule_decide(
            "How many days does the escalation policy give managers to agree a plan?",
            "Under the escalation policy managers agree a plan within five working days.",
        )
        == "direct"
    )


def test_a_timescale_is_tied_to_what_is_done_not_to_who_does_it() -> None:
    # "health visitors" names who acts; the eight-month review is not the first visit
    texts = (
        "Health visitors should talk through bath safety again at the eight-month review.",
        "The health visitor's first visit was delayed by two weeks.",
    )
    question = "How many days after a baby is born should the health visitor's first visit happen?"
    assert _rule_decide(question, *texts) == "related"
    assert (
        _rule_decide(
            question, "Health visitors should make the first visit within 14 days of birth."
        )
        == "direct"
    )


def test_a_deadline_or_a_wait_asks_for_a_timescale() -> None:
    ask = asks_for("What is the deadline for the partners to tell the panel about a death?")
    assert ask is not None and ask.kind == "timescale" and ask.rule
    ask = asks_for("What was the wait for the mental health assessment?")
    assert ask is not None and ask.kind == "timescale"
    assert asks_for("What is the learning for managers?") is None


def test_a_topic_that_is_a_number_asks_for_a_count() -> None:
    ask = asks_for("What did the audits say about the number of children who go missing?")
    assert ask is not None and (ask.kind, ask.noun) == ("count", "children")
    ask = asks_for("What did the review say about how many visits the family had?")
    assert ask is not None and (ask.kind, ask.noun) == ("count", "visits")
    assert asks_for("What did the audits say about children who go missing?") is None
    texts = ("The audits looked at children who go missing and how they were found (2019).",)
    question = "What did the audits say about the number of children who go missing?"
    assert _rule_decide(question, *texts) == "related"


def test_events_are_counted_in_occasions() -> None:
    ask = asks_for("How many separate injuries did the baby have?")
    assert ask is not None and ask.kind == "count"
    # a kind of injury on N occasions counts injuries
    assert value_stated(ask, "Her fractures occurred on at least three separate occasions.")
    assert value_stated(ask, "The injuries happened on two occasions.")
    # occasions of something else do not
    assert not value_stated(ask, "The plan was reviewed on three occasions.")


def test_a_timescale_is_tied_to_the_event_not_to_what_it_is_counted_from() -> None:
    question = (
        "Within how many hours should a strategy discussion be held after a bruise is found "
        "on a non-mobile baby?"
    )
    # the same day is when to refer the bruise, not when to hold the discussion
    texts = (
        "Refer any bruise on a non-mobile baby to children's social care the same day.",
        "Strategy discussions must include the health visitor.",
    )
    assert _rule_decide(question, *texts) == "related"
    assert (
        _rule_decide(question, "Hold a strategy discussion within 24 hours of a bruise report.")
        == "direct"
    )


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        # the case told first, the question after a break: the lead-in's "who"/"whose" asks
        # nothing
        ("For the baby whose bruise the midwife saw, exactly how many bruises were there?",
         "count"),
        ("The boy who was found alone: how many days was he left?", "count"),
        ("What was his blood alcohol reading?", "figure"),
        ("What is the reference number of the council's policy?", "figure"),
        ("What did Child J score on her IQ assessment?", "figure"),
    ],
)  # fmt: skip
def test_a_value_asked_for_after_the_case_or_by_its_noun(question: str, kind: str) -> None:
    ask = asks_for(question)
    assert ask is not None and ask.kind == kind


def test_a_lead_in_wh_word_is_not_read_when_no_question_follows() -> None:
    assert asks_for("Who should a teacher who sees a bruise tell first?") is None
    assert asks_for("What should I do when a child who is missing comes back?") is None


def test_whether_anyone_was_prosecuted_needs_a_passage_about_a_prosecution() -> None:
    texts = ("Baby L died while sleeping on a sofa with her father after a party.",)
    assert _rule_decide("Baby L's dad after the party: was the dad prosecuted?", *texts) == (
        "related"
    )
    court = ("The father was prosecuted and the court heard the family's evidence.",)
    assert _rule_decide("Was the father prosecuted?", *court) == "direct"


@pytest.mark.parametrize(
    "question",
    ["Was Baby T's father prosecuted for the burns?", "Was the mother's partner charged?"],
)
def test_whether_someone_named_in_several_words_was_prosecuted(question: str) -> None:
    texts = ("Baby T's father had left prison six weeks before the burns.",)
    assert _rule_decide(question, *texts) == "related"


def test_trying_something_else_is_no_trial() -> None:
    texts = ("Return home interviews were offered by a worker he knew.",)
    assert _rule_decide("He won't do his return interviews - was anything else tried?", *texts) == (
        "direct"
    )


def test_on_what_date_needs_a_calendar_date() -> None:
    held = ("A strategy discussion was held within a day and included the police.",)
    assert _rule_decide("On what date was the strategy discussion held?", *held) == "related"
    dated = ("A strategy discussion was held on 4 March 2024 with the police.",)
    assert _rule_decide("On what date was the strategy discussion held?", *dated) == "direct"
    # "when was it held" is answered by when it was held
    assert _rule_decide("When was the strategy discussion held?", *held) == "direct"


def test_a_verb_of_the_topic_is_no_thing_the_named_review_must_name() -> None:
    # "getting to meet": how the topic is said; "cousins" is a thing Child M's review names
    assert _decide("What did Child M's review say about her school getting to meet her aunt?",
                   ("Child M",)) == "direct"  # fmt: skip
    assert _decide("What did Child M's review say about swimming lessons?", ("Child M",)) in (
        "related",
        "none",
    )
