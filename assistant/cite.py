"""Cite stage: markers ``[n]`` -> citations, claim splitting and support scores.

Support is how much of a claim's content is found in the passage it cites: the share of the
claim's stemmed content words that occur in the passage, blended with the embedding
similarity when an embedder is given. The trainer view and the LLM validator both use it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from core.protocols import Embedder
from core.text import LIST_PREFIX_RE, MARKER_RE, content_terms, split_sentences


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
    return [
        sentence
        for line in text.splitlines()
        for sentence in split_sentences(LIST_PREFIX_RE.sub("", line))
    ]


def markers_in(text: str) -> tuple[int, ...]:
    """The citation markers in ``text``, in order of appearance, without repeats."""
    seen: list[int] = []
    for match in MARKER_RE.finditer(text):
        number = int(match.group(1))
        if number not in seen:
            seen.append(number)
    return tuple(seen)
