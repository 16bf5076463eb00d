"""The seams of the pipeline. Real adapters wrap sentence-transformers / LangChain / Chroma;
tests plug in deterministic fakes (a hash embedder, a scripted chat model)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

from core.models import Chunk


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
    """Where chunks and their vectors live, plus a small per-document registry."""

    def upsert(self, chunks: Sequence[Chunk], embeddings: Sequence[Sequence[float]]) -> None: ...

    def delete(self, chunk_ids: Sequence[str]) -> None: ...

    def query(
        self, embedding: Sequence[float], k: int, where: Mapping[str, Any] | None = None
    ) -> list[tuple[Chunk, float]]: ...

    def all_chunks(self) -> list[Chunk]: ...

    def chunk_ids_for(self, doc_id: str) -> dict[str, str]: ...

    def count(self) -> int: ...

    def documents(self) -> dict[str, dict[str, Any]]: ...

    def set_document(self, doc_id: str, record: Mapping[str, Any]) -> None: ...

    def remove_document(self, doc_id: str) -> None: ...

    def generation(self) -> str: ...
