"""The assistant's public entry point: questions in, cited answers out.

``Assistant.open()`` loads the model and the index once; ``ask()`` runs guards ->
follow-up resolution -> hybrid retrieval -> answer (extractive, or an optional LLM validated
against its citations, falling back to extractive) and returns an :class:`Answer`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.answer import LOCAL_ADVICE, extractive_answer
from assistant.conversation import resolve_follow_up, wants_more
from assistant.currency import with_currency
from assistant.guards import clean_question, notices_for
from assistant.library import UploadResult, add_upload, default_sources, origin_of
from assistant.retrieve import HybridRetriever, Mode
from assistant.scope import Scope, short_name
from core.config import Settings, load_settings
from core.errors import LLMError
from core.models import Answer, Chunk, Filters, IngestReport, Notice, Passage, Turn
from core.protocols import ChatModel, Embedder
from ingest.index import Index, open_index
from ingest.pipeline import Progress, corpus_tree, ingest_paths, stored_source
from ingest.serve import connect_shared

if TYPE_CHECKING:
    from assistant.langchain_retriever import ReviewRetriever

log = logging.getLogger("review_assistant")

MAX_DOC_SEARCHES = 4
"""A name that is no review's label but occurs in at most this many documents: each of them
is searched; beyond it, one search :data:`WIDE_SEARCH` times as deep is kept to them."""
WIDE_SEARCH = 5
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
        index: Index | None = None,
    ) -> Assistant:
        """Open the configured index (and LLM backend, if any).

        While ``review-assistant ui`` serves this index folder (see :mod:`ingest.serve`), the
        index is opened through that server instead of the (locked) embedded store. ``index``:
        use this one instead (e.g. over an in-memory store); ``embedder`` is then ignored."""
        if index is not None:
            settings = settings or load_settings()
        else:
            settings = connect_shared(settings or load_settings())
            index = open_index(settings, embedder)
        if chat_model is None and settings.llm_backend != "none":
            from assistant.llm.backends import chat_model_from_settings

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
            report = ingest_paths(
                targets, self.index, self.settings, rebuild=rebuild, progress=progress
            )
        if any(o.status in ("added", "updated", "removed") for o in report.outcomes):
            # The library's coverage (the scope) is built for the new generation here and
            # persisted with it, so the first question after an ingest does not pay for it
            # (~40 s at 100k chunks).
            self.scope()
        return report

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

    def source_copy(self, doc_id: str) -> tuple[str, Path] | None:
        """``(file name, path)`` of the copy of ``doc_id``'s file kept at ingest (under the
        index folder), or ``None`` when the document or its copy is missing."""
        record = self.index.store.documents().get(doc_id)
        if record is None:
            return None
        path = stored_source(self.settings, record, verify=False)
        if path is None:
            return None
        return Path(str(record.get("source") or f"{doc_id}{path.suffix}")).name, path

    def source_bytes(self, doc_id: str) -> tuple[str, bytes] | None:
        """``(file name, bytes)`` of the copy of ``doc_id``'s file kept at ingest, checked
        against its content hash, or ``None``. Downloads serve only this copy: never the path
        a registry record names (which may since point somewhere else)."""
        record = self.index.store.documents().get(doc_id)
        path = stored_source(self.settings, record) if record is not None else None
        found = self.source_copy(doc_id) if path is not None else None
        if found is None or path is None:
            return None
        try:
            return found[0], path.read_bytes()
        except OSError:
            return None

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
        """Answer ``question``. Raises :class:`~core.errors.QuestionError` for empty or
        over-long input; every other problem (LLM down, ...) degrades to a notice."""
        text = clean_question(question, self.settings.max_question_chars)
        if self.settings.log_questions:
            log.info("question: %s", text)
        notices = notices_for(text)
        scope = self.scope()
        retrieval_query = self._resolve(text, history, scope)
        named: tuple[str, ...] = ()
        mentioning: tuple[str, ...] = ()
        if filters is None or filters.review is None:
            named = scope.names.named(retrieval_query)
            missing = scope.unknown_review(retrieval_query)
            if missing and not named:
                # Absent only when the name occurs nowhere in the library; a name in some
                # documents' text that is no review's label restricts the answer to them.
                mentioning = () if filters and filters.doc else scope.mentioned_in(missing)
                if not mentioning:
                    return no_such_review(text, retrieval_query, missing, scope, notices)
                notices = (*notices, mentioned_notice(missing, mentioning, self.index))
            elif missing:
                notices = (
                    *notices,
                    Notice("info", f"There is no review called {missing} in this library."),
                )
        more = bool(history and history[-1].answer is not None and wants_more(text))
        # The question is embedded once however many searches this answer makes (one per
        # named review, a wider one for "tell me more").
        vector = None
        if len(named) > 1 or more:
            self.retriever.check_model()
            vector = self.index.embedder.embed_query(retrieval_query)
        if mentioning:
            passages = self._retrieve_docs(retrieval_query, filters, mentioning, vector)
        else:
            passages = self._retrieve_named(retrieval_query, filters, named, vector=vector)
        if more and history[-1].answer is not None:
            # "tell me more": what the previous answer already cited is left out.
            cited = {c.chunk.chunk_id for c in history[-1].answer.citations}
            wider = self._retrieve_named(
                retrieval_query, filters, named, 2 * self.settings.top_k, vector
            )
            passages = _reranked([p for p in wider if p.chunk.chunk_id not in cited])
            passages = passages[: self.settings.top_k]
        if named:
            notices = (
                *notices,
                Notice(
                    "info",
                    "Your question names "
                    + ("the review " if len(named) == 1 else "these reviews: ")
                    + "; ".join(short_name(n) for n in named)
                    + ", so the answer comes from "
                    + ("it only." if len(named) == 1 else "them only."),
                ),
            )
        decision = scope.decide(retrieval_query, passages, self.settings.evidence_threshold, named)
        if self.chat_model is not None and decision.answer_type == "direct":
            answer = self._llm_answer(text, retrieval_query, passages, notices, on_token)
            if answer is not None:
                return with_currency(
                    replace(answer, evidence_score=decision.evidence, answer_type="direct"),
                    self.index.snapshot()[0],
                )
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

    def _retrieve_named(
        self,
        query: str,
        filters: Filters | None,
        named: Sequence[str],
        k: int | None = None,
        vector: Sequence[float] | None = None,
    ) -> list[Passage]:
        """Retrieval for ``query`` (embedded as ``vector``, if given), restricted to the
        ``named`` reviews when there are any (several named reviews: each searched, merged
        by score)."""
        k = k or self.settings.top_k
        if not named:
            return self.retriever.retrieve(query, k, filters, vector=vector)
        base = filters or Filters()
        each = [Filters(doc=base.doc, review=review, theme=base.theme) for review in named]
        return self._merged(query, k, each, vector)

    def _retrieve_docs(
        self,
        query: str,
        filters: Filters | None,
        docs: Sequence[str],
        vector: Sequence[float] | None = None,
    ) -> list[Passage]:
        """Retrieval for ``query`` restricted to the documents ``docs``: each searched and
        merged by score when they are few; when many documents mention the name (a large
        library quoting it), one wider search kept to them, so the cost does not grow with
        the number of documents (one search per document took ~1 s at 100k chunks)."""
        k = self.settings.top_k
        if len(docs) > 1 and vector is None:
            self.retriever.check_model()
            vector = self.index.embedder.embed_query(query)
        base = filters or Filters()
        if len(docs) > MAX_DOC_SEARCHES:
            allowed = set(docs)
            wide = self.retriever.retrieve(query, WIDE_SEARCH * k, base, vector=vector)
            kept = [p for p in wide if p.chunk.doc_id in allowed]
            if kept:
                return _reranked(kept[:k])
            docs = docs[:MAX_DOC_SEARCHES]
        each = [Filters(doc=doc, review=base.review, theme=base.theme) for doc in docs]
        return self._merged(query, k, each, vector)

    def _merged(
        self,
        query: str,
        k: int,
        each: Sequence[Filters],
        vector: Sequence[float] | None,
    ) -> list[Passage]:
        """The ``k`` best of one search per filter in ``each``, merged by score."""
        merged: list[Passage] = []
        for one in each:
            merged += self.retriever.retrieve(query, k, one, vector=vector)
        merged.sort(key=lambda p: -p.score)
        return _reranked(merged[:k])

    def scope(self) -> Scope:
        """Coverage of the current library (rebuilt after an ingest changes it)."""
        chunks = self.index.snapshot()[0]
        with self._scope_lock:
            if self._scope is None or self._scope[0] is not chunks:
                # Built once per index generation and persisted (minutes at 100k chunks).
                built = self.index.derived("scope", Scope, Scope.to_json, Scope.from_json)
                self._scope = (chunks, built)
            return self._scope[1]

    def _resolve(self, question: str, history: Sequence[Turn], scope: Scope) -> str:
        if not history:
            return question
        if self.chat_model is not None:
            from assistant.llm.answer import condense_question

            try:
                return condense_question(question, history, self.chat_model, self.settings)
            except LLMError as exc:
                log.warning(
                    "follow-up condensation failed: %s",
                    self._private(str(exc), question, *(t.question for t in history)),
                )
        previous = history[-1].retrieval_query or history[-1].question
        return resolve_follow_up(question, history, scope.names.named(previous))

    def _llm_answer(
        self,
        question: str,
        retrieval_query: str,
        passages: list[Passage],
        notices: tuple[Notice, ...],
        on_token: TokenCallback | None,
    ) -> Answer | None:
        from assistant.llm.answer import llm_answer

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


def _reranked(passages: Sequence[Passage]) -> list[Passage]:
    """``passages`` with ranks renumbered from 1 in their order."""
    return [replace(p, rank=i) for i, p in enumerate(passages, start=1)]


def mentioned_notice(name: str, docs: Sequence[str], index: Index) -> Notice:
    """The notice for a name no review is labelled with that some documents mention."""
    titles = {c.doc_id: c.doc_title or c.doc_id for c in index.snapshot()[0] if c.doc_id in docs}
    where = "; ".join(titles.get(d, d) for d in docs)
    return Notice(
        "info",
        f"No review in this library is labelled {name}, but {name} is mentioned in: {where}. "
        "The answer comes from "
        + ("that document" if len(docs) == 1 else "those documents")
        + f" only; check the passages are about {name}.",
    )


def no_such_review(
    question: str, retrieval_query: str, name: str, scope: Scope, notices: Sequence[Notice]
) -> Answer:
    """The answer to a question naming a review the library does not hold."""
    statement = f"There is no review called {name} in this library."
    listing = f"The library holds these reviews: {scope.names.listing()}. {LOCAL_ADVICE}"
    return Answer(
        question=question,
        abstained=True,
        text=statement,
        notices=(*notices, Notice("abstention", listing)),
        retrieval_query=retrieval_query,
        answer_type="none",
        statement=statement,
    )
