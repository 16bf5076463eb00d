"""The SQLite feedback store and its export as evaluation questions."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from assistant.feedback import EXPORT_NOTE, FeedbackStore, export_command
from core.config import Settings
from core.errors import ConfigError
from core.models import Answer, Chunk, Citation, Claim, Notice
from tests.builders import text_chunk


def chunk(n: int, review: str = "Serious Case Review IN14") -> Chunk:
    text = f"Learning point {n}: involve the on-call paediatrician in strategy discussions."
    return text_chunk(
        text,
        chunk_id=f"doc-{n}",
        doc_id="scr-in14-learning-bulletin",
        doc_title="Learning & Improvement Bulletin",
        review=review,
        learning_point=f"Key learning {n}",
        doc_hash="abc",
        ordinal=n,
    )


def answer(question: str = "who must be involved in strategy discussions?") -> Answer:
    citations = tuple(Citation(n, chunk(n), chunk(n).text, 0.5) for n in (1, 2))
    return Answer(
        question=question,
        abstained=False,
        text="- IN14 (Key learning 1): involve the paediatrician [1].\n- Also [2].",
        claims=(Claim("involve the paediatrician [1].", (1,), 1.0),),
        citations=citations,
        notices=(Notice("disclaimer", "Supports, never replaces, local procedures."),),
    )


@pytest.fixture
def store_settings(tmp_path: Path) -> Settings:
    return Settings(index_dir=tmp_path / "index", feedback_db=tmp_path / "fb" / "feedback.db")


def test_record_stores_only_what_was_submitted(store_settings: Settings) -> None:
    store = FeedbackStore(store_settings)
    given = answer()
    row_id = store.record(given, "down", True, "  [2] is off topic  ", marker=2)
    assert row_id == 1
    with sqlite3.connect(store_settings.feedback_db) as db:
        columns = [c[1] for c in db.execute("PRAGMA table_info(feedback)")]
        row = db.execute("SELECT * FROM feedback").fetchone()
    assert columns == [
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
    ]  # no user, session, IP or machine identifiers
    record = dict(zip(columns, row, strict=True))
    assert record["question"] == given.question
    assert record["answer"] == given.text
    assert record["rating"] == "down"
    assert record["wrong_citation"] == 1 and record["marker"] == 2
    assert record["comment"] == "[2] is off topic"
    assert record["created_at"].endswith("+00:00")
    shown = json.loads(record["citations"])
    assert [c["marker"] for c in shown] == [1, 2]
    assert shown[1]["quote"] == given.citations[1].quote


def test_all_and_flagged(store_settings: Settings) -> None:
    store = FeedbackStore(store_settings)
    store.record(answer("q up"), "up", False, "")
    store.record(answer("q down"), "down", False, "")
    store.record(answer("q wrong"), None, True, "", marker=1)
    store.record(answer("q comment"), None, False, "just a note")
    assert [r.question for r in store.all()] == ["q up", "q down", "q wrong", "q comment"]
    assert [r.question for r in store.flagged()] == ["q down", "q wrong"]
    wrong = store.flagged()[1]
    assert wrong.flagged_citation() == {
        "doc": "scr-in14-learning-bulletin",
        "review": "Serious Case Review IN14",
        "learning_point": "Key learning 1",
        "quote": chunk(1).text,
    }


def test_marker_is_kept_only_with_the_wrong_citation_flag(store_settings: Settings) -> None:
    store = FeedbackStore(store_settings)
    store.record(answer(), "up", False, "", marker=1)
    assert store.all()[0].marker is None


@pytest.mark.parametrize(
    ("rating", "wrong", "comment", "marker", "message"),
    [
        ("sideways", False, "", None, "rating"),
        ("up", True, "", 7, r"no citation \[7\]"),
        (None, False, "   ", None, "nothing to record"),
    ],
)
def test_invalid_feedback_is_refused(
    store_settings: Settings,
    rating: str,
    wrong: bool,
    comment: str,
    marker: int | None,
    message: str,
) -> None:
    store = FeedbackStore(store_settings)
    with pytest.raises(ValueError, match=message):
        store.record(answer(), rating, wrong, comment, marker)  # type: ignore[arg-type]
    assert store.all() == []


def test_long_comments_are_truncated(store_settings: Settings) -> None:
    store = FeedbackStore(store_settings)
    store.record(answer(), None, False, "x" * 5000)
    assert len(store.all()[0].comment) == 2000


def test_disabled_feedback_writes_nothing(tmp_path: Path) -> None:
    settings = Settings(feedback_enabled=False, feedback_db=tmp_path / "feedback.db")
    store = FeedbackStore(settings)
    with pytest.raises(ConfigError, match="disabled"):
        store.record(answer(), "up", False, "")
    assert store.all() == [] and store.flagged() == []
    assert not settings.feedback_db.exists()
    assert export_command(settings, tmp_path / "out.jsonl") == 0
    assert not settings.feedback_db.exists()


def test_feedback_collected_earlier_is_exported_when_disabled(tmp_path: Path) -> None:
    db = tmp_path / "feedback.db"
    FeedbackStore(Settings(feedback_db=db)).record(answer(), "down", False, "")
    disabled = Settings(feedback_enabled=False, feedback_db=db)
    assert export_command(disabled, tmp_path / "out.jsonl") == 1
    with pytest.raises(ConfigError):
        FeedbackStore(disabled).record(answer(), "up", False, "")
    assert len(FeedbackStore(disabled).all()) == 1


def test_export_eval_questions(store_settings: Settings, tmp_path: Path) -> None:
    store = FeedbackStore(store_settings)
    store.record(answer("q up"), "up", False, "fine")
    store.record(answer("Who attends a strategy discussion?"), "down", True, "wrong [2]", 2)
    store.record(answer("Thumbs down only"), "down", False, "")
    output = tmp_path / "exports" / "feedback.jsonl"
    assert export_command(store_settings, output) == 2
    lines = output.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert records[0] == {
        "id": "fb-2",
        "question": "Who attends a strategy discussion?",
        "answerable": True,
        "relevant": [],
        "review_any": [],
        "flagged_citation": {
            "doc": "scr-in14-learning-bulletin",
            "review": "Serious Case Review IN14",
            "learning_point": "Key learning 2",
            "quote": chunk(2).text,
        },
        "rating": "down",
        "comment": "wrong [2]",
        "note": EXPORT_NOTE,
    }
    assert records[1]["id"] == "fb-3" and records[1]["flagged_citation"] is None
    assert "maintainer" in records[1]["note"]


def test_exported_questions_load_in_the_eval_runner(
    store_settings: Settings, tmp_path: Path
) -> None:
    runner = pytest.importorskip("evals.questions")
    store = FeedbackStore(store_settings)
    store.record(answer("Who attends a strategy discussion?"), "down", True, "", 1)
    output = tmp_path / "feedback.jsonl"
    store.export_eval_questions(output)
    questions = runner.load_questions(output)
    assert [q.qid for q in questions] == ["fb-1"]
    assert questions[0].answerable and questions[0].relevant == ()


def test_store_reopens_an_existing_database(store_settings: Settings) -> None:
    FeedbackStore(store_settings).record(answer(), "up", False, "")
    again = FeedbackStore(store_settings)
    again.record(answer(), "down", False, "")
    assert [r.rating for r in again.all()] == ["up", "down"]


def test_follow_up_is_exported_resolved_with_the_previous_turn(
    store_settings: Settings, tmp_path: Path
) -> None:
    from dataclasses import replace

    store = FeedbackStore(store_settings)
    follow_up = replace(
        answer("and what about dads?"),
        retrieval_query="who must be involved in strategy discussions? and what about dads?",
    )
    store.record(
        follow_up,
        "down",
        False,
        "",
        previous_question="who must be involved in strategy discussions?",
    )
    store.record(answer("standalone"), "down", False, "", previous_question="ignored")
    output = tmp_path / "out.jsonl"
    assert export_command(store_settings, output) == 2
    first, second = (json.loads(line) for line in output.read_text("utf-8").splitlines())
    assert first["question"] == follow_up.retrieval_query
    assert first["asked"] == "and what about dads?"
    assert first["previous_question"] == "who must be involved in strategy discussions?"
    assert second["question"] == "standalone" and "asked" not in second
    assert "previous_question" not in second


def test_a_database_from_before_the_follow_up_columns_is_upgraded(
    store_settings: Settings,
) -> None:
    store_settings.feedback_db.parent.mkdir(parents=True)
    with sqlite3.connect(store_settings.feedback_db) as db:
        db.execute(
            "CREATE TABLE feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT "
            "NULL, question TEXT NOT NULL, answer TEXT NOT NULL, citations TEXT NOT NULL, "
            "rating TEXT, wrong_citation INTEGER NOT NULL DEFAULT 0, marker INTEGER, "
            "comment TEXT NOT NULL DEFAULT '')"
        )
        db.execute(
            "INSERT INTO feedback (created_at, question, answer, citations, rating) "
            "VALUES ('2026-01-01T00:00:00+00:00', 'old q', 'a', '[]', 'down')"
        )
    db.close()
    store = FeedbackStore(store_settings)
    assert [r.question for r in store.flagged()] == ["old q"]
    store.record(answer(), "up", False, "")
    assert len(store.all()) == 2
