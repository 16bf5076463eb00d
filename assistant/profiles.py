"""Review profiles: what the library holds about each review.

A profile gives a review's subject, type (SCR, LCSPR, rapid review, thematic, national),
partnership and year where known, a one-line case summary quoted from the document (and where
it is), its themes and its number of learning points by section role.

Sources, best first: the structure stage's ``reviews_info`` in the document's registry record
(``{label: {subject, review_type, partnership, year, joint}}``); then what the review's label
and its own text state (e.g. "Serious Case Review IN14", "Rapid Review: Baby N", "aged four
months ... October 2021"). Nothing is guessed: a fact no source states is ``None``. Section
roles come from each chunk's ``role``, or from its section heading's vocabulary when the index
predates roles.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from core.models import Chunk, SectionRole
from core.text import split_sentences
from ingest.themes import THEME_LABELS

ROLE_LABELS: dict[str, str] = {
    "summary": "case summary",
    "learning": "learning",
    "recommendation": "recommendations",
    "good_practice": "good practice",
    "practice_point": "practice points",
    "reflective_question": "reflective questions",
    "further_information": "further information",
    "other": "other",
}
_SECTION_ROLES: tuple[tuple[SectionRole, re.Pattern[str]], ...] = (
    ("reflective_question", re.compile(r"question|reflect|ask yourself|consider", re.I)),
    ("recommendation", re.compile(r"recommend|next step|action", re.I)),
    ("good_practice", re.compile(r"good practice|what went well|strength", re.I)),
    ("practice_point", re.compile(r"what to do|practice point|for professionals|top tips", re.I)),
    (
        "further_information",
        re.compile(r"further|more information|links?\b|resources|reference|reading", re.I),
    ),
    (
        "summary",
        re.compile(r"summary|background|case|context|process|about|introduction|overview", re.I),
    ),
    ("learning", re.compile(r"learning|finding|theme|issue|lesson|key|emerg", re.I)),
)
_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("National", re.compile(r"\bnational\b", re.I)),
    ("Thematic", re.compile(r"\bthematic\b", re.I)),
    ("LCSPR", re.compile(r"\bLCSPRs?\b|Local Child Safeguarding Practice Review", re.I)),
    ("Rapid review", re.compile(r"\brapid review", re.I)),
    ("SCR", re.compile(r"\bSerious Case Reviews?\b|\bSCRs?\b", re.I)),
)
_CODE = re.compile(r"(?:Serious Case Review|SCR|LCSPR|Rapid Review)[:\s]+([A-Z][A-Za-z]*\d[\w/]*)")
_SUBJECT = re.compile(
    r"\b(?:Child(?:ren)?|Baby|Family|Siblings?|Sibling group|Young person)\s+"
    r"[A-Z][A-Za-z0-9]*(?:\s*(?:/|and|&)\s*[A-Z][A-Za-z0-9]*)*"
)
_NOT_A_CASE = re.compile(r"overview|briefing|audit", re.I)  # no review type from their text
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_PARTNERSHIP = re.compile(
    r"\b[A-Z][\w'’-]*(?:,?\s+(?:and\s+)?[A-Z][\w'’-]*){0,5}\s+Safeguarding\s+"
    r"(?:Children\s+)?(?:Partnership|Board)\b"
)


@dataclass(frozen=True)
class ReviewProfile:
    """One review's profile. ``summary`` is an exact sentence of ``summary_chunk``."""

    review: str
    doc_id: str
    doc_title: str
    subject: str | None = None
    review_type: str | None = None
    partnership: str | None = None
    year: int | None = None
    joint: bool = False
    summary: str | None = None
    summary_chunk: Chunk | None = None
    themes: tuple[tuple[str, int], ...] = ()
    roles: tuple[tuple[str, int], ...] = ()
    learning_points: int = 0
    source: str | None = field(default=None)

    def as_dict(self) -> dict[str, Any]:
        """JSON shape of ``review-assistant corpus --review NAME --json``."""
        chunk = self.summary_chunk
        return {
            "review": self.review,
            "doc": self.doc_id,
            "doc_title": self.doc_title,
            "subject": self.subject,
            "review_type": self.review_type,
            "partnership": self.partnership,
            "year": self.year,
            "joint": self.joint,
            "summary": None
            if chunk is None
            else {
                "quote": self.summary,
                "learning_point": chunk.learning_point,
                "section": chunk.section,
                "page": chunk.page,
            },
            "themes": {slug: n for slug, n in self.themes},
            "learning_points_by_role": {role: n for role, n in self.roles},
            "learning_points": self.learning_points,
            "source": self.source,
        }


def role_of(chunk: Chunk) -> SectionRole:
    """The chunk's section role, or (an index written before roles) its heading's."""
    if chunk.role != "other":
        return chunk.role
    for role, pattern in _SECTION_ROLES:
        if pattern.search(chunk.section):
            return role
    return "other"


def _first_sentence(text: str, limit: int = 300) -> str:
    """The first sentence of ``text`` as written (an exact substring)."""
    text = text.strip()
    # Sentences across line breaks (a wrapped paragraph), then the same span as written.
    sentences = split_sentences(text.replace("\n", " "))
    first = text[: len(sentences[0])].strip() if sentences else ""
    if len(first) > limit:  # no sentence end: keep whole words up to the limit
        cut = first[:limit]
        first = cut[: cut.rfind(" ")] if " " in cut else cut
    return first


def _info(record: Mapping[str, Any], review: str) -> dict[str, Any]:
    info = record.get("reviews_info")
    if isinstance(info, str):  # the registry stores it as JSON (scalars only)
        try:
            info = json.loads(info)
        except ValueError:
            info = None
    if isinstance(info, dict) and isinstance(info.get(review), dict):
        return dict(info[review])
    return {}


def _stated_type(text: str, *, ordered: bool = True) -> str | None:
    """The review type ``text`` names: the first in :data:`_TYPES` order (a label, where
    "national serious case reviews" is national), or the earliest mentioned (running text,
    where a later "now known as LCSPRs" does not make an SCR one)."""
    if ordered:
        return next((name for name, p in _TYPES if p.search(text)), None)
    found = [(m.start(), name) for name, p in _TYPES[2:] if (m := p.search(text))]
    return min(found)[1] if found else None


def _stated_year(texts: Sequence[str]) -> int | None:
    for text in texts:
        found = _YEAR.findall(text)
        if found:
            return int(found[0])
    return None


def profile(
    review: str, doc_id: str, chunks: Sequence[Chunk], record: Mapping[str, Any]
) -> ReviewProfile:
    """The profile of ``review`` in document ``doc_id`` from its chunks and registry record."""
    own = sorted(
        (c for c in chunks if c.doc_id == doc_id and c.review == review), key=lambda c: c.ordinal
    )
    title = own[0].doc_title if own else str(record.get("title", doc_id))
    info = _info(record, review)
    text = "\n".join(c.text for c in own)
    subject = info.get("subject")
    if not subject:
        match = _SUBJECT.search(re.sub(r"\([^)]*\)", "", review))  # not "(... in Family T)"
        subject = match.group(0) if match else None
    if not subject and re.fullmatch(r"[A-Z][a-z]+(?: (?:and|&) [A-Z][a-z]+)?", review):
        subject = review  # a review named after its child ("Nadiya", "Nadiya and Robyn")
    if not subject:
        code = _CODE.search(review)
        subject = code.group(1) if code else None
    review_type = info.get("review_type") or _stated_type(review)
    if not review_type and review.casefold() in title.casefold() and not _NOT_A_CASE.search(review):
        review_type = _stated_type(title)
    if not review_type and not _NOT_A_CASE.search(review):
        review_type = _stated_type(text[:2000], ordered=False)
    partnership = info.get("partnership")
    if not partnership:
        partnership = next(
            (
                m.group(0)
                for m in _PARTNERSHIP.finditer(text)
                if not m.group(0).startswith(("Local ", "The "))  # the generic body
            ),
            None,
        )
    year = info.get("year")
    if not isinstance(year, int):
        # The label, or the document's title when it names this review ("Family T (2021)").
        year = _stated_year([review, title if review.casefold() in title.casefold() else ""])
    summary_chunk = next((c for c in own if role_of(c) == "summary"), None)
    summary = _first_sentence(summary_chunk.text) if summary_chunk is not None else None
    themes = Counter(t for c in own for t in c.themes)
    points = {c.learning_point: role_of(c) for c in own}  # a split point counts once
    roles: dict[str, int] = dict(Counter(points.values()))
    source = record.get("source")
    return ReviewProfile(
        review=review,
        doc_id=doc_id,
        doc_title=title,
        subject=subject,
        review_type=review_type,
        partnership=partnership,
        year=year,
        joint=bool(info.get("joint", False)),
        summary=summary,
        summary_chunk=summary_chunk,
        themes=tuple(
            (slug, n)
            for slug, n in sorted(themes.items(), key=lambda kv: (-kv[1], kv[0]))
            if slug in THEME_LABELS
        ),
        roles=tuple((role, roles[role]) for role in ROLE_LABELS if roles.get(role)),
        learning_points=len(points),
        source=str(source) if source else None,
    )


def profiles(
    chunks: Sequence[Chunk], documents: Mapping[str, Mapping[str, Any]]
) -> list[ReviewProfile]:
    """Every review's profile, in document order."""
    pairs = list(dict.fromkeys((c.doc_id, c.review) for c in chunks))
    return [profile(r, d, chunks, documents.get(d, {})) for d, r in pairs]


def find_profiles(
    name: str, chunks: Sequence[Chunk], documents: Mapping[str, Mapping[str, Any]]
) -> list[ReviewProfile]:
    """Profiles whose review label is ``name`` (any case), else those containing it."""
    wanted = " ".join(name.split()).casefold()
    every = profiles(chunks, documents)
    exact = [p for p in every if p.review.casefold() == wanted]
    return exact or [p for p in every if wanted and wanted in p.review.casefold()]
