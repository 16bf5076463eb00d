"""Retrieve stage: hybrid dense (Chroma) + BM25 retrieval, fused by normalised score (default)
or by reciprocal rank.

Also exposed as a LangChain :class:`~langchain_core.retrievers.BaseRetriever`
(:mod:`assistant.langchain_retriever`, imported only when asked for).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from assistant.case import described_case
from assistant.fusion import (
    Fused,
    FusionInput,
    discount_roles,
    fuse,
    get_fusion,
    keep_dense_top,
    lead_within_reviews,
    passage_prior,
    span,
    yields_to,
)
from assistant.lexicon import expand_query, section_intents
from core.config import BUNDLED_MODEL, Settings
from core.errors import ConfigError
from core.models import Chunk, Filters, Passage
from ingest.filters import FilterIndex
from ingest.index import Index

Mode = Literal["hybrid", "dense", "bm25"]

DEPTH = 60
"""Candidates taken from each list (more when ``4 * k`` is larger). For ``minmax`` fusion the
last candidate's score is the normalisation floor (maps to 0), so for any ``k`` up to 15 the
scale does not depend on ``k``."""

CASE_MARGIN = 0.8
"""A case description names the review of its best passage when no other review's best
passage scores above this share of it (or the whole question's best passage agrees)."""


class HybridRetriever:
    """Dense + BM25 retrieval over one :class:`Index`.

    Fusion (``settings.fusion``) is a method from :mod:`assistant.fusion`'s registry:
    ``minmax`` (default) scales each list's scores to 0-1 over its top :data:`DEPTH` and
    takes their weighted mean, plus a bonus for passages from the section the question asks
    for; ``rrf`` is weighted reciprocal-rank fusion; ``weighted`` adds the raw dense
    similarity to BM25 divided by its best score.
    """

    def __init__(self, index: Index, settings: Settings) -> None:
        self.index = index
        self.settings = settings
        self.fusion = get_fusion(settings.fusion)  # an unknown name fails here, not mid-query
        self._model_checked: str | None = None
        # Postings over the current snapshot's chunks (rebuilt when it changes): a filtered
        # BM25 search finds its chunks without testing every chunk (100k at scale).
        self._postings: tuple[list[Chunk], FilterIndex] | None = None

    def check_model(self) -> None:
        """Raise :class:`ConfigError` when the index holds vectors of another embedding model.

        Questions embedded by one model and passages by another rank at random, so this is
        checked once per index generation (every ingest that changes something bumps it).
        """
        generation = self.index.store.generation()
        if generation == self._model_checked:
            return
        wanted = self.settings.embedding_model
        found = {
            # Records written before the model was recorded come from the only model then.
            str(record.get("embedding_model") or BUNDLED_MODEL)
            for record in self.index.store.documents().values()
        }
        if found - {wanted}:
            raise ConfigError(
                f"The index was built with the embedding model {', '.join(sorted(found))}, "
                f"but questions are embedded with {wanted}. Run `review-assistant ingest` to "
                "re-embed the library with it (or set REVIEW_ASSISTANT_EMBEDDING_MODEL back)."
            )
        self._model_checked = generation

    def retrieve(
        self,
        query: str,
        k: int | None = None,
        filters: Filters | None = None,
        mode: Mode = "hybrid",
        vector: Sequence[float] | None = None,
    ) -> list[Passage]:
        """The ``k`` best passages for ``query`` (best first, ranks from 1). ``vector`` is
        ``query``'s embedding when the caller already has it (one ask that searches several
        reviews embeds its question once)."""
        k = k or self.settings.top_k
        chunks, _ = self.index.snapshot()
        if not chunks:
            return []
        depth = max(4 * k, DEPTH)
        ranked = self._ranked(query, depth, filters, mode, vector, within=k)
        if mode == "hybrid" and (filters is None or filters.review is None):
            ranked = self._case_first(query, ranked, depth, filters)
        return [
            Passage(chunk=c, score=s, rank=i, dense_score=d, bm25_score=b)
            for i, (c, s, d, b) in enumerate(ranked[:k], start=1)
        ]

    def _ranked(
        self,
        query: str,
        depth: int,
        filters: Filters | None,
        mode: Mode,
        vector: Sequence[float] | None = None,
        prior: bool = True,
        within: int | None = None,
    ) -> list[Fused]:
        """Every candidate of ``query`` (``depth`` from each list), best first; ``prior``:
        hybrid scores multiplied by the passage prior (off to find a case from its story);
        ``within``: the dense list's best passages are kept among the first ``within``
        (:func:`~assistant.fusion.keep_dense_top`)."""
        chunks, bm25 = self.index.snapshot()
        dense: list[tuple[Chunk, float]] = []
        lexical: list[tuple[Chunk, float]] = []
        filtered = filters is not None and not filters.is_empty()
        # An anchored fusion (min-max) scales each list between its best and its DEPTH-th
        # score. A filter can leave only a handful of passages, whose worst would then count
        # as 0 however good it is, so filtered lists are scaled by the unfiltered lists' span.
        spans: list[tuple[float, float] | None] = [None, None]
        anchored = filtered and mode == "hybrid" and self.fusion.anchored
        if mode in ("hybrid", "dense"):
            self.check_model()
            if vector is None:
                vector = self.index.embedder.embed_query(query)
            dense = self.index.store.query(vector, depth, filters)
            if anchored:
                spans[0] = span(self.index.store.query(vector, depth, None))
        if mode in ("hybrid", "bm25"):
            allowed = None
            if filtered:
                allowed = self._filter_index(chunks).ids(filters)
            expanded = expand_query(query)
            lexical = bm25.search(expanded, depth, allowed)
            if anchored:
                spans[1] = span(bm25.search(expanded, depth, None))
        ranked: list[Fused]
        if mode == "dense":
            ranked = [(c, s, s, None) for c, s in dense]
        elif mode == "bm25":
            ranked = [(c, s, None, s) for c, s in lexical]
        else:
            given = FusionInput(
                dense, lexical, _intent_matches(query, dense, lexical), spans[0], spans[1]
            )
            ranked = fuse(self.fusion, given, self.settings)
            factor = passage_prior(query) if prior and self.fusion.passage_prior else None
            if factor is not None:
                ranked = discount_roles(ranked, factor)
                ranked = lead_within_reviews(ranked, yields_to(query))
            if within is not None:
                ranked = keep_dense_top(
                    ranked,
                    dense,
                    within,
                    eligible=None if factor is None else (lambda chunk: factor(chunk) >= 1.0),
                )
        return self._one_version(ranked)

    def _case_first(
        self, query: str, ranked: list[Fused], depth: int, filters: Filters | None
    ) -> list[Fused]:
        """``ranked`` with the points of the review a described case belongs to first, ranked
        by what the question asks about it (:mod:`assistant.case`); unchanged when the
        question describes no case or no one review clearly holds it."""
        case = described_case(query)
        if case is None:
            return ranked
        found = self._ranked(case.description, depth, filters, "hybrid", prior=False)
        review = _holding_review(found, ranked)
        if review is None:
            return ranked
        doc_id, name = review
        within = Filters(
            doc=doc_id, review=name, theme=filters.theme if filters is not None else None
        )
        first = self._ranked(case.ask, depth, within, "hybrid")
        # Scores stay comparable with the rest: the review's points keep at least the best
        # score of the whole ranking, in their order, so the answer's relative floor claims
        # them as it would a named review's.
        top = ranked[0][1] if ranked else 1.0
        best = first[0][1] if first and first[0][1] > 0 else 1.0
        lifted = [(c, top * s / best, d, b) for c, s, d, b in first]
        seen = {item[0].chunk_id for item in lifted}
        return lifted + [item for item in ranked if item[0].chunk_id not in seen]

    def _filter_index(self, chunks: list[Chunk]) -> FilterIndex:
        postings = self._postings
        if postings is None or postings[0] is not chunks:
            postings = (chunks, FilterIndex({c.chunk_id: c for c in chunks}))
            self._postings = postings
        return postings[1]

    def _one_version(
        self, ranked: list[tuple[Chunk, float, float | None, float | None]]
    ) -> list[tuple[Chunk, float, float | None, float | None]]:
        """Never two versions of one learning point: while a document is being replaced (in
        server mode another process may be mid-write) the store can hold its old and new
        chunks at once. Per (document, review, learning point) only the registry's current
        version is kept (or, if neither is current, the best-ranked one's); chunks of a
        document the registry does not know (an interrupted write) are dropped."""
        documents = self.index.registry()
        if not documents:
            return ranked
        if all(
            record is None or chunk.doc_hash == str(record.get("doc_hash"))
            for chunk, record in ((item[0], documents.get(item[0].doc_id)) for item in ranked)
        ):
            # The usual case, every chunk the current version: what the rule below keeps.
            return [item for item in ranked if item[0].doc_id in documents]
        versions: dict[tuple[str, str, str], list[str]] = {}
        for chunk, *_ in ranked:
            key = (chunk.doc_id, chunk.review, chunk.learning_point)
            if chunk.doc_hash not in versions.setdefault(key, []):
                versions[key].append(chunk.doc_hash)
        kept = []
        for item in ranked:
            chunk = item[0]
            record = documents.get(chunk.doc_id)
            if record is None:
                continue
            hashes = versions[(chunk.doc_id, chunk.review, chunk.learning_point)]
            current = str(record.get("doc_hash"))
            chosen = current if current in hashes else hashes[0]
            if chunk.doc_hash == chosen:
                kept.append(item)
        return kept


def _holding_review(found: Sequence[Fused], ranked: Sequence[Fused]) -> tuple[str, str] | None:
    """The ``(document, review)`` that holds a described case: the review of the best passage
    for the description (``found``), when no other review's best passage comes within
    :data:`CASE_MARGIN` of it, or when it is also the review of the whole question's best
    passage (``ranked``). Case stories resemble each other ("a six-year-old with a burn", "a
    ten-year-old boy ..."), so a description several reviews fit chooses none unless the
    question as a whole agrees."""
    if not found or found[0][1] <= 0:
        return None
    top = (found[0][0].doc_id, found[0][0].review)
    if ranked and (ranked[0][0].doc_id, ranked[0][0].review) == top:
        return top
    other = next(
        (score for chunk, score, _, _ in found if (chunk.doc_id, chunk.review) != top), 0.0
    )
    return top if other <= CASE_MARGIN * found[0][1] else None


def _intent_matches(
    query: str, dense: list[tuple[Chunk, float]], lexical: list[tuple[Chunk, float]]
) -> list[tuple[Chunk, float]]:
    """Candidates from the section the question asks for ("what did staff do well" -> good
    practice), in dense order then BM25 order: a third list for the fusion."""
    intents = section_intents(query)
    if not intents:
        return []
    seen: set[str] = set()
    matches: list[tuple[Chunk, float]] = []
    for chunk, score in [*dense, *lexical]:
        where = f"{chunk.section} {chunk.learning_point}".lower()
        if chunk.chunk_id not in seen and any(word in where for word in intents):
            seen.add(chunk.chunk_id)
            matches.append((chunk, score))
    return matches


def __getattr__(name: str) -> Any:
    # The LangChain retriever lives in its own module: importing langchain_core's retrievers
    # (with langsmith and its tracers) cost ~0.5-2 s of every cold start that never uses it.
    if name in ("ReviewRetriever", "passage_document"):
        from assistant import langchain_retriever

        return getattr(langchain_retriever, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
