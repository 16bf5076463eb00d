"""New chunks are embedded ahead in bounded cross-document windows."""

from __future__ import annotations

import shutil
from pathlib import Path

from core.config import Settings
from ingest.pipeline import ingest_paths
from ingest.writer import EMBED_WINDOW, window_end
from tests.builders import memory_index
from tests.fakes import HashEmbedder


class RecordingEmbedder(HashEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.sizes: list[int] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.sizes.append(len(texts))
        return super().embed_documents(texts)


def test_windows_are_bounded_and_cover_every_chunk(
    settings: Settings, corpus_copy: Path, tmp_path: Path
) -> None:
    for copy in range(3):
        for brief in sorted(corpus_copy.glob("*.txt")):
            shutil.copy(brief, corpus_copy / f"{brief.stem}-copy{copy}.txt")
    embedder = RecordingEmbedder()
    index = memory_index(embedder)
    report = ingest_paths([corpus_copy], index, settings, embed_window=100)
    assert report.ok
    total = index.store.count()
    # Every chunk embedded exactly once; each call holds whole documents and stays near the
    # window (a single document larger than the window is embedded on its own).
    assert embedder.texts_embedded == total == sum(embedder.sizes)
    largest_doc = max(o.learning_points for o in report.outcomes)
    assert all(size <= 100 + largest_doc for size in embedder.sizes)
    assert len(embedder.sizes) > 1


def test_window_end_takes_at_least_one_document() -> None:
    class Doc:
        def __init__(self, n: int) -> None:
            self.chunks = [object()] * n

    docs = [Doc(300), Doc(10), Doc(10), Doc(600), Doc(5)]
    assert EMBED_WINDOW == 512
    assert window_end(docs, 0) == 2  # type: ignore[arg-type]
    # A document larger than the window is a window of its own.
    assert window_end(docs, 3) == 3  # type: ignore[arg-type]
    assert window_end(docs, 4) == 4  # type: ignore[arg-type]
    assert window_end(docs, 1, window=15) == 1  # type: ignore[arg-type]
