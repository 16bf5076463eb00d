"""The seams of the pipeline. Real adapters wrap sentence-transformers / LangChain / Chroma;
tests plug in deterministic fakes (a hash embedder, a scripted chat model)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

from core.models import Chunk, Filters


@runtime_checkable
class Embedder(Protocol):
    """Turns text into vectors (the LangChain ``Embeddings`` interface)."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


@runtime_checkable
class ChatModel(Protocol):
    """A chat model that can stream a reply to a list of (role, content) messages."""

    name: str

    def stream(self, messages: Sequence[tuple[str, str]]) -> Iterator[str]: ...


@runtime_checkable
class VectorStore(Protocol):
    """Where chunks and their vectors live, plus a small per-document registry and the index
    *generation* token. Two implementations: :class:`ingest.index.ChromaStore` (embedded or
    server) and :class:`ingest.memory_store.InMemoryStore`; ``tests/ingest/test_store_contract.py``
    runs the same tests over both. The index and the ingest pipeline use only these methods.

    Registry records: :meth:`set_document` stores the record with a fresh ``revision`` (every
    write gets its own, so a reader sees a rewritten document as changed). Stores that are not
    shared between processes answer the lease methods with ``None`` / an empty set, and
    :meth:`remember` may be a no-op.
    """

    def upsert(self, chunks: Sequence[Chunk], embeddings: Sequence[Sequence[float]]) -> None:
        """Write chunks with their vectors (same id: replaced). A vector of another size than
        the stored ones raises an error whose message names the "dimension"."""
        ...

    def delete(self, chunk_ids: Sequence[str]) -> None:
        """Delete chunks by id (unknown ids are ignored)."""
        ...

    def query(
        self, embedding: Sequence[float], k: int, filters: Filters | None = None
    ) -> list[tuple[Chunk, float]]:
        """The ``k`` chunks most similar (cosine) to ``embedding`` that pass ``filters``,
        best first, with their similarity."""
        ...

    def all_chunks(self, reuse: Mapping[str, Chunk] | None = None) -> list[Chunk]:
        """Every chunk, by (doc_id, ordinal). ``reuse``: chunks by id the caller already holds
        (a store may return them instead of reading them again)."""
        ...

    def chunk_ids_for(self, doc_id: str) -> dict[str, str]:
        """A document's chunk ids -> the document hash each was written with."""
        ...

    def chunk_ids_for_many(self, doc_ids: Sequence[str]) -> dict[str, dict[str, str]]:
        """:meth:`chunk_ids_for` of several documents (every one a key, ``{}``: no chunks)."""
        ...

    def count(self) -> int:
        """How many chunks the store holds."""
        ...

    def vector_size(self) -> int | None:
        """The size of the stored vectors (``None``: no chunk stored)."""
        ...

    def reset_vectors(self) -> bool:
        """Let an empty store take vectors of another size; returns whether it did."""
        ...

    def documents(self) -> dict[str, dict[str, Any]]:
        """The registry: doc id -> its record (with its ``revision``)."""
        ...

    def set_document(self, doc_id: str, record: Mapping[str, Any]) -> None:
        """Register (or re-register) a document."""
        ...

    def set_documents(self, records: Sequence[tuple[str, Mapping[str, Any]]]) -> None:
        """:meth:`set_document` for several documents at once."""
        ...

    def remove_document(self, doc_id: str) -> None:
        """Drop a document's registry record (its chunks are deleted separately)."""
        ...

    def generation(self, max_age: float | None = None) -> str:
        """The generation token ("" before the first change). ``max_age``: how old a token
        read earlier may be (``0``: read it now; ``None``: the store's own default)."""
        ...

    def bump_generation(self) -> str:
        """Record that the index changed (readers rebuild their derived state)."""
        ...

    def take_lease(self, doc_hashes: Sequence[str]) -> str | None:
        """Announce chunks about to be written, so that another process sharing the store
        does not sweep them as leftovers. ``None``: the store is not shared."""
        ...

    def release_lease(self, token: str) -> None:
        """End a lease :meth:`take_lease` returned."""
        ...

    def leased_hashes(self) -> set[str]:
        """Document hashes a live writer holds a lease on (empty when not shared)."""
        ...

    def remember(self, chunks: Mapping[str, Chunk]) -> None:
        """The caller's current chunks by id, after each refresh (a store may answer queries
        from them)."""
        ...

    def close(self) -> None:
        """Release what the store holds (a folder lock)."""
        ...
