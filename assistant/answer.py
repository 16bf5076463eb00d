"""Answer stage (default, fully offline): an extractive answer built from learning points.

Each point is the learning point's own wording (the most relevant sentences when it is long),
introduced by its review and learning-point label and carrying its citation marker on every
sentence. Near-duplicate points share one line with both markers. When the evidence is weak
the assistant abstains and says what it searched.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.evidence import evidence
from assistant.fusion import get_fusion
from assistant.lexicon import (
    LEARNING_ROLES,
    asks_for_guidance,
    asks_for_learning,
    chunk_role,
    expand_query,
    side_passage,
)
from assistant.scope import ScopeDecision
from assistant.validate import Reference, claim_support
from core.config import Settings
from core.models import Answer, Citation, Claim, Filters, Notice, Passage
from core.text import content_terms, split_sentences

ABSTAIN_TEXT = "The review learning in this library does not cover this."
LOCAL_ADVICE = "Please check your local procedures or ask your safeguarding lead."
BACKGROUND_TAG = "case background, not learning"
_MAX_POINT_CHARS = 450


_STRAY_BULLET = re.compile(r"(?m)^[ \t]*(?:[B-HJ-Z]|[•·▪■□➢➤✓✔o])[ \t]+(?=[A-Z][a-z])")
_SPACE_BEFORE = re.compile(r"[ \t]+(?=[.,;:!?](?:\s|$))")
_DOUBLE_SPACE = re.compile(r"[ \t]{2,}")


def display_text(text: str) -> str:
    """Source artefacts removed for display: a stray bullet letter at a line's start (Family
    T's "X Practitioners …"), doubled spaces, a space before a full stop or comma. The stored
    quote (``Chunk.text``) stays exact; only what the answer shows is tidied."""
    text = _STRAY_BULLET.sub("", text)
    text = _SPACE_BEFORE.sub("", text)
    return _DOUBLE_SPACE.sub(" ", text)


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


def select_points(passages: Sequence[Passage], limit: int, relative: float) -> list[list[Passage]]:
    """Choose up to ``limit`` points; near-duplicates join the point they repeat.

    After the best passage, a passage is used only when its fused score is at least
    ``relative`` × the best one's (the fusion method's ``relative_score``, see
    :mod:`assistant.fusion`): weaker matches are listed as retrieved, not claimed.
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


def learning_first(question: str, passages: Sequence[Passage]) -> list[Passage]:
    """For "what should I do / what is the learning" questions, passages from learning,
    recommendation, good-practice and practice-point sections first (each group in rank
    order); other questions keep the ranked order, except that a learning point leads a side
    passage of its own review (:func:`_learning_leads`)."""
    if not asks_for_learning(question):
        return _learning_leads(question, list(passages))
    learning = [p for p in passages if chunk_role(p.chunk) in LEARNING_ROLES]
    return learning + [p for p in passages if chunk_role(p.chunk) not in LEARNING_ROLES]


def _learning_leads(question: str, passages: list[Passage]) -> list[Passage]:
    """When the best passage is a reflective question the question echoes, or the case story
    a what-to-do question retells (:func:`~assistant.lexicon.side_passage`), the best learning
    point retrieved from the same review leads instead: the side passage found the review,
    the learning point answers. Without one the ranked order is kept."""
    if not passages or not side_passage(question)(passages[0].chunk):
        return passages
    top = passages[0].chunk
    if chunk_role(top) == "summary" and not asks_for_guidance(question):
        # "has a review dealt with this?": the case itself may be the answer; "what did the
        # Child V review say about that?" asks what its learning says
        return passages
    lead = next(
        (
            p
            for p in passages[1:]
            if (p.chunk.doc_id, p.chunk.review) == (top.doc_id, top.review)
            and chunk_role(p.chunk) in LEARNING_ROLES
        ),
        None,
    )
    if lead is None:
        return passages
    return [lead, *(p for p in passages if p is not lead)]


def extractive_answer(
    question: str,
    retrieval_query: str,
    passages: Sequence[Passage],
    settings: Settings,
    notices: Sequence[Notice] = (),
    filters: Filters | None = None,
    decision: ScopeDecision | None = None,
) -> Answer:
    """Build the extractive answer (``direct``, ``related`` or ``none``) from ranked passages.

    ``decision`` is the scope check (:mod:`assistant.scope`); without one, the evidence score
    of the passages alone decides between ``direct`` and ``none``. A ``related`` answer carries
    the decision's plain statement of what the reviews do not state; a cited case-background
    passage is labelled as background.
    """
    if decision is None:
        score = evidence(retrieval_query, passages)
        decision = ScopeDecision(
            bool(passages) and score >= settings.evidence_threshold,
            score,
            "the closest learning points are only loosely related to the question",
        )
    if decision.answer_type == "none":
        return abstention(
            question,
            retrieval_query,
            passages,
            settings,
            notices,
            filters,
            decision.evidence,
            decision.reason,
            decision.statement,
        )
    ordered = learning_first(question, passages)
    if ordered and ordered[0] is not passages[0]:
        # The best learning passage leads; the score floor still comes from the best passage.
        best = max(p.score for p in passages)
        ordered = [_with_score(ordered[0], best), *ordered[1:]]
    relative = get_fusion(settings.fusion).relative_score
    points = select_points(ordered, settings.max_answer_points, relative)
    # Grouped by review (reviews in the order of their best point), best point first.
    first_seen = {pt[0].chunk.review: i for i, pt in reversed(list(enumerate(points)))}
    points.sort(key=lambda pt: first_seen[pt[0].chunk.review])
    by_id = {p.chunk.chunk_id: p for p in passages}
    citations: list[Citation] = []
    claims: list[Claim] = []
    lines: list[str] = []
    for point in points:
        markers: list[int] = []
        for passage in point:
            original = by_id.get(passage.chunk.chunk_id, passage)
            citations.append(
                Citation(len(citations) + 1, passage.chunk, passage.chunk.text, original.score)
            )
            markers.append(len(citations))
        lead = point[0].chunk
        shown = display_text(lead.text)
        sentences = [
            s for piece in condense(retrieval_query, shown) for s in split_sentences(piece)
        ]
        tag = f" ({BACKGROUND_TAG})" if chunk_role(lead) == "summary" else ""
        cited = [_with_marker(s, markers) for s in sentences]
        if cited:  # the line's lead-in (review and label) is part of its first claim
            cited[0] = f"{lead.review} — {lead.learning_point}{tag}: {cited[0]}"
        # Scored as the validator scores an LLM's sentence against the passages it cites.
        references = [Reference.of(p) for p in point]
        claims.extend(
            Claim(c, tuple(markers), claim_support(c, references), line=len(lines), bullet=True)
            for c in cited
        )
        lines.append("- " + " ".join(cited))
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
        evidence_score=decision.evidence,
        answer_type=decision.answer_type,
        statement=decision.statement if decision.answer_type == "related" else "",
    )


def _with_score(passage: Passage, score: float) -> Passage:
    return Passage(passage.chunk, score, passage.rank, passage.dense_score, passage.bm25_score)


def abstention(
    question: str,
    retrieval_query: str,
    passages: Sequence[Passage],
    settings: Settings,
    notices: Sequence[Notice],
    filters: Filters | None,
    evidence: float,
    reason: str = "",
    statement: str = "",
) -> Answer:
    """The plain "not covered" answer (``answer_type`` ``none``): the plain statement first
    (``text``), then a notice with the local-procedures advice, what was searched and the
    nearest points marked as not an answer."""
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
        f"{LOCAL_ADVICE} Searched {scope} in the review library for: “{retrieval_query}”{why}."
    )
    nearest = [f"{p.chunk.review} — {p.chunk.learning_point}" for p in passages[:3]]
    if nearest:
        searched += (
            " Nearest learning points (not an answer to your question): " + "; ".join(nearest) + "."
        )
    plain = statement or ABSTAIN_TEXT
    return Answer(
        question=question,
        abstained=True,
        text=plain,
        notices=(*notices, Notice("abstention", searched)),
        retrieved=tuple(passages),
        retrieval_query=retrieval_query,
        backend="extractive",
        evidence_score=evidence,
        answer_type="none",
        statement=plain,
    )
