"""Changing the embedding model: questions are never matched against another model's vectors,
and the next ingest re-embeds the whole library."""

from __future__ import annotations

import pytest

from assistant.service import Assistant
from core.config import BUNDLED_MODEL, E5_MODEL, Settings
from core.errors import ConfigError
from ingest.index import close_index
from tests.fakes import HashEmbedder


def test_a_model_switch_is_refused_until_reingested(settings: Settings) -> None:
    assert settings.embedding_model == E5_MODEL
    first = Assistant.open(settings, embedder=HashEmbedder())
    assert first.ingest().ok
    assert {r["embedding_model"] for r in first.documents().values()} == {E5_MODEL}
    assert first.retrieve("who must be involved in strategy discussions?")
    close_index(settings)

    switched = Settings(**{**settings.model_dump(), "embedding_model": BUNDLED_MODEL})
    # (Both bundled models give 384-dimensional vectors: same size, different meaning.)
    other = Assistant.open(switched, embedder=HashEmbedder(dim=256))
    with pytest.raises(ConfigError, match="review-assistant ingest"):
        other.retrieve("who must be involved in strategy discussions?")
    with pytest.raises(ConfigError, match=E5_MODEL):
        other.ask("who must be involved in strategy discussions?")

    report = other.ingest()  # every document's identity includes the model: all re-embedded
    assert report.ok
    assert {o.status for o in report.outcomes} == {"updated"}
    assert {r["embedding_model"] for r in other.documents().values()} == {BUNDLED_MODEL}
    assert other.retrieve("who must be involved in strategy discussions?")
    close_index(switched)


def test_records_without_a_model_are_the_old_default(settings: Settings) -> None:
    opened = Assistant.open(settings, embedder=HashEmbedder())
    assert opened.ingest().ok
    store = opened.index.store
    for doc_id, record in store.documents().items():
        store.set_document(doc_id, {**record, "embedding_model": ""})  # as if never written
    fresh = Assistant(settings, opened.index)
    with pytest.raises(ConfigError, match=BUNDLED_MODEL):
        fresh.retrieve("escalation")


def test_a_model_with_another_vector_size_needs_a_rebuild(settings: Settings) -> None:
    first = Assistant.open(settings, embedder=HashEmbedder(dim=256))
    assert first.ingest().ok
    close_index(settings)

    bigger = Settings(**{**settings.model_dump(), "embedding_model": BUNDLED_MODEL})
    other = Assistant.open(bigger, embedder=HashEmbedder(dim=128))
    report = other.ingest()
    assert not report.ok
    assert all("ingest --rebuild" in o.reason for o in report.outcomes)
    report = other.ingest(rebuild=True)
    assert report.ok and {o.status for o in report.outcomes} == {"added"}
    assert other.retrieve("who must be involved in strategy discussions?")
    close_index(bigger)
