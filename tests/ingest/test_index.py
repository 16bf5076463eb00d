"""Unit tests of the index layer: ChromaStore, Bm25Index, Index, the lazy embedder.

Everything runs on a temp folder with the deterministic :class:`HashEmbedder`; the tests that
start a child process (the embedded lock, "no torch for an unchanged ingest") or load the real
model are marked ``slow``.
"""

from __future__ import annotations

import math
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from core.config import Settings
from core.errors import ConfigError, IndexBusyError
from core.models import Chunk
from ingest.chunk import chunk_id_for, embed_text_for
from ingest.index import Bm25Index, ChromaStore, Index, close_index, open_index
from tests.fakes import HashEmbedder

REPO = Path(__file__).resolve().parents[2]


def make_chunk(
    doc_id: str,
    ordinal: int,
    text: str,
    *,
    review: str = "Review A",
    section: str = "Key learning",
    themes: tuple[str, ...] = (),
    doc_hash: str = "h1",
    page: int | None = None,
    source_text: str | None = None,
) -> Chunk:
    return Chunk(
        chunk_id=chunk_id_for(doc_id, doc_hash, ordinal, text),
        doc_id=doc_id,
        doc_title=f"Title of {doc_id}",
        review=review,
        section=section,
        learning_point=f"Key learning {ordinal}",
        start=ordinal * 100,
        end=ordinal * 100 + len(text),
        source_text=source_text if source_text is not None else text,
        text=text,
        embed_text=embed_text_for(review, section, text),
        doc_hash=doc_hash,
        ordinal=ordinal,
        page=page,
        themes=themes,
    )


CHUNKS = [
    make_chunk(
        "doc-a",
        1,
        "Escalate disagreements between agencies to line managers.",
        themes=("escalation",),
    ),
    make_chunk(
        "doc-a",
        2,
        "Fathers and other men in the household must be assessed.",
        themes=("fathers",),
        page=3,
        source_text="· Fathers and other men in the household must be assessed.",
    ),
    make_chunk(
        "doc-a",
        3,
        "Share information with adult mental health services.",
        review="Review B",
        themes=("information-sharing", "escalation"),
    ),
    make_chunk(
        "doc-b",
        1,
        "Bruising in a non-mobile baby needs a paediatric assessment.",
        review="Review C",
        section="Recommendations",
        themes=("non-mobile-baby",),
    ),
    make_chunk(
        "doc-b",
        2,
        "Written agreements with parents must not be over relied upon.",
        review="Review C",
        section="Recommendations",
    ),
]


@pytest.fixture
def index_settings(tmp_path: Path) -> Iterator[Settings]:
    value = Settings(index_dir=tmp_path / "index", corpus_dir=tmp_path / "corpus")
    yield value
    close_index(value)


@pytest.fixture
def store(index_settings: Settings, hash_embedder: HashEmbedder) -> Iterator[ChromaStore]:
    value = ChromaStore(index_settings, hash_embedder)
    yield value
    value.close()


@pytest.fixture
def filled(store: ChromaStore, hash_embedder: HashEmbedder) -> ChromaStore:
    store.upsert(CHUNKS, hash_embedder.embed_documents([c.embed_text for c in CHUNKS]))
    return store


def ids(results: Sequence[tuple[Chunk, float]]) -> list[str]:
    return [c.chunk_id for c, _ in results]


# -- ChromaStore -------------------------------------------------------------------------------
def test_upsert_round_trips_every_field(filled: ChromaStore) -> None:
    assert filled.count() == len(CHUNKS)
    assert filled.all_chunks() == sorted(CHUNKS, key=lambda c: (c.doc_id, c.ordinal))


def test_upsert_is_idempotent_and_delete_removes(
    filled: ChromaStore, hash_embedder: HashEmbedder
) -> None:
    filled.upsert(CHUNKS[:2], hash_embedder.embed_documents([c.embed_text for c in CHUNKS[:2]]))
    assert filled.count() == len(CHUNKS)
    filled.delete([CHUNKS[0].chunk_id, CHUNKS[3].chunk_id])
    assert {c.chunk_id for c in filled.all_chunks()} == {
        c.chunk_id for c in CHUNKS if c not in (CHUNKS[0], CHUNKS[3])
    }
    filled.delete([])  # nothing to do is fine


def test_chunk_ids_for_maps_ids_to_document_hash(filled: ChromaStore) -> None:
    assert filled.chunk_ids_for("doc-b") == {c.chunk_id: "h1" for c in CHUNKS[3:]}
    assert filled.chunk_ids_for("no-such-doc") == {}


def test_chunk_ids_for_many_equals_chunk_ids_for_each(
    filled: ChromaStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = ["doc-a", "doc-b", "no-such-doc"]
    expected = {doc: filled.chunk_ids_for(doc) for doc in docs}
    assert filled.chunk_ids_for_many(docs) == expected
    assert filled.chunk_ids_for_many(["doc-b"]) == {"doc-b": expected["doc-b"]}
    assert filled.chunk_ids_for_many([]) == {}
    calls: list[Any] = []
    real_get = filled._collection.get

    def get(**kwargs: Any) -> Any:
        calls.append(kwargs.get("where"))
        return real_get(**kwargs)

    monkeypatch.setattr(filled._collection, "get", get)
    assert filled.chunk_ids_for_many(docs) == expected
    assert len(calls) == 1  # one query for the lot


def test_set_documents_writes_each_record_with_its_own_revision(store: ChromaStore) -> None:
    store.set_documents(
        [
            ("doc-a", {"doc_hash": "h1", "chunks": 3, "title": "A"}),
            ("doc-b", {"doc_hash": "h2", "chunks": 2, "title": "B"}),
        ]
    )
    store.set_documents([])  # nothing to do is fine
    records = store.documents()
    revisions = {doc: record.pop("revision") for doc, record in records.items()}
    assert records == {
        "doc-a": {"doc_hash": "h1", "chunks": 3, "title": "A"},
        "doc-b": {"doc_hash": "h2", "chunks": 2, "title": "B"},
    }
    assert len(set(revisions.values())) == 2


def test_query_ranks_the_nearest_chunk_first(
    filled: ChromaStore, hash_embedder: HashEmbedder
) -> None:
    vector = hash_embedder.embed_query(CHUNKS[3].embed_text)
    results = filled.query(vector, 3)
    assert len(results) == 3
    assert results[0][0] == CHUNKS[3]
    assert results[0][1] == pytest.approx(1.0, abs=1e-5)
    scores = [s for _, s in results]
    assert scores == sorted(scores, reverse=True)
    assert len(filled.query(vector, 50)) == len(CHUNKS)  # k beyond the count is fine
    assert filled.query(vector, 0) == []


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ({"doc_id": "doc-b"}, {3, 4}),
        ({"review": "Review B"}, {2}),
        ({"theme__escalation": True}, {0, 2}),
        ({"$and": [{"doc_id": "doc-a"}, {"theme__escalation": True}]}, {0, 2}),
        ({"$and": [{"doc_id": "doc-b"}, {"theme__escalation": True}]}, set()),
        ({"doc_id": "no-such-doc"}, set()),
    ],
)
def test_query_where_filters(
    filled: ChromaStore, hash_embedder: HashEmbedder, where: dict[str, Any], expected: set[int]
) -> None:
    vector = hash_embedder.embed_query("agencies assessment")
    want = {CHUNKS[i].chunk_id for i in expected}
    assert set(ids(filled.query(vector, 10, where))) == want
    # The same with the chunks known in memory (as the Index attaches them).
    filled.remember({c.chunk_id: c for c in CHUNKS})
    assert set(ids(filled.query(vector, 10, where))) == want


def test_filtered_query_sees_a_chunk_written_after_the_previous_refresh(
    filled: ChromaStore, hash_embedder: HashEmbedder
) -> None:
    """A few matching chunks are ranked exactly by their vectors, which are kept between
    queries (no Chroma read per question): a chunk written since is found once the new
    snapshot is remembered, and the kept vectors rank as a fresh read does."""
    fillers = [make_chunk("doc-f", i, f"Filler point number {i}.", review="F") for i in range(8)]
    filled.upsert(fillers, hash_embedder.embed_documents([c.embed_text for c in fillers]))
    known = [*CHUNKS, *fillers]
    vector = hash_embedder.embed_query("share information with mental health services")
    where = {"review": "Review B"}  # 1 of 13 chunks: ranked exactly
    filled.remember({c.chunk_id: c for c in known})
    first = filled.query(vector, 3, where)
    assert ids(first) == [CHUNKS[2].chunk_id]
    assert filled.query(vector, 3, where) == first
    extra = make_chunk(
        "doc-c", 1, "Share information with mental health services at once.", review="Review B"
    )
    filled.upsert([extra], hash_embedder.embed_documents([extra.embed_text]))
    filled.remember({c.chunk_id: c for c in [*known, extra]})
    again = filled.query(vector, 3, where)
    assert sorted(ids(again)) == sorted([CHUNKS[2].chunk_id, extra.chunk_id])
    assert dict(again)[CHUNKS[2]] == pytest.approx(first[0][1])


def test_query_fetches_chunks_missing_from_the_remembered_ones(
    filled: ChromaStore, hash_embedder: HashEmbedder
) -> None:
    filled.remember({CHUNKS[0].chunk_id: CHUNKS[0]})  # as if the others came from elsewhere
    results = filled.query(hash_embedder.embed_query("anything at all"), 10)
    assert sorted(ids(results)) == sorted(c.chunk_id for c in CHUNKS)
    assert {c.chunk_id: c for c, _ in results} == {c.chunk_id: c for c in CHUNKS}


def test_reads_records_written_in_the_flat_metadata_format(
    store: ChromaStore, hash_embedder: HashEmbedder
) -> None:
    """Indexes written before the compact format hold ``Chunk.metadata()`` as it is."""
    store._collection.upsert(
        ids=[c.chunk_id for c in CHUNKS],
        embeddings=hash_embedder.embed_documents([c.embed_text for c in CHUNKS]),
        documents=[c.embed_text for c in CHUNKS],
        metadatas=[c.metadata() for c in CHUNKS],  # type: ignore[misc]
    )
    assert store.all_chunks() == sorted(CHUNKS, key=lambda c: (c.doc_id, c.ordinal))
    vector = hash_embedder.embed_query(CHUNKS[1].embed_text)
    assert store.query(vector, 1, {"doc_id": "doc-a"})[0][0] == CHUNKS[1]
    assert store.chunk_ids_for("doc-a") == {c.chunk_id: "h1" for c in CHUNKS[:3]}


def test_writes_are_batched_within_the_client_limit(
    store: ChromaStore, hash_embedder: HashEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    sizes: list[int] = []
    real_upsert, real_delete = store._collection.upsert, store._collection.delete

    def upsert(**kwargs: Any) -> None:
        sizes.append(len(kwargs["ids"]))
        real_upsert(**kwargs)

    def delete(**kwargs: Any) -> None:
        sizes.append(len(kwargs["ids"]))
        real_delete(**kwargs)

    monkeypatch.setattr(store, "max_batch", 2)
    monkeypatch.setattr(store._collection, "upsert", upsert)
    monkeypatch.setattr(store._collection, "delete", delete)
    store.upsert(CHUNKS, hash_embedder.embed_documents([c.embed_text for c in CHUNKS]))
    assert sizes == [2, 2, 1]
    sizes.clear()
    store.delete([c.chunk_id for c in CHUNKS])
    assert sizes == [2, 2, 1]
    assert store.count() == 0


def test_all_chunks_reads_every_page(
    store: ChromaStore, hash_embedder: HashEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ingest.index

    monkeypatch.setattr(ingest.index, "_PAGE", 2)
    store.upsert(CHUNKS, hash_embedder.embed_documents([c.embed_text for c in CHUNKS]))
    assert store.all_chunks() == sorted(CHUNKS, key=lambda c: (c.doc_id, c.ordinal))


def test_registry_and_generation(store: ChromaStore) -> None:
    assert store.documents() == {}
    assert store.generation() == ""
    store.set_document("doc-a", {"doc_hash": "h1", "chunks": 3, "title": "A"})
    store.set_document("doc-b", {"doc_hash": "h2", "chunks": 2, "title": "B"})
    first = store.bump_generation()
    assert store.generation() == first != ""
    records = store.documents()
    revisions = {doc: record.pop("revision") for doc, record in records.items()}
    assert records == {
        "doc-a": {"doc_hash": "h1", "chunks": 3, "title": "A"},
        "doc-b": {"doc_hash": "h2", "chunks": 2, "title": "B"},
    }  # the generation record is not a document
    assert len(set(revisions.values())) == 2  # every write gets its own revision
    store.set_document("doc-b", {"doc_hash": "h2", "chunks": 2, "title": "B"})
    assert store.documents()["doc-b"]["revision"] != revisions["doc-b"]
    store.remove_document("doc-a")
    assert set(store.documents()) == {"doc-b"}
    second = store.bump_generation()
    assert second != first
    assert store.generation(max_age=0) == second


def test_generation_is_remembered_for_its_ttl(
    index_settings: Settings, hash_embedder: HashEmbedder
) -> None:
    """Embedded mode trusts the token for ever (this process is the only writer); a short TTL
    (server mode) sees another writer's bump once it expires."""
    store = ChromaStore(index_settings, hash_embedder)
    try:
        assert store.generation_ttl == math.inf
        store.bump_generation()
        mine = store.generation()
        # Another writer bumps the token behind this store's back.
        store._registry.upsert(
            ids=["__generation__"], embeddings=[[1.0]], metadatas=[{"value": "theirs"}]
        )
        assert store.generation() == mine
        assert store.generation(max_age=0) == "theirs"
        store.generation_ttl = 0.05
        store._registry.upsert(
            ids=["__generation__"], embeddings=[[1.0]], metadatas=[{"value": "later"}]
        )
        time.sleep(0.1)
        assert store.generation() == "later"
    finally:
        store.close()


# -- Bm25Index -------------------------------------------------------------------------------
def test_bm25_ranks_term_matches_and_respects_allowed() -> None:
    bm25 = Bm25Index(CHUNKS)
    hits = bm25.search("paediatric assessment of bruising", 3)
    assert hits[0][0] == CHUNKS[3]
    assert all(score > 0 for _, score in hits)
    only = bm25.search("assessment", 5, allowed={CHUNKS[1].chunk_id})
    assert [c for c, _ in only] == [CHUNKS[1]]
    assert bm25.search("assessment", 5, allowed={"unknown"}) == []
    assert bm25.search("zzzqqq", 5) == []
    assert bm25.search("the and of", 5) == []  # stop words only
    assert Bm25Index([]).search("assessment", 5) == []


def test_bm25_search_scores_as_bm25s_own_tokenize_and_retrieve() -> None:
    """search() tokenises the query itself (faster than ``bm25s.tokenize``); every score must
    equal what bm25s gives for its own tokenisation of the same query."""
    import bm25s
    import Stemmer

    bm25 = Bm25Index(CHUNKS)
    stemmer = Stemmer.Stemmer("english")
    reference = bm25s.BM25(backend="numpy")
    reference.index(
        bm25s.tokenize([c.embed_text for c in CHUNKS], stopwords="en", stemmer=stemmer),
        show_progress=False,
    )
    for query in (
        "Paediatric ASSESSMENT of bruising",
        "assessment assessment assessed assessing",  # repeats, one stem
        "What should the agencies do? Escalate!",  # stop words, punctuation
        "fathers' and men's assessments (household)",
        "a I x",  # one-letter tokens only
        "agencies\u2019 information-sharing with MENTAL health",  # unicode apostrophe, hyphen
        "",
    ):
        tokens = bm25s.tokenize(
            [query], stopwords="en", stemmer=stemmer, return_ids=False, show_progress=False
        )[0]
        ids = [reference.vocab_dict[t] for t in tokens if t in reference.vocab_dict]
        expected = reference.get_scores_from_ids(ids) if ids else [0.0] * len(CHUNKS)
        got = {c.chunk_id: s for c, s in bm25.search(query, len(CHUNKS))}
        for chunk, score in zip(CHUNKS, expected, strict=True):
            if score > 0:
                assert got.pop(chunk.chunk_id) == pytest.approx(float(score), abs=1e-6), query
        assert got == {}, query


# -- Index -----------------------------------------------------------------------------------
class CountingStore:
    """Wraps a store and counts full reads (a BM25 rebuild reads every chunk)."""

    def __init__(self, inner: ChromaStore, delay: float = 0.0) -> None:
        self.inner = inner
        self.full_reads = 0
        self.delay = delay

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def all_chunks(self) -> list[Chunk]:
        self.full_reads += 1
        time.sleep(self.delay)
        return self.inner.all_chunks()


def test_generation_bump_triggers_bm25_rebuild(
    filled: ChromaStore, hash_embedder: HashEmbedder
) -> None:
    filled.bump_generation()
    counting = CountingStore(filled)
    index = Index(counting, hash_embedder)  # type: ignore[arg-type]
    chunks, bm25 = index.snapshot()
    assert len(chunks) == len(bm25.chunks) == len(CHUNKS)
    index.snapshot()
    assert index.chunk(CHUNKS[0].chunk_id) == CHUNKS[0]
    assert counting.full_reads == 1  # unchanged generation: no rebuild

    extra = make_chunk("doc-c", 1, "Professional curiosity about who lives in the home.")
    filled.upsert([extra], hash_embedder.embed_documents([extra.embed_text]))
    filled.bump_generation()
    chunks, bm25 = index.snapshot()
    assert counting.full_reads == 2
    assert extra in chunks
    assert bm25.search("professional curiosity", 1)[0][0] == extra
    assert index.chunk(extra.chunk_id) == extra

    index.refresh(force=True)
    assert counting.full_reads == 3


def test_generation_bump_by_another_writer_is_seen_after_the_ttl(
    filled: ChromaStore, hash_embedder: HashEmbedder
) -> None:
    """What a server-mode reader sees: another process's ingest bumps the shared token."""
    filled.generation_ttl = 0.05
    index = Index(filled, hash_embedder)
    assert len(index.snapshot()[0]) == len(CHUNKS)
    filled._collection.delete(ids=[CHUNKS[0].chunk_id])  # "another process" ...
    filled._registry.upsert(
        ids=["__generation__"], embeddings=[[1.0]], metadatas=[{"value": "bumped-elsewhere"}]
    )  # ... and its bump
    time.sleep(0.1)
    chunks, _ = index.snapshot()
    assert CHUNKS[0] not in chunks and len(chunks) == len(CHUNKS) - 1


def test_refresh_reads_only_the_documents_that_changed(
    filled: ChromaStore, hash_embedder: HashEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chunks of documents whose registry record is unchanged are reused, not read again;
    a document another writer rewrote with the same chunk ids (an ``ingest --rebuild`` after
    a manifest title change) is read again; chunks this store wrote are not read back."""
    import ingest.index

    for doc in ("doc-a", "doc-b"):
        filled.set_document(doc, {"doc_hash": "h1", "title": f"Title of {doc}"})
    filled.bump_generation()
    index = Index(filled, hash_embedder)
    before = {c.chunk_id: c for c in index.snapshot()[0]}
    read: list[str] = []
    real_get = filled._collection.get

    def get(**kwargs: Any) -> Any:
        if "documents" in (kwargs.get("include") or []):
            read.extend(kwargs.get("ids") or ["<all>"])
        return real_get(**kwargs)

    monkeypatch.setattr(filled._collection, "get", get)
    renamed = [
        Chunk(**{**c.__dict__, "doc_title": "Renamed B"}) for c in CHUNKS if c.doc_id == "doc-b"
    ]
    # Another writer (as a server-mode ingest in another process) rewrites doc-b.
    filled._collection.upsert(
        ids=[c.chunk_id for c in renamed],
        embeddings=hash_embedder.embed_documents([c.embed_text for c in renamed]),
        documents=[c.embed_text for c in renamed],
        metadatas=[ingest.index._record(c) for c in renamed],
    )
    filled.set_document("doc-b", {"doc_hash": "h1", "title": "Renamed B"})
    filled.bump_generation()
    after = {c.chunk_id: c for c in index.snapshot()[0]}
    assert sorted(read) == sorted(c.chunk_id for c in renamed)
    assert set(after) == set(before)
    assert all(after[c.chunk_id] is before[c.chunk_id] for c in CHUNKS if c.doc_id == "doc-a")
    assert {after[c.chunk_id].doc_title for c in renamed} == {"Renamed B"}

    # This store writes doc-b again: the refresh takes the written chunks, reads nothing.
    read.clear()
    again = [Chunk(**{**c.__dict__, "doc_title": "Title B"}) for c in renamed]
    filled.upsert(again, hash_embedder.embed_documents([c.embed_text for c in again]))
    filled.set_document("doc-b", {"doc_hash": "h1", "title": "Title B"})
    filled.bump_generation()
    latest = {c.chunk_id: c for c in index.snapshot()[0]}
    assert read == []
    assert all(latest[c.chunk_id] is c for c in again)


def _many_chunks() -> list[Chunk]:
    themes = ("escalation", "fathers", "neglect")
    words = [
        "agency",
        "father",
        "baby",
        "bruise",
        "neglect",
        "school",
        "health",
        "police",
        "housing",
        "escalation",
    ]
    return [
        make_chunk(
            f"doc-{d}",
            i,
            f"Point {d}-{i}: "
            + " ".join(words[(d * 7 + i * 3 + j) % len(words)] for j in range(6)),
            review=f"Review {d % 3}",
            themes=tuple(t for n, t in enumerate(themes) if (d + i + n) % 3 == 0),
        )
        for d in range(6)
        for i in range(10)
    ]


@pytest.mark.parametrize("path", ["exact", "over-fetch", "chroma"])
@pytest.mark.parametrize(
    "where",
    [
        {"doc_id": "doc-2"},
        {"review": "Review 1"},
        {"theme__fathers": True},
        {"$and": [{"review": "Review 0"}, {"theme__neglect": True}]},
        {"$or": [{"doc_id": "doc-1"}, {"doc_id": "doc-4"}]},
    ],
)
def test_filtered_queries_agree_with_exact_search(
    store: ChromaStore,
    hash_embedder: HashEmbedder,
    monkeypatch: pytest.MonkeyPatch,
    path: str,
    where: dict[str, Any],
) -> None:
    """Each way of answering a ``where`` query returns the exact cosine top-k of the
    matching chunks (60 chunks: HNSW is exact at this size)."""
    import numpy as np

    import ingest.index

    chunks = _many_chunks()
    vectors = hash_embedder.embed_documents([c.embed_text for c in chunks])
    store.upsert(chunks, vectors)
    store.remember({c.chunk_id: c for c in chunks})
    limits = {"exact": (10_000, 0), "over-fetch": (0, 10_000), "chroma": (0, 0)}[path]
    monkeypatch.setattr(ingest.index, "_EXACT_MAX", limits[0])
    monkeypatch.setattr(ingest.index, "_DEPTH_MAX", limits[1])
    query = hash_embedder.embed_query("father bruise escalation health")
    matching = [
        (c, v) for c, v in zip(chunks, vectors, strict=True) if _evaluate(where, c.metadata())
    ]
    assert matching
    sims = [float(np.dot(v, query)) for _, v in matching]
    order = sorted(range(len(matching)), key=lambda i: -sims[i])[:5]
    got = store.query(query, 5, where)
    assert [s for _, s in got] == pytest.approx([sims[i] for i in order], abs=1e-4)
    ids_by_sim = {matching[i][0].chunk_id: sims[i] for i in range(len(matching))}
    for chunk, score in got:  # ties may come in either order; each hit must be a match
        assert ids_by_sim[chunk.chunk_id] == pytest.approx(score, abs=1e-4)


def _evaluate(where: dict[str, Any], meta: dict[str, Any]) -> bool:
    if "$and" in where:
        return all(_evaluate(w, meta) for w in where["$and"])
    if "$or" in where:
        return any(_evaluate(w, meta) for w in where["$or"])
    ((key, value),) = where.items()
    return meta.get(key) == value


def test_concurrent_first_snapshots_build_once(
    filled: ChromaStore, hash_embedder: HashEmbedder
) -> None:
    counting = CountingStore(filled, delay=0.2)
    index = Index(counting, hash_embedder)  # type: ignore[arg-type]
    sizes: list[int] = []
    threads = [
        threading.Thread(target=lambda: sizes.append(len(index.snapshot()[0]))) for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sizes == [len(CHUNKS)] * 4
    assert counting.full_reads == 1


def test_index_passes_its_chunks_to_the_store(
    filled: ChromaStore, hash_embedder: HashEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a refresh, dense queries take chunks from memory (only ids come from Chroma)."""
    index = Index(filled, hash_embedder)
    index.snapshot()
    fetched: list[int] = []
    real_get = filled._collection.get

    def get(**kwargs: Any) -> Any:
        fetched.append(len(kwargs.get("ids") or []))
        return real_get(**kwargs)

    monkeypatch.setattr(filled._collection, "get", get)
    results = filled.query(hash_embedder.embed_query("line managers"), 5)
    assert len(results) == 5
    assert fetched == []


def test_open_index_is_shared_and_close_releases_the_lock(
    index_settings: Settings, hash_embedder: HashEmbedder
) -> None:
    first = open_index(index_settings, hash_embedder)
    assert open_index(index_settings, hash_embedder) is first
    with pytest.raises(IndexBusyError):  # the folder is locked while the index is open
        ChromaStore(index_settings, hash_embedder)
    close_index(index_settings)
    second = ChromaStore(index_settings, hash_embedder)
    second.close()


# -- processes ---------------------------------------------------------------------------------
HOLD_LOCK = r"""
import sys, time
from pathlib import Path
from core.config import Settings
from ingest.index import ChromaStore
from tests.fakes import HashEmbedder
store = ChromaStore(Settings(index_dir=Path(sys.argv[1])), HashEmbedder())
print("locked", flush=True)
sys.stdin.readline()
store.close()
"""


@pytest.mark.slow
def test_embedded_lock_held_by_another_process_raises_index_busy(
    index_settings: Settings, hash_embedder: HashEmbedder
) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(index_settings.index_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "locked"
        with pytest.raises(IndexBusyError) as info:
            ChromaStore(index_settings, hash_embedder)
        assert "REVIEW_ASSISTANT_CHROMA_HOST" in str(info.value)
    finally:
        if child.stdin is not None:
            child.stdin.close()
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
    ChromaStore(index_settings, hash_embedder).close()  # free again once it exits


NO_TORCH = r"""
import json, sys
from pathlib import Path
from core.config import Settings
from assistant.service import Assistant
from ingest.index import close_index
from tests.fakes import HashEmbedder
settings = Settings(index_dir=Path(sys.argv[1]), corpus_dir=Path(sys.argv[2]))
first = Assistant.open(settings, embedder=HashEmbedder())
assert first.ingest().ok
close_index(settings)
assistant = Assistant.open(settings)  # the configured (lazy) model
report = assistant.ingest()
tree = assistant.corpus()
print(json.dumps({
    "statuses": sorted({o.status for o in report.outcomes}),
    "documents": len(tree),
    "torch": "torch" in sys.modules,
    "loaded": assistant.index.embedder.loaded,
}))
"""


@pytest.mark.slow
def test_unchanged_ingest_and_corpus_never_load_the_model(
    tmp_path: Path, corpus_copy: Path
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", NO_TORCH, str(tmp_path / "index"), str(corpus_copy)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    import json

    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"statuses": ["unchanged"], "documents": 5, "torch": False, "loaded": False}


# -- the lazy embedder -------------------------------------------------------------------------
def test_load_embedder_is_lazy_and_langchain_compatible(tmp_path: Path) -> None:
    from langchain_core.embeddings import Embeddings

    from ingest.embed import load_embedder

    embedder = load_embedder(Settings(index_dir=tmp_path / "index"))
    assert isinstance(embedder, Embeddings)
    assert load_embedder(Settings(index_dir=tmp_path / "other")) is embedder
    minilm = load_embedder(Settings(embedding_model="bundled:all-MiniLM-L6-v2"))
    assert isinstance(minilm, Embeddings) and minilm is not embedder
    assert minilm.folder.is_dir()  # type: ignore[union-attr]
    with pytest.raises(ConfigError):
        load_embedder(Settings(embedding_model=str(tmp_path / "no-model-here")))


@pytest.mark.slow
def test_default_e5_embedder_is_lazy_normalised_and_thread_safe() -> None:
    from concurrent.futures import ThreadPoolExecutor

    from ingest.embed import E5Embeddings

    embedder = E5Embeddings()
    assert not embedder.loaded
    assert embedder.embed_documents([]) == [] and not embedder.loaded
    query = embedder.embed_query("who must be involved in strategy discussions?")
    assert embedder.loaded and len(query) == 384
    assert sum(v * v for v in query) == pytest.approx(1.0, abs=1e-3)
    texts = [
        "The on-call Consultant Paediatrician must be involved in strategy discussions.",
        "Bruising on a non-mobile baby must always be investigated.",
        "Housing officers can make referrals.",
    ]
    docs = embedder.embed_documents(texts)
    scores = [sum(q * d for q, d in zip(query, doc, strict=True)) for doc in docs]
    assert scores.index(max(scores)) == 0  # query/passage prefixes: the right one ranks first
    # Concurrent callers (UI sessions beside an ingest) get the same vectors as one caller.
    with ThreadPoolExecutor(4) as pool:
        again = list(pool.map(lambda _: embedder.embed_documents(texts), range(8)))
    for vectors in again:
        for got, want in zip(vectors, docs, strict=True):
            assert got == pytest.approx(want, abs=1e-5)


@pytest.mark.slow
def test_lazy_embedder_loads_the_real_model_on_first_use(tmp_path: Path) -> None:
    from ingest.embed import LazyEmbeddings, model_path

    embedder = LazyEmbeddings(model_path("bundled:all-MiniLM-L6-v2"), batch_size=8)
    assert not embedder.loaded
    assert embedder.embed_documents([]) == [] and not embedder.loaded
    vector = embedder.embed_query("line managers and escalation")
    assert embedder.loaded
    assert len(vector) == 384
    assert sum(v * v for v in vector) == pytest.approx(1.0, abs=1e-4)
    docs = embedder.embed_documents(["line managers and escalation", "a baby's bruising"])
    assert docs[0] == pytest.approx(vector, abs=1e-5)
