"""Learning across reviews: which reviews have learning on a theme or a question.

For each review in the library the question (or the theme's name) is retrieved *within that
review* (a review filter, and the theme filter for a theme). A review is listed as having
learning only when its best passage carries evidence:

* lexical: for a theme, the passage is tagged with it (its wording matches the theme); for a
  question, it holds at least half of the question's specific words, or a word the lexicon
  maps the question onto (e.g. "disagree" -> "escalation");
* semantic: its dense similarity to the question is within :data:`DENSE_MARGIN` of the best
  passage in the whole library (similarities are only comparable for one question).

The row quotes that passage and cites it; reviews with no such passage are listed as having
nothing on it. A keyword count alone never puts a review in the list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.lexicon import expand_query
from assistant.service import Assistant
from core.models import Chunk, Citation, Filters, Passage
from core.text import content_terms
from ingest.themes import THEME_LABELS, THEMES, Theme, resolve_theme, tag_themes

DENSE_MARGIN = 0.08
"""How far below the library's best dense similarity a review's best passage may be."""
THEME_MARGIN = 0.04
"""A theme-tagged passage without the theme's own words must be this close to the best (a
tag can come from a looser term, e.g. "male" for fathers)."""
PER_REVIEW_K = 8
_GENERIC = frozenset(
    content_terms(
        "practitioners professionals practice review reviews learning child children family "
        "families agencies agency work working what which should need say says about"
    )
)


@dataclass(frozen=True)
class ReviewRef:
    """A review as the compare view lists it."""

    review: str
    doc_id: str
    doc_title: str


@dataclass(frozen=True)
class Finding:
    """One review's best learning point on the theme or question, quoted and cited."""

    ref: ReviewRef
    citation: Citation
    evidence: float
    """The passage's dense similarity to the question (higher is closer)."""
    matches: int
    """Learning points of this review with evidence (tagged with the theme, or passing the
    lexical test among the retrieved ones)."""


@dataclass(frozen=True)
class Comparison:
    """The compare view's content: reviews with learning on it, and reviews without."""

    query: str
    theme: str | None
    findings: tuple[Finding, ...]
    without: tuple[ReviewRef, ...]

    @property
    def theme_label(self) -> str | None:
        return THEME_LABELS.get(self.theme) if self.theme else None

    def as_dict(self) -> dict[str, object]:
        """JSON shape of ``review-assistant themes --json``."""
        return {
            "query": self.query,
            "theme": self.theme,
            "theme_label": self.theme_label,
            "reviews": [
                {
                    "review": f.ref.review,
                    "doc": f.ref.doc_id,
                    "doc_title": f.ref.doc_title,
                    "learning_point": f.citation.chunk.learning_point,
                    "section": f.citation.chunk.section,
                    "page": f.citation.chunk.page,
                    "quote": f.citation.quote,
                    "evidence": round(f.evidence, 4),
                    "matches": f.matches,
                }
                for f in self.findings
            ],
            "without": [r.review for r in self.without],
        }


def reviews_in(chunks: Sequence[Chunk]) -> list[ReviewRef]:
    """Every review in the library, in document order (a label may recur across documents:
    each (document, review) pair is one row)."""
    seen: dict[tuple[str, str], ReviewRef] = {}
    for c in chunks:
        seen.setdefault((c.doc_id, c.review), ReviewRef(c.review, c.doc_id, c.doc_title))
    return list(seen.values())


def theme_for(query: str) -> str | None:
    """The theme a query names: its slug, label or synonym; or a short query (three words at
    most) whose wording tags exactly one theme."""
    slug = resolve_theme(query)
    if slug is not None:
        return slug
    if len(query.split()) <= 3:
        tagged = tag_themes(query)
        if len(tagged) == 1:
            return tagged[0]
    return None


def _theme(slug: str) -> Theme:
    return next(t for t in THEMES if t.slug == slug)


def _lexical(query: str) -> tuple[set[str], set[str]]:
    """The question's specific words, and the words the lexicon adds for it (both stemmed)."""
    own = set(content_terms(query)) - _GENERIC
    added = set(content_terms(expand_query(query))) - own - _GENERIC
    return own, added


def _has_words(chunk: Chunk, own: set[str], added: set[str]) -> bool:
    words = set(content_terms(f"{chunk.section}\n{chunk.text}"))
    if own and len(own & words) * 2 >= len(own):
        return True
    return bool(added & words)


def compare(assistant: Assistant, query: str, *, theme: str | None = None) -> Comparison:
    """Which reviews have learning on ``query`` (a theme name or a question)."""
    query = " ".join(query.split())
    slug = theme or theme_for(query)
    chunks = assistant.chunks()
    refs = reviews_in(chunks)
    # A theme's retrieval query is its label and synonyms: the words reviews use for it.
    search = query
    if slug is not None:
        t = _theme(slug)
        search = " ".join(dict.fromkeys([query, t.label, *t.synonyms[:3]]))
    own, added = _lexical(query)
    if slug is not None:
        t = _theme(slug)
        added |= set(content_terms(" ".join((t.label, *t.synonyms)))) - _GENERIC - own
    overall = assistant.retrieve(search, 5)
    best_dense = max((p.dense_score or 0.0 for p in overall), default=0.0)
    findings: list[Finding] = []
    without: list[ReviewRef] = []
    for ref in refs:
        passages = [
            p
            for p in assistant.retrieve(
                search, PER_REVIEW_K, Filters(doc=ref.doc_id, review=ref.review, theme=slug)
            )
            if p.chunk.review == ref.review
        ]
        if slug is not None:
            evidence = [
                p
                for p in passages
                if slug in p.chunk.themes
                and (
                    _has_words(p.chunk, own, added)
                    or (p.dense_score or 0.0) >= best_dense - THEME_MARGIN
                )
            ]
            matches = sum(1 for c in chunks if c.review == ref.review and slug in c.themes)
        else:
            evidence = [p for p in passages if _has_words(p.chunk, own, added)]
            matches = len(evidence)
        evidence = [p for p in evidence if (p.dense_score or 0.0) >= best_dense - DENSE_MARGIN]
        if not evidence:
            without.append(ref)
            continue
        best: Passage = evidence[0]
        findings.append(
            Finding(
                ref,
                Citation(len(findings) + 1, best.chunk, best.chunk.text, best.score),
                best.dense_score or 0.0,
                max(matches, 1),
            )
        )
    findings.sort(key=lambda f: -f.evidence)
    findings = [
        Finding(f.ref, Citation(i, f.citation.chunk, f.citation.quote, f.citation.score), *rest)
        for i, (f, rest) in enumerate(((f, (f.evidence, f.matches)) for f in findings), start=1)
    ]
    return Comparison(query, slug, tuple(findings), tuple(without))


def theme_counts(chunks: Sequence[Chunk]) -> tuple[list[ReviewRef], list[str], list[list[int]]]:
    """Learning points per review × theme (themes present anywhere, in taxonomy order)."""
    refs = reviews_in(chunks)
    index = {(r.doc_id, r.review): i for i, r in enumerate(refs)}
    present = {t for c in chunks for t in c.themes}
    slugs = [t.slug for t in THEMES if t.slug in present]
    column = {s: j for j, s in enumerate(slugs)}
    counts = [[0] * len(slugs) for _ in refs]
    for c in chunks:
        row = counts[index[(c.doc_id, c.review)]]
        for t in c.themes:
            if t in column:
                row[column[t]] += 1
    return refs, slugs, counts
