"""Shared fixtures: settings on a temp index, the fake embedder, the real seed corpus."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from assistant.config import ABSTAIN_THRESHOLDS, BUNDLED_MODEL, Settings
from ingest.index import close_index
from tests.fakes import HashEmbedder

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A private copy of the seed corpus (with its manifest) that a test may modify."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


@pytest.fixture
def settings(tmp_path: Path, corpus_copy: Path) -> Iterator[Settings]:
    """Settings with a temp index and feedback store, over ``corpus_copy``."""
    value = Settings(
        index_dir=tmp_path / "index",
        corpus_dir=corpus_copy,
        feedback_db=tmp_path / "feedback.sqlite3",
        # Tests pair these settings with the hash embedder, whose similarity scale is
        # MiniLM's rather than e5's (the configured model's calibrated threshold).
        abstain_threshold=ABSTAIN_THRESHOLDS[BUNDLED_MODEL],
    )
    yield value
    close_index(value)


@pytest.fixture
def hash_embedder() -> HashEmbedder:
    return HashEmbedder()


@pytest.fixture(scope="session")
def real_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """Settings for one session-wide index of the real corpus with the real model."""
    folder = tmp_path_factory.mktemp("real-index")
    value = Settings(
        index_dir=folder / "index", corpus_dir=CORPUS, feedback_db=folder / "feedback.sqlite3"
    )
    yield value
    close_index(value)


@pytest.fixture(scope="session")
def real_assistant(real_settings: Settings):  # type: ignore[no-untyped-def]
    """An :class:`Assistant` over the real seed corpus and the bundled model (ingested once)."""
    from assistant.service import Assistant

    assistant = Assistant.open(real_settings)
    report = assistant.ingest([CORPUS])
    assert report.ok, report.failed
    return assistant
