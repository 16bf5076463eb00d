"""One ask embeds its question once, however many searches it makes (issue #18: a warm ask
at the embedding's own speed), and gets the passages the separate searches gave."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.service import Assistant
from core.config import Settings
from core.models import Chunk, Filters, Turn
from tests.builders import memory_assistant, memory_index
from tests.fakes import HashEmbedder

TWO_REVIEWS = "What did the Nadiya and Robyn review and the Family T review say about fathers?"


class CountingEmbedder(HashEmbedder):
    """The hash embedder, counting the questions it embeds."""

    def __init__(self) -> None:
        super().__init__()
        self.queries: list[str] = []

    def embed_query(self, text: str) -> list[float]:
        self.queries.append(text)
        return super().embed_query(text)


@pytest.fixture
def counted(settings: Settings) -> Iterator[tuple[Assistant, CountingEmbedder]]:
    embedder = CountingEmbedder()
    assistant = memory_assistant(settings, embedder)
    assistant.ingest([settings.corpus_dir])
    yield assistant, embedder


def test_a_question_naming_two_reviews_is_embedded_once(
    counted: tuple[Assistant, CountingEmbedder],
) -> None:
    assistant, embedder = counted
    named = assistant.scope().names.named(TWO_REVIEWS)
    assert len(named) == 2
    embedder.queries.clear()
    answer = assistant.ask(TWO_REVIEWS)
    assert embedder.queries == [TWO_REVIEWS]
    # The same passages as one search per review, each embedding the question itself.
    separate = [
        p
        for review in named
        for p in assistant.retrieve(TWO_REVIEWS, filters=Filters(review=review))
    ]
    separate.sort(key=lambda p: -p.score)
    cited = [c.chunk.chunk_id for c in answer.citations]
    assert cited
    assert set(cited) <= {p.chunk.chunk_id for p in separate[: assistant.settings.top_k]}


def test_tell_me_more_is_embedded_once(counted: tuple[Assistant, CountingEmbedder]) -> None:
    assistant, embedder = counted
    first = assistant.ask("Two agencies disagree about escalating a concern. What should I do?")
    assert first.citations
    history = [Turn(question=first.question, answer=first, retrieval_query=first.retrieval_query)]
    embedder.queries.clear()
    more = assistant.ask("tell me more", history=history)
    assert len(embedder.queries) == 1
    again = {c.chunk.chunk_id for c in first.citations}
    assert more.citations and not again & {c.chunk.chunk_id for c in more.citations}


def test_a_plain_question_is_embedded_once(counted: tuple[Assistant, CountingEmbedder]) -> None:
    assistant, embedder = counted
    embedder.queries.clear()
    assistant.ask("Who must be involved in strategy discussions?")
    assert embedder.queries == ["Who must be involved in strategy discussions?"]


def test_mid_write_versions_give_one_version_of_each_point(settings: Settings) -> None:
    """While a document is replaced the store can hold its old and new chunks: retrieval
    returns the registry's current version of each point, never both, and drops chunks of
    documents the registry does not know (this also covers the shortcut taken when every
    chunk is current)."""
    from ingest.chunk import chunk_id_for, embed_text_for

    model = {"embedding_model": settings.embedding_model}

    embedder = HashEmbedder()
    index = memory_index(embedder)
    store = index.store
    text = "Escalate disagreements between agencies to line managers promptly."

    def chunk(doc: str, doc_hash: str, ordinal: int, words: str) -> Chunk:
        return Chunk(
            chunk_id=chunk_id_for(doc, doc_hash, ordinal, words),
            doc_id=doc,
            doc_title=doc,
            review="Review A",
            section="Key learning",
            learning_point=f"Key learning {ordinal}",
            start=0,
            end=len(words),
            source_text=words,
            text=words,
            embed_text=embed_text_for("Review A", "Key learning", words),
            doc_hash=doc_hash,
            ordinal=ordinal,
        )

    old = chunk("doc-a", "h1", 1, text)
    new = chunk("doc-a", "h2", 1, text + " Record the outcome.")
    orphan = chunk("doc-x", "h9", 1, text + " Orphan.")
    other = chunk("doc-b", "h3", 1, "Escalate disagreements about escalation between agencies.")
    chunks = [old, new, orphan, other]
    store.upsert(chunks, embedder.embed_documents([c.embed_text for c in chunks]))
    store.set_documents(
        [("doc-a", {"doc_hash": "h2", **model}), ("doc-b", {"doc_hash": "h3", **model})]
    )
    store.bump_generation()
    retriever = Assistant(settings, index).retriever
    got = [p.chunk.chunk_id for p in retriever.retrieve("escalate disagreements", 10)]
    assert sorted(got) == sorted([new.chunk_id, other.chunk_id])
    # Neither version current (the registry names a third): the best-ranked one stays.
    store.set_documents([("doc-a", {"doc_hash": "h7", **model})])
    store.bump_generation()
    got = [p.chunk.chunk_id for p in retriever.retrieve("escalate disagreements", 10)]
    assert other.chunk_id in got and orphan.chunk_id not in got
    assert len({old.chunk_id, new.chunk_id} & set(got)) == 1
    # Every chunk current but the orphan's: all of them, without it.
    store.delete([old.chunk_id])
    store.set_documents([("doc-a", {"doc_hash": "h2", **model})])
    store.bump_generation()
    got = [p.chunk.chunk_id for p in retriever.retrieve("escalate disagreements", 10)]
    assert sorted(got) == sorted([new.chunk_id, other.chunk_id])


def test_filtered_lexical_search_follows_the_library(
    counted: tuple[Assistant, CountingEmbedder], tmp_path: Path
) -> None:
    """Filtered BM25 candidates come from postings kept per snapshot: every result passes
    the filter, and a document ingested since is searched under its own filter."""
    from ingest.filters import matches

    assistant, _ = counted
    chunks = assistant.chunks()
    filters = [
        *(Filters(doc=d) for d in sorted({c.doc_id for c in chunks})),
        *(Filters(review=r) for r in sorted({c.review for c in chunks})[:4]),
        *(Filters(theme=t) for t in sorted({t for c in chunks for t in c.themes})[:4]),
    ]
    for f in filters:
        hits = assistant.retrieve("safeguarding assessment of the child", 10, f, mode="bm25")
        assert hits and all(matches(p.chunk, f) for p in hits), f
    brief = tmp_path / "new-brief.md"
    brief.write_text(
        "# Learning brief: Child Q\n\n## Key learning\n\n"
        "1. Safeguarding assessment of the child must include the lodger in the household.\n",
        "utf-8",
    )
    assistant.ingest([brief])
    doc = next(c.doc_id for c in assistant.chunks() if "lodger" in c.text)
    hits = assistant.retrieve("lodger household", 5, Filters(doc=doc), mode="bm25")
    assert hits and all(p.chunk.doc_id == doc for p in hits)
