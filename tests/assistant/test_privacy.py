"""Privacy: questions are not logged or stored unless asked for; feedback keeps only what the
user submits, and nothing at all when feedback is disabled."""

from __future__ import annotations

import logging
import socket
import sqlite3
from pathlib import Path

import pytest

from assistant.service import Assistant
from core.config import Settings
from core.errors import LLMError
from core.models import Turn
from tests.builders import memory_assistant
from tests.fakes import HashEmbedder, ScriptedChatModel

CANARY = "Zebedee-Canary-7731"
QUESTION = f"How should agencies escalate disagreements about neglect for {CANARY}?"


def _with(settings: Settings, **changes: object) -> Settings:
    return Settings(**{**settings.model_dump(), **changes})


@pytest.fixture
def assistant(settings: Settings) -> Assistant:
    opened = memory_assistant(settings, HashEmbedder())
    assert opened.ingest().ok
    return opened


def _logged(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in caplog.records)


def _files_containing(folder: Path, text: str) -> list[Path]:
    needle = text.encode()
    return [p for p in folder.rglob("*") if p.is_file() and needle in p.read_bytes()]


def test_questions_are_not_logged_by_default(
    assistant: Assistant,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
    settings: Settings,
    tmp_path: Path,
) -> None:
    assert settings.log_questions is False
    caplog.set_level(logging.DEBUG)  # root: every logger, every level
    caplog.set_level(logging.DEBUG, logger="review_assistant")
    answer = assistant.ask(QUESTION)
    assert CANARY in answer.question and answer.text
    follow_up = assistant.ask(
        f"and what about {CANARY}'s school?", history=[Turn(QUESTION, QUESTION, answer)]
    )
    assert follow_up.text
    assert CANARY not in _logged(caplog)
    out, err = capfd.readouterr()
    assert CANARY not in out and CANARY not in err
    # Nor stored anywhere: not in the index, not in the feedback store.
    assert _files_containing(tmp_path, CANARY) == []
    assert not settings.feedback_db.exists()


def test_questions_are_logged_when_enabled(
    assistant: Assistant, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    logging_assistant = Assistant(_with(settings, log_questions=True), assistant.index)
    logging_assistant.ask(QUESTION)
    records = [r for r in caplog.records if r.name == "review_assistant"]
    assert any(CANARY in r.getMessage() and r.levelno == logging.INFO for r in records)


def test_llm_failures_do_not_log_the_question(
    assistant: Assistant, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """The LLM fallback path logs a warning - about the failure, not the question."""
    caplog.set_level(logging.DEBUG)
    failing = ScriptedChatModel([LLMError("The language model 'x' is unreachable.")])
    with_llm = Assistant(settings, assistant.index, chat_model=failing)
    first = with_llm.ask(QUESTION)
    assert first.backend == "extractive"
    with_llm.ask(f"what about {CANARY} then?", history=[Turn(QUESTION, QUESTION, first)])
    logged = _logged(caplog)
    assert "unreachable" in logged  # the failure itself is logged...
    assert CANARY not in logged  # ...but not the question


# -- feedback --------------------------------------------------------------------------------
@pytest.fixture
def feedback():  # type: ignore[no-untyped-def]
    """assistant.feedback (written separately); these tests skip while it does not exist."""
    return pytest.importorskip("assistant.feedback")


def test_feedback_disabled_writes_nothing(
    assistant: Assistant, settings: Settings, feedback
) -> None:
    from core.errors import ConfigError

    disabled = _with(settings, feedback_enabled=False)
    store = feedback.FeedbackStore(disabled)
    answer = assistant.ask(QUESTION)
    with pytest.raises(ConfigError, match="disabled"):
        store.record(
            answer,
            "down",
            wrong_citation=True,
            comment="wrong source",
            marker=answer.citations[0].marker,
        )
    assert store.all() == [] and store.flagged() == []
    assert not disabled.feedback_db.exists()
    assert not list(disabled.feedback_db.parent.glob(disabled.feedback_db.name + "*"))


def test_feedback_keeps_only_what_is_submitted(
    assistant: Assistant, settings: Settings, tmp_path: Path, feedback
) -> None:
    store = feedback.FeedbackStore(settings)
    answer = assistant.ask(QUESTION)
    marker = answer.citations[0].marker
    record_id = store.record(
        answer, "down", wrong_citation=True, comment="  not this one  ", marker=marker
    )
    [record] = store.all()
    assert record.id == record_id
    assert record.question == answer.question and record.answer == answer.text
    assert record.rating == "down" and record.wrong_citation and record.marker == marker
    assert record.comment == "not this one"
    assert [c["marker"] for c in record.citations] == [c.marker for c in answer.citations]
    with sqlite3.connect(settings.feedback_db) as db:
        columns = {row[1] for row in db.execute("PRAGMA table_info(feedback)")}
        tables = {
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        }
    assert tables == {"feedback"}
    assert columns == {
        "id",
        "created_at",
        "question",
        "answer",
        "citations",
        "rating",
        "wrong_citation",
        "marker",
        "comment",
        "resolved_question",
        "previous_question",
    }
    raw = settings.feedback_db.read_bytes()
    assert socket.gethostname().encode() not in raw
    assert str(tmp_path).encode() not in raw  # no file paths
    # Asking alone records nothing.
    assistant.ask("what do reviews say about supervision?")
    assert len(store.all()) == 1
