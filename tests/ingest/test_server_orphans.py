"""Server mode: the orphan sweep runs keyed by the registry, and an answer never cites two
versions of one learning point (issue 13, item 5).

The kill -9 case runs against a real ``chroma run`` server on a free 127.0.0.1 port: a child
process starts ingesting a new document, is killed after its first chunks are written (before
they are registered), the file is deleted and the library re-ingested: no chunk of the killed
write may stay.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.service import Assistant
from core.config import Settings
from ingest.index import close_index, open_index
from ingest.pipeline import ingest_paths
from tests.builders import server_mode_settings
from tests.fakes import HashEmbedder

REPO = Path(__file__).resolve().parents[2]

CHILD = r"""
import sys, time
from pathlib import Path
from core.config import Settings
from ingest.index import open_index
from ingest.pipeline import ingest_paths
from tests.fakes import HashEmbedder

class Slow(HashEmbedder):
    def embed_documents(self, texts):
        time.sleep(0.2)
        return super().embed_documents(texts)

host, port, index_dir, corpus = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
settings = Settings(index_dir=index_dir, corpus_dir=corpus, chroma_host=host, chroma_port=port,
                    embed_batch_size=2)
index = open_index(settings, Slow())
def progress(stage, done, total):
    if stage == "index":
        print(f"INDEX {done} {total}", flush=True)
ingest_paths([corpus], index, settings, progress=progress)
print("DONE", flush=True)
"""


def _long_brief(points: int = 40) -> str:
    lines = ["FICTIONAL TEST FIXTURE - not a real review", "", "Serious Case Review: Child K", ""]
    lines += ["Key learning", ""]
    lines += [
        f"· Learning point {n}: agencies should record decision {n} about child K's care."
        for n in range(points)
    ]
    return "\n".join(lines) + "\n"


@pytest.fixture
def server(
    tmp_path: Path,
    chroma_server: tuple[str, int],
) -> Iterator[Settings]:
    corpus = tmp_path / "library"
    corpus.mkdir()
    value = server_mode_settings(chroma_server, tmp_path, corpus, tmp_path / "index")
    yield value
    close_index(value)


@pytest.mark.slow
def test_kill_9_during_a_first_write_leaves_no_orphans_in_server_mode(
    server: Settings, tmp_path: Path
) -> None:
    corpus = server.corpus_dir
    (corpus / "kept.txt").write_text(_long_brief(3).replace("Child K", "Child J"), "utf-8")
    index = open_index(server, HashEmbedder())
    assert ingest_paths([corpus], index, server).ok
    doomed = corpus / "child-k.txt"
    doomed.write_text(_long_brief(), "utf-8")

    script = tmp_path / "child.py"
    script.write_text(CHILD, "utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}
    assert server.chroma_host is not None
    proc = subprocess.Popen(
        [
            sys.executable,
            str(script),
            server.chroma_host,
            str(server.chroma_port),
            str(server.index_dir),
            str(corpus),
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env=env,
    )
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("INDEX"):
                os.kill(proc.pid, signal.SIGKILL)
                break
    finally:
        proc.kill()
        proc.wait(30)

    store = index.store
    orphans = [c for c in store.all_chunks() if c.doc_id == "child-k"]
    assert orphans, "the child was killed before it wrote any chunk; the test proves nothing"
    assert "child-k" not in store.documents()

    doomed.unlink()
    report = ingest_paths([corpus], index, server)

    assert report.ok
    assert [c for c in store.all_chunks() if c.doc_id == "child-k"] == []
    assert store.count() == sum(int(r["chunks"]) for r in store.documents().values())
    assert all(p.chunk.doc_id != "child-k" for p in Assistant(server, index).retrieve("child K"))


@pytest.mark.slow
def test_a_live_writers_chunks_are_not_swept(server: Settings) -> None:
    """Chunks a live process holds a lease on (it is writing them) survive another ingest."""
    corpus = server.corpus_dir
    (corpus / "kept.txt").write_text(_long_brief(3), "utf-8")
    index = open_index(server, HashEmbedder())
    assert ingest_paths([corpus], index, server).ok
    store = index.store
    chunk = dataclasses.replace(
        store.all_chunks()[0], doc_id="in-flight", doc_hash="h-in-flight", chunk_id="in-flight-1"
    )
    lease = store.take_lease(["h-in-flight"])  # type: ignore[attr-defined]
    store.upsert([chunk], index.embedder.embed_documents([chunk.embed_text]))

    ingest_paths([corpus], index, server)
    assert "in-flight-1" in store.chunk_ids_for("in-flight")

    store.release_lease(lease)  # type: ignore[attr-defined]
    ingest_paths([corpus], index, server)
    assert store.chunk_ids_for("in-flight") == {}


def test_an_answer_never_cites_two_versions_of_one_learning_point(
    settings: Settings, hash_embedder: HashEmbedder
) -> None:
    """Another process is mid-way through replacing a document: its new chunks are in the
    store, the registry still names the old version. Retrieval shows one version only."""
    assistant = Assistant.open(settings, embedder=hash_embedder)
    assert assistant.ingest().ok
    store = assistant.index.store
    old = [c for c in store.all_chunks() if c.doc_id == "scr-in14-learning-bulletin"]
    new = [
        dataclasses.replace(c, chunk_id=f"next-{c.chunk_id}", doc_hash="next-version") for c in old
    ]
    store.upsert(new, hash_embedder.embed_documents([c.embed_text for c in new]))
    assistant.index.refresh(force=True)
    question = old[0].text[:200]

    passages = assistant.retrieve(question, 20)

    assert any(p.chunk.doc_id == "scr-in14-learning-bulletin" for p in passages)
    versions: dict[tuple[str, str, str], set[str]] = {}
    for p in passages:
        key = (p.chunk.doc_id, p.chunk.review, p.chunk.learning_point)
        versions.setdefault(key, set()).add(p.chunk.doc_hash)
    assert all(len(hashes) == 1 for hashes in versions.values()), versions
    assert all(p.chunk.doc_hash != "next-version" for p in passages)
