"""The chat UI as a real process: it shares its index with the CLI and stops cleanly.

``review-assistant ui`` serves its index folder through a ``chroma run`` server (see
``ingest/serve.py``); these tests start the real launcher on free ports, run CLI commands as
separate processes while it runs, and stop it with SIGTERM / SIGINT.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from filelock import FileLock

from ingest.serve import STATE_NAME, heartbeat, read_state
from tests.conftest import CORPUS, free_port
from tests.ui.conftest import launch_chromium, require_browser

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
SEED = "scr-in14-learning-bulletin"
EXTRA = """Learning Brief: Baby Q

Key learning

- Practitioners must see where the baby sleeps at every home visit.
- Health visitors should share concerns about unsafe sleep with the GP.
"""


def _listening(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Settings for a one-seed corpus, ingested once with the real default model."""
    root = tmp_path_factory.mktemp("lifecycle")
    corpus = root / "corpus"
    corpus.mkdir()
    for name in (f"{SEED}.txt", "manifest.json"):
        (corpus / name).write_bytes((CORPUS / name).read_bytes())
    values = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "PYTHONUNBUFFERED": "1",
        "REVIEW_ASSISTANT_INDEX_DIR": str(root / "index"),
        "REVIEW_ASSISTANT_CORPUS_DIR": str(corpus),
        "REVIEW_ASSISTANT_LIBRARY_DIR": str(root / "library"),
        "REVIEW_ASSISTANT_FEEDBACK_DB": str(root / "feedback.sqlite3"),
    }
    done = _cli(values, "ingest")
    assert done.returncode == 0, done.stderr
    return values


def _cli(env: dict[str, str], *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ui.cli", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


class RunningUI:
    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.index_dir = Path(env["REVIEW_ASSISTANT_INDEX_DIR"])
        self.log = log
        with log.open("wb") as sink:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "ui.cli",
                    "ui",
                    "--headless",
                    "--port",
                    f"{self.port}",
                ],
                env=env,
                cwd=REPO,
                stdout=sink,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 120
        while not self._healthy():
            if self.process.poll() is not None:
                pytest.fail(f"the UI exited with {self.process.returncode}: {log.read_text()}")
            if time.monotonic() > deadline:
                self.process.kill()
                pytest.fail(f"the UI did not start in 120 s: {log.read_text()}")
            time.sleep(0.5)
        state = read_state(self.index_dir)
        assert state is not None and heartbeat(state.host, state.port)
        self.server_port, self.server_pid = state.port, state.pid

    def _healthy(self) -> bool:
        if not (self.index_dir / STATE_NAME).is_file():
            return False
        try:
            url = f"http://127.0.0.1:{self.port}/_stcore/health"
            with urllib.request.urlopen(url, timeout=2) as response:
                return bool(response.status == 200)
        except OSError:
            return False

    def stop(self, signum: int = signal.SIGTERM, timeout: float = 60) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signum)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise


@pytest.fixture
def ui(env: dict[str, str], tmp_path: Path) -> Iterator[RunningUI]:
    running = RunningUI(env, tmp_path / "ui.log")
    try:
        yield running
    finally:
        if running.process.poll() is None:
            running.stop()


def test_cli_works_while_the_ui_runs_and_shares_its_index(
    ui: RunningUI, env: dict[str, str], tmp_path: Path
) -> None:
    asked = _cli(env, "ask", "who must be involved in strategy discussions?", "--json")
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert answer["citations"] and answer["citations"][0]["doc"] == SEED

    listed = _cli(env, "corpus", "--json")
    assert listed.returncode == 0, listed.stderr
    assert set(json.loads(listed.stdout)) == {SEED}

    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "baby-q.txt").write_text(EXTRA, encoding="utf-8")
    ingested = _cli(env, "ingest", str(folder))
    assert ingested.returncode == 0, ingested.stdout + ingested.stderr
    listed = _cli(env, "corpus", "--json")
    assert set(json.loads(listed.stdout)) == {SEED, "baby-q"}
    assert json.loads(listed.stdout)["baby-q"]["origin"] == "path"
    found = _cli(env, "ask", "where does the baby sleep at home visits?", "--json")
    assert any(c["doc"] == "baby-q" for c in json.loads(found.stdout)["citations"])

    # eval too, and it says that the index holds more than the question set's corpus.
    questions = tmp_path / "one.jsonl"
    questions.write_text(
        Path(REPO / "evals" / "questions.jsonl").read_text("utf-8").splitlines()[0] + "\n",
        encoding="utf-8",
    )
    output = tmp_path / "results.json"
    evaluated = _cli(
        env,
        "eval",
        "--questions",
        str(questions),
        "--config",
        "bm25",
        "--output",
        str(output),
        "--corpus",
        env["REVIEW_ASSISTANT_CORPUS_DIR"],
    )
    assert evaluated.returncode == 0, evaluated.stdout + evaluated.stderr
    assert "baby-q" in " ".join(evaluated.stderr.split())
    library = json.loads(output.read_text("utf-8"))["meta"]["library"]
    assert library["beyond_corpus"] == ["baby-q"] and set(library["documents"]) == {
        SEED,
        "baby-q",
    }


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_signal_stops_the_ui_and_its_server_and_frees_port_and_lock(
    ui: RunningUI, signum: int
) -> None:
    assert ui.stop(signum) == 0, ui.log.read_text()
    assert not _listening(ui.port), "Streamlit still serves the port"
    assert not _listening(ui.server_port), "the index server still serves its port"
    with pytest.raises(ProcessLookupError):
        os.kill(ui.server_pid, 0)
    assert not (ui.index_dir / STATE_NAME).exists()
    lock = FileLock(str(ui.index_dir / ".lock"), timeout=0)
    lock.acquire()  # raises Timeout if anything still holds it
    lock.release()


@pytest.mark.browser
def test_upload_in_a_browser_is_seen_by_the_cli_and_a_cli_ingest_by_the_ui(
    ui: RunningUI, env: dict[str, str], tmp_path: Path
) -> None:
    """Through the real launcher (index served to the CLI): a brief uploaded in Chromium lands
    in the library, not the bundled corpus, and the CLI sees it; a brief the CLI ingests
    meanwhile shows on the UI's Corpus page without a restart."""
    require_browser()
    from playwright.sync_api import expect

    corpus = Path(env["REVIEW_ASSISTANT_CORPUS_DIR"])
    library = Path(env["REVIEW_ASSISTANT_LIBRARY_DIR"])
    bundled = sorted(p.name for p in corpus.iterdir())
    uploaded = EXTRA.replace("Baby Q", "Baby U")
    brief = tmp_path / "Baby U brief.txt"
    brief.write_text(uploaded, encoding="utf-8")
    with launch_chromium() as chromium:
        page = chromium.new_page(viewport={"width": 1280, "height": 2400})
        page.goto(f"http://127.0.0.1:{ui.port}/corpus", wait_until="domcontentloaded")
        uploader = page.get_by_test_id("stFileUploader")
        uploader.wait_for(timeout=240_000)
        uploader.locator("input[type=file]").set_input_files(str(brief))
        expect(page.get_by_test_id("stExpander").filter(has_text="Baby U")).to_have_count(
            1, timeout=180_000
        )

        listed = _cli(env, "corpus", "--json")
        assert listed.returncode == 0, listed.stderr
        documents = json.loads(listed.stdout)
        assert documents["Baby-U-brief"]["origin"] == "library"
        assert (library / "Baby-U-brief.txt").read_text("utf-8") == uploaded
        assert sorted(p.name for p in corpus.iterdir()) == bundled

        folder = tmp_path / "mine"
        folder.mkdir()
        (folder / "baby-r.txt").write_text(EXTRA.replace("Baby Q", "Baby R"), "utf-8")
        assert _cli(env, "ingest", str(folder)).returncode == 0
        page.reload(wait_until="domcontentloaded")
        expect(page.get_by_test_id("stExpander").filter(has_text="Baby R")).to_have_count(
            1, timeout=60_000
        )
