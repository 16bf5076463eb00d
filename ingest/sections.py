"""Section vocabulary: what a brief's heading says a section is for.

One table: the first pattern a heading matches gives the label each learning point in the
section carries ("Recommendation 2", "Reflective question 1") and the section's
:data:`~core.models.SectionRole`, whatever wording the brief uses. The brief's own heading
stays the section's name; only the item label and role come from here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from core.models import SectionRole
from core.text import IMPERATIVE_VERBS

# (pattern, label for one item, role). Order matters: the first match wins.
_TABLE: tuple[tuple[str, str, SectionRole], ...] = (
    (
        r"\blearn(?:ing)? more\b|\bfurther (?:information|reading|resources)\b|\buseful links?\b|"
        r"\bfind out more\b|\bresources\b|\bsignpost|\bmore information\b|"
        # "Contacts", "Useful contacts", "Who to contact": where to get advice
        r"^(?:\d+[.)]?\s+)?(?:useful\s+|key\s+|local\s+)?contacts?(?:\s+(?:and|&)\s+\w+)?\W*$|"
        r"^who to (?:contact|call|ask)\b",
        "Further information",
        "further_information",
    ),
    # what the brief's terms mean: a reference for the reader, not learning
    (
        r"^(?:\d+[.)]?\s+)?(?:glossary|abbreviations|acronyms|key terms|definitions|"
        r"terms used)(?:\s+(?:used|of terms))?\W*$",
        "Glossary entry",
        "further_information",
    ),
    (
        r"^(?:\d+(?:\.\d+)*[.)]?\s+)?(?:the\s+)?(?:\w+\s+)?learning$|"
        r"\blessons? learn|\bwhat we learn|"
        r"\bkey learning\b|\blearning points?\b(?!.*professionals)|\blearning from (?:this|the) "
        r"(?:review|case)\b|\bwhat (?:we|the review) learn|"
        r"\blearning (?:identified|arising|emerging|for (?:practice|practitioners|agencies))\b|"
        # "Learning includes:", "Key learning includes", "The learning was"; "Lessons",
        # "Key lessons", "Lessons for practice" (the role word followed by a verb or nothing)
        r"^(?:(?:the|key|main|our)\s+)?learning\s+(?:includes?|included|is|was|were)\b|"
        r"^(?:(?:the|key|main|some)\s+)?lessons?(?:\s+(?:includes?|for|from|to|are)\b.*)?$",
        "Key learning",
        "learning",
    ),
    (r"\blearning points? for professionals\b", "Learning point", "learning"),
    (
        r"\brecommendations?\b|\bwhat (?:needs|has) to change\b|\bwhat will change\b|"
        # what the partnership or agencies commit to: "What we will do (differently)", "What
        # has changed", "What agencies are doing"
        r"\bwhat (?:we|agencies|the partnership|partners) (?:will|are going to|are|is) "
        r"(?:do|doing)\b|\bwhat (?:has|have) changed\b|\bchanges (?:made|we have made)\b",
        "Recommendation",
        "recommendation",
    ),
    (
        r"\bkey findings?\b|\bfindings\b|\bwhat (?:the review|we) found\b",
        "Key finding",
        "learning",
    ),
    (r"\bkey themes?\b", "Key theme", "learning"),
    (r"\bthemes?\b", "Theme", "learning"),
    (
        r"\bgood practice\b|\bwhat went well\b|\bworked well\b|\bstrengths?\b|"
        r"\bpositive practice\b|\bwhat good looks like\b|\bwhat (?:was|we) did well\b|"
        r"\bpractice to celebrate\b",
        "Good practice",
        "good_practice",
    ),
    (
        r"\bareas? (?:for|of|needing) (?:development|improvement)\b|\bwhat (?:could|should) have "
        r"(?:been|gone)\b|\bwhat (?:didn'?t|did not) (?:go|work) well\b|"
        r"\bwhat needs to improve\b|\b(?:even )?better if\b",
        "Area for development",
        "learning",
    ),
    (
        r"\b(?:things|points|issues|questions) to (?:consider|think about|ask)\b|\bthink about\b|"
        r"\bask (?:yourself|myself|ourselves)\b|\bfor (?:discussion|reflection)\b|"
        r"\bconsider this\b",
        "Reflective question",
        "reflective_question",
    ),
    (r"\bemerging issues?\b", "Emerging issue", "learning"),
    (r"\boverarching issues?\b", "Overarching issue", "learning"),
    (r"\bissues\b", "Issue", "learning"),
    (
        r"\bimproving practice\b|\bpractice points?\b|\bwhat (?:should|can|do) (?:i|we|you) do|"
        r"\bwhat (?:i|we|you) (?:can|should|need to|must) do\b|"
        r"\bwhat does (?:this|it) mean for (?:practice|practitioners|professionals)\b|"
        r"\bwhat (?:practitioners|professionals|you) (?:should|need to) do|\bwhat to do\b|"
        r"\bimplications for practice\b|\baction for practitioners\b|\b(?:top|practice) tips?\b|"
        r"\btips? for (?:practice|practitioners|professionals)\b|"
        r"^what (?:this|it) means\b",
        "Practice point",
        "practice_point",
    ),
    (r"\bchecklists?\b|\bcheck list\b", "Checklist item", "practice_point"),
    (r"\bnext steps?\b|\bactions?\b", "Next step", "recommendation"),
    (
        r"\bkey messages?\b|\bmessages? for practice\b|\bwhy (?:it|this) matters\b|"
        r"^(?:the\s+|main\s+)?messages?(?:\s+(?:includes?|are|from)\b.*)?$",
        "Key message",
        "learning",
    ),
    (
        r"\bquestions?\b|\bwhat does this mean for me\b|\breflect",
        "Reflective question",
        "reflective_question",
    ),
    (r"\bconclusions?\b", "Conclusion", "summary"),
    (
        r"\bsummary\b|\bbackground\b|\bprocess\b|\bwhat happened\b|\bintroduction\b|"
        r"\bthe case\b|\bcontext\b|\btimeline\b|\bchronology of (?:key )?events\b|"
        r"\babout (?:the|this) (?:review|case|child|family|brief|briefing)\b|"
        r"\bcase overview\b|\bkey facts\b|\bat a glance\b|^about\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)?$|"
        r"^about\s+(?:the\s+)?(?:child|baby|young\s+person|family|siblings?|twins)\s+\S+$",
        "Summary",
        "summary",
    ),
)

SECTION_TYPES: tuple[tuple[re.Pattern[str], str, SectionRole], ...] = tuple(
    (re.compile(pattern, re.I), label, role) for pattern, label, role in _TABLE
)

NARRATIVE_LABELS = frozenset({"Summary", "Conclusion", "Further information", "Note"})
"""Sections whose body paragraphs are labelled "<section>, paragraph N"."""

ROLE_OF_LABEL: dict[str, SectionRole] = {label: role for _, label, role in SECTION_TYPES}
ROLE_OF_LABEL.update(
    {
        "Further reading": "further_information",
        "Reference": "further_information",
        "Note": "further_information",
    }
)


def section_label(heading: str) -> str | None:
    """The item label a section heading implies ("Recommendation"), or ``None``."""
    for pattern, label, _role in SECTION_TYPES:
        if pattern.search(heading):
            return label
    return None


def role_for(label: str) -> SectionRole:
    """The role of a section whose items carry ``label`` (``other`` when unknown)."""
    return ROLE_OF_LABEL.get(label, "other")


# -- a section whose heading names no role: its role read from what it holds ----------------
# ("The issue", "Ways to approach it", "Group activity": the items say what the section is)

_QUESTION_START_RE = re.compile(
    r"^(?:discuss|agree|reflect|debate|talk (?:about|through)|think about|"
    r"consider (?:how|what|whether|why|who|when|where)|list|"
    r"(?:in|with|as) (?:a |your )?(?:team|group|pairs?|supervision|colleagues?)\b)",
    re.I,
)
_ADVICE_OPENERS = ("always ", "never ", "do not ", "don't ", "please ", "try to ", "make sure ")
_CONDITION_RE = re.compile(
    r"^(?:if|when|whenever|where|before|after|once|while)\b[^,]{3,120},\s*", re.I
)
# "Support was not offered", "Record keeping was poor": a noun, not an imperative
_NOT_IMPERATIVE_RE = re.compile(
    r"^\w+\s+(?:\w+ing\s+)?(?:is|was|were|are|has|had|have|will|can|may)\b", re.I
)
_PAST_RE = re.compile(r"\b(?:was|were|had|did|went|told|saw|said|took|became|left|\w{3,}ed)\b")
_PRESENT_ADVICE_RE = re.compile(r"\b(?:should|must|need to|needs to)\b", re.I)
_PERSON_RE = re.compile(
    r"\b(?:child|baby|young person|mother|father|mum|dad|parents?|family|she|he|her|his|"
    r"they|siblings?|brothers?|sisters?|grandmother|grandfather|carer)\b",
    re.I,
)
_WENT_WRONG_RE = re.compile(
    r"\b(?:not|never|no|nobody|no one|without|missed|failed|lack(?:ed|ing)?|rather than|"
    r"unclear|delay(?:ed|s)?|gaps?|signs?|indicators?|risks?|overlooked|lost|only)\b",
    re.I,
)


def _is_question(text: str) -> bool:
    """An item that asks the reader something or sets a discussion ("Discuss ...")."""
    return text.rstrip().endswith("?") or bool(_QUESTION_START_RE.match(text))


def is_advice(text: str) -> bool:
    """An item that tells the reader what to do: an imperative ("Ask ...", "Always use ...",
    "If you are unsure ..., ask ...")."""
    text = text.strip()
    after_condition = _CONDITION_RE.sub("", text, count=1)
    for candidate in (text, after_condition):
        low = candidate.lower()
        for opener in _ADVICE_OPENERS:
            if low.startswith(opener):
                return True
        first = re.match(r"[a-z']+", low)
        if (
            first is not None
            and first.group() in IMPERATIVE_VERBS
            and not _NOT_IMPERATIVE_RE.match(candidate)
        ):
            return True
    return False


def _is_narrative(text: str) -> bool:
    """A sentence of the case story: past tense, about the child or family."""
    return bool(_PAST_RE.search(text) and _PERSON_RE.search(text)) and not (
        _PRESENT_ADVICE_RE.search(text)
    )


def role_from_content(
    items: Sequence[str], *, paragraphs: bool, before_learning: bool
) -> tuple[str, SectionRole] | None:
    """The item label and role of a section whose heading names none, read from its items:
    most of them questions or discussion prompts -> reflective questions; most of them
    practice advice -> practice points; a past-tense story about the child in body
    paragraphs before any learning -> the case summary; most of them statements of what went
    wrong or of signs -> learning. ``None`` when the items do not say (the section stays
    "other"). ``paragraphs``: every item is a body paragraph (no list); ``before_learning``:
    no learning, practice or question section came before it in the review."""
    texts = [t.strip() for t in items if t.strip()]
    if not texts:
        return None

    def most(test: Callable[[str], bool]) -> bool:
        return sum(1 for t in texts if test(t)) * 2 > len(texts)

    if most(_is_question):
        return "Reflective question", "reflective_question"
    if most(is_advice):
        return "Practice point", "practice_point"
    if paragraphs and before_learning and most(_is_narrative):
        return "Summary", "summary"
    if not paragraphs and most(lambda t: _WENT_WRONG_RE.search(t) is not None):
        return "Key learning", "learning"
    return None


# -- lines that are not content: a contents list, document metadata ---------------------------
_CONTENTS_HEADING_RE = re.compile(
    r"^(?:table of )?contents(?: page)?$|^in this (?:brief|briefing|guide|issue|document|summary)$",
    re.I,
)
_METADATA_RE = re.compile(
    r"^(?:key ?words?|tags?|published|publication date|date (?:of )?publication|"
    r"date published|(?:target )?audience|review completed|"
    r"date (?:of )?review completed|authors?|written by|produced by|prepared by|version|"
    r"last updated|date updated|review date|status|classification|document owner|"
    r"review type|type of review|date(?: of (?:the )?(?:review|incident|publication))?)"
    r"\s*:\s*\S",
    re.I,
)


def is_contents_heading(text: str) -> bool:
    """A heading over a contents list ("Contents", "In this briefing")."""
    return bool(_CONTENTS_HEADING_RE.match(text.strip().rstrip(":").strip()))


def is_metadata_line(text: str) -> bool:
    """A line of document metadata ("Keywords: a; b", "Published: May 2025", "Author: ..."):
    it describes the document, it is not one of its learning points."""
    return len(text.split()) <= 30 and bool(_METADATA_RE.match(text.strip()))
