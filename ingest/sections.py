"""Section vocabulary: what a brief's heading says a section is for.

One table: the first pattern a heading matches gives the label each learning point in the
section carries ("Recommendation 2", "Reflective question 1") and the section's
:data:`~core.models.SectionRole`, whatever wording the brief uses. The brief's own heading
stays the section's name; only the item label and role come from here.
"""

from __future__ import annotations

import re

from core.models import SectionRole

# (pattern, label for one item, role). Order matters: the first match wins.
_TABLE: tuple[tuple[str, str, SectionRole], ...] = (
    (
        r"\blearn(?:ing)? more\b|\bfurther (?:information|reading|resources)\b|\buseful links?\b|"
        r"\bfind out more\b|\bresources\b|\bsignpost|\bmore information\b",
        "Further information",
        "further_information",
    ),
    (
        r"^(?:\d+(?:\.\d+)*[.)]?\s+)?(?:the\s+)?(?:\w+\s+)?learning$|"
        r"\blessons? learn|\bwhat we learn|"
        r"\bkey learning\b|\blearning points?\b(?!.*professionals)|\blearning from (?:this|the) "
        r"(?:review|case)\b|\bwhat (?:we|the review) learn|"
        r"\blearning (?:identified|arising|emerging|for (?:practice|practitioners|agencies))\b",
        "Key learning",
        "learning",
    ),
    (r"\blearning points? for professionals\b", "Learning point", "learning"),
    (
        r"\brecommendations?\b|\bwhat (?:needs|has) to change\b|\bwhat will change\b",
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
        r"\bask yourself\b|\bfor (?:discussion|reflection)\b|\bconsider this\b",
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
        r"\bimplications for practice\b|\baction for practitioners\b|\btop tips?\b|"
        r"^what (?:this|it) means\b",
        "Practice point",
        "practice_point",
    ),
    (r"\bchecklists?\b|\bcheck list\b", "Checklist item", "practice_point"),
    (r"\bnext steps?\b|\bactions?\b", "Next step", "recommendation"),
    (
        r"\bkey messages?\b|\bmessages? for practice\b|\bwhy (?:it|this) matters\b",
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
        r"\bthe case\b|\bcontext\b|"
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
