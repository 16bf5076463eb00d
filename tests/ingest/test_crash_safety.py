"""Crash safety: SIGKILL an ingest part-way (in a child process), run it again, and the index
must equal a clean ingest - no orphan, stale or duplicate chunks.

Embedded Chroma must never be open in two processes at once, so the index is only ever
opened by child processes, one at a time: ``ingest`` children print a line per embedded batch
(the test kills them after N lines) and an ``inspect`` child prints the index's state as JSON.
The slowness comes from a per-batch delay in the script's own embedder, not the project code.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from core.config import Settings
from ingest.manifest import Manifest
from ingest.pipeline import discover, parse_file
from tests.builders import CORPUS_DIR

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
COPIES = 3  # 3 x the 5 seed briefs: 15 documents, ~480 chunks
DELAY_S = 0.05  # per embedded batch (16 chunks)
TIMEOUT_S = 300

CHILD = r'''
"""Ingest (printing a line per embedded batch) or inspect an index - one process at a time."""
import json
import sys
import time
from pathlib import Path

from core.config import Settings
from ingest.index import open_index
from ingest.pipeline import ingest_paths
from tests.fakes import HashEmbedder


class SlowEmbedder(HashEmbedder):
    def __init__(self, delay):
        super().__init__()
        self.delay = delay

    def embed_documents(self, texts):
        time.sleep(self.delay)
        return super().embed_documents(texts)


mode, index_dir = sys.argv[1], Path(sys.argv[2])
if mode == "ingest":
    corpus, delay, batch = Path(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
    settings = Settings(index_dir=index_dir, corpus_dir=corpus, embed_batch_size=batch)
    embedder = SlowEmbedder(delay)
    index = open_index(settings, embedder)

    def progress(stage, done, total):
        if stage in ("embed", "index"):  # embedded ahead, then written document by document
            print(f"EMBED {done} {total}", flush=True)

    report = ingest_paths([corpus], index, settings, progress=progress)
    counts = {s: report.count(s) for s in
              ("added", "updated", "unchanged", "removed", "duplicate", "failed")}
    print("DONE " + json.dumps({"counts": counts, "embedded": embedder.texts_embedded}),
          flush=True)
else:
    index = open_index(Settings(index_dir=index_dir), HashEmbedder())
    store = index.store
    chunks = store.all_chunks()
    snapshot, bm25 = index.snapshot()
    print("STATE " + json.dumps({
        "count": store.count(),
        "chunks": [[c.chunk_id, c.doc_id, c.doc_hash] for c in chunks],
        "registry": {d: {"doc_hash": r["doc_hash"], "chunks": int(r["chunks"])}
                     for d, r in store.documents().items()},
        "bm25": len(bm25.chunks),
    }), flush=True)
index.close()
'''


# -- running children ---------------------------------------------------------------------------
@pytest.fixture
def child(tmp_path: Path) -> Path:
    script = tmp_path / "ingest_child.py"
    script.write_text(CHILD, encoding="utf-8")
    return script


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", PYTHONUNBUFFERED="1")
    return env


def ingest(
    script: Path, index: Path, corpus: Path, *, kill_after: int | None = None
) -> dict[str, Any] | None:
    """Run an ingest child. With ``kill_after``, SIGKILL it after that many embedded batches
    (slowed down, 16 chunks each) and return None; otherwise run it to completion at full
    speed and return its DONE payload."""
    delay, batch = (DELAY_S, 4) if kill_after is not None else (0.0, 64)
    errors = index.parent / f"stderr-{index.name}.txt"
    with errors.open("a") as stderr:
        proc = subprocess.Popen(
            [
                sys.executable,
                str(script),
                "ingest",
                str(index),
                str(corpus),
                str(delay),
                str(batch),
            ],
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            cwd=REPO,
            env=_env(),
        )
    watchdog = threading.Timer(TIMEOUT_S, proc.kill)
    watchdog.start()
    try:
        assert proc.stdout is not None
        batches = 0
        done: dict[str, Any] | None = None
        for line in proc.stdout:
            if line.startswith("EMBED"):
                batches += 1
                if kill_after is not None and batches >= kill_after:
                    proc.send_signal(signal.SIGKILL)
                    break
            elif line.startswith("DONE "):
                done = json.loads(line[5:])
        code = proc.wait(timeout=60)
    finally:
        watchdog.cancel()
        if proc.stdout is not None:
            proc.stdout.close()
    if kill_after is not None:
        assert code == -signal.SIGKILL and done is None, (
            f"the ingest was not killed part-way (exit {code}, {batches} batches)"
        )
        return None
    assert code == 0 and done is not None, errors.read_text()
    return done


def inspect(script: Path, index: Path) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, str(script), "inspect", str(index)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=_env(),
        timeout=TIMEOUT_S,
    )
    assert result.returncode == 0, result.stderr
    line = next(li for li in result.stdout.splitlines() if li.startswith("STATE "))
    state: dict[str, Any] = json.loads(line[6:])
    return state


# -- checks --------------------------------------------------------------------------------
def assert_registered_versions_complete(state: dict[str, Any]) -> None:
    """The crash-safety invariant, even mid-crash: every registered document has all chunks
    of its registered version (leftovers of another version may exist until the next run)."""
    current: dict[str, int] = {}
    for _, doc_id, doc_hash in state["chunks"]:
        record = state["registry"].get(doc_id)
        if record is not None and record["doc_hash"] == doc_hash:
            current[doc_id] = current.get(doc_id, 0) + 1
    for doc_id, record in state["registry"].items():
        assert current.get(doc_id, 0) == record["chunks"], f"{doc_id} is incomplete"


def assert_consistent(state: dict[str, Any]) -> None:
    ids = [cid for cid, _, _ in state["chunks"]]
    assert len(ids) == len(set(ids)), "duplicate chunk ids"
    assert state["count"] == len(ids) == state["bm25"]
    assert state["count"] == sum(r["chunks"] for r in state["registry"].values())
    for cid, doc_id, doc_hash in state["chunks"]:
        assert doc_id in state["registry"], f"orphan chunk {cid}"
        assert state["registry"][doc_id]["doc_hash"] == doc_hash, f"stale chunk {cid}"


def expected_ids(corpus: Path) -> set[str]:
    """The chunk ids a clean ingest must produce, computed without any index."""
    files, _, _ = discover([corpus])
    manifest = Manifest.load(corpus)
    settings = Settings(index_dir=corpus.parent / "unused")
    return {c.chunk_id for f in files for c in parse_file(f, settings, manifest).chunks}


def make_corpus(folder: Path) -> Path:
    folder.mkdir()
    for copy in range(COPIES):
        for seed in sorted(CORPUS_DIR.glob("*.txt")):
            text = f"Copy {copy} of this brief\n\n" + seed.read_text("utf-8")
            (folder / f"{seed.stem}-copy{copy}.txt").write_text(text, encoding="utf-8")
    return folder


# -- tests ---------------------------------------------------------------------------------
def test_killed_ingest_then_rerun_equals_a_clean_ingest(child: Path, tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    index = tmp_path / "index"

    ingest(child, index, corpus, kill_after=8)
    partial = inspect(child, index)
    assert partial["count"] > 0
    assert len(partial["registry"]) < COPIES * 5
    assert_registered_versions_complete(partial)
    # The document being written when the process died has chunks but no registry record.
    # If its file is then deleted, the rerun must still remove those chunks.
    unregistered = {d for _, d, _ in partial["chunks"]} - set(partial["registry"])
    for doc_id in unregistered:
        (corpus / f"{doc_id}.txt").unlink()

    ingest(child, index, corpus, kill_after=12)  # killed again, during the recovery
    again = inspect(child, index)
    assert len(again["registry"]) > len(partial["registry"])
    assert_registered_versions_complete(again)

    final = ingest(child, index, corpus)
    assert final is not None and final["counts"]["failed"] == 0
    documents = COPIES * 5 - len(unregistered)
    assert final["counts"]["added"] + final["counts"]["unchanged"] == documents
    recovered = inspect(child, index)
    assert_consistent(recovered)

    clean_index = tmp_path / "clean-index"
    clean = ingest(child, clean_index, corpus)
    assert clean is not None and clean["counts"]["added"] == documents
    reference = inspect(child, clean_index)
    assert_consistent(reference)
    assert recovered["count"] == reference["count"]
    assert recovered["registry"] == reference["registry"]
    assert sorted(c[0] for c in recovered["chunks"]) == sorted(c[0] for c in reference["chunks"])
    assert {c[0] for c in reference["chunks"]} == expected_ids(corpus)

    again_done = ingest(child, index, corpus)  # and now nothing is left to do
    assert again_done is not None
    assert again_done["counts"]["unchanged"] == documents and again_done["embedded"] == 0


def test_killed_replace_leaves_no_orphans_or_duplicates(child: Path, tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    index = tmp_path / "index"
    assert ingest(child, index, corpus) is not None
    before = inspect(child, index)
    assert_consistent(before)

    # Change every copy of the largest brief (95 learning points each): all their chunk ids
    # change, and each takes several batches - the kill lands mid-replace.
    changed = sorted(corpus.glob("learning-from-reviews-briefing-llr-copy*.txt"))
    for path in changed:
        path.write_text(
            path.read_text("utf-8") + "\n\nAdditional learning\n\n- Check who "
            "else lives in the household at every visit.\n",
            encoding="utf-8",
        )
    (corpus / "scr-in14-learning-bulletin-copy0.txt").unlink()  # and one removal

    ingest(child, index, corpus, kill_after=9)
    partial = inspect(child, index)
    assert_registered_versions_complete(partial)
    # Some changed documents are still at their old version, and leftovers of the new
    # version of the one being written may be there: the next run must clean them up.
    old_hashes = {d: r["doc_hash"] for d, r in before["registry"].items()}
    still_old = [
        p.stem for p in changed if partial["registry"][p.stem]["doc_hash"] == old_hashes[p.stem]
    ]
    assert still_old, "the kill came after every changed document was replaced"

    final = ingest(child, index, corpus)
    assert final is not None and final["counts"]["failed"] == 0
    assert final["counts"]["updated"] == len(still_old)
    assert final["counts"]["removed"] == 1
    recovered = inspect(child, index)
    assert_consistent(recovered)
    assert {c[0] for c in recovered["chunks"]} == expected_ids(corpus)
    assert "scr-in14-learning-bulletin-copy0" not in recovered["registry"]
    for path in changed:
        assert recovered["registry"][path.stem]["doc_hash"] != old_hashes[path.stem]
