"""The peer baseline: a textbook LangChain RAG retriever over the same corpus and embedder.

``RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)`` over the raw text of
each corpus file (as :func:`ingest.load.load_document` extracts it, markup and all), embedded
with the same embedder object as the assistant into an in-memory ``langchain_chroma.Chroma``
collection, queried by dense similarity. It knows nothing about reviews or learning points.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from core.errors import DocumentError
from core.protocols import Embedder
from ingest import loaders
from ingest.load import load_document
from ingest.pipeline import discover

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200


@dataclass(frozen=True)
class NaiveHit:
    """One retrieved character chunk."""

    pid: str
    doc: str
    start: int
    text: str
    score: float


class NaiveLangChainRetriever:
    """Character chunks of the raw corpus in an in-memory Chroma collection."""

    def __init__(
        self,
        corpus_dir: Path | Sequence[Path],
        embedder: Embedder,
        *,
        max_bytes: int | None = None,
        warn: Callable[[str], None] | None = None,
    ) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings
        from langchain_chroma import Chroma
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        splitter = RecursiveCharacterTextSplitter(
            chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP, add_start_index=True
        )
        folders = [corpus_dir] if isinstance(corpus_dir, Path) else list(corpus_dir)
        files, _, _ = discover(folders)
        texts: list[str] = []
        metadatas: list[dict[str, str | int]] = []
        ids: list[str] = []
        for path in files:
            if path.suffix.lower() not in loaders.suffixes():
                continue
            try:
                loaded = load_document(path, max_bytes=max_bytes)
            except DocumentError as exc:
                if warn is not None:
                    warn(f"langchain-naive: skipped {path.name}: {exc.reason}")
                continue
            for number, piece in enumerate(splitter.create_documents([loaded.text])):
                texts.append(piece.page_content)
                metadatas.append(
                    {"doc": loaded.doc_id, "start": int(piece.metadata.get("start_index", -1))}
                )
                ids.append(f"{loaded.doc_id}#{number}")
        self.chunks = len(texts)
        self._client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
        self._store = Chroma(
            collection_name=f"eval_naive_{uuid.uuid4().hex[:12]}",
            embedding_function=embedder,  # type: ignore[arg-type]
            client=self._client,
            collection_metadata={"hnsw:space": "cosine"},
        )
        if texts:
            self._store.add_texts(texts, metadatas=metadatas, ids=ids)

    def search(self, query: str, k: int) -> list[NaiveHit]:
        """The ``k`` chunks most similar to ``query`` (score = cosine similarity)."""
        if not self.chunks:
            return []
        results = self._store.similarity_search_with_score(query, k=min(k, self.chunks))
        hits: list[NaiveHit] = []
        for document, distance in results:
            meta = document.metadata
            doc = str(meta.get("doc", ""))
            start = int(meta.get("start", -1))
            hits.append(
                NaiveHit(f"{doc}#{start}", doc, start, document.page_content, 1.0 - float(distance))
            )
        return hits

    def close(self) -> None:
        """Drop the in-memory collection."""
        with contextlib.suppress(Exception):  # best effort: the collection is in memory
            self._store.delete_collection()
