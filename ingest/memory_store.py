"""An in-memory :class:`~core.protocols.VectorStore`: the store beside Chroma.

It keeps chunks, vectors, the registry and the generation token in this process (nothing is
persisted; like haystack's ``InMemoryDocumentStore``), with Chroma's behaviour where the index
and the pipeline rely on it: exact cosine ranking, the same filters (the one engine in
:mod:`ingest.filters`), a fresh ``revision`` on every registry write, a vector size fixed by
the first write until the store is empty and reset, ``all_chunks`` in document order. It is
not shared with other processes, so it takes no write leases. ``tests/ingest/
test_store_contract.py`` runs one suite over it and :class:`~ingest.index.ChromaStore`.

Use it where an index need not outlive the process: tests of everything that is not Chroma,
a throwaway index in a script.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from core.models import Chunk, Filters
from ingest.filters import FilterIndex


class InMemoryStore:
    """:class:`~core.protocols.VectorStore` held in memory (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._chunks: dict[str, Chunk] = {}
        self._vectors: dict[str, np.ndarray] = {}
        self._size: int | None = None
        self._registry: dict[str, dict[str, Any]] = {}
        self._generation = ""
        # Derived from the chunks at the first query after a write: postings for filters and
        # the vectors as one matrix.
        self._postings: FilterIndex | None = None
        self._rows: tuple[dict[str, int], np.ndarray, np.ndarray] = (
            {},
            np.zeros((0, 0)),
            np.zeros(0),
        )

    # -- chunks ---------------------------------------------------------------------------
    def upsert(self, chunks: Sequence[Chunk], embeddings: Sequence[Sequence[float]]) -> None:
        pairs = list(zip(chunks, embeddings, strict=True))
        with self._lock:
            size = self._size
            rows = []
            for chunk, embedding in pairs:
                vector = np.asarray(embedding, dtype=np.float32).reshape(-1)
                if size is None:
                    size = len(vector)
                if len(vector) != size:
                    # Chroma's wording, which the pipeline recognises.
                    raise ValueError(
                        f"Collection expecting embedding with dimension of {size}, "
                        f"got {len(vector)}"
                    )
                rows.append((chunk, vector))
            for chunk, vector in rows:
                self._chunks[chunk.chunk_id] = chunk
                self._vectors[chunk.chunk_id] = vector
            if rows:
                self._size = size
                self._postings = None

    def delete(self, chunk_ids: Sequence[str]) -> None:
        with self._lock:
            for cid in chunk_ids:
                self._chunks.pop(cid, None)
                self._vectors.pop(cid, None)
            self._postings = None

    def query(
        self, embedding: Sequence[float], k: int, filters: Filters | None = None
    ) -> list[tuple[Chunk, float]]:
        if k < 1:
            return []
        with self._lock:
            if self._postings is None:  # rebuilt after a write, not at every query
                self._view = _View(self._chunks, self._vectors)
                self._postings = FilterIndex(dict(self._chunks))
            view = self._view
            allowed = self._postings.ids(filters)
        if not allowed:
            return []
        rows = np.fromiter(sorted(view.row[cid] for cid in allowed), dtype=np.int64)
        vector = np.asarray(embedding, dtype=np.float32).reshape(-1)
        scale = view.norms[rows] * (float(np.linalg.norm(vector)) or 1.0)
        sims = (view.matrix[rows] @ vector) / np.where(scale > 0, scale, 1.0)
        top = np.argsort(-sims, kind="stable")[:k]
        return [(view.chunks[rows[i]], float(sims[i])) for i in top]

    def all_chunks(self, reuse: Mapping[str, Chunk] | None = None) -> list[Chunk]:
        with self._lock:
            chunks = list(self._chunks.values())
        return sorted(chunks, key=lambda c: (c.doc_id, c.ordinal))

    def chunk_ids_for(self, doc_id: str) -> dict[str, str]:
        with self._lock:
            return {cid: c.doc_hash for cid, c in self._chunks.items() if c.doc_id == doc_id}

    def chunk_ids_for_many(self, doc_ids: Sequence[str]) -> dict[str, dict[str, str]]:
        found: dict[str, dict[str, str]] = {doc_id: {} for doc_id in doc_ids}
        with self._lock:
            for cid, chunk in self._chunks.items():
                doc = found.get(chunk.doc_id)
                if doc is not None:
                    doc[cid] = chunk.doc_hash
        return found

    def count(self) -> int:
        with self._lock:
            return len(self._chunks)

    def vector_size(self) -> int | None:
        with self._lock:
            return self._size if self._chunks else None

    def reset_vectors(self) -> bool:
        with self._lock:
            if self._chunks:
                return False
            self._size = None
            return True

    # -- registry and generation ------------------------------------------------------------
    def documents(self) -> dict[str, dict[str, Any]]:
        with self._lock:
            return {doc_id: dict(record) for doc_id, record in self._registry.items()}

    def set_document(self, doc_id: str, record: Mapping[str, Any]) -> None:
        self.set_documents([(doc_id, record)])

    def set_documents(self, records: Sequence[tuple[str, Mapping[str, Any]]]) -> None:
        with self._lock:
            for doc_id, record in records:
                self._registry[doc_id] = {**record, "revision": uuid.uuid4().hex[:16]}

    def remove_document(self, doc_id: str) -> None:
        with self._lock:
            self._registry.pop(doc_id, None)

    def generation(self, max_age: float | None = None) -> str:
        return self._generation

    def bump_generation(self) -> str:
        with self._lock:
            self._generation = uuid.uuid4().hex
            return self._generation

    # -- sharing (none: this store lives in one process) ------------------------------------
    def take_lease(self, doc_hashes: Sequence[str]) -> str | None:
        return None

    def release_lease(self, token: str) -> None:
        return None

    def leased_hashes(self) -> set[str]:
        return set()

    def remember(self, chunks: Mapping[str, Chunk]) -> None:
        return None

    def close(self) -> None:
        return None


class _View:
    """The chunks and their vectors as one matrix (a row per chunk, with its norm)."""

    def __init__(self, chunks: Mapping[str, Chunk], vectors: Mapping[str, np.ndarray]) -> None:
        ids = sorted(chunks)
        self.chunks = [chunks[cid] for cid in ids]
        self.row = {cid: i for i, cid in enumerate(ids)}
        self.matrix = (
            np.vstack([vectors[cid] for cid in ids]) if ids else np.zeros((0, 0), np.float32)
        )
        self.norms = np.linalg.norm(self.matrix, axis=1) if ids else np.zeros(0, np.float32)
