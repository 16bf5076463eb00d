"""Relevance judgements and the evaluation metrics (pure functions, no index needed).

Relevance follows ``evals/README-questions.md``: a ranked passage is relevant to a question
when its document id equals one of the question's ``relevant`` entries' ``doc`` and its
normalised text contains that entry's normalised ``contains``. Normalisation is NFKC,
lower-casing, straightening curly quotes and collapsing whitespace.

Ranking metrics go through ``ranx``. Relevance is binary and judged per retrieved passage, so
the qrels of a question are *the ids of the retrieved passages that match its evidence*
(plus a placeholder id when none does, so the question still counts, as a miss).
"""

from __future__ import annotations

import math
import re
import unicodedata
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

CHAR_BUDGET = 1500
"""Characters of ranked text a reader is assumed to look at (``recall@1500c``)."""

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
_SPACE = re.compile(r"\s+")
_MISSING_GOLD = "__relevant_not_retrieved__"
_EMPTY_RUN = "__nothing_retrieved__"


def normalise(text: str) -> str:
    """NFKC, lower case, straight quotes, single spaces, stripped."""
    text = unicodedata.normalize("NFKC", text).lower().translate(_QUOTES)
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class Evidence:
    """One ``relevant`` entry of a question: a document id and a span it must contain."""

    doc: str
    contains: str

    @property
    def span(self) -> str:
        return normalise(self.contains)


def is_relevant(doc: str, texts: Iterable[str], evidence: Sequence[Evidence]) -> bool:
    """Whether a passage of document ``doc`` whose wording is any of ``texts`` (the cleaned
    learning point and, for robustness, its source text) contains any of ``evidence``."""
    spans = [e.span for e in evidence if e.doc == doc and e.span]
    if not spans:
        return False
    normalised = [normalise(t) for t in texts if t]
    return any(span in text for span in spans for text in normalised)


def _folded(text: str) -> str:
    """:func:`normalise` with accents dropped: a label the parser takes from capitals
    ("A PRECIS OF 9 …" -> "Precis of 9 …") still matches the gold "précis"."""
    decomposed = unicodedata.normalize("NFKD", normalise(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def review_matches(review: str, review_any: Sequence[str]) -> bool:
    """Whether a review label contains one of ``review_any`` (case and accents aside)."""
    label = _folded(review)
    return any(_folded(want) in label for want in review_any if want.strip())


def cited_sentences(claims: Iterable[Sequence[int]], markers: Iterable[int]) -> tuple[int, int]:
    """(sentences, sentences carrying a marker that resolves to a citation) of an answer.

    ``claims`` holds each answer sentence's markers: for the assistant its ``Answer.claims``
    (what the answer shows and its validator checked), never a re-reading of its text; a
    sentence counts when one of its ``[n]`` markers is a known citation.
    """
    known = set(markers)
    sentences = [tuple(c) for c in claims]
    cited = sum(1 for s in sentences if any(m in known for m in s))
    return len(sentences), cited


# -- per-question outcomes ---------------------------------------------------------------


@dataclass(frozen=True)
class RankedJudgement:
    """One ranked passage as the metrics see it."""

    pid: str
    relevant: bool
    chars: int


@dataclass(frozen=True)
class QuestionOutcome:
    """Everything the metrics need about one question under one configuration.

    ``first_citation_relevant`` / ``first_citation_review_ok`` are ``None`` when the answer
    has no citation.
    """

    qid: str
    answerable: bool
    ranked: Sequence[RankedJudgement]
    abstained: bool
    answer_type: str = ""
    """``direct`` / ``related`` / ``none`` (empty: derived from ``abstained``)."""
    expected_type: str = ""
    """``direct`` / ``related`` / ``none`` (empty: derived from ``answerable``)."""
    first_citation_relevant: bool | None = None
    first_citation_review_ok: bool | None = None
    sentences: int = 0
    cited_sentences: int = 0
    latency_ms: float = 0.0
    extra: Mapping[str, object] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return self.answer_type or ("none" if self.abstained else "direct")

    @property
    def expected(self) -> str:
        return self.expected_type or ("direct" if self.answerable else "none")

    @property
    def first_hit(self) -> int | None:
        """The rank (1-based) of the first relevant passage, or ``None``."""
        return next((i for i, r in enumerate(self.ranked, start=1) if r.relevant), None)


def hit_within_chars(ranked: Sequence[RankedJudgement], budget: int = CHAR_BUDGET) -> bool:
    """Whether a relevant passage *starts* within the first ``budget`` characters of the
    ranked text (passages laid end to end in rank order, measured by ``len(text)``)."""
    offset = 0
    for item in ranked:
        if offset >= budget:
            return False
        if item.relevant:
            return True
        offset += item.chars
    return False


def ranking_metrics(
    ranked: Mapping[str, Sequence[RankedJudgement]], cutoffs: Sequence[int], depth: int
) -> dict[str, float]:
    """Recall@c for each cutoff, MRR@depth and nDCG@depth, averaged over ``ranked``'s questions.

    Recall@k here is *success@k* (ranx ``hit_rate@k``): a question counts as recalled at k
    when ANY relevant passage is in its top k. The qrels are built from the retrieved passages
    that match the gold evidence, so ranx's own ``recall@k`` (share of the qrels found) would
    be 1.0 at full depth whenever anything matched, and is not what we want. For the same
    reason nDCG's ideal ranking is "the relevant passages that were retrieved, first": it
    measures how early the relevant passages come, not how many of them exist in the index.
    """
    if not ranked:
        return {**{f"recall@{c}": 0.0 for c in cutoffs}, f"mrr@{depth}": 0.0, f"ndcg@{depth}": 0.0}
    from ranx import Qrels, Run, evaluate

    qrels: dict[str, dict[str, int]] = {}
    run: dict[str, dict[str, float]] = {}
    for qid, items in ranked.items():
        items = list(items)[:depth]
        hits = {item.pid: 1 for item in items if item.relevant}
        qrels[qid] = hits or {_MISSING_GOLD: 1}
        # Scores from ranks, so ranx keeps our order exactly (ties in raw scores would not).
        run[qid] = {item.pid: float(len(items) - i) for i, item in enumerate(items)} or {
            _EMPTY_RUN: 0.0
        }
    names = [f"hit_rate@{c}" for c in cutoffs] + [f"mrr@{depth}", f"ndcg@{depth}"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # numba's "unsafe cast" type-safety warnings
        scores = evaluate(Qrels(qrels), Run(run), names, make_comparable=True)
    if isinstance(scores, float | int):  # a single metric comes back as a bare number
        scores = {names[0]: scores}
    result = {f"recall@{c}": float(scores[f"hit_rate@{c}"]) for c in cutoffs}
    result[f"mrr@{depth}"] = float(scores[f"mrr@{depth}"])
    result[f"ndcg@{depth}"] = float(scores[f"ndcg@{depth}"])
    return result


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0..100) with linear interpolation (numpy's default)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _share(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def summarise(
    outcomes: Sequence[QuestionOutcome], cutoffs: Sequence[int] = (5, 10), depth: int = 10
) -> dict[str, float | int]:
    """All metrics of one configuration over ``outcomes``.

    * ranking metrics and ``recall@1500c``: answerable questions only;
    * ``answered_answerable``: share of answerable questions NOT abstained;
      ``abstained_unanswerable``: share of unanswerable questions expected to get no answer
      (``expect`` "none", the default) that abstained;
    * answer types: ``answerable_direct`` share of answerable questions answered ``direct``;
      ``near_topic_not_direct`` share of near-topic questions (``expect`` "related") NOT
      answered ``direct``; ``unanswerable_not_direct`` the same over every unanswerable one;
      ``false_abstentions``: answerable questions abstained (a count);
    * ``citation_accuracy`` / ``review_attribution``: over answerable, non-abstained questions,
      the first citation's passage contains gold evidence / its review label contains one of
      ``review_any`` (no citation counts as wrong);
    * ``cited_sentence_share``: over all non-abstained answers, answer sentences carrying a
      resolving citation marker / all answer sentences;
    * ``latency_p50_ms`` / ``latency_p95_ms``: per question, retrieval + answer.
    """
    answerable = [o for o in outcomes if o.answerable]
    unanswerable = [o for o in outcomes if not o.answerable]
    out_of_scope = [o for o in unanswerable if o.expected == "none"]
    near_topic = [o for o in unanswerable if o.expected == "related"]
    answered = [o for o in answerable if not o.abstained]
    non_abstained = [o for o in outcomes if not o.abstained]
    metrics: dict[str, float | int] = {}
    metrics.update(ranking_metrics({o.qid: o.ranked for o in answerable}, cutoffs, depth))
    metrics[f"recall@{CHAR_BUDGET}c"] = _share(
        sum(1 for o in answerable if hit_within_chars(o.ranked)), len(answerable)
    )
    metrics["answered_answerable"] = _share(len(answered), len(answerable))
    metrics["abstained_unanswerable"] = _share(
        sum(1 for o in out_of_scope if o.abstained), len(out_of_scope)
    )
    metrics["answerable_direct"] = _share(
        sum(1 for o in answerable if o.kind == "direct"), len(answerable)
    )
    metrics["near_topic_not_direct"] = _share(
        sum(1 for o in near_topic if o.kind != "direct"), len(near_topic)
    )
    metrics["unanswerable_not_direct"] = _share(
        sum(1 for o in unanswerable if o.kind != "direct"), len(unanswerable)
    )
    metrics["false_abstentions"] = len(answerable) - len(answered)
    metrics["citation_accuracy"] = _share(
        sum(1 for o in answered if o.first_citation_relevant), len(answered)
    )
    metrics["review_attribution"] = _share(
        sum(1 for o in answered if o.first_citation_review_ok), len(answered)
    )
    metrics["cited_sentence_share"] = _share(
        sum(o.cited_sentences for o in non_abstained), sum(o.sentences for o in non_abstained)
    )
    latencies = [o.latency_ms for o in outcomes]
    metrics["latency_p50_ms"] = round(percentile(latencies, 50), 1)
    metrics["latency_p95_ms"] = round(percentile(latencies, 95), 1)
    metrics["questions"] = len(outcomes)
    metrics["answerable"] = len(answerable)
    metrics["unanswerable"] = len(unanswerable)
    metrics["near_topic"] = len(near_topic)
    return metrics
