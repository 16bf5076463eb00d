"""Guards: the immediate-risk escalation notice, the privacy warning and question cleaning."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assistant.guards import (
    DISCLAIMER_TEXT,
    ESCALATION_TEXT,
    PRIVACY_TEXT,
    clean_question,
    identifiable_details,
    immediate_risk,
    notices_for,
)
from assistant.service import Assistant
from core.config import Settings
from core.errors import QuestionError
from tests.builders import memory_assistant
from tests.fakes import HashEmbedder

RISK = [
    "my pupil says her dad is hitting her right now",
    "a baby is in danger tonight",
    "the child is not safe to go home tonight",
    "the child isn't safe to go home",
    "A girl in my class is scared to go home",
    "Her stepfather is threatening to kill her tonight",
    "He says his dad will beat him when he gets home tonight",
    "a pupil is being hurt at home at the moment, what should I do?",
    "a 14-year-old has told me she is being sexually abused and has to go home tonight",
    "I think a toddler has been left alone at home right now",
    "mum's boyfriend has a knife and the kids are in the house",
    "the baby isn't breathing",
    "a child has just disclosed abuse to me today, what do I do?",
    "there is a child in immediate danger at my school",
    "What do reviews say? A child in my class is being beaten right now.",
]
NOT_RISK = [
    "what do reviews say about risk to children?",
    "how did professionals respond to non-accidental injury?",
    "what is immediate risk assessment in reviews?",
    "what does immediate risk mean for health visitors?",
    "What do reviews say about children who are scared to go home?",
    "what did the review say about the baby who was hit?",
    "Tell me about children being hit by parents in the reviews",
    "what should schools do when a child discloses abuse?",
    "Is there learning about babies being shaken?",
    "what are the key themes of the reviews today?",
    "what did reviews find about children who were not safe at home",
    "What does the IN14 review say about escalation?",
    "how should agencies share information about domestic abuse?",
]
PRIVATE = [
    "Jayden, aged 4, has bruises on his arms",
    "I work with Jayden, aged 4, who is withdrawn",
    "Sarah (6) told her teacher about it",
    "What should I do about Sarah (6)?",
    "Sarah (aged 6) is often late",
    "the baby was born 03/04/2019",
    "DOB: 3 March 2019",
    "born on 3rd March 2019",
    "d.o.b. 03.04.2019",
    "date of birth 2019-03-04",
    "she lives at 12 Acacia Avenue",
    "the family moved to LE1 6ZG last year",
    "NHS number 943 476 5919",
    "his NHS no. is 9434765919",
    "mum's mobile is 07700 900123",
    "call +44 7700 900123",
    "call 0770 090 0123",
    "the school's number is 0116 496 0123",
    "Tom who is 3 has a broken arm",
    "Leo is a 5-year-old who",
    "Leo is 5 and lives with his nan",
    "Amira, 7, told her teacher",
    "Child: Jayden Smith, age 4",
    "email mum at jane.doe@example.com",
    "NI number AB 12 34 56 C",
]
NOT_PRIVATE = [
    "Nadiya aged four months",
    "what do reviews say about Nadiya aged four months?",
    "children aged under 1",
    "Children aged 5 and under are most at risk",
    "Boys aged 12 to 16 and exploitation",
    "Babies aged under 6 months",
    "Working Together 2018",
    "what does Working Together 2018 say about strategy discussions?",
    "IN14",
    "learning from Serious Case Review IN14",
    "a 14-week-old baby",
    "what happened with a 14-week-old baby?",
    "babies born prematurely at 28 weeks",
    "learning from 9 serious case reviews",
    "what do the 2021 reviews say about Family T?",
    "What do reviews say about Child X1/X2?",
    "Child A (6) in the review",
    "page 12 of the LLR briefing",
    "the NSPCC helpline is 0808 800 5000",
    "reviews between 2013 and 2019",
    "section 47 enquiries within 24 hours",
    "what should I check on the NHS number field?",
    "Finally, 2 years later the case was closed",
    "Risk is 3 times higher for babies",
    "What is 10 minutes of direct work worth?",
    "in 2 separate road traffic accidents",
]


@pytest.mark.parametrize("question", RISK)
def test_immediate_risk_detected(question: str) -> None:
    assert immediate_risk(question)
    notices = notices_for(question)
    assert notices[0].kind == "escalation" and notices[0].text == ESCALATION_TEXT
    assert notices[-1].kind == "disclaimer"


@pytest.mark.parametrize("question", NOT_RISK)
def test_general_questions_do_not_escalate(question: str) -> None:
    assert not immediate_risk(question)
    assert "escalation" not in [n.kind for n in notices_for(question)]


@pytest.mark.parametrize("question", PRIVATE)
def test_identifiable_details_detected(question: str) -> None:
    assert identifiable_details(question)
    assert [n.kind for n in notices_for(question)] == ["privacy", "disclaimer"]


@pytest.mark.parametrize("question", NOT_PRIVATE)
def test_no_false_privacy_warning(question: str) -> None:
    assert not identifiable_details(question)
    assert "privacy" not in [n.kind for n in notices_for(question)]


def test_notice_order_escalation_privacy_disclaimer() -> None:
    notices = notices_for("Jayden, aged 4, says his dad is hitting him right now")
    assert [n.kind for n in notices] == ["escalation", "privacy", "disclaimer"]
    assert [n.text for n in notices] == [ESCALATION_TEXT, PRIVACY_TEXT, DISCLAIMER_TEXT]
    assert "999" in ESCALATION_TEXT and "remove identifiable" in PRIVACY_TEXT.lower()
    assert [n.kind for n in notices_for("what do reviews say about neglect?")] == ["disclaimer"]


def test_clean_question() -> None:
    assert clean_question("  what\x00 about\x1b  neglect\u200b?\n", 100) == "what about neglect ?"
    assert clean_question("ｆｕｌｌｗｉｄｔｈ", 100) == "fullwidth"  # NFKC
    for empty in ("", "   ", "\x00\x07", "?!", "\u200b\u200e"):
        with pytest.raises(QuestionError, match="empty"):
            clean_question(empty, 100)
    with pytest.raises(QuestionError, match="limit is 50"):
        clean_question("x" * 51, 50)
    with pytest.raises(QuestionError, match="text"):
        clean_question(None, 50)  # type: ignore[arg-type]


# -- through the assistant and the CLI ----------------------------------------------------------
@pytest.fixture
def assistant(settings: Settings) -> Assistant:
    opened = memory_assistant(settings, HashEmbedder())
    assert opened.ingest().ok
    return opened


def test_escalation_is_first_in_answer_notices(assistant: Assistant) -> None:
    answer = assistant.ask("my pupil says her dad is hitting her right now, what do I do?")
    assert answer.notices[0].kind == "escalation"
    assert answer.notices[0].text == ESCALATION_TEXT
    assert answer.as_dict()["notices"][0] == {"kind": "escalation", "text": ESCALATION_TEXT}
    # Also when the assistant abstains (the abstention notice comes after it).
    abstained = assistant.ask("a baby is in danger tonight: quantum chromodynamics lattice?")
    assert abstained.notices[0].kind == "escalation"


def test_privacy_notice_in_answer(assistant: Assistant) -> None:
    answer = assistant.ask(
        "Jayden, aged 4, lives at 12 Acacia Avenue: how do agencies share "
        "information about neglect?"
    )
    kinds = [n.kind for n in answer.notices]
    assert kinds[0] == "privacy" and "disclaimer" in kinds and "escalation" not in kinds


def test_escalation_first_in_ask_json(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    import ingest.embed
    from ui.cli import app

    embedder = HashEmbedder()
    monkeypatch.setattr(ingest.embed, "load_embedder", lambda _settings: embedder)
    monkeypatch.setenv("REVIEW_ASSISTANT_INDEX_DIR", str(settings.index_dir))
    monkeypatch.setenv("REVIEW_ASSISTANT_CORPUS_DIR", str(settings.corpus_dir))
    runner = CliRunner()
    assert runner.invoke(app, ["ingest"]).exit_code == 0
    result = runner.invoke(
        app, ["ask", "--json", "the child is not safe to go home tonight, what do I do?"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["notices"][0] == {"kind": "escalation", "text": ESCALATION_TEXT}
    assert payload["notices"][-1]["kind"] in ("disclaimer", "info", "abstention")

    result = runner.invoke(app, ["ask", "--json", "what do reviews say about escalation?"])
    kinds = [n["kind"] for n in json.loads(result.stdout)["notices"]]
    assert "escalation" not in kinds and "disclaimer" in kinds
