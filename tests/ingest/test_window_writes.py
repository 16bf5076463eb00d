"""A window of documents is written with few Chroma calls, in each document's crash-safe order,
and a failing call falls back to writing document by document."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from assistant.service import Assistant
from core.config import Settings
from core.protocols import VectorStore
from tests.builders import memory_assistant
from tests.fakes import HashEmbedder
from tests.ingest.test_pipeline import (
    DOC,
    EXTRA_POINT,
    SEED_DOCS,
    assert_consistent,
    chunk_ids_by_doc,
    outcome,
)


class Calls:
    """Records the store's writes, in order: ("upsert", doc ids), ("register", doc ids) and
    ("delete", doc ids)."""

    def __init__(self, store: VectorStore, monkeypatch: pytest.MonkeyPatch) -> None:
        self.log: list[tuple[str, tuple[str, ...]]] = []
        self.fail: dict[str, Any] = {}
        real_upsert, real_set, real_delete = store.upsert, store.set_documents, store.delete

        def upsert(chunks: Any, vectors: Any) -> None:
            docs = tuple(dict.fromkeys(c.doc_id for c in chunks))
            self._maybe_fail("upsert", docs)
            self.log.append(("upsert", docs))
            real_upsert(chunks, vectors)

        def set_documents(records: Any) -> None:
            docs = tuple(doc for doc, _ in records)
            self._maybe_fail("register", docs)
            self.log.append(("register", docs))
            real_set(records)

        def delete(ids: Any) -> None:
            docs = tuple(dict.fromkeys(cid.split("::")[0] for cid in ids))
            self.log.append(("delete", docs))
            real_delete(ids)

        monkeypatch.setattr(store, "upsert", upsert)
        monkeypatch.setattr(store, "set_documents", set_documents)
        monkeypatch.setattr(store, "delete", delete)

    def _maybe_fail(self, kind: str, docs: tuple[str, ...]) -> None:
        rule = self.fail.get(kind)
        if rule is not None and rule(docs):
            raise RuntimeError(f"{kind} refused")

    def count(self, kind: str) -> int:
        return sum(1 for k, _ in self.log if k == kind)


@pytest.fixture
def embedder() -> HashEmbedder:
    return HashEmbedder()


@pytest.fixture
def assistant(settings: Settings, embedder: HashEmbedder) -> Assistant:
    return memory_assistant(settings, embedder)


def _order_is_crash_safe(log: list[tuple[str, tuple[str, ...]]], doc: str) -> None:
    """``doc``'s chunks are all upserted before its registry record, which precedes the
    deletion of its old chunks."""
    upserts = [i for i, (k, d) in enumerate(log) if k == "upsert" and doc in d]
    registers = [i for i, (k, d) in enumerate(log) if k == "register" and doc in d]
    deletes = [i for i, (k, d) in enumerate(log) if k == "delete" and doc in d]
    assert upserts and registers
    assert max(upserts) < min(registers)
    assert all(i > max(registers) for i in deletes)


def test_first_ingest_shares_calls_between_documents(
    assistant: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = assistant.index.store
    calls = Calls(store, monkeypatch)
    report = assistant.ingest()
    assert report.ok and report.count("added") == SEED_DOCS
    # One registry call per upsert at most (5 documents, 163 chunks: 256 per upsert).
    assert calls.count("register") <= calls.count("upsert") < SEED_DOCS
    assert calls.count("delete") == 0  # nothing old to delete
    for result in report.outcomes:
        _order_is_crash_safe(calls.log, result.doc_id)
    assert_consistent(assistant)


def test_changed_documents_keep_the_crash_safe_order(
    assistant: Assistant, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert assistant.ingest().ok
    before = chunk_ids_by_doc(assistant)
    for path in sorted(settings.corpus_dir.glob("*.txt"))[:3]:
        path.write_text(path.read_text("utf-8") + EXTRA_POINT, encoding="utf-8")
    store = assistant.index.store
    calls = Calls(store, monkeypatch)
    report = assistant.ingest()
    assert report.ok and report.count("updated") == 3
    for result in report.outcomes:
        if result.status == "updated":
            _order_is_crash_safe(calls.log, result.doc_id)
            deleted = [d for k, d in calls.log if k == "delete" and result.doc_id in d]
            assert deleted, "the old version's chunks were not deleted"
            assert not chunk_ids_by_doc(assistant)[result.doc_id] & before[result.doc_id]
    assert calls.count("register") == 1  # three documents, one window, one upsert
    assert_consistent(assistant)


def test_a_refused_shared_write_falls_back_to_one_document_at_a_time(
    assistant: Assistant, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = assistant.index.store
    calls = Calls(store, monkeypatch)
    calls.fail["upsert"] = lambda docs: len(docs) > 1  # only calls spanning documents fail
    report = assistant.ingest()
    assert report.ok and report.count("added") == SEED_DOCS
    assert_consistent(assistant)


@pytest.mark.parametrize("stage", ["upsert", "register"])
def test_a_document_whose_write_fails_fails_alone(
    assistant: Assistant,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    stage: str,
) -> None:
    assert assistant.ingest().ok
    before = chunk_ids_by_doc(assistant)
    record = assistant.documents()[DOC]
    for path in sorted(settings.corpus_dir.glob("*.txt")):
        path.write_text(path.read_text("utf-8") + EXTRA_POINT, encoding="utf-8")
    brief = "A new brief\n\n" + (settings.corpus_dir / f"{DOC}.txt").read_text("utf-8")
    (settings.corpus_dir / "new-brief.txt").write_text(brief, encoding="utf-8")
    store = assistant.index.store
    calls = Calls(store, monkeypatch)
    calls.fail[stage] = lambda docs: DOC in docs
    report = assistant.ingest()
    result = outcome(report, DOC)
    assert result.status == "failed" and f"{stage} refused" in (result.reason or "")
    assert "previous version stays" in (result.reason or "")
    assert report.count("updated") == SEED_DOCS - 1 and report.count("added") == 1
    # The failed document keeps its previous version, with no partial chunks of the new one.
    assert chunk_ids_by_doc(assistant)[DOC] == before[DOC]
    assert assistant.documents()[DOC]["doc_hash"] == record["doc_hash"]
    assert_consistent(assistant)


def test_a_failed_listing_of_old_chunks_falls_back_to_one_document_at_a_time(
    assistant: Assistant, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert assistant.ingest().ok
    for path in sorted(settings.corpus_dir.glob("*.txt")):
        path.write_text(path.read_text("utf-8") + EXTRA_POINT, encoding="utf-8")
    store = assistant.index.store

    def refuse(doc_ids: Any) -> Any:
        raise RuntimeError("get refused")

    monkeypatch.setattr(store, "chunk_ids_for_many", refuse)
    report = assistant.ingest()
    assert report.ok and report.count("updated") == SEED_DOCS
    assert_consistent(assistant)


def test_an_unchanged_library_is_checked_in_one_pass(
    assistant: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert assistant.ingest().ok
    store = assistant.index.store
    asked: list[str] = []
    real_many, real_one = store.chunk_ids_for_many, store.chunk_ids_for

    def many(doc_ids: Any) -> Any:
        asked.append("many")
        return real_many(doc_ids)

    def one(doc_id: str) -> Any:
        asked.append("one")
        return real_one(doc_id)

    monkeypatch.setattr(store, "chunk_ids_for_many", many)
    monkeypatch.setattr(store, "chunk_ids_for", one)
    report = assistant.ingest()
    assert report.count("unchanged") == SEED_DOCS
    assert asked == ["many"]  # not one query per document


def test_an_unchanged_library_is_checked_per_document_when_one_pass_fails(
    assistant: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert assistant.ingest().ok
    store = assistant.index.store
    # A leftover of another version, as an interrupted ingest leaves it, is still swept.
    leftover = next(c for c in store.all_chunks() if c.doc_id == DOC)
    stale = dataclasses.replace(leftover, chunk_id=f"{DOC}::stale", doc_hash="old")
    store.upsert([stale], [assistant.index.embedder.embed_documents([stale.embed_text])[0]])

    def refuse(doc_ids: Any) -> Any:
        raise RuntimeError("get refused")

    monkeypatch.setattr(store, "chunk_ids_for_many", refuse)
    report = assistant.ingest()
    assert report.count("unchanged") == SEED_DOCS
    assert f"{DOC}::stale" not in {c.chunk_id for c in store.all_chunks()}
    assert_consistent(assistant)
