"""Chroma server mode: a real ``chroma run`` server shared by several indexes / processes.

The server is started on a free port for each test (``chroma`` next to this Python) and is
always stopped. Vectors come from the hash embedder (fast, deterministic); the point here is
that writes, re-ingests and the generation token behave over HTTP as in embedded mode.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.service import Assistant
from core.config import Settings
from core.models import Filters
from ingest.index import ChromaStore, Index, close_index
from ingest.pipeline import ingest_paths
from tests.builders import server_mode_settings
from tests.fakes import HashEmbedder

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
DOC = "scr-in14-learning-bulletin"
OLD = "make every effort to reach agreement about what to do"
NEW = "hold a joint meeting chaired by a neutral manager within five working days"


@pytest.fixture
def server_settings(
    tmp_path: Path, corpus_copy: Path, chroma_server: tuple[str, int]
) -> Iterator[Settings]:
    value = server_mode_settings(
        chroma_server, tmp_path, corpus_copy, tmp_path / "no-embedded-index"
    )
    yield value
    close_index(value)


def _edit_learning_point(corpus: Path) -> None:
    path = corpus / f"{DOC}.txt"
    text = path.read_text("utf-8")
    assert OLD in text
    path.write_text(text.replace(OLD, NEW), "utf-8")


def _doc_texts(index: Index, doc_id: str) -> list[str]:
    return [c.text for c in index.snapshot()[0] if c.doc_id == doc_id]


def _assert_consistent(index: Index) -> None:
    store = index.store
    chunks = store.all_chunks()
    assert len({c.chunk_id for c in chunks}) == len(chunks) == store.count()
    registry = store.documents()
    assert store.count() == sum(int(r["chunks"]) for r in registry.values())
    for doc_id, record in registry.items():
        assert set(store.chunk_ids_for(doc_id).values()) == {record["doc_hash"]}
    snapshot, bm25 = index.snapshot()
    assert {c.chunk_id for c in snapshot} == {c.chunk_id for c in chunks}
    assert len(bm25.chunks) == len(snapshot)


def test_server_mode_ingest_ask_reingest_and_a_second_index(
    server_settings: Settings, corpus_copy: Path
) -> None:
    embedder = HashEmbedder()
    assistant = Assistant.open(server_settings, embedder=embedder)
    store = assistant.index.store
    assert isinstance(store, ChromaStore) and store.server_mode
    assert store.location.startswith("http://127.0.0.1:")
    assert not (server_settings.index_dir / ".lock").exists()  # no embedded lock

    report = assistant.ingest()
    assert report.ok, report.failed
    assert report.count("added") == 5
    answer = assistant.ask(
        "When do line managers have to get involved in a disagreement between agencies?"
    )
    assert answer.citations
    assert any(OLD in c.chunk.text for c in answer.citations)

    # Another process's view, opened before the change: it must catch up by itself.
    watcher = Index(ChromaStore(server_settings, embedder), embedder)
    assert any(OLD in t for t in _doc_texts(watcher, DOC))
    generation_before = watcher.store.generation(max_age=0)

    _edit_learning_point(corpus_copy)
    again = assistant.ingest()
    statuses = {o.doc_id: o.status for o in again.outcomes}
    assert statuses[DOC] == "updated"
    assert sorted(set(statuses.values())) == ["unchanged", "updated"]
    _assert_consistent(assistant.index)

    # Old text gone, new text retrievable (dense + BM25, filtered and not).
    texts = _doc_texts(assistant.index, DOC)
    assert not any(OLD in t for t in texts)
    assert any(NEW in t for t in texts)
    for filters in (None, Filters(doc=DOC)):
        hits = assistant.retrieve(NEW, filters=filters)
        assert hits and NEW in hits[0].chunk.text
    assert NEW in assistant.retrieve(NEW, mode="bm25")[0].chunk.text

    # The same chunks as a clean ingest of the edited corpus (another collection, same
    # server): chunk ids are content hashes, so the sets must be equal.
    clean_settings = server_settings.model_copy(update={"collection": "clean_ingest"})
    clean = Index(ChromaStore(clean_settings, embedder), embedder)
    assert ingest_paths([corpus_copy], clean, clean_settings).ok
    assert set(clean.store.chunk_ids_for(DOC)) == set(store.chunk_ids_for(DOC))
    assert len(store.chunk_ids_for(DOC)) == len(clean.store.chunk_ids_for(DOC))
    assert store.count() == clean.store.count()

    # A fresh Index, as another process would open it, sees the change.
    other = Index(ChromaStore(server_settings, embedder), embedder)
    assert other.store.generation() == store.generation() != generation_before
    other_texts = _doc_texts(other, DOC)
    assert any(NEW in t for t in other_texts) and not any(OLD in t for t in other_texts)
    other_hits = HashEmbedder().embed_query(NEW)
    assert NEW in other.store.query(other_hits, 1, Filters(doc=DOC))[0][0].text

    # The index opened before the change catches up through the generation token once its
    # TTL (2 s in server mode) has passed.
    deadline = time.monotonic() + 30
    while any(OLD in t for t in _doc_texts(watcher, DOC)):
        assert time.monotonic() < deadline, "the watcher never saw the new generation"
        time.sleep(0.25)
    assert any(NEW in t for t in _doc_texts(watcher, DOC))
    _assert_consistent(watcher)


INGEST_JOB = r"""
import json, sys
from pathlib import Path
from core.config import Settings
from ingest.index import open_index
from ingest.pipeline import ingest_paths
from tests.fakes import HashEmbedder
settings = Settings(corpus_dir=Path(sys.argv[1]), chroma_host=sys.argv[2],
                    chroma_port=int(sys.argv[3]))
index = open_index(settings, HashEmbedder())
report = ingest_paths([settings.corpus_dir], index, settings)
print(json.dumps({o.doc_id: o.status for o in report.outcomes}))
"""


def test_a_separate_ingest_process_is_seen_by_a_running_assistant(
    server_settings: Settings, corpus_copy: Path
) -> None:
    """A UI process keeps answering while a separate ingest job updates the shared index."""
    assistant = Assistant.open(server_settings, embedder=HashEmbedder())
    assert assistant.ingest().ok
    assert any(OLD in t for t in _doc_texts(assistant.index, DOC))

    _edit_learning_point(corpus_copy)
    job = subprocess.run(
        [
            sys.executable,
            "-c",
            INGEST_JOB,
            str(corpus_copy),
            str(server_settings.chroma_host),
            str(server_settings.chroma_port),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
        check=False,
    )
    assert job.returncode == 0, job.stderr[-3000:]
    assert json.loads(job.stdout.strip().splitlines()[-1])[DOC] == "updated"

    deadline = time.monotonic() + 30
    while not any(NEW in t for t in _doc_texts(assistant.index, DOC)):
        assert time.monotonic() < deadline, "the assistant never saw the other process's ingest"
        time.sleep(0.25)
    assert not any(OLD in t for t in _doc_texts(assistant.index, DOC))
    hits = assistant.retrieve(NEW, filters=Filters(doc=DOC))
    assert hits and NEW in hits[0].chunk.text
    _assert_consistent(assistant.index)
