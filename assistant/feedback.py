"""Feedback on answers: a small SQLite store, and its export as evaluation questions.

Only what the user submits is stored: the question, the answer text, the citations that were
shown, the rating, the "wrong citation" flag (and which marker), the comment and the time. No
user, session or machine identifier is kept. With ``feedback_enabled=False`` nothing is
written (the store refuses to record and never creates the database file).

Flagged answers (a wrong citation or a thumbs down) can be exported as evaluation questions in
the ``evals/questions.jsonl`` format, for a maintainer to complete (``relevant`` is left empty)
and add to the evaluation set.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from core.config import Settings
from core.errors import ConfigError
from core.models import Answer

Rating = Literal["up", "down"]
MAX_COMMENT_CHARS = 2000
EXPORT_NOTE = (
    "From user feedback. 'relevant' and 'review_any' are empty: a maintainer must fill them in "
    "(and check 'answerable') before adding this question to evals/questions.jsonl."
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    citations TEXT NOT NULL,
    rating TEXT CHECK (rating IN ('up', 'down')),
    wrong_citation INTEGER NOT NULL DEFAULT 0 CHECK (wrong_citation IN (0, 1)),
    marker INTEGER,
    comment TEXT NOT NULL DEFAULT '',
    resolved_question TEXT NOT NULL DEFAULT '',
    previous_question TEXT NOT NULL DEFAULT ''
)
"""
# Columns added after the first release: a database created before gets them on open.
_ADDED_COLUMNS = {
    "resolved_question": "TEXT NOT NULL DEFAULT ''",
    "previous_question": "TEXT NOT NULL DEFAULT ''",
}


@dataclass(frozen=True)
class FeedbackRecord:
    """One stored piece of feedback."""

    id: int
    created_at: str
    question: str
    answer: str
    citations: tuple[dict[str, Any], ...]
    rating: Rating | None
    wrong_citation: bool
    marker: int | None
    comment: str
    resolved_question: str = ""
    previous_question: str = ""

    @property
    def follow_up(self) -> bool:
        """Whether the question was a follow-up resolved against the previous turn."""
        return bool(self.resolved_question) and self.resolved_question != self.question

    @property
    def flagged(self) -> bool:
        """A wrong citation or a thumbs down."""
        return self.wrong_citation or self.rating == "down"

    def flagged_citation(self) -> dict[str, Any] | None:
        """The citation the user marked as wrong (doc, review, learning point, quote)."""
        if not self.wrong_citation or self.marker is None:
            return None
        for citation in self.citations:
            if citation.get("marker") == self.marker:
                return {
                    "doc": citation.get("doc"),
                    "review": citation.get("review"),
                    "learning_point": citation.get("learning_point"),
                    "quote": citation.get("quote"),
                }
        return None

    def as_eval_question(self) -> dict[str, Any]:
        """This feedback as an evaluation question (``evals/questions.jsonl`` format).

        A follow-up ("and what about dads?") is exported as the question it was resolved to,
        which stands on its own, with what was typed (``asked``) and the previous turn's
        question beside it."""
        context: dict[str, Any] = {}
        if self.follow_up:
            context = {"asked": self.question, "previous_question": self.previous_question}
        return {
            "id": f"fb-{self.id}",
            "question": self.resolved_question if self.follow_up else self.question,
            **context,
            "answerable": True,
            "relevant": [],
            "review_any": [],
            "flagged_citation": self.flagged_citation(),
            "rating": self.rating,
            "comment": self.comment,
            "note": EXPORT_NOTE,
        }


class FeedbackStore:
    """Feedback in the SQLite file ``settings.feedback_db`` (created on first use)."""

    def __init__(self, settings: Settings) -> None:
        self.path = Path(settings.feedback_db)
        self.enabled = settings.feedback_enabled
        if self.enabled:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as db:
                db.execute(_SCHEMA)
                present = {row[1] for row in db.execute("PRAGMA table_info(feedback)")}
                for name, kind in _ADDED_COLUMNS.items():
                    if name not in present:
                        db.execute(f"ALTER TABLE feedback ADD COLUMN {name} {kind}")

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        with closing(sqlite3.connect(self.path, timeout=10)) as db, db:
            yield db

    def record(
        self,
        answer: Answer,
        rating: Rating | None,
        wrong_citation: bool,
        comment: str,
        marker: int | None = None,
        previous_question: str = "",
    ) -> int:
        """Store feedback on ``answer`` and return its id.

        For a follow-up, ``previous_question`` is the previous turn's question; the question
        it was resolved to (``answer.retrieval_query``) is stored too.

        Raises :class:`ConfigError` when feedback is disabled and :class:`ValueError` for an
        unknown rating, a marker the answer does not have, or an empty submission.
        """
        if not self.enabled:
            raise ConfigError(
                "Feedback is disabled (REVIEW_ASSISTANT_FEEDBACK_ENABLED=false); nothing was "
                "stored."
            )
        if rating not in (None, "up", "down"):
            raise ValueError(f"rating must be 'up', 'down' or None, not {rating!r}")
        comment = (comment or "").strip()[:MAX_COMMENT_CHARS]
        markers = {c.marker for c in answer.citations}
        if marker is not None and marker not in markers:
            raise ValueError(f"the answer has no citation [{marker}]")
        if not wrong_citation:
            marker = None
        if rating is None and not wrong_citation and not comment:
            raise ValueError("nothing to record: give a rating, flag a citation or comment")
        citations = json.dumps([c.as_dict() for c in answer.citations], ensure_ascii=False)
        resolved = answer.retrieval_query if answer.retrieval_query != answer.question else ""
        with self._connect() as db:
            cursor = db.execute(
                "INSERT INTO feedback (created_at, question, answer, citations, rating, "
                "wrong_citation, marker, comment, resolved_question, previous_question) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    datetime.now(UTC).isoformat(timespec="seconds"),
                    answer.question,
                    answer.text,
                    citations,
                    rating,
                    int(bool(wrong_citation)),
                    marker,
                    comment,
                    resolved,
                    (previous_question or "").strip() if resolved else "",
                ),
            )
            return int(cursor.lastrowid or 0)

    def all(self) -> list[FeedbackRecord]:
        """Every stored record, oldest first (empty when nothing was stored).

        Reading works with feedback disabled too, so feedback collected earlier can still be
        exported; nothing is created when the database does not exist.
        """
        if not self.path.is_file():
            return []
        try:
            with self._connect() as db:
                rows = db.execute(
                    "SELECT id, created_at, question, answer, citations, rating, "
                    "wrong_citation, marker, comment, resolved_question, previous_question "
                    "FROM feedback ORDER BY id"
                ).fetchall()
        except sqlite3.OperationalError:  # no feedback table: nothing was ever recorded
            return []
        return [
            FeedbackRecord(
                id=int(row[0]),
                created_at=str(row[1]),
                question=str(row[2]),
                answer=str(row[3]),
                citations=tuple(json.loads(row[4] or "[]")),
                rating=row[5],
                wrong_citation=bool(row[6]),
                marker=None if row[7] is None else int(row[7]),
                comment=str(row[8] or ""),
                resolved_question=str(row[9] or ""),
                previous_question=str(row[10] or ""),
            )
            for row in rows
        ]

    def flagged(self) -> list[FeedbackRecord]:
        """Records with a wrong citation or a thumbs down, oldest first."""
        return [r for r in self.all() if r.flagged]

    def export_eval_questions(self, path: Path) -> int:
        """Write flagged answers to ``path`` as JSONL evaluation questions; return the count."""
        records = self.flagged()
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record.as_eval_question(), ensure_ascii=False) + "\n")
        return len(records)


def export_command(settings: Settings, output: Path) -> int:
    """``review-assistant feedback export --output FILE``: returns the number exported."""
    return FeedbackStore(settings).export_eval_questions(output)
