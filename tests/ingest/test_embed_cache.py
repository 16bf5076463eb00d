"""Embeddings cached by model + embed text: a new document version re-embeds only new texts,
a large document is embedded window by window, and a damaged cache is never served."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from core.config import Settings
from ingest.embed_cache import CACHE_NAME, EmbeddingCache, embed_with_cache
from ingest.index import close_index, open_index
from ingest.pipeline import ingest_paths
from tests.fakes import HashEmbedder


class FailingAfter(HashEmbedder):
    """Embeds ``calls_ok`` calls, then fails every call (an ingest killed mid-document)."""

    def __init__(self, calls_ok: int) -> None:
        super().__init__()
        self.calls_ok = calls_ok

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if self.calls >= self.calls_ok:
            raise RuntimeError("killed")
        return super().embed_documents(texts)


def _big_brief(folder: Path, points: int) -> Path:
    lines = ["# Child Q: learning brief (fictional)", "", "## Key learning", ""]
    lines += [
        f"- {n}. Practitioners in agency {n} should record decision number {n} with its reason."
        for n in range(1, points + 1)
    ]
    path = folder / "big-brief.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_new_document_version_reembeds_only_new_texts(
    settings: Settings, corpus_copy: Path
) -> None:
    embedder = HashEmbedder()
    index = open_index(settings, embedder)
    first = ingest_paths([corpus_copy], index, settings)
    assert first.ok and embedder.texts_embedded == index.store.count()
    before = {c.chunk_id for c in index.store.all_chunks()}
    # Every document gets a new key (as a parser-version change gives it) and one of them a
    # new learning point: every chunk id changes, but only one text is new.
    briefs = sorted(corpus_copy.glob("*.txt"))
    for brief in briefs:
        brief.write_text(brief.read_text("utf-8") + "\n\n", encoding="utf-8")
    extra = "\n\n# **ADDITIONAL LEARNING:**\n\n- 9. Ask who else lives in the household.\n"
    briefs[0].write_text(briefs[0].read_text("utf-8") + extra, encoding="utf-8")
    embedded = embedder.texts_embedded
    second = ingest_paths([corpus_copy], index, settings)
    assert second.ok and second.count("updated") == len(briefs)
    after = {c.chunk_id for c in index.store.all_chunks()}
    assert not before & after
    assert embedder.texts_embedded - embedded == 1
    # The vectors written are the embedder's own for those texts.
    chunk = next(c for c in index.store.all_chunks() if c.doc_id == briefs[1].stem)
    hit = index.store.query(embedder.embed_query(chunk.embed_text), 1)
    assert hit[0][0].chunk_id == chunk.chunk_id and hit[0][1] == pytest.approx(1.0, abs=1e-5)


def test_another_model_does_not_share_vectors(settings: Settings, corpus_copy: Path) -> None:
    embedder = HashEmbedder()
    index = open_index(settings, embedder)
    assert ingest_paths([corpus_copy], index, settings).ok
    close_index(settings)
    other = settings.model_copy(update={"embedding_model": "bundled:all-MiniLM-L6-v2"})
    second = HashEmbedder()
    index = open_index(other, second)
    assert ingest_paths([corpus_copy], index, other).ok
    assert second.texts_embedded == index.store.count()
    close_index(other)


def test_large_document_is_embedded_window_by_window_and_resumes(
    settings: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "big"
    folder.mkdir()
    _big_brief(folder, 200)
    events: list[tuple[str, int, int]] = []
    killed = FailingAfter(calls_ok=3)
    index = open_index(settings, killed)
    report = ingest_paths(
        [folder], index, settings, progress=lambda *e: events.append(e), embed_window=40
    )
    assert not report.ok and index.store.count() == 0  # nothing half-registered
    assert [e for e in events if e[0] == "document"] == [
        ("document", 40, 200),
        ("document", 80, 200),
        ("document", 120, 200),
    ]
    close_index(settings)
    # The rerun embeds only what the interrupted run had not: three windows were kept.
    embedder = FailingAfter(calls_ok=10**6)
    index = open_index(settings, embedder)
    events.clear()
    report = ingest_paths(
        [folder], index, settings, progress=lambda *e: events.append(e), embed_window=40
    )
    assert report.ok and index.store.count() == 200
    assert embedder.texts_embedded == 200 - 3 * 40
    documents = [e for e in events if e[0] == "document"]
    assert documents[-1] == ("document", 200, 200) and len(documents) == 5


def test_damaged_cache_file_is_replaced_not_served(settings: Settings, corpus_copy: Path) -> None:
    embedder = HashEmbedder()
    index = open_index(settings, embedder)
    assert ingest_paths([corpus_copy], index, settings).ok
    close_index(settings)
    path = Path(settings.index_dir) / CACHE_NAME
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.write_bytes(b"not a database" * 100)
    embedder = HashEmbedder()
    index = open_index(settings, embedder)
    assert ingest_paths([corpus_copy], index, settings, rebuild=False).ok
    # Nothing changed, so nothing to embed; a changed document is embedded afresh.
    brief = sorted(corpus_copy.glob("*.txt"))[0]
    brief.write_text(brief.read_text("utf-8") + "\n\n", encoding="utf-8")
    assert ingest_paths([corpus_copy], index, settings).ok
    assert embedder.texts_embedded == len(
        [c for c in index.store.all_chunks() if c.doc_id == brief.stem]
    )


def test_damaged_rows_are_dropped(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path / CACHE_NAME)
    embedder = HashEmbedder(dim=8)
    texts = ["alpha beta", "gamma", "delta epsilon"]
    first = embed_with_cache(embedder, texts, cache, "m")
    assert embedder.texts_embedded == 3 and cache.count("m") == 3
    db = cache._connect()
    db.execute("UPDATE vectors SET vec = ?", (b"\x00" * 5,))
    db.commit()
    again = embed_with_cache(embedder, texts, cache, "m")
    assert embedder.texts_embedded == 6
    np.testing.assert_allclose(again, first)
    # Repaired rows are served again; a NaN vector is never stored.
    embed_with_cache(embedder, texts, cache, "m")
    assert embedder.texts_embedded == 6
    cache.put("m", ["nan"], [[float("nan")] * 8])
    assert "nan" not in cache.get("m", ["nan"])
    cache.close()
