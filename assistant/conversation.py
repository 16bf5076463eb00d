"""Follow-up questions: resolve a short follow-up against the previous turn for retrieval.

With an LLM configured the question is condensed by the model (see :mod:`assistant.llm.answer`);
otherwise these deterministic rules apply. A follow-up is resolved to its *own* topic and
carries over only what it refers back to, never the whole earlier question:

* "what about dads?", "and fathers?" — a new topic: "What do the reviews say about dads",
  plus the review the previous turn named ("… in the Family T review");
* "and for babies?", "does that apply to fathers too?" — the new subject with the previous
  turn's topic words (at most a few, not its whole wording);
* "tell me more", "which review said that?", "why?" — nothing of its own: the previous
  turn's query (for "tell me more" the service leaves out what was already cited).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from core.models import Turn
from core.text import content_terms

_FOLLOW_UP_START = re.compile(
    r"^\s*(?:and what about|and how about|what about|how about|and for|and also|same for|"
    r"what if|what else|anything else|more on|tell me more(?: about)?|and|also|plus|but|so|"
    r"why|how so|in what way|which review|who said|where does it say)\b",
    re.I,
)
_PRONOUN = re.compile(r"\b(?:it|that|this|those|these|they|them|such|there)\b", re.I)
_REFERS_BACK = re.compile(
    r"^\s*(?:and for|same for|what if)\b|\b(?:does|do|would|will|is|are) (?:that|this|it|they|"
    r"the same) (?:apply|work|count|matter|hold|go)\b|\b(?:too|as well)\s*\??\s*$|"
    r"\bin (?:that|this|those|these) (?:case|situation)s?\b",
    re.I,
)
_MORE = re.compile(
    r"^\s*(?:(?:please |can you |could you )?tell me more|more|anything else|what else|go on|"
    r"more on (?:that|this|it)|any more|other (?:learning|points))\b",
    re.I,
)
# Words of a follow-up that refer to the conversation, not to a topic.
_CONVERSATIONAL = frozenset(
    content_terms(
        "more else tell me review reviews said say says which who where why apply applies "
        "work count matter same too well also case situation please thanks thank anything "
        "other learning point points one bit go"
    )
)
_TOPIC_SLOT = re.compile(
    r"\b(?:about|regarding|concerning|on)\s+(?P<topic>[^?.!]{2,80})[?.!]*\s*$", re.I
)
_GENERIC = frozenset(
    content_terms(
        "what should i we do does did can could would reviews review say said tell learning "
        "learn lesson lessons practitioners professionals staff need know think worried help "
        "case cases thing things way ways kind happens happen"
    )
)


def is_follow_up(question: str) -> bool:
    """Whether ``question`` leans on the previous turn (short and referring back)."""
    words = question.split()
    if _FOLLOW_UP_START.search(question) and len(words) <= 14:
        return True
    return len(words) <= 6 and bool(_PRONOUN.search(question))


def wants_more(question: str) -> bool:
    """Whether a follow-up asks for more of the same ("tell me more", "anything else?")."""
    return bool(_MORE.search(question)) and not own_topic_words(question)


def own_topic_words(question: str) -> list[str]:
    """The words of a follow-up that name a topic of its own (in their written form)."""
    stripped = _FOLLOW_UP_START.sub("", question)
    words: list[str] = []
    for word in re.findall(r"[A-Za-z][\w'/-]*", stripped):
        terms = content_terms(word)
        if terms and not set(terms) <= _CONVERSATIONAL and not _PRONOUN.fullmatch(word):
            words.append(word)
    return words


def topic_words(question: str, limit: int = 4) -> list[str]:
    """A question's topic in at most ``limit`` words: its "… about X" topic when it has one,
    otherwise its first specific words (question framing left out)."""
    slot = _TOPIC_SLOT.search(question)
    text = slot.group("topic") if slot else question
    words: list[str] = []
    for word in re.findall(r"[A-Za-z][\w'/-]*", text):
        terms = content_terms(word)
        if terms and not set(terms) <= _GENERIC and word.lower() not in words:
            words.append(word)
    return words[:limit]


def resolve_follow_up(
    question: str, history: Sequence[Turn], review_aliases: Sequence[str] = ()
) -> str:
    """The query to retrieve with: ``question`` itself, or completed from the last turn.

    ``review_aliases`` are the names of the reviews the previous turn named (carried over
    when the follow-up names none). "and what about fathers?" after "what do reviews say about
    escalation?" becomes "What do the reviews say about fathers"; "and for babies?" after
    "What should I do when parents don't engage?" becomes "babies: parents engage".
    """
    if not history or not is_follow_up(question):
        return question
    previous = history[-1].retrieval_query or history[-1].question
    own = own_topic_words(question)
    if not own:
        return previous
    topic = _FOLLOW_UP_START.sub("", question).strip(" ?.!,")
    topic = re.sub(r"^(?:about|for|on|with)\s+", "", topic, flags=re.I)
    if re.match(
        r"^(?:what|which|who|how|why|where|when|were|was|did|do|does|is|are)\b", topic, re.I
    ):
        query = topic  # "and what were the recommendations?" asks its own question
    elif _REFERS_BACK.search(question):
        subject = [w for w in topic_words(previous) if w.lower() not in topic.lower()]
        query = f"{topic}: {' '.join(subject)}" if subject else topic
    else:
        query = f"What do the reviews say about {topic}"
    if review_aliases and not any(a.lower() in question.lower() for a in review_aliases):
        query += f" in the {review_aliases[0].split('(')[0].strip()} review"
    return query
