"""One contract, two stores: :class:`InMemoryStore` and :class:`ChromaStore` behave the same
wherever the index and the pipeline rely on a store (tests of other stages use the in-memory
one, so any difference here would make those tests prove nothing about Chroma)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from core.config import Settings
from core.models import Chunk, Filters
from core.protocols import VectorStore
from ingest.filters import FilterIndex, filter_terms, matches
from ingest.index import ChromaStore, chroma_where
from ingest.memory_store import InMemoryStore
from tests.builders import make_chunk, many_chunks, sample_chunks
from tests.fakes import HashEmbedder

CHUNKS = sample_chunks()
MANY = many_chunks()


@pytest.fixture(params=["memory", "chroma"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[VectorStore]:
    if request.param == "memory":
        yield InMemoryStore()
        return
    chroma = ChromaStore(Settings(index_dir=tmp_path / "index"))
    yield chroma
    chroma.close()


def fill(store: VectorStore, chunks: list[Chunk], embedder: HashEmbedder) -> list[list[float]]:
    vectors = embedder.embed_documents([c.embed_text for c in chunks])
    store.upsert(chunks, vectors)
    return vectors


def ids(results: list[tuple[Chunk, float]]) -> list[str]:
    return [c.chunk_id for c, _ in results]


def test_both_stores_satisfy_the_protocol(store: VectorStore) -> None:
    assert isinstance(store, VectorStore)


def test_chunks_round_trip_in_document_order(
    store: VectorStore, hash_embedder: HashEmbedder
) -> None:
    assert store.count() == 0 and store.all_chunks() == [] and store.vector_size() is None
    fill(store, list(reversed(CHUNKS)), hash_embedder)
    assert store.count() == len(CHUNKS)
    assert store.all_chunks() == sorted(CHUNKS, key=lambda c: (c.doc_id, c.ordinal))
    reused = {c.chunk_id: c for c in CHUNKS[:2]}
    assert store.all_chunks(reuse=reused) == store.all_chunks()
    assert store.vector_size() == hash_embedder.dim


def test_a_points_role_and_practice_flag_round_trip(
    store: VectorStore, hash_embedder: HashEmbedder
) -> None:
    row = replace(
        make_chunk("doc-p", 0, "Fathers — Not seen at home. — Invite fathers to every visit."),
        role="learning",
        practice=True,
    )
    fill(store, [row, CHUNKS[0]], hash_embedder)
    by_id = {c.chunk_id: c for c in store.all_chunks()}
    assert by_id[row.chunk_id] == row and by_id[row.chunk_id].practice
    assert not by_id[CHUNKS[0].chunk_id].practice


def test_upsert_replaces_and_delete_removes(
    store: VectorStore, hash_embedder: HashEmbedder
) -> None:
    fill(store, CHUNKS, hash_embedder)
    fill(store, CHUNKS[:2], hash_embedder)
    assert store.count() == len(CHUNKS)
    store.delete([CHUNKS[0].chunk_id, CHUNKS[3].chunk_id, "no-such-chunk"])
    assert [c.chunk_id for c in store.all_chunks()] == [
        c.chunk_id for c in CHUNKS if c not in (CHUNKS[0], CHUNKS[3])
    ]
    store.delete([])
    assert store.count() == len(CHUNKS) - 2


def test_chunk_ids_by_document(store: VectorStore, hash_embedder: HashEmbedder) -> None:
    other = make_chunk("doc-b", 9, "An older version's point.", doc_hash="h0")
    fill(store, [*CHUNKS, other], hash_embedder)
    want_b = {c.chunk_id: "h1" for c in CHUNKS[3:]} | {other.chunk_id: "h0"}
    assert store.chunk_ids_for("doc-b") == want_b
    assert store.chunk_ids_for("no-such-doc") == {}
    assert store.chunk_ids_for_many(["doc-a", "doc-b", "no-such-doc"]) == {
        "doc-a": {c.chunk_id: "h1" for c in CHUNKS[:3]},
        "doc-b": want_b,
        "no-such-doc": {},
    }
    assert store.chunk_ids_for_many([]) == {}


def test_query_ranks_by_cosine_similarity(store: VectorStore, hash_embedder: HashEmbedder) -> None:
    vectors = fill(store, CHUNKS, hash_embedder)
    query = hash_embedder.embed_query(CHUNKS[3].embed_text)
    results = store.query(query, 3)
    assert results[0][0] == CHUNKS[3]
    assert results[0][1] == pytest.approx(1.0, abs=1e-5)
    sims = sorted((float(np.dot(v, query)) for v in vectors), reverse=True)
    assert [s for _, s in results] == pytest.approx(sims[:3], abs=1e-4)
    assert len(store.query(query, 50)) == len(CHUNKS)
    assert store.query(query, 0) == []


FILTERS = [
    Filters(doc="doc-b"),
    Filters(review="Review B"),
    Filters(theme="escalation"),
    Filters(doc="doc-a", theme="escalation"),
    Filters(doc="doc-b", theme="escalation"),
    Filters(doc="doc-a", review="Review A", theme="fathers"),
    Filters(doc="no-such-doc"),
    Filters(),
]


@pytest.mark.parametrize("filters", FILTERS, ids=str)
def test_query_filters(store: VectorStore, hash_embedder: HashEmbedder, filters: Filters) -> None:
    fill(store, CHUNKS, hash_embedder)
    want = {c.chunk_id for c in CHUNKS if matches(c, filters)}
    query = hash_embedder.embed_query("agencies assessment")
    assert set(ids(store.query(query, 10, filters))) == want
    # The same once the caller's chunks are remembered (as the Index passes them).
    store.remember({c.chunk_id: c for c in CHUNKS})
    assert set(ids(store.query(query, 10, filters))) == want


def test_another_vector_size_is_refused_until_the_store_is_emptied_and_reset(
    store: VectorStore, hash_embedder: HashEmbedder
) -> None:
    fill(store, CHUNKS, hash_embedder)
    wide = HashEmbedder(dim=hash_embedder.dim * 2)
    extra = make_chunk("doc-c", 1, "A point embedded by another model.")
    with pytest.raises(Exception, match="dimension"):
        store.upsert([extra], wide.embed_documents([extra.embed_text]))
    assert not store.reset_vectors()  # not empty
    store.delete([c.chunk_id for c in CHUNKS])
    store.reset_vectors()
    fill(store, [extra], wide)
    assert store.vector_size() == wide.dim


def test_registry_records_get_a_fresh_revision_on_every_write(store: VectorStore) -> None:
    assert store.documents() == {}
    store.set_document("doc-a", {"doc_hash": "h1", "chunks": 3, "title": "A"})
    store.set_documents(
        [("doc-b", {"doc_hash": "h2", "chunks": 2, "title": "B"}), ("doc-c", {"doc_hash": "h3"})]
    )
    store.set_documents([])
    records = store.documents()
    revisions = {doc: record.pop("revision") for doc, record in records.items()}
    assert records == {
        "doc-a": {"doc_hash": "h1", "chunks": 3, "title": "A"},
        "doc-b": {"doc_hash": "h2", "chunks": 2, "title": "B"},
        "doc-c": {"doc_hash": "h3"},
    }
    assert len(set(revisions.values())) == 3
    store.set_document("doc-b", {"doc_hash": "h2", "chunks": 2, "title": "B"})
    assert store.documents()["doc-b"]["revision"] != revisions["doc-b"]
    store.remove_document("doc-a")
    store.remove_document("no-such-doc")
    assert set(store.documents()) == {"doc-b", "doc-c"}


def test_generation_token(store: VectorStore) -> None:
    assert store.generation() == ""
    first = store.bump_generation()
    assert first and store.generation() == first == store.generation(max_age=0)
    store.set_document("doc-a", {"doc_hash": "h1"})
    assert "__generation__" not in store.documents()  # the token is not a document
    second = store.bump_generation()
    assert second != first and store.generation(max_age=0) == second


def test_an_unshared_store_takes_no_leases(store: VectorStore) -> None:
    """In-memory and embedded Chroma have one writer (this process): nothing to announce."""
    assert store.take_lease(["h1"]) is None
    assert store.leased_hashes() == set()


# -- the one filter engine -----------------------------------------------------------------
ALL_FILTERS = [
    Filters(doc=d, review=r, theme=t)
    for d, r, t in itertools.product(
        (None, "doc-1", "doc-4", "doc-9"),
        (None, "Review 0", "Review 1"),
        (None, "fathers", "neglect", "unknown-theme"),
    )
]


def test_matcher_postings_and_chroma_where_agree(tmp_path: Path) -> None:
    """Every combination of filters selects the same chunks by :func:`matches`, by
    :class:`FilterIndex` and by Chroma's own ``where`` search."""
    embedder = HashEmbedder()
    chroma = ChromaStore(Settings(index_dir=tmp_path / "index"))
    try:
        fill(chroma, MANY, embedder)
        postings = FilterIndex({c.chunk_id: c for c in MANY})
        query = embedder.embed_query("father")
        for filters in ALL_FILTERS:
            want = {c.chunk_id for c in MANY if matches(c, filters)}
            assert postings.ids(filters) == want, filters
            # Nothing remembered: Chroma answers the where clause itself.
            assert set(ids(chroma.query(query, len(MANY), filters))) == want, filters
    finally:
        chroma.close()
    assert chroma_where(None) is None and chroma_where(Filters()) is None
    assert chroma_where(Filters(doc="d")) == {"doc_id": "d"}
    assert chroma_where(Filters(review="R", theme="t")) == {
        "$and": [{"review": "R"}, {"theme__t": True}]
    }
    assert filter_terms(Filters(doc="d", theme="t")) == (("doc_id", "d"), ("theme__t", True))


@pytest.mark.parametrize("store_kind", ["memory", "chroma"])
def test_filtered_queries_return_the_exact_top_k(tmp_path: Path, store_kind: str) -> None:
    """The in-memory store's exact ranking is what Chroma returns (60 chunks: HNSW is exact
    at this size), for every filter."""
    embedder = HashEmbedder()
    store: VectorStore = (
        InMemoryStore() if store_kind == "memory" else ChromaStore(Settings(index_dir=tmp_path))
    )
    try:
        vectors = fill(store, MANY, embedder)
        query = embedder.embed_query("father bruise escalation health")
        for filters in ALL_FILTERS:
            sims = sorted(
                (
                    float(np.dot(v, query))
                    for c, v in zip(MANY, vectors, strict=True)
                    if matches(c, filters)
                ),
                reverse=True,
            )
            got = [s for _, s in store.query(query, 5, filters)]
            assert got == pytest.approx(sims[:5], abs=1e-4), filters
    finally:
        store.close()
