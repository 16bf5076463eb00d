"""The crash-safe writer: puts parsed documents into the index, and takes them out.

Order is what makes it crash-safe. A document's new chunks are written first, then its
registry record, then its old chunks are deleted, so a crash at any point leaves either the
old or the new version registered with all its chunks, plus unregistered leftovers that
:func:`sweep_orphans` deletes at the next ingest. A removal deletes the record first, then the
chunks (leftovers again). Documents are written window by window (:func:`window_end`), their
new chunks embedded ahead in cross-document calls (:func:`embed_ahead`) and written in shared
store calls (:func:`write_window`); a failure falls back to one document at a time
(:func:`write_document`), so it is reported against its document alone.

Everything goes through the :class:`~core.protocols.VectorStore` protocol, so the writer works
the same over Chroma and the in-memory store.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from core.config import Settings
from core.models import Chunk, ReviewInfo
from core.protocols import VectorStore
from ingest.embed_cache import embed_with_cache
from ingest.index import Index

log = logging.getLogger("review_assistant")

Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``: stage is "scan", "embed" or "index" (counts over the run),
or "document" (chunks embedded of the one large document being embedded window by window)."""


@dataclass(frozen=True)
class ParsedDocument:
    """A document ready to index."""

    path: Path
    doc_id: str
    content_hash: str
    title: str
    chunks: tuple[Chunk, ...]
    embedding_model: str = ""
    source_copy: str = ""  # the stored copy's file name under index_dir/sources
    coverage: float = 1.0
    dropped: tuple[str, ...] = ()
    review_infos: tuple[ReviewInfo, ...] = ()

    @property
    def reviews(self) -> int:
        return len({c.review for c in self.chunks})


def check_indexed(
    index: Index, doc_id: str, record: dict[str, Any], ids: dict[str, str] | None = None
) -> tuple[bool, bool]:
    """Whether every chunk of the registered version is present; deletes leftovers of other
    versions (from an interrupted ingest). ``ids``: the document's chunk id -> hash, when
    already read. Returns (complete, swept)."""
    current = str(record.get("doc_hash"))
    if ids is None:
        ids = index.store.chunk_ids_for(doc_id)
    stale = [cid for cid, h in ids.items() if h != current]
    complete = len(ids) - len(stale) == as_int(record.get("chunks"), -1)
    if complete and stale:
        index.store.delete(sorted(stale))
    return complete, complete and bool(stale)


EMBED_WINDOW = 512
"""Chunks embedded ahead and written together, by default (whole documents: see
:func:`window_end`)."""


def window_end(documents: Sequence[ParsedDocument], first: int, window: int = EMBED_WINDOW) -> int:
    """Index of the last document of the embedding window starting at ``first``: documents
    are added while the window holds at most ``window`` chunks (always at least one)."""
    size = 0
    last = first
    for position in range(first, len(documents)):
        size += len(documents[position].chunks)
        if size > window and position > first:
            break
        last = position
    return last


def embed_ahead(
    index: Index,
    documents: Sequence[ParsedDocument],
    report: Progress,
    offset: int,
    total: int,
    window: int = EMBED_WINDOW,
) -> dict[str, Any]:
    """Embed a window of documents' new chunks in cross-document calls before writing.

    One call per document wastes the model's length-sorted batching on short documents (the
    ingest benchmark measured 67% of bare encode throughput that way). Vectors are kept as
    float32 rows. Texts the embedding cache holds are not embedded again. A document larger
    than the window is embedded window by window, each window's vectors cached as soon as they
    exist, with ``"document"`` progress events (chunks done of the document's chunks): an
    interruption then loses at most one window. A failure here is not fatal: whatever was not
    embedded ahead is embedded per document, where a failure is reported against that
    document alone.
    """
    pending = [c for d in documents for c in d.chunks]
    vectors: dict[str, Any] = {}
    if not pending:
        return vectors
    report("embed", offset, total)
    single = len(documents) == 1 and len(pending) > window
    try:
        for start in range(0, len(pending), window):
            part = pending[start : start + window]
            got = embed_with_cache(
                index.embedder,
                [c.embed_text for c in part],
                index.embed_cache,
                index.cache_model,
            )
            vectors.update((c.chunk_id, got[i]) for i, c in enumerate(part))
            done = start + len(part)
            if single:
                report("document", done, len(pending))
            report("embed", offset + done, total)
    except Exception:
        log.warning("embedding ahead failed; embedding document by document", exc_info=True)
    return vectors


def write_window(
    index: Index,
    documents: Sequence[ParsedDocument],
    settings: Settings,
    progress: Callable[[int], None],
    ahead: dict[str, Any],
) -> dict[str, Exception]:
    """Write a window of documents; returns the documents that failed (doc id -> error).

    Each document keeps the crash-safe order (all its new chunks, then its registry record,
    then the deletion of its old chunks), but documents share Chroma calls: a write to the
    embedded store has a large fixed cost (its own SQLite commits with fsyncs), so per-document
    calls cost about twice the data's own cost (2,119 chunks of 65 documents: 4.8-5.7 s of
    upserts in calls per document, 3.0 s in calls of 256; a registry record ~20 ms a call).

    The new chunks of the documents embedded ahead go in upserts of up to
    ``embed_batch_size * 4`` chunks across documents (the crash tests kill an ingest after a
    number of these); after each one, the documents whose chunks are now all written get their
    registry records in one call, then their old chunks are deleted in one call. If any of
    these calls fails, or a document was not embedded ahead, the documents not yet registered
    are written one by one (:func:`write_document`, which re-upserts the same ids), so a
    failure is reported against its document alone.
    """
    store = index.store
    old_ids: dict[str, set[str]] = {}
    try:
        old_ids = _chunk_ids_of(store, [d.doc_id for d in documents])
        ready = [d for d in documents if all(c.chunk_id in ahead for c in d.chunks)]
    except Exception:
        log.warning("could not list the window's chunks; writing document by document")
        ready = []
    shared = _SharedWrite(old_ids)
    if ready:
        shared.write(store, ready, ahead, max(1, settings.embed_batch_size * 4), progress)
    failures: dict[str, Exception] = {}
    written = shared.written
    for parsed in documents:
        if parsed.doc_id in shared.cleaned:
            continue
        try:
            if parsed.doc_id in shared.registered:  # new version registered; old chunks remain
                leftover = old_ids[parsed.doc_id] - {c.chunk_id for c in parsed.chunks}
                if leftover:
                    store.delete(sorted(leftover))
                continue

            def more(n: int, before: int = written) -> None:
                progress(before + n)

            write_document(index, parsed, settings, more, ahead, old_ids.get(parsed.doc_id))
            written += len(parsed.chunks)
        except Exception as exc:
            failures[parsed.doc_id] = exc
    return failures


class _SharedWrite:
    """The shared-calls part of :func:`write_window`: which documents it registered, which it
    also cleaned of their old chunks, and how many chunks it wrote (a failure stops it; the
    rest is then written document by document)."""

    def __init__(self, old_ids: dict[str, set[str]]) -> None:
        self.old_ids = old_ids
        self.registered: set[str] = set()
        self.cleaned: set[str] = set()
        self.written = 0

    def write(
        self,
        store: VectorStore,
        ready: Sequence[ParsedDocument],
        ahead: dict[str, Any],
        batch: int,
        progress: Callable[[int], None],
    ) -> None:
        pending = [(c, ahead[c.chunk_id]) for d in ready for c in d.chunks]
        ends: list[tuple[int, ParsedDocument]] = []
        end = 0
        for parsed in ready:
            end += len(parsed.chunks)
            ends.append((end, parsed))
        try:
            for start in range(0, len(pending), batch):
                part = pending[start : start + batch]
                store.upsert([c for c, _ in part], [v for _, v in part])
                self.written += len(part)
                progress(self.written)
                complete = [
                    p for e, p in ends if e <= self.written and p.doc_id not in self.registered
                ]
                if complete:
                    self._register(store, complete)
        except Exception:
            log.warning(
                "writing %d documents together failed; writing them one by one",
                len(ready),
                exc_info=True,
            )

    def _register(self, store: VectorStore, complete: Sequence[ParsedDocument]) -> None:
        """Registry records of documents whose chunks are all written, then their old chunks
        deleted (one call each)."""
        store.set_documents([(p.doc_id, registry_record(p)) for p in complete])
        self.registered.update(p.doc_id for p in complete)
        stale = sorted(
            cid for p in complete for cid in self.old_ids[p.doc_id] - {c.chunk_id for c in p.chunks}
        )
        if stale:
            store.delete(stale)
        self.cleaned.update(p.doc_id for p in complete)


def chunk_hashes_of(store: VectorStore, doc_ids: Sequence[str]) -> dict[str, dict[str, str]]:
    """Each document's chunk id -> document hash in the store (one query for all)."""
    got = store.chunk_ids_for_many(doc_ids)
    return {d: dict(got.get(d, {})) for d in doc_ids}


def _chunk_ids_of(store: VectorStore, doc_ids: Sequence[str]) -> dict[str, set[str]]:
    """The chunk ids each document has in the store."""
    return {d: set(ids) for d, ids in chunk_hashes_of(store, doc_ids).items()}


def registry_record(parsed: ParsedDocument) -> dict[str, Any]:
    return {
        "doc_hash": parsed.content_hash,
        "title": parsed.title,
        # The path as given (a link's own path, not its target): deleting the link removes it.
        "source": os.path.abspath(parsed.path),
        "chunks": len(parsed.chunks),
        "reviews": parsed.reviews,
        "ingested_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        # Which model's vectors the chunks carry (checked before questions are embedded).
        "embedding_model": parsed.embedding_model,
        "source_copy": parsed.source_copy,
        # What the structure stage kept of the source (1.0 = every word in some chunk).
        "coverage": round(parsed.coverage, 4),
        "dropped": len(parsed.dropped),
        # {label: {subject, review_type, partnership, year, joint}} as JSON (the registry
        # holds scalars only); read by assistant.profiles.
        "reviews_info": json.dumps(
            {
                r.label: {k: v for k, v in asdict(r).items() if k != "label"}
                for r in parsed.review_infos
            },
            ensure_ascii=False,
        ),
    }


def write_document(
    index: Index,
    parsed: ParsedDocument,
    settings: Settings,
    progress: Callable[[int], None],
    ahead: dict[str, Any] | None = None,
    old_ids: set[str] | None = None,
) -> None:
    """New chunks first, then the registry, then the old chunks (crash-safe order).

    ``old_ids``: the document's chunk ids before this run wrote any (read now when not given).
    If embedding or writing fails, the new chunks written are deleted again and the registry
    is left as it was, so the previous version (if any) stays intact.
    """
    store = index.store
    if old_ids is None:
        old_ids = set(store.chunk_ids_for(parsed.doc_id))
    new_ids = {c.chunk_id for c in parsed.chunks}
    batch = max(1, settings.embed_batch_size * 4)
    written = 0
    try:
        for start in range(0, len(parsed.chunks), batch):
            part = parsed.chunks[start : start + batch]
            known = [(ahead or {}).get(c.chunk_id) for c in part]
            if all(v is not None for v in known):
                vectors = [v for v in known if v is not None]
            else:
                vectors = list(
                    embed_with_cache(
                        index.embedder,
                        [c.embed_text for c in part],
                        index.embed_cache,
                        index.cache_model,
                    )
                )
            if len(vectors) != len(part):
                raise ValueError(
                    f"the embedder returned {len(vectors)} vectors for {len(part)} texts"
                )
            store.upsert(part, vectors)
            written += len(part)
            progress(written)
        store.set_document(parsed.doc_id, registry_record(parsed))
    except Exception:
        fresh = sorted(new_ids - old_ids)
        try:
            if fresh:
                store.delete(fresh)
        except Exception:  # the next ingest sweeps them
            log.warning("could not remove partial chunks of %s", parsed.doc_id, exc_info=True)
        raise
    stale = old_ids - new_ids
    if stale:
        store.delete(sorted(stale))


def delete_document(index: Index, doc_id: str) -> None:
    """Registry record first, then the chunks: after a crash in between, the chunks are
    unregistered leftovers that the next ingest deletes."""
    index.store.remove_document(doc_id)
    ids = sorted(index.store.chunk_ids_for(doc_id))
    if ids:
        index.store.delete(ids)


def clear_index(index: Index, registry: dict[str, dict[str, Any]]) -> None:
    """Drop every document and chunk (``rebuild``), registry first (see delete_document)."""
    for doc_id in registry:
        index.store.remove_document(doc_id)
    ids = [c.chunk_id for c in index.store.all_chunks()]
    if ids:
        index.store.delete(ids)
    # A rebuild may follow a change to a model with vectors of another size.
    index.store.reset_vectors()


def vector_size_changed(index: Index) -> bool:
    """Whether the store holds vectors of another size than the embedder makes."""
    stored = index.store.vector_size()
    if stored is None:
        return False
    return int(stored) != len(index.embedder.embed_query("vector size probe"))


def sweep_orphans(index: Index) -> bool:
    """Delete chunks no registry record accounts for (left by an interrupted ingest of a file
    that has since gone), in embedded and server mode alike. Chunks of a version another live
    process holds a write lease on are kept (server mode: it is writing them now). Cheap when
    the store is consistent: compares counts first."""
    store = index.store
    registry = store.documents()
    expected = sum(as_int(r.get("chunks")) for r in registry.values())
    if store.count() == expected:
        return False
    leased = store.leased_hashes()
    stale = [
        c.chunk_id
        for c in store.all_chunks()
        if (c.doc_id not in registry or c.doc_hash != str(registry[c.doc_id].get("doc_hash")))
        and c.doc_hash not in leased
    ]
    if stale:
        store.delete(stale)
    return bool(stale)


def release_lease(store: VectorStore, token: str) -> None:
    try:
        store.release_lease(token)
    except Exception:  # it expires: its process is gone or it ages out
        log.warning("could not release the write lease %s", token, exc_info=True)


def publish(index: Index, *, quiet: bool = False) -> None:
    """Bump the store's generation (other processes rebuild BM25) and refresh this one."""
    try:
        index.store.bump_generation()
        index.refresh(force=True)
    except Exception:
        if not quiet:
            raise
        log.warning("could not refresh the index after an interrupted ingest", exc_info=True)


def as_int(value: object, default: int = 0) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return default


def embed_progress(report: Progress, done: int, total: int) -> Callable[[int], None]:
    def written(n: int) -> None:
        report("index", done + n, total)

    return written
