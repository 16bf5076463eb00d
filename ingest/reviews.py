"""Reviews found from a brief's own text: subject, review type, partnership and year.

A review is named by its subject ("Child M", "Baby J", "Family W", "Young Person E",
"Siblings A and B", "Child X1/X2"), by a review code ("Serious Case Review IN14"), by a theme
("Thematic review of ...") or, for a briefing that gathers many reviews, by the collection
("24 national serious case reviews"). Document-type words ("7 Minute Briefing", "Learning
brief", "Learning & Improvement Bulletin") and the partnership's name are never a review's
label: they describe the document, not the review.
"""

from __future__ import annotations

import re
from collections import Counter

_CODE = r"[A-Z]{1,3}\d{0,3}(?:/[A-Z]{1,3}\d{0,3})*"
_SUBJECT_WORDS = (
    r"(?i:child|children|baby|infant|family|young\s+person|siblings?|sibling\s+group|brothers|"
    r"sisters|twins)"
)
SUBJECT_RE = re.compile(
    rf"\b(?P<subject>{_SUBJECT_WORDS}\s+{_CODE}(?:\s*(?:and|&)\s+{_CODE})?)(?![\w/])"
)
"""A subject named anywhere: a subject word then a short capital code ("Child X1/X2")."""

DOC_TYPE_RE = re.compile(
    r"\b(?:(?:\d+|seven)[\s-]*minute\s+(?:briefing|brief|learning|guide)s?|"
    r"learning\s+(?:brief|briefing|bulletin|summary|note|digest|leaflet|review brief)s?|"
    r"(?:practice\s+)?learning\s+summary|briefing\s+(?:note|paper)|"
    r"learning\s*(?:&|and)\s*improvement\s+bulletin|newsletter|bulletin|"
    r"practitioner\s+(?:brief|briefing|guide)|one[\s-]minute\s+guide|"
    r"^learning\s+from\s+(?:serious\s+case\s+|local\s+|national\s+|case\s+)?reviews?$|"
    r"^learning\s+lessons\s+from\b.*$)",
    re.I,
)
"""Words that describe the document, never a review."""

PARTNERSHIP_RE = re.compile(
    r"\b(?P<name>(?:[A-Z][\w'&,-]*\s+){1,5}(?i:safeguarding\s+(?:children(?:'s)?\s+)?"
    r"(?:partnership|board|partners|arrangements)))\b"
)
_PARTNERSHIP_ACRONYM_RE = re.compile(r"\b(?P<name>[A-Z]{1,6}S(?:CP|CB|CP?B))\b")

_TYPES: tuple[tuple[str, str], ...] = (
    (r"\brapid\s+reviews?\b", "Rapid review"),
    (r"\bthematic\b", "Thematic"),
    (r"\b(?:local\s+)?child\s+safeguarding\s+practice\s+reviews?\b|\bl?cspr\b", "LCSPR"),
    (r"\bserious\s+case\s+reviews?\b|\bscrs?\b", "SCR"),
    (r"\bnational\b", "National"),
)
_TYPE_RES = tuple((re.compile(p, re.I), name) for p, name in _TYPES)
_YEAR_RE = re.compile(r"\b(19[89]\d|20[0-4]\d)\b")


_SUBJECT_BANNER_RE = re.compile(r"\s*(?:[:–—,-]|\()")


def is_doc_type(text: str) -> bool:
    """Whether a heading only names the kind of document ("7 Minute Briefing")."""
    stripped = DOC_TYPE_RE.sub("", text)
    stripped = PARTNERSHIP_RE.sub("", stripped)
    return bool(DOC_TYPE_RE.search(text)) and not re.search(r"[A-Za-z]{3}", _tidy(stripped))


def is_partnership(text: str) -> bool:
    """Whether a heading is only a partnership's name."""
    match = PARTNERSHIP_RE.search(text) or _PARTNERSHIP_ACRONYM_RE.fullmatch(text.strip())
    if not match:
        return False
    rest = _tidy(text.replace(match.group("name"), ""))
    return not re.search(r"[A-Za-z]{3}", rest)


def _tidy(text: str) -> str:
    return re.sub(r"^[\s:;,.–—-]+|[\s:;,.–—-]+$", "", re.sub(r"\s+", " ", text))


def canonical_subject(subject: str) -> str:
    """A subject as a label: its words capitalised ("young person X" -> "Young Person X")."""
    words = subject.split()
    return " ".join(
        w if re.search(r"[A-Z0-9]", w) or w in ("and", "&") else w.capitalize() for w in words
    )


def is_subject(text: str) -> bool:
    """Whether ``text`` is just a review's subject ("Baby J"; not "Child Protection")."""
    return bool(SUBJECT_RE.fullmatch(text.strip()))


def subject_in_heading(text: str) -> str | None:
    """The subject a title-like heading names besides document-type words, review-type words
    and separators ("7 Minute Briefing – Rapid Review: Baby J" -> "Baby J")."""
    match = SUBJECT_RE.search(text)
    if not match or len(text.split()) > 14:
        return None
    if (
        match.start() == 0
        and len(text.split()) <= 10
        and _SUBJECT_BANNER_RE.match(text[match.end() :])
    ):
        # A banner opening with the subject: "Child P: Learning and Recommendations".
        return canonical_subject(match.group("subject"))
    rest = text.replace(match.group("subject"), " ")
    rest = DOC_TYPE_RE.sub(" ", rest)
    rest = PARTNERSHIP_RE.sub(" ", rest)
    for pattern, _name in _TYPE_RES:
        rest = pattern.sub(" ", rest)
    rest = re.sub(
        r"\b(?:local|review|reviews|of|for|in respect of|into|about|the|a|an)\b",
        " ",
        rest,
        flags=re.I,
    )
    rest = re.sub(r"\(?\b(?:19|20)\d\d\b\)?|\b[A-Z]{2,6}\b", " ", rest)
    if re.search(r"[A-Za-z]{3}", rest):
        return None
    return canonical_subject(match.group("subject"))


def review_type(text: str) -> str | None:
    """The review type a text states first (Rapid review, Thematic, LCSPR, SCR, National)."""
    found = [(m.start(), name) for pattern, name in _TYPE_RES if (m := pattern.search(text))]
    return min(found)[1] if found else None


def subject_in_text(text: str) -> str | None:
    """The subject a document's text names most often (for briefs whose headings name none)."""
    counts = Counter(m.group("subject") for m in SUBJECT_RE.finditer(text))
    if not counts:
        return None
    subject, _n = counts.most_common(1)[0]
    return canonical_subject(subject)


def partnership_in(text: str) -> str | None:
    """The partnership a text names (its full name, else an acronym such as "NSCB")."""
    match = PARTNERSHIP_RE.search(text)
    if match:
        return match.group("name")
    acronym = _PARTNERSHIP_ACRONYM_RE.search(text)
    return acronym.group("name") if acronym else None


def year_in(text: str) -> int | None:
    """The first plausible publication year in ``text``."""
    match = _YEAR_RE.search(text)
    return int(match.group(1)) if match else None
