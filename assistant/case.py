"""A question that describes one case ("the boy with cerebral palsy", "the six-year-old with
the untreated burn", "the girl who was locked in a bedroom") asks about one review without
naming it.

The description identifies the review; the rest of the question (what went well, where she
lives now) chooses the learning point in it. Ranked together, the description's words pull the
case story of the review (or a similar point of another review) above the point that answers:
the description matches the story better than any learning point does. So the retriever finds
the review from the description alone and, when one review clearly holds it, ranks that
review's points by the rest of the question first (:mod:`assistant.retrieve`).

English phrasing only, and no knowledge of any document: a definite noun phrase naming a
person ("the boy", "this family", "the 4-month-old") followed by what sets them apart (a
"who"/"whose"/"with"/"where" clause).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PERSON = (
    r"(?:boy|girl|bab(?:y|ies)|teenagers?|teens?|child(?:ren)?|young (?:person|people|man|woman)"
    r"|famil(?:y|ies)|siblings|twins|toddlers?|infants?|lads?|brothers|sisters|mother|father"
    r"|(?:\d+|[a-z]+)-(?:year|month|week)-old|newborns?|pupils?|students?)"
)
# What comes after "who" may be long; the description ends at a clause boundary, and a
# relative clause at the end of its verb phrase (verb + up to one prepositional phrase), so
# "the teenager who was stabbed get a full review" describes "the teenager who was stabbed".
_PREPOSITIONAL = (
    r"(?:\s+(?:in|into|on|at|from|off|by|to|with|after|near)\s+(?:(?:the|a|an|her|his|their)\s+)?"
    r"[\w'-]+)?"
)
_WITH = (
    r"(?:with|where|whose|in|from)\s+(?:[\w'-]+\s+){0,5}?[\w'-]+"
    r"(?=\s*(?:[?.,;:!]|\s[-–—]\s|$|\s(?:but|what|when|how|why|did|does|do|was|is|were|get|got"
    r"|live|lives)\b))"
)
_WHO = (
    r"who\s+(?:(?:was|is|were|had|has|have|got|had been|has been)\s+)?[\w'-]+"
    + _PREPOSITIONAL
    + _PREPOSITIONAL
)
_DESCRIPTION = re.compile(
    r"\b(?:the|this)\s+(?:(?:little|young|teenage|older|younger|baby|two|three|disabled)\s+){0,2}"
    + _PERSON
    + r"\s+(?:"
    + _WHO
    + "|"
    + _WITH
    + ")",
    re.I,
)


@dataclass(frozen=True)
class CaseQuestion:
    """A question split into the description of one case and what it asks about that case."""

    description: str
    """The words that single the case out ("the boy with cerebral palsy")."""
    ask: str
    """The question with the description cut to its person ("What went well in the hospital
    response for the boy?")."""


def described_case(question: str) -> CaseQuestion | None:
    """The case ``question`` describes and what it asks about it, or ``None`` when it
    describes none (a general question, or a person named only by a role: "the child")."""
    match = _DESCRIPTION.search(question)
    if match is None:
        return None
    description = match.group(0).strip()
    # The person stays in the ask ("for the boy"), so it still reads as a question.
    person = re.match(r"(?:\S+\s+){1,3}?" + _PERSON, description, re.I)
    head = person.group(0) if person else ""
    ask = f"{question[: match.start()]}{head}{question[match.end() :]}"
    return CaseQuestion(description, " ".join(ask.split()))


__all__ = ["CaseQuestion", "described_case"]
