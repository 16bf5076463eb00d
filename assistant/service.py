"""The assistant's public entry point: questions in, cited answers out.

``Assistant.open()`` loads the model and the index once; ``ask()`` runs guards ->
follow-up resolution -> hybrid retrieval -> answer (extractive, or an optional LLM validated
against its citations, falling back to extractive) and returns an :class:`Answer`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.answer import extractive_answer
from assistant.config import Settings, load_settings
from assistant.conversation import resolve_follow_up
from assistant.currency import with_currency
from assistant.errors import LLMError
from assistant.guards import clean_question, notices_for
from assistant.library import UploadResult, add_upload, default_sources, origin_of
from assistant.models import Answer, Chunk, Filters, IngestReport, Notice, Passage, Turn
from assistant.protocols import ChatModel, Embedder
from assistant.retrieve import HybridRetriever, Mode
from assistant.scope import Scope
from ingest.index import Index, open_index
from ingest.pipeline import Progress, corpus_tree, ingest_paths
from ingest.serve import connect_shared

if TYPE_CHECKING:
    from assistant.langchain_retriever import ReviewRetriever

log = logging.getLogger("review_assistant")
TokenCallback = Callable[[str], None]


class Assistant:
    """Answers questions from the indexed review learning. Safe to share between threads."""

    def __init__(
        self, settings: Settings, index: Index, chat_model: ChatModel | None = None
    ) -> None:
        self.settings = settings
        self.index = index
        self.retriever = HybridRetriever(index, settings)
        self.chat_model = chat_model
        self._ingest_lock = threading.Lock()
        self._scope_lock = threading.Lock()
        self._scope: tuple[list[Chunk], Scope] | None = None

    @classmethod
    def open(
        cls,
        settings: Settings | None = None,
        *,
        embedder: Embedder | None = None,
        chat_model: ChatModel | None = None,
    ) -> Assistant:
        """Open the configured index (and LLM backend, if any).

        While ``review-assistant ui`` serves this index folder (see :mod:`ingest.serve`), the
        index is opened through that server instead of the (locked) embedded store."""
        settings = connect_shared(settings or load_settings())
        index = open_index(settings, embedder)
        if chat_model is None and settings.llm_backend != "none":
            from assistant.llm import chat_model_from_settings

            chat_model = chat_model_from_settings(settings)
        return cls(settings, index, chat_model)

    # -- corpus -------------------------------------------------------------------------
    def ingest(
        self,
        paths: Sequence[Path] | None = None,
        *,
        rebuild: bool = False,
        progress: Progress | None = None,
    ) -> IngestReport:
        """Ingest files/folders (default: the bundled corpus folder and the user's library)."""
        targets = list(paths) if paths else default_sources(self.settings)
        with self._ingest_lock:
            return ingest_paths(
                targets, self.index, self.settings, rebuild=rebuild, progress=progress
            )

    def add_upload(self, name: str, data: bytes, *, replace: bool | None = None) -> UploadResult:
        """Save an uploaded brief in the user's library and ingest it, failure-safe: on any
        failure the original file of that name and its index entries are unchanged (see
        :func:`assistant.library.add_upload`). A name already indexed returns
        ``status="exists"`` unless ``replace`` says what to do (``True`` replace, ``False``
        keep both under a new name)."""
        return add_upload(
            self.settings,
            self.documents(),
            lambda paths: self.ingest(paths),
            name,
            data,
            replace=replace,
        )

    def origin(self, doc_id: str) -> str:
        """Where a document came from: ``bundled``, ``library`` or ``path``."""
        return origin_of(self.documents().get(doc_id, {}), self.settings)

    def chunks(self) -> list[Chunk]:
        """Every indexed learning point, in document order."""
        return list(self.index.snapshot()[0])

    def corpus(self) -> dict[str, dict[str, dict[str, list[str]]]]:
        """documents -> reviews -> sections -> learning-point labels."""
        return corpus_tree(self.chunks())

    def documents(self) -> dict[str, dict[str, object]]:
        """The document registry: id -> title, source, content hash, counts."""
        return dict(self.index.store.documents())

    def is_empty(self) -> bool:
        return self.index.store.count() == 0

    # -- questions ----------------------------------------------------------------------
    def retrieve(
        self,
        query: str,
        k: int | None = None,
        filters: Filters | None = None,
        mode: Mode = "hybrid",
    ) -> list[Passage]:
        """Ranked passages for ``query`` (no answer, no guards)."""
        return self.retriever.retrieve(query, k, filters, mode)

    def as_langchain_retriever(
        self, k: int | None = None, filters: Filters | None = None
    ) -> ReviewRetriever:
        """This assistant's retrieval as a LangChain ``BaseRetriever``."""
        from assistant.langchain_retriever import ReviewRetriever

        return ReviewRetriever(hybrid=self.retriever, k=k or self.settings.top_k, filters=filters)

    def ask(
        self,
        question: str,
        *,
        filters: Filters | None = None,
        history: Sequence[Turn] = (),
        on_token: TokenCallback | None = None,
    ) -> Answer:
        """Answer ``question``. Raises :class:`~assistant.errors.QuestionError` for empty or
        over-long input; every other problem (LLM down, ...) degrades to a notice."""
        text = clean_question(question, self.settings.max_question_chars)
        if self.settings.log_questions:
            log.info("question: %s", text)
        notices = notices_for(text)
        retrieval_query = self._resolve(text, history)
        passages = self.retriever.retrieve(retrieval_query, self.settings.top_k, filters)
        decision = self.scope().decide(retrieval_query, passages, self.settings.evidence_threshold)
        if self.chat_model is not None and decision.in_scope:
            answer = self._llm_answer(text, retrieval_query, passages, notices, on_token)
            if answer is not None:
                return with_currency(answer, self.index.snapshot()[0])
            notices = (
                *notices,
                Notice(
                    "fallback",
                    "The language model could not give a checked answer, so this answer is "
                    "built directly from the review learning.",
                ),
            )
        answer = extractive_answer(
            text, retrieval_query, passages, self.settings, notices, filters, decision
        )
        if on_token is not None:
            for line in answer.text.splitlines(keepends=True):
                on_token(line)
        return with_currency(answer, self.index.snapshot()[0])

    def scope(self) -> Scope:
        """Coverage of the current library (rebuilt after an ingest changes it)."""
        chunks = self.index.snapshot()[0]
        with self._scope_lock:
            if self._scope is None or self._scope[0] is not chunks:
                self._scope = (chunks, Scope(chunks))
            return self._scope[1]

    def _resolve(self, question: str, history: Sequence[Turn]) -> str:
        if not history:
            return question
        if self.chat_model is not None:
            from assistant.llm import condense_question

            try:
                return condense_question(question, history, self.chat_model, self.settings)
            except LLMError as exc:
                log.warning(
                    "follow-up condensation failed: %s",
                    self._private(str(exc), question, *(t.question for t in history)),
                )
        return resolve_follow_up(question, history)

    def _llm_answer(
        self,
        question: str,
        retrieval_query: str,
        passages: list[Passage],
        notices: tuple[Notice, ...],
        on_token: TokenCallback | None,
    ) -> Answer | None:
        from assistant.llm import llm_answer

        assert self.chat_model is not None
        try:
            return llm_answer(
                question,
                retrieval_query,
                passages,
                self.settings,
                self.chat_model,
                notices,
                self.index.embedder,
                on_token,
            )
        except LLMError as exc:
            log.warning(
                "LLM answer failed, falling back to extractive: %s",
                self._private(str(exc), question, retrieval_query),
            )
            return None

    def _private(self, message: str, *questions: str) -> str:
        """``message`` with the question text taken out (unless questions may be logged): a
        model's error may quote the request, and questions can identify a child."""
        if self.settings.log_questions:
            return message
        for text in sorted({q.strip() for q in questions if q.strip()}, key=len, reverse=True):
            message = message.replace(text, "[question]")
        return message
