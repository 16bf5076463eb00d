"""Follow-up questions: resolve a short follow-up against the previous turn for retrieval.

With an LLM configured the question is condensed by the model (see :mod:`assistant.llm`);
otherwise this deterministic rule applies.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.cite import content_terms
from assistant.models import Turn

_FOLLOW_UP_START = re.compile(
    r"^\s*(?:and|also|plus|but|so|what about|how about|and what about|what if|same for|"
    r"what else|anything else|more on|tell me more|why|how so|in what way)\b",
    re.I,
)
_PRONOUN = re.compile(r"\b(?:it|that|this|those|these|they|them|such|there)\b", re.I)
_TOPIC_FRAME = re.compile(
    r"^\s*(?:what|how)\b.*?\b(?:say|said|tell|learn|show)s?\b(?:\s+(?:us|me))?\s+"
    r"(?:about|on|regarding)\s+",
    re.I,
)


def is_follow_up(question: str) -> bool:
    """Whether ``question`` leans on the previous turn (short and referring back)."""
    words = question.split()
    if _FOLLOW_UP_START.search(question) and len(words) <= 14:
        return True
    return len(words) <= 6 and bool(_PRONOUN.search(question))


def resolve_follow_up(question: str, history: Sequence[Turn]) -> str:
    """The query to retrieve with: ``question`` itself, or completed from the last turn.

    "and what about fathers?" after "what do reviews say about escalation?" keeps the new
    topic and carries the earlier frame: "what do reviews say about fathers (escalation)".
    """
    if not history or not is_follow_up(question):
        return question
    previous = history[-1].retrieval_query or history[-1].question
    own_terms = content_terms(_FOLLOW_UP_START.sub("", question))
    frame = _TOPIC_FRAME.match(previous)
    topic = _FOLLOW_UP_START.sub("", question).strip(" ?.!")
    if own_terms and frame:
        return f"{frame.group(0)}{topic} ({previous[frame.end() :].strip(' ?.!')})"
    if own_terms:
        return f"{topic} — {previous}"
    return f"{previous} {question}"
