"""Shared fixtures: settings on a temp index, the fake embedder, the pinned seed corpus.

The suite never reads the working tree's ``corpus/`` or data directory (``.review-assistant/``),
so it passes whatever a user has uploaded or ingested: the seeds come from the pinned copy in
``tests/fixtures/seed-corpus/`` (``test_seed_corpus.py`` checks it against the seeds' known
hashes), and every ``REVIEW_ASSISTANT_*`` folder setting a test does not set itself points
into a private temporary folder (also for the subprocesses tests start).
"""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "fixtures" / "seed-corpus"
"""The pinned copy of the five seed briefs and their manifest (never the working tree's
``corpus/``, which a user may have changed)."""

_DATA = Path(tempfile.mkdtemp(prefix="review-assistant-tests-"))
atexit.register(shutil.rmtree, _DATA, True)
# Forced, not defaulted: a user's own REVIEW_ASSISTANT_* folders must not leak into a test.
os.environ["REVIEW_ASSISTANT_CORPUS_DIR"] = str(CORPUS)
os.environ["REVIEW_ASSISTANT_LIBRARY_DIR"] = str(_DATA / "library")
os.environ["REVIEW_ASSISTANT_INDEX_DIR"] = str(_DATA / "index")
os.environ["REVIEW_ASSISTANT_FEEDBACK_DB"] = str(_DATA / "feedback.sqlite3")
for _name in ("REVIEW_ASSISTANT_CHROMA_HOST", "REVIEW_ASSISTANT_CHROMA_PORT"):
    os.environ.pop(_name, None)

# Imported after the environment is set (settings read it).
from core.config import ABSTAIN_THRESHOLDS, BUNDLED_MODEL, Settings  # noqa: E402
from ingest.index import close_index  # noqa: E402
from tests.fakes import HashEmbedder  # noqa: E402


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
        library_dir=tmp_path / "library",
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
        index_dir=folder / "index",
        corpus_dir=CORPUS,
        library_dir=folder / "library",
        feedback_db=folder / "feedback.sqlite3",
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


# -- servers the tests start (Chroma's ``chroma run``, Streamlit) ------------------------------


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(
    url: str, process: subprocess.Popen[bytes], log: Path, timeout: float, what: str
) -> None:
    """Poll ``url`` until it answers 200; fail the test (with the log's tail) when
    ``process`` exits first or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-4000:]
            pytest.fail(f"{what} exited with {process.returncode}:\n{tail}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            tail = log.read_text(errors="replace")[-4000:]
            pytest.fail(f"{what} did not answer within {timeout:.0f} s:\n{tail}")
        time.sleep(0.2)


def stop_process(process: subprocess.Popen[bytes], timeout: float = 20) -> None:
    """SIGTERM, then SIGKILL after ``timeout`` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[tuple[str, int]]:
    """``chroma run`` (next to this Python) on a free 127.0.0.1 port over a fresh folder;
    yields ``(host, port)``; always stopped. Shared by the server-mode tests."""
    exe = Path(sys.executable).parent / "chroma"
    if not exe.is_file():
        pytest.skip("the 'chroma' CLI is not installed next to this Python")
    port = free_port()
    log_path = tmp_path / "chroma.log"
    command = [str(exe), "run", "--path", str(tmp_path / "server-data")]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
        )
        try:
            url = f"http://127.0.0.1:{port}/api/v2/heartbeat"
            wait_until_up(url, process, log_path, 90, "chroma run")
            yield "127.0.0.1", port
        finally:
            stop_process(process, timeout=15)
