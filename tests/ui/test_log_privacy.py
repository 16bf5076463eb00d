"""The chat UI (AppTest) with an LLM configured logs no question text (issue 13, item 6): a
follow-up whose rewrite the model gets wrong (quoting the question) is rejected and logged
without the question."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from core.config import Settings
from tests.assistant.test_llm_wire import FakeOpenAIServer
from tests.ui.conftest import ask, start

CANARY = "and what about Jayden Smith aged 4 at 12 Acacia Road?"


def _reply(body: dict[str, Any]) -> str:
    system = body["messages"][0]["content"]
    if "standalone" in system:
        return f"NOT COVERED {CANARY}"  # a rejected rewrite that quotes the question
    return "Jayden Smith aged 4 at 12 Acacia Road is at risk [1]."  # nothing survives


def test_ui_with_an_llm_logs_no_question(
    app_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    server = FakeOpenAIServer(reply=_reply).start()
    monkeypatch.setenv("REVIEW_ASSISTANT_LLM_BACKEND", "openai")
    monkeypatch.setenv("REVIEW_ASSISTANT_LLM_MODEL", "ui-test")
    monkeypatch.setenv("REVIEW_ASSISTANT_LLM_BASE_URL", server.base_url)
    try:
        with caplog.at_level(logging.DEBUG):
            at = start()
            ask(at, "who must be involved in strategy discussions?")
            ask(at, CANARY)
    finally:
        server.stop()
    # The follow-up's rewrite went to the model (answers go to it only when direct).
    assert any("standalone" in r["messages"][0]["content"] for r in server.requests)
    assert any("condensation failed" in r.getMessage() for r in caplog.records)
    assert "Jayden" not in caplog.text and "Acacia" not in caplog.text
