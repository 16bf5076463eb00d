"""No question text in any log unless REVIEW_ASSISTANT_LOG_QUESTIONS=true (issue 13, item 6).

A canary question is asked down every path that logs (a rejected follow-up rewrite, a model
error that quotes the request, the CLI) and every log is searched for it: the records pytest
captures, and the stderr of a real ``review-assistant ask`` process.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from assistant.service import Assistant
from core.config import Settings
from core.models import Turn
from tests.builders import memory_assistant
from tests.fakes import HashEmbedder, ScriptedChatModel

CANARY = "and what about Jayden Smith aged 4 at 12 Acacia Road?"
SECRET = "Jayden Smith"
REPO = Path(__file__).resolve().parents[2]


def _history() -> list[Turn]:
    question = "What do reviews say about escalation policy?"
    return [Turn(question=question, retrieval_query=question)]


def _assistant(settings: Settings, hash_embedder: HashEmbedder, **update: Any) -> Assistant:
    # Evidence is not at issue here: a follow-up about a named person is resolved to its own
    # topic, which the library never mentions, and only a direct answer goes to the model.
    value = settings.model_copy(update={"abstain_threshold": -1.0, **update})
    # The condensed rewrite is rejected (it says NOT COVERED) and quotes the question; the
    # answer's model call fails with an error that echoes the request.
    chat = ScriptedChatModel(
        [f"NOT COVERED {CANARY}", RuntimeError(f"server rejected the request: {CANARY}")]
    )
    assistant = memory_assistant(value, hash_embedder, chat_model=chat)
    assert assistant.ingest().ok
    return assistant


def test_llm_paths_do_not_log_the_question(
    settings: Settings, hash_embedder: HashEmbedder, caplog: pytest.LogCaptureFixture
) -> None:
    assistant = _assistant(settings, hash_embedder)
    with caplog.at_level(logging.DEBUG):
        answer = assistant.ask(CANARY, history=_history())

    assert answer.backend == "extractive"  # both LLM steps failed and were logged
    messages = [r.getMessage() for r in caplog.records]
    assert any("condensation failed" in m for m in messages)
    assert any("LLM answer failed" in m for m in messages)
    assert SECRET not in caplog.text
    assert "Acacia" not in caplog.text


def test_the_question_is_logged_when_allowed(
    settings: Settings, hash_embedder: HashEmbedder, caplog: pytest.LogCaptureFixture
) -> None:
    """The same run with LOG_QUESTIONS=true does log it (so the test above can fail)."""
    assistant = _assistant(settings, hash_embedder, log_questions=True)
    with caplog.at_level(logging.DEBUG):
        assistant.ask(CANARY, history=_history())
    assert SECRET in caplog.text


class _EchoingErrorServer:
    """An OpenAI-compatible endpoint that fails every request with an error quoting it."""

    def __init__(self) -> None:
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                question = json.loads(body)["messages"][-1]["content"][-300:]
                payload = json.dumps({"error": {"message": f"cannot answer {question}"}})
                self.send_response(400)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(payload.encode())

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def echoing_server() -> Iterator[_EchoingErrorServer]:
    server = _EchoingErrorServer()
    yield server
    server.stop()


@pytest.mark.slow
def test_cli_ask_stderr_holds_no_question(
    tmp_path: Path, echoing_server: _EchoingErrorServer
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "brief.md").write_text(
        "# Serious Case Review: Child Q\n\n## Key learning\n\n"
        "- Practitioners should use the escalation policy when they disagree.\n"
        "- Agencies should share information about a child at an address promptly.\n",
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "REVIEW_ASSISTANT_INDEX_DIR": str(tmp_path / "index"),
        "REVIEW_ASSISTANT_CORPUS_DIR": str(corpus),
        "REVIEW_ASSISTANT_FEEDBACK_DB": str(tmp_path / "feedback.sqlite3"),
        "REVIEW_ASSISTANT_ABSTAIN_THRESHOLD": "-1",
    }
    env.pop("REVIEW_ASSISTANT_LOG_QUESTIONS", None)
    run = [sys.executable, "-m", "ui.cli"]
    done = subprocess.run(
        [*run, "ingest"], env=env, cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    env.update(
        REVIEW_ASSISTANT_LLM_BACKEND="openai",
        REVIEW_ASSISTANT_LLM_MODEL="echo",
        REVIEW_ASSISTANT_LLM_BASE_URL=echoing_server.url,
    )
    # A question the brief answers directly (only a direct answer goes to the model), with
    # the same identifying details.
    question = "Jayden Smith aged 4 at 12 Acacia Road: should I share information and escalate?"
    asked = subprocess.run(
        [*run, "ask", question], env=env, cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert asked.returncode == 0, asked.stderr
    assert "LLM answer failed" in asked.stderr  # the model's error was logged ...
    assert SECRET not in asked.stderr and "Acacia" not in asked.stderr  # ... without it
