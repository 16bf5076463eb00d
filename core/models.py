"""Frozen dataclasses passed between pipeline stages.

load -> :class:`LoadedDocument` (text + typed :class:`Element`\\ s); structure ->
:class:`Structure` (:class:`Block`\\ s, :class:`ReviewInfo`\\ s, coverage); chunk ->
:class:`Chunk`; retrieve -> :class:`Passage`; answer/cite -> :class:`Answer` with
:class:`Citation`\\ s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal


@dataclass(frozen=True)
class PageSpan:
    """Characters ``[start, end)`` of a document's text came from page ``page`` (1-based)."""

    page: int
    start: int
    end: int


@dataclass(frozen=True)
class Heading:
    """A structural heading reported by a loader (e.g. a Word ``Heading 2`` paragraph)."""

    level: int
    start: int
    end: int


ElementKind = Literal["title", "heading", "list_item", "paragraph", "table_row"]
MarkerKind = Literal["bullet", "number", "letter", "roman", "checkbox", "label"]
SectionRole = Literal[
    "summary",
    "learning",
    "recommendation",
    "good_practice",
    "practice_point",
    "reflective_question",
    "further_information",
    "other",
]
"""What a section of a brief is for, recognised from its heading's vocabulary: case
summary/background, key learning/findings, recommendations, good practice, what to do/practice
points, reflective questions, further information/links, anything else."""
AnswerType = Literal["direct", "related", "none"]
"""How an answer relates to its question: ``direct`` (the learning answers it), ``related`` (the
library has learning on the topic but not what was asked) or ``none`` (nothing relevant)."""


@dataclass(frozen=True)
class Element:
    """One typed block of a document as its loader reads it (format-independent).

    ``text`` is the visible wording on one logical line: list marker, markup and soft wraps
    removed, single spaces (a table row's ``text`` is its cells joined by " — "). ``start`` /
    ``end`` index :attr:`LoadedDocument.text` and cover the whole element, so a quote can be
    checked against the source. ``marker`` is the number, letter or label the document
    prints, or that Word numbering implies ("3.1", "b", "iv", "4", "Learning point 4");
    ``level`` is a heading's level (0 title, 1 top) or a list item's depth (0 top).
    ``group`` ties elements of one container together (a table, or one box of a 7-minute
    briefing grid: every box its own section). ``size`` is the font size relative to the
    body text (1.0 = body) where the format knows it.
    """

    kind: ElementKind
    text: str
    start: int
    end: int
    page: int | None = None
    level: int = 1
    marker: str | None = None
    marker_kind: MarkerKind | None = None
    cells: tuple[str, ...] = ()
    header: bool = False
    group: str | None = None
    bold: bool = False
    size: float | None = None


@dataclass(frozen=True)
class LoadedDocument:
    """The text of one file, as extracted by a loader.

    ``text`` is what every span refers to. PDF pages are joined by a blank line and listed in
    ``pages``; DOCX headings found through Word styles are listed in ``headings``.
    """

    doc_id: str
    source: Path
    kind: Literal["txt", "md", "pdf", "docx"]
    text: str
    content_hash: str
    pages: tuple[PageSpan, ...] = ()
    headings: tuple[Heading, ...] = ()
    elements: tuple[Element, ...] = ()
    boilerplate: tuple[tuple[int, int], ...] = ()
    """Spans of ``text`` a loader recognised as page furniture (running headers and footers,
    page numbers) and left out of ``elements``; coverage does not count them."""
    encoding: str | None = None
    """The text encoding detected for .txt/.md files (reported to the user)."""

    def page_at(self, offset: int) -> int | None:
        """The page holding character ``offset``, or ``None`` for unpaged formats."""
        for span in self.pages:
            if span.start <= offset < span.end:
                return span.page
        if self.pages and offset >= self.pages[-1].end:
            return self.pages[-1].page
        return None


@dataclass(frozen=True)
class DocumentMeta:
    """Catalogue facts about a document (from ``corpus/manifest.json`` or derived)."""

    doc_id: str
    title: str
    partnership: str | None = None
    year: int | None = None
    default_review: str | None = None


@dataclass(frozen=True)
class Block:
    """One learning point (or paragraph) found by the structure parser.

    ``start``/``end`` index :attr:`LoadedDocument.text`; ``text`` is the cleaned wording
    (markup such as ``<i>`` and ``[bookmark: ...]`` removed, whitespace tidied).
    """

    review: str
    section: str
    label: str
    start: int
    end: int
    text: str
    role: SectionRole = "other"
    page: int | None = None
    practice: bool = False
    """The point also says what to do, in a part the brief names so (a table row's "What this
    means for practice" / "What to do" cell) while its role stays the section's ("learning"):
    retrieval treats it as stating practice for a what-to-do question."""


@dataclass(frozen=True)
class ReviewInfo:
    """A review found in a document: its label (the subject, e.g. "Child M"), and what the
    text states about it (``None`` when it does not say)."""

    label: str
    subject: str | None = None
    review_type: str | None = None  # "SCR", "LCSPR", "Rapid review", "Thematic", "National"
    partnership: str | None = None
    year: int | None = None
    joint: bool = False  # a "shared learning" part covering several reviews
    topic: str | None = None
    """What the review's heading says it is about, after its subject ("Child A – a child
    who stopped attending nursery" -> "a child who stopped attending nursery"): its title,
    not its label."""


@dataclass(frozen=True)
class Structure:
    """What the structure stage found in one document."""

    blocks: tuple[Block, ...]
    reviews: tuple[ReviewInfo, ...] = ()
    coverage: float = 1.0
    """Share of the source's non-boilerplate words that land in some block (0..1)."""
    dropped: tuple[str, ...] = ()
    """Source lines (non-boilerplate) that no block holds, for the ingest report."""


@dataclass(frozen=True)
class Chunk:
    """The unit that is embedded, indexed, retrieved and cited: one learning point."""

    chunk_id: str
    doc_id: str
    doc_title: str
    review: str
    section: str
    learning_point: str
    start: int
    end: int
    source_text: str
    text: str
    embed_text: str
    doc_hash: str
    ordinal: int
    page: int | None = None
    themes: tuple[str, ...] = ()
    role: SectionRole = "other"
    practice: bool = False  # :attr:`Block.practice`

    def metadata(self) -> dict[str, str | int | float | bool]:
        """Flat metadata for the vector store (Chroma allows only scalar values)."""
        meta: dict[str, str | int | float | bool] = {
            "chunk_id": self.chunk_id,
            "doc_id": self.doc_id,
            "doc_title": self.doc_title,
            "review": self.review,
            "section": self.section,
            "learning_point": self.learning_point,
            "start": self.start,
            "end": self.end,
            "page": self.page if self.page is not None else -1,
            "text": self.text,
            "source_text": self.source_text,
            "doc_hash": self.doc_hash,
            "ordinal": self.ordinal,
            "themes": ",".join(self.themes),
            "role": self.role,
            "practice": self.practice,
        }
        for theme in self.themes:
            meta[theme_key(theme)] = True
        return meta

    @classmethod
    def from_metadata(cls, embed_text: str, meta: dict[str, Any]) -> Chunk:
        """Rebuild a chunk from what :meth:`metadata` stored."""
        page = int(meta.get("page", -1))
        themes = tuple(t for t in str(meta.get("themes", "")).split(",") if t)
        return cls(
            chunk_id=str(meta["chunk_id"]),
            doc_id=str(meta["doc_id"]),
            doc_title=str(meta["doc_title"]),
            review=str(meta["review"]),
            section=str(meta["section"]),
            learning_point=str(meta["learning_point"]),
            start=int(meta["start"]),
            end=int(meta["end"]),
            source_text=str(meta["source_text"]),
            text=str(meta["text"]),
            embed_text=embed_text,
            doc_hash=str(meta["doc_hash"]),
            ordinal=int(meta["ordinal"]),
            page=page if page >= 0 else None,
            themes=themes,
            role=_role(meta.get("role")),
            practice=meta.get("practice") is True,
        )


_ROLES: frozenset[str] = frozenset(SectionRole.__args__)  # type: ignore[attr-defined]


def _role(value: object) -> SectionRole:
    """A stored role read back (records written before roles existed have none)."""
    text = str(value or "other")
    return text if text in _ROLES else "other"  # type: ignore[return-value]


def theme_key(theme: str) -> str:
    """The boolean metadata key that marks a chunk with ``theme`` (used by filters)."""
    return f"theme__{theme}"


@dataclass(frozen=True)
class Filters:
    """Optional retrieval filters; ``None`` means no restriction."""

    doc: str | None = None
    review: str | None = None
    theme: str | None = None

    def is_empty(self) -> bool:
        return self.doc is None and self.review is None and self.theme is None


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its fused score and rank (1-based)."""

    chunk: Chunk
    score: float
    rank: int
    dense_score: float | None = None
    bm25_score: float | None = None


@dataclass(frozen=True)
class Notice:
    """A message shown with an answer. ``kind`` decides where and how it is shown."""

    kind: Literal["escalation", "privacy", "disclaimer", "fallback", "abstention", "info"]
    text: str


@dataclass(frozen=True)
class CurrencyNotice:
    """A cited passage (or its document) names guidance or a body since replaced
    (``assistant/currency.py``). Shown beside the quote; never changes it."""

    rule: str
    found: str
    outdated: str
    current: str
    since: str
    source: str
    where: Literal["passage", "document"] = "passage"

    @property
    def text(self) -> str:
        """One line for the reader, e.g. "Out of date: 'LSCB' — now ..."."""
        place = "" if self.where == "passage" else " (named elsewhere in this document)"
        return (
            f"Out of date{place}: '{self.found}' — now {self.current} ({self.since}). {self.source}"
        )

    def as_dict(self) -> dict[str, str]:
        return {
            "rule": self.rule,
            "found": self.found,
            "where": self.where,
            "current": self.current,
            "since": self.since,
            "source": self.source,
            "text": self.text,
        }


@dataclass(frozen=True)
class Citation:
    """Marker ``[n]`` -> the learning point it points at, with the exact quote."""

    marker: int
    chunk: Chunk
    quote: str
    score: float
    currency: tuple[CurrencyNotice, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "marker": self.marker,
            "doc": self.chunk.doc_id,
            "doc_title": self.chunk.doc_title,
            "review": self.chunk.review,
            "learning_point": self.chunk.learning_point,
            "section": self.chunk.section,
            "page": self.chunk.page,
            "quote": self.quote,
            "score": round(self.score, 4),
            "currency": [n.as_dict() for n in self.currency],
        }


@dataclass(frozen=True)
class Claim:
    """One answer sentence with the markers it carries and how well its sources support it.

    An answer's claims are what it shows: its text is its claims laid out line by line
    (``line``, and ``bullet`` for a list item), and ``support`` is the score the validator
    computed for the sentence against the passage(s) it cites (``assistant.validate``), for
    extractive and LLM answers alike."""

    text: str
    markers: tuple[int, ...]
    support: float | None = None
    reason: str = ""
    """Why the LLM validator removed it (empty for a kept claim)."""
    line: int = 0
    """The answer line (0-based) the claim is shown on; claims of one line are joined."""
    bullet: bool = False
    """Whether that line is a list item."""

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "markers": list(self.markers), "support": self.support}


@dataclass(frozen=True)
class Answer:
    """The assistant's reply to one question."""

    question: str
    abstained: bool
    text: str
    claims: tuple[Claim, ...] = ()
    citations: tuple[Citation, ...] = ()
    notices: tuple[Notice, ...] = ()
    retrieved: tuple[Passage, ...] = ()
    retrieval_query: str = ""
    backend: str = "extractive"
    evidence_score: float = 0.0
    dropped_claims: tuple[Claim, ...] = field(default=())
    answer_type: AnswerType | None = None
    """``direct``, ``related`` or ``none``; by default ``none`` when ``abstained``, else
    ``direct``. ``abstained`` is always ``answer_type == "none"``."""
    statement: str = ""
    """For ``related`` and ``none``: the plain sentence saying what the reviews do not state
    (shown first; ``text`` holds the related learning, or the abstention text)."""

    def __post_init__(self) -> None:
        if self.answer_type is None:
            object.__setattr__(self, "answer_type", "none" if self.abstained else "direct")
        object.__setattr__(self, "abstained", self.answer_type == "none")

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape printed by ``review-assistant ask --json``."""
        return {
            "question": self.question,
            "abstained": self.abstained,
            "answer_type": self.answer_type,
            "statement": self.statement,
            "answer": self.text,
            "citations": [c.as_dict() for c in self.citations],
            "claims": [c.as_dict() for c in self.claims],
            "notices": [{"kind": n.kind, "text": n.text} for n in self.notices],
            "retrieved": [
                {
                    "rank": p.rank,
                    "doc": p.chunk.doc_id,
                    "review": p.chunk.review,
                    "learning_point": p.chunk.learning_point,
                    "text": p.chunk.text,
                    "score": round(p.score, 6),
                }
                for p in self.retrieved
            ],
            "backend": self.backend,
            "retrieval_query": self.retrieval_query,
        }


@dataclass(frozen=True)
class Turn:
    """One exchange of a conversation (kept for follow-up questions)."""

    question: str
    retrieval_query: str
    answer: Answer | None = None


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one file during an ingest."""

    path: Path
    doc_id: str
    status: Literal["added", "updated", "unchanged", "failed", "removed", "duplicate"]
    reason: str = ""
    reviews: int = 0
    learning_points: int = 0
    note: str = ""
    """A warning about a file that was ingested (e.g. text the parser left out)."""


@dataclass(frozen=True)
class IngestReport:
    """Summary of one ingest run."""

    outcomes: tuple[FileOutcome, ...]

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> tuple[FileOutcome, ...]:
        return tuple(o for o in self.outcomes if o.status == "failed")

    @property
    def ok(self) -> bool:
        return not self.failed


def doc_id_for(path: Path) -> str:
    """A document's id is its file stem."""
    return path.stem
