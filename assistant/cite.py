"""Cite stage: markers ``[n]`` -> citations, claim splitting and support scores.

Support is how much of a claim's content is found in the passage it cites: the share of the
claim's stemmed content words that occur in the passage, blended with the embedding
similarity when an embedder is given. The trainer view and the LLM validator both use it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache

from core.models import Citation, Claim, Passage
from core.protocols import Embedder

MARKER_RE = re.compile(r"\[(\d{1,3})\]")
_WORD_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_SENTENCE_RE = re.compile(r"(?<=[.!?])(?:\s*\[\d{1,3}\])*\s+(?=[\"“(]?[A-Z0-9*-])")
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "there",
        "their",
        "they",
        "them",
        "he",
        "she",
        "his",
        "her",
        "we",
        "our",
        "you",
        "your",
        "i",
        "me",
        "my",
        "not",
        "no",
        "so",
        "if",
        "then",
        "than",
        "too",
        "very",
        "can",
        "could",
        "should",
        "would",
        "may",
        "might",
        "must",
        "will",
        "shall",
        "do",
        "does",
        "did",
        "done",
        "have",
        "has",
        "had",
        "into",
        "about",
        "over",
        "under",
        "also",
        "such",
        "any",
        "all",
        "each",
        "other",
        "some",
        "more",
        "most",
        "which",
        "who",
        "whom",
        "whose",
        "what",
        "when",
        "where",
        "why",
        "how",
        "own",
        "same",
        "only",
        "just",
        "both",
        "either",
    ]
)


@lru_cache(maxsize=1)
def _stemmer() -> object:
    import Stemmer

    return Stemmer.Stemmer("english")


def content_terms(text: str) -> list[str]:
    """Stemmed content words of ``text`` (stopwords and markers removed)."""
    return list(_content_terms(text))


@lru_cache(maxsize=4096)
def _content_terms(text: str) -> tuple[str, ...]:
    # Cached: an answer compares the same passages' terms many times (near-duplicate points,
    # scope checks), and the same learning points come back question after question.
    words = [w for w in _WORD_RE.findall(MARKER_RE.sub(" ", text.lower())) if w not in STOPWORDS]
    stem = _stemmer().stemWords  # type: ignore[attr-defined]
    return tuple(w for w in stem(words) if len(w) > 1)


def lexical_support(claim: str, passage: str) -> float:
    """Share of the claim's content terms found in the passage (0..1)."""
    terms = content_terms(claim)
    if not terms:
        return 0.0
    available = set(content_terms(passage))
    return sum(1 for t in terms if t in available) / len(terms)


def _cosine(a: Sequence[float], b: Sequence[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=False))
    na = math.sqrt(sum(x * x for x in a))
    nb = math.sqrt(sum(y * y for y in b))
    return dot / (na * nb) if na and nb else 0.0


def support_score(claim: str, passage: str, embedder: Embedder | None = None) -> float:
    """How well ``passage`` supports ``claim`` (0..1): lexical, blended with embeddings."""
    lexical = lexical_support(claim, passage)
    if embedder is None:
        return lexical
    vectors = embedder.embed_documents([MARKER_RE.sub("", claim), passage])
    return 0.5 * lexical + 0.5 * max(0.0, _cosine(vectors[0], vectors[1]))


def split_claims(text: str) -> list[str]:
    """Split answer text into sentences (list bullets and lines are separate claims)."""
    claims: list[str] = []
    for line in text.splitlines():
        line = re.sub(r"^\s*(?:[-*•]|\d+[.)])\s+", "", line).strip()
        if not line:
            continue
        claims.extend(part.strip() for part in _SENTENCE_RE.split(line) if part.strip())
    return claims


def markers_in(text: str) -> tuple[int, ...]:
    """The citation markers in ``text``, in order of appearance, without repeats."""
    seen: list[int] = []
    for match in MARKER_RE.finditer(text):
        number = int(match.group(1))
        if number not in seen:
            seen.append(number)
    return tuple(seen)


def citations_for(passages: Sequence[Passage]) -> tuple[Citation, ...]:
    """Citations numbered 1..n in the order of ``passages``."""
    return tuple(
        Citation(marker=i, chunk=p.chunk, quote=p.chunk.text, score=p.score)
        for i, p in enumerate(passages, start=1)
    )


def check_claims(
    claims: Sequence[str],
    citations: Sequence[Citation],
    threshold: float,
    embedder: Embedder | None = None,
) -> tuple[list[Claim], list[Claim]]:
    """Keep claims whose every marker exists and whose cited passages support them.

    Returns (kept, dropped). A claim with no marker, a marker that matches no citation, or a
    support score below ``threshold`` is dropped.
    """
    by_marker = {c.marker: c for c in citations}
    kept: list[Claim] = []
    dropped: list[Claim] = []
    for text in claims:
        markers = markers_in(text)
        if not markers or any(m not in by_marker for m in markers):
            dropped.append(Claim(text, markers, None))
            continue
        support = max(support_score(text, by_marker[m].quote, embedder) for m in markers)
        claim = Claim(text, markers, round(support, 3))
        (kept if support >= threshold else dropped).append(claim)
    return kept, dropped
