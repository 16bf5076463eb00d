"""Index stage: chunks + vectors in Chroma, and a BM25 index over the same chunks.

Chroma is the single source of truth: every chunk (its enriched text, vector and metadata) and
a per-document registry (content hash, source, counts) live in it. The BM25 index is derived
from Chroma's chunks and rebuilt whenever the index *generation* (a token every ingest that
changes anything bumps) differs from the one it was built at. That keeps BM25 consistent with
the collection in embedded mode and when several processes share a ``chroma run`` server.

Embedded mode takes an exclusive file lock on the index folder: Chroma's PersistentClient is
not safe for two processes at once. Use server mode (``REVIEW_ASSISTANT_CHROMA_HOST``) to
share one index between processes.

How often the generation is read (it is one Chroma ``get``, and an HTTP round trip in server
mode):

* embedded mode: once. The folder lock makes this process the only writer, and
  :meth:`ChromaStore.bump_generation` updates the remembered token, so a query never reads it;
* server mode: at most every :data:`SERVER_GENERATION_TTL_S` seconds (2 s). Another process's
  ingest is therefore seen by BM25 at most 2 s after it finished; an ingest in this process is
  seen at once (it calls ``Index.refresh(force=True)``, which always reads the token).

A rebuild reads only what changed: the chunks of documents whose registry record is unchanged
(every write stamps a fresh ``revision`` into it) are reused from the previous snapshot; the
rest are read by id.

Dense queries over a library of up to ``Settings.exact_search_max`` chunks are exact: the
snapshot's vectors, normalised, sit in one in-memory matrix (built at the first query after a
refresh, reusing the previous snapshot's rows) and every one is compared. Chroma's HNSW query
cost ~1.5 ms at 163 chunks (most of an ask besides its embedding) and is approximate even
there. Larger libraries ask Chroma for ids and distances only and take the chunks from the
in-memory copy the BM25 index is built from (a chunk id is a hash of its content, so the copy
cannot be out of date for an id it holds); ids it does not hold yet (written by another process
since the last refresh) are fetched from Chroma. ``where`` filters are answered from that copy
too (see :meth:`ChromaStore.remember`).

Storage: each chunk's Chroma metadata keeps the keys filters use (doc_id, review, doc_hash,
``theme__*``) as plain keys and the other fields in one JSON string (``chunk``); records
written before (every ``Chunk.metadata()`` key plain) are still read.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import logging
import math
import os
import pickle
import re
import shutil
import sys
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

import numpy as np
from filelock import FileLock, Timeout

from core.config import Settings
from core.errors import IndexBusyError, IndexError_
from core.models import Chunk, Filters, theme_key
from core.protocols import Embedder, VectorStore
from core.text import INDEX_STOP_WORDS, content_terms
from ingest.embed_cache import CACHE_NAME, EmbeddingCache
from ingest.filters import FILTER_KEYS, FilterIndex, filter_terms
from ingest.registry import LEASE_TTL_S, SERVER_GENERATION_TTL_S, ChromaRegistry

__all__ = [
    "DEPTH_MAX",
    "EXACT_MAX",
    "LEASE_TTL_S",
    "PAGE",
    "SERVER_GENERATION_TTL_S",
    "Bm25Index",
    "ChromaStore",
    "Index",
    "SnapshotStore",
    "chroma_where",
    "close_index",
    "open_index",
]

log = logging.getLogger("review_assistant")
T = TypeVar("T")
PAGE = 500
"""Records per Chroma ``get``: bounds the transient memory of a full read."""
_PLAIN_KEYS = FILTER_KEYS | {"doc_hash"}
_THEME_PREFIX = theme_key("")
_BLOB_KEY = "chunk"
EXACT_MAX = 1000
"""Filtered query: rank at most this many matching vectors exactly (read by id)."""
DEPTH_MAX = 8000
"""Filtered query: post-filter at most this many unfiltered neighbours."""
_EXACT_CACHED = 16  # filters whose vectors stay in memory (at most 16 x EXACT_MAX x dim floats)
_TRIM_FROM = 5000  # chunks from which a refresh hands freed heap back to the OS
_WRITTEN_MAX = 200_000  # chunks written since the last full read kept for it (a cache)
_SHARED_FIELDS = ("doc_id", "doc_title", "review", "section", "learning_point", "doc_hash")


@dataclass(frozen=True)
class _Dense:
    """The vectors of one snapshot's chunks for exact search: ``matrix`` has a row of unit
    length (a zero vector stays zero) per chunk of ``ids``, in the snapshot's order."""

    chunks: Mapping[str, Chunk]  # the snapshot it was built for (identity is what counts)
    ids: list[str]
    rows: dict[str, int]
    matrix: np.ndarray
    row_chunks: list[Chunk]  # the chunk of each row


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    """``matrix`` (float32) with every non-zero row scaled to length 1, as Chroma's cosine
    space normalises what it stores."""
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.where(norms > 0, norms, 1.0)).astype(np.float32, copy=False)


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    """Positions of the ``k`` highest ``scores``, best first; equal scores in position order,
    so the result never depends on how a partition broke a tie."""
    if len(scores) > max(4 * k, 2048):  # else sorting them all is as quick
        floor = np.partition(scores, len(scores) - k)[len(scores) - k]
        candidates = np.flatnonzero(scores >= floor)
    else:
        candidates = np.arange(len(scores))
    order = np.argsort(-scores[candidates], kind="stable")
    return cast(np.ndarray, candidates[order[:k]])


def _chroma_settings() -> Any:
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


class ChromaStore:
    """:class:`VectorStore` over a Chroma collection (embedded or server).

    ``generation_ttl`` overrides how long a read generation token is trusted (seconds;
    default: for ever in embedded mode, :data:`SERVER_GENERATION_TTL_S` in server mode).
    ``client``: a Chroma client to use instead of opening one (its caller owns the folder:
    no lock is taken). ``exact_max`` / ``depth_max`` / ``page``: see :data:`EXACT_MAX`,
    :data:`DEPTH_MAX`, :data:`PAGE`. Up to ``exact_search_max`` remembered chunks (default:
    ``settings.exact_search_max``), dense queries are exact (see :meth:`remember`).
    """

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder | None = None,
        *,
        generation_ttl: float | None = None,
        client: Any = None,
        exact_max: int = EXACT_MAX,
        depth_max: int = DEPTH_MAX,
        page: int = PAGE,
        exact_search_max: int | None = None,
    ) -> None:
        import chromadb

        self._lock: FileLock | None = None
        self.location: str
        self.server_mode = settings.server_mode
        self.exact_max = exact_max
        self.depth_max = depth_max
        self.page = max(1, page)
        if generation_ttl is None:
            generation_ttl = SERVER_GENERATION_TTL_S if self.server_mode else math.inf
        self._known: Mapping[str, Chunk] = {}
        self._written: dict[str, Chunk] = {}
        self._written_lock = threading.Lock()
        self._postings: FilterIndex | None = None
        self._exact_vectors: dict[frozenset[str], tuple[list[str], np.ndarray, np.ndarray]] = {}
        # Exact search over the remembered chunks (small libraries): their vectors as one
        # matrix, the vectors this store wrote since (with the chunk each was written for),
        # and the last query's scores (a filtered question queries the same vector twice).
        self.exact_search_max = (
            settings.exact_search_max if exact_search_max is None else exact_search_max
        )
        self._dense: _Dense | None = None
        self._dense_lock = threading.Lock()
        self._written_vectors: dict[str, tuple[Chunk, np.ndarray]] = {}
        self._scores: tuple[_Dense, bytes, np.ndarray] | None = None
        try:
            if client is not None:
                self.location = "client"
            elif settings.server_mode:
                client = chromadb.HttpClient(
                    host=str(settings.chroma_host),
                    port=settings.chroma_port,
                    settings=_chroma_settings(),
                )
                self.location = f"http://{settings.chroma_host}:{settings.chroma_port}"
            else:
                folder = settings.index_dir
                folder.mkdir(parents=True, exist_ok=True)
                self._lock = FileLock(str(folder / ".lock"), timeout=0)
                try:
                    self._lock.acquire()
                except Timeout as exc:
                    raise IndexBusyError(
                        f"The index at {folder} is in use by another process (the chat UI or "
                        "an ingest). Stop it, or share one index with Chroma server mode "
                        "(REVIEW_ASSISTANT_CHROMA_HOST)."
                    ) from exc
                client = chromadb.PersistentClient(
                    path=str(folder / "chroma"), settings=_chroma_settings()
                )
                self.location = str(folder)
            self.client = client
            # Cosine distance, no embedding function (vectors are computed by the pipeline):
            # the collection langchain-chroma's ``Chroma`` creates, without importing it
            # (langchain_core's vector-store machinery cost ~0.3 s of every cold start).
            self._collection = _vector_collection(client, settings.collection)
            self.max_batch = int(client.get_max_batch_size())
            self.registry = ChromaRegistry(
                client.get_or_create_collection(
                    f"{settings.collection}_documents", metadata={"hnsw:space": "l2"}
                ),
                shared=self.server_mode,
                generation_ttl=generation_ttl,
                max_batch=self.max_batch,
            )
        except IndexBusyError:
            raise
        except Exception as exc:
            self.close()
            where = settings.chroma_host or settings.index_dir
            raise IndexError_(
                f"Cannot open the index at {where}: {exc}. Check the path/server, or rebuild "
                "with 'review-assistant ingest --rebuild'."
            ) from exc

    def vector_size(self) -> int | None:
        """The size of the stored vectors (``None`` when the collection is empty)."""
        got = self._collection.get(limit=1, include=["embeddings"])
        vectors = got.get("embeddings")
        if vectors is None or len(vectors) == 0:
            return None
        return len(vectors[0])

    def reset_vectors(self) -> bool:
        """Recreate the (empty) chunk collection so that the next write may carry vectors of
        another size (another embedding model). Embedded mode only: this process holds the
        folder lock, so no other process has a handle on the collection. Returns whether it
        was recreated."""
        if self.server_mode or self._collection.count():
            return False
        name = self._collection.name
        self.client.delete_collection(name)
        self._collection = _vector_collection(self.client, name)
        return True

    def close(self) -> None:
        """Release the folder lock (embedded mode)."""
        if self._lock is not None and self._lock.is_locked:
            self._lock.release()

    def _batches(self, size: int, items: Sequence[Any]) -> Iterable[Sequence[Any]]:
        step = max(1, min(size, self.max_batch))
        for start in range(0, len(items), step):
            yield items[start : start + step]

    # -- chunks ---------------------------------------------------------------------------
    def upsert(self, chunks: Sequence[Chunk], embeddings: Sequence[Sequence[float]]) -> None:
        pairs = list(zip(chunks, embeddings, strict=True))
        for batch in self._batches(self.max_batch, pairs):
            vectors = np.asarray([e for _, e in batch], dtype=np.float32)
            self._collection.upsert(
                ids=[c.chunk_id for c, _ in batch],
                embeddings=vectors,
                documents=[c.embed_text for c, _ in batch],
                metadatas=[_record(c) for c, _ in batch],
            )
            with self._written_lock:
                if len(self._written) > _WRITTEN_MAX:
                    self._written.clear()
                self._written.update((c.chunk_id, c) for c, _ in batch)
                # Kept for the next exact-search matrix (so a refresh after an ingest reads
                # no vector back), while they could all fit in one.
                kept = self._written_vectors
                if len(kept) + len(batch) > self.exact_search_max:
                    kept.clear()
                else:
                    kept.update(
                        (c.chunk_id, (c, v)) for (c, _), v in zip(batch, vectors, strict=True)
                    )

    def delete(self, chunk_ids: Sequence[str]) -> None:
        for batch in self._batches(self.max_batch, list(chunk_ids)):
            self._collection.delete(ids=list(batch))

    def remember(self, chunks: Mapping[str, Chunk]) -> None:
        """The chunks (by id) of the caller's current snapshot; :class:`Index` passes them
        after every refresh.

        :meth:`query` then returns chunks from them without reading them from Chroma (safe
        even when stale: a chunk id is a hash of the chunk's content, and ids missing from
        them are fetched), and answers ``where`` filters without Chroma's filtered search:
        Chroma 1.5 took 100-300 ms (seconds at times) for a filtered query over 100k chunks,
        against ~2 ms unfiltered. The ids matching the filter are looked up in memory; a
        few of them are ranked exactly by their vectors, many by post-filtering an
        over-fetched unfiltered search. Filtered results are thus drawn from the snapshot,
        as BM25's are.

        Up to ``exact_search_max`` remembered chunks, dense queries (filtered or not) are
        exact instead: every remembered chunk's vector is compared (see :meth:`_matrix`), so
        they, too, are drawn from the snapshot.
        """
        self._known = chunks
        self._postings = None
        self._exact_vectors = {}

    def _filter_ids(self, filters: Filters) -> set[str] | None:
        """Ids of remembered chunks passing ``filters`` (``None``: none remembered)."""
        known = self._known
        if not known:
            return None
        postings = self._postings
        if postings is None or postings.chunks is not known:
            postings = FilterIndex(known)
            self._postings = postings
        return postings.ids(filters)

    def query(
        self, embedding: Sequence[float], k: int, filters: Filters | None = None
    ) -> list[tuple[Chunk, float]]:
        if k < 1:
            return []
        vector = np.asarray(embedding, dtype=np.float32)
        dense = self._matrix()
        if dense is not None and dense.matrix.shape[1] == len(vector):
            allowed = self._filter_ids(filters) if filters is not None else None
            return self._exact_all(dense, vector, k, allowed)
        where = chroma_where(filters)
        if where is None:
            return self._knn(vector, k)
        allowed = self._filter_ids(filters) if filters is not None else None
        if allowed is not None:
            return self._filtered_query(vector, k, allowed, where)
        return self._knn(vector, k, where)

    def _matrix(self) -> _Dense | None:
        """The remembered chunks' vectors for exact search (``None``: none remembered, or
        more than ``exact_search_max``), built at the first query after :meth:`remember`."""
        known = self._known
        if not known or len(known) > self.exact_search_max:
            return None
        dense = self._dense
        if dense is not None and dense.chunks is known:
            return dense
        with self._dense_lock:
            dense = self._dense
            if dense is None or dense.chunks is not self._known:
                dense = self._build_matrix(self._known, dense)
                self._dense = dense
            return dense

    def _build_matrix(self, known: Mapping[str, Chunk], previous: _Dense | None) -> _Dense:
        """The matrix of ``known``'s vectors. A row is reused only for the very chunk object
        it was made for: from the previous matrix (a chunk the refresh kept) or as this store
        wrote it; every other vector is read from Chroma. (A chunk id is a hash of the
        chunk's content, not of its vector: after a re-embedding with another model, an id
        comes back as a new object and its new vector is read.)"""
        with self._written_lock:
            written, self._written_vectors = self._written_vectors, {}
        ids = list(known)
        vectors: dict[str, np.ndarray] = {}
        for cid in ids:
            chunk = known[cid]
            if previous is not None and previous.chunks.get(cid) is chunk:
                vectors[cid] = previous.matrix[previous.rows[cid]]
            elif cid in written and written[cid][0] is chunk:
                vectors[cid] = _unit_rows(written[cid][1][None, :])[0]
        missing = [cid for cid in ids if cid not in vectors]
        for batch in self._batches(self.page, missing):
            got = self._collection.get(ids=list(batch), include=["embeddings"])
            if len(got["ids"]):
                block = _unit_rows(np.asarray(got["embeddings"], dtype=np.float32))
                vectors.update(zip(got["ids"], block, strict=True))
        # Ids Chroma no longer holds (deleted by another process since the refresh) drop out.
        ids = [cid for cid in ids if cid in vectors]
        matrix = np.vstack([vectors[cid] for cid in ids]) if ids else np.zeros((0, 0), np.float32)
        rows = {cid: i for i, cid in enumerate(ids)}
        return _Dense(known, ids, rows, matrix, [known[cid] for cid in ids])

    def _exact_all(
        self, dense: _Dense, vector: np.ndarray, k: int, allowed: set[str] | None
    ) -> list[tuple[Chunk, float]]:
        """Cosine top-k over every row of ``dense`` (or the rows of ``allowed``)."""
        key = vector.tobytes()
        cached = self._scores
        if cached is not None and cached[0] is dense and cached[1] == key:
            scores = cached[2]
        else:
            norm = math.sqrt(float(vector @ vector)) or 1.0
            # einsum, not ``matrix @ vector``: BLAS hands a matrix-vector product to its
            # thread pool, which on busy shared cores took 1.6-4 ms for 2,000 rows (einsum
            # runs in this thread: 0.15 ms).
            scores = np.einsum("ij,j->i", dense.matrix, vector / norm)
            self._scores = (dense, key, scores)
        if allowed is None:
            top = _top(scores, k)
        else:
            found = [dense.rows[cid] for cid in allowed if cid in dense.rows]
            rows = np.sort(np.fromiter(found, dtype=np.int64, count=len(found)))
            top = rows[_top(scores[rows], k)]
        chunks = dense.row_chunks
        return list(zip([chunks[i] for i in top.tolist()], scores[top].tolist(), strict=True))

    def _knn(
        self,
        vector: np.ndarray,
        k: int,
        where: Mapping[str, Any] | None = None,
        allowed: set[str] | None = None,
    ) -> list[tuple[Chunk, float]]:
        result = self._collection.query(
            query_embeddings=vector[None, :],
            n_results=k,
            where=dict(where) if where else None,
            include=["distances"],
        )
        ids = (result.get("ids") or [[]])[0]
        dists = (result.get("distances") or [[]])[0]
        hits = [
            (cid, dist)
            for cid, dist in zip(ids, dists, strict=True)
            if allowed is None or cid in allowed
        ]
        found = self._chunks_by_id([cid for cid, _ in hits])
        return [(found[cid], 1.0 - float(dist)) for cid, dist in hits if cid in found]

    def _filtered_query(
        self, vector: np.ndarray, k: int, allowed: set[str], where: Mapping[str, Any]
    ) -> list[tuple[Chunk, float]]:
        if not allowed:
            return []
        total = max(len(self._known), len(allowed))
        few = len(allowed) <= self.exact_max
        # Unfiltered neighbours needed to expect 2k matches among them, if matches were
        # spread evenly; they are not (a theme clusters), hence the deepening below.
        depth = min(total, math.ceil(2 * k * total / len(allowed)) + k)
        if few and (4 * len(allowed) <= depth or depth > self.depth_max):
            return self._exact(vector, k, allowed)
        if depth <= self.depth_max:
            while True:
                hits = self._knn(vector, depth, allowed=allowed)
                if len(hits) >= k or depth >= total:
                    return hits[:k]
                if depth >= self.depth_max or (few and len(allowed) <= depth):
                    break
                depth = min(total, self.depth_max, depth * 4)
        if few:
            return self._exact(vector, k, allowed)
        return self._knn(vector, k, where)

    def _exact(self, vector: np.ndarray, k: int, allowed: set[str]) -> list[tuple[Chunk, float]]:
        """Cosine top-k over the vectors of ``allowed`` (read by id)."""
        key = frozenset(allowed)
        cached = self._exact_vectors.get(key)
        if cached is None:
            ids: list[str] = []
            blocks: list[np.ndarray] = []
            for batch in self._batches(self.page, sorted(allowed)):
                got = self._collection.get(ids=list(batch), include=["embeddings"])
                if len(got["ids"]):
                    ids.extend(got["ids"])
                    blocks.append(np.asarray(got["embeddings"], dtype=np.float32))
            if not ids:
                return []
            matrix = np.vstack(blocks)
            cached = (ids, matrix, np.linalg.norm(matrix, axis=1))
            # The same filter (a named review, a theme) comes back question after question:
            # its vectors are kept until the next refresh (a chunk id is a hash of its
            # content, so they cannot go stale before), for a few filters at a time.
            with self._written_lock:
                while len(self._exact_vectors) >= _EXACT_CACHED:
                    del self._exact_vectors[next(iter(self._exact_vectors))]
                self._exact_vectors[key] = cached
        ids, matrix, row_norms = cached
        norms = row_norms * (float(np.linalg.norm(vector)) or 1.0)
        sims = (matrix @ vector) / np.where(norms > 0, norms, 1.0)
        top = np.argsort(-sims, kind="stable")[:k]
        found = self._chunks_by_id([ids[i] for i in top])
        return [(found[ids[i]], float(sims[i])) for i in top if ids[i] in found]

    def _chunks_by_id(self, ids: Sequence[str]) -> dict[str, Chunk]:
        known = self._known
        found = {cid: known[cid] for cid in ids if cid in known}
        missing = [cid for cid in ids if cid not in found]
        for batch in self._batches(self.max_batch, missing):
            got = self._collection.get(ids=list(batch), include=["documents", "metadatas"])
            for cid, doc, meta in zip(
                got["ids"], got["documents"] or [], got["metadatas"] or [], strict=True
            ):
                found[cid] = _chunk(cid, doc, meta)
        return found

    def all_chunks(self, reuse: Mapping[str, Chunk] | None = None) -> list[Chunk]:
        """Every chunk, in document order.

        ``reuse`` (the chunks of the previous snapshot, by id) and the chunks this store
        wrote since the last call are taken as they are: only the ids are listed, and only
        the other chunks are read from Chroma. After an ingest, the refresh reads nothing
        back, and the old and new snapshots (and the pipeline) share their chunk objects
        instead of holding two copies.
        """
        known = reuse or {}
        with self._written_lock:  # chunks this store wrote: the next refresh needs no read
            written, self._written = self._written, {}
        ids = list(self._collection.get(include=[])["ids"])
        chunks = {cid: known[cid] for cid in ids if cid in known}
        chunks.update((cid, written[cid]) for cid in ids if cid in written)
        missing = [cid for cid in ids if cid not in chunks]
        shared: dict[str, str] = {}  # one string object for values repeated across chunks
        for batch in self._batches(self.page, missing):
            got = self._collection.get(ids=list(batch), include=["documents", "metadatas"])
            for cid, doc, meta in zip(
                got["ids"], got["documents"] or [], got["metadatas"] or [], strict=True
            ):
                chunks[cid] = _chunk(cid, doc, meta, shared)
        return sorted(chunks.values(), key=lambda c: (c.doc_id, c.ordinal))

    def chunk_ids_for(self, doc_id: str) -> dict[str, str]:
        got = self._collection.get(where={"doc_id": doc_id}, include=["metadatas"])
        return {
            cid: str((meta or {}).get("doc_hash", ""))
            for cid, meta in zip(got["ids"], got["metadatas"] or [], strict=True)
        }

    def chunk_ids_for_many(self, doc_ids: Sequence[str]) -> dict[str, dict[str, str]]:
        """:meth:`chunk_ids_for` of several documents, in one Chroma ``get`` per 100 ids
        (every document is a key, ``{}`` when it has no chunks)."""
        found: dict[str, dict[str, str]] = {doc_id: {} for doc_id in doc_ids}
        for batch in self._batches(100, list(found)):
            where: Any = {"doc_id": batch[0]}
            if len(batch) > 1:
                where = {"doc_id": {"$in": list(batch)}}
            got = self._collection.get(where=where, include=["metadatas"])
            for cid, meta in zip(got["ids"], got["metadatas"] or [], strict=True):
                meta = meta or {}
                doc = found.get(str(meta.get("doc_id", "")))
                if doc is not None:
                    doc[cid] = str(meta.get("doc_hash", ""))
        return found

    def count(self) -> int:
        return int(self._collection.count())

    # -- document registry, generation and write leases (ingest/registry.py) ---------------
    @property
    def generation_ttl(self) -> float:
        """How long a read generation token is trusted (seconds)."""
        return self.registry.generation_ttl

    @generation_ttl.setter
    def generation_ttl(self, value: float) -> None:
        self.registry.generation_ttl = value

    def documents(self) -> dict[str, dict[str, Any]]:
        return self.registry.documents()

    def set_document(self, doc_id: str, record: Mapping[str, Any]) -> None:
        """Record ``doc_id``; a fresh ``revision`` marks every write (see :class:`Index`)."""
        self.registry.set_documents([(doc_id, record)])

    def set_documents(self, records: Sequence[tuple[str, Mapping[str, Any]]]) -> None:
        self.registry.set_documents(records)

    def remove_document(self, doc_id: str) -> None:
        self.registry.remove_document(doc_id)

    def generation(self, max_age: float | None = None) -> str:
        return self.registry.generation(max_age)

    def bump_generation(self) -> str:
        return self.registry.bump_generation()

    def take_lease(self, doc_hashes: Sequence[str]) -> str | None:
        return self.registry.take_lease(doc_hashes)

    def release_lease(self, token: str) -> None:
        self.registry.release_lease(token)

    def leased_hashes(self) -> set[str]:
        return self.registry.leased_hashes()


def _vector_collection(client: Any, name: str) -> Any:
    """The chunk collection ``name`` (cosine distance), created if missing."""
    return client.get_or_create_collection(
        name=name, embedding_function=None, metadata={"hnsw:space": "cosine"}
    )


def chroma_where(filters: Filters | None) -> dict[str, Any] | None:
    """The Chroma ``where`` clause of ``filters`` (``None``: no restriction): its terms
    (:func:`ingest.filters.filter_terms`), joined by ``$and``."""
    clauses = [{key: value} for key, value in filter_terms(filters)]
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _record(chunk: Chunk) -> dict[str, str | int | float | bool]:
    """Chroma metadata for ``chunk``: the keys ``where`` filters use stay plain (doc_id,
    review, doc_hash, ``theme__*`` flags); every other field goes in one JSON string.

    Chroma stores a row per metadata key and reads them back one by one: with ~15 keys a
    full read of 100k chunks took 3.4x longer and held ~5x more transient memory.
    """
    meta = chunk.metadata()
    record: dict[str, str | int | float | bool] = {}
    rest: dict[str, str | int | float | bool] = {}
    for key, value in meta.items():
        if key in _PLAIN_KEYS or key.startswith(_THEME_PREFIX):
            record[key] = value
        elif key != "chunk_id":  # the Chroma id
            rest[key] = value
    record[_BLOB_KEY] = json.dumps(rest, ensure_ascii=False, separators=(",", ":"))
    return record


def _chunk(
    chunk_id: str,
    document: str | None,
    meta: Mapping[str, Any] | None,
    shared: dict[str, str] | None = None,
) -> Chunk:
    """The chunk a Chroma record holds (the compact format of :func:`_record`, or the flat
    ``Chunk.metadata()`` format of indexes written before it)."""
    fields: dict[str, Any] = dict(meta or {})
    blob = fields.pop(_BLOB_KEY, None)
    if isinstance(blob, str):
        fields.update(json.loads(blob))
    fields.setdefault("chunk_id", chunk_id)
    if shared is not None:
        for key in _SHARED_FIELDS:
            value = fields.get(key)
            if isinstance(value, str):
                fields[key] = shared.setdefault(value, value)
    if fields.get("source_text") == fields.get("text"):
        fields["source_text"] = fields.get("text")
    return Chunk.from_metadata(document or "", fields)


def _bm25s() -> Any:
    """The ``bm25s`` module, imported without numba when nothing has imported numba yet.

    bm25s imports numba whenever it is installed (it is, for ranx, in dev installs): ~1 s of
    every cold start, plus JIT compilation on the first query with its "auto" backend. The
    index uses bm25s' numpy backend (fast enough: ~1-2 ms a query at 100k chunks), so the
    import is hidden from it; numba itself stays importable for others afterwards.
    """
    if "bm25s" not in sys.modules and "numba" not in sys.modules:
        sys.modules["numba"] = None  # type: ignore[assignment]  # makes ``import numba`` fail
        try:
            import bm25s
        finally:
            del sys.modules["numba"]
    import bm25s

    return bm25s


class Bm25Index:
    """BM25 (bm25s) over chunks' enriched text, in the toolkit's terms
    (:func:`core.text.content_terms` with the index's stop words: folded, Snowball-stemmed)."""

    def __init__(self, chunks: Sequence[Chunk]) -> None:
        bm25s = _bm25s()

        self.chunks = list(chunks)
        self._positions = {c.chunk_id: i for i, c in enumerate(self.chunks)}
        self._model: Any = None
        if self.chunks:
            tokens = [content_terms(c.embed_text, INDEX_STOP_WORDS) for c in self.chunks]
            self._model = bm25s.BM25(backend="numpy")
            self._model.index(tokens, show_progress=False)

    @classmethod
    def load(cls, folder: Path, chunks: Sequence[Chunk]) -> Bm25Index:
        """The index :meth:`save` wrote to ``folder`` over ``chunks`` (the same chunks, in the
        same order), its arrays memory-mapped."""
        bm25s = _bm25s()
        index = cls.__new__(cls)
        index.chunks = list(chunks)
        index._positions = {c.chunk_id: i for i, c in enumerate(index.chunks)}
        index._model = None
        if index.chunks:
            index._model = bm25s.BM25.load(str(folder), mmap=True, show_progress=False)
            scores = index._model.scores
            for key in ("data", "indices", "indptr"):
                # Plain ndarray views of the same mapped pages: every slice of an
                # ``np.memmap`` is another memmap (~3 us each, ~30 slices a query).
                if isinstance(scores.get(key), np.memmap):
                    scores[key] = scores[key].view(np.ndarray)
            docs = int(index._model.scores.get("num_docs", -1))
            if docs != len(index.chunks):
                raise ValueError(f"BM25 index of {docs} documents for {len(chunks)} chunks")
        return index

    def save(self, folder: Path) -> None:
        """Write the index's arrays and vocabulary to ``folder`` (see :meth:`load`)."""
        folder.mkdir(parents=True, exist_ok=True)
        if self._model is not None:
            self._model.save(str(folder), show_progress=False)

    def search(
        self, query: str, k: int, allowed: set[str] | None = None
    ) -> list[tuple[Chunk, float]]:
        """Top ``k`` chunks for ``query``; ``allowed`` limits the result to those chunk ids."""
        if self._model is None or k < 1:
            return []
        bm25s = _bm25s()
        # Scores straight from the index's arrays: ``BM25.retrieve`` costs ~1.5 ms more per
        # query in a thread pool and progress bars it starts even for one query.
        words = content_terms(query, INDEX_STOP_WORDS)
        vocab = self._model.vocab_dict
        ids = [vocab[w] for w in words if w in vocab]
        if not ids:
            return []  # the query shares no term with the corpus vocabulary
        mask = None
        if allowed is not None:
            positions = [p for p in map(self._positions.get, allowed) if p is not None]
            if not positions:
                return []
            mask = np.zeros(len(self.chunks), dtype=np.float32)
            mask[positions] = 1.0
        scores = self._model.get_scores_from_ids(ids, weight_mask=mask)
        n = min(k, len(self.chunks))
        top_scores, top = bm25s.selection.topk(scores, n, backend="numpy", sorted=True)
        return [
            (self.chunks[int(i)], float(s))
            for i, s in zip(top, top_scores, strict=True)
            if float(s) > 0
        ]


@dataclass(frozen=True)
class _State:
    """One consistent view: the chunks at ``generation`` and the BM25 index over them."""

    generation: str
    chunks: list[Chunk]
    by_id: dict[str, Chunk]
    bm25: Bm25Index
    documents: dict[str, dict[str, Any]]
    # Other structures derived from the chunks (see :meth:`Index.derived`), by name.
    extras: dict[str, Any] = dataclasses.field(default_factory=dict)


def _release_free_memory() -> None:
    """Hand memory freed inside malloc's arenas back to the OS (glibc ``malloc_trim``).

    Reading 100k chunks leaves ~30-60 MB of freed but fragmented heap that later numpy
    allocations (BM25) cannot reuse; trimming it lowered the peak RSS of a 100k-chunk
    refresh by ~50 MB. A no-op where there is no glibc.
    """
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


SNAPSHOT_FORMAT = 2
"""Version of the persisted snapshot's layout and of the terms its BM25 index and coverage
were built from (a different one is rebuilt, never read). 2: the toolkit's ``content_terms``."""
_CHUNK_FIELDS = tuple(f.name for f in dataclasses.fields(Chunk))


class _NoGlobals(pickle.Unpickler):
    """Unpickles plain data only (tuples, lists, str, int, None): a snapshot names no class or
    function, so a tampered file cannot make loading run code."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a snapshot")


class SnapshotStore:
    """The derived state of an index (its chunks, registry records and BM25 index) persisted
    per generation in ``<folder>/snapshot-<collection>/<generation>/``, so that a new process
    opens a large index without reading every chunk from Chroma and rebuilding BM25.

    A snapshot is written to a temporary folder and renamed into place, its ``manifest.json``
    (format, generation, chunk fields, and the size and SHA-256 of every file) written last;
    loading checks all of it, and a snapshot that fails any check (partial, damaged, another
    format or chunk layout) is deleted and rebuilt, never served. The BM25 arrays are
    memory-mapped. Only the newest snapshot is kept.

    In server mode ``folder`` is this client's own index folder: each client keeps its own
    snapshot, and one of another generation is the base of an incremental rebuild (only the
    documents whose registry record changed are read from the server).
    """

    def __init__(self, folder: Path, collection: str) -> None:
        self.root = Path(folder) / f"snapshot-{collection}"

    def _folder(self, generation: str) -> Path:
        if not re.fullmatch(r"[0-9A-Za-z_-]{1,64}", generation):
            raise ValueError(f"not a generation token: {generation!r}")
        return self.root / generation

    def load(self, generation: str | None = None) -> _State | None:
        """The snapshot of ``generation`` (default: the newest one), or ``None`` when there is
        none or it fails a check (it is then deleted)."""
        try:
            if generation is None:
                found = sorted(
                    (d for d in self.root.iterdir() if (d / "manifest.json").is_file()),
                    key=lambda d: d.stat().st_mtime,
                )
                if not found:
                    return None
                folder = found[-1]
                generation = folder.name
            else:
                folder = self._folder(generation)
            if not (folder / "manifest.json").is_file():
                return None
        except (OSError, ValueError):
            return None
        try:
            return self._read(folder, generation)
        except Exception as exc:
            log.warning("index snapshot %s is unusable (%s); rebuilding it", folder, exc)
            shutil.rmtree(folder, ignore_errors=True)
            return None

    def _read(self, folder: Path, generation: str) -> _State:
        manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
        if manifest.get("format") != SNAPSHOT_FORMAT:
            raise ValueError(f"format {manifest.get('format')!r}")
        if manifest.get("generation") != generation:
            raise ValueError("generation mismatch")
        if tuple(manifest.get("fields", ())) != _CHUNK_FIELDS:
            raise ValueError("written by a version with other chunk fields")
        files: dict[str, list[Any]] = manifest["files"]
        if "chunks.pkl" not in files or "documents.json" not in files:
            raise ValueError("files missing from its manifest")
        present = {str(f.relative_to(folder)) for f in folder.rglob("*") if f.is_file()} - {
            "manifest.json"
        }
        if present != set(files):
            raise ValueError("its files differ from its manifest")
        for name, (size, digest) in files.items():
            if _digest(folder / name) != (size, digest):
                raise ValueError(f"{name} is damaged")
        with (folder / "chunks.pkl").open("rb") as handle:
            rows = _NoGlobals(handle).load()
        if not isinstance(rows, list) or len(rows) != manifest.get("count"):
            raise ValueError("chunk count differs from its manifest")
        chunks = [Chunk(*row) for row in rows]
        documents = json.loads((folder / "documents.json").read_text("utf-8"))
        if not isinstance(documents, dict):
            raise ValueError("documents.json is not an object")
        by_id = {c.chunk_id: c for c in chunks}
        if len(by_id) != len(chunks):
            raise ValueError("duplicate chunk ids")
        bm25 = Bm25Index.load(folder / "bm25", chunks)
        return _State(generation, chunks, by_id, bm25, documents)

    def _extra_path(self, generation: str, name: str) -> Path:
        if not re.fullmatch(r"[a-z0-9_]{1,40}", name):
            raise ValueError(f"not a derived-structure name: {name!r}")
        return self.root / f"{self._folder(generation).name}.{name}.json"

    def load_extra(self, generation: str, name: str) -> Any:
        """The value :meth:`save_extra` stored for ``generation`` (``None``: none, or unusable,
        in which case it is deleted)."""
        try:
            path = self._extra_path(generation, name)
            if not path.is_file():
                return None
            saved = json.loads(path.read_text("utf-8"))
            if not isinstance(saved, dict) or saved.get("generation") != generation:
                raise ValueError("written for another generation")
            return saved["value"]
        except Exception as exc:
            log.warning("derived index data %r is unusable (%s); rebuilding it", name, exc)
            with contextlib.suppress(OSError, ValueError):
                self._extra_path(generation, name).unlink(missing_ok=True)
            return None

    def save_extra(self, generation: str, name: str, value: Any) -> None:
        """Persist a JSON-serialisable structure derived from ``generation``'s chunks."""
        try:
            path = self._extra_path(generation, name)
            self.root.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".tmp-{uuid.uuid4().hex}")
            tmp.write_text(json.dumps({"generation": generation, "value": value}), "utf-8")
            os.replace(tmp, path)
        except (OSError, ValueError, TypeError):
            log.warning("could not save derived index data %r", name, exc_info=True)

    def save(self, state: _State) -> None:
        """Persist ``state`` (a failure is logged: the snapshot only saves work)."""
        try:
            final = self._folder(state.generation)
            if (final / "manifest.json").is_file():
                return
            self.root.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=self.root))
        except (OSError, ValueError):
            log.warning("could not save the index snapshot", exc_info=True)
            return
        try:
            rows = [tuple(getattr(c, f) for f in _CHUNK_FIELDS) for c in state.chunks]
            with (tmp / "chunks.pkl").open("wb") as handle:
                pickle.dump(rows, handle, protocol=pickle.HIGHEST_PROTOCOL)
            (tmp / "documents.json").write_text(
                json.dumps(state.documents, ensure_ascii=False), encoding="utf-8"
            )
            state.bm25.save(tmp / "bm25")
            files = {
                str(f.relative_to(tmp)): list(_digest(f)) for f in tmp.rglob("*") if f.is_file()
            }
            manifest = {
                "format": SNAPSHOT_FORMAT,
                "generation": state.generation,
                "fields": list(_CHUNK_FIELDS),
                "count": len(rows),
                "files": files,
            }
            (tmp / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
            shutil.rmtree(final, ignore_errors=True)  # a partial one, without manifest
            os.replace(tmp, final)
        except OSError:
            log.warning("could not save the index snapshot", exc_info=True)
            shutil.rmtree(tmp, ignore_errors=True)
            return
        for other in self.root.iterdir():
            if other.name == final.name or other.name.startswith(f"{final.name}."):
                continue
            if other.is_dir():
                shutil.rmtree(other, ignore_errors=True)
            elif not other.name.startswith(".tmp-"):  # another process may be writing it
                other.unlink(missing_ok=True)


def _digest(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 22), b""):
            size += len(block)
            digest.update(block)
    return size, digest.hexdigest()


class Index:
    """The open index of one process: vector store, embedder and the derived BM25 index."""

    def __init__(
        self,
        store: VectorStore,
        embedder: Embedder,
        *,
        embed_cache: EmbeddingCache | None = None,
        cache_model: str = "",
        snapshots: SnapshotStore | None = None,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.snapshots = snapshots
        # Vectors by model + embed text (see ingest/embed_cache.py); ``cache_model`` names
        # the model the vectors come from.
        self.embed_cache = embed_cache
        self.cache_model = cache_model
        self._sync_lock = threading.Lock()
        self._derived_lock = threading.Lock()
        self._state: _State | None = None

    def _read_generation(self, fresh: bool) -> str:
        return self.store.generation(max_age=0 if fresh else None)

    def _current(self, force: bool = False) -> _State:
        state = self._state
        if not force and state is not None:
            if self._read_generation(fresh=False) == state.generation:
                return state
            # Stale. If another thread is already rebuilding, serve the previous view.
            if not self._sync_lock.acquire(blocking=False):
                return state
        else:
            self._sync_lock.acquire()
        try:
            # Read the token before the chunks: a write that lands while they are read
            # bumps it again, so the next check rebuilds.
            generation = self._read_generation(fresh=True)
            state = self._state
            if not force and state is not None and state.generation == generation:
                return state
            if state is None and self.snapshots is not None and generation:
                # A new process: the snapshot of this generation if there is one, else the
                # newest one as the base of an incremental rebuild.
                saved = self.snapshots.load(generation)
                if saved is not None:
                    return self._install(saved)
                state = self.snapshots.load()
            # Chunks of documents whose registry record (with its per-write revision) is
            # unchanged are reused, not read again. The registry is read before the ids, so
            # a document rewritten meanwhile is read afresh at the next generation.
            documents = self.store.documents()
            reuse = None
            if state is not None:
                same = {d for d, r in documents.items() if state.documents.get(d) == r}
                reuse = {cid: c for cid, c in state.by_id.items() if c.doc_id in same}
            chunks = self.store.all_chunks(reuse=reuse)
            big = len(chunks) >= _TRIM_FROM
            if big:
                _release_free_memory()  # the read's garbage, before BM25 allocates its own
            by_id = {c.chunk_id: c for c in chunks}
            state = _State(generation, chunks, by_id, Bm25Index(chunks), documents)
            self._install(state)
            if big:
                _release_free_memory()  # the BM25 build's and the previous snapshot's
            if self.snapshots is not None and generation:
                self.snapshots.save(state)
            return state
        finally:
            self._sync_lock.release()

    def _install(self, state: _State) -> _State:
        self._state = state
        self.store.remember(state.by_id)
        return state

    def refresh(self, force: bool = False) -> None:
        """Reload chunks and rebuild BM25 when the store's generation changed."""
        self._current(force)

    def derived(
        self,
        name: str,
        build: Callable[[list[Chunk]], T],
        dump: Callable[[T], Any],
        load: Callable[[Any], T],
    ) -> T:
        """A structure built from the current chunks (e.g. the scope's vocabulary), built once
        per generation and persisted beside the snapshot as JSON (``dump`` / ``load``), so a
        new process does not rebuild it: at 100k chunks the scope's took minutes."""
        state = self._current()
        value = state.extras.get(name)
        if value is not None:
            return cast(T, value)
        with self._derived_lock:
            value = state.extras.get(name)
            if value is not None:
                return cast(T, value)
            snapshots = self.snapshots if state.generation else None
            raw = snapshots.load_extra(state.generation, name) if snapshots else None
            if raw is not None:
                try:
                    value = load(raw)
                except Exception as exc:
                    log.warning("derived index data %r is unusable (%s); rebuilding", name, exc)
            if value is None:
                value = build(state.chunks)
                if snapshots is not None:
                    snapshots.save_extra(state.generation, name, dump(value))
            state.extras[name] = value
            return value

    def snapshot(self) -> tuple[list[Chunk], Bm25Index]:
        """Chunks and BM25 index consistent with each other (refreshed if stale)."""
        state = self._current()
        return state.chunks, state.bm25

    def chunk(self, chunk_id: str) -> Chunk | None:
        return self._current().by_id.get(chunk_id)

    def registry(self) -> dict[str, dict[str, Any]]:
        """The document registry as of the current snapshot: which version of each document
        is the current one."""
        return self._current().documents

    def close(self) -> None:
        self.store.close()
        if self.embed_cache is not None:
            self.embed_cache.close()


_OPEN: dict[tuple[str, str, str], Index] = {}
_OPEN_LOCK = threading.Lock()


def _key(settings: Settings) -> tuple[str, str, str]:
    where = (
        f"{settings.chroma_host}:{settings.chroma_port}"
        if settings.server_mode
        else str(Path(settings.index_dir).resolve())
    )
    return where, settings.collection, settings.embedding_model


def open_index(settings: Settings, embedder: Embedder | None = None) -> Index:
    """The process-wide :class:`Index` for ``settings`` (opened once, then shared).

    ``embedder`` overrides the configured model (tests pass a deterministic fake). The
    configured model is lazy: it loads on the first embedding call, not here.
    """
    from ingest.embed import load_embedder

    key = _key(settings)
    with _OPEN_LOCK:
        index = _OPEN.get(key)
        if index is None or (embedder is not None and index.embedder is not embedder):
            if index is not None:
                index.close()
            model = embedder if embedder is not None else load_embedder(settings)
            index = Index(
                ChromaStore(settings, model),
                model,
                embed_cache=EmbeddingCache(Path(settings.index_dir) / CACHE_NAME),
                cache_model=_cache_model(settings, embedder),
                snapshots=SnapshotStore(Path(settings.index_dir), settings.collection),
            )
            _OPEN[key] = index
        return index


def _cache_model(settings: Settings, embedder: Embedder | None) -> str:
    """The name the embedding cache files vectors under: the configured model, or for an
    embedder passed in (a test double) its class too, so its vectors never mix with a real
    model's."""
    if embedder is None:
        return settings.embedding_model
    kind = type(embedder)
    return f"{kind.__module__}.{kind.__qualname__}|{settings.embedding_model}"


def close_index(settings: Settings) -> None:
    """Close and forget the shared index for ``settings`` (releases the folder lock)."""
    with _OPEN_LOCK:
        index = _OPEN.pop(_key(settings), None)
    if index is not None:
        index.close()
