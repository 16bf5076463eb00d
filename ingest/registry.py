"""The document registry of a Chroma index: one record per document, the generation token
and the write leases, kept in the ``<collection>_documents`` collection beside the chunks.

Layout (unchanged since the first indexes, which still open): each record is a Chroma entry
whose id is the doc id, whose metadata is the record (plus a fresh ``revision`` on every
write) and whose vector is a dummy 1-d one; the generation token is the entry
``__generation__`` (metadata ``value``); a write lease is an entry ``__writing__<hex>``
(metadata ``lease``, ``hashes`` as JSON, ``host``, ``pid``, ``at``).

The generation token is remembered for ``generation_ttl`` seconds: for ever in embedded mode
(the folder lock makes this process the only writer, and :meth:`ChromaRegistry.bump_generation`
updates the remembered token), :data:`SERVER_GENERATION_TTL_S` in server mode.
"""

from __future__ import annotations

import json
import os
import socket
import time
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

GENERATION_ID = "__generation__"
"""The registry entry holding the generation token (never a document)."""
LEASE_PREFIX = "__writing__"
"""Registry entries with ids starting so are write leases (never documents)."""
LEASE_TTL_S = 3600.0
"""A write lease from another host is trusted this long (its process cannot be checked)."""
SERVER_GENERATION_TTL_S = 2.0
"""Server mode: how long a read generation token is trusted before it is read again."""
_UNIT = np.ones((1, 1), dtype=np.float32)  # registry records carry a dummy 1-d vector


class ChromaRegistry:
    """Registry, generation token and write leases over one Chroma collection.

    ``shared``: another process may write the same collection (server mode), so leases are
    taken and honoured; ``max_batch``: the client's largest batch.
    """

    def __init__(
        self, collection: Any, *, shared: bool, generation_ttl: float, max_batch: int
    ) -> None:
        self.collection = collection
        self.shared = shared
        self.generation_ttl = generation_ttl
        self.max_batch = max(1, max_batch)
        self._generation: tuple[str, float] | None = None

    def documents(self) -> dict[str, dict[str, Any]]:
        """doc id -> its record (the token and the leases are not documents)."""
        got = self.collection.get(include=["metadatas"])
        return {
            rid: dict(meta or {})
            for rid, meta in zip(got["ids"], got["metadatas"] or [], strict=True)
            if rid != GENERATION_ID and not rid.startswith(LEASE_PREFIX)
        }

    def set_documents(self, records: Sequence[tuple[str, Mapping[str, Any]]]) -> None:
        """Write records, each with a fresh ``revision``, in one ``upsert`` per batch: every
        write to the embedded store commits (and fsyncs) on its own, whatever its size."""
        items = list(records)
        for start in range(0, len(items), self.max_batch):
            batch = items[start : start + self.max_batch]
            self.collection.upsert(
                ids=[doc_id for doc_id, _ in batch],
                embeddings=np.repeat(_UNIT, len(batch), axis=0),
                metadatas=[{**record, "revision": uuid.uuid4().hex[:16]} for _, record in batch],
            )

    def remove_document(self, doc_id: str) -> None:
        self.collection.delete(ids=[doc_id])

    def generation(self, max_age: float | None = None) -> str:
        """The index generation token ("" before the first ingest).

        A token read less than ``max_age`` seconds ago (default :attr:`generation_ttl`) is
        returned without asking Chroma; ``max_age=0`` always reads it.
        """
        limit = self.generation_ttl if max_age is None else max_age
        now = time.monotonic()
        cached = self._generation
        if cached is not None and now - cached[1] < limit:
            return cached[0]
        got = self.collection.get(ids=[GENERATION_ID], include=["metadatas"])
        metas = got["metadatas"] or []
        value = str((metas[0] or {}).get("value", "")) if metas else ""
        self._generation = (value, now)
        return value

    def bump_generation(self) -> str:
        """Record that the index changed (every reader rebuilds its BM25 index)."""
        value = uuid.uuid4().hex
        self.collection.upsert(ids=[GENERATION_ID], embeddings=_UNIT, metadatas=[{"value": value}])
        self._generation = (value, time.monotonic())
        return value

    # -- write leases (shared: another process may be writing chunks not yet registered) ----
    def take_lease(self, doc_hashes: Sequence[str]) -> str | None:
        """Announce that this process is about to write chunks of these document versions, so
        that another process's orphan sweep leaves them alone. Returns the lease id (``None``
        when not shared: the folder lock makes this process the only writer)."""
        if not self.shared:
            return None
        token = f"{LEASE_PREFIX}{uuid.uuid4().hex}"
        record: dict[str, Any] = {
            "lease": True,
            "hashes": json.dumps(sorted(set(doc_hashes))),
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "at": time.time(),
        }
        self.collection.upsert(ids=[token], embeddings=_UNIT, metadatas=[record])
        return token

    def release_lease(self, token: str) -> None:
        """End a lease taken with :meth:`take_lease`."""
        self.collection.delete(ids=[token])

    def leased_hashes(self) -> set[str]:
        """Document versions that a live writer holds a lease on. A lease of a process that
        died (same host, no such pid; or older than :data:`LEASE_TTL_S`) is deleted. Empty
        when not shared (no other writer)."""
        if not self.shared:
            return set()
        got = self.collection.get(where={"lease": True}, include=["metadatas"])
        held: set[str] = set()
        for rid, meta in zip(got["ids"], got["metadatas"] or [], strict=True):
            meta = dict(meta or {})
            if lease_alive(meta):
                held.update(json.loads(str(meta.get("hashes") or "[]")))
            else:
                self.collection.delete(ids=[rid])
        return held


def lease_alive(meta: Mapping[str, Any]) -> bool:
    """Whether the process that took a lease may still be writing."""
    if time.time() - float(meta.get("at") or 0) > LEASE_TTL_S:
        return False
    if meta.get("host") != socket.gethostname():
        return True
    try:
        os.kill(int(meta.get("pid") or 0), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError, ValueError):
        return True
    return True
