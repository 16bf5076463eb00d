"""Ingest: load -> elements -> structure -> chunk -> themes -> plan -> write -> index.

``assistant`` and the front ends use only the modules in :data:`PUBLIC_MODULES`
(``tests/test_architecture.py`` checks it): a document is read with
:func:`ingest.load.load_document` (formats registered in :mod:`ingest.loaders`), structured
with :func:`ingest.structure.parse_structure` and ingested with
:func:`ingest.pipeline.ingest_paths` into an :class:`ingest.index.Index` (opened with
:func:`ingest.index.open_index`; stores: ``ChromaStore`` or
:class:`ingest.memory_store.InMemoryStore`). ``ingest`` never imports ``assistant``.
"""

from __future__ import annotations

PUBLIC_MODULES: tuple[str, ...] = (
    "load",  # load_document, limits
    "loaders",  # the document-format registry (extension point)
    "structure",  # parse_structure
    "pipeline",  # ingest_paths, parse_file, discover, corpus_tree
    "index",  # Index, open_index, close_index, ChromaStore
    "memory_store",  # InMemoryStore (the in-memory VectorStore)
    "filters",  # matches: one filter engine for every store and the retriever
    "embed",  # load_embedder
    "themes",  # the theme vocabulary and tagging
    "manifest",  # optional per-document overrides
    "serve",  # the shared Chroma server of `review-assistant ui`
)
"""The modules other packages may import (internal stages: chunk, embed_cache, plan, writer,
registry, reviews, sections)."""

__all__ = ["PUBLIC_MODULES"]
