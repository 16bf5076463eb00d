"""Answer stage (default, fully offline): an extractive answer built from learning points.

Each point is the learning point's own wording (the most relevant sentences when it is long),
introduced by its review and learning-point label and carrying its citation marker on every
sentence. Near-duplicate points share one line with both markers. When the evidence is weak
the assistant abstains and says what it searched.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.cite import content_terms, lexical_support
from assistant.config import Settings
from assistant.lexicon import expand_query
from assistant.models import Answer, Citation, Claim, Filters, Notice, Passage
from assistant.scope import ScopeDecision
from ingest.chunk import split_sentences

ABSTAIN_TEXT = "The review learning in this library does not cover this."
_MAX_POINT_CHARS = 450
RELATIVE_SCORE: dict[str, float] = {"minmax": 0.55, "rrf": 0.7, "weighted": 0.7}
"""After the best passage, a passage is claimed only when its fused score is at least this
share of the best one's (per fusion: min-max scores spread wider than reciprocal-rank ones;
0.55 claims about as many points as 0.7 did under rrf, ~3 per answer on the dev set)."""


def evidence_score(query: str, passages: Sequence[Passage]) -> float:
    """How strongly the retrieved passages answer ``query`` (0..1).

    The best dense similarity among the top passages, blended with how many of the query's
    content terms the best lexical match contains (so a question about a topic the corpus
    never mentions scores low even when its general vocabulary is on-topic).
    """
    if not passages:
        return 0.0
    top = passages[:5]
    dense = max((p.dense_score or 0.0) for p in top)
    coverage = max(lexical_support(query, p.chunk.embed_text) for p in top)
    return round(0.6 * dense + 0.4 * coverage, 4)


def _flatten(text: str) -> str:
    """One line from a learning point's lines: a short title gets a colon, list items and
    unpunctuated lines are separated by semicolons."""
    lines = [ln.strip().lstrip("• ").strip() for ln in text.split("\n") if ln.strip()]
    if not lines:
        return ""
    out = lines[0]
    for index, line in enumerate(lines[1:], start=1):
        previous = lines[index - 1]
        if previous.endswith((".", "!", "?", ",", ";", ":")):
            out += " " + line
        elif index == 1 and len(previous.split()) <= 6 and not text.lstrip().startswith("•"):
            out += ": " + line  # a titled point ("Absent men: Gather as much ...")
        else:
            out += "; " + line
    return out


def _sentences(text: str) -> list[str]:
    """Sentences for citation markers (split at . ! ? only, so list items stay together)."""
    return [p.strip() for p in re.split(r"(?<=[.!?])\s+(?=[A-Z“\"'(])", text) if p.strip()]


def condense(question: str, text: str, limit: int = _MAX_POINT_CHARS) -> list[str]:
    """The passage's sentences most relevant to ``question`` (all of it when short)."""
    flat = _flatten(text)
    if len(flat) <= limit:
        return [flat]
    sentences = [_flatten(s) for s in split_sentences(text)]
    query_terms = set(content_terms(expand_query(question)))
    scored = sorted(
        range(len(sentences)),
        key=lambda i: (-len(query_terms & set(content_terms(sentences[i]))), i),
    )
    chosen: list[int] = []
    used = 0
    for i in scored:
        if chosen and used + len(sentences[i]) > limit:
            continue
        chosen.append(i)
        used += len(sentences[i])
        if used >= limit * 0.6:
            break
    return [sentences[i] for i in sorted(chosen)]


def _with_marker(sentence: str, markers: Sequence[int]) -> str:
    tags = "".join(f"[{m}]" for m in markers)
    match = re.search(r"[.!?;:,]+[\"”’)]*$", sentence)
    if match:
        return f"{sentence[: match.start()].rstrip()} {tags}{sentence[match.start() :]}".replace(
            ";.", "."
        )
    return f"{sentence} {tags}."


def _similar(a: str, b: str) -> bool:
    ta, tb = set(content_terms(a)), set(content_terms(b))
    if not ta or not tb:
        return False
    return len(ta & tb) / min(len(ta), len(tb)) >= 0.8


def select_points(
    passages: Sequence[Passage], limit: int, relative: float = RELATIVE_SCORE["minmax"]
) -> list[list[Passage]]:
    """Choose up to ``limit`` points; near-duplicates join the point they repeat.

    After the best passage, a passage is used only when its fused score is at least
    ``relative`` × the best one's: weaker matches are listed as retrieved, not claimed.
    """
    if not passages:
        return []
    floor = passages[0].score * relative
    points: list[list[Passage]] = []
    for passage in passages:
        if len(points) >= limit:
            break
        if passage.rank > 1 and passage.score < floor:
            continue
        if passage.chunk.section in ("Further reading",) and passage.rank > 1:
            continue
        twin = next((pt for pt in points if _similar(pt[0].chunk.text, passage.chunk.text)), None)
        if twin is not None:
            twin.append(passage)
        else:
            points.append([passage])
    return points


def extractive_answer(
    question: str,
    retrieval_query: str,
    passages: Sequence[Passage],
    settings: Settings,
    notices: Sequence[Notice] = (),
    filters: Filters | None = None,
    decision: ScopeDecision | None = None,
) -> Answer:
    """Build the extractive answer (or an abstention) from ranked passages.

    ``decision`` is the scope check (:mod:`assistant.scope`); without one, the evidence score
    of the passages alone decides.
    """
    if decision is None:
        evidence = evidence_score(retrieval_query, passages)
        decision = ScopeDecision(
            bool(passages) and evidence >= settings.evidence_threshold,
            evidence,
            "the closest learning points are only loosely related to the question",
        )
    evidence = decision.evidence
    if not decision.in_scope:
        return abstention(
            question,
            retrieval_query,
            passages,
            settings,
            notices,
            filters,
            evidence,
            decision.reason,
        )
    points = select_points(passages, settings.max_answer_points, RELATIVE_SCORE[settings.fusion])
    # Grouped by review (reviews in the order of their best point), best point first.
    first_seen = {pt[0].chunk.review: i for i, pt in reversed(list(enumerate(points)))}
    points.sort(key=lambda pt: first_seen[pt[0].chunk.review])
    citations: list[Citation] = []
    claims: list[Claim] = []
    lines: list[str] = []
    for point in points:
        markers: list[int] = []
        for passage in point:
            citations.append(
                Citation(len(citations) + 1, passage.chunk, passage.chunk.text, passage.score)
            )
            markers.append(len(citations))
        lead = point[0].chunk
        sentences = [s for piece in condense(retrieval_query, lead.text) for s in _sentences(piece)]
        cited = [_with_marker(s, markers) for s in sentences]
        line = f"{lead.review} — {lead.learning_point}: " + " ".join(cited)
        lines.append(f"- {line}")
        claims.extend(Claim(c, tuple(markers), 1.0) for c in cited)
    reviews = sorted(
        {p[0].chunk.review for p in points},
        key=lambda r: [p[0].chunk.review for p in points].index(r),
    )
    if len(reviews) > 1:
        notices = (
            *notices,
            Notice(
                "info", f"Learning drawn from {len(reviews)} reviews: " + "; ".join(reviews) + "."
            ),
        )
    return Answer(
        question=question,
        abstained=False,
        text="\n".join(lines),
        claims=tuple(claims),
        citations=tuple(citations),
        notices=tuple(notices),
        retrieved=tuple(passages),
        retrieval_query=retrieval_query,
        backend="extractive",
        evidence_score=evidence,
    )


def abstention(
    question: str,
    retrieval_query: str,
    passages: Sequence[Passage],
    settings: Settings,
    notices: Sequence[Notice],
    filters: Filters | None,
    evidence: float,
    reason: str = "",
) -> Answer:
    """The plain "not covered" answer, saying what was searched and the nearest points."""
    scope = "all documents"
    if filters is not None and not filters.is_empty():
        parts = [
            f"{name} '{value}'"
            for name, value in (
                ("document", filters.doc),
                ("review", filters.review),
                ("theme", filters.theme),
            )
            if value
        ]
        scope = "only " + ", ".join(parts)
    why = f" ({reason})" if reason else ""
    searched = (
        f"Searched {scope} in the review library for: “{retrieval_query}”{why}. "
        "Please check your local procedures or ask your safeguarding lead."
    )
    nearest = [f"{p.chunk.review} — {p.chunk.learning_point}" for p in passages[:3]]
    if nearest:
        searched += (
            " Nearest learning points (not an answer to your question): " + "; ".join(nearest) + "."
        )
    return Answer(
        question=question,
        abstained=True,
        text=ABSTAIN_TEXT,
        notices=(*notices, Notice("abstention", searched)),
        retrieved=tuple(passages),
        retrieval_query=retrieval_query,
        backend="extractive",
        evidence_score=evidence,
    )
