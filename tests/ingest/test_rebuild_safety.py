"""A rebuild killed part-way leaves the previous index whole (issue 13, item 10)."""

from __future__ import annotations

import pytest

from core.config import Settings
from tests.builders import memory_assistant
from tests.fakes import HashEmbedder


class _DiesAfter(HashEmbedder):
    """Embeds ``calls`` batches, then the process "dies" (a BaseException, like SIGINT)."""

    def __init__(self, calls: int) -> None:
        super().__init__()
        self.left = calls

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if self.left <= 0:
            raise KeyboardInterrupt
        self.left -= 1
        return super().embed_documents(texts)


def test_an_interrupted_rebuild_keeps_every_document(settings: Settings) -> None:
    embedder = _DiesAfter(calls=10_000)
    assistant = memory_assistant(settings, embedder)
    assert assistant.ingest().ok
    documents = set(assistant.documents())
    count = assistant.index.store.count()

    embedder.left = 0  # the rebuild dies at its first embedding
    with pytest.raises(KeyboardInterrupt):
        assistant.ingest(rebuild=True)

    assert set(assistant.documents()) == documents
    assert assistant.index.store.count() == count
    assert assistant.retrieve("who must be involved in strategy discussions?")

    embedder.left = 10_000
    report = assistant.ingest(rebuild=True)
    assert report.ok and report.count("added") == len(documents)
    assert assistant.index.store.count() == count


def test_a_rebuild_removes_documents_it_did_not_list(
    settings: Settings, hash_embedder: HashEmbedder
) -> None:
    assistant = memory_assistant(settings, hash_embedder)
    assert assistant.ingest().ok
    one = sorted(settings.corpus_dir.glob("*.txt"))[0]

    report = assistant.ingest([one], rebuild=True)

    assert set(assistant.documents()) == {one.stem}
    assert report.count("removed") == len([o for o in report.outcomes if o.status == "removed"])
    assert {c.doc_id for c in assistant.chunks()} == {one.stem}
