"""Fixtures of the assistant's tests."""

from __future__ import annotations

import pytest

from assistant.service import Assistant
from core.config import Settings
from tests.fakes import HashEmbedder


@pytest.fixture
def persisted(settings: Settings) -> Assistant:
    """The seeds ingested into the index folder, in Chroma: what the CLI, another process,
    opens (tests of everything else use the in-memory store, tests/builders.py)."""
    assistant = Assistant.open(settings, embedder=HashEmbedder())
    assert assistant.ingest().ok
    return assistant
