"""New chunks are embedded ahead in bounded cross-document windows."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import ingest.pipeline as pipeline
from core.config import Settings
from ingest.index import open_index
from ingest.pipeline import ingest_paths
from tests.fakes import HashEmbedder


class RecordingEmbedder(HashEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.sizes: list[int] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.sizes.append(len(texts))
        return super().embed_documents(texts)


def test_windows_are_bounded_and_cover_every_chunk(
    settings: Settings, corpus_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for copy in range(3):
        for brief in sorted(corpus_copy.glob("*.txt")):
            shutil.copy(brief, corpus_copy / f"{brief.stem}-copy{copy}.txt")
    monkeypatch.setattr(pipeline, "_EMBED_AHEAD", 100)
    embedder = RecordingEmbedder()
    index = open_index(settings, embedder)
    report = ingest_paths([corpus_copy], index, settings)
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
    assert pipeline._EMBED_AHEAD == 512
    assert pipeline._window_end(docs, 0) == 2  # type: ignore[arg-type]
    # A document larger than the window is a window of its own.
    assert pipeline._window_end(docs, 3) == 3  # type: ignore[arg-type]
    assert pipeline._window_end(docs, 4) == 4  # type: ignore[arg-type]
