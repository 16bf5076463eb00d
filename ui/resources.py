"""What every page shares: the settings, the one :class:`Assistant` and feedback store per
process (``st.cache_resource``), this tab's conversation, and the first-start ingest."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from pathlib import Path

import streamlit as st

from assistant.feedback import FeedbackStore
from assistant.service import Assistant
from core.config import Settings, load_settings
from core.errors import ReviewAssistantError
from core.models import IngestReport
from ui.conversation import ConversationStore, Exchange
from ui.format import escape_line, escape_markdown

STAGE_LABELS = {
    "scan": "Reading files",
    "embed": "Embedding learning points",
    "index": "Indexing",
    "document": "Embedding a large document",
}
# The URL query parameter naming this browser tab's conversation (a random id).
CONVERSATION_PARAM = "conversation"
_SESSION_ID = re.compile(r"^[0-9a-f]{32}$")


@st.cache_resource(
    show_spinner="Opening the review library (the first start loads the "
    "language model; this can take a minute)…"
)
def _open_assistant(settings_key: str, _settings: Settings) -> Assistant:
    """One :class:`Assistant` per process and configuration."""
    return Assistant.open(_settings)


@st.cache_resource(show_spinner=False)
def _open_feedback(settings_key: str, _settings: Settings) -> FeedbackStore:
    return FeedbackStore(_settings)


@st.cache_resource(show_spinner=False)
def _conversations() -> ConversationStore:
    return ConversationStore()


def _settings_key(settings: Settings) -> str:
    return settings.model_dump_json()


def current_settings() -> Settings:
    """The settings from the environment (a bad one stops the page with its message)."""
    try:
        return load_settings()
    except Exception as exc:  # pydantic ValidationError names the bad setting
        st.error(escape_markdown(f"Invalid configuration: {exc}"))
        st.stop()
        raise


def current_assistant(settings: Settings) -> Assistant:
    """The process's assistant for ``settings`` (opened once)."""
    try:
        return _open_assistant(_settings_key(settings), settings)
    except ReviewAssistantError as exc:
        st.error(escape_markdown(str(exc)))
        st.stop()
        raise


def feedback_store(settings: Settings) -> FeedbackStore | None:
    """The feedback store, or ``None`` when feedback is switched off."""
    if not settings.feedback_enabled:
        return None
    return _open_feedback(_settings_key(settings), settings)


def current_conversation() -> list[Exchange]:
    """This tab's conversation: its id lives in the URL (``?conversation=…``, so a reload keeps
    it) and in the session (so a page switch that drops the URL's parameters keeps it too)."""
    session_id = str(st.query_params.get(CONVERSATION_PARAM) or "")
    if not _SESSION_ID.match(session_id):
        session_id = str(st.session_state.get("conversation_id") or uuid.uuid4().hex)
    if st.query_params.get(CONVERSATION_PARAM) != session_id:
        st.query_params[CONVERSATION_PARAM] = session_id
    st.session_state["conversation_id"] = session_id
    exchanges = _conversations().get(session_id)
    st.session_state["conversation"] = exchanges
    return exchanges


def run_ingest(assistant: Assistant, paths: Sequence[Path] | None, intro: str) -> IngestReport:
    """Ingest with a progress bar fed by the pipeline's ``progress(stage, done, total)``."""
    bar = st.progress(0.0, text=escape_line(intro))

    def progress(stage: str, done: int, total: int) -> None:
        fraction = min(1.0, max(0.0, done / total)) if total else 1.0
        bar.progress(fraction, text=f"{STAGE_LABELS.get(stage, stage)}: {done} of {total}")

    try:
        return assistant.ingest(list(paths) if paths else None, progress=progress)
    finally:
        bar.empty()


def ensure_corpus(assistant: Assistant) -> None:
    """On a first start (empty index) ingest the bundled corpus, with a progress bar."""
    if not assistant.is_empty():
        return
    report = run_ingest(
        assistant, None, "First start: indexing the bundled review briefs and your library…"
    )
    added = report.count("added") + report.count("updated")
    if added:
        st.toast(f"Indexed {added} review documents.")
    for failure in report.failed:
        st.error(escape_markdown(f"{failure.path.name}: {failure.reason}"))
    if assistant.is_empty():
        st.warning(
            escape_markdown(
                "No review learning is indexed yet: no usable briefs were found. "
                "Add one on the Corpus page."
            )
        )
