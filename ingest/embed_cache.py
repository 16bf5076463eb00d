"""Embeddings cached by model + exact embed text (a SQLite file in the index folder).

A chunk id is a hash of the document key (file bytes, parser code version, chunk size, model)
and the chunk, so a parser change gives every chunk a new id and the pipeline a new document
version to write. The *vectors* of that version depend only on the model and the text it embeds:
this cache returns them for every text embedded before, so re-parsing an unchanged library after
a code change costs no embedding for unchanged chunk texts (at 100k chunks with the default model
that is ~2 h of encoding saved), and an ingest interrupted inside a large document re-embeds at
most the window it was working on.

Keys are ``sha256(text)`` under a model name; values are float32 vectors. A damaged file, a row
of the wrong size or a vector with NaN/inf is never served: the row (or, for a file SQLite
cannot read, the whole file) is dropped and the text embedded again.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger("review_assistant")

CACHE_NAME = "embeddings.sqlite3"
_LOOKUP_BATCH = 500  # keys per SELECT (SQLite's bound-parameter limit is 32,766 here)


def _key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


class EmbeddingCache:
    """Vectors by (model, text). Thread-safe; every :meth:`put` commits."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self.hits = 0
        self.misses = 0

    def _connect(self) -> sqlite3.Connection:
        if self._db is not None:
            return self._db
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            db = self._open()
        except sqlite3.DatabaseError:
            log.warning("embedding cache %s is unreadable; starting a new one", self.path)
            self._discard()
            db = self._open()
        self._db = db
        return db

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS vectors (model TEXT NOT NULL, key BLOB NOT NULL, "
                "dim INTEGER NOT NULL, vec BLOB NOT NULL, PRIMARY KEY (model, key)) "
                "WITHOUT ROWID"
            )
            db.execute("SELECT 1 FROM vectors LIMIT 1").fetchall()
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _discard(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def get(self, model: str, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Cached vectors of ``texts`` under ``model`` (text -> float32 vector); texts not
        cached (or whose row is damaged) are absent."""
        wanted = {_key(t): t for t in texts}
        found: dict[str, np.ndarray] = {}
        if not wanted:
            return found
        keys = list(wanted)
        with self._lock:
            try:
                db = self._connect()
                bad: list[bytes] = []
                for start in range(0, len(keys), _LOOKUP_BATCH):
                    part = keys[start : start + _LOOKUP_BATCH]
                    marks = ",".join("?" * len(part))
                    rows = db.execute(
                        f"SELECT key, dim, vec FROM vectors WHERE model = ? AND key IN ({marks})",
                        [model, *part],
                    ).fetchall()
                    for key, dim, blob in rows:
                        vector = _decode(dim, blob)
                        if vector is None:
                            bad.append(key)
                        else:
                            found[wanted[key]] = vector
                if bad:
                    log.warning("dropping %d damaged rows of the embedding cache", len(bad))
                    db.executemany(
                        "DELETE FROM vectors WHERE model = ? AND key = ?", [(model, k) for k in bad]
                    )
                    db.commit()
            except sqlite3.DatabaseError:
                log.warning("embedding cache %s failed; starting a new one", self.path)
                self._discard()
                found = {}
        self.hits += len(found)
        self.misses += len(wanted) - len(found)
        return found

    def put(self, model: str, texts: Sequence[str], vectors: Sequence[Any] | np.ndarray) -> None:
        """Remember ``vectors`` (one per text) under ``model``. A failure to write is logged,
        never raised: the cache only saves work."""
        rows = []
        for text, vector in zip(texts, vectors, strict=True):
            array = np.asarray(vector, dtype=np.float32).ravel()
            if array.size and np.isfinite(array).all():
                rows.append((model, _key(text), int(array.size), array.tobytes()))
        if not rows:
            return
        with self._lock:
            try:
                db = self._connect()
                db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?, ?)", rows)
                db.commit()
            except sqlite3.DatabaseError:
                log.warning("could not write the embedding cache %s", self.path, exc_info=True)
                self._discard()

    def clear(self) -> None:
        """Forget every cached vector (``ingest --rebuild`` re-embeds everything)."""
        with self._lock:
            self._discard()

    def count(self, model: str | None = None) -> int:
        """Vectors cached (for ``model``, or all)."""
        with self._lock:
            db = self._connect()
            if model is None:
                return int(db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0])
            query = "SELECT COUNT(*) FROM vectors WHERE model = ?"
            return int(db.execute(query, [model]).fetchone()[0])

    def close(self) -> None:
        """Close the database connection."""
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None


def _decode(dim: object, blob: object) -> np.ndarray | None:
    if not isinstance(dim, int) or not isinstance(blob, bytes) or dim < 1:
        return None
    if len(blob) != dim * 4:
        return None
    vector = np.frombuffer(blob, dtype=np.float32)
    if not np.isfinite(vector).all():
        return None
    return vector


def embed_with_cache(
    embedder: object,
    texts: Sequence[str],
    cache: EmbeddingCache | None,
    model: str,
) -> np.ndarray:
    """``embedder.embed_documents(texts)`` as a float32 matrix, taking every text the cache
    holds from it and embedding only the others (each distinct text once). New vectors are
    written to the cache before returning."""
    embed = embedder.embed_documents  # type: ignore[attr-defined]
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    if cache is None:
        got = np.asarray(embed(list(texts)), dtype=np.float32)
        _check(got, len(texts))
        return got
    known = cache.get(model, texts)
    todo = list(dict.fromkeys(t for t in texts if t not in known))
    if todo:
        fresh = np.asarray(embed(todo), dtype=np.float32)
        _check(fresh, len(todo))
        cache.put(model, todo, fresh)
        known.update(zip(todo, fresh, strict=True))
    dims = {v.shape[0] for v in known.values()}
    if len(dims) != 1:
        # Cached rows of another size under the same name (e.g. a test double): embed all.
        got = np.asarray(embed(list(texts)), dtype=np.float32)
        _check(got, len(texts))
        cache.put(model, list(texts), got)
        return got
    return np.vstack([known[t] for t in texts])


def _check(vectors: np.ndarray, expected: int) -> None:
    if vectors.ndim != 2 or len(vectors) != expected:
        raise ValueError(f"the embedder returned {len(vectors)} vectors for {expected} texts")
