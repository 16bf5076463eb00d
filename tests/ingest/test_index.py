"""Unit tests of the index layer: ChromaStore (its own behaviour; what every store does is in
``test_store_contract.py``), Bm25Index, Index, the lazy embedder.

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
from core.models import Chunk, Filters
from core.protocols import VectorStore
from ingest.filters import matches
from ingest.index import Bm25Index, ChromaStore, Index, close_index, open_index
from ingest.memory_store import InMemoryStore
from tests.builders import make_chunk, many_chunks, sample_chunks
from tests.fakes import HashEmbedder

REPO = Path(__file__).resolve().parents[2]


CHUNKS = sample_chunks()


class SpyCollection:
    """A Chroma collection that records the calls made to it (name, keyword arguments)."""

    def __init__(self, inner: Any, calls: list[tuple[str, dict[str, Any]]]) -> None:
        self.inner = inner
        self.calls = calls

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.inner, name)
        if name not in ("get", "upsert", "delete", "query"):
            return attr

        def call(**kwargs: Any) -> Any:
            self.calls.append((name, kwargs))
            return attr(**kwargs)

        return call


class SpyClient:
    """A Chroma client whose collections record their calls (``max_batch``: the batch size
    it reports)."""

    def __init__(self, inner: Any, max_batch: int | None = None) -> None:
        self.inner = inner
        self.max_batch = max_batch
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def get_or_create_collection(self, *args: Any, **kwargs: Any) -> SpyCollection:
        return SpyCollection(self.inner.get_or_create_collection(*args, **kwargs), self.calls)

    def get_max_batch_size(self) -> int:
        return self.max_batch or int(self.inner.get_max_batch_size())

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def named(self, method: str) -> list[dict[str, Any]]:
        return [kwargs for name, kwargs in self.calls if name == method]


@pytest.fixture
def index_settings(tmp_path: Path) -> Iterator[Settings]:
    value = Settings(index_dir=tmp_path / "index", corpus_dir=tmp_path / "corpus")
    yield value
    close_index(value)


@pytest.fixture
def client(index_settings: Settings) -> SpyClient:
    """A Chroma client over the test's index folder (several stores may share it, as
    processes share a server)."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    folder = index_settings.index_dir / "chroma"
    folder.mkdir(parents=True, exist_ok=True)
    inner = chromadb.PersistentClient(
        path=str(folder), settings=ChromaSettings(anonymized_telemetry=False)
    )
    return SpyClient(inner)


@pytest.fixture
def store(index_settings: Settings, client: SpyClient) -> Iterator[ChromaStore]:
    value = ChromaStore(index_settings, client=client)
    yield value
    value.close()


@pytest.fixture
def filled(store: ChromaStore, hash_embedder: HashEmbedder) -> ChromaStore:
    store.upsert(CHUNKS, hash_embedder.embed_documents([c.embed_text for c in CHUNKS]))
    return store


def ids(results: Sequence[tuple[Chunk, float]]) -> list[str]:
    return [c.chunk_id for c, _ in results]


# -- ChromaStore (what every store does: tests/ingest/test_store_contract.py) -----------------
def test_chunk_ids_for_many_reads_in_one_query(filled: ChromaStore, client: SpyClient) -> None:
    docs = ["doc-a", "doc-b", "no-such-doc"]
    expected = {doc: filled.chunk_ids_for(doc) for doc in docs}
    client.calls.clear()
    assert filled.chunk_ids_for_many(docs) == expected
    assert len(client.named("get")) == 1  # one query for the lot


def test_reads_records_written_in_the_flat_metadata_format(
    store: ChromaStore, client: SpyClient, index_settings: Settings, hash_embedder: HashEmbedder
) -> None:
    """Indexes written before the compact format hold ``Chunk.metadata()`` as it is."""
    client.inner.get_or_create_collection(index_settings.collection).upsert(
        ids=[c.chunk_id for c in CHUNKS],
        embeddings=hash_embedder.embed_documents([c.embed_text for c in CHUNKS]),
        documents=[c.embed_text for c in CHUNKS],
        metadatas=[c.metadata() for c in CHUNKS],
    )
    assert store.all_chunks() == sorted(CHUNKS, key=lambda c: (c.doc_id, c.ordinal))
    vector = hash_embedder.embed_query(CHUNKS[1].embed_text)
    assert store.query(vector, 1, Filters(doc="doc-a"))[0][0] == CHUNKS[1]
    assert store.chunk_ids_for("doc-a") == {c.chunk_id: "h1" for c in CHUNKS[:3]}


def test_writes_are_batched_within_the_client_limit(
    index_settings: Settings, client: SpyClient, hash_embedder: HashEmbedder
) -> None:
    client.max_batch = 2
    store = ChromaStore(index_settings, client=client)
    store.upsert(CHUNKS, hash_embedder.embed_documents([c.embed_text for c in CHUNKS]))
    assert [len(c["ids"]) for c in client.named("upsert")] == [2, 2, 1]
    store.delete([c.chunk_id for c in CHUNKS])
    assert [len(c["ids"]) for c in client.named("delete")] == [2, 2, 1]
    assert store.count() == 0


def test_all_chunks_reads_every_page(
    index_settings: Settings, client: SpyClient, hash_embedder: HashEmbedder
) -> None:
    writer = ChromaStore(index_settings, client=client)
    writer.upsert(CHUNKS, hash_embedder.embed_documents([c.embed_text for c in CHUNKS]))
    reader = ChromaStore(index_settings, client=client, page=2)  # wrote nothing itself
    client.calls.clear()
    assert reader.all_chunks() == sorted(CHUNKS, key=lambda c: (c.doc_id, c.ordinal))
    reads = [c for c in client.named("get") if c.get("ids")]
    assert [len(c["ids"]) for c in reads] == [2, 2, 1]


def test_generation_is_remembered_for_its_ttl(index_settings: Settings, client: SpyClient) -> None:
    """Embedded mode trusts the token for ever (this process is the only writer); a short TTL
    (server mode) sees another writer's bump once it expires."""
    store = ChromaStore(index_settings)
    try:
        assert store.generation_ttl == math.inf
    finally:
        store.close()
    store = ChromaStore(index_settings, client=client, generation_ttl=math.inf)
    other = ChromaStore(index_settings, client=client)  # another writer on the same server
    store.bump_generation()
    mine = store.generation()
    theirs = other.bump_generation()
    assert store.generation() == mine
    assert store.generation(max_age=0) == theirs
    store.generation_ttl = 0.05
    later = other.bump_generation()
    time.sleep(0.1)
    assert store.generation() == later


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


def test_bm25_loads_memory_mapped_arrays_as_plain_arrays(tmp_path: Path) -> None:
    """A loaded index answers as the one saved, from the file's mapped pages (not a copy),
    through plain ndarray views (a slice of an ``np.memmap`` costs ~3 us more, ~30 a query)."""
    import mmap

    import numpy as np

    chunks = many_chunks()
    built = Bm25Index(chunks)
    built.save(tmp_path / "bm25")
    loaded = Bm25Index.load(tmp_path / "bm25", chunks)
    for query in ("father bruise escalation", "school health police", "zzz"):
        assert loaded.search(query, 10) == built.search(query, 10)
    for key in ("data", "indices", "indptr"):
        array = loaded._model.scores[key]
        assert type(array) is np.ndarray
        while isinstance(array, np.ndarray):
            array = array.base
        assert isinstance(array, mmap.mmap)


# -- Index -----------------------------------------------------------------------------------
class CountingStore:
    """Wraps a store and counts full reads (a BM25 rebuild reads every chunk)."""

    def __init__(self, inner: VectorStore, delay: float = 0.0) -> None:
        self.inner = inner
        self.full_reads = 0
        self.delay = delay

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def all_chunks(self, reuse: Any = None) -> list[Chunk]:
        self.full_reads += 1
        time.sleep(self.delay)
        return self.inner.all_chunks(reuse)


@pytest.fixture
def memory(hash_embedder: HashEmbedder) -> InMemoryStore:
    value = InMemoryStore()
    value.upsert(CHUNKS, hash_embedder.embed_documents([c.embed_text for c in CHUNKS]))
    return value


def test_generation_bump_triggers_bm25_rebuild(
    memory: InMemoryStore, hash_embedder: HashEmbedder
) -> None:
    memory.bump_generation()
    counting = CountingStore(memory)
    index = Index(counting, hash_embedder)
    chunks, bm25 = index.snapshot()
    assert len(chunks) == len(bm25.chunks) == len(CHUNKS)
    index.snapshot()
    assert index.chunk(CHUNKS[0].chunk_id) == CHUNKS[0]
    assert counting.full_reads == 1  # unchanged generation: no rebuild

    extra = make_chunk("doc-c", 1, "Professional curiosity about who lives in the home.")
    memory.upsert([extra], hash_embedder.embed_documents([extra.embed_text]))
    memory.bump_generation()
    chunks, bm25 = index.snapshot()
    assert counting.full_reads == 2
    assert extra in chunks
    assert bm25.search("professional curiosity", 1)[0][0] == extra
    assert index.chunk(extra.chunk_id) == extra

    index.refresh(force=True)
    assert counting.full_reads == 3


def test_generation_bump_by_another_writer_is_seen_after_the_ttl(
    filled: ChromaStore, index_settings: Settings, client: SpyClient, hash_embedder: HashEmbedder
) -> None:
    """What a server-mode reader sees: another process's ingest bumps the shared token."""
    filled.generation_ttl = 0.05
    index = Index(filled, hash_embedder)
    assert len(index.snapshot()[0]) == len(CHUNKS)
    other = ChromaStore(index_settings, client=client)  # "another process" ...
    other.delete([CHUNKS[0].chunk_id])
    other.bump_generation()  # ... and its bump
    time.sleep(0.1)
    chunks, _ = index.snapshot()
    assert CHUNKS[0] not in chunks and len(chunks) == len(CHUNKS) - 1


def test_refresh_reads_only_the_documents_that_changed(
    filled: ChromaStore, index_settings: Settings, client: SpyClient, hash_embedder: HashEmbedder
) -> None:
    """Chunks of documents whose registry record is unchanged are reused, not read again;
    a document another writer rewrote with the same chunk ids (an ``ingest --rebuild`` after
    a manifest title change) is read again; chunks this store wrote are not read back."""
    filled.generation_ttl = 0  # as in server mode, where another writer's bump is seen
    for doc in ("doc-a", "doc-b"):
        filled.set_document(doc, {"doc_hash": "h1", "title": f"Title of {doc}"})
    filled.bump_generation()
    index = Index(filled, hash_embedder)
    before = {c.chunk_id: c for c in index.snapshot()[0]}

    def read() -> list[str]:
        return sorted(
            cid
            for c in client.named("get")
            if "documents" in (c.get("include") or [])
            for cid in (c.get("ids") or ["<all>"])
        )

    renamed = [
        Chunk(**{**c.__dict__, "doc_title": "Renamed B"}) for c in CHUNKS if c.doc_id == "doc-b"
    ]
    # Another writer (as a server-mode ingest in another process) rewrites doc-b.
    other = ChromaStore(index_settings, client=client)
    other.upsert(renamed, hash_embedder.embed_documents([c.embed_text for c in renamed]))
    other.set_document("doc-b", {"doc_hash": "h1", "title": "Renamed B"})
    other.bump_generation()
    client.calls.clear()
    after = {c.chunk_id: c for c in index.snapshot()[0]}
    assert read() == sorted(c.chunk_id for c in renamed)
    assert set(after) == set(before)
    assert all(after[c.chunk_id] is before[c.chunk_id] for c in CHUNKS if c.doc_id == "doc-a")
    assert {after[c.chunk_id].doc_title for c in renamed} == {"Renamed B"}

    # This store writes doc-b again: the refresh takes the written chunks, reads nothing.
    again = [Chunk(**{**c.__dict__, "doc_title": "Title B"}) for c in renamed]
    filled.upsert(again, hash_embedder.embed_documents([c.embed_text for c in again]))
    filled.set_document("doc-b", {"doc_hash": "h1", "title": "Title B"})
    filled.bump_generation()
    client.calls.clear()
    latest = {c.chunk_id: c for c in index.snapshot()[0]}
    assert read() == []
    assert all(latest[c.chunk_id] is c for c in again)


@pytest.mark.parametrize("path", ["matrix", "exact", "over-fetch", "chroma"])
@pytest.mark.parametrize(
    "filters",
    [
        Filters(doc="doc-2"),
        Filters(review="Review 1"),
        Filters(theme="fathers"),
        Filters(review="Review 0", theme="neglect"),
    ],
    ids=str,
)
def test_filtered_queries_agree_with_exact_search(
    index_settings: Settings,
    client: SpyClient,
    hash_embedder: HashEmbedder,
    path: str,
    filters: Filters,
) -> None:
    """Each way of answering a filtered query (the small library's matrix of every vector,
    ranking the matching vectors exactly, post-filtering an over-fetched search, Chroma's own
    ``where``) returns the exact cosine top-k of the matching chunks (60 chunks: HNSW is exact
    at this size)."""
    import numpy as np

    limits = {
        "matrix": (0, 0, 10_000),
        "exact": (10_000, 0, 0),
        "over-fetch": (0, 10_000, 0),
        "chroma": (0, 0, 0),
    }[path]
    store = ChromaStore(
        index_settings,
        client=client,
        exact_max=limits[0],
        depth_max=limits[1],
        exact_search_max=limits[2],
    )
    chunks = many_chunks()
    vectors = hash_embedder.embed_documents([c.embed_text for c in chunks])
    store.upsert(chunks, vectors)
    store.remember({c.chunk_id: c for c in chunks})
    query = hash_embedder.embed_query("father bruise escalation health")
    matching = [(c, v) for c, v in zip(chunks, vectors, strict=True) if matches(c, filters)]
    assert matching
    sims = [float(np.dot(v, query)) for _, v in matching]
    order = sorted(range(len(matching)), key=lambda i: -sims[i])[:5]
    client.calls.clear()
    got = store.query(query, 5, filters)
    assert [s for _, s in got] == pytest.approx([sims[i] for i in order], abs=1e-4)
    ids_by_sim = {matching[i][0].chunk_id: sims[i] for i in range(len(matching))}
    for chunk, score in got:  # ties may come in either order; each hit must be a match
        assert ids_by_sim[chunk.chunk_id] == pytest.approx(score, abs=1e-4)
    # The path taken: the matrix and exact read vectors by id; the others search (with a
    # where: Chroma).
    searches = client.named("query")
    if path in ("matrix", "exact"):
        assert searches == []
    else:
        assert searches and all(
            (c.get("where") is not None) == (path == "chroma") for c in searches
        )


# -- exact dense search over a small library (ChromaStore's in-memory matrix) ----------------
def _exact_top(
    chunks: Sequence[Chunk], vectors: Sequence[Sequence[float]], query: Sequence[float], k: int
) -> list[tuple[str, float]]:
    """The exact cosine top ``k`` of ``chunks``, equal similarities in the given order."""
    import numpy as np

    matrix = np.asarray(vectors, dtype=np.float64)
    q = np.asarray(query, dtype=np.float64)
    sims = (matrix @ q) / (np.linalg.norm(matrix, axis=1) * np.linalg.norm(q))
    order = sorted(range(len(chunks)), key=lambda i: -round(float(sims[i]), 9))[:k]
    return [(chunks[i].chunk_id, float(sims[i])) for i in order]


def _searches(client: SpyClient) -> tuple[list[dict[str, Any]], list[str]]:
    """Chroma's HNSW queries made, and the ids whose vectors were read."""
    read = [
        cid
        for c in client.named("get")
        if "embeddings" in (c.get("include") or [])
        for cid in (c.get("ids") or [])
    ]
    return client.named("query"), read


def test_small_library_dense_search_is_exact_without_asking_chroma(
    store: ChromaStore, client: SpyClient, hash_embedder: HashEmbedder
) -> None:
    """Up to ``exact_search_max`` remembered chunks every vector is compared in memory: the
    exact cosine ranking (equal similarities in snapshot order, so a duplicate passage's
    place never depends on a search's luck), filtered or not. The vectors this store wrote
    are used as written: nothing is read back or searched in Chroma."""
    chunks = many_chunks()
    twin = make_chunk("doc-9", 0, chunks[7].text, review=chunks[7].review)  # the same vector
    chunks = [*chunks, twin]
    vectors = hash_embedder.embed_documents([c.embed_text for c in chunks])
    store.upsert(chunks, vectors)
    store.remember({c.chunk_id: c for c in chunks})
    client.calls.clear()
    for question in ("father bruise escalation health", chunks[7].text, "police housing"):
        query = hash_embedder.embed_query(question)
        got = store.query(query, 12)
        want = _exact_top(chunks, vectors, query, 12)
        assert ids(got) == [cid for cid, _ in want]
        assert [s for _, s in got] == pytest.approx([s for _, s in want], abs=1e-5)
        assert ids(store.query(query, 500)) == [
            cid for cid, _ in _exact_top(chunks, vectors, query, 500)
        ]
        review = Filters(review="Review 1")
        kept = [(c, v) for c, v in zip(chunks, vectors, strict=True) if matches(c, review)]
        want = _exact_top([c for c, _ in kept], [v for _, v in kept], query, 5)
        assert ids(store.query(query, 5, review)) == [cid for cid, _ in want]
    top = ids(store.query(hash_embedder.embed_query(chunks[7].text), 2))
    assert top == [chunks[7].chunk_id, twin.chunk_id]
    assert _searches(client) == ([], [])


def test_exact_search_matrix_is_read_once_then_updated_by_what_changed(
    index_settings: Settings, client: SpyClient, hash_embedder: HashEmbedder
) -> None:
    """A reader that wrote nothing (another process, a new one) reads the vectors once, at
    its first query; after a refresh that keeps most chunk objects only the new chunks'
    vectors are read. A chunk re-read under the same id (another writer re-embedded it, e.g.
    with another model) is a new object, and its new vector is read, never the old row."""
    chunks = many_chunks()
    vectors = hash_embedder.embed_documents([c.embed_text for c in chunks])
    writer = ChromaStore(index_settings, client=client)
    writer.upsert(chunks, vectors)
    reader = ChromaStore(index_settings, client=client, page=25)
    known = {c.chunk_id: c for c in reader.all_chunks()}
    reader.remember(known)
    client.calls.clear()
    query = hash_embedder.embed_query("baby neglect school")
    assert ids(reader.query(query, 5)) == [c for c, _ in _exact_top(chunks, vectors, query, 5)]
    searches, read = _searches(client)
    assert searches == [] and sorted(read) == sorted(known)
    client.calls.clear()
    reader.query(query, 5, Filters(theme="fathers"))
    assert _searches(client) == ([], [])

    extra = make_chunk("doc-9", 1, "A housing officer noticed the baby's bruise first.")
    writer.upsert([extra], hash_embedder.embed_documents([extra.embed_text]))
    moved = chunks[3]
    flipped = [-x for x in hash_embedder.embed_documents([moved.embed_text])[0]]
    writer.upsert([moved], [flipped])  # the same id, another vector
    reread = Chunk(**moved.__dict__)
    reader.remember({**known, moved.chunk_id: reread, extra.chunk_id: extra})
    client.calls.clear()
    query = hash_embedder.embed_query(extra.text)
    assert ids(reader.query(query, 1)) == [extra.chunk_id]
    searches, read = _searches(client)
    assert searches == [] and sorted(read) == sorted([extra.chunk_id, moved.chunk_id])
    got = dict((c.chunk_id, s) for c, s in reader.query(flipped, 100))
    assert got[moved.chunk_id] == pytest.approx(1.0, abs=1e-5)


def test_larger_libraries_are_searched_by_chroma(
    index_settings: Settings, client: SpyClient, hash_embedder: HashEmbedder
) -> None:
    chunks = many_chunks()
    vectors = hash_embedder.embed_documents([c.embed_text for c in chunks])
    store = ChromaStore(index_settings, client=client, exact_search_max=len(chunks) - 1)
    store.upsert(chunks, vectors)
    store.remember({c.chunk_id: c for c in chunks})
    client.calls.clear()
    query = hash_embedder.embed_query("father bruise escalation health")
    got = [s for _, s in store.query(query, 5)]  # HNSW orders ties as it meets them
    assert got == pytest.approx([s for _, s in _exact_top(chunks, vectors, query, 5)], abs=1e-5)
    searches, read = _searches(client)
    assert len(searches) == 1 and read == []


def test_exact_search_follows_another_writers_changes_through_the_generation(
    filled: ChromaStore, index_settings: Settings, client: SpyClient, hash_embedder: HashEmbedder
) -> None:
    """Server mode: the matrix is the snapshot's, so another process's new and deleted chunks
    show in dense results once the generation token says so, as in BM25's."""
    filled.generation_ttl = 0.05
    index = Index(filled, hash_embedder)
    index.snapshot()
    extra = make_chunk("doc-c", 1, "Professional curiosity about who lives in the home.")
    query = hash_embedder.embed_query(extra.text)
    assert extra.chunk_id not in ids(filled.query(query, 10))
    other = ChromaStore(index_settings, client=client)
    other.upsert([extra], hash_embedder.embed_documents([extra.embed_text]))
    other.delete([CHUNKS[0].chunk_id])
    other.bump_generation()
    time.sleep(0.1)
    index.snapshot()  # what every search does first
    found = ids(filled.query(query, 10))
    assert found[0] == extra.chunk_id and CHUNKS[0].chunk_id not in found
    assert len(found) == len(CHUNKS)


def test_concurrent_first_snapshots_build_once(
    memory: InMemoryStore, hash_embedder: HashEmbedder
) -> None:
    counting = CountingStore(memory, delay=0.2)
    index = Index(counting, hash_embedder)
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
    filled: ChromaStore, client: SpyClient, hash_embedder: HashEmbedder
) -> None:
    """After a refresh, dense queries take chunks from memory (only ids come from Chroma)."""
    index = Index(filled, hash_embedder)
    index.snapshot()
    client.calls.clear()
    results = filled.query(hash_embedder.embed_query("line managers"), 5)
    assert len(results) == 5
    assert client.named("get") == []


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


def test_filtered_query_sees_a_chunk_written_after_the_previous_refresh(
    filled: ChromaStore, hash_embedder: HashEmbedder, client: SpyClient
) -> None:
    """A few matching chunks are ranked exactly by their vectors, which are kept between
    queries (no Chroma read per question): a chunk written since is found once the new
    snapshot is remembered, and the kept vectors rank as a fresh read does."""
    fillers = [make_chunk("doc-f", i, f"Filler point number {i}.", review="F") for i in range(8)]
    filled.upsert(fillers, hash_embedder.embed_documents([c.embed_text for c in fillers]))
    known = [*CHUNKS, *fillers]
    vector = hash_embedder.embed_query("share information with mental health services")
    where = Filters(review="Review B")  # 1 of 13 chunks: ranked exactly
    filled.remember({c.chunk_id: c for c in known})
    first = filled.query(vector, 3, where)
    assert ids(first) == [CHUNKS[2].chunk_id]
    client.calls.clear()
    assert filled.query(vector, 3, where) == first
    assert client.named("get") == []  # its vectors were kept, not read again
    extra = make_chunk(
        "doc-c", 1, "Share information with mental health services at once.", review="Review B"
    )
    filled.upsert([extra], hash_embedder.embed_documents([extra.embed_text]))
    filled.remember({c.chunk_id: c for c in [*known, extra]})
    again = filled.query(vector, 3, where)
    assert sorted(ids(again)) == sorted([CHUNKS[2].chunk_id, extra.chunk_id])
    assert dict(again)[CHUNKS[2]] == pytest.approx(first[0][1])


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
