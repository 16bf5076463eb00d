"""A chat conversation as the UI keeps it: its exchanges, the server-side store that lets a
browser reload find it again, and its Markdown export (no Streamlit calls)."""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from assistant.render import escape_markdown, to_markdown
from core.models import Answer, Filters, Turn
from ui.format import describe_filters

APP_TITLE = "Review Learning Assistant"
MAX_CONVERSATIONS = 500


@dataclass
class Exchange:
    """One question of the conversation and what came back."""

    question: str
    filters: Filters = field(default_factory=Filters)
    answer: Answer | None = None
    error: str | None = None
    asked_at: datetime = field(default_factory=lambda: datetime.now().astimezone())
    key: str = field(default_factory=lambda: uuid.uuid4().hex[:10])


def history(exchanges: Sequence[Exchange]) -> list[Turn]:
    """The answered turns, for follow-up questions."""
    return [
        Turn(e.question, e.answer.retrieval_query, e.answer)
        for e in exchanges
        if e.answer is not None
    ]


def conversation_markdown(exchanges: Sequence[Exchange], exported_at: datetime) -> str:
    """The whole conversation as a Markdown document (questions, answers, notices, sources)."""
    parts = [
        f"# {APP_TITLE}: conversation",
        f"Exported {exported_at.strftime('%d %B %Y, %H:%M %Z').strip()}",
    ]
    for number, exchange in enumerate(exchanges, start=1):
        asked = escape_markdown(" ".join(exchange.question.split()))
        parts.append(f"## {number}. {asked}")
        scope = describe_filters(exchange.filters)
        meta = f"_Asked {exchange.asked_at.strftime('%d %B %Y, %H:%M')}"
        parts.append(meta + (f"; searched only {escape_markdown(scope)}_" if scope else "_"))
        if exchange.answer is not None:
            parts.append(to_markdown(exchange.answer))
        else:
            parts.append(f"_Not answered: {escape_markdown(exchange.error or 'no answer')}_")
    return "\n\n".join(parts) + "\n"


class ConversationStore:
    """Conversations kept in this server process's memory, by session id, so that a browser
    reload (a new Streamlit session) finds its conversation again. Never written to disk: a
    server restart forgets them. The least recently used beyond ``limit`` are dropped."""

    def __init__(self, limit: int = MAX_CONVERSATIONS) -> None:
        self.limit = limit
        self._items: OrderedDict[str, list[Exchange]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, session_id: str) -> list[Exchange]:
        """The conversation of ``session_id`` (a new empty one the first time)."""
        with self._lock:
            exchanges = self._items.setdefault(session_id, [])
            self._items.move_to_end(session_id)
            while len(self._items) > self.limit:
                self._items.popitem(last=False)
            return exchanges
