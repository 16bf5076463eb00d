"""Frozen dataclasses passed between pipeline stages.

load -> :class:`LoadedDocument`; structure -> :class:`Block`; chunk -> :class:`Chunk`;
retrieve -> :class:`Passage`; answer/cite -> :class:`Answer` with :class:`Citation`\\ s.
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
    doc_type: str = "learning brief"
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
    kind: Literal["item", "paragraph", "table_row", "group"]
    start: int
    end: int
    text: str


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
        )


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
class Citation:
    """Marker ``[n]`` -> the learning point it points at, with the exact quote."""

    marker: int
    chunk: Chunk
    quote: str
    score: float

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
        }


@dataclass(frozen=True)
class Claim:
    """One answer sentence with the markers it carries and how well its sources support it."""

    text: str
    markers: tuple[int, ...]
    support: float | None = None


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

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape printed by ``review-assistant ask --json``."""
        return {
            "question": self.question,
            "abstained": self.abstained,
            "answer": self.text,
            "citations": [c.as_dict() for c in self.citations],
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
