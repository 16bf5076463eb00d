"""The LLM path over a real wire: ``ChatOpenAI`` (via ``chat_model_from_settings``) against a
tiny OpenAI-compatible server started inside the test, streaming Server-Sent Events.

The server answers from the passages in the request (two supported, cited sentences plus one
uncited sentence), so the answer is streamed, validated and renumbered end to end through
``Assistant.ask``. Then the server is stopped (connection refused) or stalls (timeout), and the
assistant must fall back to the extractive answer with a notice within the timeout.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from assistant.cite import markers_in
from assistant.llm.backends import LangChainChatModel, chat_model_from_settings
from assistant.service import Assistant
from core.config import Settings
from core.models import Turn
from tests.builders import memory_assistant
from tests.fakes import HashEmbedder

pytestmark = pytest.mark.slow

QUESTION = "What do reviews say about escalation policy and professional disagreement?"
UNCITED = "Every agency already does this well."
_PASSAGE_RE = re.compile(
    r"^\[(\d+)\] \((.*?)\)\n(.*?)(?=\n\n\[\d+\] \(|\n</passages>)", re.M | re.S
)


def _first_sentence(text: str, words: int = 16) -> str:
    first = re.split(r"(?<=[.!?])\s+", text.strip())[0]
    cut = " ".join(first.split()[:words]).rstrip(".,;:!? ")
    return cut[0].upper() + cut[1:]


def scripted_reply(body: dict[str, Any]) -> str:
    """What the fake model says: condensed rewrite, or an answer built from the passages."""
    system, user = body["messages"][0]["content"], body["messages"][-1]["content"]
    if "standalone" in system:
        follow_up = re.search(r"Follow-up question: (.*)", user)
        topic = follow_up.group(1).strip(" ?") if follow_up else ""
        topic = re.sub(r"^(?:and )?what about\s+", "", topic, flags=re.I)
        return f"What do reviews say about {topic} and escalation policy?"
    passages = {int(n): text for n, _, text in _PASSAGE_RE.findall(user)}
    if len(passages) < 2:
        return "NOT COVERED"
    return f"{_first_sentence(passages[2])} [2].\n{_first_sentence(passages[1])} [1]. {UNCITED}"


@dataclass
class FakeOpenAIServer:
    """An OpenAI-compatible ``/v1/chat/completions`` endpoint with SSE streaming."""

    stall: threading.Event | None = None
    reply: Callable[[dict[str, Any]], str] = scripted_reply
    requests: list[dict[str, Any]] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None
    thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def start(self) -> FakeOpenAIServer:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

            def do_POST(self) -> None:
                if self.path.rstrip("/") != "/v1/chat/completions":
                    self.send_error(404)
                    return
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length))
                owner.requests.append(body)
                if owner.stall is not None:
                    owner.stall.wait(30)
                    return
                reply = owner.reply(body)
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.end_headers()
                for n, piece in enumerate(re.findall(r"\S+\s*", reply)):
                    delta: dict[str, str] = {"content": piece}
                    if n == 0:
                        delta["role"] = "assistant"
                    self._event(body, delta, None)
                self._event(body, {}, "stop")
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()

            def _event(
                self, body: dict[str, Any], delta: dict[str, str], finish: str | None
            ) -> None:
                chunk = {
                    "id": "chatcmpl-test",
                    "object": "chat.completion.chunk",
                    "created": int(time.time()),
                    "model": body.get("model", "test"),
                    "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
                }
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.flush()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        if self.stall is not None:
            self.stall.set()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
        if self.thread is not None:
            self.thread.join(5)


@pytest.fixture
def fake_server() -> Iterator[FakeOpenAIServer]:
    server = FakeOpenAIServer().start()
    yield server
    server.stop()


def _wired(
    settings: Settings, base_url: str, hash_embedder: HashEmbedder, timeout_s: float = 10.0
) -> Assistant:
    value = settings.model_copy(
        update={
            "llm_backend": "openai",
            "llm_model": "wire-test-model",
            "llm_base_url": base_url,
            "llm_timeout_s": timeout_s,
        }
    )
    assistant = memory_assistant(value, hash_embedder)
    assert isinstance(assistant.chat_model, LangChainChatModel)
    report = assistant.ingest()
    assert report.ok, report.failed
    return assistant


def test_streamed_answer_is_validated_end_to_end_then_falls_back_when_down(
    settings: Settings, hash_embedder: HashEmbedder, fake_server: FakeOpenAIServer
) -> None:
    assistant = _wired(settings, fake_server.base_url, hash_embedder, timeout_s=5.0)
    passages = assistant.retrieve(QUESTION, assistant.settings.top_k)
    pieces: list[str] = []

    answer = assistant.ask(QUESTION, on_token=pieces.append)

    # The request was a streaming, deterministic chat completion carrying the prompt.
    request = fake_server.requests[-1]
    assert request["stream"] is True
    assert request["model"] == "wire-test-model"
    assert request["temperature"] == 0
    assert [m["role"] for m in request["messages"]] == ["system", "user"]
    assert "<passages>" in request["messages"][1]["content"]
    # Only the checked answer is streamed on (never the unchecked draft).
    assert "".join(pieces) == answer.text
    assert UNCITED not in "".join(pieces)
    # Validated: the uncited sentence is gone, passages [2] and [1] renumbered to 1 and 2.
    assert answer.backend == "llm:wire-test-model"
    assert UNCITED not in answer.text
    assert [c.text for c in answer.dropped_claims] == [UNCITED]
    assert "info" in [n.kind for n in answer.notices]
    assert [c.chunk.chunk_id for c in answer.citations] == [
        passages[1].chunk.chunk_id,
        passages[0].chunk.chunk_id,
    ]
    assert set(markers_in(answer.text)) == {1, 2}
    assert answer.text.splitlines()[0].endswith("[1].")
    assert all((c.support or 0) >= assistant.settings.support_threshold for c in answer.claims)

    # The server goes away: connection refused -> extractive fallback, quickly.
    fake_server.stop()
    started = time.monotonic()
    fallback = assistant.ask(QUESTION)
    elapsed = time.monotonic() - started

    assert elapsed < assistant.settings.llm_timeout_s
    assert fallback.backend == "extractive"
    assert "fallback" in [n.kind for n in fallback.notices]
    assert fallback.citations


def test_follow_up_condensed_over_the_wire(
    settings: Settings, hash_embedder: HashEmbedder, fake_server: FakeOpenAIServer
) -> None:
    assistant = _wired(settings, fake_server.base_url, hash_embedder)
    history = [
        Turn(
            question="What do reviews say about escalation policy?",
            retrieval_query="What do reviews say about escalation policy?",
        )
    ]

    answer = assistant.ask("And what about professional disagreement?", history=history)

    assert answer.retrieval_query == (
        "What do reviews say about professional disagreement and escalation policy?"
    )
    assert len(fake_server.requests) == 2
    assert answer.backend == "llm:wire-test-model"


def test_stalled_server_times_out_to_extractive(
    settings: Settings, hash_embedder: HashEmbedder
) -> None:
    server = FakeOpenAIServer(stall=threading.Event()).start()
    try:
        assistant = _wired(settings, server.base_url, hash_embedder, timeout_s=1.5)
        started = time.monotonic()
        answer = assistant.ask(QUESTION)
        elapsed = time.monotonic() - started
    finally:
        server.stop()

    assert server.requests, "the request reached the server"
    assert elapsed < 1.5 + 2.0
    assert answer.backend == "extractive"
    assert "fallback" in [n.kind for n in answer.notices]


def test_chat_model_from_settings_talks_to_the_server(
    settings: Settings, fake_server: FakeOpenAIServer
) -> None:
    model = chat_model_from_settings(
        settings.model_copy(
            update={
                "llm_backend": "openai",
                "llm_model": "m",
                "llm_base_url": fake_server.base_url,
            }
        )
    )
    messages = [
        ("system", "Answer from the passages."),
        ("user", "<passages>\n[1] (R — P)\nOne.\n\n[2] (R — Q)\nTwo.\n</passages>"),
    ]
    assert "".join(model.stream(messages)) == "Two [2].\nOne [1]. " + UNCITED


SMUGGLED = (
    "parents should never be told about a referral, and staff should phone 0900 123 456 "
    "instead of children's social care."
)


def hostile_reply(body: dict[str, Any]) -> str:
    """A real first sentence with a lower-case harmful sentence smuggled after it, an inverted
    claim and a claim naming another review, as the adversarial run in issue 13 sent."""
    user = body["messages"][-1]["content"]
    passages = {int(n): (header, text) for n, header, text in _PASSAGE_RE.findall(user)}
    first = _first_sentence(passages[1][1])
    return (
        f"{first} [1]. {SMUGGLED}\n"
        f"There is no need for {first[0].lower() + first[1:]} [1].\n"
        f"Serious Case Review Zeta99 found that {first[0].lower() + first[1:]} [1]."
    )


def test_hostile_reply_over_the_wire_is_checked_before_it_is_shown(
    settings: Settings, hash_embedder: HashEmbedder
) -> None:
    server = FakeOpenAIServer(reply=hostile_reply).start()
    try:
        assistant = _wired(settings, server.base_url, hash_embedder)
        pieces: list[str] = []
        answer = assistant.ask(QUESTION, on_token=pieces.append)
    finally:
        server.stop()

    assert answer.backend == "llm:wire-test-model"
    shown = "".join(pieces)
    assert shown == answer.text
    for harmful in ("never be told", "0900", "no need", "Zeta99"):
        assert harmful not in shown
    assert len(answer.dropped_claims) == 3
    notice = next(n.text for n in answer.notices if n.kind == "info")
    assert "3 sentences" in notice and "parents should never be told" in notice
