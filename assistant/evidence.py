"""The one evidence formula: how strongly retrieved passages answer a question.

Every place that needs the strength of the evidence (the scope decision between ``direct``,
``related`` and ``none``, the extractive answer without a scope decision, the LLM answer's
``evidence_score``) calls :func:`evidence`, so the number an answer carries is the number its
answer type was decided on.

The score is the best dense (cosine) similarity among the top passages, less the share of
the question's specific words that the library never uses. The dense similarity is on one
scale for every fusion method (fused scores are not: min-max, reciprocal-rank and weighted
fusion spread differently), and the unknown-word share pulls down a question about something
the reviews never mention even when its general vocabulary ("what should a social worker
do …") is on-topic. It is compared with the embedding model's calibrated threshold
(``Settings.evidence_threshold``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from core.models import Passage

TOP_PASSAGES = 5
"""How many of the top-ranked passages the best dense similarity is taken from."""


class Coverage(Protocol):
    """What the formula needs to know about the library (:class:`assistant.scope.Scope`)."""

    def unknown_share(self, question: str) -> float:
        """Share (0-1) of the question's specific words that the library never uses."""
        ...


def evidence(question: str, passages: Sequence[Passage], coverage: Coverage | None = None) -> float:
    """The evidence that ``passages`` (ranked, best first) answer ``question``.

    ``max(dense similarity of the top passages) - unknown-word share``, rounded to four
    places; 0.0 with no passages. Without the library's ``coverage`` no word counts as
    unknown (the dense similarity alone).
    """
    if not passages:
        return 0.0
    dense = max((p.dense_score or 0.0) for p in passages[:TOP_PASSAGES])
    unknown = coverage.unknown_share(question) if coverage is not None else 0.0
    return round(dense - unknown, 4)
