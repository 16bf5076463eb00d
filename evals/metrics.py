"""Relevance judgements and the evaluation metrics (pure functions, no index needed).

Relevance follows ``evals/README-questions.md``: a ranked passage is relevant to a question
when its document id equals one of the question's ``relevant`` entries' ``doc`` and its
normalised text contains that entry's normalised ``contains``. Normalisation is the toolkit's
:func:`core.text.fold` (NFKC, accents dropped, case folded, straight quotes and dashes) with
all whitespace, line breaks too, collapsed to single spaces.

Ranking metrics go through ``ranx``. Relevance is binary and judged per retrieved passage, so
the qrels of a question are *the ids of the retrieved passages that match its evidence*
(plus a placeholder id when none does, so the question still counts, as a miss).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from core.text import fold

CHAR_BUDGET = 1500
"""Characters of ranked text a reader is assumed to look at (``recall@1500c``)."""

_MISSING_GOLD = "__relevant_not_retrieved__"
_EMPTY_RUN = "__nothing_retrieved__"


def normalise(text: str) -> str:
    """:func:`core.text.fold` on one line: the question format's normalisation (a ``contains``
    span may cross a line break of the learning point)."""
    return " ".join(fold(text).split())


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


def review_matches(review: str, review_any: Sequence[str]) -> bool:
    """Whether a review label contains one of ``review_any`` (case and accents aside: a label
    the parser takes from capitals, "A PRECIS OF 9 …" -> "Precis of 9 …", matches "précis")."""
    label = normalise(review)
    return any(normalise(want) in label for want in review_any if want.strip())


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


# -- the metrics, declared once -------------------------------------------------------------


class Population:
    """The outcomes of one configuration, split the ways the metrics count them."""

    def __init__(
        self, outcomes: Sequence[QuestionOutcome], cutoffs: Sequence[int], depth: int
    ) -> None:
        self.outcomes = list(outcomes)
        self.cutoffs = tuple(cutoffs)
        self.depth = depth
        self.answerable = [o for o in outcomes if o.answerable]
        self.unanswerable = [o for o in outcomes if not o.answerable]
        self.out_of_scope = [o for o in self.unanswerable if o.expected == "none"]
        self.near_topic = [o for o in self.unanswerable if o.expected == "related"]
        self.answered = [o for o in self.answerable if not o.abstained]
        self.non_abstained = [o for o in outcomes if not o.abstained]
        self._ranking: dict[str, float] | None = None

    def ranking(self, key: str) -> float:
        """A ranking metric (ranx, computed once for all of them) over answerable questions."""
        if self._ranking is None:
            self._ranking = ranking_metrics(
                {o.qid: o.ranked for o in self.answerable}, self.cutoffs, self.depth
            )
        return self._ranking[key]


Direction = Literal["higher", "lower"]


@dataclass(frozen=True)
class Metric:
    """One evaluation metric: its results key, table label, which way is better, whether
    ``evals/floors.json`` gates it (``floor``), and how it is computed.

    A ``key`` with ``{n}`` is one metric per ranking cutoff (``recall@{n}``: recall@5,
    recall@10) and one with ``{depth}`` is measured at the ranking depth (``mrr@{depth}``);
    ``compute`` then gets the key filled in. ``unit`` formats the table cell: ``share``
    (0.912), ``count`` (3) or ``ms`` (1,234). ``shown=False`` keeps a count out of the
    table (it goes into its title)."""

    key: str
    label: str
    direction: Direction
    compute: Callable[[Population, str], float | int]
    floor: bool = False
    unit: Literal["share", "count", "ms"] = "share"
    shown: bool = True

    def keys(self, cutoffs: Sequence[int], depth: int) -> list[str]:
        """The concrete results keys of this metric for a run's cutoffs and depth."""
        if "{n}" in self.key:
            return [self.key.format(n=c) for c in cutoffs]
        return [self.key.format(depth=depth)]

    def matches(self, key: str) -> bool:
        """Whether ``key`` (e.g. ``recall@10``) is one of this metric's keys."""
        head, brace, _ = self.key.partition("{")
        if not brace:
            return key == self.key
        return key.startswith(head) and key[len(head) :].isdigit()

    def label_for(self, key: str) -> str:
        """The table label of ``key`` (``Recall@10``)."""
        head, brace, _ = self.key.partition("{")
        return self.label.format(n=key[len(head) :]) if brace else self.label

    def better(self, value: float, than: float) -> bool:
        """Whether ``value`` is at least as good as ``than`` (a floor, another run)."""
        return value >= than if self.direction == "higher" else value <= than


METRICS: dict[str, Metric] = {}
"""Every metric, in summary and table order (:func:`declare` adds one)."""


def declare(metric: Metric) -> Metric:
    """Add ``metric`` to :data:`METRICS`: the summary computes it, the table shows it and,
    with ``floor=True``, ``evals/floors.json`` must pin it. Adding a metric is this call."""
    if metric.key in METRICS:
        raise ValueError(f"metric {metric.key!r} is declared twice")
    METRICS[metric.key] = metric
    return metric


def metric_for(key: str) -> Metric | None:
    """The declared metric a results key belongs to (``None`` for an undeclared key)."""
    return next((m for m in METRICS.values() if m.matches(key)), None)


Compute = Callable[[Population, str], float | int]
Group = Literal["outcomes", "answerable", "unanswerable", "out_of_scope", "near_topic", "answered"]


def share_of(group: Group, test: Callable[[QuestionOutcome], bool]) -> Compute:
    """A metric's ``compute``: the share of ``group``'s questions passing ``test``."""

    def compute(population: Population, _key: str) -> float:
        members: list[QuestionOutcome] = getattr(population, group)
        return _share(sum(1 for o in members if test(o)), len(members))

    return compute


def count_of(group: Group) -> Compute:
    """A metric's ``compute``: how many questions ``group`` holds."""
    return lambda population, _key: len(getattr(population, group))


def _latency(q: float) -> Compute:
    return lambda p, _key: round(percentile([o.latency_ms for o in p.outcomes], q), 1)


_COUNTS: tuple[tuple[str, Group, str], ...] = (
    ("questions", "outcomes", "Questions"),
    ("answerable", "answerable", "Answerable"),
    ("unanswerable", "unanswerable", "Unanswerable"),
    ("near_topic", "near_topic", "Near-topic"),
)
"""The question counts: in the table's title, not its rows."""


def _cited_share(p: Population, _key: str) -> float:
    cited = sum(o.cited_sentences for o in p.non_abstained)
    return _share(cited, sum(o.sentences for o in p.non_abstained))


for _metric in (
    Metric("recall@{n}", "Recall@{n}", "higher", Population.ranking, floor=True),
    Metric("mrr@{depth}", "MRR@{n}", "higher", Population.ranking, floor=True),
    Metric("ndcg@{depth}", "nDCG@{n}", "higher", Population.ranking, floor=True),
    Metric(
        f"recall@{CHAR_BUDGET}c",
        f"Recall@{CHAR_BUDGET:,} chars",
        "higher",
        share_of("answerable", lambda o: hit_within_chars(o.ranked)),
        floor=True,
    ),
    Metric(
        "answered_answerable",
        "Answered: answerable",
        "higher",
        share_of("answerable", lambda o: not o.abstained),
        floor=True,
    ),
    Metric(
        "abstained_unanswerable",
        "Abstained: unanswerable",
        "higher",
        share_of("out_of_scope", lambda o: o.abstained),
        floor=True,
    ),
    Metric(
        "answerable_direct",
        "Direct: answerable",
        "higher",
        share_of("answerable", lambda o: o.kind == "direct"),
    ),
    Metric(
        "near_topic_not_direct",
        "Not direct: near-topic",
        "higher",
        share_of("near_topic", lambda o: o.kind != "direct"),
    ),
    Metric(
        "unanswerable_not_direct",
        "Not direct: unanswerable",
        "higher",
        share_of("unanswerable", lambda o: o.kind != "direct"),
    ),
    Metric(
        "false_abstentions",
        "False abstentions",
        "lower",
        lambda p, _: len(p.answerable) - len(p.answered),
        unit="count",
    ),
    Metric(
        "citation_accuracy",
        "Citation accuracy",
        "higher",
        share_of("answered", lambda o: bool(o.first_citation_relevant)),
        floor=True,
    ),
    Metric(
        "review_attribution",
        "Review attribution",
        "higher",
        share_of("answered", lambda o: bool(o.first_citation_review_ok)),
        floor=True,
    ),
    Metric("cited_sentence_share", "Sentences cited", "higher", _cited_share, floor=True),
    Metric("latency_p50_ms", "Latency p50 (ms)", "lower", _latency(50), unit="ms"),
    Metric("latency_p95_ms", "Latency p95 (ms)", "lower", _latency(95), unit="ms"),
    *(
        Metric(key, label, "higher", count_of(group), unit="count", shown=False)
        for key, group, label in _COUNTS
    ),
):
    declare(_metric)


def summarise(
    outcomes: Sequence[QuestionOutcome], cutoffs: Sequence[int] = (5, 10), depth: int = 10
) -> dict[str, float | int]:
    """Every declared metric (:data:`METRICS`) of one configuration over ``outcomes``.

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
    * ``latency_p50_ms`` / ``latency_p95_ms``: per question, retrieval + answer;
    * the counts ``questions``, ``answerable``, ``unanswerable``, ``near_topic``.
    """
    population = Population(outcomes, cutoffs, depth)
    return {
        key: metric.compute(population, key)
        for metric in METRICS.values()
        for key in metric.keys(cutoffs, depth)
    }


def below_floors(
    measured: Mapping[str, float | int], floors: Mapping[str, float]
) -> dict[str, tuple[float | int | None, float]]:
    """``{key: (measured, floor)}`` for each pinned floor not met (a missing measurement
    fails; a lower-is-better metric's floor is a ceiling)."""
    failed: dict[str, tuple[float | int | None, float]] = {}
    for key, floor in floors.items():
        metric = metric_for(key)
        value = measured.get(key)
        if metric is None or value is None or not metric.better(value, floor):
            failed[key] = (value, floor)
    return failed
